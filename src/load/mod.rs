//! File → `Chronology`, or every problem found.
//!
//! Loading runs in three steps, each collecting problems rather than stopping at the first:
//! parse the YAML into the mirror structs of [`schema`] (a syntax error or a misspelt field ends
//! this step, with its line and column), validate and resolve every reference
//! ([`validate`]), then anchor every quote in its source ([`crate::anchor`]). A large file goes
//! through the first two steps in pieces, on all cores ([`parallel`]). All use of the
//! YAML crate stays in this module, so swapping parsers is a one-module change.

mod limits;
mod parallel;
mod problem;
mod schema;
#[cfg(test)]
mod tests;
mod validate;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use limits::{MAX_FILE_BYTES, MAX_SOURCE_BYTES};
pub use problem::{Problem, Problems};

use crate::model::Chronology;
use parallel::InPieces;
use schema::{Located, Position, Unlocated};

/// How the loader reads the source documents a chronology names.
pub trait SourceReader {
    /// The text of the source at `path` (as written in the chronology).
    ///
    /// # Errors
    /// A sentence saying why it cannot be read, for the problem list.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// Reads sources from disk, relative to the chronology file's folder.
///
/// A chronology from elsewhere must not make the viewer display arbitrary files of the reader
/// (`path: ../../.ssh/id_ed25519`), so a source must lie inside the chronology's folder or the
/// current directory (which lets `data/x.yaml` cite `../seeds/` when run from the project), and
/// absolute paths are refused.
pub struct DiskSources {
    pub base: PathBuf,
    /// Folders a source may be in (canonical).
    pub roots: Vec<PathBuf>,
}

impl DiskSources {
    /// Sources next to (or below) the chronology at `base`, or below the current directory.
    pub fn new(base: PathBuf) -> Self {
        let mut roots = Vec::new();
        let base_dir = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        roots.extend(fs::canonicalize(&base_dir).ok());
        roots.extend(
            std::env::current_dir()
                .ok()
                .and_then(|d| fs::canonicalize(d).ok()),
        );
        Self { base, roots }
    }
}

impl SourceReader for DiskSources {
    fn read(&self, path: &str) -> Result<String, String> {
        if Path::new(path).is_absolute() {
            return Err(
                "is an absolute path; write it relative to the chronology file".to_string(),
            );
        }
        let full = self.base.join(path);
        let real = fs::canonicalize(&full)
            .map_err(|e| format!("{} (looked for {})", io_reason(&e), full.display()))?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(format!(
                "leads outside the chronology's folder and the current directory (to {}); keep sources beside the chronology",
                real.display()
            ));
        }
        read_text(&real, MAX_SOURCE_BYTES)
    }
}

/// Sources held in memory (the embedded chronology, tests), looked up by their written path.
pub struct MemorySources<'a>(pub &'a [(&'a str, &'a str)]);

impl SourceReader for MemorySources<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| (*text).to_string())
            .ok_or_else(|| "no such source is embedded".to_string())
    }
}

/// Reads a whole UTF-8 file with a size limit, explaining failures in words.
fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a file".into());
    }
    if meta.len() > limit {
        return Err(format!(
            "is {} bytes, over the limit of {limit} bytes",
            meta.len()
        ));
    }
    // Sized up front: growing by doubling would briefly hold the file twice over.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!("is over the limit of {limit} bytes"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); convert it to UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".into(),
        _ => format!("cannot be read: {e}"),
    }
}

/// Loads a chronology file from disk; its sources are read relative to its folder.
///
/// # Errors
/// Every problem found, each with file, position, entity and field where known.
pub fn load_file(path: &Path) -> Result<Chronology, Problems> {
    let name = path.display().to_string();
    let yaml =
        read_text(path, MAX_FILE_BYTES).map_err(|why| Problems(vec![Problem::new(&name, why)]))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_str(&name, &yaml, &DiskSources::new(base))
}

fn strip_bom(yaml: &str) -> &str {
    yaml.strip_prefix('\u{FEFF}').unwrap_or(yaml)
}

/// Loads a chronology from YAML text. `name` is how messages refer to the file.
///
/// The file is read first without the position of each value, which costs a third of the
/// parse and is needed only to point at problems; only when that reading finds one is the file
/// read again with positions, for messages that point at every problem.
///
/// # Errors
/// Every problem found, each with file, position, entity and field where known.
pub fn load_str(
    name: &str,
    yaml: &str,
    sources: &dyn SourceReader,
) -> Result<Chronology, Problems> {
    let yaml = strip_bom(yaml);
    if yaml.trim().is_empty() {
        return Err(Problems(vec![
            Problem::new(name, "the file is empty").help(
                "a chronology needs `title`, `sources`, `actors` and `events`; see the README",
            ),
        ]));
    }
    let mut unparsed = false;
    let fast = match parallel::load::<Unlocated>(name, yaml, sources) {
        InPieces::Loaded(result) => result,
        InPieces::Whole => load_whole::<Unlocated>(name, yaml, sources),
        InPieces::Unparsed => {
            // Most likely a syntax error, which the pieces would hit again: only the whole
            // file, read with positions, can report it.
            unparsed = true;
            Err(Problems(Vec::new()))
        }
    };
    fast.or_else(|_| {
        if !unparsed
            && let InPieces::Loaded(result) = parallel::load::<Located>(name, yaml, sources)
        {
            return result;
        }
        load_whole::<Located>(name, yaml, sources)
    })
}

/// Loads with positions of kind `P`, in one parse of the whole file.
fn load_whole<P: Position>(
    name: &str,
    yaml: &str,
    sources: &dyn SourceReader,
) -> Result<Chronology, Problems> {
    let doc = parse::<P>(name, yaml).map_err(|p| Problems(vec![*p]))?;
    validate::build(name, doc, sources)
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
        Err(e) => Err(Box::new(yaml_problem(name, yaml, &e))),
    }
}

/// Turns a serde-saphyr error into a problem, naming the entity it occurred in when the text
/// makes that clear.
fn yaml_problem(name: &str, yaml: &str, e: &serde_saphyr::Error) -> Problem {
    let location = e.location();
    let position = location.map(|l| (l.line(), l.column()));
    let mut message = e.without_snippet().to_string();
    if let Some(limit) = limits::describe_breach(&message, yaml.len()) {
        message = format!("refused: {limit}");
    } else if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    // serde-saphyr speaks to programmers here; the user has no options to set.
    if let Some(cut) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(cut);
    }
    let line_text = position.and_then(|(line, _)| {
        yaml.lines()
            .nth(usize::try_from(line).ok()?.checked_sub(1)?)
    });
    // The key on the offending line, when it is a `key: value` line.
    let key = line_text.and_then(|l| {
        let (key, value) = l.trim_start().trim_start_matches("- ").split_once(':')?;
        let key = key.trim();
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| (key.to_string(), value.trim().to_string()))
    });
    // A value where a list belongs is the one case where the line tells the field.
    let (help, field) = if message.contains("expected sequence start") {
        match key {
            Some((key, value)) => (
                format!(
                    "`{key}` takes a list: write `{key}: [{value}]`, or one `- item` per line below it"
                ),
                Some(key),
            ),
            None => (
                "this field takes a list: write `[a, b]`, or one `- item` per line".to_string(),
                None,
            ),
        }
    } else {
        let help = if message.contains("unknown field") {
            "check the spelling of the field; the accepted ones are listed above"
        } else if message.contains("missing field") {
            "add the field"
        } else if message.starts_with("refused: ") {
            "the file exceeds a safety limit of the loader (see \"Input limits\" in the README)"
        } else if message.contains("duplicate mapping key") {
            "remove one of the two keys"
        } else {
            "fix the YAML at that position"
        };
        (help.to_string(), None)
    };
    let entity = position.and_then(|(line, _)| validate::entity_around(yaml, line));
    let problem = Problem::new(name, message)
        .at(position)
        .entity(entity)
        .help(help);
    match field {
        Some(field) => problem.field(&field),
        None => problem,
    }
}

/// Path of a chronology given on the command line, or `None` for the embedded one.
pub fn display_name(path: Option<&Path>) -> String {
    path.map_or_else(
        || crate::embedded::NAME.to_string(),
        |p| p.display().to_string(),
    )
}
