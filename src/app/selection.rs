//! The selected event: moving it, jumping to an event (recorded in the jump list), rebuilding
//! the filtered view around it, and scrolling the timeline so it stays in view.
//!
//! Every way of changing the selection ends in [`App::after_selection`], which brings the event
//! and source panes in line; that is what keeps the three panes telling one story.

use super::history::Location;
use super::lanes::index::Index as LanesIndex;
use super::timeline::{self, Row};
use super::{App, Focus, layout};
use crate::model::EventIx;

impl App {
    /// Recomputes the shown events from the filter, keeping the selection where possible.
    pub fn refilter(&mut self) {
        self.refilter_reusing(None);
    }

    /// [`App::refilter`], given the lanes' index of the view a reload replaces and the events
    /// it showed: used as it is when the same events are shown, whose dates, actors and tags
    /// the caller found unchanged (building it is a pass over every shown event's date).
    pub(super) fn refilter_reusing(&mut self, lanes: Option<(LanesIndex, Vec<EventIx>)>) {
        let current = self.current_event();
        self.visible = self.filter.apply(&self.chronology);
        if self.drafts_only {
            self.visible.retain(|&e| self.chronology.events[e].draft);
        }
        self.by_review.retain(&self.chronology, &mut self.visible);
        let (rows, row_of) = timeline::build(&self.chronology, &self.visible, &self.clock);
        self.rows = rows;
        self.row_of = row_of;
        match lanes {
            Some((index, shown)) if shown == self.visible => self.lanes.keep(index),
            _ => self
                .lanes
                .rebuild(&self.chronology, &self.visible, &self.filter, &self.clock),
        }
        self.selected = match current {
            Some(ix) => match self.visible.binary_search(&ix) {
                Ok(p) => p,
                Err(p) => self.nearest_in_time(ix, p),
            },
            None => 0,
        };
    }

    /// Of the shown events around insertion point `p`, the one closest in time to event `ix`.
    fn nearest_in_time(&self, ix: EventIx, p: usize) -> usize {
        let day = |i: EventIx| self.chronology.events[i].date.sort_key();
        let target = day(ix);
        let after = self
            .visible
            .get(p)
            .map(|&i| (day(i) - target).num_days().abs());
        let before = p
            .checked_sub(1)
            .and_then(|q| self.visible.get(q))
            .map(|&i| (target - day(i)).num_days().abs());
        match (before, after) {
            (Some(b), Some(a)) if b <= a => p - 1,
            (Some(_), None) => p - 1,
            _ => p.min(self.visible.len().saturating_sub(1)),
        }
    }

    /// Where the reader is, for the jump list.
    pub fn location(&self) -> Location {
        Location {
            event: self.current_event().unwrap_or(0),
            citation: self.citation,
            focus: self.focus,
        }
    }

    pub(super) fn go(&mut self, to: Location) {
        match self.visible.binary_search(&to.event) {
            Ok(p) => {
                self.selected = p;
                self.focus = to.focus;
                self.citation = to.citation;
                // A jump lands on a citation (a passage followed, a place in the jump list).
                self.citation_chosen = to.citation > 0;
                self.after_selection(false);
            }
            Err(_) => self.message = Some("that event is hidden by the filter".into()),
        }
    }

    /// Records where we are, then goes to `event` (a jump, undone by `Ctrl-o`).
    pub(super) fn jump_to(&mut self, event: EventIx, citation: usize, focus: Focus) {
        if self.visible.binary_search(&event).is_err() {
            self.message = Some("that event is hidden by the filter".into());
            return;
        }
        self.history.record(self.location());
        self.go(Location {
            event,
            citation,
            focus,
        });
    }

    /// Moves the selection to position `p` in the filtered view (clamped).
    pub(super) fn select(&mut self, p: usize) {
        if self.visible.is_empty() {
            return;
        }
        let p = p.min(self.visible.len() - 1);
        if p != self.selected {
            self.selected = p;
            self.citation = 0;
            self.citation_chosen = false;
            self.after_selection(true);
        }
    }

    /// Brings the panes in line with a new selection or citation.
    pub(super) fn after_selection(&mut self, reset_detail: bool) {
        if reset_detail {
            self.detail_scroll = 0;
        }
        let citations = self
            .current_event()
            .map_or(0, |e| self.chronology.events[e].citations.len());
        if self.citation >= citations {
            self.citation = 0;
        }
        self.ensure_selected_visible();
        self.show_current_passage();
    }

    pub(super) fn timeline_height(&self) -> usize {
        usize::from(layout::inner(self.areas.timeline).height)
    }

    pub(super) fn page_events(&self) -> usize {
        self.timeline_height().saturating_sub(2).max(1)
    }

    /// Scrolls the timeline so the selected row, and the heading just above it, are visible.
    pub(super) fn ensure_selected_visible(&mut self) {
        let height = self.timeline_height().max(1);
        let Some(&row) = self.row_of.get(self.selected) else {
            self.timeline_offset = 0;
            return;
        };
        let mut top = row;
        while top > 0 && top + 2 > row && !matches!(self.rows[top - 1], Row::Event(_)) {
            top -= 1;
        }
        if row - top >= height {
            top = row;
        }
        if top < self.timeline_offset {
            self.timeline_offset = top;
        } else if row >= self.timeline_offset + height {
            self.timeline_offset = row + 1 - height;
        }
        self.clamp_timeline();
    }

    pub(super) fn clamp_timeline(&mut self) {
        let max = self.rows.len().saturating_sub(self.timeline_height());
        self.timeline_offset = self.timeline_offset.min(max);
    }
}
