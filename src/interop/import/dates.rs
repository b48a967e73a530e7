//! TimelineJS dates → chronology dates.
//!
//! A TimelineJS date is an object of numbers (`year`, `month`, `day`, `hour` …), each a number
//! or a string of one (`"1963"`, `""` for none). A chronology date stops at the day and holds
//! years 0 to 9999, the four-digit years of EDTF's first level, which is what the YAML's dates
//! are written in and what every source-backed chronology so far has needed. Wider years (a
//! BCE year, the cosmological `-13800000000`) would need a date type without a calendar, and a
//! sourced claim about them is not what sourceline checks; so such a slide is imported
//! undated, its date kept in a comment, with a message naming the slide.
//!
//! A time of day (`hour`, `minute`, `second`, `millisecond`; the sheet's `Time` column) is
//! kept on the date. TimelineJS has no zones, so the time is written without one: it takes the
//! chronology's `timezone:`, which the import's account asks the author to set. A time that
//! cannot be held (an hour 25, a time on a date without a day) stays in a comment.
//!
//! TimelineJS has no way to say "approximate" or "before": an export from sourceline says it
//! in `display_date`, in the viewer's words. Import reads those words back by building each
//! date the start and end could be part of and keeping the one whose words match exactly, so
//! an export imports as the date it came from; any other `display_date` is kept in a comment.

use std::fmt::Write as _;

use crate::model::{Clock, Date, Period, Place, Point, Zone};

/// A part of a TimelineJS date as read: `None` when absent or empty.
pub type Part = Option<Result<i64, NotWhole>>;

/// A date part as written when it is not a whole number (`"last spring"`, `1.5`), kept for
/// the message and for the comment that keeps the date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a whole number", crate::text::sanitize(&.0))]
pub struct NotWhole(pub String);

/// Why a TimelineJS date has no point in a chronology; each message follows the slide's name
/// (`slide 3 "Moon": its start date cannot be held: it has no year`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// `part` is `year`, `month` or `day`.
    #[error("its {part} {written}")]
    NotWhole {
        part: &'static str,
        written: NotWhole,
    },
    #[error("it has no year")]
    NoYear,
    /// Outside 0 to 9999, the years a chronology holds (the module doc says why).
    #[error("its year {0} is outside the years a chronology holds (0 to 9999)")]
    YearOutside(i64),
    #[error("its month {0} does not exist (1 to 12)")]
    NoSuchMonth(i64),
    #[error("it has a day but no month")]
    DayWithoutMonth,
    /// Not 1 to 31.
    #[error("its day {0} does not exist")]
    NoSuchDay(i64),
    /// A day of no month (`2023-02-29`).
    #[error("{year:04}-{month:02}-{day:02} is not a day of the calendar")]
    NotInCalendar { year: i32, month: u32, day: u32 },
}

/// The parts of a TimelineJS date as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawDate {
    pub year: Part,
    pub month: Part,
    pub day: Part,
    pub hour: Part,
    pub minute: Part,
    pub second: Part,
    pub millisecond: Part,
    /// The time of day as written, when any is given (`hour 14, minute 45`, `2:45 PM`): for
    /// the comment that keeps a time which cannot be held.
    pub time: Option<String>,
    /// The date's own `display_date`, when given.
    pub display: Option<String>,
}

impl RawDate {
    /// A date as the file wrote it, for a comment: `year -13800000000, month 5`.
    pub fn written(&self) -> String {
        let part = |name: &str, p: &Part| {
            p.as_ref().map(|v| match v {
                Ok(n) => format!("{name} {n}"),
                Err(NotWhole(t)) => format!("{name} \"{t}\""),
            })
        };
        [
            part("year", &self.year),
            part("month", &self.month),
            part("day", &self.day),
            self.time.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// The model's point for a TimelineJS date, or why it has none.
///
/// # Errors
/// A part missing or not a number, or a date outside the calendar a chronology holds.
pub fn point(raw: &RawDate) -> Result<Point, DateError> {
    let number = |part: &Part, name: &'static str| match part {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(*n)),
        Some(Err(written)) => Err(DateError::NotWhole {
            part: name,
            written: written.clone(),
        }),
    };
    let year = number(&raw.year, "year")?.ok_or(DateError::NoYear)?;
    let month = number(&raw.month, "month")?;
    let day = number(&raw.day, "day")?;
    if !(0..=9999).contains(&year) {
        return Err(DateError::YearOutside(year));
    }
    let month = match month {
        None => None,
        Some(m @ 1..=12) => Some(u32::try_from(m).unwrap_or(1)),
        Some(m) => return Err(DateError::NoSuchMonth(m)),
    };
    let day = match (day, month) {
        (None, _) => None,
        (Some(_), None) => return Err(DateError::DayWithoutMonth),
        (Some(d @ 1..=31), Some(_)) => Some(u32::try_from(d).unwrap_or(1)),
        (Some(d), Some(_)) => return Err(DateError::NoSuchDay(d)),
    };
    let year = i32::try_from(year).unwrap_or(0);
    Point::new(year, month, day).ok_or(DateError::NotInCalendar {
        year,
        month: month.unwrap_or(1),
        day: day.unwrap_or(1),
    })
}

/// What the account says becomes of a time of day.
pub const TIME_KEPT: &str = "time of the date (no zone: the chronology's `timezone:`)";

/// Why a TimelineJS time of day has no place on a chronology's date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("its {part} {written}")]
    NotWhole {
        part: &'static str,
        written: NotWhole,
    },
    #[error("its {part} {value} does not exist")]
    OutOfRange { part: &'static str, value: i64 },
    #[error("it has a minute, second or millisecond but no hour")]
    NoHour,
    #[error("a time needs a day, and the date stops at the month or year")]
    NoDay,
}

/// `point` with the time of day `raw` gives, if any, as a time without a zone (TimelineJS has
/// none: it takes the chronology's `timezone:`).
///
/// # Errors
/// A part that is not a number or out of range, or a time on a date without a day.
pub fn with_time(point: Point, raw: &RawDate) -> Result<Point, TimeError> {
    let part = |p: &Part, name: &'static str, max: i64| match p {
        None => Ok(None),
        Some(Err(written)) => Err(TimeError::NotWhole {
            part: name,
            written: written.clone(),
        }),
        Some(Ok(n)) if (0..=max).contains(n) => Ok(Some(*n)),
        Some(Ok(n)) => Err(TimeError::OutOfRange {
            part: name,
            value: *n,
        }),
    };
    let hour = part(&raw.hour, "hour", 23)?;
    let minute = part(&raw.minute, "minute", 59)?;
    let second = part(&raw.second, "second", 59)?;
    let millisecond = part(&raw.millisecond, "millisecond", 999)?;
    let Some(hour) = hour else {
        if minute.is_some() || second.is_some() || millisecond.is_some() {
            return Err(TimeError::NoHour);
        }
        return Ok(point);
    };
    if point.precision() != crate::model::Precision::Day {
        return Err(TimeError::NoDay);
    }
    let mut text = format!("{}T{hour:02}:{:02}", point.edtf(), minute.unwrap_or(0));
    if second.is_some() || millisecond.is_some() {
        let _ = write!(text, ":{:02}", second.unwrap_or(0));
    }
    if let Some(ms) = millisecond {
        let _ = write!(text, ".{ms:03}");
    }
    match Date::parse(&text) {
        Ok(Date::Point(p)) => Ok(p),
        _ => Err(TimeError::NoDay),
    }
}

/// The parts of a time of day written as text, as a sheet's `Time` column has it: `14:45`,
/// `14:45:30`, `14:45:30.250`, `2:45 PM`; `None` when it is none of those.
pub fn clock_parts(text: &str) -> Option<[Part; 4]> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let (body, pm) = if let Some(b) = lower.strip_suffix("pm") {
        (b.trim().to_string(), Some(true))
    } else if let Some(b) = lower.strip_suffix("am") {
        (b.trim().to_string(), Some(false))
    } else {
        (lower.clone(), None)
    };
    let (clock, fraction) = match body.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (body.as_str(), None),
    };
    let numbers: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&numbers.len())
        || numbers
            .iter()
            .chain(fraction.iter())
            .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 3)
    {
        return None;
    }
    let value = |s: &str| s.parse::<i64>().ok();
    let mut hour = value(numbers[0])?;
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let millisecond = fraction.and_then(|f| {
        let digits = f.len();
        value(f).map(|v| v * 10i64.pow(3 - u32::try_from(digits).unwrap_or(3)))
    });
    Some([
        Some(Ok(hour)),
        value(numbers[1]).map(Ok),
        numbers.get(2).and_then(|s| value(s)).map(Ok),
        millisecond.map(Ok),
    ])
}

/// The date of a slide from its start and end points and its `display_date`: the date whose
/// words are `display` when one matches, else the plain point or interval. The flag says
/// whether the words were read.
pub fn date(start: Point, end: Option<Point>, display: Option<&str>) -> (Date, bool) {
    let plain = match end {
        Some(e) => Date::Interval {
            start: Some(start),
            end: Some(e),
        },
        None => Date::Point(start),
    };
    let Some(display) = display.map(str::trim).filter(|d| !d.is_empty()) else {
        return (plain, false);
    };
    // An export converted to a zone names it at the end (`08:00 +03:30 (Asia/Tehran)`): the
    // offsets before it place the times.
    let converted = display
        .strip_suffix(')')
        .and_then(|d| d.rsplit_once(" ("))
        .filter(|(_, zone)| Zone::named(zone).is_some())
        .map(|(words, _)| words);
    candidates(start, end, display)
        .into_iter()
        .find(|d| {
            let words = d.describe();
            words == display || converted == Some(words.as_str())
        })
        .map_or((plain, false), |d| (d, true))
}

/// The points a time without a zone could be, by the offset and zone the words give after it
/// (`14:45 +03:30 Asia/Tehran`, `14:45 UTC`), as an export names them: the point itself first.
fn zoned(p: Point, words: &str) -> Vec<Point> {
    let mut out = vec![p];
    let Some(t) = p.time().filter(|t| t.place == Place::Floating) else {
        return out;
    };
    let clock = t.clock_text(&t.reading(p.first_day(), p.begins(), &Clock::AsWritten));
    let Some(at) = words.find(&clock) else {
        return out;
    };
    let mut tokens = words[at + clock.len()..].split_whitespace();
    let offset = match tokens.next() {
        Some("UTC") => "Z".to_string(),
        Some(o) if o.starts_with(['+', '-']) => o.to_string(),
        _ => return out,
    };
    let zone = tokens
        .next()
        .map(|z| format!("[{}]", z.trim_start_matches('(').trim_end_matches(')')));
    let base = p.edtf();
    // The zone alone first: an export writes `14:45[Asia/Tehran]` and `14:45+03:30[…]` alike.
    let texts = [
        Some(format!("{base}{offset}")),
        zone.as_ref().map(|z| format!("{base}{z}")),
        zone.map(|z| format!("{base}{offset}{z}")),
    ];
    for text in texts.into_iter().flatten() {
        if let Ok(Date::Point(q)) = Date::parse(&text) {
            out.push(q);
        }
    }
    out
}

/// An era's period: an export writes an open end as the bound it was given plus the span in
/// words at the end of the headline, `Title (from 7 Oct 2023)`; that suffix is read back.
/// Returns the title without it and the date.
pub fn period(title: &str, start: Point, end: Point) -> (String, Date) {
    let open = [
        Date::Interval {
            start: Some(start),
            end: None,
        },
        Date::Interval {
            start: None,
            end: Some(end),
        },
    ];
    for date in open {
        let probe = Period {
            id: String::new(),
            title: String::new(),
            date,
            note: None,
        };
        if let Some(bare) = title
            .strip_suffix(&format!(" ({})", probe.span()))
            .filter(|b| !b.trim().is_empty())
        {
            return (bare.to_string(), date);
        }
    }
    let date = if start == end {
        Date::Point(start)
    } else {
        Date::Interval {
            start: Some(start),
            end: Some(end),
        }
    };
    (title.to_string(), date)
}

/// Every date a start (and end) could belong to: each qualifier on each point (a time takes
/// none), the open intervals a lone point can stand for, and for a time the zones `display`
/// names after it.
fn candidates(start: Point, end: Option<Point>, display: &str) -> Vec<Date> {
    let qualified = |p: Point| -> Vec<Point> {
        if p.time().is_some() {
            return vec![p];
        }
        [(false, false), (true, false), (false, true), (true, true)]
            .map(|(a, u)| {
                let mut q = p;
                q.approximate = a;
                q.uncertain = u;
                q
            })
            .to_vec()
    };
    let (start_words, end_words) = display.split_once(" – ").unwrap_or((display, display));
    let starts: Vec<Point> = zoned(start, start_words)
        .into_iter()
        .flat_map(qualified)
        .collect();
    let mut out = Vec::new();
    match end {
        None => {
            for &s in &starts {
                out.push(Date::Point(s));
                out.push(Date::Interval {
                    start: None,
                    end: Some(s),
                });
                out.push(Date::Interval {
                    start: Some(s),
                    end: None,
                });
            }
        }
        Some(end) => {
            let ends: Vec<Point> = zoned(end, end_words)
                .into_iter()
                .flat_map(qualified)
                .collect();
            for &s in &starts {
                for &e in &ends {
                    out.push(Date::Interval {
                        start: Some(s),
                        end: Some(e),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(year: &str, month: &str, day: &str) -> RawDate {
        let part = |s: &str| {
            (!s.is_empty()).then(|| s.parse::<i64>().map_err(|_| NotWhole(s.to_string())))
        };
        RawDate {
            year: part(year),
            month: part(month),
            day: part(day),
            ..RawDate::default()
        }
    }

    #[test]
    fn points_at_their_precision_and_clear_refusals() {
        assert_eq!(point(&raw("1963", "8", "9")).unwrap().edtf(), "1963-08-09");
        assert_eq!(point(&raw("602", "", "")).unwrap().edtf(), "0602");
        assert_eq!(point(&raw("622", "08", "")).unwrap().edtf(), "0622-08");
        let refused = |y: &str, m: &str, d: &str, kind: DateError, message: &str| {
            let err = point(&raw(y, m, d)).unwrap_err();
            assert_eq!(err, kind, "{y} {m} {d}");
            assert_eq!(err.to_string(), message);
        };
        refused(
            "-13800000000",
            "",
            "",
            DateError::YearOutside(-13_800_000_000),
            "its year -13800000000 is outside the years a chronology holds (0 to 9999)",
        );
        refused(
            "-500",
            "",
            "",
            DateError::YearOutside(-500),
            "its year -500 is outside the years a chronology holds (0 to 9999)",
        );
        refused("", "5", "", DateError::NoYear, "it has no year");
        refused(
            "1963",
            "13",
            "",
            DateError::NoSuchMonth(13),
            "its month 13 does not exist (1 to 12)",
        );
        refused(
            "2023",
            "2",
            "29",
            DateError::NotInCalendar {
                year: 2023,
                month: 2,
                day: 29,
            },
            "2023-02-29 is not a day of the calendar",
        );
        refused(
            "19x3",
            "",
            "",
            DateError::NotWhole {
                part: "year",
                written: NotWhole("19x3".into()),
            },
            "its year \"19x3\" is not a whole number",
        );
        refused(
            "1963",
            "",
            "9",
            DateError::DayWithoutMonth,
            "it has a day but no month",
        );
        refused(
            "1963",
            "2",
            "32",
            DateError::NoSuchDay(32),
            "its day 32 does not exist",
        );
        // What the file wrote reaches a message without its control characters.
        let err = point(&raw("19\u{1b}[2J", "", "")).unwrap_err();
        assert!(!err.to_string().contains('\u{1b}'), "{err}");
    }

    #[test]
    fn the_viewers_words_give_back_the_date_they_describe() {
        for edtf in [
            "2015~",
            "2015?",
            "2015%",
            "../2024-01-02",
            "2024-01-25/..",
            "2021/2022~",
            "2021-01/2022-09",
            "2024-01-03",
        ] {
            let d = Date::parse(edtf).unwrap();
            // As the export places it.
            let (start, end) = d.on_axis().expect("dated");
            let plain = |mut p: Point| {
                p.approximate = false;
                p.uncertain = false;
                p
            };
            let (got, read) = date(plain(start), end.map(plain), Some(&d.describe()));
            assert_eq!(got.edtf(), edtf);
            // Words that a plain date would also have are read just the same.
            assert!(read, "{edtf}");
        }
        let p = Point::new(1963, Some(8), Some(9)).unwrap();
        assert_eq!(
            date(p, None, Some("August 9th, 1963")),
            (Date::Point(p), false)
        );
    }

    #[test]
    fn an_open_period_is_read_back_from_its_headline() {
        let s = Point::new(2023, Some(10), Some(7)).unwrap();
        let e = Point::new(2024, Some(1), Some(3)).unwrap();
        let (title, d) = period("Attacks (from 7 Oct 2023)", s, e);
        assert_eq!(
            (title.as_str(), d.edtf().as_str()),
            ("Attacks", "2023-10-07/..")
        );
        let (title, d) = period("Deal (until 3 Jan 2024)", s, e);
        assert_eq!(
            (title.as_str(), d.edtf().as_str()),
            ("Deal", "../2024-01-03")
        );
        let (title, d) = period("Deal (1990s)", s, e);
        assert_eq!(
            (title.as_str(), d.edtf().as_str()),
            ("Deal (1990s)", "2023-10-07/2024-01-03")
        );
    }

    #[test]
    fn a_sheet_time_reads_as_hours_minutes_seconds_milliseconds() {
        let parts = |t: &str| clock_parts(t).map(|p| p.map(|v| v.and_then(Result::ok)));
        assert_eq!(parts("14:45"), Some([Some(14), Some(45), None, None]));
        assert_eq!(parts("2:45 PM"), Some([Some(14), Some(45), None, None]));
        assert_eq!(parts("12:05 am"), Some([Some(0), Some(5), None, None]));
        assert_eq!(parts("12:05 PM"), Some([Some(12), Some(5), None, None]));
        assert_eq!(
            parts("14:45:30.25"),
            Some([Some(14), Some(45), Some(30), Some(250)])
        );
        for not in ["noon", "14", "14:", "1445", "14:45:30:10", "14:4a"] {
            assert_eq!(parts(not), None, "{not}");
        }
    }

    #[test]
    fn a_time_joins_its_day_or_says_why_not() {
        let mut r = raw("2024", "1", "3");
        r.hour = Some(Ok(9));
        let p = point(&r).unwrap();
        assert_eq!(with_time(p, &r).unwrap().edtf(), "2024-01-03T09:00");
        r.millisecond = Some(Ok(5));
        assert_eq!(with_time(p, &r).unwrap().edtf(), "2024-01-03T09:00:00.005");
        r.minute = Some(Ok(60));
        assert!(matches!(
            with_time(p, &r),
            Err(TimeError::OutOfRange { part: "minute", .. })
        ));
        let mut month = raw("2024", "1", "");
        month.hour = Some(Ok(9));
        assert_eq!(
            with_time(point(&month).unwrap(), &month),
            Err(TimeError::NoDay)
        );
        let mut no_hour = raw("2024", "1", "3");
        no_hour.minute = Some(Ok(5));
        assert_eq!(
            with_time(point(&no_hour).unwrap(), &no_hour),
            Err(TimeError::NoHour)
        );
    }
}
