//! UI state and the pure `update(action)` that changes it.
//!
//! The Elm architecture: [`App`] holds everything the screen shows, [`App::update`] is the only
//! thing that changes it, and it does no I/O, so every key sequence can be tested without a
//! terminal. Keys become actions through the one table in [`keymap`]. Anything that depends on
//! pane sizes (keeping the selection and the cited passage in view, mapping a click to a row) is
//! computed here from [`layout::areas`], the same function the renderer uses.
//!
//! This file holds the state and the dispatch of actions by mode; each job's handlers sit in a
//! file of their own, as `impl App` blocks: `selection` (the selected event and jumps),
//! `reading` (the source pane and citations), `select` (the passage selected to cite) and
//! `citing` (what is done with it, and the drafts filter), `authoring` (reloads, the problems
//! pane, requests to the viewer), `filtering`, `prompt`, `search`, `highlights`, `dates`,
//! `pages` (a PDF's pages in the source pane), `mouse`, `help`. The pure helpers (`timeline`, `wrap`, `history`, `picker`, `layout`) take
//! plain values and know nothing of `App`. `lanes` holds both kinds for the lanes view and the
//! overview strip: its pure model, and its handlers in `lanes/update.rs`.

pub mod action;
mod authoring;
mod citing;
mod dates;
mod filtering;
pub mod help;
mod highlights;
pub mod history;
pub mod keymap;
pub mod lanes;
pub mod layout;
mod mode;
mod mouse;
pub mod pages;
pub mod picker;
mod prompt;
mod reading;
mod reviewing;
mod search;
pub mod select;
mod selection;
pub mod timeline;
pub mod wrap;

use std::ops::Range;

use ratatui::crossterm::event::{Event as TermEvent, KeyEvent};
use ratatui::layout::Rect;

pub use action::Action;
pub use authoring::{Happened, Origin, Progress, Request};
pub use citing::{Place, Reselect};
pub use highlights::Highlights;
use history::History;
use keymap::Context;
use layout::Areas;
pub use mode::{Chooser, Focus, Mode};
pub use prompt::{Prompt, PromptKind};
pub use reading::{SOURCE_HEADER_LINES, SourceView};
pub use search::{Scope, SearchState};
use timeline::Row;

use crate::find::{Filter, SearchIndex};
use crate::model::{Chronology, CitationRef, Clock, EventIx, Zone};

/// The whole state of the viewer.
// Each flag is an independent fact the screen shows; folding them into modes would tie
// together things that change apart (a quit request, a load, a citation choice).
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug)]
pub struct App {
    pub chronology: Chronology,
    pub filter: Filter,
    /// Chronology indices of the events shown, in order.
    pub visible: Vec<EventIx>,
    pub rows: Vec<Row>,
    /// For each position in `visible`, its row in `rows`.
    pub row_of: Vec<usize>,
    /// Position in `visible` of the selected event (meaningless when `visible` is empty).
    pub selected: usize,
    /// First timeline row shown.
    pub timeline_offset: usize,
    pub focus: Focus,
    pub mode: Mode,
    /// Index of the current citation in the selected event.
    pub citation: usize,
    pub source: SourceView,
    /// Lines the event pane is scrolled by.
    pub detail_scroll: usize,
    pub history: History,
    /// The terminal size last seen.
    pub size: Rect,
    /// Pane rectangles for `size` and the focus.
    pub areas: Areas,
    /// A one-line message for the status bar (cleared by the next key).
    pub message: Option<String>,
    pub should_quit: bool,
    /// Draw without colour (`NO_COLOR`): the renderer picks its monochrome theme.
    pub monochrome: bool,
    /// Folded text of every event, built once for search.
    pub search_index: SearchIndex,
    /// The kept (or being typed) search, if any.
    pub search: Option<SearchState>,
    /// Where the search query occurs in what is on screen, computed by `update` for `render`.
    pub highlights: Highlights,
    /// Where the chronology comes from (what can be reloaded and edited).
    pub origin: Origin,
    /// Whether a chronology has been loaded yet (false while the first load runs).
    pub loaded: bool,
    /// A load in progress, for the progress bar and the status-bar indicator.
    pub loading: Option<Progress>,
    /// The problems of the last failed load; empty once a load succeeds.
    pub problems: Vec<crate::problem::Problem>,
    /// Side effects asked for by `update`, for the viewer to perform.
    pub requests: Vec<Request>,
    /// Whether the reader chose a citation (`]`, `[`, a passage) since selecting the event: `e`
    /// then opens the editor at that citation rather than at the event.
    pub citation_chosen: bool,
    /// The passage selected in the source pane, to cite.
    pub selection: Option<select::Selection>,
    /// Where in the shown source the mouse button went down, for a drag to select from.
    pub drag_from: Option<usize>,
    /// Show only the drafts (on top of the actor and tag filter).
    pub drafts_only: bool,
    /// Show only the events needing review, or single-sourced ones (on top of the rest).
    pub by_review: crate::find::ByReview,
    /// The review waiting for its note or for a yes to replace the one there.
    pub pending_review: Option<reviewing::Pending>,
    /// How many events are drafts, for the status bar.
    pub drafts: usize,
    /// The event (and citation) to select once the reload after a write arrives.
    pub reselect: Option<Reselect>,
    /// The lanes view and the overview strip.
    pub lanes: lanes::Lanes,
    /// How times are shown: as written, or converted to a zone (`z` cycles through `clocks`).
    pub clock: Clock,
    /// What `z` cycles through, the shown clock among them.
    pub clocks: Vec<Clock>,
}

impl App {
    /// A viewer on `chronology`, showing the events `filter` passes, sized for `size`.
    pub fn new(chronology: Chronology, filter: Filter, size: Rect) -> Self {
        let index = SearchIndex::build(&chronology);
        Self::with_index(chronology, filter, size, index)
    }

    /// [`App::new`] with the chronology's search index made already (a reload makes it from
    /// the last one).
    pub(super) fn with_index(
        chronology: Chronology,
        filter: Filter,
        size: Rect,
        search_index: SearchIndex,
    ) -> Self {
        let mut app = Self::unfiltered(chronology, filter, size, search_index);
        app.refilter();
        if app.visible.is_empty() && !app.filter.is_empty() {
            app.message = Some("no events match the filter".into());
        }
        app.after_selection(true);
        app
    }

    /// [`App::with_index`] before anything is shown: no event visible yet. Filtering costs a
    /// pass over every event (and the lanes' index another), so a reload sets the reader's
    /// filters first and filters once ([`App::replace_chronology_with`]).
    pub(super) fn unfiltered(
        chronology: Chronology,
        filter: Filter,
        size: Rect,
        search_index: SearchIndex,
    ) -> Self {
        let lanes = lanes::Lanes::default();
        let areas = layout::areas_for(size, Focus::Timeline, lanes.view(&chronology));
        let mut app = Self {
            chronology,
            filter,
            visible: Vec::new(),
            rows: Vec::new(),
            row_of: Vec::new(),
            selected: 0,
            timeline_offset: 0,
            focus: Focus::Timeline,
            mode: Mode::Normal,
            citation: 0,
            source: SourceView::default(),
            detail_scroll: 0,
            history: History::default(),
            size,
            areas,
            message: None,
            should_quit: false,
            monochrome: false,
            search_index,
            search: None,
            highlights: Highlights::default(),
            origin: Origin::Embedded,
            loaded: true,
            loading: None,
            problems: Vec::new(),
            requests: Vec::new(),
            citation_chosen: false,
            selection: None,
            drag_from: None,
            drafts_only: false,
            by_review: crate::find::ByReview::default(),
            pending_review: None,
            drafts: 0,
            reselect: None,
            lanes,
            clock: Clock::AsWritten,
            clocks: vec![Clock::AsWritten, Clock::zone(Zone::utc())],
        };
        app.drafts = app.chronology.events.iter().filter(|e| e.draft).count();
        app
    }

    /// Whether work put off past the first frame remains: see [`App::catch_up`].
    pub fn is_catching_up(&self) -> bool {
        !self.search_index.is_complete(&self.chronology)
    }

    /// Does a few milliseconds of the work a load puts off past its first frame: folding the
    /// search index, a run of events at a time (a search folds the rest at once). The viewer
    /// calls it while no key is waiting, so a large chronology is on screen, and answers keys,
    /// before its index is done.
    pub fn catch_up(&mut self) {
        self.search_index.advance(&self.chronology);
    }

    /// Chronology index of the selected event.
    pub fn current_event(&self) -> Option<EventIx> {
        self.visible.get(self.selected).copied()
    }

    /// The current citation as a reference, when the selected event has one.
    pub fn current_citation(&self) -> Option<CitationRef> {
        let event = self.current_event()?;
        let e = self.chronology.events.get(event)?;
        (self.citation < e.citations.len()).then_some(CitationRef {
            event,
            citation: self.citation,
        })
    }

    /// The byte range of the current passage in the shown source, if it is in it.
    pub fn current_passage(&self) -> Option<Range<usize>> {
        let c = self.chronology.citation(self.current_citation()?)?;
        (Some(c.source) == self.source.source).then(|| c.range.clone())
    }

    /// Key contexts in priority order for the current mode and focus.
    pub fn contexts(&self) -> Vec<Context> {
        match self.mode {
            Mode::Help { .. } => vec![Context::Help],
            Mode::Chooser(_) => vec![Context::Chooser],
            Mode::Picker(_) => vec![Context::Picker],
            Mode::Prompt(_) => vec![Context::Prompt],
            Mode::Problems { .. } => vec![Context::Problems],
            Mode::Normal => self.pane_context().chain().to_vec(),
        }
    }

    /// The key context of the focused pane.
    pub fn pane_context(&self) -> Context {
        match self.focus {
            Focus::Timeline if self.lanes.on => Context::Lanes,
            Focus::Timeline => Context::Timeline,
            Focus::Event => Context::Event,
            Focus::Source if self.selection.is_some() => Context::Selection,
            Focus::Source => Context::Source,
        }
    }

    /// Maps a terminal event to an action through the keymap (or mouse and resize handling).
    pub fn action_for(&self, event: &TermEvent) -> Option<Action> {
        match event {
            TermEvent::Key(key) if key.is_press() || key.is_repeat() => self.action_for_key(key),
            TermEvent::Resize(w, h) => Some(Action::Resize(*w, *h)),
            TermEvent::Mouse(m) => mouse::action_for(*m),
            _ => None,
        }
    }

    pub fn action_for_key(&self, key: &KeyEvent) -> Option<Action> {
        keymap::lookup(&self.contexts(), key)
    }

    /// Applies one action. Never panics, whatever the state or action.
    pub fn update(&mut self, action: Action) {
        if !matches!(
            action,
            Action::Resize(..) | Action::WheelDown(..) | Action::WheelUp(..)
        ) {
            self.message = None;
        }
        match std::mem::take(&mut self.mode) {
            Mode::Help { scroll } => self.update_help(scroll, action),
            Mode::Chooser(chooser) => self.update_chooser(chooser, action),
            Mode::Picker(picker) => self.update_picker(picker, action),
            Mode::Prompt(prompt) => self.update_prompt(prompt, action),
            Mode::Problems { selected } => self.update_problems(selected, action),
            Mode::Normal => self.update_normal(action),
        }
        self.relayout();
        self.check_selection();
        self.refresh_highlights();
        self.refresh_lanes();
    }

    /// Recomputes pane areas when the focus changed what a narrow terminal shows.
    fn relayout(&mut self) {
        if layout::areas_for(self.size, self.focus, self.lanes.view(&self.chronology)) != self.areas
        {
            self.apply_layout();
        }
    }

    /// A new terminal size: always lays out again, so the selection and the passage are brought
    /// back into view even when the panes kept their size.
    fn resize(&mut self, w: u16, h: u16) {
        self.size = Rect::new(0, 0, w, h);
        self.apply_layout();
    }

    /// Takes the pane areas for the current size and focus, rewraps the source for its width,
    /// and keeps the selection and the current passage in view.
    pub(super) fn apply_layout(&mut self) {
        self.areas = layout::areas_for(self.size, self.focus, self.lanes.view(&self.chronology));
        let source = self.source.source;
        self.source.lines.clear();
        self.set_source(source);
        self.ensure_selected_visible();
        self.show_current_passage();
    }

    fn update_chooser(&mut self, mut chooser: Chooser, action: Action) {
        match action {
            Action::ChooserDown | Action::WheelDown(..) => {
                chooser.selected =
                    (chooser.selected + 1).min(chooser.events.len().saturating_sub(1));
            }
            Action::ChooserUp | Action::WheelUp(..) => {
                chooser.selected = chooser.selected.saturating_sub(1);
            }
            Action::ChooserPick => {
                if let Some(&event) = chooser.events.get(chooser.selected) {
                    self.jump_to(event, 0, Focus::Timeline);
                }
                return;
            }
            other => {
                if self.overlay_common(other) {
                    return;
                }
            }
        }
        self.mode = Mode::Chooser(chooser);
    }

    /// What every overlay does with `Close`, `Quit` and `Resize`; true when the overlay closes.
    fn overlay_common(&mut self, action: Action) -> bool {
        match action {
            Action::Close => true,
            Action::Quit => {
                self.should_quit = true;
                true
            }
            Action::Resize(w, h) => {
                self.resize(w, h);
                false
            }
            _ => false,
        }
    }

    // One arm per action, each a call: the exhaustive dispatch reads best whole.
    #[allow(clippy::too_many_lines)]
    fn update_normal(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.open_help(),
            Action::Close => {
                if self.search.take().is_some() {
                    self.message = Some("search cleared".into());
                } else if self.focus != Focus::Timeline {
                    self.focus = Focus::Timeline;
                }
            }
            Action::PickActors => self.open_picker(picker::PickerKind::Actors),
            Action::PickTags => self.open_picker(picker::PickerKind::Tags),
            Action::ClearFilters => self.clear_filters(),
            Action::Search => self.start_search(),
            Action::GoToDate => self.start_date_prompt(),
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::CycleClock => self.cycle_clock(),
            Action::NextYear => self.step_year(true),
            Action::PrevYear => self.step_year(false),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::NextEvent => self.select(self.selected.saturating_add(1)),
            Action::PrevEvent => self.select(self.selected.saturating_sub(1)),
            Action::FirstEvent => self.select(0),
            Action::LastEvent => self.select(self.visible.len().saturating_sub(1)),
            Action::PageDown => self.select(self.selected.saturating_add(self.page_events())),
            Action::PageUp => self.select(self.selected.saturating_sub(self.page_events())),
            Action::OpenSource => self.open_source(),
            Action::NextCitation => {
                self.step_citation(true);
                self.citation_chosen = true;
            }
            Action::PrevCitation => {
                self.step_citation(false);
                self.citation_chosen = true;
            }
            Action::Reload => match self.origin {
                Origin::File(_) => self.requests.push(Request::Reload),
                Origin::Embedded => {
                    self.message = Some("the built-in chronology does not change".into());
                }
            },
            Action::Edit => self.request_edit(),
            Action::ShowProblems => {
                if self.problems.is_empty() {
                    self.message = Some("no problems".into());
                } else {
                    self.mode = Mode::Problems { selected: 0 };
                }
            }
            Action::NextPassage => self.step_passage(true),
            Action::PrevPassage => self.step_passage(false),
            Action::FollowPassage => self.follow_passage(),
            Action::FollowRelated => self.follow_related(),
            Action::JumpBack => {
                if let Some(to) = self.history.back(self.location()) {
                    self.go(to);
                } else {
                    self.message = Some("no earlier jump".into());
                }
            }
            Action::JumpForward => {
                if let Some(to) = self.history.forward() {
                    self.go(to);
                } else {
                    self.message = Some("no later jump".into());
                }
            }
            Action::ScrollDown => self.scroll_source(1),
            Action::ScrollUp => self.scroll_source(-1),
            Action::ScrollTop => self.source.scroll = 0,
            Action::ScrollBottom => self.scroll_source(isize::MAX),
            Action::ScrollPageDown => self.scroll_source(self.source_page()),
            Action::ScrollPageUp => self.scroll_source(-self.source_page()),
            Action::DetailDown => self.detail_scroll = self.detail_scroll.saturating_add(1),
            Action::DetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            Action::Resize(w, h) => self.resize(w, h),
            Action::ClickAt(x, y) => self.click(x, y),
            Action::WheelDown(x, y) => self.wheel(x, y, 3),
            Action::WheelUp(x, y) => self.wheel(x, y, -3),
            Action::DragTo(..)
            | Action::StartSelection
            | Action::SelectWordNext
            | Action::SelectWordBack
            | Action::SelectWordEnd
            | Action::SelectLineDown
            | Action::SelectLineUp
            | Action::SelectLineStart
            | Action::SelectLineEnd
            | Action::CancelSelection
            | Action::CopyCitation
            | Action::AddCitation
            | Action::NewDraft
            | Action::Undo
            | Action::ToggleDrafts => self.update_citing(action),
            Action::Verify
            | Action::Dispute
            | Action::NextToReview
            | Action::ToggleNeedsReview
            | Action::ToggleSingleSourced => self.update_reviewing(action),
            Action::ToggleLanes
            | Action::ToggleStrip
            | Action::LaneGrouping
            | Action::NextInLane
            | Action::PrevInLane
            | Action::LaneDown
            | Action::LaneUp
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ZoomFit => self.update_lanes(action),
            Action::Select(ix) => {
                if let Ok(p) = self.visible.binary_search(&ix) {
                    self.select(p);
                }
            }
            // Overlay actions mean nothing without their overlay.
            Action::ChooserDown
            | Action::ChooserUp
            | Action::ChooserPick
            | Action::PickerToggle
            | Action::PickerCombine
            | Action::PickerApply
            | Action::Type(_)
            | Action::Erase
            | Action::Submit
            | Action::ProblemNext
            | Action::ProblemPrev
            | Action::ProblemEdit => {}
        }
    }
}
