//! Where each pane goes for a terminal size. `update` needs the pane sizes (to keep the
//! selection and the cited passage in view, to map mouse clicks) and `render` draws into the same
//! rectangles, so both call this one function.

use ratatui::layout::{Constraint, Layout, Rect};

use super::Focus;

/// Below this the viewer only says the terminal is too small.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// Below this width the panes stack instead of standing side by side.
pub const WIDE: u16 = 90;

/// The rectangles of one frame. Empty rectangles are panes not shown at this size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub timeline: Rect,
    pub event: Rect,
    pub source: Rect,
    pub status: Rect,
    /// True when the terminal is too small to show anything useful.
    pub too_small: bool,
    /// On narrow terminals the event and source panes share the lower area: this is the one
    /// shown (`None` when both are).
    pub shared: Option<Focus>,
    /// The overview strip above the status bar; empty when hidden or the terminal is small.
    pub strip: Rect,
}

impl Areas {
    /// Whether a pane is drawn at this size and focus.
    pub fn shows(&self, pane: Focus) -> bool {
        !self.too_small
            && self
                .shared
                .is_none_or(|shown| pane == Focus::Timeline || pane == shown)
    }
}

/// Splits the screen: wide terminals get the timeline on the left (a third) and the event over
/// the source on the right; narrow ones put the timeline on top and, below it, the source pane
/// when it has the focus and the event pane otherwise.
pub fn areas(area: Rect, focus: Focus) -> Areas {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= WIDE {
        let [timeline, right] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Min(1)]).areas(body);
        let [event, source] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Min(1)]).areas(right);
        Areas {
            timeline,
            event,
            source,
            status,
            too_small: false,
            shared: None,
            strip: Rect::default(),
        }
    } else {
        let [timeline, lower] =
            Layout::vertical([Constraint::Percentage(35), Constraint::Min(3)]).areas(body);
        Areas {
            timeline,
            event: lower,
            source: lower,
            status,
            too_small: false,
            shared: Some(if focus == Focus::Source {
                Focus::Source
            } else {
                Focus::Event
            }),
            strip: Rect::default(),
        }
    }
}

/// What the main area shows, besides the focus: the lanes instead of the list, and whether the
/// overview strip is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    pub lanes: bool,
    pub strip: bool,
    /// The strip has a row of periods (the chronology has some).
    pub periods: bool,
}

impl Default for View {
    /// The list, with the strip where it fits.
    fn default() -> Self {
        View {
            lanes: false,
            strip: true,
            periods: false,
        }
    }
}

/// The strip shows from this height on: below it, its two rows would crowd the panes.
pub const STRIP_MIN_HEIGHT: u16 = 30;
/// Rows of the strip: the density, then the ticks (and between them the periods, if any).
pub const STRIP_ROWS: u16 = 2;

/// [`areas`] for a view. The lanes take the timeline's place and its focus, across the whole
/// width above the event and source panes, since time wants width. The strip, when shown, takes
/// the bottom rows of that main pane's place, so the event and source panes keep their height.
pub fn areas_for(area: Rect, focus: Focus, view: View) -> Areas {
    let mut areas = areas(area, focus);
    if areas.too_small {
        return areas;
    }
    if view.lanes {
        let body = Rect {
            height: areas.status.y - area.y,
            ..area
        };
        let [lanes, lower] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Min(3)]).areas(body);
        areas.timeline = lanes;
        if areas.shared.is_some() {
            (areas.event, areas.source) = (lower, lower);
        } else {
            [areas.event, areas.source] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Min(1)]).areas(lower);
        }
    }
    let rows = STRIP_ROWS + u16::from(view.periods);
    if view.strip && area.height >= STRIP_MIN_HEIGHT && areas.timeline.height >= 2 * rows {
        areas.timeline.height -= rows;
        areas.strip = Rect {
            y: areas.timeline.bottom(),
            height: rows,
            ..areas.timeline
        };
    }
    areas
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// A rectangle centred in `area`, at most `width`×`height`: where overlays go.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
