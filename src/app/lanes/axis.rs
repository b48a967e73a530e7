//! The time axis: which days a column holds at a zoom, and the labelled ticks above the lanes.
//!
//! Days are counted from the common era (`NaiveDate::num_days_from_ce`) and a viewport is a
//! whole number of days, `span`, spread over `width` columns. Column `c` holds the days `d` with
//! `⌊(d − start)·width / span⌋ = c`: integer arithmetic, so the day a column starts on is exact
//! (`first_day`) and a test can recompute any event's column by itself. A viewport never holds
//! less than a day per column, so no column is empty of days.

use chrono::{Datelike, NaiveDate};

/// The days shown: `span` days from `start`, over the columns of the plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    pub start: i64,
    pub span: i64,
}

/// `⌈a / b⌉` for `b > 0`, whatever the sign of `a`.
fn div_ceil(a: i64, b: i64) -> i64 {
    -(-a).div_euclid(b)
}

impl Viewport {
    /// The whole extent (first and last day, inclusive) with about a column of margin on each
    /// side, and never less than a day per column.
    pub fn fit(extent: (i32, i32), width: u16) -> Self {
        let width = i64::from(width.max(1));
        let days = (i64::from(extent.1) - i64::from(extent.0) + 1).max(1);
        let margin = if width > 2 {
            div_ceil(days, width - 2)
        } else {
            0
        };
        let span = (days + 2 * margin).max(width);
        Viewport {
            start: i64::from(extent.0) - margin - (span - days - 2 * margin) / 2,
            span,
        }
    }

    /// The column `day` falls in; outside `0..width` when the day is out of view.
    pub fn column(&self, day: i32, width: u16) -> i64 {
        (i64::from(day) - self.start)
            .saturating_mul(i64::from(width))
            .div_euclid(self.span.max(1))
    }

    /// The first day of column `column` (any column, in view or not).
    pub fn first_day(&self, column: i64, width: u16) -> i64 {
        self.start + div_ceil(column.saturating_mul(self.span), i64::from(width.max(1)))
    }

    /// The days of column `column`, inclusive.
    pub fn days(&self, column: i64, width: u16) -> (i64, i64) {
        (
            self.first_day(column, width),
            self.first_day(column + 1, width) - 1,
        )
    }

    /// Days per column, rounded down: what the tick spacing is chosen from.
    pub fn per_column(&self, width: u16) -> i64 {
        self.span / i64::from(width.max(1))
    }

    /// Keeps the viewport within `fit` (no zooming out past the whole, no panning off it) and at
    /// least a day per column.
    #[must_use]
    pub fn clamp(self, width: u16, fit: Viewport) -> Self {
        let span = self
            .span
            .clamp(i64::from(width.max(1)).min(fit.span), fit.span);
        let start = self.start.clamp(fit.start, fit.start + fit.span - span);
        Viewport { start, span }
    }

    /// Zoomed by `num/den` (halve the span with 1/2) keeping `day` in the column it is in, or
    /// centred when it is out of view.
    #[must_use]
    pub fn zoom(self, num: i64, den: i64, day: i32, width: u16, fit: Viewport) -> Self {
        // The span is clamped first, so the day keeps its column at the closest zoom too.
        let span = (self.span.saturating_mul(num) / den.max(1))
            .clamp(i64::from(width.max(1)).min(fit.span), fit.span);
        let day = i64::from(day);
        let offset = day - self.start;
        let start = if (0..self.span).contains(&offset) {
            day - offset.saturating_mul(span) / self.span.max(1)
        } else {
            day - span / 2
        };
        Viewport { start, span }.clamp(width, fit)
    }

    /// Moved by `columns` columns (negative: earlier).
    #[must_use]
    pub fn pan(self, columns: i64, width: u16, fit: Viewport) -> Self {
        let by = self.first_day(columns, width) - self.start;
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
            start: i64::from(day) - div_ceil(column * self.span, i64::from(width.max(1))),
            span: self.span,
        }
        .clamp(width, fit)
    }

    /// Centred on `day`, same span.
    #[must_use]
    pub fn centre(self, day: i32, width: u16, fit: Viewport) -> Self {
        Viewport {
            start: i64::from(day) - self.span / 2,
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
/// whose labels stand apart, each label whole and clear of the one before.
pub fn ticks(view: &Viewport, width: u16) -> Vec<Tick> {
    if width == 0 {
        return Vec::new();
    }
    let w = i64::from(width);
    let step = STEPS
        .iter()
        .copied()
        .find(|&s| days_of(s).saturating_mul(w) >= LABEL_ROOM.saturating_mul(view.span))
        .unwrap_or(Step::Years(1000));
    let first = date_of(view.start);
    let last = date_of(view.start + view.span - 1);
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
        let view = Viewport {
            start: 1000,
            span: 377,
        };
        for w in [1u16, 7, 120] {
            for c in -3..i64::from(w) + 3 {
                let (a, b) = view.days(c, w);
                assert!(a <= b, "a column holds a day");
                assert_eq!(view.column(i32::try_from(a).unwrap(), w), c);
                assert_eq!(view.column(i32::try_from(b).unwrap(), w), c);
                assert_eq!(view.column(i32::try_from(b + 1).unwrap(), w), c + 1);
            }
        }
    }

    #[test]
    fn place_puts_the_day_in_the_column() {
        let view = Viewport {
            start: 0,
            span: 1000,
        };
        let fit = Viewport {
            start: -100_000,
            span: 200_000,
        };
        for c in [0, 7, 33, 99] {
            assert_eq!(view.place(555, c, 100, fit).column(555, 100), c);
        }
    }

    #[test]
    fn fit_puts_the_extent_inside_the_margins() {
        let extent = (day("1979-01-01"), day("2024-01-31"));
        let view = Viewport::fit(extent, 100);
        assert!((0..=1).contains(&view.column(extent.0, 100)));
        assert!((98..=99).contains(&view.column(extent.1, 100)));
        let short = Viewport::fit((extent.0, extent.0 + 9), 100);
        assert_eq!(short.span, 100, "a day per column at most");
        assert!((45..=55).contains(&short.column(extent.0, 100)), "centred");
    }

    #[test]
    fn zoom_keeps_the_day_in_its_column_and_stays_within_the_fit() {
        let fit = Viewport::fit((day("1979-01-01"), day("2024-01-31")), 100);
        let d = day("2015-07-14");
        let c = fit.column(d, 100);
        let z = fit.zoom(1, 2, d, 100, fit);
        assert_eq!(z.span, fit.span / 2);
        assert!((z.column(d, 100) - c).abs() <= 1);
        let out = z.zoom(8, 1, d, 100, fit);
        assert_eq!(out, fit);
        let deep = (0..40).fold(fit, |v, _| v.zoom(1, 2, d, 100, fit));
        assert_eq!(deep.span, 100, "a day per column at most");
        assert!((deep.column(d, 100) - c).abs() <= 1, "still in its column");
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
        let days = labels("2024-01-01", "2024-01-20", 100);
        assert_eq!(days[..4], ["22", "Dec", "8", "15"]);
        assert!(days.contains(&"2024".to_string()), "{days:?}");
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
