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

/// A file as it was read, to write a change against: its length and a digest of its bytes,
/// not the bytes. A write reads the file again, and goes ahead only when it is still what was
/// read; the change is then computed on the bytes just read, which are those. The viewer keeps
/// a snapshot for as long as it is open, and a 100,000-event file is 60 MB.
///
/// The digest is xxh3-128, not a cryptographic hash: it tells a file changed by an editor or
/// `git checkout` from the one read, within one process, and nobody gains from forging one
/// with the same digest: the write applies to the bytes it reads, reads the result back and
/// checks it, as always.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    len: u64,
    digest: u128,
}

/// What a write did: the file as it is now, and its bytes before and after.
#[derive(Debug)]
pub struct Wrote {
    pub snapshot: Snapshot,
    /// What the file held before the write (what undo puts back).
    pub before: Vec<u8>,
    /// What it holds now.
    pub after: Vec<u8>,
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

impl From<Refused> for String {
    fn from(why: Refused) -> Self {
        why.to_string()
    }
}

impl Snapshot {
    /// The snapshot of `bytes`, read from `path`.
    #[must_use]
    pub fn of(path: PathBuf, bytes: &[u8]) -> Self {
        Self {
            path,
            len: bytes.len() as u64,
            digest: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }

    /// The snapshot of bytes read from `path` and not kept: `len` of them, of xxh3-128 digest
    /// `digest` (the viewer's reload reads a large file as a stream).
    #[must_use]
    pub fn digested(path: PathBuf, len: u64, digest: u128) -> Self {
        Self { path, len, digest }
    }

    /// Whether `bytes` are the bytes this snapshot was made of.
    fn is_of(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.len && xxhash_rust::xxh3::xxh3_128(bytes) == self.digest
    }

    /// Applies `patches` and writes the result atomically, unless the file changed since it was
    /// read or is one of `sources`.
    ///
    /// # Errors
    /// Why nothing was written.
    pub fn write(&self, patches: &[Patch], sources: &[PathBuf]) -> Result<Wrote, Refused> {
        self.write_with(sources, |_| Ok(patches.to_vec()))
    }

    /// Writes the patches `change` computes from the file's bytes as read (they are the bytes
    /// on disk: it is called only when the file did not change), with the same guards as
    /// [`Self::write`].
    ///
    /// # Errors
    /// Why nothing was written: `change`'s error, or the write's refusal.
    pub fn write_with<E: From<Refused>>(
        &self,
        sources: &[PathBuf],
        change: impl FnOnce(&[u8]) -> Result<Vec<Patch>, E>,
    ) -> Result<Wrote, E> {
        self.transact(sources, |now| {
            let patches = change(now)?;
            Ok(crate::yaml::patch::apply(now, &patches).map_err(Refused::BadPatch)?)
        })
    }

    /// Writes `new` in place of the whole file, with the same guards as [`Self::write`]. Undo
    /// uses it with the bytes from before the last write.
    ///
    /// # Errors
    /// Why nothing was written.
    pub fn replace(&self, new: Vec<u8>, sources: &[PathBuf]) -> Result<Wrote, Refused> {
        self.transact(sources, |_| Ok(new))
    }

    /// Reads the file, refused unless it is a regular file other than `sources` and still what
    /// was read; writes atomically what `make` makes of its bytes.
    fn transact<E: From<Refused>>(
        &self,
        sources: &[PathBuf],
        make: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<Wrote, E> {
        let real = std::fs::canonicalize(&self.path)
            .map_err(|e| Refused::Io(self.path.clone(), e.to_string()))?;
        if sources
            .iter()
            .filter_map(|s| std::fs::canonicalize(s).ok())
            .any(|s| s == real)
        {
            return Err(Refused::SourceDocument(self.path.clone()).into());
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
        if !self.is_of(&now) {
            return Err(Refused::Changed(self.path.clone()).into());
        }
        let new = make(&now)?;
        atomic::write(&real, |file| std::io::Write::write_all(file, &new))
            .map_err(|e| Refused::Io(self.path.clone(), e.to_string()))?;
        Ok(Wrote {
            snapshot: Snapshot::of(self.path.clone(), &new),
            before: now,
            after: new,
        })
    }
}

#[cfg(test)]
mod tests;
