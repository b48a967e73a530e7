//! Lines and columns of a text, found once: where a `line:column` of the parser is.
//!
//! Messages and `check --fix` turn positions into byte offsets, one per problem. Scanning from
//! the top of the file for each made a file with many problems quadratic (300,000 fixes in a
//! 33 MB file ran past ten minutes), and so did counting characters from the start of the line
//! for each of 80,000 problems on one 400 KB line. Here the lines' starts are found once, and a
//! cursor remembers the last place asked for: positions come in file order, so the next one on
//! the same line is reached by reading on from there, and each line is read once in all.

use std::cell::Cell;

/// Lines longer than this (bytes) are shown as a window around the place that matters: a
/// message must not carry a 50 MB line, nor a source's one-line 200 MB text per snippet.
pub const LONG: usize = 1024;
/// Characters kept on each side of that place: more than the 140 columns a snippet is drawn in.
pub const CONTEXT: usize = 160;

/// A text with the start of each line.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    cursor: Cell<Cursor>,
}

/// The last place found: 0-based line and character column, its byte offset, and how many
/// flow collections (`[`, `{`) are open before it on its line.
#[derive(Clone, Copy, Default)]
struct Cursor {
    line: usize,
    column: usize,
    offset: usize,
    open: usize,
}

/// Where a `line:column` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The byte offset in the text.
    pub offset: usize,
    /// Whether more `[` and `{` than `]` and `}` come before it on its line: a value inside a
    /// flow collection, which ends at the next `,`, `]` or `}`.
    pub in_flow: bool,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines {
            text,
            starts,
            cursor: Cell::new(Cursor {
                line: usize::MAX,
                ..Cursor::default()
            }),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Line `n` (1-based), without its line break (`\n`, or `\r\n` as `str::lines` drops it).
    pub fn get(&self, n: usize) -> Option<&'a str> {
        let (start, end) = self.span(n.checked_sub(1)?)?;
        let line = self.text.get(start..end)?;
        Some(if self.starts.get(n).is_some() {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        })
    }

    /// Byte range of 0-based line `i`, without its `\n`.
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(i)?;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&next| next - 1);
        Some((start, end))
    }

    /// Where the 1-based `line` and `column` are (columns count characters, as the parser's
    /// do, and a byte-order mark at the start is not counted). A column just past the end of
    /// the line is the line's end; `None` for a place the text does not have.
    pub fn place(&self, (line, column): (u64, u64)) -> Option<Place> {
        let line = usize::try_from(line).ok()?.checked_sub(1)?;
        let column = usize::try_from(column).ok()?.checked_sub(1)?;
        let (start, end) = self.span(line)?;
        let mut at = self.cursor.get();
        if at.line != line || at.column > column {
            let start = if line == 0 && self.text.starts_with('\u{FEFF}') {
                start + 3
            } else {
                start
            };
            at = Cursor {
                line,
                column: 0,
                offset: start,
                open: 0,
            };
        }
        let mut chars = self.text[at.offset..end].chars();
        while at.column < column {
            let c = chars.next()?;
            match c {
                '[' | '{' => at.open += 1,
                ']' | '}' => at.open = at.open.saturating_sub(1),
                _ => {}
            }
            at.offset += c.len_utf8();
            at.column += 1;
        }
        self.cursor.set(at);
        Some(Place {
            offset: at.offset,
            in_flow: at.open > 0,
        })
    }
}

/// The part of `text` to show around `span`: at most `context` characters on each side of it,
/// never past a line break (an excerpt of several lines keeps its lines whole), and of the span
/// itself at most `longest` characters. Costs what it keeps, however long the line.
#[must_use]
pub fn window(text: &str, span: std::ops::Range<usize>, context: usize, longest: usize) -> Window {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (floor(span.start), floor(span.end.max(span.start)));
    let before = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c != '\n')
        .take(context)
        .last()
        .map_or(start, |(i, _)| i);
    let span_end = text[start..end]
        .char_indices()
        .nth(longest)
        .map_or(end, |(i, _)| start + i);
    let after = if span_end < end {
        span_end
    } else {
        text[end..]
            .char_indices()
            .take_while(|&(_, c)| c != '\n')
            .take(context)
            .last()
            .map_or(end, |(i, c)| end + i + c.len_utf8())
    };
    Window {
        range: before..after,
        span: start..span_end,
        cut_before: before > 0 && !text[..before].ends_with('\n'),
        cut_after: after < text.len() && !text[after..].starts_with(['\n', '\r']),
    }
}

/// What [`window`] keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The bytes of the text kept.
    pub range: std::ops::Range<usize>,
    /// The span, cut to its longest, in the text's bytes.
    pub span: std::ops::Range<usize>,
    /// Whether a line goes on before or after what is kept.
    pub cut_before: bool,
    pub cut_after: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_str_lines() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nb\r", "\r\n\n x"] {
            let lines = Lines::new(text);
            for (i, want) in text.lines().enumerate() {
                assert_eq!(lines.get(i + 1), Some(want), "{text:?} line {}", i + 1);
            }
            assert_eq!(lines.get(0), None);
        }
    }

    #[test]
    fn places_count_characters_in_any_order() {
        let text = "\u{FEFF}ab: [é, {x: ü}]\nnext\n";
        let lines = Lines::new(text);
        let offset = |l, c| lines.place((l, c)).map(|p| p.offset);
        assert_eq!(offset(1, 1), Some(3), "the byte-order mark is not counted");
        assert_eq!(offset(1, 6), Some(text.find('é').unwrap()));
        assert_eq!(offset(1, 13), Some(text.find('ü').unwrap()));
        assert_eq!(offset(1, 5), Some(text.find('[').unwrap()), "backwards too");
        assert_eq!(offset(2, 1), Some(text.find("next").unwrap()));
        assert_eq!(
            offset(2, 5),
            Some(text.rfind('\n').unwrap()),
            "just past the end"
        );
        assert_eq!(offset(2, 6), None);
        assert_eq!(offset(3, 1), Some(text.len()));
        assert_eq!(offset(4, 1), None);
        assert_eq!(offset(0, 1), None);
        assert!(!lines.place((1, 5)).unwrap().in_flow);
        assert!(lines.place((1, 6)).unwrap().in_flow);
        assert!(lines.place((1, 13)).unwrap().in_flow);
    }

    #[test]
    fn a_window_keeps_context_on_its_line_and_cuts_a_long_span() {
        let text = "first line\nab cdefgh ij\nlast";
        let at = text.find("defg").unwrap();
        let w = window(text, at..at + 4, 2, 10);
        assert_eq!(&text[w.range.clone()], " cdefgh ");
        assert_eq!(&text[w.span.clone()], "defg");
        assert!(w.cut_before && w.cut_after);
        let w = window(text, at..at + 4, 100, 10);
        assert_eq!(&text[w.range.clone()], "ab cdefgh ij");
        assert!(!w.cut_before && !w.cut_after);
        let w = window(text, at..at + 4, 0, 2);
        assert_eq!(
            (&text[w.range.clone()], &text[w.span.clone()]),
            ("de", "de")
        );
        assert!(w.cut_after, "the span goes on");
        let w = window("é", 1..9, 5, 5);
        assert_eq!((w.range, w.span), (0..2, 0..2));
    }

    #[test]
    fn many_places_on_one_long_line_read_it_once() {
        // 200,000 values on one line, each found after the one before: reading the line from
        // its start for each would be 20 billion characters.
        let line = "x, ".repeat(200_000);
        let lines = Lines::new(&line);
        for i in 0..200_000u64 {
            let place = lines.place((1, 3 * i + 1)).unwrap();
            assert_eq!(place.offset, usize::try_from(3 * i).unwrap());
        }
    }
}
