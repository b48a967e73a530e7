//! The time axis: which days a column holds at a zoom, and the labelled ticks above the lanes.
//!
//! Days are counted from the common era (`NaiveDate::num_days_from_ce`); the axis counts hours
//! ([`HOURS_PER_DAY`] to a day), so a zoom can go below a day per column, down to an hour
//! ([`MIN_HOURS_PER_COLUMN`]): a story of a few weeks fills the width instead of a quarter of
//! it. A viewport is a whole number of hours, `span`, from hour `start`, spread over `width`
//! columns: column `c` holds the hours `h` with `⌊(h − start)·width / span⌋ = c`, integer
//! arithmetic, so the hour a column starts on is exact ([`Viewport::first_hour`]) and a test can
//! recompute any event's column by itself.
//!
//! Events have days, not hours: a day belongs to the column its first hour falls in
//! ([`Viewport::column`], [`Viewport::days`]), which is where its mark goes. At a day or more per
//! column the viewport is kept to whole days, so every column holds whole days, as before hours
//! existed; below a day per column, a column inside a day holds no day of its own, and what
//! covers that day (a bar, a fade) covers it too ([`Viewport::covered`]).

use chrono::{Datelike, NaiveDate};

/// Hours in a day: the axis's unit is the hour.
pub const HOURS_PER_DAY: i64 = 24;
/// The closest zoom: an hour per column.
pub const MIN_HOURS_PER_COLUMN: i64 = 1;

/// The hours shown: `span` hours from hour `start` (hour 0 is the first of day 0), over the
/// columns of the plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    pub start: i64,
    pub span: i64,
}

/// `⌈a / b⌉` for `b > 0`, whatever the sign of `a`.
fn div_ceil(a: i64, b: i64) -> i64 {
    -(-a).div_euclid(b)
}

/// The first hour of `day`.
pub fn hour_of(day: i32) -> i64 {
    i64::from(day) * HOURS_PER_DAY
}

/// The day `hour` falls in.
pub fn day_at(hour: i64) -> i64 {
    hour.div_euclid(HOURS_PER_DAY)
}

impl Viewport {
    /// The whole extent (first and last day, inclusive) with about a column of margin on each
    /// side: whole days while the extent has a day or more per column, else hours, never less
    /// than [`MIN_HOURS_PER_COLUMN`] per column. So `0` fits what the events span, however short.
    pub fn fit(extent: (i32, i32), width: u16) -> Self {
        let width = i64::from(width.max(1));
        let days = (i64::from(extent.1) - i64::from(extent.0) + 1).max(1);
        let margin = |units: i64| {
            if width > 2 {
                div_ceil(units, width - 2)
            } else {
                0
            }
        };
        let (first, units, per_day) = if days + 2 * margin(days) >= width {
            (i64::from(extent.0), days, HOURS_PER_DAY)
        } else {
            (hour_of(extent.0), days * HOURS_PER_DAY, 1)
        };
        let margin = margin(units);
        let span = (units + 2 * margin).max(width * MIN_HOURS_PER_COLUMN / per_day);
        Viewport {
            start: (first - margin - (span - units - 2 * margin) / 2) * per_day,
            span: span * per_day,
        }
    }

    /// The column `hour` falls in; outside `0..width` when it is out of view.
    pub fn column_of_hour(&self, hour: i64, width: u16) -> i64 {
        (hour - self.start)
            .saturating_mul(i64::from(width))
            .div_euclid(self.span.max(1))
    }

    /// The column `day` falls in (that of its first hour, where its mark goes); outside
    /// `0..width` when the day is out of view.
    pub fn column(&self, day: i32, width: u16) -> i64 {
        self.column_of_hour(hour_of(day), width)
    }

    /// The first hour of column `column` (any column, in view or not).
    pub fn first_hour(&self, column: i64, width: u16) -> i64 {
        self.start + div_ceil(column.saturating_mul(self.span), i64::from(width.max(1)))
    }

    /// The first day that starts in column `column` or after it.
    pub fn first_day(&self, column: i64, width: u16) -> i64 {
        div_ceil(self.first_hour(column, width), HOURS_PER_DAY)
    }

    /// The days that start in column `column`, inclusive: the marks it holds. Empty (the first
    /// after the last) for a column inside a day, below a day per column.
    pub fn days(&self, column: i64, width: u16) -> (i64, i64) {
        (
            self.first_day(column, width),
            self.first_day(column + 1, width) - 1,
        )
    }

    /// The days whose time column `column` shows, for what covers days (bars, fades): those
    /// that start in it, or the one it lies inside.
    pub fn covered(&self, column: i64, width: u16) -> (i64, i64) {
        let (from, to) = self.days(column, width);
        if from <= to { (from, to) } else { (to, to) }
    }

    /// The first and last day in view, whole or in part.
    pub fn day_range(&self) -> (i64, i64) {
        (day_at(self.start), day_at(self.start + self.span - 1))
    }

    /// Keeps the viewport within `fit` (no zooming out past the whole, no panning off it), at
    /// least [`MIN_HOURS_PER_COLUMN`] per column, and in whole days at a day or more per column.
    #[must_use]
    pub fn clamp(self, width: u16, fit: Viewport) -> Self {
        let w = i64::from(width.max(1));
        let mut span = self
            .span
            .clamp((w * MIN_HOURS_PER_COLUMN).min(fit.span), fit.span);
        let mut start = self.start;
        if span >= w * HOURS_PER_DAY {
            span -= span.rem_euclid(HOURS_PER_DAY);
            start -= start.rem_euclid(HOURS_PER_DAY);
        }
        let start = start.clamp(fit.start, fit.start + fit.span - span);
        Viewport { start, span }
    }

    /// Zoomed by `num/den` (halve the span with 1/2) keeping hour `at` in the column it is in,
    /// or centred when it is out of view.
    #[must_use]
    pub fn zoom(self, num: i64, den: i64, at: i64, width: u16, fit: Viewport) -> Self {
        // The span is clamped first, so the hour keeps its column at the closest zoom too.
        let w = i64::from(width.max(1));
        let mut span = (self.span.saturating_mul(num) / den.max(1))
            .clamp((w * MIN_HOURS_PER_COLUMN).min(fit.span), fit.span);
        if span >= w * HOURS_PER_DAY {
            span -= span.rem_euclid(HOURS_PER_DAY);
        }
        let offset = at - self.start;
        let start = if (0..self.span).contains(&offset) {
            at - offset.saturating_mul(span) / self.span.max(1)
        } else {
            at - span / 2
        };
        Viewport { start, span }.clamp(width, fit)
    }

    /// Moved by `columns` columns (negative: earlier).
    #[must_use]
    pub fn pan(self, columns: i64, width: u16, fit: Viewport) -> Self {
        let by = self.first_hour(columns, width) - self.start;
        Viewport {
            start: self.start + by,
            span: self.span,
        }
        .clamp(width, fit)
    }

    /// Moved so `day` falls in `column`, same span.
    #[must_use]
    pub fn place(self, day: i32, column: i64, width: u16, fit: Viewport) -> Self {
        Viewport {
            start: hour_of(day) - div_ceil(column * self.span, i64::from(width.max(1))),
            span: self.span,
        }
        .clamp(width, fit)
    }

    /// Centred on `day`, same span.
    #[must_use]
    pub fn centre(self, day: i32, width: u16, fit: Viewport) -> Self {
        Viewport {
            start: hour_of(day) - self.span / 2,
            span: self.span,
        }
        .clamp(width, fit)
    }
}

/// A labelled tick: the label starts in the column of the tick's day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub column: u16,
    pub label: String,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Days(u32),
    Months(u32),
    Years(i32),
}

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

/// Columns a label needs, with the gap before the next: the widest label is a year.
const LABEL_ROOM: i64 = 6;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_of(step: Step) -> i64 {
    match step {
        Step::Days(n) => i64::from(n),
        Step::Months(n) => i64::from(n) * 30,
        Step::Years(n) => i64::from(n) * 365,
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

/// The label of a tick: a year on 1 January, a month on the 1st, else the day of the month;
/// years alone when the step is in years.
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

/// The tick dates of `step` from `first` to `last`, in order.
fn tick_dates(step: Step, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    match step {
        Step::Years(n) => {
            let mut y = first.year().div_euclid(n) * n;
            while y <= last.year() {
                if let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= first) {
                    out.push(d);
                }
                y += n;
            }
        }
        Step::Months(n) => {
            let (mut y, mut m) = (first.year(), first.month());
            while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1).filter(|d| *d <= last) {
                if (m - 1).is_multiple_of(n) && d >= first {
                    out.push(d);
                }
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        Step::Days(n) => {
            let mut d = first;
            while d <= last {
                if (d.day() - 1).is_multiple_of(n) && d.day() + n / 2 <= days_in_month(d) {
                    out.push(d);
                }
                let Some(next) = d.succ_opt() else { break };
                d = next;
            }
        }
    }
    out
}

/// Labelled ticks for the viewport over `width` columns: the finest step (days, months, years)
/// whose labels stand apart, each label whole and clear of the one before. Below a day per
/// column the ticks stay days, each at the column its day starts in.
pub fn ticks(view: &Viewport, width: u16) -> Vec<Tick> {
    if width == 0 {
        return Vec::new();
    }
    let w = i64::from(width);
    let step = STEPS
        .iter()
        .copied()
        .find(|&s| {
            (days_of(s) * HOURS_PER_DAY).saturating_mul(w) >= LABEL_ROOM.saturating_mul(view.span)
        })
        .unwrap_or(Step::Years(1000));
    let (first, last) = view.day_range();
    let (first, last) = (date_of(first), date_of(last));
    let mut out = Vec::new();
    let mut free = 0i64;
    for date in tick_dates(step, first, last) {
        let column = view.column(day_of(date), width);
        let label = label(date, step);
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

    #[test]
    fn columns_and_their_first_days_agree() {
        // Whole days per column: every column holds a day.
        let view = Viewport {
            start: 1000 * HOURS_PER_DAY,
            span: 377 * HOURS_PER_DAY,
        };
        for w in [1u16, 7, 120] {
            for c in -3..i64::from(w) + 3 {
                let (a, b) = view.days(c, w);
                assert!(a <= b, "a column holds a day");
                assert_eq!(view.covered(c, w), (a, b));
                assert_eq!(view.column(i32::try_from(a).unwrap(), w), c);
                assert_eq!(view.column(i32::try_from(b).unwrap(), w), c);
                assert_eq!(view.column(i32::try_from(b + 1).unwrap(), w), c + 1);
            }
        }
    }

    #[test]
    fn below_a_day_per_column_a_day_spans_columns_and_starts_in_one() {
        // Five hours a column, not starting on a day.
        let view = Viewport {
            start: 1000 * HOURS_PER_DAY + 7,
            span: 500,
        };
        let mut starts = 0;
        for c in 0..100 {
            let (a, b) = view.days(c, 100);
            let inside = day_at(view.first_hour(c, 100));
            if a <= b {
                let midnight = div_ceil(view.first_hour(c, 100), HOURS_PER_DAY);
                assert_eq!(
                    (a, b),
                    (midnight, midnight),
                    "five hours hold one midnight at most"
                );
                assert_eq!(view.column(i32::try_from(a).unwrap(), 100), c);
                starts += 1;
            } else {
                assert_eq!(view.covered(c, 100), (inside, inside), "column {c}");
            }
        }
        assert_eq!(
            starts, 21,
            "500 hours from 7 past midnight hold 21 midnights"
        );
    }

    #[test]
    fn place_puts_the_day_in_the_column() {
        let fit = Viewport {
            start: -100_000 * HOURS_PER_DAY,
            span: 200_000 * HOURS_PER_DAY,
        };
        for span in [1000 * HOURS_PER_DAY, 300] {
            let view = Viewport { start: 0, span };
            for c in [0, 7, 33, 99] {
                assert_eq!(view.place(555, c, 100, fit).column(555, 100), c);
            }
        }
    }

    #[test]
    fn fit_puts_the_extent_inside_the_margins() {
        let extent = (day("1979-01-01"), day("2024-01-31"));
        let view = Viewport::fit(extent, 100);
        assert!((0..=1).contains(&view.column(extent.0, 100)));
        assert!((98..=99).contains(&view.column(extent.1, 100)));
        assert_eq!(view.start % HOURS_PER_DAY, 0, "whole days");
        assert_eq!(view.span % HOURS_PER_DAY, 0, "whole days");
        // Ten days fill the width too: from the first day's start to the last day's end.
        let short = Viewport::fit((extent.0, extent.0 + 9), 100);
        assert!((0..=1).contains(&short.column(extent.0, 100)), "{short:?}");
        let end = short.column_of_hour(hour_of(extent.0 + 10) - 1, 100);
        assert!((98..=99).contains(&end), "{short:?}: {end}");
        // One day: an hour per column at most, centred.
        let one = Viewport::fit((extent.0, extent.0), 100);
        assert_eq!(one.span, 100, "an hour per column at most");
        assert!((37..=39).contains(&one.column(extent.0, 100)), "{one:?}");
    }

    #[test]
    fn zoom_keeps_the_day_in_its_column_and_stays_within_the_fit() {
        let fit = Viewport::fit((day("1979-01-01"), day("2024-01-31")), 100);
        let d = day("2015-07-14");
        let c = fit.column(d, 100);
        let z = fit.zoom(1, 2, hour_of(d), 100, fit);
        assert_eq!(z.span, fit.span / 2 / HOURS_PER_DAY * HOURS_PER_DAY);
        assert!((z.column(d, 100) - c).abs() <= 1);
        let out = z.zoom(8, 1, hour_of(d), 100, fit);
        assert_eq!(out, fit);
        let deep = (0..40).fold(fit, |v, _| v.zoom(1, 2, hour_of(d), 100, fit));
        assert_eq!(deep.span, 100, "an hour per column at most");
        assert!((deep.column(d, 100) - c).abs() <= 1, "still in its column");
        // Every zoom on the way stayed inside the fit, in whole days while a column held one.
        let mut v = fit;
        for _ in 0..40 {
            v = v.zoom(1, 2, hour_of(d), 100, fit);
            assert!(v.start >= fit.start && v.start + v.span <= fit.start + fit.span);
            if v.span >= 100 * HOURS_PER_DAY {
                assert_eq!((v.start % HOURS_PER_DAY, v.span % HOURS_PER_DAY), (0, 0));
            }
        }
    }

    #[test]
    fn ticks_are_years_months_or_days_by_zoom() {
        let labels = |a: &str, b: &str, w: u16| {
            let v = Viewport::fit((day(a), day(b)), w);
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
        // Below a day per column the ticks stay days, at the column each starts in.
        let v = Viewport::fit((day("2024-01-03"), day("2024-01-04")), 100);
        let t = ticks(&v, 100);
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["2", "3", "4", "5", "6"]);
        assert_eq!(i64::from(t[2].column), v.column(day("2024-01-04"), 100));
        assert_eq!(
            t[3].column - t[2].column,
            24,
            "a day is 24 columns at an hour each"
        );
    }

    #[test]
    fn ticks_never_overlap_or_leave_the_width() {
        let v = Viewport::fit((day("1900-01-01"), day("2025-12-31")), 300);
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
