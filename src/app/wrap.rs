//! Word wrapping of a source document into display lines, as byte ranges of the original.
//!
//! ratatui's `Paragraph` wraps too, but does not say where each input byte lands; the viewer
//! must know which display line a cited passage starts on to scroll it into view, and must cut
//! highlight spans at exact bytes. So wrapping is done once per (document, width), in `update`,
//! and `render` only slices the ranges it is given. Widths are display columns (CJK and emoji
//! take two), with control characters counted as the one-column placeholder they are drawn as.
//!
//! A PDF's pages are marked by a divider above each page but the first ([`wrap_pages`]). A
//! divider is a display line of its own, holding no bytes (an empty range at its page's
//! start), so everything that counts display lines (scrolling, clicks, keeping a passage in
//! view) counts it like any line and nothing that reads text finds any in it. Each page is
//! wrapped on its own, so no display line holds the end of one page and the start of the next.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::text::is_unsafe;

use crate::model::Page;

/// A display line that is a page's divider, not text: which line, and the page it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divider {
    /// Its index among the display lines.
    pub line: usize,
    /// The page that begins below it.
    pub page: u32,
}

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

/// `text` wrapped as [`wrap`] does, with a divider line before each of `pages` but the first.
///
/// Pages whose start is past the end, inside a character, or before the previous page's are
/// skipped: page data comes from a file, and a bad entry costs a divider, never a panic. Each
/// page is wrapped separately, so where page starts follow line breaks (as extraction makes
/// them) the text lines are exactly [`wrap`]'s, dividers added.
pub fn wrap_pages(text: &str, width: usize, pages: &[Page]) -> (Vec<Range<usize>>, Vec<Divider>) {
    let mut lines = Vec::new();
    let mut dividers = Vec::new();
    let mut from = 0;
    let mut previous: Option<usize> = None;
    for page in pages {
        let start = page.start;
        if start > text.len()
            || !text.is_char_boundary(start)
            || previous.is_some_and(|p| start < p)
        {
            continue;
        }
        let first = previous.is_none();
        previous = Some(start);
        if first {
            continue;
        }
        // The page before, less the empty line `wrap` adds after its last line break: that
        // line is the first line of this page.
        let before = &text[from..start];
        let mut segment = wrap(before, width);
        if before.is_empty() || before.ends_with('\n') {
            segment.pop();
        }
        lines.extend(segment.into_iter().map(|r| r.start + from..r.end + from));
        dividers.push(Divider {
            line: lines.len(),
            page: page.number,
        });
        lines.push(start..start);
        from = start;
    }
    lines.extend(
        wrap(&text[from..], width)
            .into_iter()
            .map(|r| r.start + from..r.end + from),
    );
    (lines, dividers)
}

/// The dividers among display lines `shown`: a binary search, however many pages there are.
pub fn dividers_in(dividers: &[Divider], shown: Range<usize>) -> &[Divider] {
    let from = dividers.partition_point(|d| d.line < shown.start);
    let to = dividers.partition_point(|d| d.line < shown.end).max(from);
    &dividers[from..to]
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

    fn pages(starts: &[usize]) -> Vec<Page> {
        starts
            .iter()
            .zip(1..)
            .map(|(&start, number)| Page { number, start })
            .collect()
    }

    #[test]
    fn a_divider_opens_each_page_but_the_first_and_the_text_lines_are_wraps() {
        let text = "one two three\nfour\nfive six\n";
        let (lines, dividers) = wrap_pages(text, 9, &pages(&[0, 14, 19]));
        let shown: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["one two", "three", "", "four", "", "five six", ""]);
        assert_eq!(
            dividers,
            [Divider { line: 2, page: 2 }, Divider { line: 4, page: 3 }]
        );
        assert_eq!(lines[4], 19..19, "a divider holds no bytes");
        let without: Vec<Range<usize>> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !dividers.iter().any(|d| d.line == *i))
            .map(|(_, r)| r.clone())
            .collect();
        assert_eq!(without, wrap(text, 9));
        // The page's first byte is on its first text line, below the divider.
        assert_eq!(line_of(&lines, 19), 5);
    }

    #[test]
    fn empty_pages_get_a_divider_each_and_bad_pages_none() {
        let text = "a\nb";
        let (lines, dividers) = wrap_pages(text, 5, &pages(&[0, 2, 2, 2]));
        assert_eq!(lines, [0..1, 2..2, 2..2, 2..2, 2..3]);
        assert_eq!(
            dividers.iter().map(|d| d.page).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        // Past the end, inside a character, going back: skipped.
        let text = "é\nx\ny";
        let (lines, dividers) = wrap_pages(text, 5, &pages(&[0, 1, 99, 5, 3]));
        assert_eq!(dividers, [Divider { line: 2, page: 4 }]);
        assert_eq!(lines, [0..2, 3..4, 5..5, 5..6]);
        // A page starting inside a line splits it.
        let (lines, _) = wrap_pages("abcdef", 10, &pages(&[0, 3]));
        assert_eq!(lines, [0..3, 3..3, 3..6]);
        assert_eq!(wrap_pages("", 10, &[]).0, wrap("", 10));
    }

    proptest::proptest! {
        /// Where pages begin after line breaks, as extraction makes them, the text lines are
        /// exactly `wrap`'s and each page but the first has its divider, holding no bytes, just
        /// above the line its first byte is on.
        #[test]
        fn dividers_only_add_lines(
            paragraphs in proptest::collection::vec("[a-z é漢]{0,30}", 1..12),
            breaks in proptest::collection::vec(proptest::bool::ANY, 12),
            width in 1usize..20,
        ) {
            let text = paragraphs.join("\n");
            let mut starts = vec![0];
            let mut at = 0;
            let all_but_last = &paragraphs[..paragraphs.len() - 1];
            for (before, page_break) in all_but_last.iter().zip(&breaks[1..]) {
                at += before.len() + 1;
                if *page_break {
                    starts.push(at);
                }
            }
            let pages = pages(&starts);
            let (lines, dividers) = wrap_pages(&text, width, &pages);
            proptest::prop_assert_eq!(dividers.len(), pages.len() - 1);
            let mut text_lines = lines.clone();
            for d in dividers.iter().rev() {
                let divider = text_lines.remove(d.line);
                let page = pages.iter().find(|p| p.number == d.page).unwrap();
                proptest::prop_assert_eq!(divider, page.start..page.start);
                proptest::prop_assert_eq!(line_of(&lines, page.start), d.line + 1);
            }
            proptest::prop_assert_eq!(text_lines, wrap(&text, width));
        }
    }

    #[test]
    fn dividers_in_a_window_are_found_by_bisection() {
        let dividers: Vec<Divider> = (0..10)
            .map(|i| Divider {
                line: i * 10,
                page: u32::try_from(i).unwrap() + 2,
            })
            .collect();
        let pages: Vec<u32> = dividers_in(&dividers, 15..41)
            .iter()
            .map(|d| d.page)
            .collect();
        assert_eq!(pages, [4, 5, 6]);
        assert!(dividers_in(&dividers, 91..95).is_empty());
        let backwards = Range { start: 5, end: 3 };
        assert!(dividers_in(&dividers, backwards).is_empty());
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
