//! Draft events: the author's to-do list. A draft may lack citations and a date; `check`
//! passes and counts it, `check --strict` refuses it, `list --drafts` lists only drafts, and
//! an export leaves drafts out unless asked, saying so, and marks them when it keeps them.

mod common;

use sourceline::{Input, LoadOptions, load};

const YAML: &str = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: done\n    date: \"2024\"\n    title: Done\n    citations:\n      - source: s\n        quote: cited passage\n  - id: to-source\n    draft: true\n    date: \"2023\"\n    title: Needs a quote\n  - id: to-date\n    draft: true\n    title: Needs a date and a quote\n";

fn dir() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.txt"), "a cited passage here\n").unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, YAML).unwrap();
    (dir, file)
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::sourceline()
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
    let c = load(Input::File(&file), &LoadOptions::default())
        .result
        .unwrap();
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

const MARK: &str = "DRAFT — not yet sourced";

fn export(format: &str, flags: &[&str]) -> (String, String) {
    let (_dir, file) = dir();
    let mut args = vec!["export", format, file.to_str().unwrap()];
    args.extend_from_slice(flags);
    let (code, out, err) = run(&args);
    assert_eq!(code, Some(0), "{err}");
    (out, err)
}

/// A draft is not yet sourced: a report that printed it like a sourced event (with an empty
/// "Cited:") published an unchecked claim.
#[test]
fn exports_leave_drafts_out_and_say_so() {
    for format in ["markdown", "html", "timelinejs"] {
        let (out, err) = export(format, &[]);
        assert!(out.contains("Done"), "{format}: {out}");
        assert!(!out.contains("Needs a"), "{format}: {out}");
        assert!(!out.contains("DRAFT"), "{format}: {out}");
        assert_eq!(
            err, "sourceline: 2 drafts left out; --include-drafts keeps them\n",
            "{format}"
        );
    }
}

#[test]
fn reports_keep_drafts_when_asked_marked_undated_last_and_never_an_empty_cited() {
    let (md, err) = export("markdown", &["--include-drafts"]);
    assert_eq!(err, "", "nothing is left out");
    let titles: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        titles,
        [
            "## Needs a quote",
            "## Done",
            "## Needs a date and a quote",
            "## Sources"
        ],
        "the undated draft comes last"
    );
    assert_eq!(md.matches(&format!("**{MARK}**")).count(), 2, "{md}");
    for (at, _) in md.match_indices("Cited:") {
        assert!(md[at..].starts_with("Cited:[^"), "an empty Cited: in {md}");
    }
    assert!(
        md.contains("## Needs a quote\n\n**DRAFT — not yet sourced**\n\n- **When:** 2023\n"),
        "{md}"
    );

    let (html, _) = export("html", &["--include-drafts"]);
    assert_eq!(
        html.matches(&format!("<p class=\"draft\">{MARK}</p>"))
            .count(),
        2,
        "{html}"
    );
    assert!(!html.contains("<p>Cited:</p>"), "{html}");
    let done = html.find("<h2>Done</h2>").unwrap();
    let undated = html.find("<h2>Needs a date and a quote</h2>").unwrap();
    assert!(done < undated, "the undated draft comes last");
}

#[test]
fn timelinejs_marks_a_kept_draft_and_says_why_an_undated_one_is_left_out() {
    let (json, err) = export("timelinejs", &["--include-drafts"]);
    assert_eq!(
        err,
        "sourceline: 1 undated draft left out: TimelineJS places every slide on a date; date them to show them\n"
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let slides = doc["events"].as_array().unwrap();
    assert_eq!(slides.len(), 2);
    assert_eq!(slides[0]["unique_id"], "to-source");
    let text = slides[0]["text"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("<p><strong>{MARK}</strong></p>")),
        "{text}"
    );
    let done = slides[1]["text"]["text"].as_str().unwrap();
    assert!(!done.contains("DRAFT"), "{done}");
}

/// `--drafts` keeps its meaning from `list`: only the drafts, here marked too.
#[test]
fn export_drafts_exports_only_drafts() {
    let (md, err) = export("markdown", &["--drafts"]);
    assert_eq!(
        err,
        "sourceline: 1 finished event left out: --drafts exports only drafts\n"
    );
    assert!(!md.contains("## Done"), "{md}");
    assert_eq!(md.matches(MARK).count(), 2, "{md}");
}
