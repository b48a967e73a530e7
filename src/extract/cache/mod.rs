//! The extraction cache: what an HTML page or a PDF reads as, kept on disk under the hash of its
//! bytes, so reopening a chronology that cites a 300-page PDF costs about what one citing a text
//! file does (BENCHMARKS.md, "Reopening a source").
//!
//! Where: `$XDG_CACHE_HOME/sourceline/extract/`, else the platform's cache folder (the `dirs`
//! crate: `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) plus
//! `sourceline/extract/`. `SOURCELINE_CACHE=off` turns it off. The key is the SHA-256 of the
//! file's bytes with the format, [`EXTRACTOR_VERSION`] and sourceline's own version, so a file
//! read as another format, or by a sourceline that extracts differently, never meets an old
//! entry. Plain text is never cached: reading it is as fast as reading an entry would be.
//!
//! An entry is untrusted when read back, like the file it stands for (the folder may be shared,
//! the disk may be full, a crash may leave half a file): it carries a checksum of its contents
//! and every offset in it is checked against the text before it is used, so a truncated,
//! corrupted, foreign or hostile entry is a miss, never a panic, and reading one allocates no
//! more than its size. A folder that others may write to, or that is not ours, is not used at
//! all. Writing is best effort: a temporary file in the folder renamed over the entry, skipped
//! silently when the disk is full or read-only.
//!
//! Errors are not cached. Most fail within milliseconds (no `%PDF-` header, a broken cross
//! reference table, a password), a file is not left broken for long (its problem says what to
//! do), and a stored error would be one more kind of entry to check. The exception is a PDF
//! that runs into a limit after seconds of work (half a gigabyte of streams); it costs those
//! seconds at each load until it is replaced.
//!
//! The folder is bounded ([`limits::CACHE_MAX_BYTES`], [`limits::CACHE_MAX_ENTRIES`]): after
//! each write the least recently used entries (by modification time, which a hit renews) go.

mod entry;
pub(crate) mod folder;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{EXTRACTOR_VERSION, ExtractError, Extracted, Format, extract, limits};

/// The environment variable that turns the cache off (`off`, `0`, `false` or `no`).
pub const CACHE_SWITCH: &str = "SOURCELINE_CACHE";

/// An extraction cache: a folder of entries and its bounds. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    max_entries: usize,
}

/// What an entry is stored under: the hash of a file's bytes with how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CacheKey {
    digest: [u8; 32],
    format: Format,
    len: usize,
}

impl CacheKey {
    /// The key of `bytes` read as `format`: SHA-256 of the bytes, then of that with the format,
    /// [`EXTRACTOR_VERSION`], the entry layout and sourceline's version.
    pub fn new(bytes: &[u8], format: Format) -> Self {
        Self::from_sha256(Sha256::digest(bytes).into(), bytes.len(), format)
    }

    /// The key of a file of `len` bytes whose SHA-256 is `content`, for a caller that has
    /// hashed the bytes already (checking a source's `sha256:`), so they are not hashed twice:
    /// hashing is most of what a cache hit costs.
    pub fn from_sha256(content: [u8; 32], len: usize, format: Format) -> Self {
        let mut key = Sha256::new();
        key.update(b"sourceline extraction cache\0");
        key.update(content);
        key.update(format.label().as_bytes());
        key.update([0]);
        key.update(EXTRACTOR_VERSION.to_le_bytes());
        key.update(entry::LAYOUT.to_le_bytes());
        key.update(env!("CARGO_PKG_VERSION").as_bytes());
        Self {
            digest: key.finalize().into(),
            format,
            len,
        }
    }

    /// The key as 64 hexadecimal digits: the entry's file name.
    pub fn hex(&self) -> String {
        self.digest
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }

    /// The format the key reads the bytes as.
    pub fn format(&self) -> Format {
        self.format
    }
}

impl Cache {
    /// The cache the environment asks for: `None` when `SOURCELINE_CACHE` turns it off or no
    /// cache folder can be found (no home folder).
    pub fn from_env() -> Option<Self> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// [`Cache::from_env`] with the variables looked up by `var`, so tests need not change the
    /// process's environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Option<Self> {
        folder_from_vars(var, "extract").map(Self::in_folder)
    }

    /// A cache whose entries live directly in `dir` (created when first written), with the
    /// default bounds.
    pub fn in_folder(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            max_bytes: limits::CACHE_MAX_BYTES,
            max_entries: limits::CACHE_MAX_ENTRIES,
        }
    }

    /// The same cache with other bounds on its folder's total size and number of entries.
    #[must_use]
    pub fn with_bounds(mut self, max_bytes: u64, max_entries: usize) -> Self {
        self.max_bytes = max_bytes;
        self.max_entries = max_entries;
        self
    }

    /// The folder that holds the entries.
    pub fn folder(&self) -> &Path {
        &self.dir
    }

    /// Where the entry for `key` is (or would be) stored.
    pub fn entry_path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(folder::entry_name(&key.hex()))
    }

    /// The extraction stored under `key`, when there is a sound one.
    pub fn get(&self, key: &CacheKey) -> Option<Extracted> {
        let name = folder::entry_name(&key.hex());
        let bytes = folder::read(&self.dir, &name, limits::CACHE_MAX_ENTRY_BYTES)?;
        entry::decode(&bytes, key)
    }

    /// Stores `extracted` under `key`, then trims the folder to its bounds. Fails silently:
    /// a cache that cannot be written only costs the next load its extraction.
    pub fn put(&self, key: &CacheKey, extracted: &Extracted) {
        if extracted.format() != key.format {
            return;
        }
        let bytes = entry::encode(extracted, key);
        let max = limits::CACHE_MAX_ENTRY_BYTES.min(self.max_bytes);
        if bytes.len() as u64 > max {
            return;
        }
        let name = folder::entry_name(&key.hex());
        if folder::write(&self.dir, &name, &bytes).is_ok() {
            folder::trim(&self.dir, self.max_bytes, self.max_entries, &name);
        }
    }
}

/// `$XDG_CACHE_HOME/sourceline/<kind>` (else the platform's cache folder), with the variables
/// looked up by `var`: `None` when `SOURCELINE_CACHE` turns caching off or there is no cache
/// folder. Shared by the extraction and snapshot caches, so one switch turns both off.
pub(crate) fn folder_from_vars(
    var: impl Fn(&str) -> Option<OsString>,
    kind: &str,
) -> Option<PathBuf> {
    if var(CACHE_SWITCH).is_some_and(|v| is_off(&v)) {
        return None;
    }
    // The XDG rule: a relative XDG_CACHE_HOME is ignored.
    let root = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::cache_dir)?;
    Some(root.join("sourceline").join(kind))
}

/// Whether a `SOURCELINE_CACHE` value turns the cache off.
fn is_off(value: &std::ffi::OsStr) -> bool {
    let value = value.to_string_lossy();
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "off" | "0" | "false" | "no"
    )
}

/// Reads `bytes` as `format` through `cache`: an HTML page or PDF read before (same bytes, same
/// format, same extractor) comes from the cache; otherwise it is extracted and, when that
/// succeeds, stored. Plain text, and any format without a cache, is extracted directly.
///
/// # Errors
/// What [`extract`] gives; a cache that cannot be read or written is never an error.
pub fn extract_cached(
    bytes: &[u8],
    format: Format,
    cache: Option<&Cache>,
) -> Result<Extracted, ExtractError> {
    match cache {
        Some(cache) if cacheable(bytes, format) => {
            extract_keyed(bytes, &CacheKey::new(bytes, format), Some(cache))
        }
        _ => extract(bytes, format),
    }
}

/// Whether `bytes` read as `format` go through the cache: HTML and PDF within their size
/// limits (a file over its limit is refused at once, with no need to hash it first).
fn cacheable(bytes: &[u8], format: Format) -> bool {
    match format {
        Format::Text => false,
        Format::Html => bytes.len() <= limits::MAX_HTML_BYTES,
        Format::Pdf => bytes.len() <= limits::MAX_PDF_BYTES,
    }
}

/// [`extract_cached`] for a caller that has the key already ([`CacheKey::from_sha256`]).
/// `key` must be the key of `bytes`; a key of other bytes would serve their extraction.
///
/// # Errors
/// What [`extract`] gives.
pub fn extract_keyed(
    bytes: &[u8],
    key: &CacheKey,
    cache: Option<&Cache>,
) -> Result<Extracted, ExtractError> {
    let format = key.format;
    let Some(cache) = cache.filter(|_| cacheable(bytes, format) && key.len == bytes.len()) else {
        return extract(bytes, format);
    };
    if let Some(hit) = cache.get(key) {
        return Ok(hit);
    }
    let fresh = extract(bytes, format)?;
    cache.put(key, &fresh);
    Ok(fresh)
}

#[cfg(test)]
mod tests;
