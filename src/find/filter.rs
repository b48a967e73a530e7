//! Which events are shown: actor and tag filters, as index vectors over the chronology.
//!
//! The chronology never changes; a filter only produces the list of event indices that pass,
//! so the viewer and `list` share one definition of "matches" and moving through a filtered
//! view costs the same as through the whole one.

use crate::model::{ActorIx, Chronology, Event, EventIx, TagIx};

/// Whether an event must involve any or all of the chosen actors (and tags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Combine {
    #[default]
    Any,
    All,
}

/// The active actor and tag filter. Empty lists mean "no constraint".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub actors: Vec<ActorIx>,
    pub tags: Vec<TagIx>,
    pub combine: Combine,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.tags.is_empty()
    }

    pub fn matches(&self, event: &Event) -> bool {
        let actor = |a: &ActorIx| event.actors.contains(a);
        let tag = |t: &TagIx| event.tags.contains(t);
        match self.combine {
            Combine::Any => {
                (self.actors.is_empty() || self.actors.iter().any(actor))
                    && (self.tags.is_empty() || self.tags.iter().any(tag))
            }
            Combine::All => self.actors.iter().all(actor) && self.tags.iter().all(tag),
        }
    }

    /// Indices of the events that pass, in chronological order.
    pub fn apply(&self, chronology: &Chronology) -> Vec<EventIx> {
        chronology
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| self.matches(e))
            .map(|(i, _)| i)
            .collect()
    }
}
