//! Why a date was refused, and what to write instead.
//!
//! One variant per kind of mistake, each quoting the date as written; [`DateError::help`] gives
//! the line that tells the author what to write. Callers match variants, never message text.

use super::zone::ZoneError;

/// The forms a date may take, for the help of a date that is no date at all.
const DATE_FORMS: &str = "dates are YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ?, or intervals like 2021-01/2022-09, ../2024-01-02, 2024-01-25/..";

/// The forms a time may take.
const TIME_FORMS: &str = "write a time as YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ss, then Z, ±hh:mm or a zone in brackets when the source gives one: 2024-01-03T14:45+03:30[Asia/Tehran]";

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("the date is empty: write YYYY, YYYY-MM or YYYY-MM-DD")]
    Empty,
    #[error(
        "`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate) or ? (uncertain), or YYYY-MM-DDThh:mm for a time"
    )]
    NotADate(String),
    #[error("`{text}`: month {month} does not exist (use 01 to 12)")]
    NoSuchMonth { text: String, month: u32 },
    #[error("`{0}`: that day does not exist in the calendar")]
    NoSuchDay(String),
    #[error("`{0}`: an interval needs at least one end, e.g. `../2024-01-02` or `2021-01/2022-09`")]
    NoEnds(String),
    #[error("`{0}`: the interval ends before it starts")]
    Backwards(String),
    #[error("`{0}`: the time is not hh:mm or hh:mm:ss, with an optional offset and zone")]
    NotATime(String),
    #[error("`{text}`: {field} {value:02} does not exist (use 00 to {max:02})")]
    OutOfRange {
        text: String,
        /// `hour`, `minute`, `second`, `offset hour` or `offset minute`.
        field: &'static str,
        value: u8,
        max: u8,
    },
    #[error("`{0}`: more than three digits after the seconds")]
    TooPrecise(String),
    #[error("`{0}`: a time needs the full day before it")]
    TimeNeedsDay(String),
    #[error("`{0}`: ~, ? and % qualify a date, not a time of day")]
    QualifiedTime(String),
    #[error("`{0}`: a zone in brackets needs a time: a day alone has no zone")]
    ZoneOnDate(String),
    #[error("`{text}`: {zone}")]
    UnknownZone { text: String, zone: ZoneError },
    #[error("`{text}`: the offset {written} is not {zone}'s at that time, which is {actual}")]
    OffsetContradicts {
        text: String,
        zone: &'static str,
        written: String,
        actual: String,
        /// The date with the zone's offset written.
        fixed: String,
    },
    #[error("{0}")]
    Gap(Box<Gap>),
    #[error("{0}")]
    Fold(Box<Fold>),
}

/// A local time that the zone's clocks skipped (moving forward, usually into summer time).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}`: {local} did not exist in {zone} on {day}: clocks went forward from {from} ({before}) to {to} ({after})"
)]
pub struct Gap {
    pub text: String,
    pub zone: &'static str,
    pub local: String,
    pub day: String,
    /// The clock just before the jump and just after it: `02:00`, `03:00`.
    pub from: String,
    pub to: String,
    /// The offsets before and after it.
    pub before: String,
    pub after: String,
    /// The time with the offset before the jump and no zone: what to write if the source
    /// gives that offset.
    pub example: String,
}

/// A local time that the zone's clocks showed twice (moving back, usually out of summer time).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}`: {local} happened twice in {zone} on {day}, first at {earlier}, then at {later}")]
pub struct Fold {
    pub text: String,
    pub zone: &'static str,
    pub local: String,
    pub day: String,
    pub earlier: String,
    pub later: String,
    /// The date with the first offset written, and with the second.
    pub first: String,
    pub second: String,
}

impl DateError {
    /// What to write instead: one line for the author.
    pub fn help(&self) -> String {
        match self {
            DateError::Empty
            | DateError::NotADate(_)
            | DateError::NoSuchMonth { .. }
            | DateError::NoSuchDay(_)
            | DateError::NoEnds(_)
            | DateError::Backwards(_) => DATE_FORMS.into(),
            DateError::NotATime(_) => TIME_FORMS.into(),
            DateError::OutOfRange { field, .. } => match *field {
                "hour" => "hours run from 00 to 23; midnight at the end of a day is 00:00 of the next".into(),
                "second" => "seconds run from 00 to 59 (a leap second cannot be written)".into(),
                "minute" => "minutes run from 00 to 59".into(),
                _ => "write the offset from UTC as ±hh:mm, e.g. +03:30 or -05:00, or Z for UTC".into(),
            },
            DateError::TooPrecise(_) => {
                "write at most milliseconds: three digits after the seconds, e.g. 14:45:30.250"
                    .into()
            }
            DateError::TimeNeedsDay(_) => {
                "write the full day before the time: YYYY-MM-DDThh:mm, e.g. 2024-01-03T14:45".into()
            }
            DateError::QualifiedTime(_) => {
                "drop the time (`2024-01-03~`) or the qualifier, and say in `summary:` how sure the time is".into()
            }
            DateError::ZoneOnDate(_) => {
                "add the time (`2024-01-03T14:45[Asia/Tehran]`) or drop the zone".into()
            }
            DateError::UnknownZone { zone, .. } => zone.help(),
            DateError::OffsetContradicts { zone, fixed, .. } => format!(
                "write `{fixed}` ({zone}'s offset then), or drop the offset and keep the zone"
            ),
            DateError::Gap(g) => format!(
                "no clock in {} showed a time from {} to {} that day: check the source's time, or write the offset it gives instead of the zone, e.g. `{}`",
                g.zone, g.from, g.to, g.example
            ),
            DateError::Fold(f) => format!(
                "say which by its offset: `{}` for the first ({}), `{}` for the second ({})",
                f.first, f.earlier, f.second, f.later
            ),
        }
    }
}
