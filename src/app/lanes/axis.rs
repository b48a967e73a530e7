//! The time axis: which minutes a column holds at a zoom, and the labelled ticks above the lanes.
//!
//! The axis counts minutes from the common era (day `d` of `NaiveDate::num_days_from_ce`
//! begins at minute `d ×` [`MINUTES_PER_DAY`]), so a zoom can go below a day per column: to an
//! hour per column for a chronology of days ([`DAY_FLOOR`]), to a minute for one whose events
//! have times ([`TIME_FLOOR`]), where two blasts twenty minutes apart must stand apart. A
//! viewport is a whole number of minutes, `span`, from minute `start`, spread over `width`
//! columns: column `c` holds the minutes `m` with `⌊(m − start)·width / span⌋ = c`, integer
//! arithmetic, so the minute a column starts on is exact ([`Viewport::first_minute`]) and a test
//! can recompute any event's column by itself.
//!
//! A mark sits at a minute: a day's at its midnight (so it belongs to the column that midnight
//! falls in, as before times existed), a time's at its minute on the clock shown. At a day or
//! more per column the viewport is kept to whole days, so every column holds whole days; below
//! a day per column, what covers a day (a bar, a fade) covers each of its minutes.

use chrono::{Datelike, NaiveDate};

/// Minutes in a day: the axis's unit is the minute.
pub const MINUTES_PER_DAY: i64 = 24 * 60;
/// The closest zoom of a chronology of days: an hour per column.
pub const DAY_FLOOR: i64 = 60;
/// The closest zoom of a chronology with times: a minute per column.
pub const TIME_FLOOR: i64 = 1;

/// The minutes shown: `span` minutes from minute `start` (minute 0 is the first of day 0), over
/// the columns of the plot, never closer than `floor` minutes per column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    pub start: i64,
    pub span: i64,
    pub floor: i64,
}

/// `⌈a / b⌉` for `b > 0`, whatever the sign of `a`.
fn div_ceil(a: i64, b: i64) -> i64 {
    -(-a).div_euclid(b)
}

/// The first minute of `day`.
pub fn minute_of(day: i32) -> i64 {
    i64::from(day) * MINUTES_PER_DAY
}

/// The day `minute` falls in.
pub fn day_at(minute: i64) -> i64 {
    minute.div_euclid(MINUTES_PER_DAY)
}

impl Viewport {
    /// The whole extent (first and last minute, inclusive) with about a column of margin on
    /// each side: whole days while the extent has a day or more per column, else hours (for a
    /// chronology of days, `floor` [`DAY_FLOOR`]) or minutes, never closer than `floor` minutes
    /// per column. So `0` fits what the events span, however short.
    pub fn fit(extent: (i64, i64), width: u16, floor: i64) -> Self {
        let width = i64::from(width.max(1));
        let floor = floor.max(1);
        let (first_day, last_day) = (day_at(extent.0), day_at(extent.1));
        let days = (last_day - first_day + 1).max(1);
        let margin = |units: i64| {
            if width > 2 {
                div_ceil(units, width - 2)
            } else {
                0
            }
        };
        let (first, units, per) = if days + 2 * margin(days) >= width {
            (first_day, days, MINUTES_PER_DAY)
        } else if floor >= 60 {
            (first_day * 24, days * 24, 60)
        } else {
            (extent.0, (extent.1 - extent.0 + 1).max(1), 1)
        };
        let margin = margin(units);
        let span = (units + 2 * margin).max(width * floor / per);
        Viewport {
            start: (first - margin - (span - units - 2 * margin) / 2) * per,
            span: span * per,
            floor,
        }
    }

    /// The column `minute` falls in; outside `0..width` when it is out of view.
    pub fn column(&self, minute: i64, width: u16) -> i64 {
        (minute - self.start)
            .saturating_mul(i64::from(width))
            .div_euclid(self.span.max(1))
    }

    /// The column `day` begins in (where its mark goes).
    pub fn column_of_day(&self, day: i32, width: u16) -> i64 {
        self.column(minute_of(day), width)
    }

    /// The first minute of column `column` (any column, in view or not).
    pub fn first_minute(&self, column: i64, width: u16) -> i64 {
        self.start + div_ceil(column.saturating_mul(self.span), i64::from(width.max(1)))
    }

    /// The minutes of column `column`, inclusive: the marks it holds.
    pub fn minutes(&self, column: i64, width: u16) -> (i64, i64) {
        (
            self.first_minute(column, width),
            self.first_minute(column + 1, width) - 1,
        )
    }

    /// The first and last day in view, whole or in part.
    pub fn day_range(&self) -> (i64, i64) {
        (day_at(self.start), day_at(self.start + self.span - 1))
    }

    /// Keeps the viewport within `fit` (no zooming out past the whole, no panning off it), at
    /// least `floor` minutes per column, and in whole days at a day or more per column.
    #[must_use]
    pub fn clamp(self, width: u16, fit: Viewport) -> Self {
        let w = i64::from(width.max(1));
        let mut span = self.span.clamp((w * fit.floor).min(fit.span), fit.span);
        let mut start = self.start;
        if span >= w * MINUTES_PER_DAY {
            span -= span.rem_euclid(MINUTES_PER_DAY);
            start -= start.rem_euclid(MINUTES_PER_DAY);
        }
        let start = start.clamp(fit.start, fit.start + fit.span - span);
        Viewport {
            start,
            span,
            floor: fit.floor,
        }
    }

    /// Zoomed by `num/den` (halve the span with 1/2) keeping minute `at` in the column it is
    /// in, or centred when it is out of view.
    #[must_use]
    pub fn zoom(self, num: i64, den: i64, at: i64, width: u16, fit: Viewport) -> Self {
        // The span is clamped first, so the minute keeps its column at the closest zoom too.
        let w = i64::from(width.max(1));
        let mut span = (self.span.saturating_mul(num) / den.max(1))
            .clamp((w * fit.floor).min(fit.span), fit.span);
        if span >= w * MINUTES_PER_DAY {
            span -= span.rem_euclid(MINUTES_PER_DAY);
        }
        let offset = at - self.start;
        let start = if (0..self.span).contains(&offset) {
            at - offset.saturating_mul(span) / self.span.max(1)
        } else {
            at - span / 2
        };
        Viewport {
            start,
            span,
            floor: fit.floor,
        }
        .clamp(width, fit)
    }

    /// Moved by `columns` columns (negative: earlier).
    #[must_use]
    pub fn pan(self, columns: i64, width: u16, fit: Viewport) -> Self {
        let by = self.first_minute(columns, width) - self.start;
        Viewport {
            start: self.start + by,
            ..self
        }
        .clamp(width, fit)
    }

    /// Moved so `minute` falls in `column`, same span.
    #[must_use]
    pub fn place(self, minute: i64, column: i64, width: u16, fit: Viewport) -> Self {
        Viewport {
            start: minute - div_ceil(column * self.span, i64::from(width.max(1))),
            ..self
        }
        .clamp(width, fit)
    }

    /// Centred on `minute`, same span.
    #[must_use]
    pub fn centre(self, minute: i64, width: u16, fit: Viewport) -> Self {
        Viewport {
            start: minute - self.span / 2,
            ..self
        }
        .clamp(width, fit)
    }
}

/// A labelled tick: the label starts in the column of the tick's minute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub column: u16,
    pub label: String,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Minutes(i64),
    Days(u32),
    Months(u32),
    Years(i32),
}

/// The steps below a day, for a chronology with times.
const TIME_STEPS: &[Step] = &[
    Step::Minutes(1),
    Step::Minutes(2),
    Step::Minutes(5),
    Step::Minutes(10),
    Step::Minutes(15),
    Step::Minutes(30),
    Step::Minutes(60),
    Step::Minutes(120),
    Step::Minutes(180),
    Step::Minutes(360),
    Step::Minutes(720),
];

const STEPS: &[Step] = &[
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
    Step::Years(500),
    Step::Years(1000),
];

/// Columns a label needs, with the gap before the next: the widest labels are a year and a
/// time of day (`14:30`).
const LABEL_ROOM: i64 = 6;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn minutes_of(step: Step) -> i64 {
    match step {
        Step::Minutes(n) => n,
        Step::Days(n) => i64::from(n) * MINUTES_PER_DAY,
        Step::Months(n) => i64::from(n) * 30 * MINUTES_PER_DAY,
        Step::Years(n) => i64::from(n) * 365 * MINUTES_PER_DAY,
    }
}

/// The day number of a date.
pub fn day_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The date of a day number, clamped to what the calendar can hold.
pub fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if day < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// The label of a day's tick: a year on 1 January, a month on the 1st, else the day of the
/// month; years alone when the step is in years.
fn label(date: NaiveDate, step: Step) -> String {
    match step {
        Step::Years(_) => date.year().to_string(),
        _ if date.month() == 1 && date.day() == 1 => date.year().to_string(),
        _ if date.day() == 1 => MONTHS[date.month0() as usize].to_string(),
        _ => date.day().to_string(),
    }
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// The ticks of `step` from minute `first` to `last`, in order, each with its label.
fn tick_minutes(step: Step, first: i64, last: i64) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    let (first_date, last_date) = (date_of(day_at(first)), date_of(day_at(last)));
    let day_tick = |d: NaiveDate| (minute_of(day_of(d)), label(d, step));
    match step {
        Step::Minutes(n) => {
            let mut m = div_ceil(first, n) * n;
            while m <= last {
                let within = m.rem_euclid(MINUTES_PER_DAY);
                let text = if within == 0 {
                    label(date_of(day_at(m)), Step::Days(1))
                } else {
                    format!("{:02}:{:02}", within / 60, within % 60)
                };
                out.push((m, text));
                m += n;
            }
        }
        Step::Years(n) => {
            let mut y = first_date.year().div_euclid(n) * n;
            while y <= last_date.year() {
                if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= first_date) {
                    out.push(day_tick(d));
                }
                y += n;
            }
        }
        Step::Months(n) => {
            let (mut y, mut m) = (first_date.year(), first_date.month());
            while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1).filter(|d| *d <= last_date) {
                if (m - 1).is_multiple_of(n) && d >= first_date {
                    out.push(day_tick(d));
                }
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        Step::Days(n) => {
            let mut d = first_date;
            while d <= last_date {
                if (d.day() - 1).is_multiple_of(n) && d.day() + n / 2 <= days_in_month(d) {
                    out.push(day_tick(d));
                }
                let Some(next) = d.succ_opt() else { break };
                d = next;
            }
        }
    }
    out
}

/// Labelled ticks for the viewport over `width` columns: the finest step (minutes and hours
/// for a chronology with times, then days, months, years) whose labels stand apart, each label
/// whole and clear of the one before. A chronology of days keeps day ticks below a day per
/// column, each at the column its day starts in.
pub fn ticks(view: &Viewport, width: u16) -> Vec<Tick> {
    if width == 0 {
        return Vec::new();
    }
    let w = i64::from(width);
    let steps = if view.floor < DAY_FLOOR {
        TIME_STEPS
    } else {
        &[]
    };
    let step = steps
        .iter()
        .chain(STEPS)
        .copied()
        .find(|&s| minutes_of(s).saturating_mul(w) >= LABEL_ROOM.saturating_mul(view.span))
        .unwrap_or(Step::Years(1000));
    let mut out = Vec::new();
    let mut free = 0i64;
    let (first, last) = (view.start, view.start + view.span - 1);
    // Day, month and year ticks begin at the first whole day in view, or the day under way.
    let from = if matches!(step, Step::Minutes(_)) {
        first
    } else {
        minute_of(i32::try_from(day_at(first)).unwrap_or(0))
    };
    for (minute, label) in tick_minutes(step, from, last) {
        let column = view.column(minute, width);
        let len = i64::try_from(label.len()).unwrap_or(i64::MAX);
        if column < free || column + len > w {
            continue;
        }
        free = column + len + 1;
        if let Ok(column) = u16::try_from(column) {
            out.push(Tick { column, label });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i32 {
        day_of(s.parse().unwrap())
    }

    /// The extent of whole days `a` to `b`, in minutes.
    fn days(a: i32, b: i32) -> (i64, i64) {
        (minute_of(a), minute_of(b + 1) - 1)
    }

    #[test]
    fn columns_and_their_first_minutes_agree() {
        // Whole days per column: every column holds a midnight.
        let view = Viewport {
            start: 1000 * MINUTES_PER_DAY,
            span: 377 * MINUTES_PER_DAY,
            floor: DAY_FLOOR,
        };
        for w in [1u16, 7, 120] {
            for c in -3..i64::from(w) + 3 {
                let (a, b) = view.minutes(c, w);
                assert!(a <= b, "a column holds a minute");
                let midnight = div_ceil(a, MINUTES_PER_DAY) * MINUTES_PER_DAY;
                assert!(midnight <= b, "and a midnight: a day starts in it");
                assert_eq!(view.column(a, w), c);
                assert_eq!(view.column(b, w), c);
                assert_eq!(view.column(b + 1, w), c + 1);
            }
        }
    }

    #[test]
    fn below_a_day_per_column_a_day_spans_columns_and_starts_in_one() {
        // Five hours a column, not starting on a day.
        let view = Viewport {
            start: 1000 * MINUTES_PER_DAY + 7 * 60,
            span: 500 * 60,
            floor: DAY_FLOOR,
        };
        let mut starts = 0;
        for c in 0..100 {
            let (a, b) = view.minutes(c, 100);
            let midnights = (a..=b)
                .filter(|m| m.rem_euclid(MINUTES_PER_DAY) == 0)
                .count();
            assert!(midnights <= 1, "five hours hold one midnight at most");
            starts += midnights;
        }
        assert_eq!(
            starts, 21,
            "500 hours from 7 past midnight hold 21 midnights"
        );
    }

    #[test]
    fn place_puts_the_minute_in_the_column() {
        let fit = Viewport {
            start: -100_000 * MINUTES_PER_DAY,
            span: 200_000 * MINUTES_PER_DAY,
            floor: TIME_FLOOR,
        };
        for span in [1000 * MINUTES_PER_DAY, 300 * 60, 300] {
            let view = Viewport {
                start: 0,
                span,
                floor: TIME_FLOOR,
            };
            for c in [0, 7, 33, 99] {
                let m = minute_of(555) + 17;
                assert_eq!(view.place(m, c, 100, fit).column(m, 100), c);
            }
        }
    }

    #[test]
    fn fit_puts_the_extent_inside_the_margins() {
        let extent = (day("1979-01-01"), day("2024-01-31"));
        let view = Viewport::fit(days(extent.0, extent.1), 100, DAY_FLOOR);
        assert!((0..=1).contains(&view.column_of_day(extent.0, 100)));
        assert!((98..=99).contains(&view.column_of_day(extent.1, 100)));
        assert_eq!(view.start % MINUTES_PER_DAY, 0, "whole days");
        assert_eq!(view.span % MINUTES_PER_DAY, 0, "whole days");
        // Ten days fill the width too: from the first day's start to the last day's end.
        let short = Viewport::fit(days(extent.0, extent.0 + 9), 100, DAY_FLOOR);
        assert!(
            (0..=1).contains(&short.column_of_day(extent.0, 100)),
            "{short:?}"
        );
        let end = short.column(minute_of(extent.0 + 10) - 1, 100);
        assert!((98..=99).contains(&end), "{short:?}: {end}");
        // One day: an hour per column at most, centred.
        let one = Viewport::fit(days(extent.0, extent.0), 100, DAY_FLOOR);
        assert_eq!(one.span, 100 * 60, "an hour per column at most");
        assert!(
            (37..=39).contains(&one.column_of_day(extent.0, 100)),
            "{one:?}"
        );
        // Times twenty minutes apart: a minute per column at most, both inside.
        let blasts = (
            minute_of(extent.0) + 14 * 60 + 45,
            minute_of(extent.0) + 15 * 60 + 5,
        );
        let close = Viewport::fit(blasts, 100, TIME_FLOOR);
        assert_eq!(close.span, 100, "a minute per column");
        assert!(close.column(blasts.0, 100) >= 0 && close.column(blasts.1, 100) < 100);
    }

    #[test]
    fn zoom_keeps_the_day_in_its_column_and_stays_within_the_fit() {
        let fit = Viewport::fit(days(day("1979-01-01"), day("2024-01-31")), 100, DAY_FLOOR);
        let d = minute_of(day("2015-07-14"));
        let c = fit.column(d, 100);
        let z = fit.zoom(1, 2, d, 100, fit);
        assert_eq!(z.span, fit.span / 2 / MINUTES_PER_DAY * MINUTES_PER_DAY);
        assert!((z.column(d, 100) - c).abs() <= 1);
        let out = z.zoom(8, 1, d, 100, fit);
        assert_eq!(out, fit);
        let deep = (0..40).fold(fit, |v, _| v.zoom(1, 2, d, 100, fit));
        assert_eq!(deep.span, 100 * 60, "an hour per column at most");
        assert!((deep.column(d, 100) - c).abs() <= 1, "still in its column");
        // Every zoom on the way stayed inside the fit, in whole days while a column held one.
        let mut v = fit;
        for _ in 0..40 {
            v = v.zoom(1, 2, d, 100, fit);
            assert!(v.start >= fit.start && v.start + v.span <= fit.start + fit.span);
            if v.span >= 100 * MINUTES_PER_DAY {
                assert_eq!(
                    (v.start % MINUTES_PER_DAY, v.span % MINUTES_PER_DAY),
                    (0, 0)
                );
            }
        }
        // With times, zoom goes on to a minute per column.
        let timed = Viewport::fit(days(day("2024-01-01"), day("2024-01-31")), 100, TIME_FLOOR);
        let deep = (0..40).fold(timed, |v, _| v.zoom(1, 2, d, 100, timed));
        assert_eq!(deep.span, 100, "a minute per column at most");
    }

    #[test]
    fn ticks_are_years_months_or_days_by_zoom() {
        let labels = |a: &str, b: &str, w: u16| {
            let v = Viewport::fit(days(day(a), day(b)), w, DAY_FLOOR);
            ticks(&v, w)
                .into_iter()
                .map(|t| t.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels("1979-01-01", "2024-01-31", 60),
            [
                "1980", "1985", "1990", "1995", "2000", "2005", "2010", "2015", "2020"
            ]
        );
        assert_eq!(
            labels("2023-10-01", "2024-01-31", 60),
            ["Oct", "15", "Nov", "15", "Dec", "15", "2024", "15"]
        );
        // Twenty days fill 100 columns: a tick every other day.
        assert_eq!(
            labels("2024-01-01", "2024-01-20", 100),
            [
                "2024", "3", "5", "7", "9", "11", "13", "15", "17", "19", "21"
            ]
        );
        // Below a day per column the ticks of a chronology of days stay days, at the column
        // each starts in.
        let v = Viewport::fit(days(day("2024-01-03"), day("2024-01-04")), 100, DAY_FLOOR);
        let t = ticks(&v, 100);
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["2", "3", "4", "5", "6"]);
        assert_eq!(
            i64::from(t[2].column),
            v.column_of_day(day("2024-01-04"), 100)
        );
        assert_eq!(
            t[3].column - t[2].column,
            24,
            "a day is 24 columns at an hour each"
        );
    }

    #[test]
    fn an_afternoon_with_times_gets_hour_and_half_hour_ticks() {
        let d = minute_of(day("2024-01-03"));
        // 14:00 to 15:40 over 100 columns: a minute per column.
        let v = Viewport {
            start: d + 14 * 60,
            span: 100,
            floor: TIME_FLOOR,
        };
        let t = ticks(&v, 100);
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "14:00", "14:10", "14:20", "14:30", "14:40", "14:50", "15:00", "15:10", "15:20",
                "15:30"
            ]
        );
        assert_eq!(t[3].column, 30, "14:30 is thirty minutes in");
        // The same afternoon over 40 columns: every half hour.
        let v = Viewport {
            start: d + 14 * 60,
            span: 120,
            floor: TIME_FLOOR,
        };
        let labels: Vec<String> = ticks(&v, 40).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["14:00", "14:30", "15:00", "15:30"]);
        // Midnight is labelled with its day.
        let v = Viewport {
            start: d - 6 * 60,
            span: 12 * 60,
            floor: TIME_FLOOR,
        };
        let labels: Vec<String> = ticks(&v, 60).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["18:00", "20:00", "22:00", "3", "02:00", "04:00"]);
    }

    #[test]
    fn ticks_never_overlap_or_leave_the_width() {
        for floor in [DAY_FLOOR, TIME_FLOOR] {
            let v = Viewport::fit(days(day("1900-01-01"), day("2025-12-31")), 300, floor);
            for w in [0u16, 1, 3, 5, 9, 17, 40, 300] {
                let ticks = ticks(&v, w);
                let mut free = 0;
                for t in ticks {
                    assert!(t.column >= free);
                    free = t.column + u16::try_from(t.label.len()).unwrap() + 1;
                    assert!(free - 1 <= w);
                }
            }
        }
    }
}
