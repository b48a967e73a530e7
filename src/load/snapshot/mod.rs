//! The snapshot cache: a chronology loaded once (parsed, checked, every quote anchored) kept on
//! disk, so opening it again reads one file instead of parsing tens of megabytes of YAML and
//! anchoring every quote (BENCHMARKS.md, "Opening through the snapshot cache").
//!
//! Where: `$XDG_CACHE_HOME/sourceline/snapshot/`, else the platform's cache folder plus
//! `sourceline/snapshot/`, beside the extraction cache and turned off with it
//! (`SOURCELINE_CACHE=off`) or by `--no-cache`. An entry's name is the BLAKE3 hash of the
//! chronology's bytes with the entry layout ([`wire::LAYOUT`]), sourceline's version, the
//! bundled time zone database and the executable itself (its size and modification time, so a
//! rebuilt binary that anchors differently never meets an old entry). Inside, the entry lists
//! every source file the load read, as the chronology writes its path, with the BLAKE3 of its
//! bytes: a hit reads each of them again, through the same confinement as a load, and hashes
//! it, so a source that changed, moved or was removed makes the entry a miss. Hashing every
//! source is the one check that can never give a stale chronology (a size and modification
//! time can stay the same across an edit); it costs far less than extracting and anchoring.
//! The bytes so read are also the text of a source that is its file as it is (a plain-text
//! one), which the entry then does not store.
//!
//! Only a load without problems is stored: a load with problems runs again, so its messages are
//! always the ones the current files give.
//!
//! An entry is untrusted when read back, as the extraction cache's are ([`wire`] checks every
//! index and range before the chronology exists), and the folder logic is that cache's: atomic
//! writes, a folder only the user may write to, the least recently used entries dropped past
//! [`MAX_BYTES`].

mod wire;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::sources::{Identity, Shown, SourceReader};
use super::{LoadProgress, ReadError};
use crate::extract::cache::{folder, folder_from_vars};
use crate::model::Chronology;

/// The folder's bound: past it, the least recently used entries go.
pub const MAX_BYTES: u64 = 1024 * 1024 * 1024;
/// At most this many entries.
const MAX_ENTRIES: usize = 1000;
/// An entry larger than this is neither written nor read.
const MAX_ENTRY_BYTES: u64 = 768 * 1024 * 1024;

/// A snapshot cache: a folder of entries and its bound. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshots {
    dir: PathBuf,
    max_bytes: u64,
}

/// A source file a load read: its path as the chronology writes it, and its bytes' digest.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileRead {
    pub(crate) path: String,
    pub(crate) len: u64,
    /// BLAKE3, as the entry's key: a warm opening hashes every source again before it may use
    /// the entry (25 MB at the generated 100,000 events: 16 ms of a core with SHA-256).
    pub(crate) blake3: [u8; 32],
}

impl Snapshots {
    /// The cache the environment asks for: `None` when `SOURCELINE_CACHE` turns caching off or
    /// there is no cache folder.
    pub fn from_env() -> Option<Self> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// [`Snapshots::from_env`] with the variables looked up by `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Option<Self> {
        folder_from_vars(var, "snapshot").map(Self::in_folder)
    }

    /// A cache whose entries live directly in `dir` (created when first written).
    pub fn in_folder(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            max_bytes: MAX_BYTES,
        }
    }

    /// The same cache with another bound on its folder's total size.
    #[must_use]
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The folder that holds the entries.
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    /// The chronology stored for `yaml` whose sources, read again through `reader`, are still
    /// the bytes it was made from; `None` on any mismatch or damage.
    ///
    /// `digests`: whether the load took every source's digest ([`super::LoadOptions::digests`]),
    /// which changes the chronology and so is part of the key.
    pub(crate) fn get(
        &self,
        yaml: &str,
        digests: bool,
        reader: &(dyn SourceReader + Sync),
    ) -> Option<Chronology> {
        self.get_with(yaml, digests, reader)
            .map(|read| read.chronology)
    }

    /// [`Snapshots::get`], with the files the entry lists and where each event of the file
    /// went (empty when the entry does not say).
    pub(crate) fn get_with(
        &self,
        yaml: &str,
        digests: bool,
        reader: &(dyn SourceReader + Sync),
    ) -> Option<wire::Stored> {
        self.get_keyed(&Key::of(yaml, digests), reader)
    }

    /// [`Snapshots::get_with`] by the key of a text read as a stream ([`KeyStream`]), for an
    /// opening that never holds the whole text.
    pub(crate) fn get_keyed(
        &self,
        key: &Key,
        reader: &(dyn SourceReader + Sync),
    ) -> Option<wire::Stored> {
        let name = folder::entry_name(&key.hex());
        let (file, len) = folder::open(&self.dir, &name, MAX_ENTRY_BYTES)?;
        let input = std::io::BufReader::with_capacity(1 << 20, file);
        wire::read_with(input, len, &key.0, |files, texts| {
            unchanged_texts(files, texts, reader)
        })
    }

    #[cfg(test)]
    /// Stores `chronology`, made from `yaml` and the source files `files`, then trims the
    /// folder to its bound. Fails silently: a cache that cannot be written only costs the next
    /// opening its load.
    pub(crate) fn put(
        &self,
        yaml: &str,
        digests: bool,
        files: &[FileRead],
        chronology: &Chronology,
    ) {
        self.put_with(yaml, digests, files, chronology, &[]);
    }

    /// [`Snapshots::put`], with where each event of the file went (`position`, or empty).
    pub(crate) fn put_with(
        &self,
        yaml: &str,
        digests: bool,
        files: &[FileRead],
        chronology: &Chronology,
        position: &[u32],
    ) {
        self.put_keyed(&Key::of(yaml, digests), files, chronology, position);
    }

    /// [`Snapshots::put_with`] by a key taken before the load ([`Key::of`]), for a load that
    /// drops the text before it ends.
    pub(crate) fn put_keyed(
        &self,
        key: &Key,
        files: &[FileRead],
        chronology: &Chronology,
        position: &[u32],
    ) {
        let name = folder::entry_name(&key.hex());
        let max = MAX_ENTRY_BYTES.min(self.max_bytes);
        let written = folder::write_with(&self.dir, &name, |out| {
            let mut out = Bounded { out, left: max };
            wire::write_with(&mut out, &key.0, files, chronology, position)
        });
        if written.is_ok() {
            folder::trim(&self.dir, self.max_bytes, MAX_ENTRIES, &name);
        }
    }

    /// Where the entry for `yaml` is (or would be) stored, as `check` and `list` load it
    /// (without every digest).
    pub fn entry_path(&self, yaml: &str) -> PathBuf {
        self.dir
            .join(folder::entry_name(&Key::of(yaml, false).hex()))
    }
}

/// Whether every file in `files`, read again through `reader`, has the bytes it had.
pub(crate) fn unchanged(files: &[FileRead], reader: &dyn SourceReader) -> bool {
    files.iter().all(|f| read_unchanged(f, reader).is_some())
}

/// When every file in `files`, read again through `reader`, has the bytes it had: the bytes of
/// those `is_text` marks, as UTF-8 (`None` when one is not), in the files' order. What a hit
/// reads to check its sources is so also the texts of those that are their file's bytes.
fn unchanged_texts(
    files: &[FileRead],
    is_text: &[bool],
    reader: &dyn SourceReader,
) -> Option<Vec<String>> {
    let mut texts = Vec::new();
    for (f, &is_text) in files.iter().zip(is_text) {
        let bytes = read_unchanged(f, reader)?;
        if is_text {
            texts.push(String::from_utf8(bytes).ok()?);
        }
    }
    Some(texts)
}

/// The bytes of the file `f` names, read again through `reader`, when they are still those it
/// had.
fn read_unchanged(f: &FileRead, reader: &dyn SourceReader) -> Option<Vec<u8>> {
    let bytes = reader.read(&f.path).ok()?;
    (FileRead::of(&f.path, &bytes) == *f).then_some(bytes)
}

/// A writer that refuses to write past `left` bytes: an entry over the bound is abandoned
/// (its temporary file removed) rather than written whole first.
struct Bounded<'w> {
    out: &'w mut dyn std::io::Write,
    left: u64,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len() as u64;
        if n > self.left {
            return Err(std::io::Error::other("the entry is over its bound"));
        }
        let written = self.out.write(buf)?;
        self.left -= written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// An entry's key: see the module documentation.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Key([u8; 32]);

/// An entry's key taken as the YAML is read, a chunk at a time: [`Key::of`] the whole text
/// gives the same key. The length comes first (where the text ends is not for its bytes to
/// say), so a reader gives it from the file's size and hands over exactly that many bytes.
pub(crate) struct KeyStream(blake3::Hasher);

impl KeyStream {
    /// The key of a YAML text of `len` bytes, whose bytes follow by [`KeyStream::update`].
    pub(crate) fn new(len: u64) -> Self {
        let mut key = blake3::Hasher::new();
        key.update(b"sourceline snapshot\0");
        key.update(&len.to_le_bytes());
        Self(key)
    }

    /// The text's next bytes.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The key, the text's bytes all given. `digests` as for [`Snapshots::get`].
    pub(crate) fn finish(self, digests: bool) -> Key {
        let mut key = self.0;
        key.update(&[u8::from(digests)]);
        key.update(&wire::LAYOUT.to_le_bytes());
        key.update(&crate::extract::EXTRACTOR_VERSION.to_le_bytes());
        key.update(env!("CARGO_PKG_VERSION").as_bytes());
        key.update(&[0]);
        key.update(crate::model::TZDB_VERSION.as_bytes());
        key.update(&[0]);
        key.update(&executable());
        Key(*key.finalize().as_bytes())
    }
}

impl Key {
    /// BLAKE3 rather than SHA-256: as collision-resistant, and at 100,000 events hashing the
    /// 58.6 MB of YAML is on the path to the first frame (13 ms against SHA-256's 33 ms with
    /// the CPU's SHA instructions).
    pub(crate) fn of(yaml: &str, digests: bool) -> Self {
        let mut key = KeyStream::new(yaml.len() as u64);
        key.update(yaml.as_bytes());
        key.finish(digests)
    }

    fn hex(&self) -> String {
        use std::fmt::Write as _;
        self.0.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

/// What tells this build from another of the same version: the executable's size and
/// modification time (empty when they cannot be read, leaving the version alone to tell).
fn executable() -> Vec<u8> {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    let Ok(meta) = meta else {
        return Vec::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut out = meta.len().to_le_bytes().to_vec();
    out.extend_from_slice(&modified.to_le_bytes());
    out
}

impl FileRead {
    fn of(path: &str, bytes: &[u8]) -> Self {
        Self {
            path: path.to_owned(),
            len: bytes.len() as u64,
            blake3: *blake3::hash(bytes).as_bytes(),
        }
    }
}

/// A source reader that notes every file read and its digest, for the entry's list.
pub(crate) struct Recording<'a> {
    reader: &'a dyn SourceReader,
    read: Mutex<Vec<FileRead>>,
}

impl<'a> Recording<'a> {
    pub(crate) fn new(reader: &'a dyn SourceReader) -> Self {
        Self {
            reader,
            read: Mutex::new(Vec::new()),
        }
    }

    /// Every file read, each path once.
    pub(crate) fn files(self) -> Vec<FileRead> {
        let mut files = self
            .read
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        files
    }
}

impl SourceReader for Recording<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let bytes = self.reader.read(path)?;
        let mut read = self
            .read
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read.push(FileRead::of(path, &bytes));
        Ok(bytes)
    }

    // Never forwarded: a source taken as shown, not read, would be missing from the entry's
    // list, and the entry could not tell when that file changed.
    fn shown(&self, _path: &str) -> Option<Shown> {
        None
    }

    fn identify(&self, path: &str) -> Option<Identity> {
        self.reader.identify(path)
    }

    fn progress(&self) -> Option<&std::sync::Arc<LoadProgress>> {
        self.reader.progress()
    }
}

#[cfg(test)]
mod tests;
