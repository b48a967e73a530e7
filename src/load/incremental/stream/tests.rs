//! The stream finds what the whole text's layout finds, line rules and all, however the bytes
//! come in chunks; it keeps the text of the items a plan may parse, and no other.

use std::fmt::Write as _;
use std::io::BufReader;

use xxhash_rust::xxh3::xxh3_128;

use super::{Digest, Streamed, lines, stream};
use crate::load::incremental::items::{Items, Key};
use crate::load::layout::{Layout, Line, Scan, layout};

/// Chunk sizes: one byte (every line straddles chunks), a few, and the reload's own.
const CAPACITIES: &[usize] = &[1, 2, 3, 5, 8, 64, 1 << 16];

const HEAD: &str = "title: T\nsources: []\nactors: []\n";

/// Texts whose items can be found, each in some shape the rules must take.
const LAID_OUT: &[&str] = &[
    "title: T\nevents:\n  - id: a\n    date: 2020\n  - id: b\n    date: 2021\n",
    // A byte order mark.
    "\u{FEFF}title: T\nevents:\n  - id: a\n  - id: b\n",
    // Windows line ends.
    "title: T\r\nevents:\r\n  - id: a\r\n    date: 2020\r\n  - id: b\r\n",
    // Comments before, between and inside items, blank lines, a comment on `events:`.
    "# top\ntitle: T\nevents: # the list\n\n  # first\n  - id: a\n    # inside\n\n# at column 0\n  - id: b\n",
    // A block scalar holding what looks like items and keys.
    "title: T\nevents:\n  - id: a\n    summary: |\n      - not an item\n        - nor this\n      events:\n  - id: b\n",
    // No line end at the end.
    "title: T\nevents:\n  - id: a\n  - id: b",
    // Items at column 0, and text beyond ASCII cut anywhere by small chunks.
    "title: Tëst ✓\nevents:\n- id: a\n  title: 日本語\n- id: b\n  title: émoji 🎉\n",
    // A `-` that is no item: a deeper list inside an item.
    "title: T\nevents:\n  - id: a\n    tags:\n      - x\n      - y\n  - id: b\n",
    // An ampersand and a star that start no anchor or alias.
    "title: T\nevents:\n  - id: a\n    title: Tom & Jerry, 5 * 3\n  - id: b\n",
];

/// Texts whose items cannot be found safely, each after the first item: a previous text with
/// the same head does not save them.
const REFUSED: &[&str] = &[
    // A document marker.
    "title: T\nevents:\n  - id: a\n---\n  - id: b\n",
    "title: T\nevents:\n  - id: a\n...\n",
    "title: T\nevents:\n  - id: a\n%YAML 1.2\n",
    // An anchor, an alias, a merge key after `events:`.
    "title: T\nevents:\n  - id: a\n    x: &anchor 1\n  - id: b\n",
    "title: T\nevents:\n  - id: a\n    x: *anchor\n  - id: b\n",
    "title: T\nevents:\n  - id: a\n    <<: {x: 1}\n",
    "title: T\nevents: &all\n  - id: a\n",
    // A key after `events:`.
    "title: T\nevents:\n  - id: a\nmore: 1\n",
    // A first item line that is no item.
    "title: T\nevents:\n  id: a\n",
    // No item at all.
    "title: T\nevents:\n  # none\n",
    "title: T\nevents: []\n",
];

fn reader(text: &[u8], capacity: usize) -> BufReader<&[u8]> {
    BufReader::with_capacity(capacity, text)
}

/// The layout of `text` as a stream: its lines through [`Scan`] as they come.
fn streamed_layout(text: &[u8], capacity: usize) -> Option<(Layout, Digest)> {
    let mut scan = Scan::default();
    let mut items = Vec::new();
    let (mut n, mut at) = (0, 0);
    let digest = lines(&mut reader(text, capacity), u64::MAX, |line| {
        let line = std::str::from_utf8(line).ok()?;
        if scan.line(at, line)? == Line::Item {
            items.push((n, at));
        }
        n += 1;
        at += line.len();
        Some(())
    })?;
    let events_at = scan.finish()?;
    Some((Layout { events_at, items }, digest))
}

fn streamed(previous: &Items, text: &[u8], capacity: usize) -> Option<Streamed> {
    stream(previous, &mut reader(text, capacity), u64::MAX)
}

fn items(text: &str) -> Items {
    let layout = layout(text).expect("laid out");
    Items::of(text, &layout)
}

fn digest(text: &[u8]) -> Digest {
    Digest {
        len: text.len() as u64,
        xxh3: xxh3_128(text),
    }
}

#[test]
fn lines_come_whole_and_in_order_whatever_the_chunks() {
    for text in LAID_OUT.iter().chain(REFUSED) {
        for &capacity in CAPACITIES {
            let mut got = Vec::new();
            let mut count = 0;
            let d = lines(&mut reader(text.as_bytes(), capacity), u64::MAX, |line| {
                assert!(!line[..line.len() - 1].contains(&b'\n'));
                got.extend_from_slice(line);
                count += 1;
                Some(())
            });
            assert_eq!(got, text.as_bytes());
            assert_eq!(count, text.lines().count());
            assert_eq!(d, Some(digest(text.as_bytes())));
        }
    }
    assert_eq!(
        lines(&mut reader(b"", 4), u64::MAX, |_| None),
        Some(digest(b""))
    );
    // Past the limit, and when a line is refused: nothing.
    assert_eq!(lines(&mut reader(b"abc\ndef\n", 2), 7, |_| Some(())), None);
    assert_eq!(
        lines(&mut reader(b"abc\ndef\n", 2), 8, |_| Some(())),
        Some(digest(b"abc\ndef\n"))
    );
    assert_eq!(
        lines(&mut reader(b"abc\ndef", 3), 99, |l| (l != b"def")
            .then_some(())),
        None
    );
}

#[test]
fn the_streamed_layout_is_the_layout() {
    for text in LAID_OUT.iter().chain(REFUSED) {
        let whole = layout(text);
        assert_eq!(whole.is_some(), LAID_OUT.contains(text), "{text:?}");
        for &capacity in CAPACITIES {
            let streamed = streamed_layout(text.as_bytes(), capacity);
            assert_eq!(
                streamed.as_ref().map(|(l, _)| l),
                whole.as_ref(),
                "{text:?} by {capacity}"
            );
        }
    }
}

#[test]
fn the_stream_gives_the_items_of_the_whole_text() {
    for text in LAID_OUT {
        let whole = items(text);
        for &capacity in CAPACITIES {
            let s = streamed(&whole, text.as_bytes(), capacity).expect("the same text streams");
            assert_eq!(s.items, whole, "{text:?} by {capacity}");
            assert!(s.kept.is_empty(), "nothing changed, nothing kept");
            assert_eq!(s.digest, digest(text.as_bytes()));
            assert!(!s.reviews);
        }
    }
}

#[test]
fn the_stream_refuses_what_layout_refuses_even_with_the_same_head() {
    let mut same_head = 0;
    for text in REFUSED {
        // The previous text: the same up to its first item, and laid out (when that can be:
        // else any other).
        let first = text.find("  - ").unwrap_or(text.len());
        let before = format!("{}  - id: a\n", &text[..first]);
        let previous = match layout(&before) {
            Some(layout) => {
                same_head += 1;
                Items::of(&before, &layout)
            }
            None => items("title: T\nevents:\n  - id: a\n"),
        };
        for &capacity in CAPACITIES {
            assert!(
                streamed(&previous, text.as_bytes(), capacity).is_none(),
                "{text:?}"
            );
        }
    }
    assert!(same_head >= 7, "most refusals are the rules' own");
}

#[test]
fn the_stream_keeps_the_text_of_changed_items_only() {
    let old = format!("{HEAD}events:\n  - id: a\n  - id: b\n  - id: c\n");
    let new = format!("{HEAD}events:\n  - id: a\n  - id: x # review\n  - id: c\n  - id: b\n");
    for &capacity in CAPACITIES {
        let s = streamed(&items(&old), new.as_bytes(), capacity).expect("streams");
        assert_eq!(s.items, items(&new));
        let kept: Vec<&String> = s.kept.values().collect();
        assert_eq!(kept, ["  - id: x # review\n"]);
        assert_eq!(
            s.kept.get(&Key::of("  - id: x # review\n")),
            kept.first().copied()
        );
        assert!(s.reviews);
    }
    // An item there twice in the new text and once in the old: its text is kept, once.
    let twice = format!("{HEAD}events:\n  - id: c\n  - id: a\n  - id: b\n  - id: c\n");
    let s = streamed(&items(&old), twice.as_bytes(), 3).expect("streams");
    assert_eq!(s.kept.values().collect::<Vec<_>>(), ["  - id: c\n"]);
}

#[test]
fn the_stream_stops_at_a_changed_head_bad_utf8_or_a_growing_head() {
    let old = format!("{HEAD}events:\n  - id: a\n");
    let previous = items(&old);
    for text in [
        b"title: U\nsources: []\nactors: []\nevents:\n  - id: a\n".to_vec(),
        format!("{HEAD}periods: []\nevents:\n  - id: a\n").into_bytes(),
        format!("{HEAD}# a comment\nevents:\n  - id: a\n").into_bytes(),
        b"title: T\nsources: []\nactors: []\nevents:\n  - id: \xff\n".to_vec(),
        // No `events:` at all: the head only grows.
        "title: T\n".repeat(1000).into_bytes(),
    ] {
        for &capacity in CAPACITIES {
            assert!(streamed(&previous, &text, capacity).is_none());
        }
    }
}

#[test]
fn the_stream_stops_once_too_many_items_changed() {
    let text = |n: usize, changed: usize| {
        let mut out = format!("{HEAD}events:\n");
        for i in 0..n {
            let name = if i < changed { "new" } else { "old" };
            let _ = writeln!(out, "  - id: {name}{i}");
        }
        out
    };
    let previous = items(&text(900, 0));
    // 300 changed of 900: a patch may still come of it (a quarter of 900 is 225, but the new
    // file could be longer); 301 is past a third of the old file: no patch can.
    assert!(streamed(&previous, text(900, 300).as_bytes(), 64).is_some());
    assert!(streamed(&previous, text(900, 301).as_bytes(), 64).is_none());
}
