//! The lanes view and the overview strip, as pure state: which lanes there are, the zoom, which
//! event a cell holds. `ui::lanes` and `ui::strip` only draw what this answers.
//!
//! Decisions:
//! - One lane per actor (or, on demand, per tag): the filter's ticked ones, else the most
//!   frequent that fit the pane, the rest counted. Lanes are built once per filtered view
//!   ([`index::Index::build`], called where the view is rebuilt; the per-actor lanes only while
//!   the lanes are shown), each as lists sorted by day, so a frame or a key costs binary
//!   searches per column and never a walk over the events in view: 100,000 events draw as fast
//!   as 1,000 (BENCHMARKS.md, "Lanes and strip").
//! - Time is linear, counted in minutes so a zoom can go below a day per column ([`axis`]):
//!   to an hour a column for a chronology of days, to a minute for one with times. An event's
//!   mark sits at the midnight of its day or at its time, on the clock the app shows (as
//!   written, UTC, a zone), so the lanes and the list agree on what they show. `0` fits what
//!   the events span, however short. Intervals are bars, what a date leaves open fades (see
//!   [`index`] for which days fade).
//! - The selection is the app's one selection: `h`/`l`, `j`/`k` and clicks choose events through
//!   the same `select` as the list, and the lane cursor follows a selection made elsewhere.
//! - Periods are bands in a row of the strip ([`bands`]), given only to a chronology that has
//!   some.

pub mod axis;
pub mod bands;
pub mod index;
mod shape;
mod update;

use ratatui::layout::Rect;

pub use axis::{Viewport, ticks};
pub use index::{Cell, Index, Lane, shape_of};

use super::layout::{self, View};
use crate::find::Filter;
use crate::model::{Chronology, Clock, EventIx};

/// What the lanes stand for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    #[default]
    Actors,
    Tags,
}

/// The lanes view and the strip: whether they are shown, the lanes, the cursor and the zoom.
#[derive(Clone, Debug)]
pub struct Lanes {
    /// The main area shows lanes instead of the list.
    pub on: bool,
    /// The overview strip is wanted (it still hides on small terminals).
    pub strip: bool,
    pub grouping: Grouping,
    pub index: Index,
    /// The current lane, by its place in `index.lanes`.
    pub lane: usize,
    /// `None`: the whole extent fits the width.
    pub zoom: Option<Viewport>,
    /// Per lane, the sorted mark minutes of the events the search matches.
    pub hits: Vec<Vec<i64>>,
    /// What `hits` was computed for: the query and the index generation.
    hits_for: Option<(String, u64)>,
    /// The selection the cursor and the zoom last followed.
    followed: Option<EventIx>,
}

impl Default for Lanes {
    fn default() -> Self {
        Lanes {
            on: false,
            strip: true,
            grouping: Grouping::Actors,
            index: Index::default(),
            lane: 0,
            zoom: None,
            hits: Vec::new(),
            hits_for: None,
            followed: None,
        }
    }
}

/// Where the parts of the lanes pane go, inside its border.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Geometry {
    /// The labels' column, one row per lane.
    pub labels: Rect,
    /// The tick labels, above the plot.
    pub axis: Rect,
    /// The cells: one row per lane shown, one column per time bucket.
    pub plot: Rect,
}

impl Geometry {
    /// Lanes shown.
    pub fn rows(&self) -> usize {
        usize::from(self.plot.height)
    }
}

impl Lanes {
    /// The layout's inputs this state decides, for `chronology` (whose periods get a row of
    /// the strip).
    pub fn view(&self, chronology: &Chronology) -> View {
        View {
            lanes: self.on,
            strip: self.strip,
            periods: !chronology.periods.is_empty(),
        }
    }

    /// Takes `index`, built for the same view (see [`crate::app::App::refilter`]'s callers).
    pub(super) fn keep(&mut self, index: Index) {
        self.index = index;
        self.lane = self.lane.min(self.index.lanes.len().saturating_sub(1));
        self.followed = None;
    }

    /// Rebuilds the lanes for a new filtered view or clock (the strip's lane alone while the
    /// lanes view is not shown).
    pub fn rebuild(
        &mut self,
        chronology: &Chronology,
        visible: &[EventIx],
        filter: &Filter,
        clock: &Clock,
    ) {
        let generation = self.index.generation.wrapping_add(1);
        let what = (self.grouping, self.on);
        self.index = Index::build(chronology, visible, filter, what, generation, clock);
        self.lane = self.lane.min(self.index.lanes.len().saturating_sub(1));
        self.followed = None;
    }

    /// The name of lane `lane`.
    pub fn name<'a>(&self, chronology: &'a Chronology, lane: usize) -> &'a str {
        let key = self.index.lanes.get(lane).map_or(usize::MAX, |l| l.key);
        match self.grouping {
            Grouping::Actors => chronology.actors.get(key).map_or("", |a| a.name.as_str()),
            Grouping::Tags => chronology.tags.get(key).map_or("", String::as_str),
        }
    }

    /// Where the labels, ticks and cells go in the pane's inner rectangle `inner`.
    pub fn geometry(&self, inner: Rect) -> Geometry {
        let rows = inner.height.saturating_sub(1);
        let shown = usize::from(rows).min(self.index.lanes.len());
        let longest = self.index.name_widths[..shown]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        // A cursor column and a space around the name; names are cut past a fifth of the width.
        let cap = (inner.width / 5).max(6);
        let gutter = u16::try_from(longest + 2)
            .unwrap_or(u16::MAX)
            .min(cap)
            .min(inner.width.saturating_sub(1));
        let plot_x = inner.x + gutter;
        let plot_w = inner.width - gutter;
        let height = u16::try_from(shown).unwrap_or(rows);
        Geometry {
            labels: Rect::new(inner.x, inner.y.saturating_add(1), gutter, height),
            axis: Rect::new(plot_x, inner.y, plot_w, inner.height.min(1)),
            plot: Rect::new(plot_x, inner.y.saturating_add(1), plot_w, height),
        }
    }

    /// The whole extent at `width` columns, if any event is dated.
    pub fn fit(&self, width: u16) -> Option<Viewport> {
        self.index
            .extent
            .map(|e| Viewport::fit(e, width, self.floor()))
    }

    /// The closest zoom, in minutes per column: a minute when any event has a time, else an
    /// hour.
    pub fn floor(&self) -> i64 {
        if self.index.timed {
            axis::TIME_FLOOR
        } else {
            axis::DAY_FLOOR
        }
    }

    /// The days shown at `width` columns: the zoom, or the whole extent.
    pub fn viewport(&self, width: u16) -> Option<Viewport> {
        let fit = self.fit(width)?;
        Some(self.zoom.map_or(fit, |z| z.clamp(width, fit)))
    }

    /// The lane's mark of `event` on `clock`, if the event is in lane `lane`.
    pub fn mark_in(
        &self,
        lane: usize,
        chronology: &Chronology,
        event: EventIx,
        clock: &Clock,
    ) -> Option<i64> {
        let shape = shape_of(&chronology.events.get(event)?.date, clock)?;
        let l = self.index.lanes.get(lane)?;
        l.position(shape.mark, event).ok().map(|_| shape.mark)
    }

    /// The cells of lane `lane` over `width` columns, with the selection and search matches.
    pub fn cells(
        &self,
        chronology: &Chronology,
        clock: &Clock,
        lane: usize,
        width: u16,
        selected: Option<EventIx>,
    ) -> Vec<Cell> {
        let (Some(view), Some(l)) = (self.viewport(width), self.index.lanes.get(lane)) else {
            return Vec::new();
        };
        let selected = selected.and_then(|e| self.mark_in(lane, chronology, e, clock));
        let hits = self.hits.get(lane).map_or(&[][..], Vec::as_slice);
        l.cells(&view, width, selected, hits)
    }

    /// How many lanes do not fit in `rows`.
    pub fn left_out(&self, rows: usize) -> usize {
        self.index.lanes.len().saturating_sub(rows)
    }
}

/// Density of the strip: per column of the whole extent, how many events it holds.
pub fn density(all: &Lane, view: &Viewport, width: u16) -> Vec<usize> {
    all.counts(view, width)
}

/// The area of the strip and whether it is shown at this size: for the renderer and clicks.
pub fn strip_area(areas: &layout::Areas) -> Option<Rect> {
    (!areas.too_small && areas.strip.height > 0 && areas.strip.width > 0).then_some(areas.strip)
}
