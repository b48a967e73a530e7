//! A passage selected in the source pane, as pure state: where it started and where its moving
//! end is, and the vim-like motions that move it.
//!
//! The selection is the union of its anchor (the word in view or the search match that `v`
//! started from, never deselected) and the word under its head, so it always covers whole
//! words: a citation of half a word is never what the author meant, and the loader matches
//! whole passages anyway. Words are vim's: runs of letters and digits, or runs of punctuation,
//! so `‘duty` is two words and the quote mark can be left out. Every motion moves the head
//! until the selection changes (vim's `b` from the end of a word first goes to its start,
//! which would select nothing new), so every key press shows.
//!
//! The motions take the text and the pane's wrapped lines, and know nothing of `App`; the
//! handlers at the end of the file are the glue `update` runs.

use std::ops::Range;

use ratatui::layout::Position;

use super::{App, Focus, Scope, wrap};
use crate::model::SourceIx;

/// The selected passage of the shown source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub source: SourceIx,
    /// What the selection started as: always selected.
    pub anchor: Range<usize>,
    /// Byte offset of the character the moving end is on.
    pub head: usize,
}

/// How the head moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// `w`: the start of the next word.
    WordNext,
    /// `b`: the start of the word before.
    WordBack,
    /// `e`: the end of the next word.
    WordEnd,
    /// `j`/`k`: the same column one display line down or up.
    LineDown,
    LineUp,
    /// `0`/`$`: the start or end of the display line.
    LineStart,
    LineEnd,
}

/// Vim's classes: white space, punctuation, and word characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Word,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c.is_alphanumeric() || c == '_' {
        Class::Word
    } else {
        Class::Punct
    }
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The start of the character before `at`.
fn prev(text: &str, at: usize) -> Option<usize> {
    text.get(..at)?.char_indices().next_back().map(|(i, _)| i)
}

/// The start of the character after the one at `at`.
fn next(text: &str, at: usize) -> Option<usize> {
    let c = char_at(text, at)?;
    let n = at + c.len_utf8();
    (n < text.len()).then_some(n)
}

/// The word holding byte `at` (one character when it is white space).
pub fn word_at(text: &str, at: usize) -> Range<usize> {
    let Some(c) = char_at(text, at) else {
        return text.len()..text.len();
    };
    let k = class(c);
    let mut start = at;
    if k != Class::Space {
        while let Some(p) = prev(text, start).filter(|&p| char_at(text, p).map(class) == Some(k)) {
            start = p;
        }
    }
    let mut end = at + c.len_utf8();
    if k != Class::Space {
        while let Some(n) = char_at(text, end).filter(|&n| class(n) == k) {
            end += n.len_utf8();
        }
    }
    start..end
}

/// The first word that starts at or after `at`.
pub fn word_from(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = text.get(at..)?;
    let offset = rest.find(|c: char| !c.is_whitespace())?;
    Some(word_at(text, at + offset))
}

/// Vim's `w`: past the rest of this word and any white space.
fn word_next(text: &str, at: usize) -> usize {
    let mut p = if char_at(text, at).is_some_and(|c| !c.is_whitespace()) {
        word_at(text, at).end
    } else {
        at
    };
    while char_at(text, p).is_some_and(char::is_whitespace) {
        p += char_at(text, p).map_or(1, char::len_utf8);
    }
    if p >= text.len() { at } else { p }
}

/// Vim's `b`: back over white space to the start of the word before.
fn word_back(text: &str, at: usize) -> usize {
    let mut p = at;
    loop {
        let Some(q) = prev(text, p) else {
            return p;
        };
        p = q;
        if char_at(text, p).is_some_and(|c| !c.is_whitespace()) {
            return word_at(text, p).start;
        }
    }
}

/// Vim's `e`: forward to the last character of the next word's end.
fn word_end(text: &str, at: usize) -> usize {
    let Some(mut p) = next(text, at) else {
        return at;
    };
    while char_at(text, p).is_some_and(char::is_whitespace) {
        match next(text, p) {
            Some(n) => p = n,
            None => return at,
        }
    }
    prev(text, word_at(text, p).end).unwrap_or(p)
}

/// The byte at display column `column` of `line` (its last character when the line is shorter).
fn at_column(text: &str, line: &Range<usize>, column: usize) -> usize {
    let mut used = 0;
    let mut last = line.start;
    for (i, c) in text.get(line.clone()).unwrap_or("").char_indices() {
        last = line.start + i;
        used += wrap::char_width(c);
        if used > column {
            return last;
        }
    }
    last
}

/// The display column of byte `at` on `line`.
fn column_of(text: &str, line: &Range<usize>, at: usize) -> usize {
    text.get(line.start..at.max(line.start))
        .unwrap_or("")
        .chars()
        .map(wrap::char_width)
        .sum()
}

/// Where `motion` takes a head at `at`, over `text` wrapped into `lines`. A line motion steps
/// over page dividers, which hold no text to land on.
fn step(
    text: &str,
    lines: &[Range<usize>],
    dividers: &[wrap::Divider],
    at: usize,
    motion: Motion,
) -> usize {
    let line_ix = wrap::line_of(lines, at);
    let line = lines.get(line_ix).cloned().unwrap_or(0..text.len());
    match motion {
        Motion::WordNext => word_next(text, at),
        Motion::WordBack => word_back(text, at),
        Motion::WordEnd => word_end(text, at),
        Motion::LineDown | Motion::LineUp => {
            let down = motion == Motion::LineDown;
            let mut to = if down {
                line_ix + 1
            } else {
                line_ix.wrapping_sub(1)
            };
            while to < lines.len() && !wrap::dividers_in(dividers, to..to + 1).is_empty() {
                to = if down { to + 1 } else { to.wrapping_sub(1) };
            }
            match lines.get(to) {
                Some(target) => at_column(text, target, column_of(text, &line, at)),
                None => at,
            }
        }
        Motion::LineStart => line.start.min(text.len().saturating_sub(1)),
        Motion::LineEnd => prev(text, line.end)
            .filter(|&p| p >= line.start)
            .unwrap_or(at),
    }
}

/// Presses of a motion tried before giving up on changing the selection.
const MOTION_TRIES: usize = 256;

impl Selection {
    /// A selection of `anchor`, its head on the anchor's last character.
    pub fn new(text: &str, source: SourceIx, anchor: Range<usize>) -> Self {
        let head = prev(text, anchor.end)
            .filter(|&p| p >= anchor.start)
            .unwrap_or(anchor.start);
        Self {
            source,
            anchor,
            head,
        }
    }

    /// The selected bytes: the anchor and the word under the head, and all between, without
    /// white space at the ends (a head on a space selects up to it).
    pub fn range(&self, text: &str) -> Range<usize> {
        let word = word_at(text, self.head);
        let start = self.anchor.start.min(word.start).min(text.len());
        let end = self.anchor.end.max(word.end).min(text.len());
        let Some(inner) = text.get(start..end).filter(|t| !t.trim().is_empty()) else {
            return start..end;
        };
        let lead = inner.len() - inner.trim_start().len();
        start + lead..start + lead + inner.trim().len()
    }

    /// Moves the head until the selection changes (or the head can go no further).
    /// `dividers` says which of `lines` are page dividers.
    pub fn apply(
        &mut self,
        text: &str,
        lines: &[Range<usize>],
        dividers: &[wrap::Divider],
        motion: Motion,
    ) {
        let before = self.range(text);
        let mut head = self.head;
        for _ in 0..MOTION_TRIES {
            let moved = step(text, lines, dividers, head, motion);
            if moved == head {
                break;
            }
            head = moved;
            let mut trial = self.clone();
            trial.head = head;
            if trial.range(text) != before {
                break;
            }
        }
        self.head = head;
    }
}

impl App {
    /// The source text the selection is over, when it is the one shown.
    fn selection_text(&self) -> Option<&str> {
        let s = self.selection.as_ref()?;
        (self.source.source == Some(s.source))
            .then(|| self.chronology.sources.get(s.source))
            .flatten()
            .map(|s| s.text.as_str())
    }

    /// The selected bytes of the shown source, if any.
    pub fn selected_passage(&self) -> Option<Range<usize>> {
        let text = self.selection_text()?;
        self.selection.as_ref().map(|s| s.range(text))
    }

    /// `v`: selects the current search match in the document, else the first word in view.
    pub(super) fn start_selection(&mut self) {
        let Some(source) = self.source.source else {
            self.message = Some("no document to select in".into());
            return;
        };
        let Some(text) = self.chronology.sources.get(source).map(|s| s.text.as_str()) else {
            return;
        };
        let top = self
            .source
            .lines
            .get(self.source.scroll)
            .map_or(0, |l| l.start);
        let shown_end = self
            .source
            .lines
            .get(self.source.scroll + self.source_height().max(1) - 1)
            .map_or(text.len(), |l| l.end);
        let matched = self
            .search
            .as_ref()
            .filter(|s| s.scope == Scope::Document)
            .and_then(|s| s.ranges.get(s.current?).cloned())
            .filter(|r| r.start < shown_end && r.end > top);
        let anchor = matched.or_else(|| word_from(text, top));
        let Some(anchor) = anchor.filter(|r| !r.is_empty()) else {
            self.message = Some("nothing to select here".into());
            return;
        };
        self.selection = Some(Selection::new(text, source, anchor));
        self.focus = Focus::Source;
    }

    pub(super) fn move_selection(&mut self, motion: Motion) {
        let Some(s) = &mut self.selection else {
            return;
        };
        if self.source.source != Some(s.source) {
            return;
        }
        if let Some(source) = self.chronology.sources.get(s.source) {
            s.apply(
                &source.text,
                &self.source.lines,
                &self.source.dividers,
                motion,
            );
        }
        self.keep_head_in_view();
    }

    /// Scrolls the source pane so the selection's head is shown.
    pub(super) fn keep_head_in_view(&mut self) {
        let Some(head) = self.selection.as_ref().map(|s| s.head) else {
            return;
        };
        let line = wrap::line_of(&self.source.lines, head);
        let height = self.source_height().max(1);
        if line < self.source.scroll {
            self.source.scroll = line;
        } else if line >= self.source.scroll + height {
            self.source.scroll = line + 1 - height;
        }
        self.clamp_source();
    }

    /// Drops a selection whose document is no longer shown.
    pub(super) fn check_selection(&mut self) {
        if self.selection.is_some() && self.selection_text().is_none() {
            self.selection = None;
        }
    }

    /// The byte of the shown source under the pointer, if the pointer is on its text.
    pub(super) fn source_byte_at(&self, x: u16, y: u16) -> Option<usize> {
        let area = self.source_text_area();
        if !self.areas.shows(Focus::Source) || !area.contains(Position::new(x, y)) {
            return None;
        }
        let text = &self.chronology.sources.get(self.source.source?)?.text;
        let row = self.source.scroll + usize::from(y - area.y);
        if self.source.divider_at(row).is_some() {
            return None;
        }
        let line = self.source.lines.get(row)?;
        Some(at_column(text, line, usize::from(x - area.x)))
    }

    /// A drag over the source text: selects from where the button went down to the pointer.
    pub(super) fn drag_to(&mut self, x: u16, y: u16) {
        let (Some(from), Some(to)) = (self.drag_from, self.source_byte_at(x, y)) else {
            return;
        };
        let Some(source) = self.source.source else {
            return;
        };
        let Some(text) = self.chronology.sources.get(source).map(|s| s.text.as_str()) else {
            return;
        };
        let keep = self
            .selection
            .as_ref()
            .is_some_and(|s| s.source == source && s.anchor == word_at(text, from));
        if !keep {
            self.selection = Some(Selection::new(text, source, word_at(text, from)));
        }
        if let Some(s) = &mut self.selection {
            s.head = to;
        }
        self.focus = Focus::Source;
        self.keep_head_in_view();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "It was a \u{2018}duty to warn\u{2019} policy.\nNext  line, here.";

    fn sel(word: &str) -> Selection {
        let at = TEXT.find(word).unwrap();
        Selection::new(TEXT, 0, at..at + word.len())
    }

    fn moved(mut s: Selection, motions: &[Motion]) -> &'static str {
        let lines = wrap::wrap(TEXT, 12);
        for &m in motions {
            s.apply(TEXT, &lines, &[], m);
        }
        &TEXT[s.range(TEXT)]
    }

    #[test]
    fn words_are_vims() {
        let at = TEXT.find("uty").unwrap();
        assert_eq!(&TEXT[word_at(TEXT, at)], "duty");
        assert_eq!(&TEXT[word_at(TEXT, at - 4)], "\u{2018}");
        assert_eq!(&TEXT[word_from(TEXT, 2).unwrap()], "was");
    }

    #[test]
    fn w_e_and_b_grow_and_shrink_by_a_word() {
        use Motion::*;
        assert_eq!(moved(sel("duty"), &[WordNext]), "duty to");
        assert_eq!(moved(sel("duty"), &[WordEnd, WordEnd]), "duty to warn");
        assert_eq!(
            moved(sel("duty"), &[WordNext, WordNext, WordNext]),
            "duty to warn\u{2019}"
        );
        assert_eq!(
            moved(sel("duty"), &[WordNext, WordNext, WordBack]),
            "duty to"
        );
        // Back past the anchor: the anchor stays selected.
        assert_eq!(moved(sel("duty"), &[WordBack]), "\u{2018}duty");
        assert_eq!(moved(sel("duty"), &[WordBack, WordBack]), "a \u{2018}duty");
        // Across a line break, and stopping at the ends of the text.
        assert_eq!(moved(sel("policy"), &[WordNext, WordNext]), "policy.\nNext");
        assert_eq!(moved(sel("here"), &[WordNext, WordNext, WordNext]), "here.");
        assert_eq!(moved(sel("It"), &[WordBack]), "It");
    }

    #[test]
    fn line_motions_follow_the_wrapped_lines() {
        use Motion::*;
        // Wrapped at 12: "It was a", "‘duty to", "warn’", "policy.", "Next  line,", "here."
        assert_eq!(moved(sel("was"), &[LineEnd]), "was a");
        assert_eq!(moved(sel("was"), &[LineStart]), "It was");
        assert_eq!(moved(sel("was"), &[LineDown]), "was a \u{2018}duty");
        assert_eq!(moved(sel("to"), &[LineUp]), "a \u{2018}duty to");
    }

    #[test]
    fn line_motions_step_over_a_page_divider() {
        use crate::model::Page;
        let text = "first page line\nsecond page";
        let pages = [
            Page {
                number: 1,
                start: 0,
            },
            Page {
                number: 2,
                start: 16,
            },
        ];
        let (lines, dividers) = wrap::wrap_pages(text, 40, &pages);
        assert_eq!(lines.len(), 3, "two lines of text and the divider between");
        let moved = |word: &str, from: usize, motion: Motion| {
            let at = from + text[from..].find(word).unwrap();
            let mut s = Selection::new(text, 0, at..at + word.len());
            s.apply(text, &lines, &dividers, motion);
            text[s.range(text)].to_string()
        };
        // Up from the second page lands on the first page's line, in the same column.
        assert_eq!(moved("second", 0, Motion::LineUp), "page line\nsecond");
        assert_eq!(moved("line", 0, Motion::LineDown), "line\nsecond page");
    }
}
