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

/// The parts of a TimelineJS date as read: each `None` when absent or empty, `Err` holding
/// the text when it is not a whole number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawDate {
    pub year: Option<Result<i64, String>>,
    pub month: Option<Result<i64, String>>,
    pub day: Option<Result<i64, String>>,
    /// Hour, minute, second and millisecond as written, when any is given: `10:30`.
    pub time: Option<String>,
    /// The date's own `display_date`, when given.
    pub display: Option<String>,
}

impl RawDate {
    /// A date as the file wrote it, for a comment: `year -13800000000, month 5`.
    pub fn written(&self) -> String {
        let part = |name: &str, p: &Option<Result<i64, String>>| {
            p.as_ref().map(|v| match v {
                Ok(n) => format!("{name} {n}"),
                Err(t) => format!("{name} \"{t}\""),
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

/// The model's point for a TimelineJS date, or why it has none, in words for a message.
pub fn point(raw: &RawDate) -> Result<Point, String> {
    let number = |part: &Option<Result<i64, String>>, name: &str| match part {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(*n)),
        Some(Err(text)) => Err(format!(
            "its {name} \"{}\" is not a whole number",
            crate::text::sanitize(text)
        )),
    };
    let year = number(&raw.year, "year")?.ok_or("it has no year")?;
    let month = number(&raw.month, "month")?;
    let day = number(&raw.day, "day")?;
    if !(0..=9999).contains(&year) {
        return Err(format!(
            "its year {year} is outside the years a chronology holds (0 to 9999)"
        ));
    }
    let month = match month {
        None => None,
        Some(m @ 1..=12) => Some(u32::try_from(m).unwrap_or(1)),
        Some(m) => return Err(format!("its month {m} does not exist (1 to 12)")),
    };
    let day = match (day, month) {
        (None, _) => None,
        (Some(_), None) => return Err("it has a day but no month".into()),
        (Some(d @ 1..=31), Some(_)) => Some(u32::try_from(d).unwrap_or(1)),
        (Some(d), Some(_)) => return Err(format!("its day {d} does not exist")),
    };
    let year = i32::try_from(year).unwrap_or(0);
    Point::new(year, month, day).ok_or_else(|| {
        format!(
            "{year:04}-{:02}-{:02} is not a day of the calendar",
            month.unwrap_or(1),
            day.unwrap_or(1)
        )
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
        let part = |s: &str| (!s.is_empty()).then(|| s.parse::<i64>().map_err(|_| s.to_string()));
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
        assert_eq!(
            point(&raw("-13800000000", "", "")).unwrap_err(),
            "its year -13800000000 is outside the years a chronology holds (0 to 9999)"
        );
        assert_eq!(
            point(&raw("-500", "", "")).unwrap_err(),
            "its year -500 is outside the years a chronology holds (0 to 9999)"
        );
        assert_eq!(point(&raw("", "5", "")).unwrap_err(), "it has no year");
        assert_eq!(
            point(&raw("1963", "13", "")).unwrap_err(),
            "its month 13 does not exist (1 to 12)"
        );
        assert_eq!(
            point(&raw("2023", "2", "29")).unwrap_err(),
            "2023-02-29 is not a day of the calendar"
        );
        assert_eq!(
            point(&raw("19x3", "", "")).unwrap_err(),
            "its year \"19x3\" is not a whole number"
        );
        assert_eq!(
            point(&raw("1963", "", "9")).unwrap_err(),
            "it has a day but no month"
        );
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
            let (start, end) = match d {
                Date::Point(p) => (p, None),
                Date::Interval {
                    start: Some(s),
                    end,
                } => (s, end),
                Date::Interval {
                    start: None,
                    end: Some(e),
                } => (e, None),
                Date::Interval { .. } => unreachable!(),
            };
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
