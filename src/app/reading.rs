//! Reading: the source pane and the citations that lead into it.
//!
//! Which document the source pane shows, wrapped at which width and scrolled where; stepping
//! through an event's citations and through a document's marked passages; following a passage
//! or a related event to its event. All of it keeps the current passage in view.
//!
//! [`SourceView`] is the pane's state and this file its only writer; the renderer reads it.

use std::ops::Range;

use ratatui::layout::Rect;

use super::wrap::Divider;
use super::{App, Chooser, Focus, Mode, layout, wrap};
use crate::model::{Citation, CitationRef, EventIx, Format, Source, SourceIx, page_label};

/// The source pane: which document, wrapped at which width, scrolled where.
#[derive(Clone, Debug, Default)]
pub struct SourceView {
    pub source: Option<SourceIx>,
    /// The width `lines` were wrapped at.
    pub width: usize,
    /// Display lines of the document text as byte ranges; a PDF's page dividers among them,
    /// each an empty range at its page's start (see [`wrap`]).
    pub lines: Vec<Range<usize>>,
    /// Which of `lines` are page dividers, in order.
    pub dividers: Vec<Divider>,
    /// First display line shown.
    pub scroll: usize,
    /// Recently shown documents' lines.
    cache: Vec<Wrapped>,
}

/// A document's display lines at one width, kept for a quick return to it.
#[derive(Clone, Debug)]
struct Wrapped {
    source: SourceIx,
    width: usize,
    lines: Vec<Range<usize>>,
    dividers: Vec<Divider>,
}

impl SourceView {
    /// The page display line `line` divides off, when it is a divider.
    pub fn divider_at(&self, line: usize) -> Option<u32> {
        wrap::dividers_in(&self.dividers, line..line + 1)
            .first()
            .map(|d| d.page)
    }
}

/// Documents whose wrapped lines are kept for a quick return.
const WRAP_CACHE: usize = 8;

/// Lines at the top of the source pane for the document's title and details.
pub const SOURCE_HEADER_LINES: u16 = 2;

impl App {
    pub(super) fn source_text_area(&self) -> Rect {
        let inner = layout::inner(self.areas.source);
        Rect {
            y: inner.y.saturating_add(SOURCE_HEADER_LINES),
            height: inner.height.saturating_sub(SOURCE_HEADER_LINES),
            ..inner
        }
    }

    pub(super) fn source_height(&self) -> usize {
        usize::from(self.source_text_area().height)
    }

    pub(super) fn source_page(&self) -> isize {
        isize::try_from(self.source_height().saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Shows the current citation's source, wrapped for the pane, with the passage in view.
    pub(super) fn show_current_passage(&mut self) {
        let source = self
            .current_citation()
            .and_then(|r| self.chronology.citation(r))
            .map(|c| c.source);
        if source.is_some() {
            self.set_source(source);
        }
        if let Some(range) = self.current_passage() {
            let height = self.source_height().max(1);
            let first = wrap::line_of(&self.source.lines, range.start);
            let last = wrap::line_of(
                &self.source.lines,
                range.end.saturating_sub(1).max(range.start),
            );
            let shown = self.source.scroll..self.source.scroll + height;
            if !(shown.contains(&first) && shown.contains(&last)) {
                let span = last - first + 1;
                self.source.scroll = if span >= height {
                    first
                } else {
                    first.saturating_sub((height - span) / 3)
                };
            }
            self.clamp_source();
        }
    }

    /// Switches the source pane to `source`, rewrapping only when the document or width changed.
    pub(super) fn set_source(&mut self, source: Option<SourceIx>) {
        let width = usize::from(self.source_text_area().width).max(1);
        if self.source.source == source
            && self.source.width == width
            && !self.source.lines.is_empty()
        {
            return;
        }
        let changed_doc = self.source.source != source;
        // Keep the outgoing document's lines: walking events that cite different documents
        // would otherwise rewrap each one on every key.
        if let Some(old) = self.source.source
            && !self.source.lines.is_empty()
        {
            let width = self.source.width;
            self.source
                .cache
                .retain(|w| (w.source, w.width) != (old, width));
            self.source.cache.push(Wrapped {
                source: old,
                width,
                lines: std::mem::take(&mut self.source.lines),
                dividers: std::mem::take(&mut self.source.dividers),
            });
            if self.source.cache.len() > WRAP_CACHE {
                self.source.cache.remove(0);
            }
        }
        self.source.source = source;
        self.source.width = width;
        let cached = self
            .source
            .cache
            .iter()
            .position(|w| Some(w.source) == source && w.width == width);
        (self.source.lines, self.source.dividers) = match cached {
            Some(i) => {
                let kept = self.source.cache.swap_remove(i);
                (kept.lines, kept.dividers)
            }
            None => source
                .and_then(|s| self.chronology.sources.get(s))
                .map(|s| match s.format {
                    Format::Pdf => wrap::wrap_pages(&s.text, width, &s.pages),
                    Format::Text | Format::Html => (wrap::wrap(&s.text, width), Vec::new()),
                })
                .unwrap_or_default(),
        };
        if changed_doc {
            self.source.scroll = 0;
        }
        self.clamp_source();
    }

    pub(super) fn clamp_source(&mut self) {
        let max = self.source.lines.len().saturating_sub(self.source_height());
        self.source.scroll = self.source.scroll.min(max);
    }

    pub(super) fn scroll_source(&mut self, by: isize) {
        self.source.scroll = self.source.scroll.saturating_add_signed(by);
        self.clamp_source();
    }

    /// Where `e` in the source pane opens the shown document: the line of the file where the
    /// current passage begins, when it is on screen; else, for text, the line at the top of
    /// the view, and for a web page the line of the cited passage nearest above it (a web
    /// page's reader text has lines of its own: the file's are known where passages begin,
    /// `Citation::line`). A PDF opens in no text editor: the error says so.
    pub(super) fn line_to_edit(&self, source: &Source) -> Result<Option<usize>, String> {
        if source.format == Format::Pdf {
            let at = self
                .passage_page()
                .or_else(|| self.pages_in_view().map(|p| p.top))
                .map(|p| format!(" at {}", page_label(p)))
                .unwrap_or_default();
            return Err(format!(
                "{}: a PDF does not open in a text editor; open it in a PDF reader{at}",
                source.path
            ));
        }
        let reader_line = |at: usize| {
            source
                .text
                .get(..at)
                .map_or(1, |t| memchr::memchr_iter(b'\n', t.as_bytes()).count() + 1)
        };
        let file_line = |c: &Citation| match source.format {
            Format::Html => c.line,
            Format::Text | Format::Pdf => c.line.or_else(|| Some(reader_line(c.range.start))),
        };
        let passage = self
            .current_citation()
            .and_then(|r| self.chronology.citation(r))
            .filter(|c| Some(c.source) == self.source.source && !c.range.is_empty());
        if let Some(c) = passage
            && self
                .shown_lines()
                .contains(&wrap::line_of(&self.source.lines, c.range.start))
        {
            return Ok(file_line(c));
        }
        let top = self
            .source
            .lines
            .get(self.source.scroll)
            .map_or(0, |l| l.start);
        if source.format != Format::Html {
            return Ok(Some(reader_line(top)));
        }
        let Some(ix) = self.source.source else {
            return Ok(None);
        };
        let passages = self.chronology.passages_of(ix);
        let cited = |r: &CitationRef| self.chronology.citation(*r);
        let above = passages.partition_point(|r| cited(r).is_some_and(|c| c.range.start <= top));
        Ok(passages[..above]
            .iter()
            .rev()
            .chain(&passages[above..])
            .find_map(|r| cited(r).and_then(|c| c.line)))
    }

    pub(super) fn open_source(&mut self) {
        let Some(r) = self.current_citation() else {
            self.message = Some("this event cites nothing".into());
            return;
        };
        self.jump_to(r.event, r.citation, Focus::Source);
    }

    pub(super) fn step_citation(&mut self, forward: bool) {
        let Some(event) = self.current_event() else {
            return;
        };
        let count = self.chronology.events[event].citations.len();
        if count == 0 {
            return;
        }
        self.citation = if forward {
            if self.citation + 1 >= count {
                self.message = Some("back to the first citation".into());
                0
            } else {
                self.citation + 1
            }
        } else if self.citation == 0 {
            self.message = Some("on to the last citation".into());
            count - 1
        } else {
            self.citation - 1
        };
        self.show_current_passage();
        if count > 1 && self.message.is_none() {
            self.message = Some(format!("citation {}/{count}", self.citation + 1));
        }
    }

    /// Walks the marked passages of the shown document, selecting the event that cites each.
    pub(super) fn step_passage(&mut self, forward: bool) {
        let Some(source) = self.source.source else {
            return;
        };
        let passages = self.chronology.passages_of(source);
        if passages.is_empty() {
            return;
        }
        let key = |r: CitationRef| {
            let range = self
                .chronology
                .citation(r)
                .map_or(0..0, |c| c.range.clone());
            (range.start, range.end, r.event)
        };
        // Where the current citation sits among the document's passages (binary search on the
        // order they are sorted by), then the nearest shown one in the direction of travel.
        let at = self.current_citation().map(|h| {
            let k = key(h);
            let p = passages.partition_point(|&r| key(r) < k);
            (p, passages.get(p) == Some(&h))
        });
        let signed = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
        let n = passages.len();
        // Candidates in travel order, as unreduced positions: past the ends means wrapped.
        let first: i64 = match (at, forward) {
            (Some((p, true)), true) => signed(p) + 1,
            (Some((p, _)), true) => signed(p),
            (Some((p, _)), false) => signed(p) - 1,
            (None, true) => 0,
            (None, false) => signed(n) - 1,
        };
        let n_signed = signed(n);
        let found = (0..n_signed).find_map(|step| {
            let raw = if forward { first + step } else { first - step };
            let r = passages[usize::try_from(raw.rem_euclid(n_signed)).unwrap_or(0)];
            self.visible
                .binary_search(&r.event)
                .ok()
                .map(|p| (p, r, raw < 0 || raw >= n_signed))
        });
        let Some((p, to, wrapped)) = found else {
            return;
        };
        if wrapped {
            self.message = Some("wrapped around the document".into());
        }
        if p != self.selected {
            self.detail_scroll = 0;
        }
        self.selected = p;
        self.citation = to.citation;
        self.after_selection(false);
    }

    /// Events (other than none) citing a passage overlapping the current one.
    pub fn citing_current_passage(&self) -> Vec<EventIx> {
        let (Some(source), Some(range)) = (self.source.source, self.current_passage()) else {
            return Vec::new();
        };
        let mut events: Vec<EventIx> = self
            .chronology
            .passages_in(source, range.clone())
            .iter()
            .filter(|r| {
                self.chronology
                    .citation(**r)
                    .is_some_and(|c| c.range.start < range.end && range.start < c.range.end)
            })
            .map(|r| r.event)
            .filter(|e| self.visible.binary_search(e).is_ok())
            .collect();
        events.sort_unstable();
        events.dedup();
        events
    }

    pub(super) fn follow_passage(&mut self) {
        let events = self.citing_current_passage();
        match events.as_slice() {
            [] => self.message = Some("no passage here".into()),
            [one] => {
                let citation = if Some(*one) == self.current_event() {
                    self.citation
                } else {
                    0
                };
                self.jump_to(*one, citation, Focus::Timeline);
            }
            many => {
                self.mode = Mode::Chooser(Chooser {
                    title: format!("{} events cite this passage", many.len()),
                    events: many.to_vec(),
                    selected: 0,
                });
            }
        }
    }

    pub(super) fn follow_related(&mut self) {
        let Some(event) = self.current_event() else {
            return;
        };
        let related = self.chronology.events[event].related.clone();
        match related.as_slice() {
            [] => self.message = Some("this event has no related events".into()),
            [one] => self.jump_to(*one, 0, Focus::Timeline),
            many => {
                self.mode = Mode::Chooser(Chooser {
                    title: "Related events".into(),
                    events: many.to_vec(),
                    selected: 0,
                });
            }
        }
    }
}
