//! The viewer's search: the kept query, its matches, and moving between them.
//!
//! Which events mention a text is answered by [`crate::find::SearchIndex`], built once; this
//! file holds what the viewer does with the answer: recompute the matches when the query or the
//! filter changes, show one, step through them with their wrap-around messages. In the source
//! pane the search looks through the shown document instead. The prompt that feeds it the
//! query is [`super::prompt`]'s, which depends on this file and not the other way round.

use std::ops::Range;

use super::{App, wrap};
use crate::find::normalize_query;
use crate::text::find_folded;

/// What a search looks through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Titles, summaries, actors, tags, quotes and notes of the shown events.
    Events,
    /// The text of the document in the source pane.
    Document,
}

/// A search being typed or kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    /// The query folded as the index is.
    pub needle: String,
    pub scope: Scope,
    /// `Events`: positions in the filtered view of matching events.
    pub events: Vec<usize>,
    /// `Document`: where the query occurs in the shown source.
    pub ranges: Vec<Range<usize>>,
    /// Index into `events` or `ranges` of the current match.
    pub current: Option<usize>,
}

impl SearchState {
    pub fn count(&self) -> usize {
        match self.scope {
            Scope::Events => self.events.len(),
            Scope::Document => self.ranges.len(),
        }
    }
}

impl App {
    /// Recomputes the matches of the kept search (after typing or a filter change).
    pub(super) fn rerun_search(&mut self, query: &str) {
        let Some(search) = &mut self.search else {
            return;
        };
        search.query = query.to_string();
        search.needle = normalize_query(query);
        match search.scope {
            Scope::Events => {
                // Folded now if the viewer has not finished folding it between keys.
                self.search_index.finish(&self.chronology);
                let hits = self.search_index.matching(&search.needle);
                search.events = hits
                    .into_iter()
                    .filter_map(|e| self.visible.binary_search(&e).ok())
                    .collect();
            }
            Scope::Document => {
                search.ranges = self
                    .source
                    .source
                    .and_then(|s| self.chronology.sources.get(s))
                    .map(|s| find_folded(&s.text, &search.needle))
                    .unwrap_or_default();
            }
        }
        search.current = None;
    }

    /// Moves to match `index` of the current search.
    pub(super) fn show_match(&mut self, index: Option<usize>) {
        let Some(search) = &mut self.search else {
            return;
        };
        search.current = index;
        let Some(index) = index else {
            return;
        };
        match search.scope {
            Scope::Events => {
                let Some(&p) = search.events.get(index) else {
                    return;
                };
                let needle = search.needle.clone();
                if p != self.selected {
                    self.selected = p;
                    self.detail_scroll = 0;
                }
                // Show the first citation that mentions the query, if one does.
                self.citation = self
                    .current_event()
                    .and_then(|e| {
                        self.chronology.events[e].citations.iter().position(|c| {
                            !find_folded(&c.quote, &needle).is_empty()
                                || c.note
                                    .as_deref()
                                    .is_some_and(|n| !find_folded(n, &needle).is_empty())
                        })
                    })
                    .unwrap_or(0);
                self.after_selection(false);
            }
            Scope::Document => {
                let Some(range) = search.ranges.get(index).cloned() else {
                    return;
                };
                let line = wrap::line_of(&self.source.lines, range.start);
                let height = self.source_height().max(1);
                if line < self.source.scroll || line >= self.source.scroll + height {
                    self.source.scroll = line.saturating_sub(height / 3);
                    self.clamp_source();
                }
            }
        }
    }

    pub(super) fn announce_match(&mut self) {
        if let Some(search) = &self.search {
            let count = search.count();
            self.message = Some(match search.current {
                Some(i) if count > 0 => format!("match {}/{count}", i + 1),
                _ => format!("no match for “{}”", search.query.trim()),
            });
        }
    }

    pub(super) fn step_match(&mut self, forward: bool) {
        let Some(search) = &self.search else {
            self.step_citation(forward);
            return;
        };
        let count = search.count();
        if count == 0 {
            self.announce_match();
            return;
        }
        // For events, the next match is relative to the selection, which may have moved.
        let current = match search.scope {
            Scope::Events => {
                let at = search.events.binary_search(&self.selected);
                match (at, forward) {
                    (Ok(i), true) => i + 1,
                    (Err(i), true) => i,
                    (Ok(i) | Err(i), false) => i.wrapping_sub(1),
                }
            }
            Scope::Document => match (search.current, forward) {
                (Some(i), true) => i + 1,
                (Some(i), false) => i.wrapping_sub(1),
                (None, _) => 0,
            },
        };
        let (next, wrapped) = if current == usize::MAX {
            (count - 1, true)
        } else if current >= count {
            (0, true)
        } else {
            (current, false)
        };
        self.show_match(Some(next));
        self.announce_match();
        if wrapped && let Some(m) = &mut self.message {
            m.push_str(if forward {
                " — wrapped to the top"
            } else {
                " — wrapped to the bottom"
            });
        }
    }
}
