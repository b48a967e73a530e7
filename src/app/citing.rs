//! Citing the selected passage: copy it, add it to the selected event, or start a draft with
//! it; undo a write; show only the drafts.
//!
//! The citation text is computed here, purely ([`crate::edit::cite`]); writing the file and the
//! clipboard are the viewer's, asked for through [`Request`]s. A write is followed by a reload,
//! and [`Reselect`] says what to select when it arrives: the new draft, or the event with its
//! new citation as the current one.
//!
//! Each write's request carries the [`Place`] the reader was at, and the viewer keeps it with
//! the bytes it will put back: undoing the write gives it back, so `u` returns to the event,
//! pane, citation and passage that were selected before the write. Otherwise the reload after
//! the undo keeps whatever the write selected (a draft now gone), falls back to the nearest
//! event in time, and the next `c` cites that one.

use std::fmt::Write as _;

use super::keymap::{Context, keys_for};
use super::select::{Motion, Selection};
use super::{Action, App, Focus, Origin, Request};
use crate::edit::Refused;
use crate::edit::cite::{Cited, Draft, cite};
use crate::yaml::double_quoted;

/// What to select once the chronology is loaded again after a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reselect {
    /// The event; `None` after an undo, which only has something to say.
    pub id: Option<String>,
    /// The citation to make current (the one just added).
    pub citation: usize,
    /// What the status bar says once it is shown.
    pub message: String,
    /// After an undo: where the reader was before the undone write, put back whole.
    pub back: Option<Place>,
}

/// Where the reader is when a write is asked for: what undoing the write selects again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The selected event, by id (indices change with the file).
    pub id: Option<String>,
    pub focus: Focus,
    pub citation: usize,
    pub chosen: bool,
    /// The passage selected in the source pane.
    pub selection: Option<Selection>,
}

/// Characters of a quote the status bar shows before cutting it.
const SHOWN_QUOTE: usize = 60;

impl App {
    /// The selection's and the citing keys, and the drafts filter.
    pub(super) fn update_citing(&mut self, action: Action) {
        match action {
            Action::DragTo(x, y) => self.drag_to(x, y),
            Action::StartSelection => self.start_selection(),
            Action::SelectWordNext => self.move_selection(Motion::WordNext),
            Action::SelectWordBack => self.move_selection(Motion::WordBack),
            Action::SelectWordEnd => self.move_selection(Motion::WordEnd),
            Action::SelectLineDown => self.move_selection(Motion::LineDown),
            Action::SelectLineUp => self.move_selection(Motion::LineUp),
            Action::SelectLineStart => self.move_selection(Motion::LineStart),
            Action::SelectLineEnd => self.move_selection(Motion::LineEnd),
            Action::CancelSelection if self.selection.take().is_some() => {
                self.message = Some("selection cancelled".into());
            }
            Action::CopyCitation => self.copy_citation(),
            Action::AddCitation => self.add_citation(),
            Action::NewDraft => self.new_draft(),
            Action::Undo => self.undo(),
            Action::ToggleDrafts => self.toggle_drafts(),
            _ => {}
        }
    }

    /// The citation of the selection, or a message saying why there is none.
    fn selected_citation(&mut self) -> Option<Cited> {
        let (Some(range), Some(source)) = (
            self.selected_passage(),
            self.source
                .source
                .and_then(|s| self.chronology.sources.get(s)),
        ) else {
            self.message = Some(
                match keys_for(Context::Source, Action::StartSelection).first() {
                    Some(v) => format!("select a passage first ({v} in the source pane)"),
                    None => "select a passage first".into(),
                },
            );
            return None;
        };
        match cite(&source.id, &source.text, range) {
            Ok(cited) => Some(cited),
            Err(why) => {
                self.message = Some(why.to_string());
                None
            }
        }
    }

    /// Whether the file can be written; says why not when it cannot.
    fn writable(&mut self) -> bool {
        match self.origin {
            Origin::File(_) => true,
            Origin::Embedded => {
                self.message = Some(Refused::Embedded.to_string());
                false
            }
        }
    }

    /// `y`: asks the viewer to put the citation on the clipboard.
    pub(super) fn copy_citation(&mut self) {
        let Some(cited) = self.selected_citation() else {
            return;
        };
        let mut shown = cited.quote.clone();
        if let Some((cut, _)) = shown.char_indices().nth(SHOWN_QUOTE) {
            shown.truncate(cut);
            shown.push('…');
        }
        let mut message = format!(
            "copied: source: {}, quote: {}",
            cited.source,
            double_quoted(&shown)
        );
        if let Some(prefix) = &cited.prefix {
            let _ = write!(message, ", prefix: {}", double_quoted(prefix));
        }
        self.message = Some(message);
        self.requests.push(Request::Copy(cited.yaml()));
    }

    /// `c`: asks the viewer to add the citation to the selected event.
    pub(super) fn add_citation(&mut self) {
        let Some(ix) = self.current_event() else {
            self.message = Some("no event selected to add the citation to".into());
            return;
        };
        let Some(cited) = self.selected_citation() else {
            return;
        };
        let event = &self.chronology.events[ix];
        let (id, count) = (event.id.clone(), event.citations.len());
        let already = event
            .citations
            .iter()
            .any(|c| Some(c.source) == self.source.source && c.range == cited.range);
        if already {
            self.message = Some(format!("\u{201C}{id}\u{201D} already cites this passage"));
            return;
        }
        if !self.writable() {
            return;
        }
        self.message = Some(format!("adding the citation to \u{201C}{id}\u{201D}…"));
        self.reselect = Some(Reselect {
            message: format!(
                "added citation {} to \u{201C}{id}\u{201D}{}",
                count + 1,
                self.undo_hint()
            ),
            id: Some(id.clone()),
            citation: count,
            back: None,
        });
        let before = self.place();
        self.requests
            .push(Request::AddCitation { id, cited, before });
    }

    /// Asks the viewer to add a draft event citing the selection.
    pub(super) fn new_draft(&mut self) {
        let Some(cited) = self.selected_citation() else {
            return;
        };
        if !self.writable() {
            return;
        }
        let date = self
            .source
            .source
            .and_then(|s| self.chronology.sources.get(s))
            .and_then(|s| s.date.as_ref())
            .map(crate::model::Date::edtf);
        let events = &self.chronology.events;
        let draft = Draft::new(cited, date, &|id| events.iter().any(|e| e.id == id));
        self.message = Some(format!("adding the draft \u{201C}{}\u{201D}…", draft.id));
        self.reselect = Some(Reselect {
            message: format!("new draft \u{201C}{}\u{201D}{}", draft.id, self.undo_hint()),
            id: Some(draft.id.clone()),
            citation: 0,
            back: None,
        });
        let before = self.place();
        self.requests.push(Request::NewDraft { draft, before });
    }

    /// Where the reader is now, for the undo of a write to return to.
    pub(super) fn place(&self) -> Place {
        Place {
            id: self
                .current_event()
                .and_then(|e| self.chronology.events.get(e))
                .map(|e| e.id.clone()),
            focus: self.focus,
            citation: self.citation,
            chosen: self.citation_chosen,
            selection: self.selection.clone(),
        }
    }

    /// ` (u undoes it)`, with the key the keymap binds.
    pub(super) fn undo_hint(&self) -> String {
        keys_for(self.pane_context(), Action::Undo)
            .first()
            .map(|u| format!(" ({u} undoes it)"))
            .unwrap_or_default()
    }

    /// `u`: asks the viewer to undo its last write.
    pub(super) fn undo(&mut self) {
        if self.writable() {
            self.reselect = None;
            self.requests.push(Request::Undo);
        }
    }

    /// Shows only the drafts, or every event again.
    pub(super) fn toggle_drafts(&mut self) {
        if !self.drafts_only && !self.chronology.events.iter().any(|e| e.draft) {
            self.message = Some("this chronology has no drafts".into());
            return;
        }
        self.drafts_only = !self.drafts_only;
        let filter = self.filter.clone();
        self.set_filter(filter);
        if !self.visible.is_empty() {
            self.message = Some(if self.drafts_only {
                format!(
                    "drafts only: {} of {}",
                    self.visible.len(),
                    self.chronology.events.len()
                )
            } else {
                "every event shown".into()
            });
        }
    }

    /// After a reload: selects what the last write asked for, once the event is there.
    pub(super) fn apply_reselect(&mut self) {
        let Some(want) = self.reselect.take() else {
            return;
        };
        let Some(id) = &want.id else {
            self.message = Some(want.message);
            return;
        };
        let Some(ix) = self.chronology.events.iter().position(|e| &e.id == id) else {
            // The reload was of the file from before the write: wait for the next one.
            self.reselect = Some(want);
            return;
        };
        let citations = self.chronology.events[ix].citations.len();
        if want.back.is_none() && citations <= want.citation {
            self.reselect = Some(want);
            return;
        }
        if self.visible.binary_search(&ix).is_err() {
            self.message = Some(format!("{} (hidden by the filter)", want.message));
            return;
        }
        self.selection = None;
        let citation = want.citation.min(citations.saturating_sub(1));
        if let Some(back) = want.back {
            self.jump_to(ix, citation, back.focus);
            self.citation_chosen = back.chosen;
            // The passage comes back when its document is the one shown again.
            self.selection = back.selection;
            self.check_selection();
            self.keep_head_in_view();
        } else {
            self.jump_to(ix, citation, self.focus);
            self.citation_chosen = want.citation > 0;
        }
        self.message = Some(want.message);
    }
}
