//! The stream finds what the whole text's layout finds, line rules and all, however the bytes
//! come in (reads of a few bytes, a buffer smaller than an item); it keeps the text of the
//! items a plan may parse, and no other.

use std::fmt::Write as _;
use std::io::Read;

use xxhash_rust::xxh3::xxh3_128;

use super::{CHUNK, Digest, Lines, Streamed, runs, stream};
use crate::load::incremental::items::{Items, Key};
use crate::load::layout::{Layout, Line, Scan, layout};

/// Read sizes and buffer sizes: one byte (every line straddles reads, and the buffer grows
/// for every item), a few, and the reload's own.
const CAPACITIES: &[(usize, usize)] = &[
    (1, 1),
    (2, 3),
    (3, 2),
    (5, 16),
    (8, 8),
    (64, 64),
    (7, 1 << 10),
    (CHUNK, CHUNK),
];

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

/// A reader that gives at most `step` bytes a read, as a pipe or a slow disk may.
pub(crate) struct Trickle<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.text.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

/// Takes the runs as they come, the text kept from `keep` on.
struct Collect {
    keep: Option<usize>,
    runs: Vec<(usize, String)>,
    refuse: Option<&'static str>,
}

impl Lines for Collect {
    fn lines(&mut self, held: &[u8], held_at: usize, run: &str, at: usize) -> Option<()> {
        assert_eq!(&held[at - held_at..], run.as_bytes());
        if let Some(keep) = self.keep {
            assert!(held_at <= keep.min(at));
        }
        self.runs.push((at, run.to_owned()));
        (self.refuse != Some(run)).then_some(())
    }

    fn keep_from(&self, at: usize) -> usize {
        self.keep.map_or(at, |keep| keep.min(at))
    }
}

fn collect(
    text: &[u8],
    (step, chunk): (usize, usize),
    keep: Option<usize>,
    limit: u64,
) -> Option<(Collect, Vec<u8>, Digest)> {
    let mut to = Collect {
        keep,
        runs: Vec::new(),
        refuse: None,
    };
    let (held, digest) = runs(&mut Trickle { text, step }, limit, chunk, &mut to)?;
    Some((to, held, digest))
}

/// The layout of `text` as a stream: its lines through [`Scan`] as they come.
struct Laying {
    scan: Scan,
    items: Vec<(usize, usize)>,
    n: usize,
}

impl Lines for Laying {
    fn lines(&mut self, _: &[u8], _: usize, run: &str, mut at: usize) -> Option<()> {
        for line in run.split_inclusive('\n') {
            if self.scan.line(at, line)? == Line::Item {
                self.items.push((self.n, at));
            }
            self.n += 1;
            at += line.len();
        }
        Some(())
    }

    fn keep_from(&self, at: usize) -> usize {
        at
    }
}

fn streamed_layout(text: &[u8], (step, chunk): (usize, usize)) -> Option<(Layout, Digest)> {
    let mut laying = Laying {
        scan: Scan::default(),
        items: Vec::new(),
        n: 0,
    };
    let (_, digest) = runs(&mut Trickle { text, step }, u64::MAX, chunk, &mut laying)?;
    let events_at = laying.scan.finish()?;
    Some((
        Layout {
            events_at,
            items: laying.items,
        },
        digest,
    ))
}

fn streamed(previous: &Items, text: &[u8], (step, chunk): (usize, usize)) -> Option<Streamed> {
    stream(previous, &mut Trickle { text, step }, u64::MAX, chunk)
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
fn runs_are_whole_lines_in_order_whatever_the_reads() {
    for text in LAID_OUT.iter().chain(REFUSED) {
        for &capacity in CAPACITIES {
            let (to, held, d) = collect(text.as_bytes(), capacity, None, u64::MAX).expect("read");
            let mut at = 0;
            for (i, (run_at, run)) in to.runs.iter().enumerate() {
                assert_eq!(*run_at, at);
                assert!(run.ends_with('\n') || i == to.runs.len() - 1);
                at += run.len();
            }
            let whole: String = to.runs.iter().map(|(_, run)| run.as_str()).collect();
            assert_eq!(whole, *text);
            assert!(held.is_empty());
            assert_eq!(d, digest(text.as_bytes()));
            // All of it kept: the buffer grows to hold it.
            let (_, held, _) = collect(text.as_bytes(), capacity, Some(0), u64::MAX).expect("read");
            assert_eq!(held, text.as_bytes());
            let (_, held, _) = collect(text.as_bytes(), capacity, Some(9), u64::MAX).expect("read");
            assert_eq!(held, &text.as_bytes()[9..]);
        }
    }
    let (to, _, d) = collect(b"", (4, 4), None, u64::MAX).expect("nothing to read");
    assert!(to.runs.is_empty());
    assert_eq!(d, digest(b""));
    // Past the limit, not UTF-8, and when a run is refused: nothing.
    assert!(collect(b"abc\ndef\n", (2, 2), None, 7).is_none());
    assert!(collect(b"abc\ndef\n", (2, 2), None, 8).is_some());
    assert!(collect(b"abc\nd\xffef\n", (2, 2), None, 99).is_none());
    let mut to = Collect {
        keep: None,
        runs: Vec::new(),
        refuse: Some("def"),
    };
    assert!(
        runs(
            &mut Trickle {
                text: b"abc\ndef",
                step: 3
            },
            99,
            3,
            &mut to
        )
        .is_none()
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
                "{text:?} by {capacity:?}"
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
            assert_eq!(s.items, whole, "{text:?} by {capacity:?}");
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
    for &capacity in CAPACITIES {
        let s = streamed(&items(&old), twice.as_bytes(), capacity).expect("streams");
        assert_eq!(s.kept.values().collect::<Vec<_>>(), ["  - id: c\n"]);
    }
    // Changed items first and last, longer than the smaller buffers, the last without a line
    // end: each kept whole, however the buffer was moved and grown under it.
    let first = "  - id: y\n    title: ünïcode ✓ and more, well past a small buffer\n";
    let last = "  - id: z\n    summary: |\n      - not an item\n      and no line end";
    let ends = format!("{HEAD}events:\n{first}  - id: a\n  - id: b\n{last}");
    for &capacity in CAPACITIES {
        let s = streamed(&items(&old), ends.as_bytes(), capacity).expect("streams");
        assert_eq!(s.items, items(&ends), "by {capacity:?}");
        let mut kept: Vec<&str> = s.kept.values().map(String::as_str).collect();
        kept.sort_unstable();
        assert_eq!(kept, [first, last], "by {capacity:?}");
        assert_eq!(s.digest, digest(ends.as_bytes()));
    }
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
    assert!(streamed(&previous, text(900, 300).as_bytes(), (64, 64)).is_some());
    assert!(streamed(&previous, text(900, 301).as_bytes(), (64, 64)).is_none());
}
