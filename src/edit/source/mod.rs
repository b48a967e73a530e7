//! `source add`: a document the chronology may cite, made into a new entry under `sources:`
//! and written as every write is.
//!
//! Three steps, each its own piece. [`document`] reads the file the author names, as the
//! loader will: only where the chronology may cite it (its folder, its project, or an
//! `--allow-sources-in` folder), only a regular file, within the loader's size limit, and only
//! if its text can be read in its format; it gives the entry's path (relative to the
//! chronology's folder, with `/`), its `sha256:` (of the bytes as they are, as `check --pin`
//! writes it), its format and what the document says of itself ([`crate::extract::metadata`]).
//! [`NewSource`] is the entry, with an id unique among the sources. [`add_source`] finds where
//! it goes by the parser's positions (after the last source, in the list's own indentation;
//! into an empty `sources: []`; or a new `sources:` key after `title:`), as a patch by byte
//! range, and reads the patched text back (`readback`) before anything is written.
//!
//! `format:` is written only when the loader would not read the file as it is meant to be
//! read: when the author names a format, or the first bytes say HTML or PDF where the
//! extension says otherwise (`report.html` that is a PDF).

pub mod document;
mod place;
mod readback;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

pub use document::{Document, read_document};
pub use place::{add_source, existing};

use super::cite::{unique, words_id, yaml_id};
use crate::extract::Format;
use crate::yaml::double_quoted;

/// A source entry to add. See the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSource {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    /// As a chronology writes a date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).
    pub date: Option<String>,
    /// Relative to the chronology's folder, with `/` between folders.
    pub path: String,
    /// Written only when the loader would read the file otherwise.
    pub format: Option<Format>,
    /// Lowercase hex, as `sha256sum` prints it.
    pub sha256: String,
}

/// Why an id given with `--id` cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "id \"{}\" has characters other than a-z, 0-9 and -; use lowercase letters, digits and hyphens, e.g. `bbc-kerman`",
        crate::text::sanitize(.0)
    )]
    Characters(String),
    #[error(
        "there is already a source \"{0}\" in {1}; nothing was written (choose another --id, or leave it out for one made from the file's name)"
    )]
    Taken(String, String),
}

/// Whether `id` is one the loader accepts: `a-z`, `0-9` and `-`, not empty.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The id for a new source: `given` when it is valid and free (`file` names the chronology in
/// the refusal), else one made from the document's file name (`stem`), made unique.
///
/// # Errors
/// The given id is not one the loader accepts, or a source has it.
pub fn choose_id(
    given: Option<&str>,
    stem: &str,
    taken: &[String],
    file: &str,
) -> Result<String, IdError> {
    let taken_by = |id: &str| taken.iter().any(|t| t == id);
    match given {
        Some(id) if !valid_id(id) => Err(IdError::Characters(id.to_string())),
        Some(id) if taken_by(id) => Err(IdError::Taken(id.to_string(), file.to_string())),
        Some(id) => Ok(id.to_string()),
        None => {
            let base = words_id(stem, usize::MAX).unwrap_or_else(|| "source".to_string());
            Ok(unique(base, &taken_by))
        }
    }
}

impl NewSource {
    /// The fields in the order they are written, each with its value as the file holds it
    /// (unquoted).
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut fields = vec![("id", self.id.as_str()), ("title", self.title.as_str())];
        if let Some(p) = &self.publisher {
            fields.push(("publisher", p));
        }
        if let Some(d) = &self.date {
            fields.push(("date", d));
        }
        fields.push(("path", &self.path));
        if let Some(f) = self.format {
            fields.push(("format", f.label()));
        }
        fields.push(("sha256", &self.sha256));
        fields
    }

    /// The entry as a YAML list item: `dash` before the `-`, `keys` before each key after the
    /// first, lines ended by `newline`. Texts are double-quoted ([`double_quoted`]), so no
    /// title can be read as YAML structure; the id, format and digest are written bare.
    pub fn yaml_item(&self, dash: &str, keys: &str, newline: &str) -> String {
        let gap = " ".repeat(keys.len().saturating_sub(dash.len() + 1).max(1));
        let mut out = String::new();
        for (i, (key, value)) in self.fields().into_iter().enumerate() {
            let value = match key {
                "id" => yaml_id(value),
                "format" | "sha256" => value.to_string(),
                _ => double_quoted(value),
            };
            let lead = if i == 0 {
                format!("{dash}-{gap}")
            } else {
                keys.to_string()
            };
            let _ = write!(out, "{lead}{key}: {value}{newline}");
        }
        out
    }
}
