//! Which pane has the keys, and which overlay (if any) lies over the panes: the two facts
//! that decide what a key means.

use super::picker;
use super::prompt::Prompt;
use crate::model::EventIx;

/// Which pane receives movement keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Focus {
    #[default]
    Timeline,
    Event,
    Source,
}

impl Focus {
    pub(super) fn next(self) -> Self {
        match self {
            Focus::Timeline => Focus::Event,
            Focus::Event => Focus::Source,
            Focus::Source => Focus::Timeline,
        }
    }

    pub(super) fn prev(self) -> Self {
        match self {
            Focus::Timeline => Focus::Source,
            Focus::Event => Focus::Timeline,
            Focus::Source => Focus::Event,
        }
    }
}

/// What the chooser overlay is choosing between, and for what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chooser {
    pub title: String,
    /// Chronology indices of the events offered.
    pub events: Vec<EventIx>,
    pub selected: usize,
}

/// The overlay on top of the panes, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Normal,
    Help {
        scroll: usize,
    },
    Chooser(Chooser),
    Picker(picker::Picker),
    Prompt(Prompt),
    /// The problems of the last failed load, one selected.
    Problems {
        selected: usize,
    },
}
