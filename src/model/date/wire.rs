//! How a [`Point`] is stored (the snapshot cache): its fields as plain numbers, read back only
//! when each is one a parsed date could have, since a stored point is untrusted input.

use chrono::{Datelike as _, NaiveDate};

use super::{Point, Precision, Time};

/// A [`Point`] as stored: the first day as days since the Common Era began.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct PointWire {
    days: i32,
    precision: Precision,
    approximate: bool,
    uncertain: bool,
    time: Option<Time>,
    begins: i64,
}

impl From<Point> for PointWire {
    fn from(p: Point) -> Self {
        Self {
            days: p.first.num_days_from_ce(),
            precision: p.precision,
            approximate: p.approximate,
            uncertain: p.uncertain,
            time: p.time,
            begins: p.begins,
        }
    }
}

impl TryFrom<PointWire> for Point {
    type Error = &'static str;

    fn try_from(w: PointWire) -> Result<Self, Self::Error> {
        let first = NaiveDate::from_num_days_from_ce_opt(w.days).ok_or("a day out of range")?;
        let starts_its_span = match w.precision {
            Precision::Year => first.ordinal() == 1,
            Precision::Month => first.day() == 1,
            Precision::Day => true,
        };
        if !starts_its_span {
            return Err("a point that does not begin its year or month");
        }
        if let Some(t) = &w.time {
            let sound = w.precision == Precision::Day
                && t.hour < 24
                && t.minute < 60
                && t.second.is_none_or(|s| s <= 60)
                && t.millisecond.is_none_or(|ms| ms < 1000)
                && t.offset.abs() <= 26 * 3600;
            if !sound {
                return Err("a time out of range");
            }
        }
        Ok(Point {
            first,
            precision: w.precision,
            approximate: w.approximate,
            uncertain: w.uncertain,
            time: w.time,
            begins: w.begins,
        })
    }
}
