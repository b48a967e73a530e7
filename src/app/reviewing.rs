//! Reviewing citations: `m` verifies the focused citation, `M` disputes it with a note, a key
//! goes to the next citation needing review across events, and two filters narrow the
//! timeline to the events needing review and to single-sourced ones.
//!
//! As with citing, `update` only asks: the viewer writes the review (with the reviewer's name,
//! today's date and the source's digest, which it knows) and reloads, and `u` undoes it. A
//! citation already reviewed is not overwritten without a `y`.

use super::citing::Reselect;
use super::keymap::keys_for;
use super::prompt::{Prompt, PromptKind};
use super::{Action, App, Focus, Origin, Request};
use crate::edit::Refused;
use crate::model::{CitationRef, Verdict};

/// A review asked for, waiting for its note or for a yes to replace the review there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub event: String,
    pub citation: usize,
    pub verdict: Verdict,
}

impl App {
    pub(super) fn update_reviewing(&mut self, action: Action) {
        match action {
            Action::Verify => self.ask_review(Verdict::Verified),
            Action::Dispute => self.ask_review(Verdict::Disputed),
            Action::NextToReview => self.next_to_review(),
            Action::ToggleNeedsReview => {
                self.by_review.needs_review = !self.by_review.needs_review;
                self.refilter_review(self.by_review.needs_review, "needing review");
            }
            Action::ToggleSingleSourced => {
                self.by_review.single_sourced = !self.by_review.single_sourced;
                self.refilter_review(self.by_review.single_sourced, "single-sourced");
            }
            _ => {}
        }
    }

    fn refilter_review(&mut self, on: bool, what: &str) {
        let filter = self.filter.clone();
        self.set_filter(filter);
        if !self.visible.is_empty() {
            self.message = Some(if on {
                format!(
                    "{what} only: {} of {}",
                    self.visible.len(),
                    self.chronology.events.len()
                )
            } else {
                "every event shown".into()
            });
        }
    }

    /// `m` / `M` on the focused citation: asks before replacing a review, and for a dispute's
    /// note.
    fn ask_review(&mut self, verdict: Verdict) {
        if let Origin::Embedded = self.origin {
            self.message = Some(Refused::Embedded.to_string());
            return;
        }
        let Some(ix) = self.current_event() else {
            self.message = Some("no event selected to review".into());
            return;
        };
        let event = &self.chronology.events[ix];
        let Some(citation) = event.citations.get(self.citation) else {
            self.message = Some("the event has no citation to review".into());
            return;
        };
        let pending = Pending {
            event: event.id.clone(),
            citation: self.citation,
            verdict,
        };
        if let Some(old) = &citation.review {
            let question = format!(
                "replace the review ({} by {} on {})? y/n",
                old.status.label(),
                old.by,
                old.on
            );
            self.pending_review = Some(pending);
            self.open_prompt(PromptKind::ReplaceReview);
            if let super::Mode::Prompt(p) = &mut self.mode {
                p.text = question;
            }
            return;
        }
        self.pending_review = Some(pending);
        self.go_on_with_review();
    }

    /// With the replacing agreed to (or nothing to replace): a dispute asks for its note, a
    /// verification is written.
    fn go_on_with_review(&mut self) {
        let Some(pending) = self.pending_review.clone() else {
            return;
        };
        match pending.verdict {
            Verdict::Disputed => self.open_prompt(PromptKind::DisputeNote),
            Verdict::Verified => self.request_review(None),
        }
    }

    fn request_review(&mut self, note: Option<String>) {
        let Some(pending) = self.pending_review.take() else {
            return;
        };
        let before = self.place();
        let word = match pending.verdict {
            Verdict::Verified => "verified",
            Verdict::Disputed => "disputed",
        };
        self.message = Some(format!(
            "writing the review of citation {}…",
            pending.citation + 1
        ));
        self.reselect = Some(Reselect {
            message: format!(
                "{word} citation {} of \u{201C}{}\u{201D}{}",
                pending.citation + 1,
                pending.event,
                self.undo_hint()
            ),
            id: Some(pending.event.clone()),
            citation: pending.citation,
            back: None,
        });
        self.requests.push(Request::Review {
            id: pending.event,
            citation: pending.citation,
            verdict: pending.verdict,
            note,
            before,
        });
    }

    /// Keys in the dispute note and replace prompts; `Some` keeps the prompt open.
    pub(super) fn update_review_prompt(
        &mut self,
        mut prompt: Prompt,
        action: Action,
    ) -> Option<Prompt> {
        match (prompt.kind, action) {
            (PromptKind::ReplaceReview, Action::Type('y' | 'Y')) => {
                self.go_on_with_review();
                None
            }
            (PromptKind::ReplaceReview, _) | (PromptKind::DisputeNote, Action::Close) => {
                self.pending_review = None;
                self.message = Some("review not written".into());
                None
            }
            (PromptKind::DisputeNote, Action::Type(c)) => {
                prompt.text.push(c);
                Some(prompt)
            }
            (PromptKind::DisputeNote, Action::Erase) => {
                prompt.text.pop();
                Some(prompt)
            }
            (PromptKind::DisputeNote, Action::Submit) => {
                let note = prompt.text.trim().to_string();
                if note.is_empty() {
                    prompt.error = Some("say why it is disputed".into());
                    return Some(prompt);
                }
                self.request_review(Some(note));
                None
            }
            _ => Some(prompt),
        }
    }

    /// The next citation, after the focused one and across the events shown (wrapping), that
    /// is unreviewed, stale or disputed: a review pass in one key.
    fn next_to_review(&mut self) {
        let mut all: Vec<CitationRef> = Vec::new();
        for &e in &self.visible {
            for c in 0..self.chronology.events[e].citations.len() {
                all.push(CitationRef {
                    event: e,
                    citation: c,
                });
            }
        }
        let here = self.current_event().map(|e| CitationRef {
            event: e,
            citation: self.citation,
        });
        let start = here
            .and_then(|h| all.iter().position(|r| *r == h))
            .map_or(0, |p| p + 1);
        let needs = |r: &CitationRef| {
            self.chronology
                .citation(*r)
                .is_some_and(|c| self.chronology.review_state(c).needs_review())
        };
        let next = all[start.min(all.len())..]
            .iter()
            .chain(&all[..start.min(all.len())])
            .find(|r| needs(r))
            .copied();
        match next {
            Some(r) => {
                let focus = if self.focus == Focus::Timeline {
                    Focus::Event
                } else {
                    self.focus
                };
                self.jump_to(r.event, r.citation, focus);
                self.citation_chosen = true;
                let state = self
                    .chronology
                    .citation(r)
                    .map(|c| self.chronology.review_state(c).label())
                    .unwrap_or_default();
                let keys = keys_for(self.pane_context(), Action::Verify);
                self.message = Some(format!(
                    "citation {} is {state}{}",
                    r.citation + 1,
                    keys.first()
                        .map(|m| format!(" ({m} verifies it)"))
                        .unwrap_or_default()
                ));
            }
            None => self.message = Some("every citation shown is verified".into()),
        }
    }
}
