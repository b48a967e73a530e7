//! An event's date as a [`Shape`], in minutes of the axis on the clock shown: the minute of its
//! mark (a day's midnight, or its time), the span it certainly covers (an interval's bar) and
//! the spans it may fall in (fades: a date given to the month or year, an approximate or
//! uncertain one, the imprecise ends of an interval).

use crate::model::{Clock, Date, Point, Precision};

use super::axis::{MINUTES_PER_DAY, day_of, minute_of};

/// Where an event's date puts it on the axis, in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// The minute of its mark: its time, or the midnight of the day it is ordered by.
    pub mark: i64,
    /// The mark's day (or time) is one the source gives, without `~` or `?`.
    pub exact: bool,
    /// The minutes an interval certainly covers.
    pub bar: Option<(i64, i64)>,
    /// The minutes it may fall in, beyond the bar.
    pub fades: [Option<(i64, i64)>; 2],
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

/// The minute of a point's time on `clock`, when it has one.
fn time_minute(p: Point, clock: &Clock) -> Option<i64> {
    let t = p.time()?;
    let r = t.reading(p.first_day(), p.begins(), clock);
    Some(minute_of(day_of(r.day)) + i64::from(r.hour) * 60 + i64::from(r.minute))
}

/// The first minute a point can mean.
pub(super) fn first(p: Point, clock: &Clock) -> i64 {
    time_minute(p, clock).unwrap_or_else(|| minute_of(day_of(p.first_day())))
}

/// The last minute a point can mean.
pub(super) fn last(p: Point, clock: &Clock) -> i64 {
    time_minute(p, clock).unwrap_or_else(|| minute_of(day_of(p.last_day())) + MINUTES_PER_DAY - 1)
}

/// The first minute of the last day a point can mean.
fn last_begins(p: Point, clock: &Clock) -> i64 {
    time_minute(p, clock).unwrap_or_else(|| minute_of(day_of(p.last_day())))
}

/// The last minute of the first day a point can mean.
fn first_ends(p: Point, clock: &Clock) -> i64 {
    time_minute(p, clock).unwrap_or_else(|| minute_of(day_of(p.first_day())) + MINUTES_PER_DAY - 1)
}

/// The shape of a date on `clock`; `None` for an undated event (no place on the axis).
pub fn shape_of(date: &Date, clock: &Clock) -> Option<Shape> {
    let plain = |mark: i64, exact: bool| Shape {
        mark,
        exact,
        bar: None,
        fades: [None, None],
        open_before: false,
        open_after: false,
    };
    let first = |p: Point| first(p, clock);
    let last = |p: Point| last(p, clock);
    // The span a point may fall in, when it is not one certain day or time.
    let fade_of = |p: Point| (!exact(p)).then(|| (first(p), last(p)));
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
            let from = if qualified(s) {
                last(s) + 1
            } else {
                last_begins(s, clock)
            };
            let to = if qualified(e) {
                first(e) - 1
            } else {
                first_ends(e, clock)
            };
            let (bar, fades) = if from <= to {
                let before = (first(s) < from).then(|| (first(s), from - 1));
                let after = (to < last(e)).then(|| (to + 1, last(e)));
                (Some((from, to)), [before, after])
            } else {
                (None, [Some((first(s), last(e).max(first(s)))), None])
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
    /// The first and last minute the event may fall on (open ends stop at the mark).
    pub fn extent(&self) -> (i64, i64) {
        let mut lo = self.mark;
        let mut hi = self.mark;
        for (a, b) in self.bar.iter().chain(self.fades.iter().flatten()) {
            lo = lo.min(*a);
            hi = hi.max(*b);
        }
        (lo, hi)
    }
}
