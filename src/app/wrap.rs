//! Word wrapping of a source document into display lines, as byte ranges of the original.
//!
//! ratatui's `Paragraph` wraps too, but does not say where each input byte lands; the viewer
//! must know which display line a cited passage starts on to scroll it into view, and must cut
//! highlight spans at exact bytes. So wrapping is done once per (document, width), in `update`,
//! and `render` only slices the ranges it is given. Widths are display columns (CJK and emoji
//! take two), with control characters counted as the one-column placeholder they are drawn as.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::text::is_unsafe;

/// Display width of a character as it will be drawn.
pub fn char_width(c: char) -> usize {
    if is_unsafe(c) {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

/// Splits `text` into display lines no wider than `width`, breaking at spaces where possible
/// and inside words only when a word is longer than a line. Line breaks in the text are kept;
/// the ranges exclude the newline itself.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut para_start = 0;
    for para in text.split_inclusive('\n') {
        let body_len = para.strip_suffix('\n').map_or(para.len(), str::len);
        let body_len = para[..body_len]
            .strip_suffix('\r')
            .map_or(body_len, str::len);
        wrap_paragraph(
            &text[para_start..para_start + body_len],
            para_start,
            width,
            &mut lines,
        );
        para_start += para.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        lines.push(text.len()..text.len());
    }
    lines
}

fn wrap_paragraph(para: &str, offset: usize, width: usize, lines: &mut Vec<Range<usize>>) {
    if para.is_empty() {
        lines.push(offset..offset);
        return;
    }
    let mut start = 0; // start of the current line in `para`
    let mut used = 0; // columns used on the current line
    let mut last_space: Option<usize> = None; // byte after the last space on the line
    let mut iter = para.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let w = char_width(c);
        // At most two breaks: at the last space, then (if the rest still overflows) here.
        while used + w > width && i > start {
            let cut = match last_space {
                Some(s) if s > start => s,
                _ => i,
            };
            lines.push(offset + start..offset + trim_end(para, start, cut));
            start = cut;
            used = para[start..i].chars().map(char_width).sum();
            last_space = None;
        }
        used += w;
        if c == ' ' {
            last_space = Some(i + 1);
        }
        if iter.peek().is_none() {
            lines.push(offset + start..offset + para.len());
        }
    }
}

/// `cut` moved back over trailing spaces, so lines do not end in blanks.
fn trim_end(para: &str, start: usize, cut: usize) -> usize {
    start + para[start..cut].trim_end_matches(' ').len()
}

/// The display line holding byte `at`.
pub fn line_of(lines: &[Range<usize>], at: usize) -> usize {
    lines.partition_point(|l| l.start <= at).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_line_breaks() {
        assert_eq!(show("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(show("a\nb c", 10), ["a", "b c"]);
        assert_eq!(show("\nx", 10), ["", "x"]);
    }

    #[test]
    fn breaks_long_words_and_counts_wide_characters() {
        assert_eq!(show("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(show("日本語です", 4), ["日本", "語で", "す"]);
        assert_eq!(show("x", 0), ["x"]);
    }

    #[test]
    fn every_line_fits_and_ranges_are_char_boundaries() {
        let text = "Persian: تهران — 🇮🇷 emoji 👩‍👩‍👧 and CJK 漢字 mixed in a long line";
        for width in 1..30 {
            for r in wrap(text, width) {
                let line = &text[r];
                let w: usize = line.chars().map(char_width).sum();
                assert!(w <= width.max(2), "{line:?} is {w} wide at {width}");
            }
        }
    }

    #[test]
    fn finds_the_line_of_a_byte() {
        let text = "one two three four";
        let lines = wrap(text, 9);
        assert_eq!(line_of(&lines, 0), 0);
        assert_eq!(line_of(&lines, text.find("three").unwrap()), 1);
        assert_eq!(line_of(&lines, text.find("four").unwrap()), 2);
    }
}
