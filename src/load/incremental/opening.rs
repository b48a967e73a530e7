//! Opening a file through the snapshot cache without holding its text.
//!
//! An opening needs three things of the YAML when the cache has its chronology: the entry's
//! key (a hash of every byte), the digest a write is checked against, and the items the next
//! reload compares with ([`Items`]). None needs the whole text at once, and at 100,000 events
//! holding it (60 MB) while the entry's chronology was decoded made that the viewer's peak. So
//! the file is read in chunks, each hashed as it comes (the key, then the digest), and the
//! entry is looked up as soon as the last byte is hashed. No byte is checked as UTF-8 on the
//! way: an entry exists only for bytes that loaded, and the key names those bytes.
//!
//! The items wait until the chronology is on screen: laying 60 MB out line by line took a
//! core from the decoding of the entry on a two-core machine. [`Pending`] reads the file again
//! then ([`super::Reloadable::prepare`], on the viewer's load thread) and keeps its items only
//! when its bytes are the ones the chronology was made from; otherwise the next save is a full
//! load.
//!
//! A miss (no entry, or one that does not hold) gives `None`, and the caller reads the whole
//! text for a full load as before: the chunks read here are not kept for it.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use xxhash_rust::xxh3::Xxh3;

use super::items::Items;
use super::stream::{self, CHUNK, Digest};
use super::{Change, ItemsOf, Reloadable, Reloaded};
use crate::load::snapshot::{Key, KeyStream};
use crate::load::sources::{self, Reading, SourceReader};
use crate::load::{LoadOptions, MAX_FILE_BYTES};

/// What the snapshot cache gave an opening.
pub(super) enum Opened {
    /// The chronology, with what the next reload builds on once prepared.
    Hit(Box<Reloaded>),
    /// No entry for the bytes hashed: their key and digest, for the load's result to be
    /// stored under when it is made of the same bytes.
    Miss(Key, Digest),
    /// No cache, a file that is not regular, or one that could not be read.
    Unread,
}

/// The chronology the snapshot cache holds for the file at `path`, opened as `reload` reads
/// it (confined, a regular file when the options say so, bounded in size); see [`Opened`].
pub(super) fn opened_file(
    name: &str,
    path: &Path,
    reader: &(dyn SourceReader + Sync),
    options: &LoadOptions,
) -> Opened {
    match hit_or_key(name, path, reader, options) {
        Some(Ok(reloaded)) => Opened::Hit(Box::new(reloaded)),
        Some(Err((key, digest))) => Opened::Miss(key, digest),
        None => Opened::Unread,
    }
}

/// The file at `path` opened as `reload` reads it (confined, bounded in size), with its
/// resolved path and length, when it is a regular file: only that can be read twice, and a
/// pipe's bytes, read for a key that misses or a stream that gives way, would be gone for the
/// load of the whole text. Asked before opening (opening a pipe waits for its writer), and of
/// the file opened.
pub(super) fn open_to_read_twice(
    path: &Path,
    options: &LoadOptions,
) -> Option<(File, PathBuf, u64)> {
    let resolved = sources::confine_chronology(path, &options.allowed).ok()?;
    if !std::fs::metadata(&resolved).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let (file, len) = sources::open_bounded(&resolved, MAX_FILE_BYTES, options.reading).ok()?;
    file.metadata()
        .is_ok_and(|m| m.is_file())
        .then_some((file, resolved, len))
}

/// [`opened_file`]: `Err` with the key and digest on a miss.
fn hit_or_key(
    name: &str,
    path: &Path,
    reader: &(dyn SourceReader + Sync),
    options: &LoadOptions,
) -> Option<Result<Reloaded, (Key, Digest)>> {
    let snapshots = options.snapshots.as_ref()?;
    let (mut file, resolved, len) = open_to_read_twice(path, options)?;
    if let Some(progress) = &options.progress {
        progress.bytes_total.store(len, Ordering::Relaxed);
    }
    let (key, digest) = hashed(&mut file, len, options.digests)?;
    drop(file);
    let Some(stored) = snapshots.get_keyed(&key, reader) else {
        return Some(Err((key, digest)));
    };
    if let Some(progress) = &options.progress {
        progress.bytes_done.store(len, Ordering::Relaxed);
    }
    let pending = Pending {
        path: resolved,
        digest,
        digests: options.digests,
    };
    let next = Reloadable::new(
        name,
        ItemsOf::Later(pending),
        &stored.chronology,
        stored.position,
        None,
        stored.files,
        options.digests,
    );
    Some(Ok(Reloaded {
        text: None,
        digest: Some(digest),
        result: Ok(Change::Loaded(stored.chronology)),
        next,
    }))
}

/// Reads `file` to its end and gives the entry's key (`digests` as for the cache's) and the
/// digest of the bytes; `None` unless exactly `len` bytes came (the file changed as it was
/// read) or when reading fails.
fn hashed(file: &mut impl Read, len: u64, digests: bool) -> Option<(Key, Digest)> {
    let mut key = KeyStream::new(len);
    let mut digest = Xxh3::new();
    let mut total: u64 = 0;
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        total += n as u64;
        if total > len {
            return None;
        }
        key.update(&chunk[..n]);
        digest.update(&chunk[..n]);
    }
    (total == len).then(|| {
        (
            key.finish(digests),
            Digest {
                len,
                xxh3: digest.digest128(),
            },
        )
    })
}

/// The items of an opening still to be found: the file as opened (confined already), and
/// the digest of the bytes its chronology was made from.
#[derive(Clone, Debug)]
pub(super) struct Pending {
    path: PathBuf,
    digest: Digest,
    /// Whether the load was asked for every source's digest.
    pub(super) digests: bool,
}

impl Pending {
    /// The file's items, read again as a stream, and whether it may hold a review; `None`
    /// when it cannot be read or laid out, or its bytes are no longer those opened.
    pub(super) fn items(&self) -> Option<(Items, bool)> {
        // Read again, as a reload reads: a regular file only, so a pipe put in its place never
        // holds the load thread in `open`.
        let reading = Reading::RegularOnly;
        let (mut file, _) = sources::open_bounded(&self.path, MAX_FILE_BYTES, reading).ok()?;
        let streamed = stream::opened(&mut file, MAX_FILE_BYTES, CHUNK)?;
        (streamed.digest == self.digest).then_some((streamed.items, streamed.reviews))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::incremental::items::Items;
    use crate::load::layout::layout;
    use crate::load::{Input, load, reload};

    use crate::load::incremental::tests::{cached, text as chronology};

    fn text(events: usize) -> String {
        chronology("T", events, None)
    }

    #[test]
    fn a_warm_opening_reads_the_file_in_chunks_and_keeps_no_text() {
        // Larger than a chunk, so the items are found across chunks.
        let yaml = text(9000);
        assert!(yaml.len() > 3 * CHUNK);
        let (_dir, file, options) = cached(&yaml);
        let cold = reload(Input::File(&file), &options, None);
        assert!(cold.result.is_ok(), "a miss loads the whole text");
        assert!(cold.text.is_none(), "and drops it once the events check");
        assert_eq!(cold.digest.map(|d| d.len), Some(yaml.len() as u64));
        let warm = reload(Input::File(&file), &options, None);
        assert!(warm.text.is_none(), "a hit holds no text");
        let digest = warm.digest.expect("the digest of the bytes read");
        assert_eq!(digest.len, yaml.len() as u64);
        assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(yaml.as_bytes()));
        let mut next = warm.next.expect("what the next reload builds on");
        assert!(
            next.pending.is_some(),
            "the items are found after the first frame"
        );
        assert!(next.prepare());
        assert_eq!(next.items, Items::of(&yaml, &layout(&yaml).unwrap()));
        let Ok(Change::Loaded(chronology)) = warm.result else {
            panic!("the entry reads back");
        };
        let full = load(Input::File(&file), &LoadOptions::default()).result;
        // A load with problems keeps its text to read again with positions, and hands it back.
        let broken = yaml.replace("date: 2020-01-04", "date: 2020-13-04");
        std::fs::write(&file, &broken).unwrap();
        let r = reload(Input::File(&file), &options, None);
        assert!(r.result.is_err());
        assert_eq!(r.text.as_deref().map(String::as_str), Some(broken.as_str()));
        assert_eq!(
            format!("{:?}", Ok::<_, ()>(chronology)),
            format!("{:?}", full.map_err(|_| ()))
        );
    }

    #[test]
    fn items_are_not_taken_from_a_file_changed_since_it_was_opened() {
        let (_dir, file, options) = cached(&text(40));
        let _cold = reload(Input::File(&file), &options, None);
        let warm = reload(Input::File(&file), &options, None);
        let mut next = warm.next.expect("what the next reload builds on");
        // Unprepared, it is not built on: the save after it is loaded in full.
        let renamed = chronology("T", 40, Some(7));
        std::fs::write(&file, &renamed).unwrap();
        let r = reload(Input::File(&file), &options, Some(&next));
        assert!(matches!(r.result, Ok(Change::Loaded(_))));
        // The file is not the one the chronology was made from: no items, no patch after.
        assert!(!next.prepare());
    }

    #[test]
    fn an_opening_without_a_cache_or_its_entry_gives_way_to_a_full_load() {
        let (_dir, file, options) = cached(&text(5));
        let reader = crate::load::disk_sources(&file, &[]);
        let no_cache = opened_file("c.yaml", &file, &reader, &LoadOptions::default());
        assert!(matches!(no_cache, Opened::Unread));
        // No entry yet: the key and digest of the bytes, for the load's result.
        let Opened::Miss(key, digest) = opened_file("c.yaml", &file, &reader, &options) else {
            panic!("no entry yet: a miss");
        };
        assert_eq!(key, Key::of(&text(5), options.digests));
        assert_eq!(digest.len, text(5).len() as u64);
        let _cold = reload(Input::File(&file), &options, None);
        let hit = opened_file("c.yaml", &file, &reader, &options);
        assert!(matches!(hit, Opened::Hit(_)));
        // Another text of the same length: another key, a miss.
        std::fs::write(&file, text(5).replace("Event 3", "Event 9")).unwrap();
        let other = opened_file("c.yaml", &file, &reader, &options);
        assert!(matches!(other, Opened::Miss(k, _) if k != key));
    }

    #[test]
    fn a_pipe_is_not_read_for_a_key_but_left_whole_for_the_load() {
        let (dir, file, options) = cached(&text(5));
        let _cold = reload(Input::File(&file), &options, None);
        // The same text, through a pipe in the chronology's place.
        let yaml = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        nix::unistd::mkfifo(&file, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let writer = {
            let (file, yaml) = (file.clone(), yaml.clone());
            std::thread::spawn(move || std::fs::write(file, yaml).unwrap())
        };
        let reader = crate::load::disk_sources(&file, &[]);
        let opened = opened_file("c.yaml", &file, &reader, &options);
        assert!(matches!(opened, Opened::Unread));
        // Nothing was taken from the pipe: the load reads all of it.
        let r = reload(Input::File(&file), &options, None);
        writer.join().unwrap();
        assert!(r.result.is_ok(), "{:?}", r.result.err());
        drop(dir);
    }

    #[test]
    fn a_file_that_is_not_the_length_it_was_opened_with_gives_no_key() {
        let bytes = b"title: T\n".repeat(100_000);
        let len = bytes.len() as u64;
        assert!(hashed(&mut &bytes[..], len, false).is_some());
        assert!(hashed(&mut &bytes[..], len - 1, false).is_none(), "it grew");
        assert!(
            hashed(&mut &bytes[..], len + 1, false).is_none(),
            "it shrank"
        );
        // The same bytes give the whole text's key, whatever the chunks.
        let (key, digest) = hashed(&mut &bytes[..], len, true).unwrap();
        let mut whole = KeyStream::new(len);
        whole.update(&bytes);
        assert_eq!(key, whole.finish(true));
        assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(&bytes));
    }
}
