//! Where the search query shows on screen, computed by `update` so the renderer only draws.
//!
//! Only what is in view is searched: the timeline rows in the window, the selected event, and
//! the shown document (once per query and document, since documents can be long).

use std::ops::Range;

use super::search::Scope;
use super::timeline::Row;
use super::{App, layout};
use crate::model::{EventIx, SourceIx};
use crate::text::find_folded;

/// Where the search query occurs in what the screen shows, as byte ranges of the original text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Titles of the timeline rows in view: (event, ranges).
    pub rows: Vec<(EventIx, Vec<Range<usize>>)>,
    pub title: Vec<Range<usize>>,
    pub summary: Vec<Range<usize>>,
    /// Per citation of the selected event, in the quote it shows (`Chronology::shown_quote`).
    pub quotes: Vec<Vec<Range<usize>>>,
    pub source: Vec<Range<usize>>,
    /// The (needle, source) that `source` was computed for, so it is not recomputed per key.
    source_key: Option<(String, SourceIx)>,
}

impl App {
    /// Called after every action: the view or the query may have moved.
    pub(super) fn refresh_highlights(&mut self) {
        let Some(search) = self.search.as_ref().filter(|s| !s.needle.is_empty()) else {
            if self.highlights != Highlights::default() {
                self.highlights = Highlights::default();
            }
            return;
        };
        let needle = search.needle.clone();
        let height = usize::from(layout::inner(self.areas.timeline).height);
        let start = self.timeline_offset.min(self.rows.len());
        let end = (start + height).min(self.rows.len());
        self.highlights.rows = self.rows[start..end]
            .iter()
            .filter_map(|row| match row {
                Row::Event(p) => self.visible.get(*p).copied(),
                _ => None,
            })
            .map(|e| (e, find_folded(&self.chronology.events[e].title, &needle)))
            .filter(|(_, r)| !r.is_empty())
            .collect();
        if let Some(e) = self.current_event().map(|e| &self.chronology.events[e]) {
            self.highlights.title = find_folded(&e.title, &needle);
            self.highlights.summary = e
                .summary
                .as_deref()
                .map(|s| find_folded(s, &needle))
                .unwrap_or_default();
            self.highlights.quotes = e
                .citations
                .iter()
                .map(|c| find_folded(self.chronology.shown_quote(c), &needle))
                .collect();
        }
        let key = self.source.source.map(|s| (needle.clone(), s));
        if key != self.highlights.source_key {
            self.highlights.source = match (search.scope, self.source.source) {
                (Scope::Document, _) => search.ranges.clone(),
                (Scope::Events, Some(s)) => find_folded(&self.chronology.sources[s].text, &needle),
                (Scope::Events, None) => Vec::new(),
            };
            self.highlights.source_key = key;
        }
    }
}
