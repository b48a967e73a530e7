//! TimelineJS dates → chronology dates.
//!
//! A TimelineJS date is an object of numbers (`year`, `month`, `day`, `hour` …), each a number
//! or a string of one (`"1963"`, `""` for none). A chronology date stops at the day and holds
//! years 0 to 9999, the four-digit years of EDTF's first level, which is what the YAML's dates
//! are written in and what every source-backed chronology so far has needed. Wider years (a
//! BCE year, the cosmological `-13800000000`) would need a date type without a calendar, and a
//! sourced claim about them is not what sourceline checks; so such a slide is imported
//! undated, its date kept in a comment, with a message naming the slide. Time of day is kept
//! in a comment too.
//!
//! TimelineJS has no way to say "approximate" or "before": an export from sourceline says it
//! in `display_date`, in the viewer's words. Import reads those words back by building each
//! date the start and end could be part of and keeping the one whose words match exactly, so
//! an export imports as the date it came from; any other `display_date` is kept in a comment.

use crate::model::{Date, Period, Point};

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
    /// Hour, minute, second and millisecond as written, when any is given: `10:30`.
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
    candidates(start, end)
        .into_iter()
        .find(|d| d.describe() == display)
        .map_or((plain, false), |d| (d, true))
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

/// Every date a start (and end) could belong to: each qualifier on each point, and the open
/// intervals a lone point can stand for.
fn candidates(start: Point, end: Option<Point>) -> Vec<Date> {
    let qualified = |p: Point| {
        [(false, false), (true, false), (false, true), (true, true)].map(|(a, u)| {
            let mut q = p;
            q.approximate = a;
            q.uncertain = u;
            q
        })
    };
    let mut out = Vec::new();
    match end {
        None => {
            for s in qualified(start) {
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
            for s in qualified(start) {
                for e in qualified(end) {
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
}
