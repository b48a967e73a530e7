//! Where each piece of text the parser hands over sits in the page.
//!
//! html5ever reports no byte offsets, only a line per token, and that line is where the token
//! *ends* (its fast path counts a run's newlines before emitting it). But the pieces arrive in
//! the order of the page, each a copy of the page's text (less `\r`) or the value of one
//! character reference. So a cursor walks the page: a piece is looked for first right after the
//! cursor (past white space and markup: the usual case, text after a tag), then as a character
//! reference there, then searched for up to the end of its reported line, skipping matches
//! inside tags. A piece not found is put at the cursor or the start of its line, whichever is
//! later: a piece without a newline lies wholly on its reported line, so its line is right even
//! then. Work is bounded: the searches together scan at most [`SCAN_PER_BYTE`] times the page.

use super::super::decode::Decoded;

/// How many times the page's size the searches may scan in all, so no page makes locating
/// quadratic; past it, pieces go to their line's start.
const SCAN_PER_BYTE: usize = 16;

/// The longest part of a piece looked for: enough to be unique, cheap to compare.
const NEEDLE_BYTES: usize = 64;

pub(in crate::extract) struct Locator<'a> {
    page: &'a Decoded,
    cursor: usize,
    budget: usize,
}

impl<'a> Locator<'a> {
    pub fn new(page: &'a Decoded) -> Self {
        Self {
            page,
            cursor: 0,
            budget: page.text.len().saturating_mul(SCAN_PER_BYTE) + (1 << 20),
        }
    }

    /// Where `piece` begins in the page, reported by the parser on `line`: `(offset in piece,
    /// offset in page)` of its first character that is not white space (of its first
    /// character when it is all white space and right at the cursor); `None` for white space
    /// found nowhere (it collapses, so where it came from seldom shows).
    ///
    /// `raw` says the piece is the content of an element whose text the tokenizer reads
    /// without tags (`script`, `style`, `textarea` …): there `<` is a character, and pieces
    /// follow each other with nothing between, so a piece is first looked for right at the
    /// cursor.
    pub fn locate(&mut self, piece: &str, line: u64, raw: bool) -> Option<(usize, usize)> {
        let blank = piece.bytes().all(|b| b.is_ascii_whitespace());
        if raw || blank {
            // White space is placed too (after a reference or a tag its place is not where
            // the piece before it ends, and in `pre` it shows).
            let at = if raw {
                self.cursor
            } else {
                let (_, line_end) = self
                    .page
                    .line_span(usize::try_from(line).unwrap_or(usize::MAX));
                self.skip_tags(self.cursor, line_end)
            };
            if self.matches_at(at, piece) {
                self.found(0, piece, at);
                return Some((0, at));
            }
        }
        let within = piece.find(|c: char| !c.is_ascii_whitespace())?;
        let rest = &piece[within..];
        let first_line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        let needle = &first_line[..floor_boundary(first_line, NEEDLE_BYTES)];
        let text = self.page.text.as_bytes();
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        let (line_start, line_end) = self.page.line_span(line);

        let at = self.skip_markup(self.cursor, line_end);
        let reference = text.get(at) == Some(&b'&') && reference_end(text, at) > at + 1;
        if text[at..].starts_with(needle.as_bytes()) && !(reference && rest == "&") {
            return Some(self.found(within, rest, at));
        }
        if text.get(at) == Some(&b'&') {
            // A character reference: the piece is its value.
            self.cursor = reference_end(text, at);
            return Some((within, at));
        }
        let limit = (line_end + needle.len()).min(text.len());
        let mut from = at;
        while from < limit && self.budget > 0 {
            let hay = &text[from..limit];
            self.budget = self.budget.saturating_sub(hay.len());
            let Some(p) = memchr::memmem::find(hay, needle.as_bytes()) else {
                break;
            };
            let found = from + p;
            match tag_around(text, from, found, limit) {
                Some(after) => from = after,
                None => return Some(self.found(within, rest, found)),
            }
        }
        let fallback = if rest.contains('\n') {
            self.cursor
        } else {
            self.cursor.max(line_start)
        };
        Some((within, fallback))
    }

    /// Whether the page at `at` reads `piece` (allowing `\r\n` for `\n`).
    fn matches_at(&self, at: usize, piece: &str) -> bool {
        let text = self.page.text.as_bytes();
        let mut c = at;
        for &b in piece.as_bytes() {
            match text.get(c) {
                Some(&t) if t == b => c += 1,
                Some(b'\r') if b == b'\n' => {
                    c += 1;
                    if text.get(c) == Some(&b'\n') {
                        c += 1;
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// Moves the cursor past `rest`, found at `at`, as far as the page matches it (the page may
    /// have `\r\n` where the piece has `\n`).
    fn found(&mut self, within: usize, rest: &str, at: usize) -> (usize, usize) {
        let text = self.page.text.as_bytes();
        let mut c = at;
        for &b in rest.as_bytes() {
            match text.get(c) {
                Some(&t) if t == b => c += 1,
                Some(b'\r') if b == b'\n' => {
                    c += 1;
                    if text.get(c) == Some(&b'\n') {
                        c += 1;
                    }
                }
                _ => break,
            }
        }
        self.budget = self.budget.saturating_sub(c - at);
        self.cursor = c;
        (within, at)
    }

    /// The first byte from `at` that is not white space, a tag, a comment or a comment's end,
    /// looking no further than `end`.
    fn skip_markup(&mut self, at: usize, end: usize) -> usize {
        self.skip(at, end, true)
    }

    /// The first byte from `at` that is not a tag, a comment or a comment's end.
    fn skip_tags(&mut self, at: usize, end: usize) -> usize {
        self.skip(at, end, false)
    }

    fn skip(&mut self, mut at: usize, end: usize, spaces: bool) -> usize {
        let text = self.page.text.as_bytes();
        let end = end.min(text.len());
        while at < end && self.budget > 0 {
            let rest = &text[at..end];
            if spaces && rest[0].is_ascii_whitespace() {
                at += 1;
            } else if rest.starts_with(b"-->") {
                at += 3;
            } else if rest.starts_with(b"<!--") {
                let close = memchr::memmem::find(&rest[4..], b"-->").map_or(rest.len(), |p| p + 7);
                at += close;
                self.budget = self.budget.saturating_sub(close);
            } else if rest[0] == b'<' && rest.get(1).is_some_and(|&b| starts_tag(b)) {
                let close = memchr::memchr(b'>', rest).map_or(rest.len(), |p| p + 1);
                at += close;
                self.budget = self.budget.saturating_sub(close);
            } else {
                break;
            }
        }
        at
    }
}

/// Whether `<` followed by `b` opens markup (a tag, an end tag, a comment or declaration).
fn starts_tag(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')
}

/// When `found` lies inside a tag opened after `from`, the offset just past that tag's `>`
/// (or `limit` when it never closes); `None` when `found` is in text.
fn tag_around(text: &[u8], from: usize, found: usize, limit: usize) -> Option<usize> {
    let before = &text[from..found];
    let open = memchr::memrchr_iter(b'<', before)
        .find(|&lt| before.get(lt + 1).is_none_or(|&b| starts_tag(b)))?;
    if memchr::memchr(b'>', &before[open..]).is_some() {
        return None;
    }
    Some(memchr::memchr(b'>', &text[found..limit]).map_or(limit, |p| found + p + 1))
}

/// Just past the character reference starting with the `&` at `at` (`&name;`, a legacy
/// `&name` without `;` as the parser takes it, `&#123;`, `&#x1F600;`), or `at + 1` when
/// there is none.
fn reference_end(text: &[u8], at: usize) -> usize {
    let mut c = at + 1;
    let max = (at + 40).min(text.len());
    if text.get(c) == Some(&b'#') {
        c += 1;
        if matches!(text.get(c), Some(b'x' | b'X')) {
            c += 1;
        }
        let digits = c;
        while c < max && text[c].is_ascii_alphanumeric() {
            c += 1;
        }
        if c == digits {
            return at + 1;
        }
        return if text.get(c) == Some(&b';') { c + 1 } else { c };
    }
    let start = c;
    while c < max && text[c].is_ascii_alphanumeric() {
        c += 1;
    }
    let Ok(name) = std::str::from_utf8(&text[start..c]) else {
        return at + 1;
    };
    let known = |key: &str| {
        html5ever::data::NAMED_ENTITIES
            .get(key)
            .is_some_and(|&(cp, _)| cp != 0)
    };
    if text.get(c) == Some(&b';') && known(&format!("{name};")) {
        return c + 1;
    }
    // The parser takes the longest name it knows without `;` (`&notit;` is `¬` then `it;`).
    (1..=name.len())
        .rev()
        .find(|&n| known(&name[..n]))
        .map_or(at + 1, |n| start + n)
}

/// The largest char boundary of `s` at or below `max`.
fn floor_boundary(s: &str, max: usize) -> usize {
    let mut at = max.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}
