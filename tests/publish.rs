//! The `import` and `export` commands through the binary: where output goes, what may be
//! replaced, filters as in `list`, and errors with their exit codes; and what periods and links
//! become in each export.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

mod common;

use std::path::Path;

use serde_json::Value;
use sourceline::export::GroupBy;
use sourceline::{Input, LoadOptions, MemorySources, export, load};

/// What a command given no FILE says first, outside any project (the temporary folders here).
const DEMO: &str = "sourceline: no project here: using the embedded demo chronology (`sourceline init DIR` makes your own)\n";

fn run(args: &[&str], cwd: &Path) -> (Option<i32>, String, String) {
    let out = common::sourceline()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn knight_lab(name: &str) -> String {
    format!(
        "{}/tests/browser/knightlab/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn import_prints_the_chronology_and_accounts_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&["import", &knight_lab("houston.json")], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("# Imported by sourceline from "), "{out}");
    assert!(out.contains("\ntitle: \"Whitney Houston 1963 - 2012\"\nsources: []\nactors: []\n"));
    assert!(
        err.contains("houston.json: TimelineJS 3 JSON → 18 draft events and 0 periods\n"),
        "{err}"
    );
    assert!(err.contains("  events[].media.url         18  "), "{err}");
    assert!(err.contains("next: add the documents"), "{err}");
    // What went to stdout is a chronology `check` accepts.
    std::fs::write(dir.path().join("h.yaml"), &out).unwrap();
    let (code, out, err) = run(&["check", "h.yaml"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "h.yaml: ok — 18 events, 18 drafts, 0 actors, 0 sources, 0 citations\n"
    );
}

/// The account names every key of the file, and a hostile file's keys are made of escape
/// sequences (OSC 52 writes the clipboard), bidi overrides and line breaks: none reaches the
/// terminal raw. (A sheet's unknown columns are named by number, never by heading.)
#[test]
fn import_prints_hostile_key_names_safely() {
    let dir = tempfile::tempdir().unwrap();
    let key = "x\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J\u{202E}gnp.exe\nfake: row\r";
    let doc = serde_json::json!({
        key: 1,
        "events": [{"start_date": {"year": 2024}, "text": {"headline": "A"}, key: "v"}],
    });
    std::fs::write(dir.path().join("t.json"), doc.to_string()).unwrap();
    let (code, _, err) = run(&["import", "t.json"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let raw: Vec<char> = err
        .chars()
        .filter(|&c| sourceline::is_unsafe(c) && c != '\n')
        .collect();
    assert!(raw.is_empty(), "{raw:?} in {err:?}");
    assert!(!err.contains("\nfake: row"), "{err}");
    for shown in [
        "  x␛]52;c;SGVsbG8=␇␛[2J\u{FFFD}gnp.exe fake: row ",
        "  events[].x␛]52",
    ] {
        assert!(err.contains(shown), "{shown} in {err}");
    }
}

#[test]
fn import_writes_a_new_file_and_replaces_one_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let csv = knight_lab("my-own-timeline.csv");
    let (code, out, err) = run(&["import", &csv, "-o", "women.yaml"], dir.path());
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    assert!(
        err.contains("→ 10 draft events and 0 periods, written to women.yaml\n"),
        "{err}"
    );
    let written = std::fs::read_to_string(dir.path().join("women.yaml")).unwrap();
    std::fs::write(dir.path().join("women.yaml"), "edited by hand\n").unwrap();
    let (code, _, err) = run(&["import", &csv, "-o", "women.yaml"], dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "sourceline: women.yaml already exists; nothing was written (pass --force to replace it)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("women.yaml")).unwrap(),
        "edited by hand\n"
    );
    let (code, _, err) = run(&["import", &csv, "-o", "women.yaml", "--force"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("women.yaml")).unwrap(),
        written
    );
    // Never the file it reads, even forced.
    std::fs::copy(&csv, dir.path().join("t.csv")).unwrap();
    let (code, _, err) = run(&["import", "t.csv", "-o", "t.csv", "--force"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        err.contains("t.csv: is the file the output is made from"),
        "{err}"
    );
}

#[test]
fn import_errors_name_the_file_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.json"),
        r#"{"timeline": {"headline": "x", "date": [{"startDate": "2012"}]}}"#,
    )
    .unwrap();
    let (code, out, err) = run(&["import", "old.json"], dir.path());
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(
        err.starts_with(
            "sourceline: old.json: is a TimelineJS 2 file (its slides are in `timeline.date[]`)"
        ),
        "{err}"
    );
    let (code, _, err) = run(&["import", "missing.json"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("sourceline: missing.json: cannot open: "),
        "{err}"
    );
    let (code, _, err) = run(&["import", "."], dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("is a folder"), "{err}");
    // No extension: the first character decides (here, JSON).
    std::fs::write(dir.path().join("noext"), "  {\"events\": []}").unwrap();
    let (code, _, err) = run(&["import", "noext"], dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("has no slides to import"), "{err}");
}

#[test]
fn export_timelinejs_writes_json_with_list_filters() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&["export", "timelinejs"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["events"].as_array().unwrap().len(), 12);
    assert_eq!(doc["eras"].as_array().unwrap().len(), 2);
    assert!(doc["events"][0].get("group").is_none());
    let (_, out, _) = run(&["export", "timelinejs", "--group-by", "tag"], dir.path());
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["events"][0]["group"], "history");
    let (_, out, _) = run(&["export", "timelinejs", "--actor", "hamas"], dir.path());
    let doc: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["unique_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["hamas-assault"]);
    // Only the period that holds the exported event becomes an era.
    let eras: Vec<&str> = doc["eras"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"]["headline"].as_str().unwrap())
        .collect();
    assert_eq!(eras, ["Attacks by Iran-backed groups on Western interests"]);
    let (_, out, _) = run(&["export", "timelinejs", "--grep", "kerman"], dir.path());
    let doc: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["unique_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["us-warning", "kerman-bombings"],
        "as `list --grep kerman`"
    );
    let (code, out, err) = run(&["export", "timelinejs", "--actor", "isis"], dir.path());
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(
        err.strip_prefix(DEMO)
            .is_some_and(|e| e.starts_with("sourceline: unknown actor id \"isis\"; valid ids: ")),
        "{err}"
    );
    let (code, _, err) = run(
        &["export", "timelinejs", "--group-by", "actors"],
        dir.path(),
    );
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn export_reports_write_to_a_file_but_never_over_their_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(&["export", "markdown", "-o", "report.md"], dir.path());
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    assert_eq!(
        err,
        format!("{DEMO}sourceline: wrote report.md (12 of 12 events)\n")
    );
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.starts_with("# US–Iran: the duty to warn\n"), "{md}");
    // Replaced on the next run: an export is a generated file.
    let (code, _, err) = run(
        &["export", "html", "--tag", "attack", "-o", "report.md"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        err,
        format!(
            "{DEMO}sourceline: 9 events left out: not matching --tag\nsourceline: wrote report.md (3 of 12 events)\n"
        )
    );
    let html = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");

    // A chronology and its source on disk: neither may be the output.
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("data/c.yaml"), sourceline::embedded::YAML).unwrap();
    let (path, text) = sourceline::embedded::SOURCES[0];
    std::fs::write(dir.path().join("data").join(path), text).unwrap();
    let before = std::fs::read(dir.path().join("data/c.yaml")).unwrap();
    for target in [
        "data/c.yaml",
        "seeds/reuters-us-warned-iran-2024-01.txt",
        "data/../data/c.yaml",
    ] {
        let (code, _, err) = run(&["export", "html", "data/c.yaml", "-o", target], dir.path());
        assert_eq!(code, Some(1), "{target}");
        assert!(err.contains("is the file the output is made from"), "{err}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("data/c.yaml")).unwrap(),
        before
    );
    let (code, _, err) = run(&["export", "html", "data/c.yaml", "-o", "data"], dir.path());
    assert_eq!(code, Some(1));
    assert!(err.contains("data: is a folder"), "{err}");
    // A chronology with problems: every problem, exit 1, nothing written.
    std::fs::write(dir.path().join("bad.yaml"), "title: t\nevents: []\n").unwrap();
    let (code, _, err) = run(
        &["export", "markdown", "bad.yaml", "-o", "bad.md"],
        dir.path(),
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("the chronology has no events"), "{err}");
    assert!(!dir.path().join("bad.md").exists());
}

#[test]
fn periods_and_links_reach_every_export() {
    let yaml = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nperiods:\n  - id: open\n    title: \"Open <one>\"\n    date: \"2023-10-07/..\"\n    note: \"Says why & how\"\n  - id: empty\n    title: Nothing in it\n    date: \"1900/1910\"\nevents:\n  - id: a\n    date: \"2023-11\"\n    title: A\n    links:\n      - url: https://example.org/a?x=1&y=2\n        caption: \"A <caption>\"\n        credit: \"Credit & co\"\n      - url: https://example.org/second\n    citations:\n      - source: s\n        quote: passage\n  - id: b\n    date: \"2024-02-03/2024-03\"\n    title: B\n    citations:\n      - source: s\n        quote: passage\n";
    let c = load(
        Input::text("p.yaml", yaml, &MemorySources(&[("s.txt", "a passage")])),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let doc = export::timelinejs(&c, &[0, 1], GroupBy::None);
    let eras = doc["eras"].as_array().unwrap();
    assert_eq!(
        eras.len(),
        1,
        "a period holding no exported event is no era"
    );
    // The open end is bounded by the last event inside, and the headline says it is open.
    assert_eq!(
        eras[0]["start_date"],
        serde_json::json!({"year": 2023, "month": 10, "day": 7})
    );
    assert_eq!(
        eras[0]["end_date"],
        serde_json::json!({"year": 2024, "month": 3})
    );
    assert_eq!(
        eras[0]["text"]["headline"],
        "Open &lt;one&gt; (from 7 Oct 2023)"
    );
    assert_eq!(eras[0]["text"]["text"], "Says why &amp; how");
    let media = &doc["events"][0]["media"];
    assert_eq!(media["url"], "https://example.org/a?x=1&y=2");
    assert_eq!(media["caption"], "A &lt;caption&gt;");
    assert_eq!(media["credit"], "Credit &amp; co");
    let text = doc["events"][0]["text"]["text"].as_str().unwrap();
    assert!(
        text.ends_with(
            "<p>See also: <a href=\"https://example.org/second\">https://example.org/second</a></p>"
        ),
        "{text}"
    );
    assert!(doc["events"][1].get("media").is_none());
    let md = export::markdown(&c, &[0, 1]);
    assert!(
        md.contains("- **Period:** Open \\<one> (from 7 Oct 2023)"),
        "{md}"
    );
    let html = export::html(&c, &[0]);
    assert!(
        html.contains("<dt>Period</dt><dd>Open &lt;one&gt; (from 7 Oct 2023)</dd>"),
        "{html}"
    );
}

/// A chronology of `periods` nested periods (each a day shorter at both ends than the one
/// before) and `events` events inside all of them.
fn nested(periods: usize, events: usize) -> String {
    use std::fmt::Write as _;
    let mut yaml = String::from(
        "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nperiods:\n",
    );
    let day = |n: usize| {
        (chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(n as u64))
            .format("%Y-%m-%d")
            .to_string()
    };
    for p in 0..periods {
        let _ = write!(
            yaml,
            "  - id: p{p}\n    title: Period {p}\n    date: \"{}/{}\"\n",
            day(p),
            day(4 * periods - p)
        );
    }
    yaml.push_str("events:\n");
    for e in 0..events {
        let _ = write!(
            yaml,
            "  - id: e{e}\n    date: \"{}\"\n    title: Event {e}\n    citations:\n      - source: s\n        quote: passage\n",
            day(periods + e % periods)
        );
    }
    yaml
}

/// Every event of this chronology lies in 2,000 nested periods: a report that named all of
/// them for each event was 2,000 × 2,000 period names (hundreds of megabytes; a 2 MB file made
/// gigabytes). Each event names its three innermost and counts the rest.
#[test]
fn reports_name_a_bounded_number_of_periods_per_event() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.txt"), "a passage").unwrap();
    std::fs::write(dir.path().join("c.yaml"), nested(2000, 2000)).unwrap();
    for format in ["markdown", "html"] {
        let out = format!("r.{format}");
        let (code, _, err) = run(&["export", format, "c.yaml", "-o", &out], dir.path());
        assert_eq!(code, Some(0), "{err}");
        let whole = std::fs::read_to_string(dir.path().join(&out)).unwrap();
        assert!(whole.len() < 3_000_000, "{format}: {} bytes", whole.len());
        // The events, before the list of periods (each named once there, with its note).
        let (report, periods) = whole.split_once("Periods").unwrap();
        assert_eq!(periods.matches("Period 0").count(), 1, "{format}");
        // The first event (day 2000) lies in every period; the innermost three are the last.
        let names = report.matches("Period 1997 ").count();
        assert_eq!(names, 2000, "{format}: each event names the innermost");
        assert_eq!(report.matches("Period 0 ").count(), 0, "{format}");
        assert_eq!(report.matches("1997 more").count(), 2000, "{format}");
    }
}

const ADDRESSED: &str = "title: t\nsources:\n  - id: s\n    title: \"S <b>\"\n    authors: [Ann One, Bo Two, Cy Three]\n    publisher: P\n    date: \"2024-01\"\n    url: https://example.org/a?x=1&y=(2)\n    archived: https://web.archive.org/web/2024/https://example.org/a\n    accessed: \"2024-01-05\"\n    path: s.txt\nactors: []\nperiods:\n  - id: p\n    title: Per\n    date: \"2023/2024\"\n    note: \"Why: the article's dates\"\nevents:\n  - id: a\n    date: \"2024-01\"\n    title: A\n    citations:\n      - source: s\n        quote: passage\n";

/// A source's address, archived copy and access date are accepted as links are (absolute
/// http(s), nothing that could end an attribute) and reach every export with its authors; the
/// reports list the sources and the periods, with their notes, in sections of their own.
#[test]
fn source_addresses_and_period_notes_reach_every_export() {
    let sources = MemorySources(&[("s.txt", "a passage")]);
    let c = load(
        Input::text("s.yaml", ADDRESSED, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let s = &c.sources[0];
    assert_eq!(s.url.as_deref(), Some("https://example.org/a?x=1&y=(2)"));
    assert_eq!(s.accessed.unwrap().to_string(), "5 Jan 2024");
    let md = export::markdown(&c, &[0]);
    assert!(
        md.ends_with(
            "\n## Periods\n\n- **Per** (2023 – 2024): Why: the article's dates\n\n## Sources\n\n- *[S \\<b>](<https://example.org/a?x=1&y=(2)>)*, by Ann One, Bo Two and Cy Three, P, Jan 2024. [Archived copy](<https://web.archive.org/web/2024/https://example.org/a>), accessed 5 Jan 2024.\n"
        ),
        "{md}"
    );
    let html = export::html(&c, &[0]);
    assert!(
        html.contains(
            "<li><cite><a rel=\"noreferrer\" href=\"https://example.org/a?x=1&amp;y=(2)\">S &lt;b&gt;</a></cite>, by Ann One, Bo Two and Cy Three, P, Jan 2024. <a rel=\"noreferrer\" href=\"https://web.archive.org/web/2024/https&#58;//example.org/a\">Archived copy</a>, accessed 5 Jan 2024.</li>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<dt>Per (2023 – 2024)</dt><dd>Why&#58; the article&#39;s dates</dd>"),
        "{html}"
    );
    let doc = export::timelinejs(&c, &[0], GroupBy::None);
    let title = doc["title"]["text"]["text"].as_str().unwrap();
    assert!(
        title.contains(
            "<li><a href=\"https://example.org/a?x=1&amp;y=(2)\">S &lt;b&gt;</a>, by Ann One, Bo Two and Cy Three, P, Jan 2024 (<a href=\"https://web.archive.org/web/2024/https://example.org/a\">archived copy</a>)</li>"
        ),
        "{title}"
    );
}

#[test]
fn source_addresses_are_refused_as_link_addresses_are() {
    for (field, value, said) in [
        (
            "url",
            "javascript:alert(1)",
            "source url \"javascript:alert(1)\" is not a web address",
        ),
        (
            "url",
            "https://docs.google.com/d/x/edit?usp=sharing&'onload='alert(1)",
            "is not a web address",
        ),
        (
            "archived",
            "//web.archive.org/x",
            "archived copy \"//web.archive.org/x\" is not a web address",
        ),
        ("accessed", "2024-13-01", "field `accessed`: bad date"),
    ] {
        // The source's line for `field`, replaced by one with `value`.
        let yaml: String = ADDRESSED
            .lines()
            .map(|l| {
                if l.starts_with(&format!("    {field}: ")) {
                    format!("    {field}: \"{value}\"\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let err = load(
            Input::text("s.yaml", &yaml, &MemorySources(&[("s.txt", "a passage")])),
            &LoadOptions::default(),
        )
        .result
        .unwrap_err()
        .to_string();
        assert!(err.contains(said), "{field}: {err}");
        assert!(err.contains(&format!("field `{field}`")), "{field}: {err}");
    }
}
