//! Draft events: the author's to-do list. A draft may lack citations and a date; `check`
//! passes and counts it, `check --strict` refuses it, `list --drafts` lists only drafts.

use std::process::Command;

const YAML: &str = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: done\n    date: \"2024\"\n    title: Done\n    citations:\n      - source: s\n        quote: cited passage\n  - id: to-source\n    draft: true\n    date: \"2023\"\n    title: Needs a quote\n  - id: to-date\n    draft: true\n    title: Needs a date and a quote\n";

fn dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.txt"), "a cited passage here\n").unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, YAML).unwrap();
    (dir, file)
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn drafts_load_and_are_counted() {
    let (_dir, file) = dir();
    let c = sourceline::load::load_file(&file).unwrap();
    let drafts: Vec<&str> = c
        .events
        .iter()
        .filter(|e| e.draft)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(
        drafts,
        ["to-date", "to-source"],
        "the undated draft sorts first"
    );
    assert_eq!(c.events[0].date.to_string(), "undated");
    let (code, out, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ok — 3 events, 2 drafts,"), "{out}");
}

#[test]
fn strict_refuses_drafts_and_names_each_at_its_line() {
    let (_dir, file) = dir();
    let (code, _, err) = run(&["check", "--strict", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("c.yaml:14:1: event \"to-source\": is a draft"),
        "{err}"
    );
    assert!(
        err.contains("c.yaml:18:1: event \"to-date\": is a draft"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
    // Without drafts, --strict passes.
    let (code, _, err) = run(&["check", "--strict"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn list_drafts_lists_only_drafts() {
    let (_dir, file) = dir();
    let (code, out, _) = run(&["list", "--drafts", file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("Needs a quote") && out.contains("Needs a date"),
        "{out}"
    );
}

#[test]
fn an_event_that_is_not_a_draft_still_needs_citations_and_a_date() {
    let (_dir, file) = dir();
    std::fs::write(&file, YAML.replace("    draft: true\n", "")).unwrap();
    let (code, _, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("event \"to-source\", field `citations`: the event has no citations"),
        "{err}"
    );
    assert!(err.contains("mark the event `draft: true`"), "{err}");
    assert!(err.contains("event \"to-date\", field `date`"), "{err}");
}
