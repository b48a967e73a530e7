//! The new text of a reload read as a stream, never held whole: what the plan
//! needs of it is its items ([`Items`]) and the text of the few items it parses, and what a
//! write needs is the length and digest of the bytes read. At 100,000 events the whole text
//! is 60 MB, and the viewer holds the chronology all the while: reading it into one string
//! made every save's peak 60 MB higher than the viewer's steady state.
//!
//! The lines go through the rules of [`layout`](crate::load::layout::layout) ([`Scan`]), so
//! the items found are those of the whole text. An item's text is kept only when it may be
//! one the plan parses: when its key is not among the previous text's, or is there fewer
//! times than in the new text so far (items are matched by key, and equal keys are equal
//! texts, so one text per key serves every item with it). Whatever cannot give a patch stops
//! the stream early (a line that is not UTF-8, a head that differs, a layout refused, too
//! many changed items), and the reload reads the whole text for a full load.
//!
//! The bytes are read in chunks into one buffer ([`runs`]) that holds them from where the item
//! being read begins: each run of whole lines goes through the rules as it comes, and an item's
//! text is hashed, or copied out when kept, straight from the buffer once the next item begins.
//! Nothing is copied line by line, and the buffer grows past [`CHUNK`] only for an item
//! larger than it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{ErrorKind, Read};

use memchr::memmem::Finder;
use xxhash_rust::xxh3::Xxh3;

use super::items::{Items, Key};
use super::plan::MANY;
use crate::load::layout::{Line, Scan};

/// How much is read at a time: a few hundred items of the generated chronology, so a read
/// serves many items (few calls to the system for a 60 MB file) while the buffer stays a small
/// fraction of the text it spares holding.
pub(super) const CHUNK: usize = 1 << 18;

/// The bytes a reload read and did not keep, as a write's snapshot needs them: their length
/// and xxh3-128 digest (those of `crate::edit::Snapshot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest {
    pub len: u64,
    pub xxh3: u128,
}

/// What a stream gave: the new text's items, the text of each item the plan may parse, by
/// key, whether the text may hold a review, and the digest of every byte read.
pub(super) struct Streamed {
    pub(super) items: Items,
    pub(super) kept: HashMap<Key, String>,
    pub(super) reviews: bool,
    pub(super) digest: Digest,
}

/// Reads `read` to its end, `chunk` bytes at a time, as the next text after one with items
/// `previous`; `None` as soon as no patch can come of it (see the module documentation), or
/// past `limit` bytes, or when reading fails.
pub(super) fn stream(
    previous: &Items,
    read: &mut dyn Read,
    limit: u64,
    chunk: usize,
) -> Option<Streamed> {
    let mut state = State::new(Some(previous));
    let (held, digest) = runs(read, limit, chunk, &mut state)?;
    state.finish(&held, digest)
}

/// Reads `read` to its end, `chunk` bytes at a time, as a text opened with no previous one:
/// every item's key, no item's text (an opening from the snapshot cache parses nothing);
/// `None` when the text cannot be laid out, past `limit` bytes, or when reading fails.
pub(super) fn opened(read: &mut dyn Read, limit: u64, chunk: usize) -> Option<Streamed> {
    let mut state = State::new(None);
    let (held, digest) = runs(read, limit, chunk, &mut state)?;
    state.finish(&held, digest)
}

/// What takes a text's lines, a run of whole lines at a time, as read into one buffer.
pub(super) trait Lines {
    /// Takes the lines of `run`, which begins at byte `at` of the text (each ends with its
    /// `\n`, but for a last line without one). `held` is the buffer, from the byte asked for
    /// by [`Lines::keep_from`] (or before) to the end of `run`; `held_at`, where it begins in
    /// the text. `None` stops the reading.
    fn lines(&mut self, held: &[u8], held_at: usize, run: &str, at: usize) -> Option<()>;

    /// The first byte of the text still needed in the buffer (at most `at`, where the next
    /// run begins).
    fn keep_from(&self, at: usize) -> usize;
}

/// Hands the lines of `read` to `to` a run at a time, in order; gives the text from where
/// `to` last asked to keep it to the end, and the digest of every byte read. `None` when `to`
/// says so, past `limit` bytes, on bytes that are not UTF-8, or when reading fails.
pub(super) fn runs(
    read: &mut dyn Read,
    limit: u64,
    chunk: usize,
    to: &mut dyn Lines,
) -> Option<(Vec<u8>, Digest)> {
    let mut buf = vec![0u8; chunk.max(1)];
    // `buf[..filled]` is the text from byte `base`; `buf[..taken]` went to `to`.
    let (mut base, mut filled, mut taken) = (0usize, 0usize, 0usize);
    let mut hasher = Xxh3::new();
    loop {
        if filled == buf.len() {
            // Room for more: the bytes still needed go to the front, and the buffer grows
            // when they fill it (an item larger than it).
            let keep = to.keep_from(base + taken).clamp(base, base + taken) - base;
            buf.copy_within(keep..filled, 0);
            base += keep;
            filled -= keep;
            taken -= keep;
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
        }
        let n = match read.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        let fresh = &buf[filled..filled + n];
        hasher.update(fresh);
        let last_end = memchr::memrchr(b'\n', fresh);
        filled += n;
        if (base + filled) as u64 > limit {
            return None;
        }
        if let Some(i) = last_end {
            // A line ends at a character's end: each run is UTF-8 alone when the text is.
            let end = filled - n + i + 1;
            let run = std::str::from_utf8(&buf[taken..end]).ok()?;
            to.lines(&buf[..end], base, run, base + taken)?;
            taken = end;
        }
    }
    if taken < filled {
        let run = std::str::from_utf8(&buf[taken..filled]).ok()?;
        to.lines(&buf[..filled], base, run, base + taken)?;
    }
    let keep = to.keep_from(base + filled).clamp(base, base + filled) - base;
    buf.truncate(filled);
    buf.drain(..keep);
    let digest = Digest {
        len: (base + filled) as u64,
        xxh3: hasher.digest128(),
    };
    Some((buf, digest))
}

/// The stream's state between runs of lines.
pub(super) struct State<'p> {
    /// The text this one follows; `None` for an opening, which keeps every item's key and no
    /// item's text, and never stops for what changed.
    previous: Option<&'p Items>,
    scan: Scan,
    head: String,
    /// Where the item being read begins, once the first did.
    item: Option<usize>,
    keys: Vec<Key>,
    /// How many times each key of the previous text is there still to be matched.
    left: HashMap<Key, u32>,
    kept: HashMap<Key, String>,
    /// How many items so far the plan will parse: a lower bound of how many it will.
    fresh: usize,
    reviews: bool,
    review: Finder<'static>,
}

impl State<'static> {
    /// The state of a text read with no previous one, as [`opened`] reads it.
    pub(super) fn opening() -> Self {
        Self::new(None)
    }
}

impl<'p> State<'p> {
    /// Where the item being read begins (the last one begun), once an item began.
    pub(super) fn item(&self) -> Option<usize> {
        self.item
    }

    /// How many items are read whole: the number of the item being read.
    pub(super) fn items_done(&self) -> usize {
        self.keys.len()
    }

    /// The text before the first item, as far as it is read.
    pub(super) fn head(&self) -> &str {
        &self.head
    }

    /// Where the `events:` line begins, once it is read.
    pub(super) fn events_at(&self) -> Option<usize> {
        self.scan.events_line()
    }

    /// Whether the text read so far may hold a review.
    pub(super) fn reviews(&self) -> bool {
        self.reviews
    }

    fn new(previous: Option<&'p Items>) -> Self {
        let old: &[Key] = previous.map_or(&[], |p| &p.keys);
        let mut left: HashMap<Key, u32> = HashMap::with_capacity(old.len());
        for &key in old {
            *left.entry(key).or_default() += 1;
        }
        Self {
            previous,
            scan: Scan::default(),
            head: String::new(),
            item: None,
            keys: Vec::with_capacity(old.len()),
            left,
            kept: HashMap::new(),
            fresh: 0,
            reviews: false,
            review: Finder::new("review"),
        }
    }

    /// The item from `start` to `end` (text offsets, within `held`) is complete: its key, and
    /// its text kept when the plan may parse it.
    fn item_done(&mut self, held: &[u8], held_at: usize, start: usize, end: usize) -> Option<()> {
        let text = held.get(start.checked_sub(held_at)?..end.checked_sub(held_at)?)?;
        let key = Key::of_bytes(text);
        self.keys.push(key);
        match self.left.get_mut(&key) {
            Some(left) if *left > 0 => *left -= 1,
            _ => {
                let Some(previous) = self.previous else {
                    return Some(());
                };
                self.fresh += 1;
                // Past `MANY` and a third of the old items, the plan would find more than
                // `MANY` changed items and a quarter of the new file's (which has at most as
                // many items as the old file and the changed ones together): too many.
                if self.fresh > MANY && self.fresh * 3 > previous.keys.len() {
                    return None;
                }
                if let Entry::Vacant(entry) = self.kept.entry(key) {
                    entry.insert(String::from_utf8(text.to_vec()).ok()?);
                }
            }
        }
        Some(())
    }

    pub(super) fn finish(mut self, held: &[u8], digest: Digest) -> Option<Streamed> {
        let events_at = self.scan.finish()?;
        let end = usize::try_from(digest.len).ok()?;
        let held_at = end.checked_sub(held.len())?;
        self.item_done(held, held_at, self.item?, end)?;
        Some(Streamed {
            items: Items {
                head: self.head,
                events_at,
                keys: self.keys,
            },
            kept: self.kept,
            reviews: self.reviews,
            digest,
        })
    }
}

impl Lines for State<'_> {
    fn lines(&mut self, held: &[u8], held_at: usize, run: &str, mut at: usize) -> Option<()> {
        // As `has_reviews` on the whole text: "review" holds no line break.
        self.reviews = self.reviews || self.review.find(run.as_bytes()).is_some();
        for line in run.split_inclusive('\n') {
            match self.scan.line(at, line)? {
                Line::Before => {
                    self.head.push_str(line);
                    // The plan patches only a text with the previous head.
                    if self
                        .previous
                        .is_some_and(|p| self.head.len() > p.head.len())
                    {
                        return None;
                    }
                }
                Line::Item => {
                    match self.item {
                        Some(start) => self.item_done(held, held_at, start, at)?,
                        None if self.previous.is_some_and(|p| self.head != p.head) => return None,
                        None => {}
                    }
                    self.item = Some(at);
                }
                Line::InItem => {}
            }
            at += line.len();
        }
        Some(())
    }

    fn keep_from(&self, at: usize) -> usize {
        self.item.unwrap_or(at)
    }
}

#[cfg(test)]
pub(super) mod tests;
