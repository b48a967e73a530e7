//! The EDTF (ISO 8601-2) subset that chronologies use for dates.
//!
//! Sources rarely give an exact day: an article says "this month", a report says "in 2018", a
//! warning happened "before" an attack. Forcing such facts into a full `YYYY-MM-DD` would invent
//! precision, so a date keeps its precision (year, month, day), its qualifiers (approximate `~`,
//! uncertain `?`, both `%`) and may be an interval with open ends (`../2024-01-02`).
//!
//! Events are ordered by the earliest day they can fall on; an interval with an open start sorts
//! by its end, since that is the only day it is anchored to.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// How much of a calendar date a source actually gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One calendar point at its stated precision, e.g. `2018-05` or `2024-01-03~`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Point {
    /// The first day the point covers (1 January for a year, the 1st for a month).
    first: NaiveDate,
    precision: Precision,
    /// `~`: the source says "about".
    pub approximate: bool,
    /// `?`: the source is not sure.
    pub uncertain: bool,
}

/// A chronology date: a single point or an interval whose ends may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Date {
    Point(Point),
    /// `None` is an open end (`..`). [`Date::parse`] never gives both ends open; that form is
    /// the placeholder the loader gives an event whose date is missing or bad (such an event
    /// never reaches a `Chronology`), and every method still handles it: it sorts first and
    /// reads "undated".
    Interval {
        start: Option<Point>,
        end: Option<Point>,
    },
}

/// Why a date string was refused; the message is written for the author of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Point {
    /// A point from its parts; `None` when the day does not exist in the calendar.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Self> {
        let (precision, m, d) = match (month, day) {
            (None, None) => (Precision::Year, 1, 1),
            (Some(m), None) => (Precision::Month, m, 1),
            (Some(m), Some(d)) => (Precision::Day, m, d),
            (None, Some(_)) => return None,
        };
        let first = NaiveDate::from_ymd_opt(year, m, d)?;
        Some(Self {
            first,
            precision,
            approximate: false,
            uncertain: false,
        })
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first day this point can mean.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The last day this point can mean (31 December for a year, month end for a month).
    pub fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            Precision::Day => return self.first,
            Precision::Month => {
                let (y, m) = if self.first.month() == 12 {
                    (self.first.year() + 1, 1)
                } else {
                    (self.first.year(), self.first.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
            }
            Precision::Year => NaiveDate::from_ymd_opt(self.first.year() + 1, 1, 1),
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    pub fn year(&self) -> i32 {
        self.first.year()
    }

    /// `2018`, `May 2018`, `3 May 2018`, without qualifiers.
    fn bare(self) -> String {
        let month = MONTHS[self.first.month0() as usize];
        match self.precision {
            Precision::Year => format!("{}", self.first.year()),
            Precision::Month => format!("{month} {}", self.first.year()),
            Precision::Day => format!("{} {month} {}", self.first.day(), self.first.year()),
        }
    }

    /// `3 Jan`, `May`, or the year alone: for rows listed under a year heading.
    fn bare_short(self) -> String {
        let month = MONTHS[self.first.month0() as usize];
        match self.precision {
            Precision::Year => format!("{}", self.first.year()),
            Precision::Month => month.to_string(),
            Precision::Day => format!("{} {month}", self.first.day()),
        }
    }

    fn qualified(self, bare: String) -> String {
        match (self.approximate, self.uncertain) {
            (false, false) => bare,
            (true, false) => format!("c. {bare}"),
            (false, true) => format!("{bare}?"),
            (true, true) => format!("c. {bare}?"),
        }
    }

    /// The EDTF form: `2018-05`, `2015~`.
    pub fn edtf(&self) -> String {
        let mut out = match self.precision {
            Precision::Year => format!("{:04}", self.first.year()),
            Precision::Month => format!("{:04}-{:02}", self.first.year(), self.first.month()),
            Precision::Day => self.first.format("%Y-%m-%d").to_string(),
        };
        match (self.approximate, self.uncertain) {
            (true, true) => out.push('%'),
            (true, false) => out.push('~'),
            (false, true) => out.push('?'),
            (false, false) => {}
        }
        out
    }

    fn parse(text: &str) -> Result<Self, DateError> {
        let (body, approximate, uncertain) = split_qualifier(text);
        let parts: Vec<&str> = body.split('-').collect();
        let bad = || {
            DateError(format!(
                "`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate) or ? (uncertain)"
            ))
        };
        if parts.len() > 3 || parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        let number = |s: &str| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = i32::try_from(number(parts[0])?).map_err(|_| bad())?;
        let month = parts.get(1).map(|m| number(m)).transpose()?;
        let day = parts.get(2).map(|d| number(d)).transpose()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!(
                "`{text}`: month {m} does not exist (use 01 to 12)"
            )));
        }
        let mut point = Self::new(year, month, day).ok_or_else(|| {
            DateError(format!("`{text}`: that day does not exist in the calendar"))
        })?;
        point.approximate = approximate;
        point.uncertain = uncertain;
        Ok(point)
    }
}

/// Strips a trailing EDTF qualifier: `~` approximate, `?` uncertain, `%` both.
fn split_qualifier(text: &str) -> (&str, bool, bool) {
    if let Some(body) = text.strip_suffix('%') {
        (body, true, true)
    } else if let Some(body) = text.strip_suffix('~') {
        (body, true, false)
    } else if let Some(body) = text.strip_suffix('?') {
        (body, false, true)
    } else {
        (text, false, false)
    }
}

impl Date {
    /// Parses `2015`, `2018-05~`, `2024-01-03`, `2021-01/2022-09`, `../2024-01-02`, `2024-01-25/..`.
    ///
    /// # Errors
    /// A message saying what is wrong and what the accepted forms are.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DateError(
                "the date is empty: write YYYY, YYYY-MM or YYYY-MM-DD".into(),
            ));
        }
        let Some((start, end)) = text.split_once('/') else {
            return Point::parse(text).map(Date::Point);
        };
        let bound = |s: &str| -> Result<Option<Point>, DateError> {
            if s == ".." || s.is_empty() {
                Ok(None)
            } else {
                Point::parse(s).map(Some)
            }
        };
        let (start, end) = (bound(start)?, bound(end)?);
        match (start, end) {
            (None, None) => Err(DateError(format!(
                "`{text}`: an interval needs at least one end, e.g. `../2024-01-02` or `2021-01/2022-09`"
            ))),
            (Some(s), Some(e)) if e.last_day() < s.first_day() => Err(DateError(format!(
                "`{text}`: the interval ends before it starts"
            ))),
            _ => Ok(Date::Interval { start, end }),
        }
    }

    /// The EDTF form, as a data file would write it: `2024-01-03`, `../2024-01-02`.
    pub fn edtf(&self) -> String {
        match self {
            Date::Point(p) => p.edtf(),
            Date::Interval { start, end } => format!(
                "{}/{}",
                start.map_or_else(|| "..".to_string(), |p| p.edtf()),
                end.map_or_else(|| "..".to_string(), |p| p.edtf())
            ),
        }
    }

    /// Whether this is no date at all (`Interval` open at both ends): a draft's, which no
    /// time axis can place.
    pub fn is_undated(&self) -> bool {
        matches!(
            self,
            Date::Interval {
                start: None,
                end: None
            }
        )
    }

    /// Where a time axis puts the date: at its start, to its end when both are known; an
    /// interval open at the start sits at its end, alone. `None` when undated.
    pub fn on_axis(&self) -> Option<(Point, Option<Point>)> {
        match *self {
            Date::Point(p) => Some((p, None)),
            Date::Interval {
                start: Some(s),
                end,
            } => Some((s, end)),
            Date::Interval {
                start: None,
                end: Some(e),
            } => Some((e, None)),
            Date::Interval {
                start: None,
                end: None,
            } => None,
        }
    }

    /// The day the event is ordered by: the earliest it can fall on, or for an open start, the
    /// first day of its end.
    pub fn sort_key(&self) -> NaiveDate {
        match self {
            Date::Point(p) | Date::Interval { start: Some(p), .. } => p.first_day(),
            Date::Interval {
                start: None,
                end: Some(e),
            } => e.first_day(),
            Date::Interval {
                start: None,
                end: None,
            } => NaiveDate::MIN,
        }
    }

    /// The year the event is listed under in the timeline.
    pub fn year(&self) -> i32 {
        self.sort_key().year()
    }

    /// The latest day the event can fall on, `None` when open-ended.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match self {
            Date::Point(p) => Some(p.last_day()),
            Date::Interval { end, .. } => end.map(|e| e.last_day()),
        }
    }

    /// A compact form for rows already grouped by year: `3 Jan`, `May`, `before 2 Jan`.
    pub fn short(&self) -> String {
        match self {
            Date::Point(p) => p.qualified(p.bare_short()),
            Date::Interval {
                start: None,
                end: Some(e),
            } => format!("before {}", e.qualified(e.bare_short())),
            Date::Interval {
                start: Some(s),
                end: None,
            } => format!("after {}", s.qualified(s.bare_short())),
            Date::Interval {
                start: Some(s),
                end: Some(_),
            } => format!("from {}", s.qualified(s.bare_short())),
            Date::Interval {
                start: None,
                end: None,
            } => "undated".into(),
        }
    }

    /// Says in words how certain the date is, for the event pane.
    pub fn describe(&self) -> String {
        let mut text = self.to_string();
        let qualifiers = |p: &Point| (p.approximate, p.uncertain);
        let flags = match self {
            Date::Point(p) => vec![qualifiers(p)],
            Date::Interval { start, end } => {
                start.iter().chain(end.iter()).map(qualifiers).collect()
            }
        };
        if flags.iter().any(|f| f.0) {
            text.push_str(" (approximate)");
        }
        if flags.iter().any(|f| f.1) {
            text.push_str(" (uncertain)");
        }
        match self {
            Date::Interval {
                start: None,
                end: Some(_),
            } => text.push_str(" — exact day unknown"),
            Date::Interval {
                start: Some(_),
                end: None,
            } => text.push_str(" — end unknown"),
            _ => {}
        }
        text
    }
}

impl fmt::Display for Date {
    /// The human form: `3 Jan 2024`, `May 2018`, `c. 2015`, `before 3 Jan 2024`, `2021 – 2022`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Date::Point(p) => f.write_str(&p.qualified(p.bare())),
            Date::Interval {
                start: None,
                end: Some(e),
            } => write!(f, "before {}", e.qualified(e.bare())),
            Date::Interval {
                start: Some(s),
                end: None,
            } => write!(f, "after {}", s.qualified(s.bare())),
            Date::Interval {
                start: Some(s),
                end: Some(e),
            } => write!(f, "{} – {}", s.qualified(s.bare()), e.qualified(e.bare())),
            Date::Interval {
                start: None,
                end: None,
            } => f.write_str("undated"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        Date::parse(s).unwrap().to_string()
    }

    #[test]
    fn displays_each_form() {
        assert_eq!(show("2024-01-03"), "3 Jan 2024");
        assert_eq!(show("2018-05"), "May 2018");
        assert_eq!(show("2015~"), "c. 2015");
        assert_eq!(show("2015?"), "2015?");
        assert_eq!(show("2015%"), "c. 2015?");
        assert_eq!(show("../2024-01-03"), "before 3 Jan 2024");
        assert_eq!(show("2024-01-25/.."), "after 25 Jan 2024");
        assert_eq!(show("2021/2022"), "2021 – 2022");
        assert_eq!(show("2021-01/2022-09"), "Jan 2021 – Sep 2022");
    }

    #[test]
    fn a_time_axis_places_an_open_start_at_its_end_and_no_undated_date() {
        let axis = |s: &str| {
            Date::parse(s)
                .unwrap()
                .on_axis()
                .map(|(a, b)| (a.edtf(), b.map(|b| b.edtf())))
        };
        assert_eq!(axis("2024-01-03"), Some(("2024-01-03".into(), None)));
        assert_eq!(
            axis("2021-01/2022-09"),
            Some(("2021-01".into(), Some("2022-09".into())))
        );
        assert_eq!(axis("2024-01-25/.."), Some(("2024-01-25".into(), None)));
        assert_eq!(axis("../2024-01-02"), Some(("2024-01-02".into(), None)));
        let undated = Date::Interval {
            start: None,
            end: None,
        };
        assert_eq!(undated.on_axis(), None);
    }

    #[test]
    fn edtf_round_trips() {
        for s in [
            "2015",
            "2018-05",
            "2024-01-03",
            "2015~",
            "2015?",
            "2015%",
            "../2024-01-02",
            "2024-01-25/..",
            "2021-01/2022-09",
        ] {
            assert_eq!(Date::parse(s).unwrap().edtf(), s);
        }
    }

    #[test]
    fn short_forms_drop_the_year() {
        assert_eq!(Date::parse("2024-01-03").unwrap().short(), "3 Jan");
        assert_eq!(Date::parse("2018-05").unwrap().short(), "May");
        assert_eq!(
            Date::parse("../2024-01-02").unwrap().short(),
            "before 2 Jan"
        );
    }

    #[test]
    fn describe_spells_out_uncertainty() {
        assert_eq!(
            Date::parse("../2024-01-02").unwrap().describe(),
            "before 2 Jan 2024 — exact day unknown"
        );
        assert_eq!(
            Date::parse("2015~").unwrap().describe(),
            "c. 2015 (approximate)"
        );
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-29",
            "2024-13",
            "2024-00-10",
            "2024-04-31",
            "24-01-01",
            "2024-1-3",
            "2024/01/03/04",
            "../..",
            "2024-01-03T10:00",
            "",
            "2024-0a",
            "+2024",
            "2022/2021",
            "2024--01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(Date::parse("2024-02-29").is_ok(), "leap day exists in 2024");
    }

    #[test]
    fn orders_by_earliest_possible_day_open_start_by_its_end() {
        let key = |s: &str| Date::parse(s).unwrap().sort_key();
        assert!(key("2015") < key("2015-07-14"));
        assert_eq!(key("2015"), key("2015-01-01"));
        assert!(key("../2024-01-02") < key("2024-01-03"));
        assert!(key("2021-01/2022-09") < key("2021-02"));
        assert_eq!(key("2024-01-25/.."), key("2024-01-25"));
    }

    #[test]
    fn last_day_covers_the_whole_precision() {
        let last = |s: &str| Date::parse(s).unwrap().last_day().unwrap().to_string();
        assert_eq!(last("2024-02"), "2024-02-29");
        assert_eq!(last("2023-12"), "2023-12-31");
        assert_eq!(last("2018"), "2018-12-31");
        assert_eq!(Date::parse("2024-01-25/..").unwrap().last_day(), None);
    }
}
