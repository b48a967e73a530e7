use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};

use super::*;
use crate::edit::Patch;
use crate::edit::place::{Check, Unplaced};
use crate::load::{Input, LoadOptions, MemorySources, load};
use crate::yaml::patch::apply;

const PAGE: &str = "<p>The harbour wall rose by two metres.</p>";
const NOTES: &str = "one passage, and another";
const SOURCES: &[(&str, &str)] = &[("a.html", PAGE), ("notes.txt", NOTES)];

fn check() -> Check<'static> {
    Check {
        name: "c.yaml",
        sources: &MemorySources(SOURCES),
    }
}

fn entry(id: &str) -> NewSource {
    NewSource {
        id: id.into(),
        title: "Harbour wall \"rises\": #1".into(),
        publisher: Some("Harbour Gazette".into()),
        date: Some("2024-03-05".into()),
        path: "a.html".into(),
        format: None,
        sha256: format!("{:x}", Sha256::digest(PAGE)),
    }
}

fn added(yaml: &str, entry: &NewSource) -> Result<String, Unplaced> {
    let patches = add_source(&check(), yaml, entry)?;
    Ok(applied(yaml, &patches))
}

fn applied(yaml: &str, patches: &[Patch]) -> String {
    String::from_utf8(apply(yaml.as_bytes(), patches).unwrap()).unwrap()
}

fn loads(yaml: &str) -> crate::model::Chronology {
    load(
        Input::text("c.yaml", yaml, &MemorySources(SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap_or_else(|p| panic!("{p}\n{yaml}"))
}

const ITEM: &str = "  - id: gazette\n    title: \"Harbour wall \\\"rises\\\": #1\"\n    publisher: \"Harbour Gazette\"\n    date: \"2024-03-05\"\n    path: \"a.html\"\n    sha256: ";

fn item(indent: &str) -> String {
    let sha = format!("{:x}", Sha256::digest(PAGE));
    format!("{ITEM}{sha}\n")
        .lines()
        .fold(String::new(), |mut out, l| {
            let _ = writeln!(out, "{indent}{}", &l[2..]);
            out
        })
}

const EVENTS: &str = "events:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: n\n        quote: one passage\n";

#[test]
fn after_the_last_source_lined_up_every_other_byte_kept() {
    let head = "# sources first\ntitle: t   # the title\nsources:\n  - id: n\n    title: Notes\n    path: notes.txt   # mine\n";
    let tail = "\n# actors next\nactors: []\n";
    let yaml = format!("{head}{tail}{EVENTS}");
    let out = added(&yaml, &entry("gazette")).unwrap();
    assert_eq!(out, format!("{head}{}{tail}{EVENTS}", item("  ")));
    let c = loads(&out);
    assert_eq!(c.sources.len(), 2);
    assert_eq!(c.sources[1].title, "Harbour wall \"rises\": #1");
}

#[test]
fn into_an_empty_list_a_bare_key_or_a_new_key() {
    let tail = format!("actors: []\n{EVENTS}");
    // `sources: []`, as `import` writes it: the brackets go, a comment stays.
    let yaml = format!("title: t\nsources: [ ]  # none yet\n{tail}");
    let out = added(&yaml, &entry("gazette")).unwrap();
    assert_eq!(
        out,
        format!("title: t\nsources:  # none yet\n{}{tail}", item("  "))
    );
    // `sources:` alone.
    let yaml = format!("title: t\nsources:\n{tail}");
    let out = added(&yaml, &entry("gazette")).unwrap();
    assert_eq!(out, format!("title: t\nsources:\n{}{tail}", item("  ")));
    // No key: after the title (a quoted one over two lines).
    let yaml = format!("title: \"two\n  lines\"\n{tail}");
    let out = added(&yaml, &entry("gazette")).unwrap();
    assert_eq!(
        out,
        format!("title: \"two\n  lines\"\nsources:\n{}{tail}", item("  "))
    );
    // No key and no title: before the first key (the loader then says the title is missing,
    // as it did before).
    let yaml = format!("# top\n{tail}");
    let out = added(&yaml, &entry("gazette")).unwrap();
    assert_eq!(out, format!("# top\nsources:\n{}{tail}", item("  ")));
}

#[test]
fn the_file_s_own_indentation_and_line_endings() {
    // Lists written at their key's column: the new one too.
    let yaml = "title: t\nactors:\n- id: a\n  name: A\nevents:\n- id: e\n  date: \"2024\"\n  title: E\n  draft: true\n";
    let out = added(yaml, &entry("gazette")).unwrap();
    assert_eq!(
        out,
        format!(
            "title: t\nsources:\n{}{}",
            item(""),
            &yaml["title: t\n".len()..]
        )
    );
    // Items set apart by blank lines, keys four past the dash, CRLF.
    let yaml = "title: t\r\nsources:\r\n    -   id: n\r\n        title: Notes\r\n        path: notes.txt\r\n\r\n    -   id: m\r\n        title: More\r\n        path: notes.txt\r\nactors: []\r\nevents:\r\n  - id: e\r\n    date: \"2024\"\r\n    title: E\r\n    draft: true\r\n";
    let out = added(yaml, &entry("gazette")).unwrap();
    let new = item("  ").lines().fold(String::new(), |mut out, l| {
        let l = l.replacen("  - ", "    -   ", 1);
        let pad = if l.starts_with("    -") { "" } else { "    " };
        let _ = write!(out, "{pad}{l}\r\n");
        out
    });
    let at = yaml.find("actors").unwrap();
    assert_eq!(out, format!("{}\r\n{new}{}", &yaml[..at], &yaml[at..]));
    loads(&out);
}

#[test]
fn layouts_it_cannot_add_to_are_refused_with_what_to_do() {
    let refused = |yaml: &str| match add_source(&check(), yaml, &entry("gazette")) {
        Err(Unplaced::Layout(why)) => why,
        other => panic!("{other:?}"),
    };
    assert!(
        refused("title: t\nsources: [{id: n, title: N, path: notes.txt}]\n").contains("flow style")
    );
    assert!(refused("{title: t, sources: []}\n").contains("flow style"));
    assert!(refused("title: t\nsources: ~\n").contains("not a list of sources"));
    assert!(refused("title: t\nsources: notes\n").contains("not a list of sources"));
    assert!(refused("- a\n- b\n").contains("not a mapping"));
    assert!(refused("title: [\n").contains("does not parse"));
}

#[test]
fn an_entry_that_would_not_load_is_not_written() {
    let yaml = format!(
        "title: t\nsources:\n  - id: n\n    title: Notes\n    path: notes.txt\nactors: []\n{EVENTS}"
    );
    let readback = |e: &NewSource| match add_source(&check(), &yaml, e) {
        Err(Unplaced::ReadBack(why)) => why,
        other => panic!("{other:?}"),
    };
    let mut missing = entry("gazette");
    missing.path = "gone.html".into();
    let why = readback(&missing);
    assert!(
        why.starts_with("the source \"gazette\" would leave a file that does not load: "),
        "{why}"
    );
    assert!(why.contains("gone.html"), "{why}");
    // Ids are refused before a patch is made (`choose_id`); the readback catches one anyway.
    assert!(readback(&entry("n")).contains("duplicate id"));
    assert!(readback(&entry("Bad_Id")).contains("a-z, 0-9 and -"));
}

#[test]
fn quotes_that_waited_for_the_source_may_now_fail() {
    // The event cites "gazette" before it exists: that problem goes, and its quote, now looked
    // for, is not found. Both are the event's, not the new entry's: the source is added.
    let yaml = "title: t\nsources: []\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: gazette\n        quote: words not in the page\n";
    let out = added(yaml, &entry("gazette")).unwrap();
    let problems = load(
        Input::text("c.yaml", &out, &MemorySources(SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap_err();
    assert!(
        problems
            .0
            .iter()
            .all(|p| p.field.as_deref() == Some("citations.quote")),
        "{problems}"
    );
}

#[test]
fn ids_from_file_names_unique_and_quoted_when_yaml_would_misread_them() {
    let taken = vec!["bbc-kerman".to_string(), "2024".to_string()];
    let id = |given: Option<&str>, stem: &str| choose_id(given, stem, &taken, "c.yaml");
    assert_eq!(id(None, "BBC Kerman").unwrap(), "bbc-kerman-2");
    assert_eq!(id(None, "Café_Notes (final)").unwrap(), "cafe-notes-final");
    assert_eq!(id(None, "2024").unwrap(), "2024-2");
    assert_eq!(id(None, "خبر").unwrap(), "source");
    assert_eq!(id(Some("mine"), "x").unwrap(), "mine");
    assert!(matches!(
        id(Some("bbc-kerman"), "x"),
        Err(IdError::Taken(..))
    ));
    assert!(matches!(id(Some("Mine"), "x"), Err(IdError::Characters(_))));
    assert!(matches!(id(Some(""), "x"), Err(IdError::Characters(_))));
    // An id YAML reads as a number or a truth value is quoted, so it reads back as text.
    for odd in ["2024", "true", "null", "no", "1e3"] {
        let mut e = entry(odd);
        e.path = "notes.txt".into();
        e.sha256 = format!("{:x}", Sha256::digest(NOTES));
        let out = added("title: t\nsources: []\nactors: []\nevents: []\n", &e).unwrap();
        assert!(out.contains(&format!("- id: \"{odd}\"\n")), "{out}");
    }
}
