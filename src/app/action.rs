//! Everything a user can ask the viewer to do, each with the words the help screen shows.

use crate::model::EventIx;

/// A user-level request. `update` is the only thing that turns these into state changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Leaves what is open, one layer at a time: an overlay (help, chooser, picker, prompt)
    /// closes, and a search prompt also returns to where the search started; with none open, an
    /// active search is cleared, else the focus returns to the timeline.
    Close,
    FocusNext,
    FocusPrev,

    // Moving through the timeline.
    NextEvent,
    PrevEvent,
    FirstEvent,
    LastEvent,
    PageDown,
    PageUp,

    // Reading the sources.
    /// Focus the source pane at the event's current citation.
    OpenSource,
    NextCitation,
    PrevCitation,
    /// The next/previous marked passage of the shown document, whichever event cites it.
    NextPassage,
    PrevPassage,
    /// Go to the event(s) citing the current passage.
    FollowPassage,
    FollowRelated,
    JumpBack,
    JumpForward,

    // Scrolling the source pane (and the help).
    ScrollDown,
    ScrollUp,
    ScrollTop,
    ScrollBottom,
    ScrollPageDown,
    ScrollPageUp,

    // Scrolling the event pane's text.
    DetailDown,
    DetailUp,

    // Filters, search and dates.
    PickActors,
    PickTags,
    ClearFilters,
    Search,
    NextMatch,
    PrevMatch,
    GoToDate,
    NextYear,
    PrevYear,

    // The picker overlay.
    PickerToggle,
    PickerCombine,
    PickerApply,

    // Typing in the prompts and pickers.
    /// A character no binding claims: the keymap's lookup produces it, no table row does.
    Type(char),
    Erase,
    Submit,

    // Writing the chronology.
    /// Load the chronology again now (it also reloads by itself when the file changes).
    Reload,
    /// Open `$VISUAL`/`$EDITOR` at the selected event, citation, problem or source line.
    Edit,
    /// Show the problems of the last failed load again.
    ShowProblems,

    // The problems pane.
    ProblemNext,
    ProblemPrev,
    ProblemEdit,

    // Citing from the source pane.
    /// Select a passage: the current search match in the document, else the first word in view.
    StartSelection,
    SelectWordNext,
    SelectWordBack,
    SelectWordEnd,
    SelectLineDown,
    SelectLineUp,
    SelectLineStart,
    SelectLineEnd,
    CancelSelection,
    /// Copy the selection's citation to the clipboard (OSC 52).
    CopyCitation,
    /// Add the selection's citation to the selected event (writes the file).
    AddCitation,
    /// Create a draft event citing the selection (writes the file).
    NewDraft,
    /// Undo the last write of this session, if the file has not changed since.
    Undo,
    /// Show only the drafts, or every event again.
    ToggleDrafts,

    // The chooser overlay.
    ChooserDown,
    ChooserUp,
    ChooserPick,

    // The lanes view and the overview strip.
    /// Show lanes (one per actor, time left to right) instead of the list, or the list again.
    ToggleLanes,
    ToggleStrip,
    /// Lanes per actor or per tag.
    LaneGrouping,
    NextInLane,
    PrevInLane,
    LaneDown,
    LaneUp,
    /// Zoom the lanes' time axis in or out around the selected event.
    ZoomIn,
    ZoomOut,
    ZoomFit,

    // Produced by the terminal, not by keys.
    Resize(u16, u16),
    ClickAt(u16, u16),
    WheelDown(u16, u16),
    WheelUp(u16, u16),
    /// The pointer moved with the button down.
    DragTo(u16, u16),

    /// Selects the event with this chronology index if the filter shows it, without recording a
    /// jump. No key or pointer produces it: it lets the benchmarks place the selection directly.
    Select(EventIx),
}

/// Lists every variant once, a variant with fields by one example value, and defines
/// [`Action::ALL`] from that one list. The exhaustive `match` it also expands to stops the build
/// when a variant is missing from the list, and a variant listed twice is an unreachable pattern
/// (denied in CI), so the tests that walk `ALL` cannot silently skip an action.
macro_rules! every_action {
    ($($variant:ident $(($($example:expr),+))?),+ $(,)?) => {
        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &[Action] = &[$(Action::$variant $(($($example),+))?),+];
        }

        const _: fn(Action) = |action| match action {
            $(Action::$variant { .. } => {})+
        };
    };
}

every_action! {
    Quit,
    ToggleHelp,
    Close,
    FocusNext,
    FocusPrev,
    NextEvent,
    PrevEvent,
    FirstEvent,
    LastEvent,
    PageDown,
    PageUp,
    OpenSource,
    NextCitation,
    PrevCitation,
    NextPassage,
    PrevPassage,
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
    DetailDown,
    DetailUp,
    PickActors,
    PickTags,
    ClearFilters,
    Search,
    NextMatch,
    PrevMatch,
    GoToDate,
    NextYear,
    PrevYear,
    PickerToggle,
    PickerCombine,
    PickerApply,
    Type('x'),
    Erase,
    Submit,
    Reload,
    Edit,
    ShowProblems,
    ProblemNext,
    ProblemPrev,
    ProblemEdit,
    StartSelection,
    SelectWordNext,
    SelectWordBack,
    SelectWordEnd,
    SelectLineDown,
    SelectLineUp,
    SelectLineStart,
    SelectLineEnd,
    CancelSelection,
    CopyCitation,
    AddCitation,
    NewDraft,
    Undo,
    ToggleDrafts,
    ChooserDown,
    ChooserUp,
    ChooserPick,
    ToggleLanes,
    ToggleStrip,
    LaneGrouping,
    NextInLane,
    PrevInLane,
    LaneDown,
    LaneUp,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Resize(80, 24),
    ClickAt(0, 0),
    WheelDown(0, 0),
    WheelUp(0, 0),
    DragTo(0, 0),
    Select(0),
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
            Action::Reload => "reload the chronology (it also reloads when a file changes)",
            Action::Edit => "open the editor here (event, citation, source line)",
            Action::ShowProblems => "show the problems of the last load",
            Action::ProblemNext => "next problem",
            Action::ProblemPrev => "previous problem",
            Action::ProblemEdit => "open the editor at the problem's line",
            Action::StartSelection => "select a passage (search match, else first word in view)",
            Action::SelectWordNext => "extend to the next word",
            Action::SelectWordBack => "extend to the word before (or shrink)",
            Action::SelectWordEnd => "extend to the end of the next word",
            Action::SelectLineDown => "extend a line down",
            Action::SelectLineUp => "extend a line up",
            Action::SelectLineStart => "extend to the start of the line",
            Action::SelectLineEnd => "extend to the end of the line",
            Action::CancelSelection => "cancel the selection",
            Action::CopyCitation => "copy the citation (source, quote, prefix) as YAML",
            Action::AddCitation => "add the citation to the selected event (writes the file)",
            Action::NewDraft => "new draft event citing the passage (writes the file)",
            Action::Undo => "undo the last write of this session",
            Action::ToggleDrafts => "show only drafts / every event",
            Action::ChooserDown => "next choice",
            Action::ChooserUp => "previous choice",
            Action::ChooserPick => "go to the chosen event",
            Action::ToggleLanes => "lanes: events by actor over time / back to the list",
            Action::ToggleStrip => "show or hide the overview strip",
            Action::LaneGrouping => "lanes by actor / by tag",
            Action::NextInLane => "next event in the lane",
            Action::PrevInLane => "previous event in the lane",
            Action::LaneDown => "lane below",
            Action::LaneUp => "lane above",
            Action::ZoomIn => "zoom in around the selected event",
            Action::ZoomOut => "zoom out",
            Action::ZoomFit => "fit what the events span",
            Action::Resize(..)
            | Action::ClickAt(..)
            | Action::WheelDown(..)
            | Action::WheelUp(..)
            | Action::DragTo(..)
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
            Action::NextEvent | Action::ProblemNext => "next",
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
            Action::Edit | Action::ProblemEdit => "edit",
            Action::StartSelection => "select",
            Action::SelectWordNext => "extend",
            Action::CopyCitation => "copy",
            Action::AddCitation => "cite",
            Action::NewDraft => "draft",
            Action::CancelSelection => "cancel",
            Action::ToggleLanes => "lanes",
            Action::NextInLane => "later",
            Action::LaneDown => "lane",
            Action::ZoomIn => "zoom",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn all_lists_each_variant_once() {
        let kinds: std::collections::HashSet<_> =
            Action::ALL.iter().map(std::mem::discriminant).collect();
        assert_eq!(kinds.len(), Action::ALL.len());
    }
}
