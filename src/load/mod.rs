//! A file, the embedded chronology or text → `Chronology`, or every problem found, through the
//! one entry [`load`] (see [`input`] for what it takes and gives back).
//!
//! Loading runs in three steps, each collecting problems rather than stopping at the first:
//! parse the YAML into the mirror structs of [`schema`] (a syntax error or a misspelt field ends
//! this step, with its line and column, worded by [`syntax`]), validate and resolve every
//! reference ([`validate`]), then anchor every quote in its source ([`crate::anchor`]). A large
//! file goes through the first two steps in pieces, on all cores ([`parallel`], with the thread
//! helper of [`threads`]). All use of the YAML crate stays in this module, so swapping parsers
//! is a one-module change.

mod extraction;
mod files;
pub mod fingerprint;
pub mod fix;
pub mod incremental;
mod input;
mod layout;
mod limits;
mod locate;
mod pages;
mod parallel;
pub mod pin;
mod progress;
mod read_error;
mod schema;
pub mod snapshot;
mod sources;
mod syntax;
#[cfg(test)]
mod tests;
mod threads;
pub mod tree;
mod validate;

use std::path::{Path, PathBuf};

pub use crate::problem::{Problem, Problems};
pub(crate) use extraction::use_extraction_cache;
pub use incremental::{Change, Reloadable, Reloaded, reload, reload_streamed};
pub use input::{Input, LoadOptions, Loaded, load};
pub use limits::{MAX_FILE_BYTES, MAX_SOURCE_BYTES};
pub use locate::{citation_positions, event_line};
pub use progress::LoadProgress;
pub use read_error::ReadError;
pub use schema::json_schema;
pub use snapshot::Snapshots;
pub use sources::{
    DiskSources, Identity, MemorySources, PROJECT_MARKER, Reading, Shown, ShownSources,
    SourceReader, confine_chronology, home, read_text,
};

use crate::model::Chronology;
use files::SourceFiles;
use parallel::InPieces;
use schema::{Located, Position, Unlocated};

/// How the sources of the chronology at `path` are read from disk.
pub fn disk_sources(path: &Path, allowed: &[PathBuf]) -> DiskSources {
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    DiskSources::new(base, allowed)
}

fn strip_bom(yaml: &str) -> &str {
    yaml.strip_prefix('\u{FEFF}').unwrap_or(yaml)
}

/// Loads a chronology from YAML text, for [`load`]. `name` is how messages refer to the file.
///
/// The file is read first without the position of each value, which costs a third of the
/// parse and is needed only to point at problems; only when that reading finds one is the file
/// read again with positions, for messages that point at every problem.
///
/// # Errors
/// Every problem found, each with file, position, entity and field where known.
#[cfg(test)]
fn load_str(name: &str, yaml: &str, sources: &dyn SourceReader) -> Result<Chronology, Problems> {
    load_str_with(name, yaml, sources, false)
}

/// [`load_str`], taking every source's digest when `digests` (see [`LoadOptions::digests`]).
fn load_str_with(
    name: &str,
    yaml: &str,
    sources: &dyn SourceReader,
    digests: bool,
) -> Result<Chronology, Problems> {
    load_str_keeping(name, yaml, sources, digests, false).map(|(chronology, _)| chronology)
}

/// [`load_str_with`], also giving what a load without problems leaves for a reload when
/// `keep` ([`incremental`]).
fn load_str_keeping(
    name: &str,
    yaml: &str,
    sources: &dyn SourceReader,
    digests: bool,
    keep: bool,
) -> Result<WithKept, Problems> {
    load_keeping(
        name,
        &mut Text::Borrowed(yaml),
        sources,
        digests,
        keep,
        false,
    )
}

/// [`load_str_keeping`] of a text the caller gives up: a load without problems drops it once
/// the events are parsed and checked, before they are put in order and the chronology built,
/// which is when a load's memory peaks (at 100,000 events the text is 60 MB of it). Gives the
/// text back when it was not dropped (the load has problems).
///
/// `has_problems`: the text is known to have problems (a reading without positions found
/// them), so it is read with positions alone.
fn load_string_keeping(
    name: &str,
    yaml: String,
    sources: &dyn SourceReader,
    digests: bool,
    has_problems: bool,
) -> (Result<WithKept, Problems>, Option<String>) {
    let mut text = Text::Owned(Some(yaml));
    let result = load_keeping(name, &mut text, sources, digests, true, has_problems);
    (result, text.into_owned())
}

/// A chronology loaded, with what it leaves for a reload when asked.
type WithKept = (Chronology, Option<validate::Kept>);

/// A text to load: borrowed, or owned and dropped when [`validate::finish_releasing`] says it
/// is no longer needed.
enum Text<'a> {
    Borrowed(&'a str),
    Owned(Option<String>),
}

impl Text<'_> {
    /// The text; empty once released, when nothing reads it again.
    fn get(&self) -> &str {
        match self {
            Self::Borrowed(text) => text,
            Self::Owned(text) => text.as_deref().unwrap_or_default(),
        }
    }

    fn release(&mut self) {
        if let Self::Owned(text) = self {
            *text = None;
        }
    }

    /// The text given, when it was owned and is not released.
    fn into_owned(self) -> Option<String> {
        match self {
            Self::Borrowed(_) => None,
            Self::Owned(text) => text,
        }
    }
}

/// [`load_str_keeping`] of `text`, released as [`validate::finish_releasing`] allows; read with
/// positions alone when `has_problems` (see [`load_string_keeping`]).
fn load_keeping(
    name: &str,
    text: &mut Text<'_>,
    sources: &dyn SourceReader,
    digests: bool,
    keep: bool,
    has_problems: bool,
) -> Result<WithKept, Problems> {
    let yaml = strip_bom(text.get());
    if yaml.trim().is_empty() {
        return Err(Problems(vec![
            Problem::new(name, "the file is empty").help(
                "a chronology needs `title`, `sources`, `actors` and `events`; see the README",
            ),
        ]));
    }
    // Both readings share the files read: the second reads none again.
    // A review is stale when its source's digest is not the one reviewed, so a file with
    // reviews has every source's digest taken: a look for the key costs far less than hashing
    // files that have none.
    let sources = &SourceFiles::new(sources).taking_every_digest(digests || has_reviews(yaml));
    let mut unparsed = false;
    let fast = if has_problems {
        Err(Problems(Vec::new()))
    } else {
        match parallel::parse::<Unlocated>(name, yaml, sources) {
            // Parsed and checked piece by piece: the rest needs nothing of the text, which goes
            // once the file proves to have no problems.
            parallel::Parsed::Pieces(head, runs) => {
                validate::finish_releasing(name, *head, runs, keep, &mut || text.release())
            }
            parallel::Parsed::Whole => load_whole::<Unlocated>(name, yaml, sources, keep),
            parallel::Parsed::Unparsed => {
                // Most likely a syntax error, which the pieces would hit again: only the whole
                // file, read with positions, can report it.
                unparsed = true;
                Err(Problems(Vec::new()))
            }
        }
    };
    // Only a load with problems reads the text again, and then it was not released.
    let yaml = strip_bom(text.get());
    fast.or_else(|_| {
        if !unparsed
            && let InPieces::Loaded(result) = parallel::load::<Located>(name, yaml, sources, false)
        {
            return *result;
        }
        load_whole::<Located>(name, yaml, sources, false)
    })
}

/// Whether the file may hold a citation's `review:` (a false yes only costs hashing).
fn has_reviews(yaml: &str) -> bool {
    yaml.contains("review")
}

/// Loads with positions of kind `P`, in one parse of the whole file.
fn load_whole<P: Position>(
    name: &str,
    yaml: &str,
    sources: &SourceFiles<'_>,
    keep: bool,
) -> Result<(Chronology, Option<validate::Kept>), Problems> {
    let doc = parse::<P>(name, yaml).map_err(|p| Problems(vec![*p]))?;
    validate::build(name, doc, sources, keep)
}

fn parse<P: Position>(name: &str, yaml: &str) -> Result<schema::FileDoc<P>, Box<Problem>> {
    let options = schema::options::<P>(yaml.len());
    match serde_saphyr::from_str_with_options::<Option<schema::FileDoc<P>>>(yaml, options) {
        Ok(Some(doc)) => Ok(doc),
        Ok(None) => Err(Box::new(
            Problem::new(name, "the file holds no YAML document, only comments").help(
                "a chronology needs `title`, `sources`, `actors` and `events`; see the README",
            ),
        )),
        Err(e) => Err(Box::new(syntax::yaml_problem(name, yaml, &e))),
    }
}
