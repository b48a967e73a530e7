//! Choosing events by where their review stands: `list --single-sourced`, `list --review`,
//! `export --reviewed-only`, and the viewer's review filters ask the same questions.

use crate::model::{Chronology, Event, EventIx, ReviewState, Stance};

/// Which events a review pass wants (every condition set must hold).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByReview {
    /// Only events resting on one publisher or none.
    pub single_sourced: bool,
    /// Only events with a citation in this state.
    pub state: Option<ReviewState>,
    /// Only events some citation of which still needs review (unreviewed, stale, disputed).
    pub needs_review: bool,
    /// Only events that are verified: a supporting citation verified, and none disputed.
    pub reviewed_only: bool,
}

impl ByReview {
    /// Whether any condition is set: when none is, every event passes.
    pub fn is_set(self) -> bool {
        self != Self::default()
    }

    pub fn keeps(self, chronology: &Chronology, event: &Event) -> bool {
        let states = || event.citations.iter().map(|c| chronology.review_state(c));
        (!self.single_sourced || chronology.corroboration(event).single_sourced())
            && self.state.is_none_or(|want| states().any(|s| s == want))
            && (!self.needs_review || chronology.needs_review(event))
            && (!self.reviewed_only || verified(chronology, event))
    }

    /// Keeps the events of `events` that pass.
    pub fn retain(self, chronology: &Chronology, events: &mut Vec<EventIx>) {
        if self.is_set() {
            events.retain(|&e| self.keeps(chronology, &chronology.events[e]));
        }
    }
}

/// A supporting citation verified against the source as it is now, and none disputed.
fn verified(chronology: &Chronology, event: &Event) -> bool {
    let mut supported = false;
    for c in &event.citations {
        match chronology.review_state(c) {
            ReviewState::Disputed => return false,
            ReviewState::Verified if c.stance == Stance::Supports => supported = true,
            _ => {}
        }
    }
    supported
}
