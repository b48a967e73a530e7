//! A minimal valid chronology (`tests/good/minimal.yaml`) that exercises every accepted form:
//! every date form, quotes typed with straight quote marks and hyphens where the source has
//! curly ones and en dashes, a passage across a line break, a repeated phrase picked by
//! `prefix`, a source with CRLF line endings, and a YAML file that starts with a byte-order mark
//! and uses CRLF line endings itself.

use std::collections::HashMap;
use std::path::Path;

use sourceline::model::{Chronology, Event};
use sourceline::{Input, LoadOptions, MemorySources, load};

const FILE: &str = "tests/good/minimal.yaml";

fn minimal() -> Chronology {
    match load(Input::File(Path::new(FILE)), &LoadOptions::default()).result {
        Ok(c) => c,
        Err(problems) => panic!("{FILE} should load, but:\n{problems}"),
    }
}

fn event<'a>(c: &'a Chronology, id: &str) -> &'a Event {
    c.events
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id:?}"))
}

fn ids(c: &Chronology) -> Vec<&str> {
    c.events.iter().map(|e| e.id.as_str()).collect()
}

/// Event ids in the order the file lists them.
fn file_order() -> Vec<String> {
    let yaml = String::from_utf8(std::fs::read(FILE).unwrap()).unwrap();
    let events = yaml.split("\nevents:").nth(1).expect("an events: section");
    events
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

fn count_byte(bytes: &[u8], byte: u8) -> usize {
    bytes.split(|&b| b == byte).count() - 1
}

#[test]
fn the_file_really_has_a_bom_and_crlf_line_endings() {
    // Editors and tools like to "fix" these; the point of the file is that it keeps them.
    let bytes = std::fs::read(FILE).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{FILE} must start with a UTF-8 byte-order mark"
    );
    let lf = count_byte(&bytes, b'\n');
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    assert!(
        lf > 20 && lf == crlf,
        "{FILE} must use CRLF line endings only"
    );
    let memo = std::fs::read("tests/good/memo.txt").unwrap();
    assert!(
        memo.windows(2).any(|w| w == b"\r\n"),
        "memo.txt must use CRLF"
    );
}

#[test]
fn loads_with_every_entity() {
    let c = minimal();
    assert_eq!(c.title, "Minimal chronology");
    let sources: Vec<&str> = c.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sources, ["src", "memo"]);
    assert_eq!(c.sources[0].publisher.as_deref(), Some("Example"));
    assert_eq!(c.sources[0].authors, ["A. Writer"]);
    assert_eq!(c.sources[0].date.unwrap().edtf(), "2024-01");
    let actors: Vec<&str> = c.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(actors, ["iran", "united-states"]);
    assert_eq!(c.actors[1].aliases, ["U.S."]);
    assert_eq!(c.events.len(), 12);
    assert_eq!(c.citation_count(), 12);
    // Actors keep the order the event lists them in.
    let warning = event(&c, "warning");
    let names = c.actor_names(warning);
    assert_eq!(names, ["United States", "Iran"]);
}

#[test]
fn events_are_sorted_by_earliest_day_open_starts_by_their_end_ties_in_file_order() {
    let c = minimal();
    assert_eq!(
        ids(&c),
        [
            "revolution",  // 1979            → 1979-01-01
            "deal",        // 2015-07-14
            "approx",      // 2018~           → 2018-01-01
            "unsure",      // 2019-05?        → 2019-05-01
            "both",        // 2020%           → 2020-01-01
            "sanctions",   // 2021-01/2022-09 → 2021-01-01
            "talks-month", // 2024-01         → 2024-01-01, before …
            "new-year",    // 2024-01-01      … the same day, later in the file
            "warning",     // ../2024-01-02   → its end
            "kerman",      // 2024-01-03
            "tied-open",   // ../2024-01-03   → the same day as kerman, later in the file
            "aftermath",   // 2024-01-25/..   → its start
        ]
    );
    // The documented rule, checked pairwise rather than only by the list above.
    let order = file_order();
    assert_eq!(order.len(), c.events.len());
    let position = |id: &str| order.iter().position(|o| o == id).unwrap();
    for pair in c.events.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (ka, kb) = (a.date.sort_key(), b.date.sort_key());
        assert!(ka <= kb, "{} ({ka}) after {} ({kb})", a.id, b.id);
        if ka == kb {
            assert!(
                position(&a.id) < position(&b.id),
                "tie between {} and {} not in file order",
                a.id,
                b.id
            );
        }
    }
    // The order really differs from the file's, so sorting was exercised.
    assert_ne!(
        ids(&c),
        order.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn every_date_form_parses_and_round_trips() {
    let c = minimal();
    let dates: HashMap<&str, (String, String)> = c
        .events
        .iter()
        .map(|e| (e.id.as_str(), (e.date.edtf(), e.date.to_string())))
        .collect();
    let expect = [
        ("revolution", "1979", "1979"),
        ("talks-month", "2024-01", "Jan 2024"),
        ("kerman", "2024-01-03", "3 Jan 2024"),
        ("approx", "2018~", "c. 2018"),
        ("unsure", "2019-05?", "May 2019?"),
        ("both", "2020%", "c. 2020?"),
        ("warning", "../2024-01-02", "before 2 Jan 2024"),
        ("aftermath", "2024-01-25/..", "after 25 Jan 2024"),
        ("sanctions", "2021-01/2022-09", "Jan 2021 – Sep 2022"),
    ];
    for (id, edtf, shown) in expect {
        assert_eq!(dates[id], (edtf.to_string(), shown.to_string()), "{id}");
    }
}

#[test]
fn related_indices_point_at_the_right_events_after_sorting() {
    let c = minimal();
    let related = |id: &str| -> Vec<&str> {
        event(&c, id)
            .related
            .iter()
            .map(|&ix| c.events[ix].id.as_str())
            .collect()
    };
    assert_eq!(related("kerman"), ["warning", "aftermath"]);
    assert_eq!(related("warning"), ["kerman"]);
    assert_eq!(related("aftermath"), ["revolution"]);
    for e in &c.events {
        if !["kerman", "warning", "aftermath"].contains(&e.id.as_str()) {
            assert!(e.related.is_empty(), "{} has related events", e.id);
        }
    }
}

#[test]
fn citations_slice_the_source_to_the_exact_original_passage() {
    let c = minimal();
    let src = std::fs::read("tests/good/source.txt").unwrap();
    let memo = std::fs::read("tests/good/memo.txt").unwrap();
    // The loaded text is the file, byte for byte (no line-ending or quote normalisation).
    assert_eq!(c.sources[0].text.as_bytes(), src.as_slice());
    assert_eq!(c.sources[1].text.as_bytes(), memo.as_slice());
    let expected: &[(&str, &str, &str)] = &[
        // Typed with straight quotes and hyphens; the source has curly quotes and en dashes.
        (
            "kerman",
            "src",
            "a \u{201C}terrorist threat\u{201D} \u{2013} one of several \u{2013}",
        ),
        (
            "warning",
            "src",
            "longstanding \u{2018}duty to warn\u{2019} policy",
        ),
        // A line break inside the passage.
        (
            "talks-month",
            "src",
            "but the timing\nwas not routine at all.",
        ),
        // A CRLF line break and an en dash inside the passage.
        (
            "approx",
            "memo",
            "memo.\r\nSecond line \u{2013} with a dash.",
        ),
        ("new-year", "src", "the warning was routine"),
        ("aftermath", "src", "the warning was routine"),
        ("deal", "src", "The nuclear deal was signed in 2015."),
        ("revolution", "src", "The revolution of 1979"),
        ("sanctions", "src", "Sanctions returned in stages."),
        ("unsure", "src", "Talks stalled, then resumed in January."),
        ("both", "memo", "First line"),
        ("tied-open", "src", "an official said."),
    ];
    assert_eq!(expected.len(), c.citation_count());
    for &(id, source_id, passage) in expected {
        let e = event(&c, id);
        assert_eq!(e.citations.len(), 1, "{id}");
        let citation = &e.citations[0];
        let source = &c.sources[citation.source];
        assert_eq!(source.id, source_id, "{id}");
        let bytes = if source_id == "src" { &src } else { &memo };
        assert_eq!(&source.text[citation.range.clone()], passage, "{id}");
        assert_eq!(
            &bytes[citation.range.clone()],
            passage.as_bytes(),
            "{id}: the range is in bytes of the file"
        );
    }
    // The prefix picked a different occurrence of the same phrase for each event.
    let text = &c.sources[0].text;
    let phrase = "the warning was routine";
    let first = text.find(phrase).unwrap();
    let second = text.rfind(phrase).unwrap();
    assert!(first < second);
    assert_eq!(event(&c, "aftermath").citations[0].range.start, first);
    assert_eq!(event(&c, "new-year").citations[0].range.start, second);
}

#[test]
fn the_passage_index_lists_every_citation_in_text_order() {
    let c = minimal();
    for (s, source) in c.sources.iter().enumerate() {
        let starts: Vec<usize> = c
            .passages_of(s)
            .iter()
            .map(|&r| c.citation(r).unwrap().range.start)
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{}", source.id);
    }
    assert_eq!(c.passages_of(0).len() + c.passages_of(1).len(), 12);
}

#[test]
fn the_bom_and_crlf_change_nothing() {
    // The same chronology from LF text without a byte-order mark loads to the same events,
    // dates, relations and passages.
    let raw = String::from_utf8(std::fs::read(FILE).unwrap()).unwrap();
    let plain = raw.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    let src = std::fs::read_to_string("tests/good/source.txt").unwrap();
    let memo = std::fs::read_to_string("tests/good/memo.txt").unwrap();
    let sources = [("source.txt", src.as_str()), ("memo.txt", memo.as_str())];
    let from_memory = load(
        Input::text("minimal.yaml", &plain, &MemorySources(&sources)),
        &LoadOptions::default(),
    )
    .result
    .unwrap_or_else(|p| panic!("{p}"));
    let from_disk = minimal();
    let summary = |c: &Chronology| -> Vec<String> {
        c.events
            .iter()
            .map(|e| {
                format!(
                    "{} {} {:?} {:?} {:?}",
                    e.id,
                    e.date.edtf(),
                    e.related,
                    e.actors,
                    e.citations
                        .iter()
                        .map(|c| (c.source, c.range.clone()))
                        .collect::<Vec<_>>()
                )
            })
            .collect()
    };
    assert_eq!(summary(&from_memory), summary(&from_disk));
}
