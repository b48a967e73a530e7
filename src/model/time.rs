//! Times of day on a date: `T14:45`, `T14:45:30`, with `Z`, `+03:30` and/or `[Asia/Tehran]`.
//!
//! The forms are those EDTF Level 0 and RFC 9557 agree on: `hh:mm[:ss[.fff]]`, then an optional
//! offset (`Z`, `±hh`, `±hh:mm`), then an optional IANA zone in brackets. The text is scanned
//! here rather than by `jiff`'s RFC 9557 parser because that parser accepts more (the basic
//! format `T1445`, a space for `T`, calendar annotations, nanoseconds) and stops at the first
//! failure in its own words, while a chronology's author needs to be told which field is out of
//! range and what to write. Everything about zones (the database, offsets at an instant, the
//! hour that does not exist or happens twice) is `jiff`'s.
//!
//! A time is resolved to its instant once, when it is parsed: a time without an offset takes
//! the zone given by the chronology's `timezone:`, and without one it is a wall clock of an
//! unnamed place, ordered as if it were UTC ([`Place::Floating`]).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

use super::date_error::{DateError, Fold, Gap};
use super::zone::{Clock, Zone, ZoneError};

/// How an offset was written, so it is shown and written back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum OffsetForm {
    /// `Z`
    Zulu,
    /// `+03`
    Hours,
    /// `+03:30`
    HoursMinutes,
}

/// An offset from UTC as the date writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct WrittenOffset {
    /// Seconds east of UTC.
    pub seconds: i32,
    pub form: OffsetForm,
}

/// Where a time's clock is: what turns the wall-clock time into an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// No offset or zone, and the chronology names no `timezone:`: the local time of an
    /// unnamed place, ordered as if it were UTC and never converted.
    Floating,
    /// No offset or zone written: the chronology's `timezone:`.
    Chronology(Zone),
    /// An offset only.
    Offset(WrittenOffset),
    /// A zone in brackets, with the offset when one is written (it then agrees with the zone).
    Zone(Zone, Option<WrittenOffset>),
}

/// A time of day as written, with the offset in effect at that instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    /// `None` when written `hh:mm`.
    pub second: Option<u8>,
    /// `None` when no fraction is written.
    pub millisecond: Option<u16>,
    pub place: Place,
    /// Seconds east of UTC in effect at the instant (0 for a floating time).
    pub offset: i32,
}

/// A wall-clock reading: a day and a time on it, with the offset that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub day: NaiveDate,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub millisecond: u16,
    /// Seconds east of UTC; `None` for a floating time, which has none.
    pub offset: Option<i32>,
}

impl Time {
    /// The wall clock this time shows on `clock`: as written, or converted (days shift). A
    /// floating time is never converted. `day` is the date written with it, `at` its instant.
    pub fn reading(&self, day: NaiveDate, at: i64, clock: &Clock) -> Reading {
        let written = Reading {
            day,
            hour: self.hour,
            minute: self.minute,
            second: self.second.unwrap_or(0),
            millisecond: self.millisecond.unwrap_or(0),
            offset: (self.place != Place::Floating).then_some(self.offset),
        };
        let Clock::In { tz, .. } = clock else {
            return written;
        };
        if self.place == Place::Floating {
            return written;
        }
        let Ok(ts) = Timestamp::from_millisecond(at) else {
            return written;
        };
        let dt = tz.to_datetime(ts);
        let Some(day) = naive(dt) else {
            return written;
        };
        Reading {
            day,
            hour: u8::try_from(dt.hour()).unwrap_or(0),
            minute: u8::try_from(dt.minute()).unwrap_or(0),
            second: u8::try_from(dt.second()).unwrap_or(0),
            millisecond: u16::try_from(dt.millisecond()).unwrap_or(0),
            offset: Some(tz.to_offset(ts).seconds()),
        }
    }

    /// `14:45`, `14:45:30`, `14:45:30.250`: the clock part of a reading, seconds shown when
    /// this time writes them.
    pub fn clock_text(&self, r: &Reading) -> String {
        let mut out = format!("{:02}:{:02}", r.hour, r.minute);
        if self.second.is_some() || self.millisecond.is_some() {
            let _ = write!(out, ":{:02}", r.second);
        }
        if self.millisecond.is_some() {
            let _ = write!(out, ".{:03}", r.millisecond);
        }
        out
    }

    /// The EDTF/RFC 9557 text after the date: `T14:45+03:30[Asia/Tehran]`.
    pub fn edtf(&self) -> String {
        let mut out = format!("T{:02}:{:02}", self.hour, self.minute);
        if let Some(s) = self.second {
            let _ = write!(out, ":{s:02}");
        }
        if let Some(ms) = self.millisecond {
            let _ = write!(out, ".{ms:03}");
        }
        let written = |w: &WrittenOffset| match w.form {
            OffsetForm::Zulu => "Z".to_string(),
            OffsetForm::Hours => offset_text(w.seconds)[..3].to_string(),
            OffsetForm::HoursMinutes => offset_text(w.seconds),
        };
        match &self.place {
            Place::Floating | Place::Chronology(_) => {}
            Place::Offset(w) => out.push_str(&written(w)),
            Place::Zone(z, w) => {
                if let Some(w) = w {
                    out.push_str(&written(w));
                }
                out.push('[');
                out.push_str(z.name());
                out.push(']');
            }
        }
        out
    }

    /// The zone named with the time or by the chronology, if any.
    pub fn zone(&self) -> Option<Zone> {
        match self.place {
            Place::Chronology(z) | Place::Zone(z, _) => Some(z),
            Place::Floating | Place::Offset(_) => None,
        }
    }
}

/// `+03:30`, `-05:00`, `+00:00`.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// How an offset is shown beside a time: `UTC` for zero, else `+03:30`.
pub fn offset_label(seconds: i32) -> String {
    if seconds == 0 {
        "UTC".into()
    } else {
        offset_text(seconds)
    }
}

fn naive(dt: DateTime) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(dt.year()),
        u32::try_from(dt.month()).ok()?,
        u32::try_from(dt.day()).ok()?,
    )
}

fn civil(day: NaiveDate, hour: u8, minute: u8, second: u8, millisecond: u16) -> Option<DateTime> {
    DateTime::new(
        i16::try_from(day.year()).ok()?,
        i8::try_from(day.month()).ok()?,
        i8::try_from(day.day()).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        i32::from(millisecond) * 1_000_000,
    )
    .ok()
}

/// Milliseconds since the Unix epoch of midnight UTC starting `day`.
pub fn utc_midnight(day: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (day - epoch).num_days() * 86_400_000
}

/// Milliseconds since the Unix epoch of the start of `day` in `zone` (UTC when none): where a
/// date without a time is placed.
pub fn day_start(day: NaiveDate, zone: Option<Zone>) -> i64 {
    let Some(zone) = zone else {
        return utc_midnight(day);
    };
    civil(day, 0, 0, 0, 0)
        .and_then(|dt| zone.tz().to_ambiguous_timestamp(dt).compatible().ok())
        .map_or_else(|| utc_midnight(day), Timestamp::as_millisecond)
}

/// Reads two ASCII digits at `at`.
fn two_digits(b: &[u8], at: usize) -> Option<u8> {
    match b.get(at..at + 2)? {
        [x, y] if x.is_ascii_digit() && y.is_ascii_digit() => Some((x - b'0') * 10 + (y - b'0')),
        _ => None,
    }
}

/// What the text after `T` says, before it is placed on the world's clock.
struct Scanned<'a> {
    hour: u8,
    minute: u8,
    second: Option<u8>,
    millisecond: Option<u16>,
    offset: Option<WrittenOffset>,
    /// Where the offset (or what follows the clock) begins.
    clock_end: usize,
    zone: Option<&'a str>,
}

/// Scans `hh:mm[:ss[.fff]][Z|±hh[:mm]][[zone]]`; `whole` is the full date text, for messages.
fn scan<'a>(s: &'a str, whole: &str) -> Result<Scanned<'a>, DateError> {
    let b = s.as_bytes();
    let bad = || DateError::NotATime(whole.to_string());
    let range = |field: &'static str, value: u8, max: u8| {
        if value > max {
            Err(DateError::OutOfRange {
                text: whole.to_string(),
                field,
                value,
                max,
            })
        } else {
            Ok(value)
        }
    };
    let hour = range("hour", two_digits(b, 0).ok_or_else(bad)?, 23)?;
    if b.get(2) != Some(&b':') {
        return Err(bad());
    }
    let minute = range("minute", two_digits(b, 3).ok_or_else(bad)?, 59)?;
    let mut at = 5;
    let mut second = None;
    let mut millisecond = None;
    if b.get(at) == Some(&b':') {
        second = Some(range("second", two_digits(b, at + 1).ok_or_else(bad)?, 59)?);
        at += 3;
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return Err(bad());
            }
            if digits > 3 {
                return Err(DateError::TooPrecise(whole.to_string()));
            }
            let text = &s[at + 1..at + 1 + digits];
            let value: u16 = text.parse().map_err(|_| bad())?;
            millisecond = Some(value * 10u16.pow(3 - u32::try_from(digits).unwrap_or(3)));
            at += 1 + digits;
        }
    }
    let clock_end = at;
    let offset = match b.get(at) {
        Some(b'Z') => {
            at += 1;
            Some(WrittenOffset {
                seconds: 0,
                form: OffsetForm::Zulu,
            })
        }
        Some(&sign @ (b'+' | b'-')) => {
            let hours = range("offset hour", two_digits(b, at + 1).ok_or_else(bad)?, 23)?;
            at += 3;
            let (minutes, form) = if b.get(at) == Some(&b':') {
                let m = range("offset minute", two_digits(b, at + 1).ok_or_else(bad)?, 59)?;
                at += 3;
                (m, OffsetForm::HoursMinutes)
            } else {
                (0, OffsetForm::Hours)
            };
            let magnitude = i32::from(hours) * 3600 + i32::from(minutes) * 60;
            Some(WrittenOffset {
                seconds: if sign == b'-' { -magnitude } else { magnitude },
                form,
            })
        }
        _ => None,
    };
    let zone = match b.get(at) {
        Some(b'[') => {
            let rest = &s[at + 1..];
            let close = rest.find(']').ok_or_else(bad)?;
            let name = rest[..close].strip_prefix('!').unwrap_or(&rest[..close]);
            at += close + 2;
            Some(name)
        }
        _ => None,
    };
    if at != b.len() {
        return Err(bad());
    }
    Ok(Scanned {
        hour,
        minute,
        second,
        millisecond,
        offset,
        clock_end,
        zone,
    })
}

/// Parses the text after `T` on `day` and places it: the time and its instant (milliseconds
/// since the Unix epoch). `context` is the chronology's zone; `whole` the full date text.
///
/// # Errors
/// A malformed or out-of-range field, an unknown zone, an offset its zone contradicts, a local
/// time that does not exist or happens twice.
pub fn parse(
    s: &str,
    day: NaiveDate,
    context: Option<Zone>,
    whole: &str,
) -> Result<(Time, i64), DateError> {
    let scanned = scan(s, whole)?;
    let (second, millisecond) = (
        scanned.second.unwrap_or(0),
        scanned.millisecond.unwrap_or(0),
    );
    let dt = civil(day, scanned.hour, scanned.minute, second, millisecond)
        .ok_or_else(|| DateError::NotATime(whole.to_string()))?;
    let zone = scanned
        .zone
        .map(|name| {
            Zone::named(name).ok_or_else(|| DateError::UnknownZone {
                text: whole.to_string(),
                zone: ZoneError::unknown(name),
            })
        })
        .transpose()?;
    let at_offset = |seconds: i32| {
        Offset::from_seconds(seconds)
            .and_then(|o| o.to_timestamp(dt))
            .map(Timestamp::as_millisecond)
            .map_err(|_| DateError::NotATime(whole.to_string()))
    };
    let (place, offset, at) = match (scanned.offset, zone) {
        (Some(w), None) => (Place::Offset(w), w.seconds, at_offset(w.seconds)?),
        (Some(w), Some(z)) => {
            let at = at_offset(w.seconds)?;
            let actual = Timestamp::from_millisecond(at)
                .map_or(w.seconds, |ts| z.tz().to_offset(ts).seconds());
            if actual != w.seconds {
                let date = &whole[..whole.len() - s.len()];
                let fixed = format!(
                    "{date}{}{}[{}]",
                    &s[..scanned.clock_end],
                    offset_text(actual),
                    z.name()
                );
                return Err(DateError::OffsetContradicts {
                    text: whole.to_string(),
                    zone: z.name(),
                    written: offset_text(w.seconds),
                    actual: offset_text(actual),
                    fixed,
                });
            }
            (Place::Zone(z, Some(w)), w.seconds, at)
        }
        (None, Some(z)) => {
            let (offset, at) = in_zone(dt, z, whole, s, true)?;
            (Place::Zone(z, None), offset, at)
        }
        (None, None) => match context {
            Some(z) => {
                let (offset, at) = in_zone(dt, z, whole, s, false)?;
                (Place::Chronology(z), offset, at)
            }
            None => (Place::Floating, 0, at_offset(0)?),
        },
    };
    let time = Time {
        hour: scanned.hour,
        minute: scanned.minute,
        second: scanned.second,
        millisecond: scanned.millisecond,
        place,
        offset,
    };
    Ok((time, at))
}

/// The offset and instant of the local time `dt` in `zone`, refusing a time the zone's clocks
/// skipped or showed twice. `bracketed` says whether the zone is written in the date (the
/// suggested fixes then keep it).
fn in_zone(
    dt: DateTime,
    zone: Zone,
    whole: &str,
    after_t: &str,
    bracketed: bool,
) -> Result<(i32, i64), DateError> {
    let tz: &TimeZone = zone.tz();
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    let local = format!("{:02}:{:02}", dt.hour(), dt.minute());
    let day = naive(dt)
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } => {
            let at = offset
                .to_timestamp(dt)
                .map_err(|_| DateError::NotATime(whole.to_string()))?;
            Ok((offset.seconds(), at.as_millisecond()))
        }
        AmbiguousOffset::Gap { before, after } => {
            // The transition: the instant at which the clock jumped from `before` to `after`.
            let (from, to) = before
                .to_timestamp(dt)
                .ok()
                .and_then(|t| t.checked_add(jiff::SignedDuration::from_secs(1)).ok())
                .and_then(|t| tz.preceding(t).next())
                .map(|tr| {
                    let at = tr.timestamp();
                    let show = |o: Offset| {
                        let d = o.to_datetime(at);
                        format!("{:02}:{:02}", d.hour(), d.minute())
                    };
                    (show(before), show(after))
                })
                .unwrap_or_default();
            Err(DateError::Gap(Box::new(Gap {
                text: whole.to_string(),
                zone: zone.name(),
                local,
                day,
                from,
                to,
                before: offset_text(before.seconds()),
                after: offset_text(after.seconds()),
                example: with_offset(whole, after_t, before.seconds(), false),
            })))
        }
        AmbiguousOffset::Fold { before, after } => {
            let with = |o: Offset| with_offset(whole, after_t, o.seconds(), bracketed);
            Err(DateError::Fold(Box::new(Fold {
                text: whole.to_string(),
                zone: zone.name(),
                local,
                day,
                earlier: offset_text(before.seconds()),
                later: offset_text(after.seconds()),
                first: with(before),
                second: with(after),
            })))
        }
    }
}

/// `whole` with `offset` written after its time, and its zone in brackets kept when
/// `keep_zone`, dropped otherwise.
fn with_offset(whole: &str, after_t: &str, offset: i32, keep_zone: bool) -> String {
    let date = &whole[..whole.len() - after_t.len()];
    let (clock, zone) = after_t.split_at(after_t.find('[').unwrap_or(after_t.len()));
    let zone = if keep_zone { zone } else { "" };
    format!("{date}{clock}{}{zone}", offset_text(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn place(s: &str, zone: Option<&str>) -> Result<(Time, i64), DateError> {
        let (d, t) = s.split_once('T').unwrap();
        parse(t, day(d), zone.and_then(Zone::named), s)
    }

    fn instant(s: &str) -> String {
        let (_, at) = place(s, None).unwrap();
        Timestamp::from_millisecond(at).unwrap().to_string()
    }

    #[test]
    fn offsets_and_zones_place_a_time_at_its_instant() {
        assert_eq!(instant("2024-01-03T14:45Z"), "2024-01-03T14:45:00Z");
        assert_eq!(instant("2024-01-03T14:45+03:30"), "2024-01-03T11:15:00Z");
        assert_eq!(instant("2024-01-03T14:45-05"), "2024-01-03T19:45:00Z");
        assert_eq!(
            instant("2024-01-03T14:45[Asia/Tehran]"),
            "2024-01-03T11:15:00Z"
        );
        assert_eq!(
            instant("2024-01-03T14:45+03:30[Asia/Tehran]"),
            "2024-01-03T11:15:00Z"
        );
        assert_eq!(
            instant("2024-01-03T14:45:30.25Z"),
            "2024-01-03T14:45:30.25Z"
        );
        // No zone anywhere: the wall clock, as if UTC.
        assert_eq!(instant("2024-01-03T14:45"), "2024-01-03T14:45:00Z");
    }

    #[test]
    fn the_chronology_zone_places_times_written_without_one() {
        let (t, at) = place("2024-01-03T14:45", Some("Asia/Tehran")).unwrap();
        assert_eq!(
            t.place,
            Place::Chronology(Zone::named("Asia/Tehran").unwrap())
        );
        assert_eq!(
            Timestamp::from_millisecond(at).unwrap().to_string(),
            "2024-01-03T11:15:00Z"
        );
        // A written offset wins over the chronology's zone.
        let (t, _) = place("2024-01-03T14:45-05:00", Some("Asia/Tehran")).unwrap();
        assert!(matches!(t.place, Place::Offset(_)));
    }

    #[test]
    fn out_of_range_fields_are_named() {
        let field = |s: &str| match place(s, None) {
            Err(DateError::OutOfRange { field, .. }) => field,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(field("2024-01-03T24:00"), "hour");
        assert_eq!(field("2024-01-03T14:60"), "minute");
        assert_eq!(field("2024-01-03T14:45:60"), "second");
        assert_eq!(field("2024-01-03T14:45+24:00"), "offset hour");
        assert_eq!(field("2024-01-03T14:45+03:75"), "offset minute");
    }

    #[test]
    fn malformed_times_are_refused() {
        for bad in [
            "2024-01-03T",
            "2024-01-03T1445",
            "2024-01-03T14",
            "2024-01-03T14:5",
            "2024-01-03T14:45:3",
            "2024-01-03T14:45+0330",
            "2024-01-03T14:45[Asia/Tehran",
            "2024-01-03T14:45 UTC",
            "2024-01-03T14:45z",
            "2024-01-03T14:45:30.",
        ] {
            assert!(place(bad, None).is_err(), "{bad}");
        }
        assert!(matches!(
            place("2024-01-03T14:45:30.1234", None),
            Err(DateError::TooPrecise(_))
        ));
    }

    #[test]
    fn an_offset_its_zone_contradicts_names_both() {
        match place("2024-01-03T14:45+04:30[Asia/Tehran]", None) {
            Err(DateError::OffsetContradicts {
                written, actual, ..
            }) => {
                assert_eq!((written.as_str(), actual.as_str()), ("+04:30", "+03:30"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_skipped_local_time_names_the_transition() {
        match place("2024-03-31T02:30[Europe/Paris]", None) {
            Err(DateError::Gap(g)) => {
                assert_eq!(
                    (
                        g.from.as_str(),
                        g.to.as_str(),
                        g.before.as_str(),
                        g.after.as_str()
                    ),
                    ("02:00", "03:00", "+01:00", "+02:00")
                );
            }
            other => panic!("{other:?}"),
        }
        // The chronology's zone is checked alike.
        assert!(matches!(
            place("2024-03-10T02:30", Some("America/New_York")),
            Err(DateError::Gap(_))
        ));
    }

    #[test]
    fn a_repeated_local_time_offers_both_offsets() {
        match place("2024-10-27T02:30[Europe/Paris]", None) {
            Err(DateError::Fold(f)) => {
                assert_eq!((f.earlier.as_str(), f.later.as_str()), ("+02:00", "+01:00"));
                assert_eq!(f.first, "2024-10-27T02:30+02:00[Europe/Paris]");
                assert_eq!(f.second, "2024-10-27T02:30+01:00[Europe/Paris]");
                assert!(place(&f.first, None).is_ok() && place(&f.second, None).is_ok());
            }
            other => panic!("{other:?}"),
        }
        match place("2024-10-27T02:30", Some("Europe/Paris")) {
            Err(DateError::Fold(f)) => assert_eq!(f.first, "2024-10-27T02:30+02:00"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_zones_suggest_the_closest() {
        match place("2024-01-03T14:45[Asia/Teheran]", None) {
            Err(DateError::UnknownZone { zone, .. }) => {
                assert_eq!(zone.closest.first(), Some(&"Asia/Tehran"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn readings_convert_and_shift_days() {
        let (t, at) = place("2024-01-03T23:30-05:00", None).unwrap();
        let utc = t.reading(day("2024-01-03"), at, &Clock::zone(Zone::utc()));
        assert_eq!((utc.day, utc.hour, utc.minute), (day("2024-01-04"), 4, 30));
        assert_eq!(utc.offset, Some(0));
        let written = t.reading(day("2024-01-03"), at, &Clock::AsWritten);
        assert_eq!((written.day, written.hour), (day("2024-01-03"), 23));
        // A floating time stays as written.
        let (t, at) = place("2024-01-03T23:30", None).unwrap();
        let r = t.reading(day("2024-01-03"), at, &Clock::zone(Zone::utc()));
        assert_eq!((r.day, r.hour, r.offset), (day("2024-01-03"), 23, None));
    }

    #[test]
    fn edtf_writes_the_time_back_as_written() {
        for s in [
            "2024-01-03T14:45",
            "2024-01-03T14:45:30Z",
            "2024-01-03T14:45-05",
            "2024-01-03T14:45:30.250+03:30",
            "2024-01-03T14:45[Asia/Tehran]",
            "2024-01-03T14:45+03:30[Asia/Tehran]",
        ] {
            let (d, _) = s.split_once('T').unwrap();
            let (time, _) = place(s, None).unwrap();
            assert_eq!(format!("{d}{}", time.edtf()), s);
        }
    }
}
