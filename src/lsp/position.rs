//! Byte offsets of the text ↔ LSP positions, whose columns count UTF-16 code units (the
//! protocol's default encoding, which every client speaks).

use std::borrow::Cow;

use lsp_types::{Position, Range};

/// The start of each line of a text, to turn offsets into positions and back.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Cow<'a, [usize]>,
}

/// Where each line of `text` starts (an analysis keeps them: made once on the worker, not at
/// each request on the main loop).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

/// [`LineIndex::offset`] without an index: for a text asked one position of (a buffer just
/// edited, the line being completed), it reads up to that line only and allocates nothing.
pub fn offset_in(text: &str, position: Position) -> usize {
    let bytes = text.as_bytes();
    let start = match (position.line as usize).checked_sub(1) {
        None => 0,
        Some(newlines) => match memchr::memchr_iter(b'\n', bytes).nth(newlines) {
            Some(at) => at + 1,
            None => return text.len(),
        },
    };
    let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
    column_offset(text, start, end, position.character)
}

/// The byte offset of UTF-16 column `character` in the line `start..end` of `text`.
fn column_offset(text: &str, start: usize, end: usize, character: u32) -> usize {
    let character = character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
        if units > character {
            return start + i;
        }
    }
    end
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: Cow::Owned(line_starts(text)),
        }
    }

    /// The index of `text` from its [`line_starts`], made before.
    pub fn with_starts(text: &'a str, starts: &'a [usize]) -> Self {
        LineIndex {
            text,
            starts: Cow::Borrowed(starts),
        }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character start).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    pub fn range(&self, range: std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a column past
    /// the end of its line is the line's end (as the protocol says), and a column inside a
    /// surrogate pair is the character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        column_offset(self.text, start, end, position.character)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_both_ways() {
        let text = "a: \u{e9}\u{1F600}x\nb: y\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(0, 6));
        assert_eq!(index.offset(Position::new(0, 6)), x);
        assert_eq!(index.position(text.len()), Position::new(2, 0));
        assert_eq!(index.offset(Position::new(1, 99)), text.len() - 1);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(
            index.offset(Position::new(0, 5)),
            text.find('\u{1F600}').unwrap()
        );
    }

    #[test]
    fn an_offset_read_without_an_index_is_the_index_one() {
        for text in ["a: \u{e9}\u{1F600}x\nb: y\n", "one\n\nthree", "", "\n"] {
            let index = LineIndex::new(text);
            let borrowed = line_starts(text);
            let again = LineIndex::with_starts(text, &borrowed);
            for line in 0..5 {
                for character in 0..10 {
                    let p = Position::new(line, character);
                    assert_eq!(offset_in(text, p), index.offset(p), "{text:?} {p:?}");
                    assert_eq!(again.offset(p), index.offset(p));
                }
            }
        }
    }
}
