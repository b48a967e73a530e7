//! Everything a user can ask the viewer to do, each with the words the help screen shows.
//!
//! One row per action, in `actions!`: the variant, its description (help, hints, the README's
//! key table) and, for the status bar, an optional short hint. The enum, [`Action::ALL`],
//! [`Action::description`] and [`Action::hint`] are all made from those rows, so an action
//! cannot exist without its words, or be missing from `ALL` for the tests that walk it.

use crate::model::EventIx;

/// Declares [`Action`] from rows of the form
///
/// ```text
/// /// Doc comment, when the variant needs one.
/// Variant => "description for help" | "hint",
/// Variant(u16 = 0, u16 = 0) => "",
/// ```
///
/// `| "hint"` is optional (most actions have none); a variant with fields gives each field's
/// type and an example value, which [`Action::ALL`] holds. An empty description marks an
/// action no key produces. A variant written twice is a duplicate enum variant: the build stops.
macro_rules! actions {
    ($(
        $(#[$attr:meta])*
        $variant:ident $(($($field:ty = $example:expr),+))? => $description:literal $(| $hint:literal)?
    ),+ $(,)?) => {
        /// A user-level request. `update` is the only thing that turns these into state changes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$attr])* $variant $(($($field),+))?,)+
        }

        impl Action {
            /// Every action, in declaration order (a variant with fields by its example value).
            pub const ALL: &[Action] = &[$(Action::$variant $(($($example),+))?),+];

            /// What the action does, for help and hints. Empty for actions that no key produces.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant { .. } => $description,)+
                }
            }

            /// A one- or two-word form for the status bar; empty where the action has none.
            pub fn hint(self) -> &'static str {
                match self {
                    $(Action::$variant { .. } => actions!(@hint $($hint)?),)+
                }
            }
        }
    };
    (@hint) => { "" };
    (@hint $hint:literal) => { $hint };
}

actions! {
        Quit => "quit" | "quit",
        ToggleHelp => "show or hide this help" | "help",
        /// Leaves what is open, one layer at a time: an overlay (help, chooser, picker, prompt)
        /// closes, and a search prompt also returns to where the search started; with none open, an
        /// active search is cleared, else the focus returns to the timeline.
        Close => "close the overlay / back to the timeline" | "close",
        FocusNext => "focus the next pane" | "pane",
        FocusPrev => "focus the previous pane",

        // Moving through the timeline.
        NextEvent => "next event" | "next",
        PrevEvent => "previous event",
        FirstEvent => "first event",
        LastEvent => "last event",
        PageDown => "page down the timeline",
        PageUp => "page up the timeline",

        // Reading the sources.
        /// Focus the source pane at the event's current citation.
        OpenSource => "read the cited passage in its source" | "source",
        NextCitation => "next citation of the event" | "citation",
        PrevCitation => "previous citation of the event",
        /// The next/previous marked passage of the shown document, whichever event cites it.
        NextPassage => "next marked passage in this document" | "passage",
        PrevPassage => "previous marked passage in this document",
        /// Go to the event(s) citing the current passage.
        FollowPassage => "go to the event citing this passage" | "event",
        FollowRelated => "follow a related event" | "related",
        JumpBack => "jump back" | "back",
        JumpForward => "jump forward",

        // Scrolling the source pane (and the help).
        ScrollDown => "scroll down" | "scroll",
        ScrollUp => "scroll up",
        ScrollTop => "top of the document",
        ScrollBottom => "end of the document",
        ScrollPageDown => "page down",
        ScrollPageUp => "page up",

        // Scrolling the event pane's text.
        DetailDown => "scroll the event text down",
        DetailUp => "scroll the event text up",

        // Filters, search and dates.
        PickActors => "filter by actor" | "actors",
        PickTags => "filter by tag",
        ClearFilters => "clear all filters",
        Search => "search (in the source pane: search the document)" | "search",
        NextMatch => "next search match (no search: next citation)",
        PrevMatch => "previous search match (no search: previous citation)",
        /// The prompt takes a page of the PDF the source pane shows too (`p12`), and says so
        /// in a PDF's source pane.
        GoToDate => "go to a date (2023-10, 2024-01-03T14:00) or a page (p12)" | "date",
        /// Times as written, then in UTC, then in this machine's zone (and `--tz`'s, when given).
        CycleClock => "times as written / in UTC / in the local zone",
        NextYear => "next year",
        PrevYear => "previous year",

        // The picker overlay.
        PickerToggle => "tick or untick" | "tick",
        PickerCombine => "match any / all of the ticked" | "any/all",
        PickerApply => "apply the filter" | "apply",

        // Typing in the prompts and pickers.
        /// A character no binding claims: the keymap's lookup produces it, no table row does.
        Type(char = 'x') => "",
        Erase => "delete the last character",
        Submit => "accept" | "accept",

        // Writing the chronology.
        /// Load the chronology again now (it also reloads by itself when the file changes).
        Reload => "reload the chronology (it also reloads when a file changes)",
        /// Open `$VISUAL`/`$EDITOR` at the selected event or citation; in the source pane, the
        /// document's file at the line where the passage begins (a PDF opens in no text editor).
        Edit => "open the editor here (event, citation, source line)" | "edit",
        /// Show the problems of the last failed load again.
        ShowProblems => "show the problems of the last load",

        // The problems pane.
        ProblemNext => "next problem" | "next",
        ProblemPrev => "previous problem",
        ProblemEdit => "open the editor at the problem's line" | "edit",

        // Citing from the source pane.
        /// Select a passage: the current search match in the document, else the first word in view.
        StartSelection => "select a passage (search match, else first word in view)" | "select",
        SelectWordNext => "extend to the next word" | "extend",
        SelectWordBack => "extend to the word before (or shrink)",
        SelectWordEnd => "extend to the end of the next word",
        SelectLineDown => "extend a line down",
        SelectLineUp => "extend a line up",
        SelectLineStart => "extend to the start of the line",
        SelectLineEnd => "extend to the end of the line",
        CancelSelection => "cancel the selection" | "cancel",
        /// Copy the selection's citation to the clipboard (OSC 52).
        CopyCitation => "copy the citation (source, quote, prefix) as YAML" | "copy",
        /// Add the selection's citation to the selected event (writes the file).
        AddCitation => "add the citation to the selected event (writes the file)" | "cite",
        /// Create a draft event citing the selection (writes the file).
        NewDraft => "new draft event citing the passage (writes the file)" | "draft",
        /// Undo the last write of this session, if the file has not changed since.
        Undo => "undo the last write of this session",
        /// Show only the drafts, or every event again.
        ToggleDrafts => "show only drafts / every event",

        // Reviewing citations.
        /// Record that the focused citation says what the event claims (writes the file).
        Verify => "verify the citation: it says what the event claims (writes)" | "verify",
        /// Record that it does not, with a note saying why (writes the file).
        Dispute => "dispute the citation, with a note (writes the file)",
        /// The next citation, across events, that is unreviewed, stale or disputed.
        NextToReview => "next citation needing review" | "review",
        ToggleNeedsReview => "show only events needing review / every event",
        ToggleSingleSourced => "show only single-sourced events / every event",

        // The chooser overlay.
        ChooserDown => "next choice",
        ChooserUp => "previous choice",
        ChooserPick => "go to the chosen event" | "go",

        // The lanes view and the overview strip.
        /// Show lanes (one per actor, time left to right) instead of the list, or the list again.
        ToggleLanes => "lanes: events by actor over time / back to the list" | "lanes",
        ToggleStrip => "show or hide the overview strip",
        /// Lanes per actor or per tag.
        LaneGrouping => "lanes by actor / by tag",
        NextInLane => "next event in the lane" | "later",
        PrevInLane => "previous event in the lane",
        LaneDown => "lane below" | "lane",
        LaneUp => "lane above",
        /// Zoom the lanes' time axis in or out around the selected event.
        ZoomIn => "zoom in around the selected event" | "zoom",
        ZoomOut => "zoom out",
        ZoomFit => "fit what the events span",

        // Produced by the terminal, not by keys.
        Resize(u16 = 80, u16 = 24) => "",
        ClickAt(u16 = 0, u16 = 0) => "",
        WheelDown(u16 = 0, u16 = 0) => "",
        WheelUp(u16 = 0, u16 = 0) => "",
        /// The pointer moved with the button down.
        DragTo(u16 = 0, u16 = 0) => "",

        /// Selects the event with this chronology index if the filter shows it, without recording a
        /// jump. No key or pointer produces it: it lets the benchmarks place the selection directly.
        Select(EventIx = 0) => "",
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
