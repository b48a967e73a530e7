//! The bad-input corpus: every `tests/bad/*.yaml` must be refused with exactly the message in its
//! `.expected` file (`SOURCELINE_BLESS=1 cargo test --test bad_inputs` rewrites them; review the
//! diff). A second test checks the parts that matter, so blessing cannot hide a regression.

use std::path::{Path, PathBuf};

use sourceline::load;

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/bad")
        .expect("tests/bad")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn message(path: &Path) -> String {
    match load::load_file(path) {
        Ok(_) => panic!("{} loaded, but it is in the bad corpus", path.display()),
        Err(problems) => problems.to_string(),
    }
}

#[test]
fn every_bad_file_gives_its_expected_message() {
    let bless = std::env::var_os("SOURCELINE_BLESS").is_some();
    let files = corpus();
    assert!(files.len() >= 12, "the corpus has {} files", files.len());
    let mut mismatches = Vec::new();
    for path in files {
        let actual = message(&path);
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, format!("{actual}\n")).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end() != actual {
            mismatches.push(format!(
                "{}:\n--- expected\n{}\n--- actual\n{actual}\n",
                path.display(),
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// (file, substrings its message must contain)
const MUST_SAY: &[(&str, &[&str])] = &[
    (
        "syntax-unclosed-bracket",
        &[
            "bad/syntax-unclosed-bracket.yaml:16:14: event \"talks\"",
            "help:",
        ],
    ),
    (
        "unknown-field-typo",
        &[
            ":15:5:",
            "event \"talks\"",
            "unknown field `actor`",
            "help:",
        ],
    ),
    (
        "missing-title",
        &[":12:5: event \"talks\", field `title`: missing required field"],
    ),
    (
        "missing-date",
        &["event \"talks\", field `date`: missing required field"],
    ),
    (
        "duplicate-event-id",
        &[":19:9: event \"talks\", field `id`: duplicate id \"talks\": already used at line 12"],
    ),
    (
        "duplicate-actor-id",
        &["actor \"iran\", field `id`: duplicate id"],
    ),
    (
        "unknown-actor",
        &[
            ":15:20: event \"talks\", field `actors`: unknown actor \"isis\"",
            "use one of: iran, us",
        ],
    ),
    (
        "unknown-source",
        &[
            "field `citations.source`: unknown source \"reuters\"",
            "use one of: src",
        ],
    ),
    (
        "unknown-related",
        &["field `related`: unknown event \"nowhere\""],
    ),
    (
        "bad-date-format",
        &[":13:11: event \"talks\", field `date`: bad date: `2024-1-3`"],
    ),
    (
        "impossible-date",
        &["`2023-02-29`: that day does not exist"],
    ),
    ("interval-backwards", &["ends before it starts"]),
    (
        "no-citations-key",
        &["event \"talks\", field `citations`: the event has no citations"],
    ),
    (
        "empty-citations",
        &["field `citations`: the event has no citations"],
    ),
    (
        "missing-source-file",
        &[":5:11: source \"src\", field `path`: source file \"nope.txt\" does not exist"],
    ),
    (
        "non-utf8-source",
        &["is not UTF-8 text (invalid byte at offset 3)"],
    ),
    (
        "quote-not-found",
        &[
            "field `citations.quote`: quote not found in source \"src\"",
            "copy the passage exactly",
        ],
    ),
    (
        "quote-ambiguous",
        &["quote found 2 times in source \"src\"", "prefix"],
    ),
    (
        "prefix-not-preceding",
        &["never right after the given prefix"],
    ),
    (
        "uppercase-id",
        &["event \"Talks\", field `id`: id \"Talks\" has characters other than"],
    ),
    ("empty-file", &["empty-file.yaml: the file is empty"]),
    ("comment-only", &["only comments"]),
];

#[test]
fn messages_name_the_file_line_entity_and_field() {
    for (name, needles) in MUST_SAY {
        let text = message(Path::new(&format!("tests/bad/{name}.yaml")));
        for needle in *needles {
            assert!(text.contains(needle), "{name}: {needle:?} not in:\n{text}");
        }
        assert!(text.contains("help:"), "{name} says what to do:\n{text}");
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let problems = load::load_file(Path::new("tests/bad/several-problems.yaml")).unwrap_err();
    let text = problems.to_string();
    assert_eq!(problems.0.len(), 3, "{text}");
    assert!(text.contains("unknown actor \"isis\""));
    assert!(text.contains("month 13 does not exist"));
    assert!(text.contains("quote not found"));
    // In file order.
    let lines: Vec<u64> = problems
        .0
        .iter()
        .filter_map(|p| p.position.map(|p| p.0))
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}
