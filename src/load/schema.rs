//! The YAML file's shape, mirrored as serde structs, and the parser's options.
//!
//! serde-saphyr is known only inside `load`: here (the mirror structs and options), in
//! [`super::limits`] (its budget), where [`super`] and [`super::parallel`] call the parser, in
//! [`super::syntax`], which words its errors, and in [`super::tree`], which reads a file
//! schema-free with positions for the edits. Nothing outside the module sees it.
//!
//! Fields that are required by the schema are still `Option` here: a missing title is reported
//! by validation, together with every other problem, instead of stopping the parse at the
//! first. Unknown fields are refused (`deny_unknown_fields`) so that a typo like `actor:` never
//! passes silently.
//!
//! Every value is read as an [`At`], generic over what it remembers of where it came from: a
//! semantic problem found later (an unknown actor, an impossible date) must point at the line
//! and column of the offending value ([`Located`]), but asking the parser for positions costs a
//! third of the parse. Loading therefore reads without them first ([`Unlocated`]) and reads
//! again with them only when that first pass found something to report.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, Options, Spanned};

use super::limits;

/// What a parsed value remembers of its place in the file.
pub trait Position: Copy + Default + Send + Sync + 'static {
    /// Reads a value and, where this kind keeps one, its position.
    ///
    /// # Errors
    /// The deserializer's, unchanged.
    fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<(T, Self), D::Error>;

    /// 1-based line and column, when known.
    fn get(self) -> Option<(u64, u64)>;

    /// Moves the position down by `by` lines: a piece of the file parsed on its own (see
    /// `parallel`) counts lines from the piece's start.
    #[must_use]
    fn shifted(self, by: u32) -> Self;

    /// Adjusts the parser's options for this kind of reading.
    fn tune(options: &mut Options);
}

/// The parser's options for reading `len` bytes with positions of kind `P`.
pub(super) fn options<P: Position>(len: usize) -> Options {
    let mut options = Options::default();
    options.budget = Some(limits::budget(len));
    options.with_snippet = false;
    P::tune(&mut options);
    options
}

/// Line and column, read through `serde_saphyr::Spanned`.
///
/// `Spanned` keeps two full locations (where a value is used and where it is defined, with byte
/// spans): 56 bytes per value. A 100,000-event file has millions of values, so only these 8
/// bytes are kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub line: u32,
    pub column: u32,
}

impl Position for Located {
    fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<(T, Self), D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let at = Located {
            line: clamp(spanned.referenced.line()),
            column: clamp(spanned.referenced.column()),
        };
        Ok((spanned.value, at))
    }

    fn get(self) -> Option<(u64, u64)> {
        Some((u64::from(self.line), u64::from(self.column)))
    }

    fn shifted(self, by: u32) -> Self {
        Located {
            line: self.line.saturating_add(by),
            column: self.column,
        }
    }

    /// The parser's defaults: duplicate keys are refused with their position, merge keys
    /// (`<<`) merged.
    fn tune(_: &mut Options) {}
}

/// No position: the fast first reading of a file that is expected to be valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unlocated;

impl Position for Unlocated {
    fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<(T, Self), D::Error> {
        Ok((T::deserialize(deserializer)?, Unlocated))
    }

    fn get(self) -> Option<(u64, u64)> {
        None
    }

    fn shifted(self, _: u32) -> Self {
        self
    }

    /// Duplicate keys pass through to serde, whose derived structs (every mapping of the schema
    /// is one) refuse a repeated field anyway; the parser then keeps no set of each mapping's
    /// keys, a sixth of its work. Merge keys are refused. Either refusal only sends the file to
    /// the reading with positions, which handles both as the README says; this reading never
    /// accepts a file that one refuses (a test holds it to that).
    fn tune(options: &mut Options) {
        options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
        options.merge_keys = MergeKeyPolicy::Error;
    }
}

/// A value with what it remembers of where it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T, P> {
    pub value: T,
    pub at: P,
}

impl<T, P: Position> At<T, P> {
    /// 1-based line and column, when known.
    pub fn pos(&self) -> Option<(u64, u64)> {
        self.at.get()
    }
}

/// In the JSON Schema a positioned value is its value: the position is the parser's.
impl<T: JsonSchema, P> JsonSchema for At<T, P> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>, P: Position> Deserialize<'de> for At<T, P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (value, at) = P::read(deserializer)?;
        Ok(At { value, at })
    }
}

pub type Text<P> = At<String, P>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Chronology", bound = "")]
/// A sourceline chronology: dated events, each citing passages of its sources.
pub struct FileDoc<P> {
    /// The chronology's title.
    pub title: Option<Text<P>>,
    /// The IANA zone of times written without an offset or zone, and where days begin.
    pub timezone: Option<Text<P>>,
    /// The documents the events cite.
    #[serde(default)]
    pub sources: Vec<At<SourceDoc<P>, P>>,
    /// Who takes part in the events.
    #[serde(default)]
    pub actors: Vec<At<ActorDoc<P>, P>>,
    /// Named spans of time: context, not claims (write them before `events:`).
    #[serde(default)]
    pub periods: Vec<At<PeriodDoc<P>, P>>,
    /// The dated events, each citing its sources.
    #[serde(default)]
    pub events: Vec<At<EventDoc<P>, P>>,
}

/// A named span of time; no citations (it is context, not a claim).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Period", bound = "")]
pub struct PeriodDoc<P> {
    /// Unique among periods, `[a-z0-9-]+`.
    pub id: Option<Text<P>>,
    pub title: Option<Text<P>>,
    /// Any date; usually an interval, open ends allowed (`2023-10-07/..`).
    pub date: Option<Text<P>>,
    /// What the dates rest on.
    pub note: Option<Text<P>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Source", bound = "")]
pub struct SourceDoc<P> {
    /// Unique, `[a-z0-9-]+`: what citations name in `source:`.
    pub id: Option<Text<P>>,
    pub title: Option<Text<P>>,
    pub publisher: Option<Text<P>>,
    #[serde(default)]
    pub authors: Vec<Text<P>>,
    /// When it was published, in the events' date syntax.
    pub date: Option<Text<P>>,
    /// Where the document is published, an archived copy, and when it was read there.
    pub url: Option<Text<P>>,
    pub archived: Option<Text<P>>,
    pub accessed: Option<Text<P>>,
    /// The file, relative to the chronology: UTF-8 text, a web page or a PDF.
    pub path: Option<Text<P>>,
    /// How the file is read (`text`, `html`, `pdf`); else told from its name and first bytes.
    pub format: Option<Text<P>>,
    /// The SHA-256 of the file the citations were checked against (see `fingerprint`).
    pub sha256: Option<Text<P>>,
    /// How reliable the source is judged: a letter of the Admiralty scale, `A`–`F`.
    pub reliability: Option<Text<P>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Actor", bound = "")]
pub struct ActorDoc<P> {
    /// Unique, `[a-z0-9-]+`: what events name in `actors:`.
    pub id: Option<Text<P>>,
    pub name: Option<Text<P>>,
    /// Free text: state, armed group, person, media…
    pub kind: Option<Text<P>>,
    /// Other names the actor goes by.
    #[serde(default)]
    pub aliases: Vec<Text<P>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Event", bound = "")]
pub struct EventDoc<P> {
    /// Unique, `[a-z0-9-]+`: what other events name in `related:`.
    pub id: Option<Text<P>>,
    /// EDTF-style: `2024-01-03`, `2018-05~` (approximate), `2021-01/2022-09`, `../2024-01-02`,
    /// `2024-01-03T14:45+03:30[Asia/Tehran]`.
    pub date: Option<Text<P>>,
    pub title: Option<Text<P>>,
    /// Ids from `actors`.
    #[serde(default)]
    pub actors: Vec<Text<P>>,
    pub summary: Option<Text<P>>,
    #[serde(default)]
    pub tags: Vec<Text<P>>,
    /// Ids of other events.
    #[serde(default)]
    pub related: Vec<Text<P>>,
    /// The passages of sources the event rests on: at least one, unless it is a draft.
    pub citations: Option<Citations<P>>,
    /// Work in progress: may lack citations and a date until the author supplies them.
    #[serde(default)]
    pub draft: bool,
    /// Pages and media about the event, not evidence.
    #[serde(default)]
    pub links: Vec<At<LinkDoc<P>, P>>,
}

/// A web page or media about an event (a web timeline slide's `media`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Link", bound = "")]
pub struct LinkDoc<P> {
    /// An absolute `http` or `https` address.
    pub url: Option<Text<P>>,
    pub caption: Option<Text<P>>,
    pub credit: Option<Text<P>>,
}

/// The JSON Schema (draft 2020-12) of a chronology file, from these very types: what
/// `sourceline schema` prints, and where completion finds the field names of each level.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with_transform(schemars::transform::RecursiveTransform(any_scalar))
        .into_generator();
    generator
        .into_root_schema_for::<FileDoc<Unlocated>>()
        .to_value()
}

/// Widens each text field to any scalar: the loader reads a plain `date: 1979` or
/// `title: true` as the text written, so a schema that wanted a JSON string would flag files
/// that load.
fn any_scalar(schema: &mut Schema) {
    let Some(kind) = schema.get_mut("type") else {
        return;
    };
    let mut kinds: Vec<serde_json::Value> = match &*kind {
        serde_json::Value::Array(list) => list.clone(),
        one => vec![one.clone()],
    };
    if !kinds.iter().any(|k| k == "string") {
        return;
    }
    for extra in ["number", "boolean"] {
        if !kinds.iter().any(|k| k == extra) {
            kinds.insert(1, extra.into());
        }
    }
    *kind = serde_json::Value::Array(kinds);
}

/// An event's `citations:` list, itself positioned (an empty list is reported where it is).
pub type Citations<P> = At<Vec<At<CitationDoc<P>, P>>, P>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Citation", bound = "")]
pub struct CitationDoc<P> {
    /// The id of a source.
    pub source: Option<Text<P>>,
    /// The passage, as the source has it (quote marks, dashes and spacing may differ).
    pub quote: Option<Text<P>>,
    /// The text just before the quote, when the quote occurs more than once.
    pub prefix: Option<Text<P>>,
    pub note: Option<Text<P>>,
    /// `supports` (when absent), `contradicts` or `context`.
    pub stance: Option<Text<P>>,
    /// What a reviewer recorded; absent: not reviewed.
    pub review: Option<At<ReviewDoc<P>, P>>,
}

/// A citation's `review:`, which sourceline writes when a reviewer presses `m` or `M`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound = "P: Position")]
#[schemars(rename = "Review", bound = "")]
pub struct ReviewDoc<P> {
    /// `verified` or `disputed`.
    pub status: Option<Text<P>>,
    /// Who reviewed the citation.
    pub by: Option<Text<P>>,
    /// The day of the review, `YYYY-MM-DD`.
    pub on: Option<Text<P>>,
    /// The source file's SHA-256 when it was reviewed: a review of another version is stale.
    pub sha256: Option<Text<P>>,
    /// Why it was disputed, or anything the reviewer noted.
    pub note: Option<Text<P>>,
}

/// Moving positions down by a number of lines: a piece of the file parsed on its own (see
/// `parallel`) reports lines relative to the piece.
pub(super) trait ShiftLines {
    fn shift_lines(&mut self, by: u32);
}

impl ShiftLines for String {
    fn shift_lines(&mut self, _: u32) {}
}

impl<T: ShiftLines, P: Position> ShiftLines for At<T, P> {
    fn shift_lines(&mut self, by: u32) {
        self.at = self.at.shifted(by);
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

impl<P: Position> ShiftLines for EventDoc<P> {
    fn shift_lines(&mut self, by: u32) {
        self.id.shift_lines(by);
        self.date.shift_lines(by);
        self.title.shift_lines(by);
        self.actors.shift_lines(by);
        self.summary.shift_lines(by);
        self.tags.shift_lines(by);
        self.related.shift_lines(by);
        self.citations.shift_lines(by);
        self.links.shift_lines(by);
    }
}

impl<P: Position> ShiftLines for LinkDoc<P> {
    fn shift_lines(&mut self, by: u32) {
        self.url.shift_lines(by);
        self.caption.shift_lines(by);
        self.credit.shift_lines(by);
    }
}

impl<P: Position> ShiftLines for CitationDoc<P> {
    fn shift_lines(&mut self, by: u32) {
        self.source.shift_lines(by);
        self.quote.shift_lines(by);
        self.prefix.shift_lines(by);
        self.note.shift_lines(by);
        self.stance.shift_lines(by);
        self.review.shift_lines(by);
    }
}

impl<P: Position> ShiftLines for ReviewDoc<P> {
    fn shift_lines(&mut self, by: u32) {
        self.status.shift_lines(by);
        self.by.shift_lines(by);
        self.on.shift_lines(by);
        self.sha256.shift_lines(by);
        self.note.shift_lines(by);
    }
}
