//! TimelineJS → chronology: `sourceline import FILE.json|FILE.csv`.
//!
//! Decisions:
//! - **Every slide becomes a draft event** (`draft: true`): a slide cites no source, so it has
//!   no verified citation yet. The chronology's `sources:` and `actors:` are empty lists; the
//!   author adds the documents and cites them, and `check --strict` says what is left.
//! - **Ids** come from `unique_id`, else from the headline, made to fit `a-z0-9-` (accents
//!   dropped: `Rózsa Péter` → `rozsa-peter`) and unique (`-2`, `-3` …); `slide-N` when neither
//!   gives a letter or digit.
//! - **`group` becomes a tag**, not an actor. A TimelineJS group is a row label: often a theme
//!   ("Politics", "Music"), sometimes a person. An actor is a claim that someone acts in the
//!   event, which a verifying tool should not make from a display label; a tag claims nothing,
//!   the tag filter shows the same rows, and `export timelinejs --group-by tag` gives them back.
//! - **Text is plain**: HTML is read into text (`html`), links keeping their address in
//!   words. **Media** becomes the event's first `links:` entry (url, caption, credit), when its
//!   address is an absolute `http(s)` one; **eras** become `periods:`.
//! - **Dates** keep their precision and hold years 0 to 9999 (`dates` says why); a slide
//!   whose date the model cannot hold is imported undated, with a message naming it.
//! - **Nothing is dropped silently.** Every field met is counted with what became of it
//!   ([`Tally`]); what has no place in a chronology (a background, a time of day, a thumbnail)
//!   is kept as a YAML comment beside its event. Only unsafe content is not kept: link targets
//!   other than `http(s)`/`mailto`, script and style code, control characters, each counted.
//! - **The file is untrusted**: named limits ([`limits`]) on size, nesting, slides and text;
//!   invalid UTF-8 is refused with its offset; every reader is linear in its input.
//! - **The result is checked**: the YAML written is loaded by the loader before it is returned,
//!   so what `import` writes is what `check` accepts.

mod csv;
mod dates;
mod era;
mod event;
mod html;
mod ids;
mod json;
pub mod limits;
mod plan;
mod planned;
mod tally;
mod yaml;

use std::fmt;
use std::path::Path;

use crate::load::{self, Input, LoadOptions, MemorySources};

pub use tally::{Outcome, Tally};

use dates::RawDate;

/// The two forms TimelineJS data comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TimelineJS 3 JSON.
    Json,
    /// The Google Sheets template, downloaded as CSV.
    Csv,
}

impl Format {
    /// By the file's extension (`.json`, `.csv`), else by its first character: JSON starts
    /// with `{`.
    pub fn of(path: &Path, bytes: &[u8]) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => {
                let first = bytes
                    .iter()
                    .copied()
                    .find(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF));
                if matches!(first, Some(b'{' | b'[')) {
                    Format::Json
                } else {
                    Format::Csv
                }
            }
        }
    }
}

/// Why a file cannot be imported: a sentence to follow the file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// A chronology made from a TimelineJS file, and the account of how.
#[derive(Debug)]
pub struct Imported {
    /// The chronology, as YAML that `check` accepts.
    pub yaml: String,
    /// `TimelineJS 3 JSON` or `TimelineJS sheet (CSV)`.
    pub kind: &'static str,
    pub events: usize,
    pub periods: usize,
    /// Every field met and what became of it.
    pub tally: Tally,
    /// One sentence per slide that needs the author's eye (a date the model cannot hold, a
    /// missing headline …), naming the slide.
    pub notices: Vec<String>,
}

/// Reads `bytes` (named `name` in messages and in the chronology's opening comment) as
/// TimelineJS data of the given format.
///
/// # Errors
/// A sentence saying why the file cannot be imported: not UTF-8, not TimelineJS 3 (a
/// TimelineJS 2 file is named as such), over a named limit, or without a slide.
pub fn import(name: &str, bytes: &[u8], format: Format) -> Result<Imported, ImportError> {
    if bytes.len() > limits::MAX_IMPORT_BYTES {
        return Err(ImportError(format!(
            "is {} bytes, over the limit of {} bytes for an import",
            bytes.len(),
            limits::MAX_IMPORT_BYTES
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ImportError(format!(
            "is not UTF-8 text (byte {} is not valid); save it as UTF-8 and import it again",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut tally = Tally::default();
    let timeline = match format {
        Format::Json => json::read(text, &mut tally)?,
        Format::Csv => csv::read(text, &mut tally)?,
    };
    let kind = timeline.kind;
    let mut notices = Vec::new();
    let plan = plan::plan(timeline, name, &mut tally, &mut notices)?;
    let timed = plan.events.iter().filter(|e| e.has_floating_time()).count();
    if timed > 0 {
        notices.push(format!(
            "{timed} event{} a time of day, written without a zone (TimelineJS has none): the times take the chronology's `timezone:`; set it at the top of the file to the zone they were written in (e.g. `timezone: America/New_York`), or `check --strict` names each",
            if timed == 1 { " has" } else { "s have" }
        ));
    }
    let yaml = yaml::write(&plan, name, kind);
    let checked = Input::text(name, &yaml, &MemorySources(&[]));
    if let Err(problems) = load::load(checked, &LoadOptions::default()).result {
        return Err(ImportError(format!(
            "could not be imported: the chronology made from it does not pass `check` (please report this as a bug):\n{problems}"
        )));
    }
    Ok(Imported {
        yaml,
        kind,
        events: plan.events.len(),
        periods: plan.periods.len(),
        tally,
        notices,
    })
}

/// A TimelineJS file as read, before it becomes a chronology: the slides with their fields as
/// written (text still HTML), whatever the file's form.
#[derive(Debug, Default)]
struct Timeline {
    kind: &'static str,
    names: Names,
    title: Option<Slide>,
    slides: Vec<Slide>,
    eras: Vec<Slide>,
    /// Top-level fields kept as comments.
    comments: Vec<String>,
    /// What the reader noticed about a slide, for the author.
    notices: Vec<String>,
}

/// How the file's form names each field, for the tally: JSON keys or sheet columns.
#[derive(Debug, Default, Clone, Copy)]
struct Names {
    /// Before each field of an event, of the title slide, of an era: `events[].`, `title row: `.
    events: &'static str,
    title: &'static str,
    eras: &'static str,
    /// How messages name an event's slide and an era: `slide`, `row`, `era`.
    slide: &'static str,
    era: &'static str,
    unique_id: &'static str,
    start: &'static str,
    end: &'static str,
    display_date: &'static str,
    headline: &'static str,
    text: &'static str,
    media_url: &'static str,
    media_caption: &'static str,
    media_credit: &'static str,
    group: &'static str,
}

/// One slide, title slide, era or sheet row.
#[derive(Debug, Default)]
struct Slide {
    /// 1-based: its place in `events` or `eras`, or its row in the sheet; 0 for the title
    /// slide of a JSON file.
    number: usize,
    unique_id: Option<String>,
    start: Option<RawDate>,
    end: Option<RawDate>,
    display_date: Option<String>,
    headline: Option<String>,
    text: Option<String>,
    media: Option<Media>,
    group: Option<String>,
    /// Fields with no place in a chronology, as `name: value`, for a comment.
    comments: Vec<String>,
}

#[derive(Debug, Default)]
struct Media {
    url: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}
