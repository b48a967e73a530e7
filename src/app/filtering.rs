//! Filtering the view: the actor and tag pickers and what applying one does to the selection.
//!
//! The picker's own state (items, narrowing, ticks) lives in [`super::picker`] and which events
//! a filter passes is decided in [`crate::find`]; this file is the glue `update` runs: open a
//! picker, hand it keys, apply its filter while keeping the reader's place.

use super::keymap::keys_for;
use super::picker::{Picker, PickerKind};
use super::{Action, App, Mode};
use crate::find::{Combine, Filter};

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
            self.message = Some(
                match keys_for(self.pane_context(), Action::ClearFilters).first() {
                    Some(key) => format!("no events match the filter — {key} clears it"),
                    None => "no events match the filter".into(),
                },
            );
        } else if !self.filtering() {
            self.message = Some("filter cleared".into());
        }
    }

    /// Whether any filter hides events (actors, tags, or drafts only).
    pub fn filtering(&self) -> bool {
        !self.filter.is_empty() || self.drafts_only || self.by_review.is_set()
    }

    /// `x`: every event again.
    pub(super) fn clear_filters(&mut self) {
        self.drafts_only = false;
        self.by_review = crate::find::ByReview::default();
        self.set_filter(Filter::default());
    }

    /// "Actors: Iran, United States (any) — 6 of 12 events", or `None` without a filter.
    pub fn filter_description(&self) -> Option<String> {
        if !self.filtering() {
            return None;
        }
        let mut parts = Vec::new();
        if self.drafts_only {
            parts.push("Drafts".to_string());
        }
        if self.by_review.needs_review {
            parts.push("Needing review".to_string());
        }
        if self.by_review.single_sourced {
            parts.push("Single-sourced".to_string());
        }
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
            _ if self.filter.is_empty() => "",
            Combine::Any => " (any)",
            Combine::All => " (all)",
        };
        Some(format!(
            "{}{combine} — {} of {} events",
            parts.join("; "),
            self.visible.len(),
            self.chronology.events.len()
        ))
    }
}
