//! What `check` costs when a file has many problems, or very long lines: each problem's message
//! costs what it shows, not the length of its line, and problems alike are counted past the
//! first few. Sizes are chosen so that the old costs (the whole line measured and drawn for each
//! problem) would take minutes or gigabytes; the assertions are on what is printed.

mod common;

use std::path::Path;
use std::process::Output;

fn check(dir: &Path, args: &[&str], yaml: &str) -> Output {
    std::fs::write(dir.join("s.txt"), "the talks ended\n").unwrap();
    std::fs::write(dir.join("c.yaml"), yaml).unwrap();
    common::sourceline()
        .arg("check")
        .args(args)
        .arg("c.yaml")
        .current_dir(dir)
        .output()
        .unwrap()
}

/// An event whose `related:` names the unknown event `all` `n` times, on one line.
fn related_all(n: usize) -> String {
    format!(
        "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    related: [{}]\n    citations:\n      - source: s\n        quote: the talks\n",
        vec!["all"; n].join(", ")
    )
}

#[test]
fn eighty_thousand_problems_on_one_line_are_shown_ten_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A 400 KB line: measured and drawn whole for each problem, this took minutes.
    let out = check(dir.path(), &[], &related_all(80_000));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.matches("field `related`: unknown event \"all\"")
            .count(),
        10,
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(
        err.contains(
            "… and 79,990 more like this (`--format json` lists every one)\n80000 problems found\n"
        ),
        "{}",
        &err[err.len().saturating_sub(3000)..]
    );
    // Each snippet is a window of the line, not the line.
    assert!(err.len() < 10_000, "{} bytes", err.len());
    assert!(
        err.contains("c.yaml:11:60: event \"e\""),
        "the tenth is shown"
    );
    assert!(!err.contains("c.yaml:11:65: "), "the eleventh is counted");
}

#[test]
fn json_lists_every_problem_on_a_long_line_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(dir.path(), &["--format", "json"], &related_all(20_000));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20_000);
    // `    related: [` is 14 characters; each `all, ` five more.
    for (i, value) in lines.iter().enumerate() {
        let column = 15 + 5 * i;
        assert_eq!(value["line"], 11);
        assert_eq!(value["column"], column);
        assert_eq!(value["end"]["column"], column + 3, "problem {i}");
    }
}

#[test]
fn a_20_mb_title_is_shown_as_a_window_of_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "title: \"{}\"\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: the talks\n",
        "a".repeat(20 * 1024 * 1024)
    );
    std::fs::write(dir.path().join("s.txt"), "the talks ended\n").unwrap();
    std::fs::write(dir.path().join("c.yaml"), yaml).unwrap();
    // Under 384 MiB of address space: the whole line handed to the renderer took about 18
    // times its size, and this aborted (a 50 MB title did under 1 GiB). Whole, it still passes
    // under 256 MiB.
    #[cfg(unix)]
    let cache = common::TestCache::new();
    #[cfg(unix)]
    let out = std::process::Command::new("sh")
        .envs(cache.vars())
        .arg("-c")
        .arg(format!(
            "ulimit -v 393216 && exec '{}' check c.yaml",
            common::SOURCELINE
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    #[cfg(not(unix))]
    let out = check(
        dir.path(),
        &[],
        &std::fs::read_to_string(dir.path().join("c.yaml")).unwrap(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "c.yaml:1:8: field `title`: `title` is 20971520 bytes long, over the limit of 1048576 bytes\n"
        ),
        "{err}"
    );
    assert!(err.contains(" | ...e: \"aaaa"), "{err}");
    assert!(err.len() < 2_000, "{} bytes", err.len());
}

#[test]
fn snippets_of_a_source_that_is_one_long_line_are_windows_of_it() {
    let dir = tempfile::tempdir().unwrap();
    // A source of one 4 MB line holding the quote twice: each snippet held the whole line.
    let filler = "word ".repeat(400_000);
    let source = format!("{filler}the envoy left early. {filler}the envoy left early. {filler}");
    std::fs::write(dir.path().join("s.txt"), &source).unwrap();
    let yaml = "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: the envoy left early\n";
    std::fs::write(dir.path().join("c.yaml"), yaml).unwrap();
    let run = |args: &[&str]| {
        common::sourceline()
            .arg("check")
            .args(args)
            .arg("c.yaml")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("quote found 2 times in source \"s\""), "{err}");
    assert!(err.contains("1 of 2") && err.contains("2 of 2"), "{err}");
    assert!(err.len() < 3_000, "{} bytes", err.len());
    // Each header says where its snippet is in the file, not in the window drawn.
    let (first, second) = (
        source.find("the envoy").unwrap(),
        source.rfind("the envoy").unwrap(),
    );
    assert!(
        err.contains(&format!("::: s.txt:1:{}\n", first + 1))
            && err.contains(&format!("::: s.txt:1:{}\n", second + 1)),
        "{err}"
    );
    let out = run(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let second = &json["related"][1];
    assert_eq!(second["line"], 1);
    let at = source.rfind("the envoy").unwrap();
    assert_eq!(
        second["column"],
        at + 1,
        "columns count what was cut before the window"
    );
    assert_eq!(
        second["end"]["column"],
        at + 1 + "the envoy left early".len()
    );
    assert_eq!(second["text"], "the envoy left early");
    // What a problem carries of its source is a window of the line, not the 4 MB line.
    let file = dir.path().join("c.yaml");
    let problems = sourceline::load(
        sourceline::Input::File(&file),
        &sourceline::LoadOptions::default(),
    )
    .result
    .unwrap_err();
    for related in &problems.0[0].related {
        assert!(
            related.excerpt.len() < 1_000,
            "{} bytes",
            related.excerpt.len()
        );
    }
}
