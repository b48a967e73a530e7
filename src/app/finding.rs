//! Finding things: the actor and tag pickers, incremental search, and jumping to a date.
//!
//! All of it is state plus `update` handlers, like the rest of `app`; the searching happens
//! here, once per keystroke in a prompt, and the renderer only draws the [`Highlights`] this
//! module leaves behind.

use std::ops::Range;

use super::history::Location;
use super::picker::{Picker, PickerKind};
use super::{Action, App, Focus, Mode, layout};
use crate::find::{Combine, Filter, normalize_query};
use crate::model::{Date, EventIx, SourceIx};
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

/// Which prompt is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Search(Scope),
    Date,
}

/// A one-line prompt at the bottom of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Shown in the prompt after a bad date.
    pub error: Option<String>,
    /// Where the reader was when the prompt opened, to return to on `Esc`.
    origin: Location,
    origin_scroll: usize,
}

/// Where the search query occurs in what the screen shows, as byte ranges of the original text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Titles of the timeline rows in view: (event, ranges).
    pub rows: Vec<(EventIx, Vec<Range<usize>>)>,
    pub title: Vec<Range<usize>>,
    pub summary: Vec<Range<usize>>,
    /// Per citation of the selected event.
    pub quotes: Vec<Vec<Range<usize>>>,
    pub source: Vec<Range<usize>>,
    /// The (needle, source) that `source` was computed for, so it is not recomputed per key.
    source_key: Option<(String, SourceIx)>,
}

impl App {
    pub(super) fn open_picker(&mut self, kind: PickerKind) {
        let picker = Picker::new(kind, &self.chronology, &self.filter);
        if picker.items.is_empty() {
            self.message = Some(match kind {
                PickerKind::Actors => "this chronology has no actors".into(),
                PickerKind::Tags => "this chronology has no tags".into(),
            });
            return;
        }
        self.mode = Mode::Picker(picker);
    }

    pub(super) fn update_picker(&mut self, mut picker: Picker, action: Action) {
        match action {
            Action::ChooserDown | Action::WheelDown(..) => picker.down(),
            Action::ChooserUp | Action::WheelUp(..) => picker.up(),
            Action::PickerToggle => picker.toggle(),
            Action::PickerCombine => picker.toggle_combine(),
            Action::Type(c) => picker.type_char(c),
            Action::Erase => picker.backspace(),
            Action::PickerApply => {
                let filter = picker.apply_to(&self.filter);
                self.set_filter(filter);
                return;
            }
            other => {
                if self.overlay_common(other) {
                    return;
                }
            }
        }
        self.mode = Mode::Picker(picker);
    }

    /// Applies a new filter, keeping the selection on the same event or the nearest in time.
    pub(super) fn set_filter(&mut self, filter: Filter) {
        let before = self.current_event();
        self.filter = filter;
        self.refilter();
        if self.current_event() != before {
            self.citation = 0;
            self.detail_scroll = 0;
        }
        if let Some(query) = self.search.as_ref().map(|s| s.query.clone()) {
            self.rerun_search(&query);
        }
        self.timeline_offset = 0;
        self.after_selection(false);
        if self.visible.is_empty() {
            self.message = Some("no events match the filter — x clears it".into());
        } else if self.filter.is_empty() {
            self.message = Some("filter cleared".into());
        }
    }

    /// "Actors: Iran, United States (any) — 6 of 12 events", or `None` without a filter.
    pub fn filter_description(&self) -> Option<String> {
        if self.filter.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        if !self.filter.actors.is_empty() {
            let names: Vec<&str> = self
                .filter
                .actors
                .iter()
                .filter_map(|&a| self.chronology.actors.get(a).map(|a| a.name.as_str()))
                .collect();
            parts.push(format!("Actors: {}", names.join(", ")));
        }
        if !self.filter.tags.is_empty() {
            let names: Vec<&str> = self
                .filter
                .tags
                .iter()
                .filter_map(|&t| self.chronology.tags.get(t).map(String::as_str))
                .collect();
            parts.push(format!("Tags: {}", names.join(", ")));
        }
        let combine = match self.filter.combine {
            Combine::Any => "any",
            Combine::All => "all",
        };
        Some(format!(
            "{} ({combine}) — {} of {} events",
            parts.join("; "),
            self.visible.len(),
            self.chronology.events.len()
        ))
    }

    fn open_prompt(&mut self, kind: PromptKind) {
        self.mode = Mode::Prompt(Prompt {
            kind,
            text: String::new(),
            error: None,
            origin: self.location(),
            origin_scroll: self.source.scroll,
        });
    }

    pub(super) fn start_search(&mut self) {
        let scope = if self.focus == Focus::Source && self.source.source.is_some() {
            Scope::Document
        } else {
            Scope::Events
        };
        self.search = None;
        self.open_prompt(PromptKind::Search(scope));
    }

    pub(super) fn start_date_prompt(&mut self) {
        self.open_prompt(PromptKind::Date);
    }

    pub(super) fn update_prompt(&mut self, mut prompt: Prompt, action: Action) {
        match action {
            Action::Type(c) => {
                prompt.text.push(c);
                prompt.error = None;
                if let PromptKind::Search(scope) = prompt.kind {
                    self.incremental_search(&prompt, scope);
                }
            }
            Action::Erase => {
                prompt.text.pop();
                prompt.error = None;
                if let PromptKind::Search(scope) = prompt.kind {
                    self.incremental_search(&prompt, scope);
                }
            }
            Action::Submit => match prompt.kind {
                PromptKind::Search(_) => {
                    if self.search.as_ref().is_some_and(|s| !s.needle.is_empty()) {
                        self.history.record(prompt.origin);
                        self.announce_match();
                    } else {
                        self.search = None;
                    }
                    return;
                }
                PromptKind::Date => match Date::parse(&prompt.text) {
                    Ok(date) => {
                        self.go_to_date(&date);
                        return;
                    }
                    Err(e) => prompt.error = Some(e.to_string()),
                },
            },
            Action::Close => {
                if matches!(prompt.kind, PromptKind::Search(_)) {
                    self.search = None;
                    self.restore(prompt.origin, prompt.origin_scroll);
                }
                return;
            }
            other => {
                if self.overlay_common(other) {
                    return;
                }
            }
        }
        self.mode = Mode::Prompt(prompt);
    }

    fn restore(&mut self, origin: Location, scroll: usize) {
        if let Ok(p) = self.visible.binary_search(&origin.event) {
            self.selected = p;
            self.citation = origin.citation;
            self.focus = origin.focus;
            self.after_selection(false);
        }
        self.source.scroll = scroll;
        self.clamp_source();
    }

    /// Runs the search for the prompt's text, moving to the first match from where the prompt
    /// was opened.
    fn incremental_search(&mut self, prompt: &Prompt, scope: Scope) {
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
    fn rerun_search(&mut self, query: &str) {
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
                let line = super::wrap::line_of(&self.source.lines, range.start);
                let height = self.source_height().max(1);
                if line < self.source.scroll || line >= self.source.scroll + height {
                    self.source.scroll = line.saturating_sub(height / 3);
                    self.clamp_source();
                }
            }
        }
    }

    fn announce_match(&mut self) {
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

    fn go_to_date(&mut self, date: &Date) {
        if self.visible.is_empty() {
            self.message = Some("no events to go to".into());
            return;
        }
        let target = date.sort_key();
        let p = self
            .visible
            .partition_point(|&e| self.chronology.events[e].date.sort_key() < target);
        let p = if p >= self.visible.len() {
            self.message = Some(format!("no event on or after {date}: showing the last"));
            self.visible.len() - 1
        } else {
            p
        };
        self.jump_to(self.visible[p], 0, Focus::Timeline);
    }

    pub(super) fn step_year(&mut self, forward: bool) {
        let Some(event) = self.current_event() else {
            return;
        };
        let year = |e: EventIx| self.chronology.events[e].date.year();
        let current = year(event);
        // The view is in date order, so years never decrease along it: binary searches.
        let first_of = |y: i32| self.visible.partition_point(|&e| year(e) < y);
        let target = if forward {
            let next = self.visible.partition_point(|&e| year(e) <= current);
            (next < self.visible.len()).then_some(next)
        } else {
            first_of(current)
                .checked_sub(1)
                .map(|last_of_previous| first_of(year(self.visible[last_of_previous])))
        };
        match target {
            Some(p) => self.select(p),
            None => {
                self.message = Some(if forward {
                    "already in the last year".into()
                } else {
                    "already in the first year".into()
                });
            }
        }
    }

    /// Recomputes where the search query shows on screen. Only what is in view is searched:
    /// the timeline rows in the window, the selected event, the shown document (once per
    /// query and document).
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
                super::timeline::Row::Event(p) => self.visible.get(*p).copied(),
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
                .map(|c| find_folded(&c.quote, &needle))
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
