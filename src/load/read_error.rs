//! Why a chronology or a source could not be read, as a value the loader can match.
//!
//! The problem list used to get a sentence and guess its help from words in it (`UTF-8`,
//! `leads outside`); a path with those words in it got the wrong help. Each reason is now a
//! variant, and its `Display` is the sentence the problem list has always shown. The error is
//! `Clone` because one file named by several sources shares its result, so an I/O error is
//! kept as its kind and words ([`IoReason`]) rather than as the `io::Error`.

use std::fmt::{self, Write as _};
use std::io;
use std::path::PathBuf;

use crate::extract::{ExtractError, Format};

/// Why a file could not be read. Each message follows the file's name in a problem
/// (`source file "a.txt" does not exist`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// A source written as an absolute path.
    #[error("is an absolute path; write it relative to the chronology file")]
    Absolute,
    /// The path leads to nothing that can be resolved.
    #[error("{reason} (looked for {})", looked_for.display())]
    Unresolved {
        reason: IoReason,
        looked_for: PathBuf,
    },
    /// A source that resolves outside every folder sources may be read in.
    #[error(
        "leads outside the chronology's folder and project (to {}; sources may be read only inside {})",
        real.display(),
        folders(roots)
    )]
    Outside { real: PathBuf, roots: Vec<PathBuf> },
    /// The chronology named is a link whose target cannot be resolved.
    #[error("is a link that leads nowhere: its target {0}")]
    LinkNowhere(IoReason),
    /// The chronology named is a link to a file outside where a source of it could be.
    #[error(
        "is a link to {}, outside the folder and project that hold the link; nothing of it was read (name the file itself, or pass --allow-sources-in {} to follow the link)",
        real.display(),
        real.parent().unwrap_or(real).display()
    )]
    LinkOutside { real: PathBuf },
    /// A FIFO, socket or device, named by [`crate::file_kind::describe`].
    #[error("is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error("is a directory, not a file")]
    Directory,
    /// Larger than `limit` bytes when measured.
    #[error("is {len} bytes, over the limit of {limit} bytes")]
    TooLarge { len: u64, limit: u64 },
    /// Grew past `limit` bytes while it was read.
    #[error("is over the limit of {limit} bytes")]
    GrewPastLimit { limit: u64 },
    /// Not UTF-8: the first invalid byte is at `offset`.
    #[error("is not UTF-8 text (invalid byte at offset {offset}); convert it to UTF-8")]
    NotUtf8 { offset: usize },
    /// A source that says `format: text` whose bytes are not UTF-8 and look like another
    /// format (a PDF, a web page) from their first bytes.
    #[error(
        "is not UTF-8 text (invalid byte at offset {offset}); it looks like {}, but the source says `format: text`",
        what(*looks)
    )]
    NotTextButLooks { offset: usize, looks: Format },
    /// The bytes could not be read as the source's format (a damaged or encrypted PDF, a file
    /// past a limit): the reader's reason, which says what to do.
    #[error("cannot be read: {0}")]
    Extract(ExtractError),
    /// A PDF with no text at all: every page is a picture (a scan), or it has no pages.
    #[error("{}", no_text(*pages, textless))]
    NoText { pages: usize, textless: Vec<u32> },
    /// Opening or reading failed.
    #[error("{0}")]
    Io(IoReason),
    /// A source in memory that is not there.
    #[error("no such source is embedded")]
    NotEmbedded,
    /// The file would take the sources of one load past their budget, so it was not read.
    #[error("{}", over_budget(*len, *total, *budget, read_before, *more))]
    OverBudget {
        len: u64,
        total: u64,
        budget: u64,
        /// The largest files read before it, as their sources wrote them, with their sizes.
        read_before: Vec<(String, u64)>,
        /// How many more were read before it than `read_before` names.
        more: usize,
    },
}

/// An I/O error as its kind and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoReason {
    kind: io::ErrorKind,
    words: String,
}

impl IoReason {
    #[must_use]
    pub fn kind(&self) -> io::ErrorKind {
        self.kind
    }
}

impl From<&io::Error> for IoReason {
    fn from(e: &io::Error) -> Self {
        Self {
            kind: e.kind(),
            words: e.to_string(),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        Self::Io(IoReason::from(&e))
    }
}

impl fmt::Display for IoReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            io::ErrorKind::NotFound => f.write_str("does not exist"),
            io::ErrorKind::PermissionDenied => f.write_str("cannot be read: permission denied"),
            _ => write!(f, "cannot be read: {}", self.words),
        }
    }
}

/// A format as a message names what a file of it is.
fn what(format: Format) -> &'static str {
    match format {
        Format::Pdf => "a PDF",
        Format::Html => "a web page",
        Format::Text => "text",
    }
}

fn no_text(pages: usize, textless: &[u32]) -> String {
    match pages {
        0 => "has no text to quote: the PDF has no pages".to_string(),
        1 => {
            "has no text to quote: its one page has no text layer (it is a picture, such as a scan)"
                .to_string()
        }
        n if textless.len() == n => format!(
            "has no text to quote: none of its {n} pages ({}) has a text layer (they are pictures, such as scans)",
            super::pages::page_list(textless)
        ),
        n => format!(
            "has no text to quote: of its {n} pages, {} {} no text layer and the others are blank",
            super::pages::pages_named(textless),
            if textless.len() == 1 { "has" } else { "have" }
        ),
    }
}

fn folders(roots: &[PathBuf]) -> String {
    if roots.is_empty() {
        return "no folder".to_string();
    }
    let roots: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    roots.join(", ")
}

fn over_budget(len: u64, total: u64, budget: u64, before: &[(String, u64)], more: usize) -> String {
    let mut why = format!(
        "is not read: it is {len} bytes, and with the sources read before it that makes {total}, over the limit of {budget} bytes for all sources together"
    );
    if !before.is_empty() {
        let named: Vec<String> = before
            .iter()
            .map(|(path, len)| format!("\"{path}\" ({len} bytes)"))
            .collect();
        why.push_str(" (read before it: ");
        why.push_str(&named.join(", "));
        if more > 0 {
            let _ = write!(why, " and {more} more");
        }
        why.push(')');
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::sources::{Reading, read_text};
    use crate::load::{Input, LoadOptions, MemorySources, SourceReader, load};

    #[test]
    fn a_file_that_is_not_utf8_says_where_as_a_variant_and_in_the_old_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"caf\xe9").unwrap();
        let why = read_text(&path, 100, Reading::RegularOnly).unwrap_err();
        assert_eq!(why, ReadError::NotUtf8 { offset: 3 });
        assert_eq!(
            why.to_string(),
            "is not UTF-8 text (invalid byte at offset 3); convert it to UTF-8"
        );
        let why = read_text(&dir.path().join("none.txt"), 100, Reading::AnyFile).unwrap_err();
        assert!(
            matches!(&why, ReadError::Io(r) if r.kind() == io::ErrorKind::NotFound),
            "{why:?}"
        );
        assert_eq!(why.to_string(), "does not exist");
        let why = read_text(&path, 2, Reading::AnyFile).unwrap_err();
        assert_eq!(why, ReadError::TooLarge { len: 4, limit: 2 });
    }

    /// Says the path `UTF-8 notes.txt` is missing: its help must not be about converting text,
    /// which the old guess from the words of the message gave.
    struct Missing;

    impl SourceReader for Missing {
        fn read(&self, _path: &str) -> Result<Vec<u8>, ReadError> {
            Err(ReadError::Unresolved {
                reason: IoReason::from(&io::Error::from(io::ErrorKind::NotFound)),
                looked_for: PathBuf::from("UTF-8 notes.txt"),
            })
        }
    }

    #[test]
    fn the_help_follows_the_reason_not_words_in_the_path() {
        let yaml =
            "title: t\nsources:\n  - id: s\n    title: S\n    path: UTF-8 notes.txt\nevents: []\n";
        let problems = load(
            Input::text("c.yaml", yaml, &Missing),
            &LoadOptions::default(),
        )
        .result
        .unwrap_err();
        let problem = problems
            .0
            .iter()
            .find(|p| p.message.contains("UTF-8 notes.txt"))
            .expect("the missing source is a problem");
        assert_eq!(
            problem.message,
            "source file \"UTF-8 notes.txt\" does not exist (looked for UTF-8 notes.txt)"
        );
        let help = problem.help.as_deref().unwrap_or_default();
        assert!(help.starts_with("source paths are relative"), "{help}");
        // Sources in memory still say so.
        assert_eq!(
            MemorySources(&[]).read("x").unwrap_err(),
            ReadError::NotEmbedded
        );
    }
}
