//! Per-lane lists, sorted by day, built once per filtered view: what a frame asks of them is a
//! few binary searches per column, so drawing costs the same at 100 events as at 100,000.
//!
//! An event's date becomes a [`Shape`]: the day of its mark (the day it is ordered by), the span
//! it certainly covers (an interval's bar) and the spans it may fall in (fades: a date given to
//! the month or year, an approximate or uncertain one, the imprecise ends of an interval). An
//! open end has no day to fade to, so it fades over [`OPEN_REACH`] columns beside its mark, at
//! any zoom. Fades and bars are answered "does any span of this lane touch these days?" from
//! spans sorted by start with a running maximum of their ends.

use unicode_width::UnicodeWidthStr;

use crate::find::Filter;
use crate::model::{Chronology, Date, EventIx, Point, Precision};

use super::Grouping;
use super::axis::{Viewport, day_of};

/// Columns an open end (`../2024-01-02`, `2024-01-25/..`) fades over beside its mark.
pub const OPEN_REACH: i64 = 3;

/// Where an event's date puts it on the axis, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// The day of its mark: the day it is ordered by ([`Date::sort_key`]).
    pub mark: i32,
    /// The mark's day is a day the source gives, without `~` or `?`.
    pub exact: bool,
    /// The days an interval certainly covers.
    pub bar: Option<(i32, i32)>,
    /// The days it may fall in, beyond the bar.
    pub fades: [Option<(i32, i32)>; 2],
    /// An open start: it may fall on any day before its mark.
    pub open_before: bool,
    /// An open end: it may last past its mark.
    pub open_after: bool,
}

fn qualified(p: Point) -> bool {
    p.approximate || p.uncertain
}

fn exact(p: Point) -> bool {
    p.precision() == Precision::Day && !qualified(p)
}

pub(super) fn first(p: Point) -> i32 {
    day_of(p.first_day())
}

pub(super) fn last(p: Point) -> i32 {
    day_of(p.last_day())
}

/// The span a point may fall in, when it is not one certain day.
fn fade_of(p: Point) -> Option<(i32, i32)> {
    (!exact(p)).then(|| (first(p), last(p)))
}

/// The shape of a date; `None` for an undated event (no place on the axis).
pub fn shape_of(date: &Date) -> Option<Shape> {
    let plain = |mark: i32, exact: bool| Shape {
        mark,
        exact,
        bar: None,
        fades: [None, None],
        open_before: false,
        open_after: false,
    };
    Some(match *date {
        Date::Point(p) => Shape {
            fades: [fade_of(p), None],
            ..plain(first(p), exact(p))
        },
        Date::Interval {
            start: Some(s),
            end: Some(e),
        } => {
            // Certainly covered: from the last day the start can be to the first the end can be;
            // a qualified end is not certain at all.
            let from = last(s) + i32::from(qualified(s));
            let to = first(e) - i32::from(qualified(e));
            let (bar, fades) = if from <= to {
                let before = (first(s) < from).then(|| (first(s), from - 1));
                let after = (to < last(e)).then(|| (to + 1, last(e)));
                (Some((from, to)), [before, after])
            } else {
                (None, [Some((first(s), last(e))), None])
            };
            Shape {
                bar,
                fades,
                ..plain(first(s), exact(s))
            }
        }
        Date::Interval {
            start: None,
            end: Some(e),
        } => Shape {
            fades: [fade_of(e), None],
            open_before: true,
            ..plain(first(e), exact(e))
        },
        Date::Interval {
            start: Some(s),
            end: None,
        } => Shape {
            fades: [fade_of(s), None],
            open_after: true,
            ..plain(first(s), exact(s))
        },
        Date::Interval {
            start: None,
            end: None,
        } => return None,
    })
}

impl Shape {
    /// The first and last day the event may fall on (open ends stop at the mark).
    pub fn extent(&self) -> (i32, i32) {
        let mut lo = self.mark;
        let mut hi = self.mark;
        for (a, b) in self.bar.iter().chain(self.fades.iter().flatten()) {
            lo = lo.min(*a);
            hi = hi.max(*b);
        }
        (lo, hi)
    }
}

/// One event's mark in a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub day: i32,
    pub event: EventIx,
    pub exact: bool,
}

/// Day spans sorted by start, with the running maximum of their ends.
#[derive(Clone, Debug, Default)]
pub struct Spans {
    spans: Vec<(i32, i32)>,
    reach: Vec<i32>,
}

impl Spans {
    fn push(&mut self, span: (i32, i32)) {
        self.spans.push(span);
    }

    fn finish(&mut self) {
        self.spans.sort_unstable();
        let mut max = i32::MIN;
        self.reach = self
            .spans
            .iter()
            .map(|&(_, end)| {
                max = max.max(end);
                max
            })
            .collect();
    }

    /// Whether any span touches the days `from..=to`.
    pub fn touches(&self, from: i64, to: i64) -> bool {
        let n = self
            .spans
            .partition_point(|&(start, _)| i64::from(start) <= to);
        n > 0 && i64::from(self.reach[n - 1]) >= from
    }
}

/// One lane: the events of one actor (or tag), as marks by day, bars, fades and open ends.
///
/// Marks are kept as parallel lists, so the binary searches of a frame read only the days
/// (4 bytes each: the 100,000 marks of the strip's lane stay in the CPU's caches).
#[derive(Clone, Debug, Default)]
pub struct Lane {
    /// The actor or tag index.
    pub key: usize,
    /// Mark days, sorted (ties in event order).
    days: Vec<i32>,
    events: Vec<EventIx>,
    exact: Vec<bool>,
    pub bars: Spans,
    pub fades: Spans,
    /// Mark days of events with an open start, sorted.
    open_before: Vec<i32>,
    /// Mark days of events with an open end, sorted.
    open_after: Vec<i32>,
}

/// What one column of a lane shows.
// Each flag is drawn on its own (a mark over a bar over a fade, a selection or a match on top).
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// Marks in the column.
    pub marks: usize,
    /// With one mark: whether its day is certain.
    pub exact: bool,
    pub bar: bool,
    pub fade: bool,
    /// The selected event's mark is here.
    pub selected: bool,
    /// A search match's mark is here.
    pub hit: bool,
}

/// Whether a sorted list holds a day in `from..=to`.
fn any_in(days: &[i32], from: i64, to: i64) -> bool {
    let i = days.partition_point(|&d| i64::from(d) < from);
    days.get(i).is_some_and(|&d| i64::from(d) <= to)
}

impl Lane {
    fn add(&mut self, event: EventIx, shape: &Shape) {
        self.days.push(shape.mark);
        self.events.push(event);
        self.exact.push(shape.exact);
        if let Some(bar) = shape.bar {
            self.bars.push(bar);
        }
        for fade in shape.fades.iter().flatten() {
            self.fades.push(*fade);
        }
        if shape.open_before {
            self.open_before.push(shape.mark);
        }
        if shape.open_after {
            self.open_after.push(shape.mark);
        }
    }

    fn finish(&mut self) {
        // Events arrive in date order, and the mark is the day they are ordered by.
        debug_assert!(self.days.is_sorted());
        self.bars.finish();
        self.fades.finish();
    }

    /// Marks in the lane.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Mark `i`, in day order.
    pub fn mark(&self, i: usize) -> Option<Mark> {
        Some(Mark {
            day: *self.days.get(i)?,
            event: self.events[i],
            exact: self.exact[i],
        })
    }

    /// Where `event` is among the marks, if it is in this lane.
    ///
    /// # Errors
    /// Where it would go, when the lane does not hold it.
    pub fn position(&self, day: i32, event: EventIx) -> Result<usize, usize> {
        let from = self.days.partition_point(|&d| d < day);
        let to = self.days.partition_point(|&d| d <= day);
        match self.events[from..to].binary_search(&event) {
            Ok(i) => Ok(from + i),
            Err(i) => Err(from + i),
        }
    }

    /// The first mark on or after `day`.
    pub fn first_from(&self, day: i64) -> usize {
        self.days.partition_point(|&d| i64::from(d) < day)
    }

    /// The marks on the days `from..=to`.
    pub fn range(&self, from: i64, to: i64) -> std::ops::Range<usize> {
        self.first_from(from)..self.first_from(to + 1)
    }

    /// The columns `0..width` of this lane in `view`. `selected` is the selected event's mark,
    /// when it is in this lane; `hits` the sorted mark days of search matches in it. Costs a few
    /// binary searches per column, whatever the number of events.
    pub fn cells(
        &self,
        view: &Viewport,
        width: u16,
        selected: Option<i32>,
        hits: &[i32],
    ) -> Vec<Cell> {
        // The first day of every column, from OPEN_REACH before the plot to OPEN_REACH after.
        let w = i64::from(width);
        let edges: Vec<i64> = (-OPEN_REACH..=w + OPEN_REACH + 1)
            .map(|c| view.first_day(c, width))
            .collect();
        let edge = |c: i64| edges[usize::try_from(c + OPEN_REACH).unwrap_or(0)];
        let mut cells = Vec::with_capacity(usize::from(width));
        let mut at = self.first_from(edge(0));
        for c in 0..w {
            // The days that start here hold their marks; below a day per column, a column
            // inside a day shows what covers that day.
            let (from, to) = (edge(c), edge(c + 1) - 1);
            let (cover_from, cover_to) = if from <= to { (from, to) } else { (to, to) };
            let end = at + self.days[at..].partition_point(|&d| i64::from(d) <= to);
            let marks = end - at;
            cells.push(Cell {
                marks,
                exact: marks == 1 && self.exact[at],
                bar: self.bars.touches(cover_from, cover_to),
                fade: self.fades.touches(cover_from, cover_to)
                    || any_in(&self.open_before, to + 1, edge(c + 1 + OPEN_REACH) - 1)
                    || any_in(&self.open_after, edge(c - OPEN_REACH), from - 1),
                selected: selected.is_some_and(|d| (from..=to).contains(&i64::from(d))),
                hit: !hits.is_empty() && any_in(hits, from, to),
            });
            at = end;
        }
        cells
    }

    /// Marks per column over `width` columns: the strip's density.
    pub fn counts(&self, view: &Viewport, width: u16) -> Vec<usize> {
        let mut at = self.first_from(view.first_day(0, width));
        (0..i64::from(width))
            .map(|c| {
                let to = view.first_day(c + 1, width) - 1;
                let end = at + self.days[at..].partition_point(|&d| i64::from(d) <= to);
                let n = end - at;
                at = end;
                n
            })
            .collect()
    }
}

/// The lanes of one filtered view.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every dated event shown, as one lane: the strip's density and the extent.
    pub all: Lane,
    /// One lane per actor (or tag) that has events: the ticked ones of the filter in its order,
    /// else all of them, most events first.
    pub lanes: Vec<Lane>,
    /// For each actor (or tag), its lane in `lanes`.
    pub lane_of: Vec<Option<usize>>,
    /// Display width of each lane's name, so laying the pane out costs no allocation.
    pub name_widths: Vec<usize>,
    /// Shown events without a date (drafts): they have no place on the axis.
    pub undated: usize,
    /// The first and last day a shown event may fall on; `None` without dated events.
    pub extent: Option<(i32, i32)>,
    /// Changes with every rebuild, so what was computed from an older index is known stale.
    pub generation: u64,
}

impl Index {
    /// Builds the lanes of the events `visible` (in date order) for a grouping; with
    /// `lanes` false, only what the strip needs (the lane of all events), which is what a filter
    /// change costs while the lanes view is not shown.
    pub fn build(
        chronology: &Chronology,
        visible: &[EventIx],
        filter: &Filter,
        (grouping, lanes): (Grouping, bool),
        generation: u64,
    ) -> Self {
        let keys_of = |ix: EventIx| -> &[usize] {
            let e = &chronology.events[ix];
            match grouping {
                Grouping::Actors => &e.actors,
                Grouping::Tags => &e.tags,
            }
        };
        let (count, ticked) = match grouping {
            Grouping::Actors => (chronology.actors.len(), &filter.actors),
            Grouping::Tags => (chronology.tags.len(), &filter.tags),
        };
        let count = if lanes { count } else { 0 };
        let mut per_key: Vec<Lane> = (0..count)
            .map(|key| Lane {
                key,
                ..Lane::default()
            })
            .collect();
        let mut all = Lane::default();
        all.days.reserve(visible.len());
        all.events.reserve(visible.len());
        all.exact.reserve(visible.len());
        let mut undated = 0;
        let mut extent: Option<(i32, i32)> = None;
        for &ix in visible {
            let Some(shape) = shape_of(&chronology.events[ix].date) else {
                undated += 1;
                continue;
            };
            let (lo, hi) = shape.extent();
            extent = Some(extent.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            all.add(ix, &shape);
            for &key in keys_of(ix) {
                if let Some(lane) = per_key.get_mut(key) {
                    lane.add(ix, &shape);
                }
            }
        }
        let order: Vec<usize> = if ticked.is_empty() {
            let mut keys: Vec<usize> = (0..count).filter(|&k| !per_key[k].is_empty()).collect();
            keys.sort_by_key(|&k| std::cmp::Reverse(per_key[k].len()));
            keys
        } else {
            let mut keys: Vec<usize> = Vec::new();
            for &k in ticked {
                if k < count && !keys.contains(&k) {
                    keys.push(k);
                }
            }
            keys
        };
        let name_widths = order
            .iter()
            .map(|&k| {
                let name = match grouping {
                    Grouping::Actors => chronology.actors.get(k).map(|a| a.name.as_str()),
                    Grouping::Tags => chronology.tags.get(k).map(String::as_str),
                };
                crate::text::sanitize(name.unwrap_or("")).width()
            })
            .collect();
        let mut lane_of = vec![None; count];
        let mut lanes = Vec::with_capacity(order.len());
        for (i, &k) in order.iter().enumerate() {
            lane_of[k] = Some(i);
            let mut lane = std::mem::take(&mut per_key[k]);
            lane.finish();
            lanes.push(lane);
        }
        all.finish();
        Index {
            all,
            lanes,
            lane_of,
            name_widths,
            undated,
            extent,
            generation,
        }
    }

    /// The lanes an event is drawn in, by their place in `lanes`.
    pub fn lanes_of<'a>(
        &'a self,
        chronology: &'a Chronology,
        event: EventIx,
        grouping: Grouping,
    ) -> impl Iterator<Item = usize> + 'a {
        let e = &chronology.events[event];
        let keys = match grouping {
            Grouping::Actors => &e.actors,
            Grouping::Tags => &e.tags,
        };
        keys.iter()
            .filter_map(|&k| self.lane_of.get(k).copied().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(s: &str) -> Shape {
        shape_of(&Date::parse(s).unwrap()).unwrap()
    }

    fn d(s: &str) -> i32 {
        day_of(s.parse().unwrap())
    }

    #[test]
    fn a_day_is_an_exact_mark_alone() {
        let s = shape("2023-10-07");
        assert_eq!((s.mark, s.exact, s.bar), (d("2023-10-07"), true, None));
        assert_eq!(s.fades, [None, None]);
    }

    #[test]
    fn a_month_or_a_qualified_day_fades_over_what_it_may_be() {
        let s = shape("2018-05");
        assert!(!s.exact);
        assert_eq!(s.fades[0], Some((d("2018-05-01"), d("2018-05-31"))));
        let s = shape("2024-01-03~");
        assert!(!s.exact);
        assert_eq!(s.fades[0], Some((d("2024-01-03"), d("2024-01-03"))));
    }

    #[test]
    fn an_interval_is_a_bar_with_its_imprecise_ends_faded() {
        let s = shape("2021-01/2024-01");
        assert_eq!(s.bar, Some((d("2021-01-31"), d("2024-01-01"))));
        assert_eq!(
            s.fades,
            [
                Some((d("2021-01-01"), d("2021-01-30"))),
                Some((d("2024-01-02"), d("2024-01-31")))
            ]
        );
        let s = shape("2024-01-04/2024-01-31");
        assert_eq!(s.bar, Some((d("2024-01-04"), d("2024-01-31"))));
        assert_eq!(s.fades, [None, None]);
        assert!(s.exact);
    }

    #[test]
    fn open_ends_fade_beside_the_mark() {
        let s = shape("../2024-01-02");
        assert!(s.open_before && !s.open_after && s.exact);
        assert_eq!(s.mark, d("2024-01-02"));
        let s = shape("2024-01-25/..");
        assert!(s.open_after && !s.open_before);
        assert_eq!(s.mark, d("2024-01-25"));
    }

    #[test]
    fn spans_answer_whether_any_touches() {
        let mut spans = Spans::default();
        for s in [(10, 20), (1, 3), (30, 30)] {
            spans.push(s);
        }
        spans.finish();
        assert!(spans.touches(0, 1));
        assert!(spans.touches(4, 10));
        assert!(!spans.touches(4, 9));
        assert!(spans.touches(15, 15));
        assert!(!spans.touches(21, 29));
        assert!(spans.touches(30, 40));
        assert!(!spans.touches(31, 40));
    }
}
