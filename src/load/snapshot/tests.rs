use std::sync::{Arc, Mutex};

use super::wire::{RUN, decode_run, read, sound, write};
use super::*;
use crate::load::{Input, LoadOptions, MemorySources, load};

const KEY: [u8; 32] = [7; 32];

fn embedded() -> Chronology {
    load(Input::Embedded, &LoadOptions::default())
        .result
        .expect("the embedded chronology loads")
}

fn files() -> Vec<FileRead> {
    vec![FileRead::of("a.txt", b"text of a")]
}

fn encode(key: &[u8; 32], files: &[FileRead], c: &Chronology) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, key, files, c).unwrap();
    out
}

/// The files taken as unchanged, none of them a text.
#[allow(clippy::unnecessary_wraps)]
fn same(_: &[FileRead], _: &[bool]) -> Option<Vec<String>> {
    Some(Vec::new())
}

/// `yaml` loaded with its sources read from `reader`, and the files the load read.
fn loaded_reading(yaml: &str, reader: &MemorySources) -> (Chronology, Vec<FileRead>) {
    let recording = Recording::new(reader);
    let c = load(
        Input::text("t.yaml", yaml, &recording),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    (c, recording.files())
}

/// The chronology in `bytes`, its files taken as unchanged.
fn decoded(bytes: &[u8]) -> Option<Chronology> {
    read(bytes, bytes.len() as u64, &KEY, same)
}

#[test]
fn an_entry_reads_back_as_the_chronology_it_stores() {
    let c = embedded();
    let bytes = encode(&KEY, &files(), &c);
    let seen = Mutex::new(Vec::new());
    let back = read(bytes.as_slice(), bytes.len() as u64, &KEY, |f, _| {
        seen.lock().unwrap().extend_from_slice(f);
        Some(Vec::new())
    })
    .unwrap();
    assert_eq!(seen.into_inner().unwrap(), files());
    assert_eq!(format!("{back:?}"), format!("{c:?}"));
    // Files no longer the same: no chronology.
    assert!(read(bytes.as_slice(), bytes.len() as u64, &KEY, |_, _| None).is_none());
}

#[test]
fn sources_sharing_a_text_share_it_again() {
    let yaml = "title: T\nsources:\n  - {id: a, title: A, path: s.txt}\n  - {id: b, title: B, path: ./s.txt}\nactors: []\nevents:\n  - id: e\n    date: \"2020\"\n    title: E\n    citations:\n      - {source: a, quote: hello}\n      - {source: b, quote: world}\n";
    let reader = MemorySources(&[("s.txt", "hello world"), ("./s.txt", "hello world")]);
    let c = load(
        Input::text("t.yaml", yaml, &reader),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let back = decoded(&encode(&KEY, &[], &c)).unwrap();
    assert_eq!(back.sources.len(), 2);
    let shared = Arc::ptr_eq(&c.sources[0].text, &c.sources[1].text);
    assert_eq!(
        Arc::ptr_eq(&back.sources[0].text, &back.sources[1].text),
        shared
    );
}

#[test]
fn a_cut_or_damaged_entry_or_another_key_is_refused() {
    let bytes = encode(&KEY, &files(), &embedded());
    for cut in (0..bytes.len()).step_by(61) {
        assert!(decoded(&bytes[..cut]).is_none(), "cut at {cut}");
        // The length as the file's metadata would give it, with fewer bytes behind it.
        assert!(read(&bytes[..cut], bytes.len() as u64, &KEY, same).is_none());
    }
    for at in (0..bytes.len()).step_by(97) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x10;
        assert!(decoded(&damaged).is_none(), "damaged at {at}");
    }
    assert!(read(bytes.as_slice(), bytes.len() as u64, &[8; 32], same).is_none());
    // A length that says less or more than there is.
    assert!(read(bytes.as_slice(), bytes.len() as u64 - 1, &KEY, same).is_none());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(read(longer.as_slice(), longer.len() as u64, &KEY, same).is_none());
}

#[test]
fn events_in_several_runs_read_back_in_order() {
    // Two full runs and part of a third, each event told apart by its id.
    let mut c = embedded();
    let model = c.events[0].clone();
    c.events = (0..2 * RUN + 5)
        .map(|i| {
            let mut e = model.clone();
            e.id = format!("e{i}");
            e.related.clear();
            e
        })
        .collect();
    c.index_passages();
    let bytes = encode(&KEY, &files(), &c);
    let back = decoded(&bytes).expect("the entry reads back");
    assert_eq!(back.events.len(), c.events.len());
    assert!(back.events.iter().zip(&c.events).all(|(a, b)| a.id == b.id));
    assert_eq!(format!("{back:?}"), format!("{c:?}"));
    // Cut or damaged inside any run, it is refused, whichever thread decodes that run.
    for at in (HEADER_AND_SOME..bytes.len()).step_by(bytes.len() / 23) {
        assert!(decoded(&bytes[..at]).is_none(), "cut at {at}");
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x01;
        assert!(decoded(&damaged).is_none(), "damaged at {at}");
    }
}

/// A run is made at the size the head gives it and holds exactly that many events: one
/// saying more or fewer, or with bytes after its last event, is refused (its checksum may
/// hold: it is the writer's word that is checked, not the disk's).
#[test]
fn a_run_holding_another_number_of_events_is_refused() {
    let Chronology {
        events, sources, ..
    } = embedded();
    let bytes = postcard::to_allocvec(&events).unwrap();
    let mut back = decode_run(&bytes, events.len()).expect("the run as written");
    assert_eq!(back.len(), events.len());
    assert!(back.capacity() == events.len(), "made at its size");
    // A quote found verbatim is stored as its passage, linked to its source's text once the
    // texts are read.
    for c in back.iter_mut().flat_map(|e| &mut e.citations) {
        c.quote
            .link(&sources[c.source].text, c.range.clone())
            .unwrap();
    }
    assert_eq!(format!("{back:?}"), format!("{events:?}"));
    assert!(decode_run(&bytes, events.len() - 1).is_none());
    assert!(decode_run(&bytes, events.len() + 1).is_none());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(decode_run(&longer, events.len()).is_none());
    assert!(decode_run(&bytes[..bytes.len() - 1], events.len()).is_none());
}

/// Past the header and the first sections.
const HEADER_AND_SOME: usize = 100;

/// Stores `c` after `spoil`, then reads it back: the checksum is the entry's own, so only the
/// checks of the decoded chronology stand between a bad index and the viewer.
fn refused(spoil: impl Fn(&mut Chronology)) -> bool {
    let mut c = embedded();
    spoil(&mut c);
    assert!(!sound(&c));
    decoded(&encode(&KEY, &[], &c)).is_none()
}

#[test]
fn every_index_and_range_is_checked_before_use() {
    assert!(refused(|c| c.events[0].actors.push(c.actors.len())));
    assert!(refused(|c| c.events[0].tags.push(c.tags.len() + 3)));
    assert!(refused(|c| {
        let past = c.events.len();
        c.events[1].related.push(past);
    }));
    assert!(refused(
        |c| c.events[0].citations[0].source = c.sources.len()
    ));
    assert!(refused(|c| {
        let len = c.sources[0].text.len();
        c.events[0].citations[0].range = len..len + 1;
    }));
    assert!(refused(|c| {
        let range = &mut c.events[0].citations[0].range;
        (range.start, range.end) = (range.end, range.start.saturating_sub(1));
    }));
    assert!(refused(|c| c.tags = vec!["b".into(), "a".into()]));
    // Inside a character: the source's text must hold one of more than one byte.
    assert!(refused(|c| {
        let text = Arc::clone(&c.sources[0].text);
        let (at, ch) = text
            .char_indices()
            .find(|(_, ch)| ch.len_utf8() > 1)
            .unwrap();
        c.events[0].citations[0].range = at + 1..at + ch.len_utf8();
    }));
    // Ranges are checked by source, half the sources on each core: the last source's too.
    assert!(refused(|c| {
        let last = c.sources.len() - 1;
        let len = c.sources[last].text.len();
        let citation = c
            .events
            .iter_mut()
            .flat_map(|e| e.citations.iter_mut())
            .find(|citation| citation.source == last)
            .expect("a citation of the last source");
        citation.range = len..len + 1;
    }));
}

/// With several sources, half the sources' passages are sorted and checked on each core: the
/// index read back is the one the load built, and a bad range in any half is refused.
#[test]
fn passages_of_several_sources_read_back_and_are_checked_in_both_halves() {
    let yaml = "title: T\nsources:\n  - {id: a, title: A, path: a.txt}\n  - {id: b, title: B, path: b.txt}\n  - {id: c, title: C, path: c.txt}\nactors: []\nevents:\n  - id: e1\n    date: \"2020\"\n    title: E1\n    citations:\n      - {source: c, quote: gamma two}\n      - {source: a, quote: alpha one}\n  - id: e2\n    date: \"2021\"\n    title: E2\n    citations:\n      - {source: a, quote: alpha two}\n      - {source: b, quote: ß beta}\n      - {source: c, quote: gamma one}\n";
    let reader = MemorySources(&[
        ("a.txt", "alpha one, alpha two"),
        ("b.txt", "ß beta"),
        ("c.txt", "gamma one, gamma two"),
    ]);
    let c = load(
        Input::text("t.yaml", yaml, &reader),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let back = decoded(&encode(&KEY, &[], &c)).expect("it reads back");
    assert_eq!(back.passages, c.passages);
    assert_eq!(back.longest_passage, c.longest_passage);
    assert_eq!(
        (back.passages.clone(), back.longest_passage.clone()),
        Chronology::passages_index(&back.events, back.sources.len())
    );
    // A bad range in the first source, the middle one, the last.
    for source in 0..3 {
        let mut spoiled = c.clone();
        let citation = spoiled
            .events
            .iter_mut()
            .flat_map(|e| e.citations.iter_mut())
            .find(|citation| citation.source == source)
            .unwrap();
        // Inside `ß` in the middle one; ending before it starts in the others.
        citation.range = if source == 1 {
            1..2
        } else {
            std::ops::Range { start: 5, end: 4 }
        };
        assert!(!sound(&spoiled));
        assert!(
            decoded(&encode(&KEY, &[], &spoiled)).is_none(),
            "a bad range in source {source}"
        );
    }
}

#[test]
fn a_zone_past_the_database_is_refused() {
    let utc = postcard::to_allocvec(&crate::model::Zone::utc()).unwrap();
    assert_eq!(
        postcard::from_bytes::<crate::model::Zone>(&utc).ok(),
        Some(crate::model::Zone::utc())
    );
    assert!(
        postcard::from_bytes::<crate::model::Zone>(&postcard::to_allocvec(&60000u16).unwrap())
            .is_err()
    );
}

#[test]
fn the_folder_follows_the_cache_switch() {
    let off = Snapshots::from_vars(|name| (name == "SOURCELINE_CACHE").then(|| "off".into()));
    assert!(off.is_none());
    let on = Snapshots::from_vars(|name| (name == "XDG_CACHE_HOME").then(|| "/x/cache".into()));
    assert_eq!(
        on.unwrap().folder(),
        Path::new("/x/cache/sourceline/snapshot")
    );
}

#[test]
fn a_hit_whose_source_changed_is_a_miss() {
    let dir = tempfile::tempdir().unwrap();
    let snapshots = Snapshots::in_folder(dir.path());
    let yaml = "title: T\nsources:\n  - {id: a, title: A, path: s.txt}\nactors: []\nevents:\n  - id: e\n    date: \"2020\"\n    title: E\n    citations:\n      - {source: a, quote: hello}\n";
    let before = MemorySources(&[("s.txt", "hello world")]);
    let (c, files) = loaded_reading(yaml, &before);
    snapshots.put(yaml, false, &files, &c);
    assert!(snapshots.get(yaml, false, &before).is_some());
    let after = MemorySources(&[("s.txt", "hello there")]);
    assert!(snapshots.get(yaml, false, &after).is_none());
    let gone = MemorySources(&[]);
    assert!(snapshots.get(yaml, false, &gone).is_none());
}

#[test]
fn an_entry_past_the_bound_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let small = Snapshots::in_folder(dir.path()).with_max_bytes(1000);
    small.put("yaml", false, &files(), &embedded());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    let roomy = Snapshots::in_folder(dir.path());
    roomy.put("yaml", false, &files(), &embedded());
    assert!(roomy.entry_path("yaml").is_file());
}

#[test]
fn reviews_stances_reliability_and_digests_survive_the_entry() {
    use crate::model::{Reliability, Review, Stance, Verdict};
    let mut c = embedded();
    c.sources[0].reliability = Some(Reliability::B);
    c.sources[0].sha256 = Some("ab".repeat(32));
    let citation = &mut c.events[0].citations[0];
    citation.stance = Stance::Contradicts;
    citation.review = Some(Box::new(Review {
        status: Verdict::Disputed,
        by: "Sam Reviewer".into(),
        on: chrono::NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        sha256: "cd".repeat(32),
        note: Some("the passage says twice, not once".into()),
    }));
    let back = decoded(&encode(&KEY, &files(), &c)).unwrap();
    assert_eq!(format!("{back:?}"), format!("{c:?}"));
}

#[test]
fn a_load_taking_every_digest_has_an_entry_of_its_own() {
    // The viewer takes every source's digest (for the reviews it may write); `check` does not:
    // neither may be handed the other's chronology.
    assert_ne!(Key::of("yaml", true).0, Key::of("yaml", false).0);
    let dir = tempfile::tempdir().unwrap();
    let snapshots = Snapshots::in_folder(dir.path());
    snapshots.put("yaml", false, &files(), &embedded());
    let reader = MemorySources(&[("a.txt", "text of a")]);
    assert!(snapshots.get("yaml", false, &reader).is_some());
    assert!(snapshots.get("yaml", true, &reader).is_none());
}

/// An event's actors, tags and related events are kept inside it when they are two or fewer,
/// as the loader builds them and as an entry gives them back: none is an allocation of its
/// own (a list built as a `Vec` first would keep the `Vec`'s).
#[test]
fn short_lists_of_an_event_hold_no_allocation() {
    let c = embedded();
    let back = decoded(&encode(&KEY, &files(), &c)).unwrap();
    for chronology in [&c, &back] {
        let mut short = 0;
        for e in &chronology.events {
            for list in [&e.actors, &e.tags, &e.related] {
                if list.len() <= 2 {
                    assert!(!list.spilled(), "event {}: {list:?}", e.id);
                    short += usize::from(!list.is_empty());
                }
            }
        }
        assert!(
            short > 20,
            "the embedded chronology has short lists ({short})"
        );
    }
}

/// A quote found verbatim is stored as its citation's passage, not its bytes once more, and
/// reads back holding its source's text; an entry whose shared quote then has no passage to
/// link (an empty range) is refused.
#[test]
fn quotes_found_verbatim_are_stored_as_their_passage() {
    let c = embedded();
    let quotes = |c: &Chronology| -> Vec<(String, bool)> {
        c.events
            .iter()
            .flat_map(|e| &e.citations)
            .map(|q| (q.quote.to_string(), q.quote.is_shared()))
            .collect()
    };
    let shared: usize = quotes(&c)
        .iter()
        .filter(|(_, shared)| *shared)
        .map(|(q, _)| q.len())
        .sum();
    assert!(shared > 1000, "the embedded quotes are found verbatim");
    let bytes = encode(&KEY, &[], &c);
    assert_eq!(quotes(&decoded(&bytes).unwrap()), quotes(&c));
    // Each held as its own string: the entry holds every shared quote's bytes once more.
    let mut own = c.clone();
    for q in own.events.iter_mut().flat_map(|e| &mut e.citations) {
        q.quote = crate::model::Quote::from(q.quote.to_string());
    }
    assert!(encode(&KEY, &[], &own).len() >= bytes.len() + shared);

    // Quotes are linked half the events on each core: the first's and the last's are checked.
    for last in [false, true] {
        let mut spoiled = c.clone();
        let mut shared = spoiled
            .events
            .iter_mut()
            .flat_map(|e| &mut e.citations)
            .filter(|q| q.quote.is_shared());
        let q = if last { shared.last() } else { shared.next() }.unwrap();
        q.range = 0..0;
        assert!(
            decoded(&encode(&KEY, &[], &spoiled)).is_none(),
            "last: {last}"
        );
    }
}

/// A source text that is its file's very bytes is not stored: the hit keeps the bytes it read
/// to check the file, and the chronology reads back the same. A text that is not its file's
/// bytes (a web page's reader text) is stored as before.
#[test]
fn a_text_that_is_its_file_is_read_from_the_file_not_the_entry() {
    let page = "<html><body><p>Hello from the page, said twice over.</p></body></html>";
    let plain = "Hello world, said once and once again in a plain text file.";
    let yaml = "title: T\nsources:\n  - {id: a, title: A, path: s.txt}\n  - {id: b, title: B, path: p.html}\nactors: []\nevents:\n  - id: e\n    date: \"2020\"\n    title: E\n    citations:\n      - {source: a, quote: once again}\n      - {source: b, quote: said twice}\n";
    let reader = MemorySources(&[("s.txt", plain), ("p.html", page)]);
    let (c, files) = loaded_reading(yaml, &reader);
    assert_eq!(files.len(), 2);
    let bytes = encode(&KEY, &files, &c);
    // The same files listed, but not the bytes of the text: it is stored.
    let plain_at = files.iter().position(|f| f.path == "s.txt").unwrap();
    let mut other = files.clone();
    other[plain_at] = FileRead::of("s.txt", plain.replace("Hello", "HELLO").as_bytes());
    let stored = encode(&KEY, &other, &c);
    assert!(
        bytes.len() + plain.len() <= stored.len(),
        "the plain text is left out of the entry"
    );
    assert!(!bytes.windows(plain.len()).any(|w| w == plain.as_bytes()));
    // Only the plain file is asked for as a text, and what it gives is the source's text.
    let asked = Mutex::new(Vec::new());
    let back = read(bytes.as_slice(), bytes.len() as u64, &KEY, |f, texts| {
        asked.lock().unwrap().push((f.to_vec(), texts.to_vec()));
        Some(vec![plain.to_string()])
    })
    .unwrap();
    let marked: Vec<bool> = (0..files.len()).map(|i| i == plain_at).collect();
    assert_eq!(asked.into_inner().unwrap(), [(files.clone(), marked)]);
    assert_eq!(format!("{back:?}"), format!("{c:?}"));
    assert!(back.events[0].citations[0].quote.is_shared());
    // Fewer or more texts than the entry marks: refused.
    for given in [vec![], vec![plain.to_string(), plain.to_string()]] {
        let wrong = read(bytes.as_slice(), bytes.len() as u64, &KEY, |_, _| {
            Some(given.clone())
        });
        assert!(wrong.is_none());
    }
    // Through the cache: the file is read again for it; changed, the entry is a miss.
    let dir = tempfile::tempdir().unwrap();
    let snapshots = Snapshots::in_folder(dir.path());
    snapshots.put(yaml, false, &files, &c);
    let hit = snapshots.get(yaml, false, &reader).unwrap();
    assert_eq!(format!("{hit:?}"), format!("{c:?}"));
    let edited = plain.replace("world", "WORLD");
    let after = MemorySources(&[("s.txt", &edited), ("p.html", page)]);
    assert!(snapshots.get(yaml, false, &after).is_none());
}

/// The files a hit reads again: the texts of those marked, in order, and nothing when one
/// changed or a marked one is not UTF-8.
#[test]
fn the_files_read_again_give_the_marked_texts_only_when_unchanged_and_utf8() {
    struct Bytes(Vec<(&'static str, Vec<u8>)>);
    impl SourceReader for Bytes {
        fn read(&self, path: &str) -> Result<Vec<u8>, crate::load::ReadError> {
            let found = self.0.iter().find(|(p, _)| *p == path);
            found
                .map(|(_, b)| b.clone())
                .ok_or(crate::load::ReadError::NotEmbedded)
        }
        fn identify(&self, _: &str) -> Option<crate::load::sources::Identity> {
            None
        }
    }
    let files = |reader: &Bytes| -> Vec<FileRead> {
        reader.0.iter().map(|(p, b)| FileRead::of(p, b)).collect()
    };
    let reader = Bytes(vec![("a", b"alpha".to_vec()), ("b", vec![0xff, 0xfe])]);
    let listed = files(&reader);
    assert_eq!(
        unchanged_texts(&listed, &[true, false], &reader),
        Some(vec!["alpha".to_string()])
    );
    assert_eq!(
        unchanged_texts(&listed, &[false, false], &reader),
        Some(vec![])
    );
    assert_eq!(
        unchanged_texts(&listed, &[true, true], &reader),
        None,
        "not UTF-8"
    );
    let changed = Bytes(vec![("a", b"alpha".to_vec()), ("b", vec![0xff])]);
    assert_eq!(unchanged_texts(&listed, &[true, false], &changed), None);
}
