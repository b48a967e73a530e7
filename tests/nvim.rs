//! A real editor: Neovim, headless, attaches `sourceline lsp` to a chronology with a drifted
//! quote, reads the diagnostic, applies the quick fix and saves; the file then checks clean.
//!
//! `.ci/nvim-deps` installs Neovim (Debian's `neovim`). Without it the test prints why and
//! passes, except under CI (`CI` set), where a missing editor is a failure.

mod common;

use std::path::PathBuf;
use std::process::Command;

const ARTICLE: &str = include_str!("drifted/article.txt");

fn nvim() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("nvim"))
        .find(|p| p.is_file())
}

#[test]
fn neovim_shows_the_drift_applies_the_fix_and_the_file_checks_clean() {
    let Some(nvim) = nvim() else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(!ci, "nvim is missing under CI: run .ci/nvim-deps");
        eprintln!("skipped: nvim is missing (run .ci/nvim-deps to install it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let file = dir.path().join("c.yaml");
    let drifted = "title: T\nsources:\n  - id: reuters\n    title: US warned Iran\n    path: article.txt\nactors:\n  - id: us\n    name: United States\nevents:\n  - id: warning\n    date: \"2024-01\"\n    title: The US warned Iran\n    actors: [us]\n    citations:\n      - source: reuters\n        quote: \"The U.S. goverment recently issued a private warning to Iran\"\n";
    std::fs::write(&file, drifted).unwrap();
    let out = dir.path().join("nvim.out");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/drift.lua");
    let status = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {script}"))
        .env("SOURCELINE_NVIM_OUT", &out)
        .env("SOURCELINE_FILE", &file)
        .env("SOURCELINE_BIN", common::SOURCELINE)
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        // Neovim's log and the language server's caches: the server runs with Neovim's
        // environment.
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let report = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        report.starts_with("ok\n"),
        "{report}\nnvim: {}\n{}",
        status.status,
        String::from_utf8_lossy(&status.stderr)
    );
    // The diagnostic was on the quote (line 16, from its opening quote to its closing one).
    assert!(
        report.contains("diagnostic 15:15-15:77 event \"warning\", field `citations.quote`: quote not found in source \"reuters\""),
        "{report}"
    );
    assert!(
        report.contains("action Replace the quote with the passage in the source"),
        "{report}"
    );
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(saved, drifted.replace("goverment", "government"));
    let check = common::sourceline()
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}
