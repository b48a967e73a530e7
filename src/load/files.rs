//! The source files of one load: each read once, however many sources name it, read as each
//! format asked of it once, and all of them within one budget.
//!
//! A chronology may cite one document under several ids (two editions, two translations of a
//! quote), and a hostile one may name a file of hundreds of megabytes a dozen times. Every
//! source naming a file already read shares its text: same file by device and inode (or
//! canonical path), as the [`SourceReader`] tells it, so `a.txt`, `./a.txt` and a link to it are
//! one file. The files together may hold at most [`MAX_TOTAL_SOURCE_BYTES`] (their own bytes,
//! not the text read from them); a file that would pass that is not read, and its source gets
//! a problem that names what was read before it.
//!
//! A file's bytes are held only while it is read: the sources say up front what they will ask
//! of it ([`SourceFiles::expect`]: which format, whether its fingerprint), so its first reading
//! extracts each format asked for ([`extract_source`], once per file and format), takes the
//! digest if any source has a `sha256:`, and drops the bytes. A source asking for something
//! not announced has the file read again (the budget counts it once).
//!
//! One `SourceFiles` serves both readings of a file (without positions, then with them when
//! the first finds a problem), so the second reads nothing again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::extraction::extract_source;
use super::fingerprint::sha256_hex;
use super::limits::MAX_TOTAL_SOURCE_BYTES;
use super::read_error::ReadError;
use super::sources::{FileKey, SourceReader};
use crate::extract::{ExtractError, Format, Origin};
use crate::model::Page;

/// Files named in a budget message, at most (then "and N more").
const NAMED: usize = 4;

/// A source file read as one format: what every source naming it that way shares.
#[derive(Debug)]
pub(in crate::load) struct SourceText {
    pub(in crate::load) text: Arc<String>,
    pub(in crate::load) format: Format,
    pub(in crate::load) pages: Arc<Vec<Page>>,
    /// PDF pages with no text at all (scanned pages, pictures).
    pub(in crate::load) textless: Vec<u32>,
    /// The way back to the original file (an HTML page's lines), for a citation's `line`.
    pub(in crate::load) origin: Origin,
}

impl SourceText {
    /// The line of the original file where reader-text byte `at` came from, for a web page
    /// (where it differs from the reader text's lines); `None` for other formats.
    pub(in crate::load) fn original_line(&self, at: usize) -> Option<usize> {
        (self.format == Format::Html)
            .then(|| self.origin.line(&self.text, at))
            .flatten()
    }
}

/// What reading a source gave.
#[derive(Debug)]
pub(in crate::load) struct Read {
    pub(in crate::load) text: Arc<SourceText>,
    /// The SHA-256 of the file's bytes, when it was asked for (`None` too for a source shown
    /// already, whose fingerprint is not checked again).
    pub(in crate::load) digest: Option<String>,
}

/// The sources of one load, read through a [`SourceReader`] (see the module documentation).
pub(super) struct SourceFiles<'r> {
    reader: &'r dyn SourceReader,
    /// Bytes the files may hold together.
    budget: u64,
    /// Take every file's digest, asked for or not: the chronology has reviews, which are
    /// stale when their source's digest is not the one reviewed.
    every_digest: bool,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// What reading each file gave, by file.
    by_key: HashMap<FileKey, File>,
    /// What the sources will ask, announced before any is read.
    expected: Vec<Ask>,
    /// Each file read, as the first source naming it wrote it, and its size.
    files: Vec<(String, u64)>,
    total: u64,
}

/// What a source asks of its file: its path as written, the format it names (`None`: as the
/// file's name and first bytes say), whether it needs the digest; and which file that is.
#[derive(Clone)]
struct Ask {
    path: String,
    format: Option<Format>,
    digest: bool,
    key: Option<FileKey>,
}

/// What one file gave.
#[derive(Default)]
struct File {
    /// Why its bytes could not be read, if they could not.
    unread: Option<ReadError>,
    digest: Option<String>,
    /// The format its first bytes look like, for a path whose extension names none.
    sniffed: Option<Format>,
    texts: Vec<(Format, Result<Arc<SourceText>, ReadError>)>,
}

impl<'r> SourceFiles<'r> {
    pub(super) fn new(reader: &'r dyn SourceReader) -> Self {
        Self::with_budget(reader, MAX_TOTAL_SOURCE_BYTES)
    }

    fn with_budget(reader: &'r dyn SourceReader, budget: u64) -> Self {
        SourceFiles {
            reader,
            budget,
            every_digest: false,
            state: RefCell::default(),
        }
    }

    /// Takes every file's digest when `yes` (see [`SourceFiles::every_digest`]).
    pub(super) fn taking_every_digest(mut self, yes: bool) -> Self {
        self.every_digest = yes;
        self
    }

    pub(super) fn progress(&self) -> Option<&Arc<super::LoadProgress>> {
        self.reader.progress()
    }

    /// Announces that a source will ask for the file at `path` as `format` (`None`: as told
    /// from the file), and, when `digest`, for its fingerprint.
    pub(super) fn expect(&self, path: &str, format: Option<Format>, digest: bool) {
        let digest = digest || self.every_digest;
        let key = self.reader.identify(path).map(|i| i.key);
        self.state.borrow_mut().expected.push(Ask {
            path: path.to_string(),
            format,
            digest,
            key,
        });
    }

    /// The source at `path` (as written) read as `format` (`None`: as told from the file),
    /// with the file's digest when `digest`; its text is shared with every other source that
    /// reads the same file the same way.
    ///
    /// # Errors
    /// Why it was not read: the reader's reason, the budget for all sources, or why the bytes
    /// are not a readable file of the format.
    pub(super) fn read(
        &self,
        path: &str,
        format: Option<Format>,
        digest: bool,
    ) -> Result<Read, ReadError> {
        let digest = digest || self.every_digest;
        if let Some(shown) = self.reader.shown(path) {
            return Ok(Read {
                text: Arc::new(SourceText {
                    text: shown.text,
                    format: shown.format,
                    pages: shown.pages,
                    textless: Vec::new(),
                    origin: Origin::None,
                }),
                digest: shown.sha256,
            });
        }
        let identity = self.reader.identify(path);
        let ask = Ask {
            path: path.to_string(),
            format,
            digest,
            key: identity.as_ref().map(|i| i.key.clone()),
        };
        let mut state = self.state.borrow_mut();
        if let Some(file) = identity.as_ref().and_then(|i| state.by_key.get_mut(&i.key)) {
            if let Some(why) = &file.unread {
                return Err(why.clone());
            }
            if let Some(answer) = file.answer(&ask) {
                return answer;
            }
            // Not announced: the bytes again, counted once already.
            let bytes = self.reader.read(path)?;
            file.fill(&bytes, std::slice::from_ref(&ask));
            return file.answer(&ask).unwrap_or(Err(ReadError::NotEmbedded));
        }
        if let Some(identity) = &identity {
            state.within_budget(identity.len, self.budget)?;
        }
        let bytes = match self.reader.read(path) {
            Ok(bytes) => bytes,
            Err(why) => {
                if let Some(identity) = identity {
                    let file = File {
                        unread: Some(why.clone()),
                        ..File::default()
                    };
                    state.by_key.insert(identity.key, file);
                }
                return Err(why);
            }
        };
        // The file may have grown since it was measured.
        state.within_budget(bytes.len() as u64, self.budget)?;
        state.total += bytes.len() as u64;
        state.files.push((path.to_string(), bytes.len() as u64));
        let mut asks: Vec<Ask> = state
            .expected
            .iter()
            .filter(|a| a.key.is_some() && a.key == ask.key)
            .cloned()
            .collect();
        asks.push(ask.clone());
        let mut file = File::default();
        file.fill(&bytes, &asks);
        drop(bytes);
        let answer = file.answer(&ask).unwrap_or(Err(ReadError::NotEmbedded));
        if let Some(identity) = identity {
            state.by_key.insert(identity.key, file);
        }
        answer
    }
}

impl File {
    /// Reads `bytes` as each of `asks` wants what this file has not yet given.
    fn fill(&mut self, bytes: &[u8], asks: &[Ask]) {
        let sniffed = *self.sniffed.get_or_insert_with(|| Format::sniff(bytes));
        for ask in asks {
            let format = ask
                .format
                .unwrap_or_else(|| Format::from_extension(Path::new(&ask.path)).unwrap_or(sniffed));
            if !self.texts.iter().any(|(f, _)| *f == format) {
                let read = read_as(bytes, format, &ask.path).map(Arc::new);
                self.texts.push((format, read));
            }
            if ask.digest && self.digest.is_none() {
                self.digest = Some(sha256_hex(bytes));
            }
        }
    }

    /// What this file gives `ask`, when it has it all.
    fn answer(&self, ask: &Ask) -> Option<Result<Read, ReadError>> {
        let format = match ask.format {
            Some(format) => format,
            None => Format::from_extension(Path::new(&ask.path)).or(self.sniffed)?,
        };
        let text = match &self.texts.iter().find(|(f, _)| *f == format)?.1 {
            Ok(text) => Arc::clone(text),
            Err(why) => return Some(Err(why.clone())),
        };
        if ask.digest && self.digest.is_none() {
            return None;
        }
        Some(Ok(Read {
            text,
            digest: self.digest.clone(),
        }))
    }
}

/// `bytes` read as `format`, or why not: bytes that are not UTF-8 keep the words a text
/// source always had, and a PDF without any text is refused here (its citations could only
/// fail, one problem each).
fn read_as(bytes: &[u8], format: Format, path: &str) -> Result<SourceText, ReadError> {
    let extracted = extract_source(bytes, format, path).map_err(|e| match e {
        ExtractError::NotUtf8 { offset } => match Format::sniff(bytes) {
            Format::Text => ReadError::NotUtf8 { offset },
            looks => ReadError::NotTextButLooks { offset, looks },
        },
        other => ReadError::Extract(other),
    })?;
    let pages = extracted.pages().to_vec();
    let textless = extracted.textless_pages().to_vec();
    let format = extracted.format();
    let (text, origin) = extracted.into_text_and_origin();
    if format == Format::Pdf && text.trim().is_empty() {
        return Err(ReadError::NoText {
            pages: pages.len(),
            textless,
        });
    }
    Ok(SourceText {
        text: Arc::new(text),
        format,
        pages: Arc::new(pages),
        textless,
        origin,
    })
}

impl State {
    /// Whether a file of `len` bytes more keeps the sources within their budget; if not, why.
    fn within_budget(&self, len: u64, budget: u64) -> Result<(), ReadError> {
        let total = self.total.saturating_add(len);
        if total <= budget {
            return Ok(());
        }
        let mut largest = self.files.clone();
        largest.sort_by_key(|(_, len)| std::cmp::Reverse(*len));
        largest.truncate(NAMED);
        Err(ReadError::OverBudget {
            len,
            total,
            budget,
            more: self.files.len() - largest.len(),
            read_before: largest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::sources::Identity;
    use std::cell::Cell;
    use std::path::PathBuf;

    /// Files in memory, counting how often each is read.
    struct Counted {
        /// (path, file, text)
        files: Vec<(&'static str, &'static str, &'static str)>,
        reads: Cell<usize>,
    }

    impl SourceReader for Counted {
        fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
            self.reads.set(self.reads.get() + 1);
            let (_, _, text) = self
                .files
                .iter()
                .find(|(p, _, _)| *p == path)
                .ok_or(ReadError::NotEmbedded)?;
            Ok(text.as_bytes().to_vec())
        }

        fn identify(&self, path: &str) -> Option<Identity> {
            let (_, file, text) = self.files.iter().find(|(p, _, _)| *p == path)?;
            Some(Identity {
                key: FileKey::Path(PathBuf::from(file)),
                len: text.len() as u64,
            })
        }
    }

    #[test]
    fn a_file_named_by_several_sources_is_read_once_and_shared() {
        let reader = Counted {
            files: vec![
                ("a.txt", "a", "text a"),
                ("./a.txt", "a", "text a"),
                ("b.txt", "b", "b"),
            ],
            reads: Cell::new(0),
        };
        let files = SourceFiles::new(&reader);
        let first = files.read("a.txt", None, false).unwrap();
        let again = files.read("./a.txt", None, false).unwrap();
        assert!(Arc::ptr_eq(&first.text, &again.text));
        assert_eq!(reader.reads.get(), 1);
        files.read("b.txt", None, false).unwrap();
        assert_eq!(reader.reads.get(), 2);
    }

    #[test]
    fn a_file_asked_for_in_two_formats_and_its_digest_is_read_once() {
        const PAGE: &str = "<!doctype html><p>a &amp; b</p>";
        let reader = Counted {
            files: vec![("page.html", "p", PAGE), ("copy.txt", "p", PAGE)],
            reads: Cell::new(0),
        };
        let files = SourceFiles::new(&reader);
        files.expect("page.html", None, false);
        files.expect("copy.txt", Some(Format::Text), true);
        let html = files.read("page.html", None, false).unwrap();
        assert_eq!(html.text.format, Format::Html);
        assert_eq!(html.text.text.as_str(), "a & b");
        let text = files.read("copy.txt", Some(Format::Text), true).unwrap();
        assert_eq!(text.text.text.as_str(), PAGE);
        assert_eq!(text.digest, Some(sha256_hex(PAGE)), "of the bytes");
        assert_eq!(reader.reads.get(), 1);
        // Something not announced reads the bytes again, and costs nothing more.
        let pdf = files.read("page.html", Some(Format::Pdf), false);
        assert!(matches!(pdf, Err(ReadError::Extract(_))), "{:?}", pdf.err());
        assert_eq!(reader.reads.get(), 2);
        assert_eq!(files.state.borrow().total, PAGE.len() as u64);
    }

    #[test]
    fn files_past_the_budget_are_not_read_and_the_message_names_the_others() {
        let reader = Counted {
            files: vec![
                ("one.txt", "1", "0123456789"),
                ("two.txt", "2", "01234"),
                ("again.txt", "1", "0123456789"),
                ("three.txt", "3", "0123456789"),
                ("small.txt", "4", "0"),
            ],
            reads: Cell::new(0),
        };
        let files = SourceFiles::with_budget(&reader, 20);
        files.read("one.txt", None, false).unwrap();
        files.read("two.txt", None, false).unwrap();
        // The same file again costs nothing more.
        files.read("again.txt", None, false).unwrap();
        let why = files.read("three.txt", None, false).err().unwrap();
        assert_eq!(reader.reads.get(), 2, "refused before it is read");
        assert!(
            matches!(&why, ReadError::OverBudget { len: 10, total: 25, budget: 20, more: 0, read_before } if read_before.len() == 2),
            "{why:?}"
        );
        assert_eq!(
            why.to_string(),
            "is not read: it is 10 bytes, and with the sources read before it that makes 25, over the limit of 20 bytes for all sources together (read before it: \"one.txt\" (10 bytes), \"two.txt\" (5 bytes))"
        );
        // What still fits is read.
        files.read("small.txt", None, false).unwrap();
    }
}
