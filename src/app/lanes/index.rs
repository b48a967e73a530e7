//! Per-lane lists, sorted by minute, built once per filtered view: what a frame asks of them is
//! a few binary searches per column, so drawing costs the same at 100 events as at 100,000.
//!
//! Each event enters its lane as its [`Shape`] (see [`super::shape`]). An open end has no day to
//! fade to, so it fades over [`OPEN_REACH`] columns beside its mark, at any zoom. Fades and bars
//! are answered "does any span of this lane touch these minutes?" from spans sorted by start
//! with a running maximum of their ends.
//!
//! Events come in the order of instants, and their marks are wall-clock minutes: a day begins at
//! midnight as written while a time in another zone is placed at its own clock, so marks may
//! come slightly out of order (a chronology of days alone never does). A lane sorts its marks
//! when they do, so its searches stay binary.

use unicode_width::UnicodeWidthStr;

use crate::find::Filter;
use crate::model::{Chronology, Clock, EventIx};

use super::Grouping;
use super::axis::{MINUTES_PER_DAY, Viewport};
pub use super::shape::{Shape, shape_of};

/// Columns an open end (`../2024-01-02`, `2024-01-25/..`) fades over beside its mark.
pub const OPEN_REACH: i64 = 3;

/// One event's mark in a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The minute of the mark.
    pub at: i64,
    pub event: EventIx,
    pub exact: bool,
}

/// Minute spans sorted by start, with the running maximum of their ends.
#[derive(Clone, Debug, Default)]
pub struct Spans {
    spans: Vec<(i64, i64)>,
    reach: Vec<i64>,
}

impl Spans {
    fn push(&mut self, span: (i64, i64)) {
        self.spans.push(span);
    }

    /// Adds `other`'s spans (before [`Spans::finish`]).
    fn append(&mut self, other: &mut Spans) {
        self.spans.append(&mut other.spans);
    }

    fn finish(&mut self) {
        self.spans.sort_unstable();
        let mut max = i64::MIN;
        self.reach = self
            .spans
            .iter()
            .map(|&(_, end)| {
                max = max.max(end);
                max
            })
            .collect();
    }

    /// Whether any span touches the minutes `from..=to`.
    pub fn touches(&self, from: i64, to: i64) -> bool {
        let n = self.spans.partition_point(|&(start, _)| start <= to);
        n > 0 && self.reach[n - 1] >= from
    }
}

/// One lane: the events of one actor (or tag), as marks by minute, bars, fades and open ends.
///
/// Marks are kept as parallel lists, so the binary searches of a frame read only the minutes
/// (8 bytes each: the 100,000 marks of the strip's lane stay in the CPU's caches).
#[derive(Clone, Debug, Default)]
pub struct Lane {
    /// The actor or tag index.
    pub key: usize,
    /// Mark minutes, sorted (ties in event order).
    days: Vec<i64>,
    events: Vec<EventIx>,
    exact: Vec<bool>,
    pub bars: Spans,
    pub fades: Spans,
    /// Mark minutes of events with an open start, sorted.
    open_before: Vec<i64>,
    /// Mark minutes of events with an open end, sorted.
    open_after: Vec<i64>,
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

/// Whether a sorted list holds a minute in `from..=to`.
fn any_in(minutes: &[i64], from: i64, to: i64) -> bool {
    let i = minutes.partition_point(|&d| d < from);
    minutes.get(i).is_some_and(|&d| d <= to)
}

impl Lane {
    /// Adds `other`'s marks after this lane's (before [`Lane::finish`], which sorts them if
    /// they are not in order).
    fn append(&mut self, other: &mut Lane) {
        self.days.append(&mut other.days);
        self.events.append(&mut other.events);
        self.exact.append(&mut other.exact);
        self.bars.append(&mut other.bars);
        self.fades.append(&mut other.fades);
        self.open_before.append(&mut other.open_before);
        self.open_after.append(&mut other.open_after);
    }

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
        // Events arrive in the order of instants; marks on a wall clock may not (see the
        // module's doc): then sort them, ties in event order.
        if !self.days.is_sorted() {
            let mut order: Vec<usize> = (0..self.days.len()).collect();
            order.sort_by_key(|&i| (self.days[i], self.events[i]));
            self.days = order.iter().map(|&i| self.days[i]).collect();
            self.events = order.iter().map(|&i| self.events[i]).collect();
            self.exact = order.iter().map(|&i| self.exact[i]).collect();
            self.open_before.sort_unstable();
            self.open_after.sort_unstable();
        }
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

    /// Mark `i`, in the order of minutes.
    pub fn mark(&self, i: usize) -> Option<Mark> {
        Some(Mark {
            at: *self.days.get(i)?,
            event: self.events[i],
            exact: self.exact[i],
        })
    }

    /// Where `event` is among the marks, if it is in this lane.
    ///
    /// # Errors
    /// Where it would go, when the lane does not hold it.
    pub fn position(&self, day: i64, event: EventIx) -> Result<usize, usize> {
        let from = self.days.partition_point(|&d| d < day);
        let to = self.days.partition_point(|&d| d <= day);
        match self.events[from..to].binary_search(&event) {
            Ok(i) => Ok(from + i),
            Err(i) => Err(from + i),
        }
    }

    /// The first mark on or after minute `at`.
    pub fn first_from(&self, at: i64) -> usize {
        self.days.partition_point(|&d| d < at)
    }

    /// The marks on the minutes `from..=to`.
    pub fn range(&self, from: i64, to: i64) -> std::ops::Range<usize> {
        self.first_from(from)..self.first_from(to + 1)
    }

    /// The columns `0..width` of this lane in `view`. `selected` is the selected event's mark,
    /// when it is in this lane; `hits` the sorted mark minutes of search matches in it. Costs a
    /// few binary searches per column, whatever the number of events.
    pub fn cells(
        &self,
        view: &Viewport,
        width: u16,
        selected: Option<i64>,
        hits: &[i64],
    ) -> Vec<Cell> {
        // The first minute of every column, from OPEN_REACH before the plot to OPEN_REACH after.
        let w = i64::from(width);
        let edges: Vec<i64> = (-OPEN_REACH..=w + OPEN_REACH + 1)
            .map(|c| view.first_minute(c, width))
            .collect();
        let edge = |c: i64| edges[usize::try_from(c + OPEN_REACH).unwrap_or(0)];
        let mut cells = Vec::with_capacity(usize::from(width));
        let mut at = self.first_from(edge(0));
        for c in 0..w {
            // The minutes of the column hold their marks. What covers days (bars, fades) is
            // shown from the first midnight in the column, if it holds one: a column is given
            // to the day that starts in it, as a day's mark is.
            let (from, to) = (edge(c), edge(c + 1) - 1);
            let midnight = from.div_euclid(MINUTES_PER_DAY) * MINUTES_PER_DAY;
            let midnight = if midnight < from {
                midnight + MINUTES_PER_DAY
            } else {
                midnight
            };
            let cover_from = if midnight <= to { midnight } else { from };
            let end = at + self.days[at..].partition_point(|&d| d <= to);
            let marks = end - at;
            cells.push(Cell {
                marks,
                exact: marks == 1 && self.exact[at],
                bar: self.bars.touches(cover_from, to),
                fade: self.fades.touches(cover_from, to)
                    || any_in(&self.open_before, to + 1, edge(c + 1 + OPEN_REACH) - 1)
                    || any_in(&self.open_after, edge(c - OPEN_REACH), from - 1),
                selected: selected.is_some_and(|d| (from..=to).contains(&d)),
                hit: !hits.is_empty() && any_in(hits, from, to),
            });
            at = end;
        }
        cells
    }

    /// Marks per column over `width` columns: the strip's density.
    pub fn counts(&self, view: &Viewport, width: u16) -> Vec<usize> {
        let mut at = self.first_from(view.first_minute(0, width));
        (0..i64::from(width))
            .map(|c| {
                let to = view.first_minute(c + 1, width) - 1;
                let end = at + self.days[at..].partition_point(|&d| d <= to);
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
    /// The first and last minute a shown event may fall on; `None` without dated events.
    pub extent: Option<(i64, i64)>,
    /// Whether any shown event has a time of day: the axis then zooms to minutes.
    pub timed: bool,
    /// Changes with every rebuild, so what was computed from an older index is known stale.
    pub generation: u64,
}

/// Events shown past which [`Index::build`] shapes them in parts, one per core.
const PART: usize = 20_000;

/// One pass of [`Index::build`] over shown events (all of them, or a part).
#[derive(Debug, Default)]
struct Pass {
    all: Lane,
    /// One lane per key (none when only the strip is wanted).
    per_key: Vec<Lane>,
    undated: usize,
    extent: Option<(i64, i64)>,
    timed: bool,
}

impl Pass {
    /// The events `visible` (in date order) placed in the lane of all and in their keys'
    /// lanes, `count` of them (0: none).
    fn over(
        chronology: &Chronology,
        visible: &[EventIx],
        grouping: Grouping,
        count: usize,
        clock: &Clock,
    ) -> Self {
        let keys_of = |ix: EventIx| -> &[usize] {
            let e = &chronology.events[ix];
            match grouping {
                Grouping::Actors => &e.actors,
                Grouping::Tags => &e.tags,
            }
        };
        let mut pass = Pass {
            per_key: (0..count)
                .map(|key| Lane {
                    key,
                    ..Lane::default()
                })
                .collect(),
            ..Pass::default()
        };
        let all = &mut pass.all;
        all.days.reserve(visible.len());
        all.events.reserve(visible.len());
        all.exact.reserve(visible.len());
        for &ix in visible {
            let date = &chronology.events[ix].date;
            let Some(shape) = shape_of(date, clock) else {
                pass.undated += 1;
                continue;
            };
            pass.timed |= date.is_timed();
            let (lo, hi) = shape.extent();
            pass.extent = Some(
                pass.extent
                    .map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))),
            );
            all.add(ix, &shape);
            // Only while the lanes are shown: an event's keys live apart from it, a cache miss
            // each, which at 100,000 events cost the strip alone as much again.
            if !pass.per_key.is_empty() {
                for &key in keys_of(ix) {
                    if let Some(lane) = pass.per_key.get_mut(key) {
                        lane.add(ix, &shape);
                    }
                }
            }
        }
        pass
    }

    /// [`Pass::over`] `visible` in `parts` parts, each but the first on a thread of its own,
    /// put end to end.
    fn in_parts(
        chronology: &Chronology,
        visible: &[EventIx],
        (grouping, count): (Grouping, usize),
        clock: &Clock,
        parts: usize,
    ) -> Self {
        let pass = |part: &[EventIx]| Pass::over(chronology, part, grouping, count, clock);
        if parts <= 1 || visible.len() < 2 {
            return pass(visible);
        }
        let size = visible.len().div_ceil(parts);
        std::thread::scope(|scope| {
            let mut chunks = visible.chunks(size);
            let first = chunks.next().unwrap_or_default();
            let others: Vec<_> = chunks.map(|c| scope.spawn(move || pass(c))).collect();
            let mut whole = pass(first);
            for thread in others {
                // A part's panic goes on here, as it would have on one thread.
                whole.append(
                    &mut thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            whole
        })
    }

    /// Adds `other`, a pass over the events shown after this one's.
    fn append(&mut self, other: &mut Pass) {
        self.all.append(&mut other.all);
        for (lane, more) in self.per_key.iter_mut().zip(&mut other.per_key) {
            lane.append(more);
        }
        self.undated += other.undated;
        self.extent = match (self.extent, other.extent) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (one, other) => one.or(other),
        };
        self.timed |= other.timed;
    }
}

impl Index {
    /// Builds the lanes of the events `visible` (in date order) for a grouping, times on
    /// `clock`; with `lanes` false, only what the strip needs (the lane of all events), which
    /// is what a filter change costs while the lanes view is not shown.
    pub fn build(
        chronology: &Chronology,
        visible: &[EventIx],
        filter: &Filter,
        (grouping, lanes): (Grouping, bool),
        generation: u64,
        clock: &Clock,
    ) -> Self {
        let (count, ticked) = match grouping {
            Grouping::Actors => (chronology.actors.len(), &filter.actors),
            Grouping::Tags => (chronology.tags.len(), &filter.tags),
        };
        let count = if lanes { count } else { 0 };
        // The shapes of 100,000 events took 12 ms of the first frame on one core: past
        // `PART` events, each core takes a part, and the parts are put end to end.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let parts = visible.len().div_ceil(PART).clamp(1, cores.min(4));
        let Pass {
            mut all,
            mut per_key,
            undated,
            extent,
            timed,
        } = Pass::in_parts(chronology, visible, (grouping, count), clock, parts);
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
            timed,
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
    use crate::app::lanes::axis::{day_of, minute_of};
    use crate::model::Date;

    fn shape(s: &str) -> Shape {
        shape_of(&Date::parse(s).unwrap(), &Clock::AsWritten).unwrap()
    }

    /// The first minute of a day.
    fn d(s: &str) -> i64 {
        minute_of(day_of(s.parse().unwrap()))
    }

    /// The last minute of a day.
    fn e(s: &str) -> i64 {
        d(s) + MINUTES_PER_DAY - 1
    }

    /// Shaped in parts, one per thread, the lanes are the ones a single pass gives: marks,
    /// bars, fades and open ends in the same order, the undated counted, the extent and
    /// whether any is timed the same; whatever the parts' number and boundaries.
    #[test]
    fn lanes_shaped_in_parts_are_the_lanes_of_one_pass() {
        let dates = [
            "2024-01-03",
            "2018-05",
            "2015~",
            "../2024-01-03",
            "2024-01-25/..",
            "2021-01/2024-01",
            "2024-01-03T23:30-05:00",
            "2024-01-03T09:00Z",
            "1900?",
        ];
        let mut c = Chronology {
            actors: (0..3)
                .map(|i| crate::model::Actor {
                    id: format!("a{i}"),
                    name: format!("A{i}"),
                    ..crate::model::Actor::default()
                })
                .collect(),
            ..Chronology::default()
        };
        for i in 0..200 {
            let mut event = crate::model::Event {
                id: format!("e{i}"),
                date: Date::parse(dates[i % dates.len()]).unwrap(),
                title: format!("E{i}"),
                actors: (0..i % 4).map(|a| a % 3).collect(),
                summary: None,
                tags: crate::model::Few::new(),
                related: crate::model::Few::new(),
                citations: Vec::new(),
                draft: false,
                links: Vec::new(),
            };
            if i % 17 == 0 {
                event.draft = true;
                event.date = Date::Interval {
                    start: None,
                    end: None,
                };
            }
            c.events.push(event);
        }
        let visible: Vec<EventIx> = (0..c.events.len()).collect();
        let utc = Clock::zone(crate::model::Zone::utc());
        for clock in [Clock::AsWritten, utc] {
            let finished = |parts: usize| {
                let mut pass = Pass::in_parts(&c, &visible, (Grouping::Actors, 3), &clock, parts);
                pass.all.finish();
                pass.per_key.iter_mut().for_each(Lane::finish);
                format!("{pass:?}")
            };
            let one = finished(1);
            assert!(one.contains("timed: true") && !one.contains("undated: 0"));
            for parts in [2, 3, 7, 200, 500] {
                assert_eq!(finished(parts), one, "{parts} parts");
            }
        }
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
        assert_eq!(s.fades[0], Some((d("2018-05-01"), e("2018-05-31"))));
        let s = shape("2024-01-03~");
        assert!(!s.exact);
        assert_eq!(s.fades[0], Some((d("2024-01-03"), e("2024-01-03"))));
    }

    #[test]
    fn an_interval_is_a_bar_with_its_imprecise_ends_faded() {
        let s = shape("2021-01/2024-01");
        assert_eq!(s.bar, Some((d("2021-01-31"), e("2024-01-01"))));
        assert_eq!(
            s.fades,
            [
                Some((d("2021-01-01"), e("2021-01-30"))),
                Some((d("2024-01-02"), e("2024-01-31")))
            ]
        );
        let s = shape("2024-01-04/2024-01-31");
        assert_eq!(s.bar, Some((d("2024-01-04"), e("2024-01-31"))));
        assert_eq!(s.fades, [None, None]);
        assert!(s.exact);
    }

    #[test]
    fn a_time_is_marked_at_its_minute_on_the_clock_shown() {
        let s = shape("2024-01-03T14:45+03:30");
        assert_eq!((s.mark, s.exact), (d("2024-01-03") + 14 * 60 + 45, true));
        let utc = Clock::zone(crate::model::Zone::utc());
        let s = shape_of(&Date::parse("2024-01-03T23:30-05:00").unwrap(), &utc).unwrap();
        assert_eq!(s.mark, d("2024-01-04") + 4 * 60 + 30, "the next day in UTC");
        // Twenty minutes of a bar between two times.
        let s = shape("2024-01-03T14:45Z/2024-01-03T15:05Z");
        assert_eq!(s.bar, Some((d("2024-01-03") + 885, d("2024-01-03") + 905)));
    }

    #[test]
    fn marks_out_of_order_on_the_wall_clock_are_sorted_in_their_lane() {
        let mut lane = Lane::default();
        for (event, s) in [
            (0, "2024-01-03"),
            (1, "2024-01-02T23:30-05:00"),
            (2, "2024-01-03T09:00Z"),
        ] {
            lane.add(event, &shape(s));
        }
        lane.finish();
        let order: Vec<usize> = (0..3)
            .filter_map(|i| lane.mark(i))
            .map(|m| m.event)
            .collect();
        assert_eq!(
            order,
            [1, 0, 2],
            "23:30 on the 2nd, then the 3rd, then 09:00 on it"
        );
        assert_eq!(lane.position(shape("2024-01-03").mark, 0), Ok(1));
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
