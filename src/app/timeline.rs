//! The timeline's rows: year headings, the gaps between them, and the events.
//!
//! Undated events (drafts waiting for a date) sort first, under an "undated" heading of their
//! own rather than the year their sort key falls in.
//!
//! Rows are rebuilt only when the filtered view changes; a frame draws just the slice that fits.

use chrono::{Datelike, NaiveDate};

use crate::model::{Chronology, Clock, Date, EventIx};

/// One line of the timeline pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// The heading above undated events.
    Undated,
    Year(i32),
    /// The time between two year groups, e.g. "… 2 years 8 months …".
    Gap(String),
    /// Position in the filtered view (not the chronology index).
    Event(usize),
}

/// Rows for the filtered view, and for each shown event the row it sits on; years are those of
/// the days `clock` shows.
pub fn build(
    chronology: &Chronology,
    visible: &[EventIx],
    clock: &Clock,
) -> (Vec<Row>, Vec<usize>) {
    let mut rows = Vec::with_capacity(visible.len() + visible.len() / 4 + 2);
    let mut row_of = Vec::with_capacity(visible.len());
    let mut previous: Option<NaiveDate> = None;
    for (position, &ix) in visible.iter().enumerate() {
        let date = &chronology.events[ix].date;
        if matches!(
            date,
            Date::Interval {
                start: None,
                end: None
            }
        ) {
            if position == 0 {
                rows.push(Row::Undated);
            }
            row_of.push(rows.len());
            rows.push(Row::Event(position));
            continue;
        }
        let day = date.day_in(clock);
        let year = day.year();
        match previous {
            Some(p) if p.year() == year => {}
            Some(p) => {
                if let Some(gap) = describe_gap(p, day) {
                    rows.push(Row::Gap(gap));
                }
                rows.push(Row::Year(year));
            }
            None => rows.push(Row::Year(year)),
        }
        previous = Some(day);
        row_of.push(rows.len());
        rows.push(Row::Event(position));
    }
    (rows, row_of)
}

/// "… 2 years 8 months …" between two days, or `None` under a month.
pub fn describe_gap(from: NaiveDate, to: NaiveDate) -> Option<String> {
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month())
        - i64::from(to.day() < from.day());
    if months < 1 {
        return None;
    }
    let (years, months) = (months / 12, months % 12);
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let text = match (years, months) {
        (0, m) => plural(m, "month"),
        (y, 0) => plural(y, "year"),
        (y, m) => format!("{} {}", plural(y, "year"), plural(m, "month")),
    };
    Some(format!("… {text} …"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn gaps_read_as_years_and_months() {
        assert_eq!(
            describe_gap(day("2018-05-08"), day("2021-01-20")).as_deref(),
            Some("… 2 years 8 months …")
        );
        assert_eq!(
            describe_gap(day("2015-07-14"), day("2018-07-14")).as_deref(),
            Some("… 3 years …")
        );
        assert_eq!(describe_gap(day("2024-01-02"), day("2024-01-03")), None);
    }
}
