//! The only code that writes a user's file: the chronology, when the user asks (a citation
//! added, a draft, `check --fix`, undo).
//!
//! A write is a transaction in three steps, each its own piece:
//! - [`crate::yaml::patch`]: the change as byte-range replacements computed purely from the bytes that were
//!   read, so every other byte (comments, order, quoting, line endings) stays as it was;
//! - [`Snapshot`]: what was read, so a file changed since (by an editor, by `git checkout`) is
//!   refused instead of overwritten;
//! - [`atomic`]: the new bytes written to a temporary file in the same folder, synced, then
//!   renamed over the original, so the file is never half-written.
//!
//! What may be written is decided here too: never the embedded chronology (it is in the binary)
//! and never a source document.
//!
//! What to write is pure and lives beside: [`cite`] turns a selected passage into citation text
//! (quote, shortest prefix, YAML), and [`place`] finds where in the file it goes, by the
//! parser's positions, then reads the patched text back (`readback`) so that a patch that
//! would land elsewhere or change anything else is refused before it is written.

pub mod atomic;
pub mod cite;
pub mod diff;
pub mod place;
mod readback;
pub mod review;
pub mod source;

use std::io::Read as _;
use std::path::PathBuf;

pub use crate::yaml::{Patch, PatchError};

/// The bytes of a file as they were read, to write a change against.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub path: PathBuf,
    /// Shared: the viewer's reload compares the next text with these very bytes
    /// ([`crate::load::Reloadable`]), and a 100,000-event file is 60 MB.
    pub bytes: Bytes,
}

/// A file's bytes, shared, whatever holds them: the text the loader read (an `Arc<String>`,
/// taken over without a copy, as an `Arc<[u8]>` cannot be) or the bytes a write produced.
#[derive(Clone)]
pub struct Bytes(std::sync::Arc<dyn AsRef<[u8]> + Send + Sync>);

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

impl From<std::sync::Arc<String>> for Bytes {
    fn from(text: std::sync::Arc<String>) -> Self {
        Self(text)
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(std::sync::Arc::new(bytes))
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

/// Why a write did not happen. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The chronology is the built-in one.
    Embedded,
    /// The target is one of the chronology's source documents.
    SourceDocument(PathBuf),
    /// The file on disk is no longer what was read.
    Changed(PathBuf),
    /// The patch does not fit the bytes (overlapping or out of range): a bug, reported as such.
    BadPatch(PatchError),
    /// The file system refused; the original is untouched.
    Io(PathBuf, String),
    /// The target is a pipe, a device or a folder (named in words): it cannot be read back to
    /// compare, nor replaced.
    NotAFile(PathBuf, &'static str),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Embedded => write!(
                f,
                "the built-in chronology cannot be edited; copy it with `sourceline init DIR` and open the copy"
            ),
            Self::SourceDocument(p) => write!(
                f,
                "{}: is a source document; sourceline never writes sources",
                p.display()
            ),
            Self::Changed(p) => write!(
                f,
                "{}: changed on disk since it was read; nothing was written (reload, then try again)",
                p.display()
            ),
            Self::BadPatch(why) => write!(f, "internal error, nothing was written: {why}"),
            Self::Io(p, why) => write!(
                f,
                "{}: cannot write ({why}); the file is unchanged",
                p.display()
            ),
            Self::NotAFile(p, what) => write!(
                f,
                "{}: is {what}, not a regular file; nothing was written (only a regular file is edited)",
                p.display()
            ),
        }
    }
}

impl std::error::Error for Refused {}

impl Snapshot {
    /// Applies `patches` and writes the result atomically, unless the file changed since it was
    /// read or is one of `sources`. Returns the snapshot of what is now on disk (to undo
    /// against, or to write the next change against).
    ///
    /// # Errors
    /// Why nothing was written.
    pub fn write(&self, patches: &[Patch], sources: &[PathBuf]) -> Result<Snapshot, Refused> {
        let new = crate::yaml::patch::apply(&self.bytes, patches).map_err(Refused::BadPatch)?;
        self.replace(new, sources)
    }

    /// Writes `new` in place of the whole file, with the same guards as [`Self::write`]. Undo
    /// uses it with the bytes from before the last write.
    ///
    /// # Errors
    /// Why nothing was written.
    pub fn replace(&self, new: Vec<u8>, sources: &[PathBuf]) -> Result<Snapshot, Refused> {
        let real = std::fs::canonicalize(&self.path)
            .map_err(|e| Refused::Io(self.path.clone(), e.to_string()))?;
        if sources
            .iter()
            .filter_map(|s| std::fs::canonicalize(s).ok())
            .any(|s| s == real)
        {
            return Err(Refused::SourceDocument(self.path.clone()));
        }
        // Read without blocking: the file may have become a pipe since it was loaded.
        let io = |e: std::io::Error| Refused::Io(self.path.clone(), e.to_string());
        let mut now = Vec::new();
        crate::file_kind::open_regular(&real)
            .map_err(|e| match e {
                crate::file_kind::NotOpened::NotRegular(what) => {
                    Refused::NotAFile(self.path.clone(), what)
                }
                crate::file_kind::NotOpened::Io(e) => io(e),
            })?
            .read_to_end(&mut now)
            .map_err(io)?;
        if now[..] != self.bytes[..] {
            return Err(Refused::Changed(self.path.clone()));
        }
        atomic::write(&real, |file| std::io::Write::write_all(file, &new))
            .map_err(|e| Refused::Io(self.path.clone(), e.to_string()))?;
        Ok(Snapshot {
            path: self.path.clone(),
            bytes: new.into(),
        })
    }
}

#[cfg(test)]
mod tests;
