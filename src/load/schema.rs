//! The YAML file's shape, mirrored as serde structs: the only place that knows serde-saphyr.
//!
//! Ids, dates and references carry their position (`At`) so a semantic problem found later (an unknown actor,
//! an impossible date) still points at the line and column of the offending value. Fields that
//! are required by the schema are still `Option` here: a missing title is reported by
//! validation, together with every other problem, instead of stopping the parse at the first.
//! Unknown fields are refused (`deny_unknown_fields`) so that a typo like `actor:` never passes
//! silently.

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// A value with the line and column it was read from.
///
/// `serde_saphyr::Spanned` keeps two full locations (where a value is used and where it is
/// defined, with byte spans): 56 bytes per value. A 100,000-event file has millions of values,
/// so each is read as `Spanned` and kept as this 8-byte position instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(At {
            line: clamp(spanned.referenced.line()),
            column: clamp(spanned.referenced.column()),
            value: spanned.value,
        })
    }
}

pub type Text = At<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDoc {
    pub title: Option<Text>,
    #[serde(default)]
    pub sources: Vec<At<SourceDoc>>,
    #[serde(default)]
    pub actors: Vec<At<ActorDoc>>,
    #[serde(default)]
    pub events: Vec<At<EventDoc>>,
    /// Further events, in order after `events`, when the list was parsed in pieces on several
    /// threads (see `parallel`); kept as pieces so the list is never copied into one buffer.
    #[serde(skip)]
    pub more_events: Vec<Vec<At<EventDoc>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub publisher: Option<Text>,
    #[serde(default)]
    pub authors: Vec<Text>,
    pub date: Option<Text>,
    pub path: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDoc {
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDoc {
    pub id: Option<Text>,
    pub date: Option<Text>,
    pub title: Option<Text>,
    #[serde(default)]
    pub actors: Vec<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub related: Vec<Text>,
    pub citations: Option<At<Vec<At<CitationDoc>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationDoc {
    pub source: Option<Text>,
    pub quote: Option<Text>,
    pub prefix: Option<Text>,
    pub note: Option<Text>,
}

/// Moving positions down by a number of lines: a piece of the file parsed on its own (see
/// `parallel`) reports lines relative to the piece.
pub(super) trait ShiftLines {
    fn shift_lines(&mut self, by: u32);
}

impl ShiftLines for String {
    fn shift_lines(&mut self, _: u32) {}
}

impl<T: ShiftLines> ShiftLines for At<T> {
    fn shift_lines(&mut self, by: u32) {
        self.line = self.line.saturating_add(by);
        self.value.shift_lines(by);
    }
}

impl<T: ShiftLines> ShiftLines for Option<T> {
    fn shift_lines(&mut self, by: u32) {
        if let Some(v) = self {
            v.shift_lines(by);
        }
    }
}

impl<T: ShiftLines> ShiftLines for Vec<T> {
    fn shift_lines(&mut self, by: u32) {
        for v in self {
            v.shift_lines(by);
        }
    }
}

impl ShiftLines for EventDoc {
    fn shift_lines(&mut self, by: u32) {
        self.id.shift_lines(by);
        self.date.shift_lines(by);
        self.title.shift_lines(by);
        self.actors.shift_lines(by);
        self.summary.shift_lines(by);
        self.tags.shift_lines(by);
        self.related.shift_lines(by);
        self.citations.shift_lines(by);
    }
}

impl ShiftLines for CitationDoc {
    fn shift_lines(&mut self, by: u32) {
        self.source.shift_lines(by);
        self.quote.shift_lines(by);
        self.prefix.shift_lines(by);
        self.note.shift_lines(by);
    }
}
