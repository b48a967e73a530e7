//! When a reload patches and when it loads in full; that a patch gives what a full load gives
//! is `tests/reload_proptest.rs`'s.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::stream::tests::Trickle;
use super::{Change, Reloadable, reload, reload_streamed};
use crate::load::{Input, LoadOptions, MemorySources, Snapshots, load};
use crate::model::Chronology;

pub(super) const SOURCE: &str = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota.";

pub(super) fn text(title: &str, events: usize, renamed: Option<usize>) -> String {
    let mut out = format!(
        "title: {title}\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n"
    );
    for i in 0..events {
        let name = if renamed == Some(i) {
            "Renamed"
        } else {
            "Event"
        };
        let _ = write!(
            out,
            "  - id: e{i}\n    date: 2020-01-{:02}\n    title: {name} {i}\n    citations:\n      - source: s\n        quote: Delta epsilon\n",
            1 + i % 28
        );
    }
    out
}

/// A folder holding the source `s.txt` and the chronology `c.yaml` written as `yaml`, the
/// chronology's path, and options that read it through a snapshot cache in the folder.
pub(super) fn cached(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf, LoadOptions) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(dir.path().join("s.txt"), SOURCE).unwrap();
    std::fs::write(&file, yaml).unwrap();
    let options = LoadOptions {
        snapshots: Some(Snapshots::in_folder(dir.path().join("cache"))),
        ..LoadOptions::default()
    };
    (dir, file, options)
}

/// The reload of `yaml` after `previous`, its chronology made from `old`, and whether it was
/// patched; checked against a full load.
fn reloaded(
    yaml: &str,
    reader: &MemorySources<'_>,
    previous: &Reloadable,
    old: &Chronology,
) -> (bool, Option<Reloadable>) {
    let options = LoadOptions::default();
    let r = reload(
        Input::text("c.yaml", yaml, reader),
        &options,
        Some(previous),
    );
    let patched = matches!(r.result, Ok(Change::Patched(_)));
    let result = r
        .result
        .map(|change| change.into_chronology(Cow::Borrowed(old)));
    let full = load(Input::text("c.yaml", yaml, reader), &options).result;
    assert_eq!(format!("{result:?}"), format!("{full:?}"));
    // Read as a stream: a patch exactly when the whole text gives one, and the same.
    let mut read = Trickle {
        text: yaml.as_bytes(),
        step: 7,
    };
    let streamed = reload_streamed("c.yaml", &mut read, reader, &options, previous);
    assert_eq!(streamed.is_some(), patched);
    if let Some(streamed) = streamed {
        let result = streamed
            .result
            .map(|change| change.into_chronology(Cow::Borrowed(old)));
        assert_eq!(format!("{result:?}"), format!("{full:?}"));
    }
    (patched, r.next)
}

fn first(yaml: &str, reader: &MemorySources<'_>) -> (Chronology, Reloadable) {
    let r = reload(
        Input::text("c.yaml", yaml, reader),
        &LoadOptions::default(),
        None,
    );
    let Ok(Change::Loaded(chronology)) = r.result else {
        panic!("the first load is a full one, and loads");
    };
    (
        chronology,
        r.next.expect("a clean load leaves a reloadable"),
    )
}

#[test]
fn a_renamed_event_is_patched_and_a_changed_head_is_not() {
    let reader = MemorySources(&[("s.txt", SOURCE)]);
    let (old, previous) = first(&text("T", 20, None), &reader);
    assert!(reloaded(&text("T", 20, Some(7)), &reader, &previous, &old).0);
    assert!(reloaded(&text("T", 21, None), &reader, &previous, &old).0);
    assert!(reloaded(&text("T", 5, None), &reader, &previous, &old).0);
    assert!(!reloaded(&text("U", 20, Some(7)), &reader, &previous, &old).0);
}

#[test]
fn a_changed_source_file_or_other_options_load_in_full() {
    let reader = MemorySources(&[("s.txt", SOURCE)]);
    let (old, previous) = first(&text("T", 10, None), &reader);
    let changed = MemorySources(&[("s.txt", "Delta epsilon, and more.")]);
    assert!(!reloaded(&text("T", 10, Some(3)), &changed, &previous, &old).0);
    let digests = LoadOptions {
        digests: true,
        ..LoadOptions::default()
    };
    let r = reload(
        Input::text("c.yaml", &text("T", 10, Some(3)), &reader),
        &digests,
        Some(&previous),
    );
    assert!(matches!(r.result, Ok(Change::Loaded(_))));
    // Another file's name: messages would name another file.
    let r = reload(
        Input::text("d.yaml", &text("T", 10, Some(3)), &reader),
        &LoadOptions::default(),
        Some(&previous),
    );
    assert!(matches!(r.result, Ok(Change::Loaded(_))));
}

#[test]
fn problems_come_from_a_full_load_with_their_lines() {
    let reader = MemorySources(&[("s.txt", SOURCE)]);
    let (old, previous) = first(&text("T", 10, None), &reader);
    // Two lines more in event 2, and event 8's quote no longer in the source.
    let yaml = text("T", 10, None)
        .replacen(
            "title: Event 2\n",
            "title: Event 2\n    summary: >\n      two more lines\n",
            1,
        )
        .replacen(
            "title: Event 8\n    citations:\n      - source: s\n        quote: Delta epsilon",
            "title: Event 8\n    citations:\n      - source: s\n        quote: Omega",
            1,
        );
    let r = reload(
        Input::text("c.yaml", &yaml, &reader),
        &LoadOptions::default(),
        Some(&previous),
    );
    let Err(problems) = r.result else {
        panic!("the quote does not anchor");
    };
    let line = yaml.lines().position(|l| l.contains("Omega")).unwrap() as u64 + 1;
    assert_eq!(problems.0.len(), 1, "{problems:?}");
    assert_eq!(problems.0[0].position.map(|p| p.0), Some(line));
    assert!(r.next.is_none());
    // The next reload still builds on the last good load.
    assert!(reloaded(&text("T", 10, Some(4)), &reader, &previous, &old).0);
}

#[test]
fn duplicate_ids_broken_items_and_many_changes_load_in_full() {
    let reader = MemorySources(&[("s.txt", SOURCE)]);
    let (old, previous) = first(&text("T", 600, None), &reader);
    let duplicate = text("T", 600, None).replacen("id: e5\n", "id: e6\n", 1);
    assert!(!reloaded(&duplicate, &reader, &previous, &old).0);
    let broken = text("T", 600, None).replacen("title: Event 5\n", "title: [Event 5\n", 1);
    assert!(!reloaded(&broken, &reader, &previous, &old).0);
    let many = text("T", 600, None).replace("title: Event", "title: Happening");
    assert!(!reloaded(&many, &reader, &previous, &old).0);
    // Past `MANY` changed: a patch while they are a quarter of the file at most.
    let renamed = |n: usize| {
        let mut out = text("T", 600, None);
        for i in 0..n {
            out = out.replacen(
                &format!("title: Event {i}\n"),
                &format!("title: New {i}\n"),
                1,
            );
        }
        out
    };
    assert!(reloaded(&renamed(150), &reader, &previous, &old).0);
    assert!(!reloaded(&renamed(257), &reader, &previous, &old).0);
    // A review makes the load take every source's digest.
    let reviewed = text("T", 600, None).replacen(
        "quote: Delta epsilon\n",
        "quote: Delta epsilon\n        review: {verdict: verified, by: ann, on: 2024-05-01}\n",
        1,
    );
    assert!(!reloaded(&reviewed, &reader, &previous, &old).0);
}

#[test]
fn a_chronology_from_the_snapshot_cache_reloads_in_full_until_prepared() {
    let (_dir, file, options) = cached(&text("T", 30, None));
    let cold = reload(Input::File(&file), &options, None);
    assert!(cold.next.as_ref().is_some_and(|r| r.head.is_some()));
    let warm = reload(Input::File(&file), &options, None);
    let previous = warm.next.expect("the entry says where each event went");
    assert!(previous.head.is_none(), "read back, not loaded");
    let Ok(change) = warm.result else {
        panic!("the entry reads back");
    };
    let old = change.into_chronology(Cow::Owned(Chronology::default()));
    std::fs::write(&file, text("T", 30, Some(12))).unwrap();
    // Its items are found once prepared (after the first frame, in the viewer).
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Loaded(_))));
    let patched = r.result.map(|c| c.into_chronology(Cow::Owned(old)));
    let full = load(Input::File(&file), &LoadOptions::default()).result;
    assert_eq!(format!("{patched:?}"), format!("{full:?}"));
}

#[test]
fn a_chronology_from_the_snapshot_cache_prepared_then_reloads_in_part() {
    let (_dir, file, options) = cached(&text("T", 30, None));
    let _cold = reload(Input::File(&file), &options, None);
    let warm = reload(Input::File(&file), &options, None);
    let mut previous = warm.next.expect("the entry says where each event went");
    assert!(previous.head.is_none());
    assert!(previous.prepare());
    assert_eq!(
        previous.items.keys.len(),
        30,
        "the items found on preparing"
    );
    assert!(previous.head.is_some(), "checked again");
    let Ok(change) = warm.result else {
        panic!("the entry reads back");
    };
    let old = change.into_chronology(Cow::Owned(Chronology::default()));
    std::fs::write(&file, text("T", 30, Some(29))).unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Patched(_))));
    let patched = r.result.map(|c| c.into_chronology(Cow::Owned(old)));
    let full = load(Input::File(&file), &LoadOptions::default()).result;
    assert_eq!(format!("{patched:?}"), format!("{full:?}"));
}

#[test]
fn a_head_that_does_not_check_is_not_prepared() {
    let (_dir, file, options) = cached(&text("T", 3, None));
    let _cold = reload(Input::File(&file), &options, None);
    let warm = reload(Input::File(&file), &options, None);
    let mut previous = warm.next.expect("the entry says where each event went");
    // A head that does not check out (here: its source not among those the chronology read).
    previous.shown.clear();
    assert!(!previous.prepare());
}

#[test]
fn a_file_whose_source_changed_on_disk_loads_in_full() {
    // Read from disk, the sources are checked on another thread while the texts are compared.
    // No cache: a first load in full.
    let (dir, file, _) = cached(&text("T", 10, None));
    let options = LoadOptions::default();
    let first = reload(Input::File(&file), &options, None);
    let previous = first.next.expect("a clean load leaves a reloadable");
    std::fs::write(&file, text("T", 10, Some(3))).unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Patched(_))));
    std::fs::write(dir.path().join("s.txt"), "Delta epsilon, and more.").unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Loaded(_))));
}

#[test]
fn a_file_patched_is_read_as_a_stream_and_one_loaded_in_full_is_kept() {
    // No cache: a first load in full.
    let (_dir, file, _) = cached(&text("T", 10, None));
    let options = LoadOptions::default();
    let first = reload(Input::File(&file), &options, None);
    let previous = first.next.expect("a clean load leaves a reloadable");
    // One event renamed: the text is not kept, its digest is.
    let yaml = text("T", 10, Some(3));
    std::fs::write(&file, &yaml).unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Patched(_))));
    assert!(r.text.is_none());
    let digest = r.digest.expect("what was read");
    assert_eq!(digest.len, yaml.len() as u64);
    assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(yaml.as_bytes()));
    // The head changed: loaded in full from the whole text (a file this small is read whole,
    // and its text handed back; a large one's is dropped as the load ends, as the opening's
    // tests show); the digest is of the text.
    let yaml = text("U", 10, Some(3));
    std::fs::write(&file, &yaml).unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(matches!(r.result, Ok(Change::Loaded(_))));
    let digest = r.digest.expect("the digest of the text loaded");
    assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(yaml.as_bytes()));
    // With a problem, the text is handed back (and the digest too).
    let broken = yaml.replace("date: 2020-01-04", "date: 2020-13-04");
    std::fs::write(&file, &broken).unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    assert!(r.result.is_err());
    assert_eq!(r.text.as_deref().map(String::as_str), Some(broken.as_str()));
    assert_eq!(r.digest.map(|d| d.len), Some(broken.len() as u64));
    // Not UTF-8: the full load says where.
    std::fs::write(&file, b"title: \xff\n").unwrap();
    let r = reload(Input::File(&file), &options, Some(&previous));
    let Err(problems) = r.result else {
        panic!("not UTF-8");
    };
    assert!(format!("{problems:?}").contains("UTF-8"), "{problems:?}");
}

#[test]
fn past_many_changes_a_patch_while_they_are_a_quarter_of_the_file_streamed_or_not() {
    let reader = MemorySources(&[("s.txt", SOURCE)]);
    let renamed = |events: usize, n: usize| {
        let mut out = text("T", events, None);
        for i in 0..n {
            out = out.replacen(
                &format!("title: Event {i}\n"),
                &format!("title: New {i}\n"),
                1,
            );
        }
        out
    };
    // 257 of 1000: past a quarter, though the stream cannot tell before the end.
    let (old, previous) = first(&text("T", 1000, None), &reader);
    assert!(!reloaded(&renamed(1000, 257), &reader, &previous, &old).0);
    assert!(reloaded(&renamed(1000, 250), &reader, &previous, &old).0);
    // 300 of 1300: within a quarter.
    let (old, previous) = first(&text("T", 1300, None), &reader);
    assert!(reloaded(&renamed(1300, 300), &reader, &previous, &old).0);
}
