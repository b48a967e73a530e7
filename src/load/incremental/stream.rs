//! The new text of a reload read as a stream, line by line, never held whole: what the plan
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

use std::collections::HashMap;
use std::io::{BufRead, ErrorKind};

use memchr::memmem::Finder;
use xxhash_rust::xxh3::Xxh3;

use super::items::{Items, Key};
use super::plan::MANY;
use crate::load::layout::{Line, Scan};

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

/// Reads `read` to its end as the next text after one with items `previous`; `None` as soon
/// as no patch can come of it (see the module documentation), or past `limit` bytes, or when
/// reading fails.
pub(super) fn stream(previous: &Items, read: &mut dyn BufRead, limit: u64) -> Option<Streamed> {
    let mut state = State::new(previous);
    let digest = lines(read, limit, |line| state.line(line))?;
    state.finish(digest)
}

/// Hands each line of `read` to `each` (with its `\n`; the last line may have none), in
/// order, and gives the digest of all the bytes; `None` when `each` does, past `limit` bytes,
/// or when reading fails.
fn lines(
    read: &mut dyn BufRead,
    limit: u64,
    mut each: impl FnMut(&[u8]) -> Option<()>,
) -> Option<Digest> {
    let mut hasher = Xxh3::new();
    let mut len: u64 = 0;
    // The start of a line that goes on in the next chunk.
    let mut partial: Vec<u8> = Vec::new();
    loop {
        let chunk = match read.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        if chunk.is_empty() {
            break;
        }
        hasher.update(chunk);
        len += chunk.len() as u64;
        if len > limit {
            return None;
        }
        let mut rest = chunk;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            let (line, after) = rest.split_at(i + 1);
            if partial.is_empty() {
                each(line)?;
            } else {
                partial.extend_from_slice(line);
                each(&partial)?;
                partial.clear();
            }
            rest = after;
        }
        partial.extend_from_slice(rest);
        let taken = chunk.len();
        read.consume(taken);
    }
    if !partial.is_empty() {
        each(&partial)?;
    }
    Some(Digest {
        len,
        xxh3: hasher.digest128(),
    })
}

/// The stream's state between lines.
struct State<'p> {
    previous: &'p Items,
    scan: Scan,
    /// Where the next line begins.
    at: usize,
    head: String,
    /// Whether the first item began.
    begun: bool,
    /// The text of the item being read.
    item: String,
    keys: Vec<Key>,
    /// How many times each key of the previous text is there still to be matched.
    left: HashMap<Key, u32>,
    kept: HashMap<Key, String>,
    /// How many items so far the plan will parse: a lower bound of how many it will.
    fresh: usize,
    reviews: bool,
    review: Finder<'static>,
}

impl<'p> State<'p> {
    fn new(previous: &'p Items) -> Self {
        let mut left: HashMap<Key, u32> = HashMap::with_capacity(previous.keys.len());
        for &key in &previous.keys {
            *left.entry(key).or_default() += 1;
        }
        Self {
            previous,
            scan: Scan::default(),
            at: 0,
            head: String::new(),
            begun: false,
            item: String::new(),
            keys: Vec::with_capacity(previous.keys.len()),
            left,
            kept: HashMap::new(),
            fresh: 0,
            reviews: false,
            review: Finder::new("review"),
        }
    }

    /// Takes one line (with its `\n`, but for a last line without one); `None` when no patch
    /// can come of the text.
    fn line(&mut self, bytes: &[u8]) -> Option<()> {
        let line = std::str::from_utf8(bytes).ok()?;
        // As `has_reviews` on the whole text: "review" holds no line break.
        self.reviews = self.reviews || self.review.find(bytes).is_some();
        match self.scan.line(self.at, line)? {
            Line::Before => {
                self.head.push_str(line);
                // The plan patches only a text with the previous head.
                if self.head.len() > self.previous.head.len() {
                    return None;
                }
            }
            Line::Item => {
                if self.begun {
                    self.item_done()?;
                } else {
                    if self.head != self.previous.head {
                        return None;
                    }
                    self.begun = true;
                }
                self.item.push_str(line);
            }
            Line::InItem => self.item.push_str(line),
        }
        self.at += line.len();
        Some(())
    }

    /// The item read is complete: its key, and its text kept when the plan may parse it.
    fn item_done(&mut self) -> Option<()> {
        let key = Key::of(&self.item);
        self.keys.push(key);
        match self.left.get_mut(&key) {
            Some(left) if *left > 0 => {
                *left -= 1;
                self.item.clear();
            }
            _ => {
                self.fresh += 1;
                // Past `MANY` and a third of the old items, the plan would find more than
                // `MANY` changed items and a quarter of the new file's (which has at most as
                // many items as the old file and the changed ones together): too many.
                if self.fresh > MANY && self.fresh * 3 > self.previous.keys.len() {
                    return None;
                }
                match self.kept.entry(key) {
                    std::collections::hash_map::Entry::Vacant(entry) => {
                        entry.insert(std::mem::take(&mut self.item));
                    }
                    std::collections::hash_map::Entry::Occupied(_) => self.item.clear(),
                }
            }
        }
        Some(())
    }

    fn finish(mut self, digest: Digest) -> Option<Streamed> {
        let events_at = self.scan.finish()?;
        self.item_done()?;
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

#[cfg(test)]
mod tests;
