//! Opening a file through the snapshot cache without holding its text.
//!
//! An opening needs three things of the YAML when the cache has its chronology: the entry's
//! key (a hash of every byte), the items the next reload compares with ([`Items`]), and the
//! digest a write is checked against. None of them needs the whole text at once, and at 100,000
//! events holding it (60 MB) while the entry's chronology is decoded made that the viewer's
//! peak. So this thread reads the file in chunks and hashes each as it comes (the key, then
//! the digest), while the other core lays the same chunks out into items ([`stream::opened`]);
//! the entry is looked up as soon as the last byte is hashed, and read while the items are
//! still being found. No byte is checked as UTF-8 on the way to the key: an entry exists only
//! for bytes that loaded, and the key names those bytes.
//!
//! A miss (no entry, or one that does not hold) gives `None`, and the caller reads the whole
//! text for a full load as before: the chunks read here are not kept for it.

use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use xxhash_rust::xxh3::Xxh3;

use super::stream::{self, CHUNK, Digest};
use super::{Change, Reloadable, Reloaded};
use crate::load::snapshot::{Key, KeyStream};
use crate::load::sources::{self, SourceReader};
use crate::load::{LoadOptions, MAX_FILE_BYTES};

/// The chronology the snapshot cache holds for the file at `path`, opened as `reload` reads
/// it (confined, a regular file when the options say so, bounded in size), with what the next
/// reload builds on; `None` when the options name no cache, on a miss, or when reading fails.
pub(super) fn opened_file(
    name: &str,
    path: &Path,
    reader: &(dyn SourceReader + Sync),
    options: &LoadOptions,
) -> Option<Reloaded> {
    let snapshots = options.snapshots.as_ref()?;
    let resolved = sources::confine_chronology(path, &options.allowed).ok()?;
    let (mut file, len) = sources::open_bounded(&resolved, MAX_FILE_BYTES, options.reading).ok()?;
    if let Some(progress) = &options.progress {
        progress.bytes_total.store(len, Ordering::Relaxed);
    }
    let stop = AtomicBool::new(false);
    let (stored, read, streamed) = std::thread::scope(|scope| {
        // Unbounded: the hashing here runs ahead of the layout there, and the key is what the
        // entry waits for. The chunks queued are gone long before the chronology is whole.
        let (tx, rx) = std::sync::mpsc::channel();
        let scan = scope.spawn(|| {
            let mut chunks = Chunks {
                rx,
                stop: &stop,
                chunk: Vec::new(),
                at: 0,
            };
            stream::opened(&mut chunks, MAX_FILE_BYTES, CHUNK)
        });
        let read = hashed(&mut file, len, options.digests, &tx);
        drop(tx);
        let stored = read
            .as_ref()
            .and_then(|(key, _)| snapshots.get_keyed(key, reader));
        if stored.is_none() {
            stop.store(true, Ordering::Relaxed);
        }
        (stored, read, scan.join().ok().flatten())
    });
    let stored = stored?;
    let (_, digest) = read?;
    if let Some(progress) = &options.progress {
        progress.bytes_done.store(len, Ordering::Relaxed);
    }
    // Items that cannot be found (a layout the reload does not patch) only cost the next save
    // a full load, as after any load.
    let next = streamed.and_then(|streamed| {
        Reloadable::new(
            name,
            streamed.items,
            &stored.chronology,
            stored.position,
            None,
            stored.files,
            options.digests || streamed.reviews,
        )
    });
    Some(Reloaded {
        text: None,
        digest: Some(digest),
        result: Ok(Change::Loaded(stored.chronology)),
        next,
    })
}

/// Reads `file` to its end, sending each chunk on `to` (dropped when the other side stopped),
/// and gives the entry's key (`digests` as for the cache's) and the digest of the bytes; `None` unless exactly `len` bytes
/// came (the file changed as it was read) or when reading fails.
fn hashed(
    file: &mut impl Read,
    len: u64,
    digests: bool,
    to: &Sender<Vec<u8>>,
) -> Option<(Key, Digest)> {
    let mut key = KeyStream::new(len);
    let mut digest = Xxh3::new();
    let mut total: u64 = 0;
    loop {
        let mut chunk = vec![0u8; CHUNK];
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        chunk.truncate(n);
        total += n as u64;
        if total > len {
            return None;
        }
        key.update(&chunk);
        digest.update(&chunk);
        // The layout may have stopped (a text it cannot lay out): the key is still wanted.
        let _ = to.send(chunk);
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

/// The chunks another thread reads, as one stream; it ends when they do, and fails once told
/// to stop (the entry missed, so the items are not wanted).
struct Chunks<'a> {
    rx: Receiver<Vec<u8>>,
    stop: &'a AtomicBool,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            if self.stop.load(Ordering::Relaxed) {
                return Err(std::io::Error::other("the opening stopped"));
            }
            match self.rx.recv() {
                Ok(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::incremental::items::Items;
    use crate::load::layout::layout;
    use crate::load::{Input, Snapshots, load, reload};

    use crate::load::incremental::tests::{SOURCE, text as chronology};

    fn text(events: usize) -> String {
        chronology("T", events, None)
    }

    #[test]
    fn a_warm_opening_reads_the_file_in_chunks_and_keeps_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        std::fs::write(dir.path().join("s.txt"), SOURCE).unwrap();
        // Larger than a chunk, so the items are found across chunks.
        let yaml = text(9000);
        assert!(yaml.len() > 3 * CHUNK);
        std::fs::write(&file, &yaml).unwrap();
        let options = LoadOptions {
            snapshots: Some(Snapshots::in_folder(dir.path().join("cache"))),
            ..LoadOptions::default()
        };
        let cold = reload(Input::File(&file), &options, None);
        assert!(cold.result.is_ok(), "a miss loads the whole text");
        assert!(cold.text.is_none(), "and drops it once the events check");
        assert_eq!(cold.digest.map(|d| d.len), Some(yaml.len() as u64));
        let warm = reload(Input::File(&file), &options, None);
        assert!(warm.text.is_none(), "a hit holds no text");
        let digest = warm.digest.expect("the digest of the bytes read");
        assert_eq!(digest.len, yaml.len() as u64);
        assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(yaml.as_bytes()));
        let next = warm.next.expect("the items were found");
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
    fn an_opening_without_a_cache_or_its_entry_gives_way_to_a_full_load() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        std::fs::write(dir.path().join("s.txt"), SOURCE).unwrap();
        std::fs::write(&file, text(5)).unwrap();
        let reader = crate::load::disk_sources(&file, &[]);
        assert!(opened_file("c.yaml", &file, &reader, &LoadOptions::default()).is_none());
        let options = LoadOptions {
            snapshots: Some(Snapshots::in_folder(dir.path().join("cache"))),
            ..LoadOptions::default()
        };
        assert!(
            opened_file("c.yaml", &file, &reader, &options).is_none(),
            "no entry yet"
        );
        let _cold = reload(Input::File(&file), &options, None);
        assert!(opened_file("c.yaml", &file, &reader, &options).is_some());
        // Another text of the same length: another key, a miss.
        std::fs::write(&file, text(5).replace("Event 3", "Event 9")).unwrap();
        assert!(opened_file("c.yaml", &file, &reader, &options).is_none());
    }

    #[test]
    fn a_file_that_is_not_the_length_it_was_opened_with_gives_no_key() {
        let (tx, _rx) = std::sync::mpsc::channel();
        let bytes = b"title: T\n".repeat(100_000);
        let len = bytes.len() as u64;
        assert!(hashed(&mut &bytes[..], len, false, &tx).is_some());
        assert!(
            hashed(&mut &bytes[..], len - 1, false, &tx).is_none(),
            "it grew"
        );
        assert!(
            hashed(&mut &bytes[..], len + 1, false, &tx).is_none(),
            "it shrank"
        );
        // The same bytes give the whole text's key, whatever the chunks.
        let (key, digest) = hashed(&mut &bytes[..], len, true, &tx).unwrap();
        let mut whole = KeyStream::new(len);
        whole.update(&bytes);
        assert_eq!(key, whole.finish(true));
        assert_eq!(digest.xxh3, xxhash_rust::xxh3::xxh3_128(&bytes));
    }
}
