//! The one-line prompts at the bottom of the screen: search, and go to a date (or, in a PDF,
//! a page: `p12`).
//!
//! A prompt remembers where the reader was when it opened, so closing it can put everything
//! back. Typing in the search prompt searches at once, moving to the first match from that
//! place, or back to it when nothing matches, as vim's incsearch does (the matching itself is
//! [`super::search`]'s); the date prompt only acts when its text is submitted (see
//! [`super::dates`]).

use super::history::Location;
use super::pages::parse_page;
use super::search::{Scope, SearchState};
use super::{Action, App, Focus, Mode};
use crate::find::normalize_query;

/// Which prompt is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Search(Scope),
    Date,
    /// The note of a dispute (`M`).
    DisputeNote,
    /// Whether to replace the citation's review (`y`).
    ReplaceReview,
}

/// A one-line prompt at the bottom of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Shown in the prompt after a bad date.
    pub error: Option<String>,
    /// Where the reader was when the prompt opened, to return to on `Esc`.
    pub(super) origin: Location,
    pub(super) origin_scroll: usize,
}

impl App {
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
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
        if matches!(
            prompt.kind,
            PromptKind::DisputeNote | PromptKind::ReplaceReview
        ) {
            if let Some(prompt) = self.update_review_prompt(prompt, action) {
                self.mode = Mode::Prompt(prompt);
            }
            return;
        }
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
                // Handled by `update_review_prompt` before this match.
                PromptKind::DisputeNote | PromptKind::ReplaceReview => return,
                PromptKind::Search(_) => {
                    match &self.search {
                        Some(search) if search.count() > 0 => {
                            self.history.record(prompt.origin);
                            self.announce_match();
                        }
                        // No match: back where the search started (typing put it there
                        // already; this also covers a prompt submitted after a resize), and
                        // nothing kept for `n` to step through.
                        Some(search) if !search.needle.is_empty() => {
                            self.announce_match();
                            self.search = None;
                            self.restore(prompt.origin, prompt.origin_scroll);
                        }
                        _ => self.search = None,
                    }
                    return;
                }
                PromptKind::Date => {
                    let went = match parse_page(&prompt.text) {
                        Some(page) => self.go_to_page(page),
                        None => self
                            .parse_typed_date(&prompt.text)
                            .map(|date| self.go_to_date(&date))
                            .map_err(|e| {
                                if self.prompt_takes_pages() {
                                    format!("{e} (or a page: p12)")
                                } else {
                                    e.to_string()
                                }
                            }),
                    };
                    match went {
                        Ok(()) => return,
                        Err(e) => prompt.error = Some(e),
                    }
                }
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

    pub(super) fn restore(&mut self, origin: Location, scroll: usize) {
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
            // As vim's incsearch: a query that matches nothing shows where the search started,
            // not where a shorter query's match had moved the selection.
            self.restore(prompt.origin, prompt.origin_scroll);
            self.message = Some(format!("no match for “{}”", prompt.text.trim()));
        }
    }
}
