//! The one YAML string writer ([`sourceline::double_quoted`]) reads back through the real loader
//! as exactly what was written: every Unicode scalar value, then arbitrary strings (the
//! style-keeping writer built on it, which `check --fix` uses, is held to the same in
//! `src/yaml/scalar.rs`). And the writers that use them (`check --fix`, `import`) escape what a
//! reviewer of the file must see.

mod common;

use proptest::prelude::*;
use sourceline::import::{Format, import};
use sourceline::{Input, LoadOptions, MemorySources, double_quoted, load, must_escape};

/// A chronology whose title is written as `title` (YAML text).
fn chronology(title: &str) -> String {
    format!(
        "title: {title}\nsources: []\nactors: []\nevents:\n  - id: e\n    draft: true\n    title: x\n"
    )
}

/// The title the loader reads from `title` (YAML text), or the loader's problems.
fn read_back(title: &str) -> Result<String, String> {
    load(
        Input::text("c.yaml", &chronology(title), &MemorySources(&[])),
        &LoadOptions::default(),
    )
    .result
    .map(|c| c.title)
    .map_err(|p| format!("{p:?}"))
}

/// Every scalar value, 4,096 to a title between two letters, loads back unchanged, and what
/// [`must_escape`] names never stands raw in the file.
#[test]
fn every_code_point_reads_back_and_none_that_must_be_escaped_is_raw() {
    let all: Vec<char> = ('\0'..=char::MAX).collect();
    for chunk in all.chunks(4096) {
        let text: String = std::iter::once('a')
            .chain(chunk.iter().copied())
            .chain(std::iter::once('z'))
            .collect();
        let written = double_quoted(&text);
        assert!(!written.chars().any(must_escape), "{written:?}");
        if read_back(&written).as_deref() != Ok(text.as_str()) {
            // Name the first character that does not survive on its own.
            for &c in chunk {
                let one = format!("a{c}z");
                let back = read_back(&double_quoted(&one));
                assert_eq!(back, Ok(one), "U+{:04X}", u32::from(c));
            }
            panic!(
                "the chunk from U+{:04X} does not read back",
                u32::from(chunk[0])
            );
        }
    }
}

proptest! {
    /// Whatever the text, its YAML string reads back as the same text: the escaping holds for
    /// titles as for quotes.
    #[test]
    fn any_text_reads_back_from_its_yaml_string(text in any::<String>()) {
        prop_assume!(!text.trim().is_empty());
        match read_back(&double_quoted(&text)) {
            Ok(title) => prop_assert_eq!(title, text),
            Err(p) => return Err(TestCaseError::fail(format!("{text:?}\n{p}"))),
        }
    }
}

/// `check --fix` rewrote a plain quote to a passage holding a right-to-left override, and wrote
/// the override raw: the file then showed the rest of the line reversed. It is escaped now.
#[test]
fn check_fix_escapes_a_bidi_override_it_copies_from_the_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    std::fs::write(
        dir.path().join("s.txt"),
        "Officials said that the private warning was delivered to Tehran on Monday by an envoy \
         who asked that the \u{202E}letter\u{202C} stay secret until the talks began.\n",
    )
    .unwrap();
    let path = dir.path().join("c.yaml");
    std::fs::write(
        &path,
        "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: the private warning was delivered to Tehran on Monday by an envoy who asked that the leter stay secret\n",
    )
    .unwrap();
    let sourceline = common::sourceline;
    let out = sourceline()
        .args(["check", "--fix", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains(
            "quote: \"the private warning was delivered to Tehran on Monday by an envoy who asked that the \\u202Eletter\\u202C stay secret\"\n"
        ),
        "{fixed}"
    );
    assert!(
        !fixed.chars().any(|c| c != '\n' && must_escape(c)),
        "{fixed:?}"
    );
    let out = sourceline()
        .args(["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// `import` kept a zero-width space in a headline and wrote it raw, invisible in the file.
#[test]
fn import_escapes_invisible_characters_it_keeps() {
    let csv = "Year,Headline,Text\n2024,Head x\u{200B}z,Some text\n";
    let imported = import("t.csv", csv.as_bytes(), Format::Csv).unwrap();
    assert!(
        imported.yaml.contains("title: \"Head x\\u200Bz\"\n"),
        "{}",
        imported.yaml
    );
    assert!(
        !imported.yaml.chars().any(|c| c != '\n' && must_escape(c)),
        "{:?}",
        imported.yaml
    );
    let c = load(
        Input::text("t.yaml", &imported.yaml, &MemorySources(&[])),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    assert_eq!(c.events[0].title, "Head x\u{200B}z");
}
