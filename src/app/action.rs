//! Everything a user can ask the viewer to do, each with the words the help screen shows.

use crate::model::EventIx;

/// A user-level request. `update` is the only thing that turns these into state changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Close an overlay (help, chooser); in the source pane, go back to the timeline.
    Close,
    FocusNext,
    FocusPrev,
    NextEvent,
    PrevEvent,
    FirstEvent,
    LastEvent,
    PageDown,
    PageUp,
    /// Focus the source pane at the event's current citation.
    OpenSource,
    NextCitation,
    PrevCitation,
    /// Source pane: the next/previous marked passage of the document, any event.
    NextPassage,
    PrevPassage,
    /// Source pane: go to the event(s) citing the current passage.
    FollowPassage,
    FollowRelated,
    JumpBack,
    JumpForward,
    ScrollDown,
    ScrollUp,
    ScrollTop,
    ScrollBottom,
    ScrollPageDown,
    ScrollPageUp,
    /// Event pane: scroll its text.
    DetailDown,
    DetailUp,
    /// Filters, search and dates.
    PickActors,
    PickTags,
    ClearFilters,
    Search,
    NextMatch,
    PrevMatch,
    GoToDate,
    NextYear,
    PrevYear,
    /// Picker overlay.
    PickerToggle,
    PickerCombine,
    PickerApply,
    /// Prompts and pickers: typing.
    Type(char),
    Erase,
    Submit,
    /// Chooser overlay.
    ChooserDown,
    ChooserUp,
    ChooserPick,
    /// Not bound to keys: produced by the terminal.
    Resize(u16, u16),
    ClickAt(u16, u16),
    WheelDown(u16, u16),
    WheelUp(u16, u16),
    /// Select an event directly (tests, mouse).
    Select(EventIx),
}

impl Action {
    /// What the action does, for help and hints. Empty for actions that no key produces.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "show or hide this help",
            Action::Close => "close the overlay / back to the timeline",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrev => "focus the previous pane",
            Action::NextEvent => "next event",
            Action::PrevEvent => "previous event",
            Action::FirstEvent => "first event",
            Action::LastEvent => "last event",
            Action::PageDown => "page down the timeline",
            Action::PageUp => "page up the timeline",
            Action::OpenSource => "read the cited passage in its source",
            Action::NextCitation => "next citation of the event",
            Action::PrevCitation => "previous citation of the event",
            Action::NextPassage => "next marked passage in this document",
            Action::PrevPassage => "previous marked passage in this document",
            Action::FollowPassage => "go to the event citing this passage",
            Action::FollowRelated => "follow a related event",
            Action::JumpBack => "jump back",
            Action::JumpForward => "jump forward",
            Action::ScrollDown => "scroll down",
            Action::ScrollUp => "scroll up",
            Action::ScrollTop => "top of the document",
            Action::ScrollBottom => "end of the document",
            Action::ScrollPageDown => "page down",
            Action::ScrollPageUp => "page up",
            Action::DetailDown => "scroll the event text down",
            Action::DetailUp => "scroll the event text up",
            Action::PickActors => "filter by actor",
            Action::PickTags => "filter by tag",
            Action::ClearFilters => "clear all filters",
            Action::Search => "search (in the source pane: search the document)",
            Action::NextMatch => "next search match (no search: next citation)",
            Action::PrevMatch => "previous search match (no search: previous citation)",
            Action::GoToDate => "go to a date (2018, 2023-10, 2024-01-03)",
            Action::NextYear => "next year",
            Action::PrevYear => "previous year",
            Action::PickerToggle => "tick or untick",
            Action::PickerCombine => "match any / all of the ticked",
            Action::PickerApply => "apply the filter",
            Action::Erase => "delete the last character",
            Action::Submit => "accept",
            Action::ChooserDown => "next choice",
            Action::ChooserUp => "previous choice",
            Action::ChooserPick => "go to the chosen event",
            Action::Resize(..)
            | Action::ClickAt(..)
            | Action::WheelDown(..)
            | Action::WheelUp(..)
            | Action::Select(_)
            | Action::Type(_) => "",
        }
    }

    /// A one- or two-word form for the status bar.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "help",
            Action::Close => "close",
            Action::FocusNext => "pane",
            Action::NextEvent => "next",
            Action::OpenSource => "source",
            Action::NextCitation => "citation",
            Action::NextPassage => "passage",
            Action::FollowPassage => "event",
            Action::FollowRelated => "related",
            Action::JumpBack => "back",
            Action::ScrollDown => "scroll",
            Action::ChooserPick => "go",
            Action::PickActors => "actors",
            Action::Search => "search",
            Action::GoToDate => "date",
            Action::PickerToggle => "tick",
            Action::PickerCombine => "any/all",
            Action::PickerApply => "apply",
            Action::Submit => "accept",
            _ => "",
        }
    }
}
