//! Dates in words, as people read them: `3 Jan 2024`, `c. 2015`, `before 2 Jan 2024`,
//! `3 Jan 2024 14:45 +03:30 Asia/Tehran`, with times as written or on another clock.

use std::fmt;
use std::fmt::Write as _;

use chrono::Datelike;

use super::{Date, Point, Precision};
use crate::model::time::{Place, offset_label, offset_text};
use crate::model::zone::Clock;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Point {
    /// `2018`, `May 2018`, `3 May 2018`, `3 May 2018 14:45 +03:30`, without qualifiers.
    fn bare(self, clock: &Clock) -> String {
        let day = self.day_in(clock);
        let month = MONTHS[day.month0() as usize];
        match self.precision {
            Precision::Year => format!("{}", day.year()),
            Precision::Month => format!("{month} {}", day.year()),
            Precision::Day => {
                let mut out = format!("{} {month} {}", day.day(), day.year());
                if let Some(t) = self.time_text(clock, true) {
                    out.push(' ');
                    out.push_str(&t);
                }
                out
            }
        }
    }

    /// `3 Jan`, `May`, or the year alone: for rows listed under a year heading.
    fn bare_short(self, clock: &Clock) -> String {
        let day = self.day_in(clock);
        let month = MONTHS[day.month0() as usize];
        match self.precision {
            Precision::Year => format!("{}", day.year()),
            Precision::Month => month.to_string(),
            Precision::Day => {
                let mut out = format!("{} {month}", day.day());
                if let Some(t) = self.time_text(clock, false) {
                    out.push(' ');
                    out.push_str(&t);
                }
                out
            }
        }
    }

    /// The time as `clock` shows it: `14:45`, `14:45 UTC`, `14:45 +03:30` and, with `zone_name`
    /// and a zone written in brackets, `14:45 +03:30 Asia/Tehran`.
    fn time_text(self, clock: &Clock, zone_name: bool) -> Option<String> {
        let t = self.time?;
        let r = t.reading(self.first, self.begins, clock);
        let mut out = t.clock_text(&r);
        let suffix = match (clock, t.place) {
            (_, Place::Floating) | (Clock::AsWritten, Place::Chronology(_)) => None,
            (Clock::AsWritten, Place::Offset(w)) => Some(offset_label(w.seconds)),
            (Clock::AsWritten, Place::Zone(z, _)) if zone_name => {
                Some(format!("{} {}", offset_text(t.offset), z.name()))
            }
            (Clock::AsWritten, Place::Zone(..)) => Some(offset_label(t.offset)),
            (Clock::In { .. }, _) => r.offset.map(offset_label),
        };
        if let Some(s) = suffix {
            out.push(' ');
            out.push_str(&s);
        }
        Some(out)
    }

    fn qualified(self, bare: String) -> String {
        match (self.approximate, self.uncertain) {
            (false, false) => bare,
            (true, false) => format!("c. {bare}"),
            (false, true) => format!("{bare}?"),
            (true, true) => format!("c. {bare}?"),
        }
    }
}

impl Date {
    /// A compact form for rows already grouped by year: `3 Jan`, `May`, `before 2 Jan`,
    /// `3 Jan 14:45 +03:30`.
    pub fn short(&self) -> String {
        self.short_in(&Clock::AsWritten)
    }

    /// [`Date::short`], times as `clock` shows them.
    pub fn short_in(&self, clock: &Clock) -> String {
        let s = |p: &Point| p.qualified(p.bare_short(clock));
        match self {
            Date::Point(p) => s(p),
            Date::Interval {
                start: None,
                end: Some(e),
            } => format!("before {}", s(e)),
            Date::Interval {
                start: Some(p),
                end: None,
            } => format!("after {}", s(p)),
            Date::Interval {
                start: Some(p),
                end: Some(_),
            } => format!("from {}", s(p)),
            Date::Interval {
                start: None,
                end: None,
            } => "undated".into(),
        }
    }

    /// The human form with times as `clock` shows them: `3 Jan 2024 14:45 +03:30 Asia/Tehran`.
    pub fn show(&self, clock: &Clock) -> String {
        let s = |p: &Point| p.qualified(p.bare(clock));
        match self {
            Date::Point(p) => s(p),
            Date::Interval {
                start: None,
                end: Some(e),
            } => format!("before {}", s(e)),
            Date::Interval {
                start: Some(p),
                end: None,
            } => format!("after {}", s(p)),
            Date::Interval {
                start: Some(a),
                end: Some(b),
            } => format!("{} – {}", s(a), s(b)),
            Date::Interval {
                start: None,
                end: None,
            } => "undated".into(),
        }
    }

    /// Says in words how certain the date is, for the event pane.
    pub fn describe(&self) -> String {
        self.describe_in(&Clock::AsWritten)
    }

    /// [`Date::describe`], times as `clock` shows them.
    pub fn describe_in(&self, clock: &Clock) -> String {
        let mut text = self.show(clock);
        let qualifiers = |p: &Point| (p.approximate, p.uncertain);
        let flags: Vec<(bool, bool)> = self.points().map(qualifiers).collect();
        if flags.iter().any(|f| f.0) {
            text.push_str(" (approximate)");
        }
        if flags.iter().any(|f| f.1) {
            text.push_str(" (uncertain)");
        }
        let place = self.points().find_map(|p| p.time.map(|t| t.place));
        match (place, clock) {
            (Some(Place::Floating), _) => text.push_str(" (local time, zone not given)"),
            (Some(Place::Chronology(z)), Clock::AsWritten) => {
                let _ = write!(text, " ({})", z.name());
            }
            // Converted: the zone is named, unless its offset already says UTC.
            (Some(_), Clock::In { name, .. }) if name != "UTC" => {
                let _ = write!(text, " ({name})");
            }
            _ => {}
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
    /// The human form: `3 Jan 2024`, `May 2018`, `c. 2015`, `before 3 Jan 2024`, `2021 – 2022`,
    /// `3 Jan 2024 14:45 +03:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show(&Clock::AsWritten))
    }
}
