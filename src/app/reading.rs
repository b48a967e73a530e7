//! Reading: the source pane and the citations that lead into it.
//!
//! Which document the source pane shows, wrapped at which width and scrolled where; stepping
//! through an event's citations and through a document's marked passages; following a passage
//! or a related event to its event. All of it keeps the current passage in view.
//!
//! [`SourceView`] is the pane's state and this file its only writer; the renderer reads it.

use std::ops::Range;

use ratatui::layout::Rect;

use super::{App, Chooser, Focus, Mode, layout, wrap};
use crate::model::{CitationRef, EventIx, SourceIx};

/// The source pane: which document, wrapped at which width, scrolled where.
#[derive(Clone, Debug, Default)]
pub struct SourceView {
    pub source: Option<SourceIx>,
    /// The width `lines` were wrapped at.
    pub width: usize,
    /// Display lines of the document text as byte ranges.
    pub lines: Vec<Range<usize>>,
    /// First display line shown.
    pub scroll: usize,
    /// Recently shown documents' lines: (source, width, lines).
    cache: Vec<(SourceIx, usize, Vec<Range<usize>>)>,
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
            let lines = std::mem::take(&mut self.source.lines);
            self.source
                .cache
                .retain(|(s, w, _)| (*s, *w) != (old, self.source.width));
            self.source.cache.push((old, self.source.width, lines));
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
            .position(|(s, w, _)| Some(*s) == source && *w == width);
        self.source.lines = match cached {
            Some(i) => self.source.cache.swap_remove(i).2,
            None => source
                .and_then(|s| self.chronology.sources.get(s))
                .map(|s| wrap::wrap(&s.text, width))
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
