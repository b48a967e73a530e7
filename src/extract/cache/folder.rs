//! A cache's folder (the extraction cache's and the snapshot cache's): reading an entry within a bound, writing one atomically, keeping the
//! folder within its bounds, and refusing a folder someone else could write to.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Temporary files start with this; one left by a crash is removed once it is an hour old.
const TEMP_PREFIX: &str = ".tmp-";
const STALE_TEMP: Duration = Duration::from_secs(3600);
const SUFFIX: &str = ".bin";

/// The file name of the entry whose key is `hex`.
pub(crate) fn entry_name(hex: &str) -> String {
    format!("{hex}{SUFFIX}")
}

/// Whether `name` is an entry's (64 hexadecimal digits and the suffix): only those are ever
/// removed, whatever else is put in the folder.
fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(SUFFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether entries in `dir` can be trusted: on Unix a folder others may write to, or that
/// belongs to someone else (a cache folder under a shared `/tmp`), could hold entries written
/// to mislead, so it is not used.
#[cfg(unix)]
fn trusted(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(meta) = fs::metadata(dir) else {
        return false;
    };
    // The owner of `/proc/self` is the process's user (Linux); elsewhere only the mode counts.
    let ours = fs::metadata("/proc/self").map_or(true, |me| me.uid() == meta.uid());
    meta.is_dir() && meta.mode() & 0o022 == 0 && ours
}

#[cfg(not(unix))]
fn trusted(dir: &Path) -> bool {
    fs::metadata(dir).is_ok_and(|m| m.is_dir())
}

/// The bytes of entry `name` in `dir`, when it is a regular file of at most `max` bytes in a
/// trusted folder. A hit renews the entry's modification time, which eviction goes by.
pub(crate) fn read(dir: &Path, name: &str, max: u64) -> Option<Vec<u8>> {
    let (file, len) = open(dir, name, max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    file.take(max + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > max {
        return None;
    }
    Some(bytes)
}

/// Entry `name` in `dir` opened to read, with its length, under the conditions of [`read`]
/// (whose modification time it renews), for a reader that takes it in pieces.
pub(crate) fn open(dir: &Path, name: &str, max: u64) -> Option<(fs::File, u64)> {
    if !trusted(dir) {
        return None;
    }
    let file = crate::file_kind::open_regular(&dir.join(name)).ok()?;
    let len = file.metadata().ok()?.len();
    if len > max {
        return None;
    }
    let _ = file.set_modified(SystemTime::now());
    Some((file, len))
}

/// Writes entry `name` in `dir` atomically: a temporary file beside it, renamed over it, so a
/// reader sees the old entry, the new one or none, never half of one. Creates the folder
/// (readable by the user only) when missing.
///
/// # Errors
/// The folder cannot be made or is not trusted, or the write fails (full, read-only).
pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    write_with(dir, name, |out| out.write_all(bytes))
}

/// [`write`], the bytes written by `fill` as they are made, so an entry never has to be whole
/// in memory.
///
/// # Errors
/// As [`write`], and what `fill` gives.
pub(crate) fn write_with(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    if !trusted(dir) {
        return Err(io::Error::other(
            "the cache folder may be written by others",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    {
        let mut out = io::BufWriter::new(temp.as_file_mut());
        fill(&mut out)?;
        out.flush()?;
    }
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the least recently used entries until `dir` holds at most `max_bytes` in at most
/// `max_entries` entries, never `keep` (the entry just written); and temporary files a crash
/// left behind.
pub(crate) fn trim(dir: &Path, max_bytes: u64, max_entries: usize, keep: &str) {
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut entries = Vec::new();
    let mut total = 0u64;
    for item in listing.flatten() {
        let name = item.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // A listing's metadata does not follow symbolic links.
        let Ok(meta) = item.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if name.starts_with(TEMP_PREFIX) {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age > STALE_TEMP)
            {
                let _ = fs::remove_file(item.path());
            }
            continue;
        }
        if is_entry_name(name) {
            total += meta.len();
            entries.push((modified, meta.len(), name.to_owned()));
        }
    }
    if total <= max_bytes && entries.len() <= max_entries {
        return;
    }
    entries.sort();
    let mut count = entries.len();
    for (_, len, name) in entries {
        if total <= max_bytes && count <= max_entries {
            break;
        }
        if name == keep || fs::remove_file(dir.join(&name)).is_err() {
            continue;
        }
        total -= len;
        count -= 1;
    }
}
