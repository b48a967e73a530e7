//! Hostile input: YAML bombs, odd encodings and paths, escape-sequence injection. Each must be
//! refused (or shown) with a clear message, never a panic, a hang or a raw control byte.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use sourceline::model::Chronology;
use sourceline::{Input, LoadOptions, MemorySources, Problems, load};

fn load_yaml(yaml: &str) -> Result<Chronology, Problems> {
    let sources = MemorySources(&[("s.txt", "a cited passage here")]);
    load(
        Input::text("t.yaml", yaml, &sources),
        &LoadOptions::default(),
    )
    .result
}

fn messages(result: Result<Chronology, Problems>) -> String {
    result.expect_err("must be refused").to_string()
}

const VALID: &str = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: cited passage\n";

#[test]
fn the_valid_base_loads() {
    load_yaml(VALID).unwrap();
}

#[test]
fn an_alias_bomb_is_refused_by_the_budget() {
    // One anchored event with 1,000 tags, aliased 100,000 times: a 705 KB file.
    let tags: Vec<String> = (0..1000).map(|i| format!("t{i}")).collect();
    let mut yaml = format!(
        "title: bomb\nsources: []\nactors: []\nevents:\n  - &e {{id: e, date: '2024', title: t, tags: [{}], citations: []}}\n",
        tags.join(", ")
    );
    for _ in 0..100_000 {
        yaml.push_str("  - *e\n");
    }
    assert!(yaml.len() > 700_000);
    let text = messages(load_yaml(&yaml));
    assert!(
        text.contains("refused:") && text.contains("aliases"),
        "{text}"
    );
}

#[test]
fn billion_laughs_is_refused() {
    let mut yaml = String::from(
        "title: t\nsources: []\nactors: []\nevents:\n  - id: e\n    date: '2024'\n    title: t\n    tags: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n    related: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
    );
    let mut previous = 'b';
    for name in 'c'..='j' {
        let _ = writeln!(
            yaml,
            "  - {{id: {name}, date: '2024', title: t, tags: &{name} [{}]}}",
            vec![format!("*{previous}"); 10].join(", ")
        );
        previous = name;
    }
    assert!(load_yaml(&yaml).is_err());
}

#[test]
fn deeply_nested_brackets_are_refused() {
    let yaml = format!("title: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    assert!(yaml.len() >= 400_000);
    let text = messages(load_yaml(&yaml));
    assert!(text.contains("t.yaml:1:"), "{text}");
}

#[test]
fn a_50_mb_scalar_is_refused_by_the_field_limit() {
    let yaml = format!(
        "title: \"{}\"\n{}",
        "a".repeat(50 * 1024 * 1024),
        &VALID[9..]
    );
    let text = messages(load_yaml(&yaml));
    assert!(
        text.contains("over the limit of 1048576 bytes"),
        "{}",
        &text[..200.min(text.len())]
    );
}

#[test]
fn several_documents_are_refused() {
    let text = messages(load_yaml(&format!("{VALID}---\n{VALID}")));
    assert!(text.contains("t.yaml:"), "{text}");
}

#[test]
fn a_byte_order_mark_crlf_and_tabs_inside_values_are_fine() {
    let crlf = format!("\u{FEFF}{}", VALID.replace('\n', "\r\n"));
    let c = load_yaml(&crlf).unwrap();
    assert_eq!(c.events[0].title, "E");
    let tabbed = VALID.replace("title: E", "title: \"E\\twith a tab\"");
    assert_eq!(load_yaml(&tabbed).unwrap().events[0].title, "E\twith a tab");
}

#[test]
fn tabs_used_for_indentation_say_where() {
    let text = messages(load_yaml(&VALID.replace("  - id: e", "\t- id: e")));
    assert!(text.contains("t.yaml:8:") && text.contains("tab"), "{text}");
}

#[test]
fn empty_and_comment_only_files_say_so() {
    assert!(messages(load_yaml("")).contains("the file is empty"));
    assert!(messages(load_yaml("  \n\n")).contains("the file is empty"));
    assert!(messages(load_yaml("# nothing here\n")).contains("only comments"));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn disk_problems_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let text = load(Input::File(&missing), &LoadOptions::default())
        .result
        .unwrap_err()
        .to_string();
    assert!(text.contains("nope.yaml: does not exist"), "{text}");
    let text = load(Input::File(dir.path()), &LoadOptions::default())
        .result
        .unwrap_err()
        .to_string();
    assert!(text.contains("is a directory"), "{text}");
    let latin = write(dir.path(), "latin1.yaml", b"title: caf\xe9\n");
    let text = load(Input::File(&latin), &LoadOptions::default())
        .result
        .unwrap_err()
        .to_string();
    assert!(text.contains("is not UTF-8"), "{text}");
}

#[test]
fn source_problems_are_reported_once_per_source() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "latin1.txt", b"caf\xe9 passage\n");
    for (path, expected) in [
        ("latin1.txt", "is not UTF-8"),
        ("missing.txt", "does not exist"),
        ("/etc/hostname", "is an absolute path"),
        (
            "../../../../../../../../etc/hostname",
            "leads outside the chronology's folder",
        ),
    ] {
        let yaml = VALID.replace("path: s.txt", &format!("path: \"{path}\""));
        let file = write(dir.path(), "c.yaml", yaml.as_bytes());
        let problems = load(Input::File(&file), &LoadOptions::default())
            .result
            .unwrap_err();
        assert_eq!(problems.0.len(), 1, "{problems}");
        let text = problems.to_string();
        assert!(text.contains(expected), "{path}: {text}");
        assert!(
            text.contains("c.yaml:5:11: source \"s\", field `path`"),
            "{text}"
        );
    }
}

/// A chronology whose every text field carries terminal escape sequences and bidi overrides.
const INJECTION: &str = "title: \"evil\\e]0;pwned\\a\"\nsources:\n  - id: s\n    title: \"src\\e[2J\"\n    publisher: \"\\u202Epub\"\n    path: s.txt\nactors:\n  - id: a\n    name: \"act\\e]52;c;SGVsbG8=\\a\"\n    kind: \"\\x9bkind\"\nevents:\n  - id: e\n    date: \"2024\"\n    title: \"title\\e]52;c;SGVsbG8=\\a\\e[2J\\u202E\"\n    actors: [a]\n    summary: \"sum\\e[31mred\\x7f\"\n    tags: [\"t\\e[1m\"]\n    citations:\n      - source: s\n        quote: \"cited\"\n        note: \"note\\e]8;;http://x\\e\\\\\"\n";
const INJECTED_SOURCE: &str = "a cited\x1b[2J passage\x1b]52;c;SGVsbG8=\x07 \u{202E}here\u{9b}\n";

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| sourceline::is_unsafe(c) && c != '\n')
        .collect()
}

#[test]
fn escape_sequences_never_reach_the_rendered_screen() {
    let sources = MemorySources(&[("s.txt", INJECTED_SOURCE)]);
    let chronology = load(
        Input::text("t.yaml", INJECTION, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    assert!(
        chronology.events[0].title.contains('\u{1b}'),
        "the data does carry escapes"
    );
    let mut app = sourceline::App::new(
        chronology,
        sourceline::Filter::default(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    for keys in ["", "Enter", "?", "Esc a", "Esc /"] {
        common::press(&mut app, keys);
        let buffer = common::buffer(&app, 120, 40);
        let screen = common::text(&buffer).join("\n");
        assert_eq!(
            raw_controls(&screen),
            Vec::<char>::new(),
            "after {keys:?}:\n{screen}"
        );
        assert!(
            screen.contains('␛'),
            "escapes show as a visible placeholder"
        );
    }
}

#[test]
fn list_and_json_output_carry_no_raw_control_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", INJECTED_SOURCE.as_bytes());
    let file = write(dir.path(), "evil.yaml", INJECTION.as_bytes());
    let out = common::sourceline()
        .arg("list")
        .arg(&file)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(raw_controls(&text), Vec::<char>::new(), "{text}");
    assert!(text.contains("title␛]52;c;SGVsbG8=␇␛[2J"));
    let out = common::sourceline()
        .args(["list", "--json"])
        .arg(&file)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert_eq!(raw_controls(&json), Vec::<char>::new());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value[0]["title"].as_str().unwrap(),
        "title\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J\u{202E}",
        "JSON keeps the data exact, escaped"
    );
    // Problems name files and values through the same filter.
    let bad = write(dir.path(), "bad\u{1b}[2J.yaml", b"title: [\n");
    let out = common::sourceline()
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err}");
    assert!(err.contains("bad␛[2J.yaml"));
}
