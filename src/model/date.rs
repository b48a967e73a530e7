//! The EDTF (ISO 8601-2) subset that chronologies use for dates, and times of day on them.
//!
//! Sources rarely give an exact day: an article says "this month", a report says "in 2018", a
//! warning happened "before" an attack. Forcing such facts into a full `YYYY-MM-DD` would invent
//! precision, so a date keeps its precision (year, month, day), its qualifiers (approximate `~`,
//! uncertain `?`, both `%`) and may be an interval with open ends (`../2024-01-02`). A day may
//! carry a time (`2024-01-03T14:45+03:30[Asia/Tehran]`, see [`super::time`]); qualifiers are
//! refused on a time, since EDTF defines them for dates only and "about 14:45" is better said in
//! words than hidden in a sign.
//!
//! Events are ordered by the instant they begin ([`Date::order`]): a time by its instant, a day
//! without one at the start of that day in the chronology's zone (UTC when none), before that
//! day's times. An interval with an open start sorts by its end, the only point it is anchored
//! to. Days and instants are computed once, when the date is parsed.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

pub use super::date_error::DateError;
mod show;
mod wire;

use wire::PointWire;

use super::time::{self, Place, Time, offset_text};
use super::zone::{Clock, Zone};

/// How much of a calendar date a source actually gives.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One calendar point at its stated precision, e.g. `2018-05`, `2024-01-03~` or
/// `2024-01-03T14:45Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "PointWire", try_from = "PointWire")]
pub struct Point {
    /// The first day the point covers (1 January for a year, the 1st for a month), as written.
    first: NaiveDate,
    precision: Precision,
    /// `~`: the source says "about".
    pub approximate: bool,
    /// `?`: the source is not sure.
    pub uncertain: bool,
    /// The time of day, on a day-precise point only.
    time: Option<Time>,
    /// The instant the point begins, in milliseconds since the Unix epoch: its time, or the
    /// start of its first day in the zone it was read in.
    begins: i64,
}

/// A chronology date: a single point or an interval whose ends may be open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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

/// What events are ordered by: the instant a date begins, a day before the times that begin
/// at the same instant. Ties are left to the caller (file order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Order {
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    pub timed: bool,
}

impl Order {
    /// The instant in RFC 3339 UTC (`2024-01-03T11:15:00Z`), for a timed date only.
    pub fn utc(&self) -> Option<String> {
        if !self.timed {
            return None;
        }
        jiff::Timestamp::from_millisecond(self.at)
            .ok()
            .map(|t| t.to_string())
    }
}

impl Point {
    /// A point from its parts, a day's beginning placed in UTC; `None` when the day does not
    /// exist in the calendar.
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
            time: None,
            begins: time::utc_midnight(first),
        })
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The time of day, when the point has one.
    pub fn time(&self) -> Option<&Time> {
        self.time.as_ref()
    }

    /// The instant the point begins (milliseconds since the Unix epoch).
    pub fn begins(&self) -> i64 {
        self.begins
    }

    /// The first day this point can mean, as written.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The day this point falls on as `clock` shows it: a time converted to another zone may
    /// fall on the day before or after the one written.
    pub fn day_in(&self, clock: &Clock) -> NaiveDate {
        match &self.time {
            Some(t) => t.reading(self.first, self.begins, clock).day,
            None => self.first,
        }
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

    /// The EDTF form: `2018-05`, `2015~`, `2024-01-03T14:45+03:30[Asia/Tehran]`.
    pub fn edtf(&self) -> String {
        let mut out = match self.precision {
            Precision::Year => format!("{:04}", self.first.year()),
            Precision::Month => format!("{:04}-{:02}", self.first.year(), self.first.month()),
            Precision::Day => self.first.format("%Y-%m-%d").to_string(),
        };
        if let Some(t) = &self.time {
            out.push_str(&t.edtf());
        }
        match (self.approximate, self.uncertain) {
            (true, true) => out.push('%'),
            (true, false) => out.push('~'),
            (false, true) => out.push('?'),
            (false, false) => {}
        }
        out
    }

    /// The point as RFC 3339 with its offset as written (`2024-01-03T14:45:00+03:30`), or its
    /// first day for a point without a time (`2024-01-03`, `2018-05-01`). A floating time has
    /// no offset to write: `2024-01-03T14:45:00`.
    pub fn rfc3339(&self) -> String {
        let Some(t) = &self.time else {
            return self.first.format("%Y-%m-%d").to_string();
        };
        let r = t.reading(self.first, self.begins, &Clock::AsWritten);
        let mut out = format!(
            "{}T{:02}:{:02}:{:02}",
            self.first.format("%Y-%m-%d"),
            r.hour,
            r.minute,
            r.second
        );
        if t.millisecond.is_some() {
            let _ = write!(out, ".{:03}", r.millisecond);
        }
        match r.offset {
            Some(0) if matches!(t.place, Place::Offset(w) if w.form == time::OffsetForm::Zulu) => {
                out.push('Z');
            }
            Some(o) => out.push_str(&offset_text(o)),
            None => {}
        }
        out
    }

    /// [`Point::rfc3339`] for the point's last moment: its time, or its last day
    /// (`2018-05-31` for `2018-05`).
    pub fn rfc3339_end(&self) -> String {
        if self.time.is_some() {
            return self.rfc3339();
        }
        self.last_day().format("%Y-%m-%d").to_string()
    }

    /// Parses one point; `zone` is the chronology's, for a time written without one.
    fn parse(text: &str, zone: Option<Zone>) -> Result<Self, DateError> {
        let (body, approximate, uncertain) = split_qualifier(text);
        let before_zone = body.split('[').next().unwrap_or(body);
        if let Some(t) = before_zone.find('T') {
            let (day, after_t) = (&body[..t], &body[t + 1..]);
            if approximate || uncertain {
                return Err(DateError::QualifiedTime(text.to_string()));
            }
            let mut point = Self::parse_day(day, text)?;
            if point.precision != Precision::Day {
                return Err(DateError::TimeNeedsDay(text.to_string()));
            }
            let (time, at) = time::parse(after_t, point.first, zone, text)?;
            point.time = Some(time);
            point.begins = at;
            return Ok(point);
        }
        if body.contains('[') {
            return Err(DateError::ZoneOnDate(text.to_string()));
        }
        let mut point = Self::parse_day(body, text)?;
        point.approximate = approximate;
        point.uncertain = uncertain;
        point.begins = time::day_start(point.first, zone);
        Ok(point)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `text` is the whole point, for messages.
    fn parse_day(body: &str, text: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = body.split('-').collect();
        let bad = || DateError::NotADate(text.to_string());
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
            return Err(DateError::NoSuchMonth {
                text: text.to_string(),
                month: m,
            });
        }
        Self::new(year, month, day).ok_or_else(|| DateError::NoSuchDay(text.to_string()))
    }

    /// The last instant (milliseconds) the point can mean: its time, or the end of its last
    /// day in `zone`.
    fn ends(&self, zone: Option<Zone>) -> i64 {
        if self.time.is_some() {
            return self.begins;
        }
        self.last_day()
            .succ_opt()
            .map_or(i64::MAX, |next| time::day_start(next, zone) - 1)
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

/// Splits an interval at its `/`, the one outside a zone's brackets (`[Asia/Tehran]`).
fn split_interval(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

impl Date {
    /// Parses `2015`, `2018-05~`, `2024-01-03`, `2021-01/2022-09`, `../2024-01-02`,
    /// `2024-01-25/..`, `2024-01-03T14:45Z`, with no chronology zone (see [`Date::parse_in`]).
    ///
    /// # Errors
    /// What is wrong, and what to write ([`DateError::help`]).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        Self::parse_in(text, None)
    }

    /// Parses a date of a chronology whose `timezone:` is `zone`: the zone of times written
    /// without one, and where days begin for ordering.
    ///
    /// # Errors
    /// What is wrong, and what to write ([`DateError::help`]).
    pub fn parse_in(text: &str, zone: Option<Zone>) -> Result<Self, DateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        let Some((start, end)) = split_interval(text) else {
            return Point::parse(text, zone).map(Date::Point);
        };
        let bound = |s: &str| -> Result<Option<Point>, DateError> {
            if s == ".." || s.is_empty() {
                Ok(None)
            } else {
                Point::parse(s, zone).map(Some)
            }
        };
        let (start, end) = (bound(start)?, bound(end)?);
        match (start, end) {
            (None, None) => Err(DateError::NoEnds(text.to_string())),
            (Some(s), Some(e)) if e.ends(zone) < s.begins => {
                Err(DateError::Backwards(text.to_string()))
            }
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

    /// The point the event is placed at: the start, or for an open start, the end.
    pub fn anchor(&self) -> Option<&Point> {
        match self {
            Date::Point(p) | Date::Interval { start: Some(p), .. } => Some(p),
            Date::Interval {
                start: None,
                end: Some(e),
            } => Some(e),
            Date::Interval {
                start: None,
                end: None,
            } => None,
        }
    }

    /// The start as written: the point itself, or an interval's start (`None` when open).
    pub fn start(&self) -> Option<&Point> {
        match self {
            Date::Point(p) => Some(p),
            Date::Interval { start, .. } => start.as_ref(),
        }
    }

    /// The end as written: the point itself, or an interval's end (`None` when open).
    pub fn end(&self) -> Option<&Point> {
        match self {
            Date::Point(p) => Some(p),
            Date::Interval { end, .. } => end.as_ref(),
        }
    }

    /// What events are ordered by (see [`Order`]); an undated draft first.
    pub fn order(&self) -> Order {
        self.anchor().map_or(
            Order {
                at: i64::MIN,
                timed: false,
            },
            |p| Order {
                at: p.begins,
                timed: p.time.is_some(),
            },
        )
    }

    /// Whether any end carries a time of day.
    pub fn is_timed(&self) -> bool {
        self.points().any(|p| p.time.is_some())
    }

    /// The ends that are given, start first.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        let (a, b) = match self {
            Date::Point(p) => (Some(p), None),
            Date::Interval { start, end } => (start.as_ref(), end.as_ref()),
        };
        a.into_iter().chain(b)
    }

    /// The day the event is placed on, as written: the earliest it can fall on, or for an open
    /// start, the first day of its end.
    pub fn sort_key(&self) -> NaiveDate {
        self.anchor().map_or(NaiveDate::MIN, Point::first_day)
    }

    /// The day the event is placed on as `clock` shows it (a converted time may move a day).
    pub fn day_in(&self, clock: &Clock) -> NaiveDate {
        self.anchor().map_or(NaiveDate::MIN, |p| p.day_in(clock))
    }

    /// The year the event is listed under in the timeline.
    pub fn year(&self) -> i32 {
        self.sort_key().year()
    }

    /// The year the event is listed under, times as `clock` shows them.
    pub fn year_in(&self, clock: &Clock) -> i32 {
        self.day_in(clock).year()
    }

    /// The latest day the event can fall on, `None` when open-ended.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match self {
            Date::Point(p) => Some(p.last_day()),
            Date::Interval { end, .. } => end.map(|e| e.last_day()),
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
            "2024-01-03T14:45",
            "2024-01-03T14:45:30Z",
            "2024-01-03T14:45+03:30[Asia/Tehran]/2024-01-03T15:05+03:30[Asia/Tehran]",
            "../2024-01-03T14:45-05",
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

    fn tehran() -> Option<Zone> {
        Zone::named("Asia/Tehran")
    }

    #[test]
    fn times_display_as_written_with_the_zone_named() {
        assert_eq!(show("2024-01-03T14:45+03:30"), "3 Jan 2024 14:45 +03:30");
        assert_eq!(show("2024-01-03T14:45Z"), "3 Jan 2024 14:45 UTC");
        assert_eq!(show("2024-01-03T14:45:30-05"), "3 Jan 2024 14:45:30 -05:00");
        assert_eq!(
            show("2024-01-03T14:45[Asia/Tehran]"),
            "3 Jan 2024 14:45 +03:30 Asia/Tehran"
        );
        assert_eq!(show("2024-01-03T14:45"), "3 Jan 2024 14:45");
        assert_eq!(
            show("2024-01-03T14:45+03:30/2024-01-03T15:05+03:30"),
            "3 Jan 2024 14:45 +03:30 – 3 Jan 2024 15:05 +03:30"
        );
        assert_eq!(
            Date::parse("2024-01-03T14:45[Asia/Tehran]")
                .unwrap()
                .short(),
            "3 Jan 14:45 +03:30"
        );
        let local = Date::parse_in("2024-01-03T14:45", tehran()).unwrap();
        assert_eq!(local.describe(), "3 Jan 2024 14:45 (Asia/Tehran)");
        assert_eq!(
            Date::parse("2024-01-03T14:45").unwrap().describe(),
            "3 Jan 2024 14:45 (local time, zone not given)"
        );
    }

    #[test]
    fn a_clock_converts_times_and_moves_their_day_but_not_days() {
        let utc = Clock::zone(Zone::utc());
        let d = Date::parse("2024-01-03T23:30-05:00").unwrap();
        assert_eq!(d.show(&utc), "4 Jan 2024 04:30 UTC");
        assert_eq!(d.short_in(&utc), "4 Jan 04:30 UTC");
        assert_eq!(d.day_in(&utc).to_string(), "2024-01-04");
        assert_eq!(d.sort_key().to_string(), "2024-01-03");
        let to_tehran = Clock::zone(tehran().unwrap());
        assert_eq!(d.show(&to_tehran), "4 Jan 2024 08:00 +03:30");
        assert_eq!(
            show("2024-01-03"),
            Date::parse("2024-01-03").unwrap().show(&utc)
        );
    }

    #[test]
    fn times_orders_by_instant_days_first() {
        let order = |s: &str| Date::parse(s).unwrap().order();
        // 06:00 in New York is 11:00 UTC; 14:45 in Tehran is 11:15 UTC.
        assert!(order("2024-01-03T06:00-05:00") < order("2024-01-03T14:45[Asia/Tehran]"));
        assert!(order("2024-01-03T14:45[Asia/Tehran]") < order("2024-01-03T12:00Z"));
        // A day begins at its midnight, before that day's times; 00:00 UTC ties in instant
        // but the day still comes first.
        assert!(order("2024-01-03") < order("2024-01-03T00:00Z"));
        assert!(order("2024-01-02T23:30-05:00") > order("2024-01-03"));
        // In Tehran's chronology the day begins at 20:30 UTC the day before.
        let day = Date::parse_in("2024-01-03", tehran()).unwrap().order();
        assert!(day < order("2024-01-02T21:00Z"));
        assert!(day > order("2024-01-02T20:00Z"));
    }

    #[test]
    fn intervals_with_times_split_outside_brackets_and_run_forwards() {
        let d = Date::parse("2024-01-03T14:45[Asia/Tehran]/2024-01-03T15:05[Asia/Tehran]").unwrap();
        assert_eq!(d.points().count(), 2);
        assert!(Date::parse("2024-01-03T15:05Z/2024-01-03T14:45Z").is_err());
        // Same instant, different zones: not backwards.
        assert!(Date::parse("2024-01-03T14:45+03:30/2024-01-03T11:15Z").is_ok());
        assert!(Date::parse("2024-01-03T11:15Z/2024-01-03T14:44+03:30").is_err());
        // A day end reaches to the end of its day.
        assert!(Date::parse("2024-01-03T23:00Z/2024-01-03").is_ok());
        assert!(Date::parse("../2024-01-03T14:45Z").is_ok());
    }

    #[test]
    fn refuses_qualified_times_zones_on_days_and_times_on_months() {
        let err = |s: &str| Date::parse(s).unwrap_err();
        assert!(matches!(
            err("2024-01-03T14:45~"),
            DateError::QualifiedTime(_)
        ));
        assert!(matches!(
            err("2024-01-03T14:45Z?"),
            DateError::QualifiedTime(_)
        ));
        assert!(matches!(
            err("2024-01-03[Asia/Tehran]"),
            DateError::ZoneOnDate(_)
        ));
        assert!(matches!(err("2024-01T14:45"), DateError::TimeNeedsDay(_)));
        assert!(matches!(err("2024-01-03Z"), DateError::NotADate(_)));
        for e in [
            err("2024-01-03T14:45~"),
            err("2024-01-03T25:00"),
            err("2024-01-03[UTC]"),
        ] {
            assert!(!e.help().is_empty());
        }
    }

    #[test]
    fn rfc3339_keeps_the_offset_as_written_or_gives_the_day() {
        let r = |s: &str| Date::parse(s).unwrap().anchor().unwrap().rfc3339();
        assert_eq!(r("2024-01-03T14:45+03:30"), "2024-01-03T14:45:00+03:30");
        assert_eq!(
            r("2024-01-03T14:45[Asia/Tehran]"),
            "2024-01-03T14:45:00+03:30"
        );
        assert_eq!(r("2024-01-03T14:45Z"), "2024-01-03T14:45:00Z");
        assert_eq!(
            r("2024-01-03T14:45:30.250-05"),
            "2024-01-03T14:45:30.250-05:00"
        );
        assert_eq!(r("2024-01-03T14:45"), "2024-01-03T14:45:00");
        assert_eq!(r("2024-01-03"), "2024-01-03");
        assert_eq!(r("2018-05"), "2018-05-01");
        let d = Date::parse("2021-01/2022-09").unwrap();
        assert_eq!(d.start().unwrap().rfc3339(), "2021-01-01");
        assert_eq!(d.end().unwrap().rfc3339_end(), "2022-09-30");
        assert!(Date::parse("../2022-09").unwrap().start().is_none());
        assert_eq!(
            Date::parse("2024-01-03T04:30-05:00")
                .unwrap()
                .order()
                .utc()
                .unwrap(),
            "2024-01-03T09:30:00Z"
        );
        assert_eq!(Date::parse("2024-01-03").unwrap().order().utc(), None);
    }
}
