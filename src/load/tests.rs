//! The loader's two readings (without and with positions) and its two ways through a file (in
//! pieces and whole) must reach the same verdict and the same messages: these tests hold the
//! fast ways to the plain sequential one.

use std::fmt::Write as _;
use std::path::Path;

use super::files::SourceFiles;
use super::parallel::{self, InPieces};
use super::schema::{Located, Position, Unlocated};
use super::sources::{Reading, read_text};
use super::{DiskSources, MemorySources, Problems, load_whole, parse, validate};
use crate::model::Chronology;

/// The plain way: one parse of the whole file, with positions.
fn sequential(yaml: &str, sources: &dyn super::SourceReader) -> Result<Chronology, Problems> {
    let doc = parse::<Located>("big.yaml", yaml).map_err(|p| Problems(vec![*p]))?;
    validate::build("big.yaml", doc, &SourceFiles::new(sources), false).map(|(c, _)| c)
}

/// Debug text stands in for equality (the model has no use for `PartialEq`).
fn same(a: &Result<Chronology, Problems>, b: &Result<Chronology, Problems>) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// The reading without positions may refuse a file the other accepts (it then goes to that
/// one), but whatever it accepts, the reading with positions accepts alike.
fn agree(name: &str, yaml: &str, reader: &dyn super::SourceReader) {
    let fast =
        load_whole::<Unlocated>(name, yaml, &SourceFiles::new(reader), false).map(|(c, _)| c);
    let exact = load_whole::<Located>(name, yaml, &SourceFiles::new(reader), false).map(|(c, _)| c);
    if let Ok(fast) = &fast {
        let Ok(exact) = &exact else {
            panic!("{name}: accepted without positions, refused with them: {exact:?}");
        };
        assert_eq!(format!("{fast:?}"), format!("{exact:?}"), "{name}");
    }
    if exact.is_ok() && !yaml.contains("<<") {
        assert!(fast.is_ok(), "{name}: refused without positions: {fast:?}");
    }
}

#[test]
fn duplicate_and_merge_keys_are_decided_by_the_reading_with_positions() {
    const HEAD: &str =
        "title: t\nsources:\n  - {id: s, title: S, path: s.txt}\nactors: []\nevents:\n";
    let sources = [("s.txt", "The quoted words.")];
    let reader = MemorySources(&sources);
    let merged = format!(
        "{HEAD}  - &base {{id: a, date: '2024', title: T, citations: [{{source: s, quote: quoted}}]}}\n  - <<: *base\n    id: b\n"
    );
    agree("merged.yaml", &merged, &reader);
    assert!(
        load_whole::<Unlocated>("merged.yaml", &merged, &SourceFiles::new(&reader), false).is_err()
    );
    let loaded = super::load_str("merged.yaml", &merged, &reader).expect("merge keys merge");
    assert_eq!(loaded.events.len(), 2);
    assert_eq!(loaded.events[1].id, "b");
    assert_eq!(loaded.events[1].title, "T");

    let repeated = format!(
        "{HEAD}  - id: a\n    date: '2024'\n    title: T\n    title: U\n    citations: [{{source: s, quote: quoted}}]\n"
    );
    agree("repeated.yaml", &repeated, &reader);
    assert!(
        load_whole::<Unlocated>(
            "repeated.yaml",
            &repeated,
            &SourceFiles::new(&reader),
            false
        )
        .is_err()
    );
    let problems = super::load_str("repeated.yaml", &repeated, &reader).unwrap_err();
    assert_eq!(problems.0.len(), 1);
    let problem = &problems.0[0];
    assert!(problem.message.contains("duplicate"), "{problem:?}");
    assert_eq!(problem.position.map(|p| p.0), Some(9), "{problem:?}");
}

#[test]
fn both_readings_agree_on_every_test_file() {
    let mut checked = 0;
    for folder in ["tests/good", "tests/bad"] {
        let mut files: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for path in files {
            let Ok(yaml) = read_text(&path, super::MAX_FILE_BYTES, Reading::AnyFile) else {
                continue; // not UTF-8: refused before either reading
            };
            let reader =
                DiskSources::new(path.parent().unwrap_or(Path::new("")).to_path_buf(), &[]);
            let name = path.display().to_string();
            agree(&name, &yaml, &reader);
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} test files found");
}

/// A chronology of `events` events, each about 400 bytes, with `damage` applied to the text of
/// chosen events, and its one source.
fn big_file(events: usize, damage: &dyn Fn(usize, &mut String)) -> (String, String) {
    let mut yaml = String::from(
        "title: A large generated chronology\n\
         sources:\n  - id: s\n    title: Statements\n    path: s.txt\n\
         actors:\n",
    );
    for a in 0..5 {
        writeln!(yaml, "  - id: a{a}\n    name: Actor {a}").unwrap();
    }
    yaml.push_str("events:\n");
    let mut source = String::new();
    for i in 0..events {
        let mut event = format!(
            "  - id: event-{i}\n    date: 20{:02}-{:02}-{:02}\n    title: Event number {i} of a chronology large enough to be read in pieces\n    actors: [a{}]\n    summary: A summary long enough to make the file large, with a few words and the number {i}.\n    tags: [t{}, common]\n",
            10 + i % 13,
            1 + i % 12,
            1 + i % 28,
            i % 5,
            i % 7,
        );
        if i > 0 {
            writeln!(event, "    related: [event-{}]", i - 1).unwrap();
        }
        writeln!(
            event,
            "    citations:\n      - source: s\n        quote: \"statement number {i} was issued\""
        )
        .unwrap();
        damage(i, &mut event);
        yaml.push_str(&event);
        writeln!(source, "The statement number {i} was issued today.").unwrap();
    }
    (yaml, source)
}

#[test]
fn a_large_file_loads_the_same_in_pieces_as_whole() {
    let (yaml, source) = big_file(4000, &|_, _| {});
    assert!(yaml.len() > 1024 * 1024, "too small to be split");
    let sources = [("s.txt", source.as_str())];
    let reader = MemorySources(&sources);
    let whole = sequential(&yaml, &reader);
    assert!(whole.is_ok(), "{whole:?}");
    for pieces in [2, 3, 7] {
        for threads in [1, 2, 4] {
            let InPieces::Loaded(in_pieces) = parallel::load_in_pieces::<Unlocated>(
                "big.yaml",
                &yaml,
                &SourceFiles::new(&reader),
                (pieces, threads),
                false,
            ) else {
                panic!("the file is not split");
            };
            let in_pieces = in_pieces.map(|(c, _)| c);
            assert!(
                same(&in_pieces, &whole),
                "{pieces} pieces, {threads} threads"
            );
        }
    }
    assert!(same(&super::load_str("big.yaml", &yaml, &reader), &whole));
}

#[test]
fn problems_in_a_large_file_are_reported_as_when_read_whole() {
    // Problems in different pieces, and a duplicate id whose first use is in another piece.
    let damage = |i: usize, event: &mut String| match i {
        10 => *event = event.replace("date: 2020-11-11", "date: 2020-11-31"),
        700 => *event = event.replace("actors: [a0]", "actors: [a0, nobody]"),
        1900 => *event = event.replace("id: event-1900", "id: event-15"),
        2600 => *event = event.replace("related: [event-2599]", "related: [event-9999]"),
        3999 => *event = event.replace("was issued\"", "was withdrawn\""),
        _ => {}
    };
    let (yaml, source) = big_file(4000, &damage);
    let sources = [("s.txt", source.as_str())];
    let reader = MemorySources(&sources);
    let Err(whole) = sequential(&yaml, &reader) else {
        panic!("the damaged file loaded");
    };
    let fields: Vec<_> = whole.0.iter().filter_map(|p| p.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            "date",
            "actors",
            "id",
            "related",
            "related",
            "citations.quote"
        ],
        "{whole:?}"
    );
    for threads in [1, 2] {
        let InPieces::Loaded(in_pieces) = parallel::load_in_pieces::<Located>(
            "big.yaml",
            &yaml,
            &SourceFiles::new(&reader),
            (5, threads),
            false,
        ) else {
            panic!("the file is not split");
        };
        assert_eq!(in_pieces.err().map(|p| p.0), Some(whole.0.clone()));
    }
    assert_eq!(
        super::load_str("big.yaml", &yaml, &reader)
            .err()
            .map(|p| p.0),
        Some(whole.0.clone())
    );
    // The positions are the file's, not the piece's.
    let line_of = |needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    let date = &whole.0[0];
    assert_eq!(date.position, Some((line_of("date: 2020-11-31"), 11)));
    let quote = whole.0.last().unwrap();
    assert_eq!(quote.position.map(|p| p.0), Some(line_of("was withdrawn")));
}

#[test]
fn a_syntax_error_in_a_late_piece_is_reported_as_when_read_whole() {
    let damage = |i: usize, event: &mut String| {
        if i == 3500 {
            *event = event.replace("tags: [t0, common]", "tags: [t0, common");
        }
    };
    let (yaml, source) = big_file(4000, &damage);
    let sources = [("s.txt", source.as_str())];
    let reader = MemorySources(&sources);
    let whole = sequential(&yaml, &reader);
    assert!(whole.is_err());
    assert!(
        matches!(
            parallel::load_in_pieces::<Unlocated>(
                "big.yaml",
                &yaml,
                &SourceFiles::new(&reader),
                (5, 2),
                false
            ),
            InPieces::Unparsed
        ),
        "a piece that does not parse sends the file to the sequential parse"
    );
    assert!(same(&super::load_str("big.yaml", &yaml, &reader), &whole));
}

/// Positions of each kind survive a shift, and only `Located` has any.
#[test]
fn positions_shift_by_lines() {
    let at = Located { line: 3, column: 7 }.shifted(10);
    assert_eq!(at.get(), Some((13, 7)));
    assert_eq!(Unlocated.shifted(10).get(), None);
}

/// A quote found exactly as its source says it is held as that passage of the source's text
/// (no copy); one typed with other quote marks keeps its own string. Both read as typed.
#[test]
fn a_quote_found_verbatim_shares_its_sources_text() {
    let yaml = "title: T\nsources:\n  - {id: s, title: S, path: s.txt}\nactors: []\nevents:\n  - id: e\n    date: \"2020\"\n    title: E\n    citations:\n      - {source: s, quote: \"Delta \\u201cepsilon\\u201d\"}\n      - {source: s, quote: \"Delta \\\"epsilon\\\"\"}\n";
    let reader = MemorySources(&[("s.txt", "Alpha. Delta \u{201c}epsilon\u{201d} zeta.")]);
    let c = sequential(yaml, &reader).expect("loads");
    let [verbatim, typed] = &c.events[0].citations[..] else {
        panic!("two citations");
    };
    assert_eq!(verbatim.range, typed.range, "the same passage");
    assert!(verbatim.quote.is_shared());
    assert_eq!(verbatim.quote, "Delta \u{201c}epsilon\u{201d}");
    assert!(!typed.quote.is_shared());
    assert_eq!(typed.quote, "Delta \"epsilon\"");
    // Packed per run until anchoring, and none left packed after it: a run's string is let
    // go of whole, here and on the shipped chronology (in pieces on every core).
    let embedded = super::load(super::Input::Embedded, &super::LoadOptions::default())
        .result
        .expect("the embedded chronology loads");
    for c in [&c, &embedded] {
        assert!(
            c.events
                .iter()
                .flat_map(|e| &e.citations)
                .all(|q| !q.quote.is_packed())
        );
    }
}
