//! The source files of one load: each read once, however many sources name it, and all of
//! them within one budget.
//!
//! A chronology may cite one document under several ids (two editions, two translations of a
//! quote), and a hostile one may name a file of hundreds of megabytes a dozen times. Every
//! source naming a file already read shares its text: same file by device and inode (or
//! canonical path), as the [`SourceReader`] tells it, so `a.txt`, `./a.txt` and a link to it are
//! one file. The files together may hold at most [`MAX_TOTAL_SOURCE_BYTES`]; a file that would
//! pass that is not read, and its source gets a problem that names what was read before it.
//!
//! One `SourceFiles` serves both readings of a file (without positions, then with them when
//! the first finds a problem), so the second reads nothing again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::limits::MAX_TOTAL_SOURCE_BYTES;
use super::read_error::ReadError;
use super::sources::{FileKey, SourceReader};

/// Files named in a budget message, at most (then "and N more").
const NAMED: usize = 4;

/// The sources of one load, read through a [`SourceReader`] (see the module documentation).
pub(super) struct SourceFiles<'r> {
    reader: &'r dyn SourceReader,
    /// Bytes the files may hold together.
    budget: u64,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// What reading each file gave, by file.
    by_key: HashMap<FileKey, Result<Arc<String>, ReadError>>,
    /// Each file read, as the first source naming it wrote it, and its size.
    files: Vec<(String, u64)>,
    total: u64,
}

impl<'r> SourceFiles<'r> {
    pub(super) fn new(reader: &'r dyn SourceReader) -> Self {
        Self::with_budget(reader, MAX_TOTAL_SOURCE_BYTES)
    }

    fn with_budget(reader: &'r dyn SourceReader, budget: u64) -> Self {
        SourceFiles {
            reader,
            budget,
            state: RefCell::default(),
        }
    }

    pub(super) fn progress(&self) -> Option<&Arc<super::LoadProgress>> {
        self.reader.progress()
    }

    /// The text of the source at `path` (as written), shared with every other source that
    /// names the same file.
    ///
    /// # Errors
    /// Why it was not read: the reader's reason, or the budget for all sources.
    pub(super) fn read(&self, path: &str) -> Result<Arc<String>, ReadError> {
        let identity = self.reader.identify(path);
        let mut state = self.state.borrow_mut();
        if let Some(known) = identity.as_ref().and_then(|i| state.by_key.get(&i.key)) {
            return known.clone();
        }
        if let Some(identity) = &identity {
            state.within_budget(identity.len, self.budget)?;
        }
        let read = self.reader.read(path).map(Arc::new);
        if let Ok(text) = &read {
            // The file may have grown since it was measured.
            state.within_budget(text.len() as u64, self.budget)?;
            state.total += text.len() as u64;
            state.files.push((path.to_string(), text.len() as u64));
        }
        if let Some(identity) = identity {
            state.by_key.insert(identity.key, read.clone());
        }
        read
    }
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
        fn read(&self, path: &str) -> Result<String, ReadError> {
            self.reads.set(self.reads.get() + 1);
            let (_, _, text) = self
                .files
                .iter()
                .find(|(p, _, _)| *p == path)
                .ok_or(ReadError::NotEmbedded)?;
            Ok((*text).to_string())
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
        let first = files.read("a.txt").unwrap();
        let again = files.read("./a.txt").unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(reader.reads.get(), 1);
        files.read("b.txt").unwrap();
        assert_eq!(reader.reads.get(), 2);
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
        files.read("one.txt").unwrap();
        files.read("two.txt").unwrap();
        // The same file again costs nothing more.
        files.read("again.txt").unwrap();
        let why = files.read("three.txt").unwrap_err();
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
        files.read("small.txt").unwrap();
    }
}
