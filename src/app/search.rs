//! The viewer's search: the kept query, its matches, and moving between them.
//!
//! Which events mention a text is answered by [`crate::find::SearchIndex`], built once; this
//! file holds what the viewer does with the answer: run it on every keystroke of the prompt,
//! keep it while the filter changes, step through the matches with their wrap-around messages.
//! In the source pane the search looks through the shown document instead.

use std::ops::Range;

use super::prompt::Prompt;
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
    /// Runs the search for the prompt's text, moving to the first match from where the prompt
    /// was opened.
    pub(super) fn incremental_search(&mut self, prompt: &Prompt, scope: Scope) {
        let needle = normalize_query(&prompt.text);
        if needle.is_empty() {
            self.search = None;
            self.restore(prompt.origin, prompt.origin_scroll);
            return;
        }
        self.search = Some(SearchState {
            query: prompt.text.clone(),
            needle: String::new(),
            scope,
            events: Vec::new(),
            ranges: Vec::new(),
            current: None,
        });
        self.rerun_search(&prompt.text);
        let Some(search) = &self.search else {
            return;
        };
        match scope {
            Scope::Events => {
                let from = self
                    .visible
                    .binary_search(&prompt.origin.event)
                    .unwrap_or_else(|p| p);
                let first = search
                    .events
                    .iter()
                    .position(|&p| p >= from)
                    .or((!search.events.is_empty()).then_some(0));
                self.show_match(first);
            }
            Scope::Document => {
                let top = self
                    .source
                    .lines
                    .get(prompt.origin_scroll)
                    .map_or(0, |l| l.start);
                let first = search
                    .ranges
                    .iter()
                    .position(|r| r.start >= top)
                    .or((!search.ranges.is_empty()).then_some(0));
                self.show_match(first);
            }
        }
        if self.search.as_ref().is_some_and(|s| s.count() == 0) {
            self.message = Some(format!("no match for “{}”", prompt.text.trim()));
        }
    }

    /// Recomputes the matches of the kept search (after typing or a filter change).
    pub(super) fn rerun_search(&mut self, query: &str) {
        let Some(search) = &mut self.search else {
            return;
        };
        search.query = query.to_string();
        search.needle = normalize_query(query);
        match search.scope {
            Scope::Events => {
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
    fn show_match(&mut self, index: Option<usize>) {
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
