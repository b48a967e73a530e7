//! A first opening that the snapshot cache cannot serve, read as a stream: the file's pieces
//! are parsed as they are read, and its text is never held whole.
//!
//! Reading the whole text first and parsing its pieces after ([`crate::load::parallel`]) held
//! all of it (60 MB at 100,000 events) until every event was parsed, which is when a first
//! opening's memory peaked. Here the file is read in chunks through the rules of the layout
//! ([`super::stream`]): once the first item begins, the head is parsed and checked against its
//! source files; then each run of items of about a piece's size goes, as its own string, to
//! whichever parsing thread is free, and is dropped once parsed. The reading waits while every
//! thread is busy, so no more than a piece per thread waits in memory. The items' keys and
//! the digest of the bytes are taken on the way, as an opening from the cache takes them.
//!
//! Anything out of the ordinary gives `None`, and the caller reads the whole text for the load
//! it always did: a small file, a file that is not regular (it could not be read again), a
//! text whose items cannot be found safely or that begins with a byte-order mark, a piece that
//! does not parse, any problem at all (only the whole text, read with positions, words them
//! exactly), and a review met after the sources were read without the digests a review needs.
//! The result is always the chronology the load of the whole text gives.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Sender, bounded};

use super::items::Items;
use super::stream::{self, CHUNK, Digest, Lines, State};
use super::{Change, Reloaded};
use crate::load::files::SourceFiles;
use crate::load::input::Observed;
use crate::load::parallel::{self, MIN_BYTES, OwnedPiece};
use crate::load::schema::Unlocated;
use crate::load::snapshot::{Key, Recording};
use crate::load::sources::SourceReader;
use crate::load::threads::cores;
use crate::load::validate::{self, Events, Head, Kept};
use crate::load::{LoadOptions, MAX_FILE_BYTES};

/// What a file read as a stream gave.
pub(super) enum Cold {
    Loaded(Box<Reloaded>),
    /// The text has problems: the whole text's load need only read it with positions, which
    /// words them (the reading without them is this one's).
    Problems,
}

/// The text has problems (see [`Cold::Problems`]).
struct HasProblems;

/// Loads the file at `path` as a stream (see the module documentation), opened as `reload`
/// reads it; `hashed`, the key and digest an opening took of it for the snapshot cache, under
/// which the chronology is stored when the bytes loaded are those hashed. `None`: read the
/// whole text instead.
pub(super) fn streamed_file(
    name: &str,
    path: &Path,
    reader: &(dyn SourceReader + Sync),
    options: &LoadOptions,
    hashed: Option<(Key, Digest)>,
) -> Option<Cold> {
    // Only a regular file can be read again for the whole text when the stream gives way.
    let (mut file, _, len) = super::opening::open_to_read_twice(path, options)?;
    let size = usize::try_from(len).ok()?;
    if size < MIN_BYTES {
        return None;
    }
    if let Some(progress) = &options.progress {
        progress.bytes_total.store(len, Ordering::Relaxed);
    }
    let recording = Recording::new(reader);
    let observed = Observed::new(&recording, options);
    let piece = parallel::piece_bytes(size);
    let Ok(loaded) = load(name, &mut file, piece, &observed, options.digests)? else {
        return Some(Cold::Problems);
    };
    let Loaded {
        chronology,
        kept,
        items,
        digest,
        digests,
    } = loaded;
    let files = recording.files();
    if let (Some(snapshots), Some((key, hashed))) = (&options.snapshots, hashed)
        && hashed == digest
    {
        snapshots.put_keyed(&key, &files, &chronology, &kept.position);
    }
    if let Some(progress) = &options.progress {
        progress.bytes_done.store(digest.len, Ordering::Relaxed);
    }
    let next = super::after_full_load(name, &chronology, kept, Some(items), files, digests);
    Some(Cold::Loaded(Box::new(Reloaded {
        text: None,
        digest: Some(digest),
        result: Ok(Change::Loaded(chronology)),
        next,
    })))
}

/// A chronology loaded from a stream, with what the next reload builds on.
struct Loaded {
    chronology: crate::model::Chronology,
    kept: Kept,
    items: Items,
    digest: Digest,
    /// Whether every source's digest was taken (asked for, or the text has a review).
    digests: bool,
}

/// Loads the text `read` gives, in pieces of about `piece` bytes parsed on every core, its
/// sources read through `reader` (every digest taken when `digests`); `None` when it gives way
/// to a load of the whole text (see the module documentation), `Err` when that is for the
/// problems it has.
fn load(
    name: &str,
    read: &mut dyn Read,
    piece: usize,
    reader: &dyn SourceReader,
    digests: bool,
) -> Option<Result<Loaded, HasProblems>> {
    let threads = cores();
    let progress = reader.progress().cloned();
    let head: OnceLock<Head> = OnceLock::new();
    let every_digest = OnceLock::new();
    let failed = AtomicBool::new(false);
    let (send, receive) = bounded::<OwnedPiece>(threads);
    let (streamed, mut runs) = std::thread::scope(|scope| {
        let parsers: Vec<_> = (0..threads)
            .map(|_| {
                let receive = receive.clone();
                let (head, failed, progress) = (&head, &failed, progress.as_deref());
                scope.spawn(move || {
                    let mut done = Vec::new();
                    for piece in receive {
                        // Pieces are sent only once the head is set.
                        let parsed = head.get().and_then(|head| {
                            parallel::parse_owned_piece::<Unlocated>(name, head, &piece, progress)
                        });
                        let Some(events) = parsed else {
                            failed.store(true, Ordering::Relaxed);
                            break;
                        };
                        done.push((piece.first_event, events));
                    }
                    done
                })
            })
            .collect();
        drop(receive);
        let mut feed = Feed {
            state: State::opening(),
            piece: None,
            piece_bytes: piece.max(1),
            send,
            failed: &failed,
            on_head: &mut |text: &str, reviews: bool| {
                let taking = digests || reviews;
                let sources = SourceFiles::new(reader).taking_every_digest(taking);
                let parsed = parallel::parse_head::<Unlocated>(name, text, &sources).ok()?;
                head.set(parsed).ok()?;
                every_digest.set(taking).ok()
            },
        };
        let streamed = stream::runs(read, MAX_FILE_BYTES, CHUNK, &mut feed)
            .and_then(|(held, digest)| feed.last(&held, digest));
        // The last sender goes with the feed: the parsers stop once the pieces sent are done.
        drop(feed);
        let runs: Vec<(usize, Events)> = parsers
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        (streamed, runs)
    });
    let streamed = streamed.filter(|_| !failed.load(Ordering::Relaxed))?;
    let every_digest = every_digest.into_inner()?;
    // A review met after the sources were read without every digest: the whole text's load
    // reads them with.
    if streamed.reviews && !every_digest {
        return None;
    }
    runs.sort_unstable_by_key(|&(first, _)| first);
    let runs: Vec<Events> = runs.into_iter().map(|(_, events)| events).collect();
    let Ok((chronology, kept)) = validate::finish_keeping(name, head.into_inner()?, runs, true)
    else {
        return Some(Err(HasProblems));
    };
    // Every item is an event: anything else is a piece gone missing.
    if chronology.events.len() != streamed.items.keys.len() {
        return None;
    }
    Some(Ok(Loaded {
        chronology,
        kept: kept?,
        items: streamed.items,
        digest: streamed.digest,
        digests: digests || streamed.reviews,
    }))
}

/// Where the piece being gathered begins: its byte in the text, its 0-based line and the
/// number of its first item.
#[derive(Clone, Copy)]
struct PieceStart {
    at: usize,
    line: usize,
    event: usize,
}

/// Takes the text's lines as [`State`] does, and sends each run of items of about
/// `piece_bytes` to the parsers, the head parsed and checked first.
struct Feed<'a> {
    state: State<'static>,
    piece: Option<PieceStart>,
    piece_bytes: usize,
    send: Sender<OwnedPiece>,
    failed: &'a AtomicBool,
    /// Parses and checks the head (the text before `events:`), the text so far holding a
    /// review or not; `None` when it does not parse.
    on_head: &'a mut dyn FnMut(&str, bool) -> Option<()>,
}

impl Feed<'_> {
    /// Sends the text of `held` (which begins at byte `held_at`) from the piece's start to
    /// `end`, the next piece beginning there, with item `next_event`.
    fn send(&mut self, held: &[u8], held_at: usize, end: usize, next_event: usize) -> Option<()> {
        let start = self.piece?;
        let bytes = held.get(start.at.checked_sub(held_at)?..end.checked_sub(held_at)?)?;
        // Each run of lines went through the rules as UTF-8 already: this checks it again at
        // memory speed, rather than trusting it unchecked.
        let text = String::from_utf8(bytes.to_vec()).ok()?;
        let lines = memchr::memchr_iter(b'\n', bytes).count();
        let piece = OwnedPiece {
            text,
            first_line: u32::try_from(start.line).ok()?,
            first_event: start.event,
        };
        // Waits while every parser is busy; fails when they all stopped.
        self.send.send(piece).ok()?;
        self.piece = Some(PieceStart {
            at: end,
            line: start.line + lines,
            event: next_event,
        });
        Some(())
    }

    /// [`Lines::lines`] of whole lines `run`, at byte `at`: the head checked once it is whole,
    /// and the piece sent once the next item begins past its size.
    fn take(&mut self, held: &[u8], held_at: usize, run: &str, at: usize) -> Option<()> {
        self.state.lines(held, held_at, run, at)?;
        let Some(item) = self.state.item() else {
            return Some(());
        };
        if self.piece.is_none() {
            // The first item began: the head is whole.
            let before = self.state.head();
            let text = before.get(..self.state.events_at()?)?;
            (self.on_head)(text, self.state.reviews())?;
            self.piece = Some(PieceStart {
                at: before.len(),
                line: memchr::memchr_iter(b'\n', before.as_bytes()).count(),
                event: 0,
            });
        }
        let start = self.piece?.at;
        if item - start >= self.piece_bytes {
            self.send(held, held_at, item, self.state.items_done())?;
        }
        Some(())
    }

    /// The text's end: the last piece sent, and what the stream gave.
    fn last(&mut self, held: &[u8], digest: Digest) -> Option<stream::Streamed> {
        let end = usize::try_from(digest.len).ok()?;
        let held_at = end.checked_sub(held.len())?;
        let after_last = self.state.items_done() + 1;
        self.send(held, held_at, end, after_last)?;
        std::mem::replace(&mut self.state, State::opening()).finish(held, digest)
    }
}

impl Lines for Feed<'_> {
    fn lines(&mut self, held: &[u8], held_at: usize, run: &str, at: usize) -> Option<()> {
        if self.failed.load(Ordering::Relaxed) || (at == 0 && run.starts_with('\u{feff}')) {
            return None;
        }
        // Taken in parts, so the head is checked as soon as the first item begins and a piece
        // ends at the first item to begin past its size, not at the end of the run: a run is a
        // read's worth, which at 1,000 events made one piece of most of the file and left the
        // other core idle. Before the first item and past a piece's size, a line at a time.
        let (mut rest, mut at) = (run, at);
        while !rest.is_empty() {
            let line_from = |want: usize| {
                let after = memchr::memchr(b'\n', &rest.as_bytes()[want..]);
                after.map_or(rest.len(), |i| want + i + 1)
            };
            let take = match self.piece {
                None => line_from(0),
                Some(p) => {
                    let size = p.at.saturating_add(self.piece_bytes);
                    if at + rest.len() > size {
                        line_from(size.saturating_sub(at))
                    } else {
                        rest.len()
                    }
                }
            };
            let (now, later) = rest.split_at(take);
            self.take(held, held_at, now, at)?;
            (rest, at) = (later, at + take);
        }
        Some(())
    }

    fn keep_from(&self, at: usize) -> usize {
        self.piece
            .map_or_else(|| self.state.keep_from(at), |p| p.at)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::{Cold, Feed, load, streamed_file};
    use crate::load::incremental::items::Items;
    use crate::load::incremental::opening::{Opened, opened_file};
    use crate::load::incremental::stream::{self, State};
    use crate::load::incremental::tests::{cached, text};
    use crate::load::layout::layout;
    use crate::load::snapshot::Key;
    use crate::load::{Change, Input, LoadOptions, disk_sources, reload};
    use crate::model::Chronology;

    /// Enough events that the file is read as a stream (over `MIN_BYTES`).
    const EVENTS: usize = 3000;

    /// The chronology the load of the whole text `yaml` gives, the cache left out.
    fn whole(file: &std::path::Path) -> Chronology {
        let options = LoadOptions::default();
        let yaml = std::fs::read_to_string(file).unwrap();
        let reader = disk_sources(file, &[]);
        crate::load::load(Input::text("c.yaml", &yaml, &reader), &options)
            .result
            .unwrap()
    }

    /// The same chronology, to the last field (the model has no `PartialEq`).
    fn same(a: &Chronology, b: &Chronology) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    fn streamed(cold: Option<Cold>) -> crate::load::incremental::Reloaded {
        match cold {
            Some(Cold::Loaded(r)) => *r,
            Some(Cold::Problems) => panic!("problems"),
            None => panic!("gave way"),
        }
    }

    fn loaded(r: &crate::load::incremental::Reloaded) -> &Chronology {
        match &r.result {
            Ok(Change::Loaded(c)) => c,
            other => panic!("not a load: {:?}", other.as_ref().err()),
        }
    }

    #[test]
    fn a_file_read_as_a_stream_loads_as_its_whole_text_does_in_pieces_of_any_size() {
        let yaml = text("T", EVENTS, None);
        let (_dir, file, _) = cached(&yaml);
        let expected = whole(&file);
        let reader = disk_sources(&file, &[]);
        // One item a piece, a few, about the default, one piece for all.
        for piece in [1, 4096, 64 * 1024, usize::MAX] {
            let Some(Ok(loaded)) = load("c.yaml", &mut yaml.as_bytes(), piece, &reader, false)
            else {
                panic!("pieces of {piece} bytes");
            };
            assert!(
                same(&loaded.chronology, &expected),
                "pieces of {piece} bytes"
            );
            let laid = layout(&yaml).unwrap();
            assert_eq!(
                loaded.items,
                Items::of(&yaml, &laid),
                "pieces of {piece} bytes"
            );
            assert_eq!(loaded.digest.len, yaml.len() as u64);
            let xxh3 = xxhash_rust::xxh3::xxh3_128(yaml.as_bytes());
            assert_eq!(loaded.digest.xxh3, xxh3);
        }
        // From the file, through the opening: the same, and what the next reload builds on.
        let options = LoadOptions::default();
        let r = streamed(streamed_file("c.yaml", &file, &reader, &options, None));
        assert!(same(loaded(&r), &expected));
        assert!(r.text.is_none(), "no text held");
        assert!(r.next.is_some());
    }

    #[test]
    fn a_first_opening_goes_through_the_stream_and_its_next_save_is_a_patch() {
        let yaml = text("T", EVENTS, None);
        let (_dir, file, options) = cached(&yaml);
        let r = reload(Input::File(&file), &options, None);
        assert!(
            r.text.is_none(),
            "a load of the whole text gives its text back"
        );
        assert!(same(loaded(&r), &whole(&file)));
        let next = r.next.unwrap();
        std::fs::write(&file, text("T", EVENTS, Some(7))).unwrap();
        let saved = reload(Input::File(&file), &options, Some(&next));
        assert!(matches!(saved.result, Ok(Change::Patched(_))));
    }

    #[test]
    fn what_a_stream_cannot_load_exactly_gives_way_to_the_whole_text() {
        let reader_of = |file: &std::path::Path| disk_sources(file, &[]);
        let options = LoadOptions::default();
        let base = text("T", EVENTS, None);
        let cases = [
            ("small", text("T", 20, None)),
            ("a byte-order mark", format!("\u{feff}{base}")),
            (
                "a problem",
                base.replace(
                    "title: Event 2500\n",
                    "title: Event 2500\n    actors: [nobody]\n",
                ),
            ),
            (
                "an unknown field",
                base.replace("title: Event 2500", "titel: Event 2500"),
            ),
            ("an alias", base.replace("title: Event 2500", "title: *a")),
            ("a key after the events", format!("{base}periods: []\n")),
            (
                "an event that does not parse",
                base.replace("title: Event 2500", "title: ["),
            ),
        ];
        for (what, yaml) in cases {
            let (_dir, file, _) = cached(&yaml);
            let reader = reader_of(&file);
            let streamed = streamed_file("c.yaml", &file, &reader, &options, None);
            match streamed {
                None => assert_ne!(what, "a problem"),
                Some(Cold::Problems) => assert_eq!(what, "a problem"),
                Some(Cold::Loaded(_)) => panic!("{what}: loaded"),
            }
            // The whole text's load still says what it says, problems and all.
            let r = reload(Input::File(&file), &options, None);
            let whole = crate::load::load(Input::File(&file), &options).result;
            let (r, whole) = (r.result.map(|_| ()), whole.map(|_| ()));
            assert_eq!(format!("{r:?}"), format!("{whole:?}"), "{what}");
        }
        // A problem is reported with its line, as `check` reports it.
        let (_dir, file, _) = cached(&base.replace("title: Event 2500", "titel: Event 2500"));
        let problems = reload(Input::File(&file), &options, None)
            .result
            .err()
            .unwrap();
        // Seven lines of head, six an event: event 2500's `titel:` is on line 15010.
        let line = 7 + 2500 * 6 + 3;
        let at: Vec<_> = problems.0.iter().map(|p| p.position).collect();
        assert!(at.contains(&Some((line, 5))), "{problems:?}");
    }

    #[test]
    fn a_review_after_the_sources_were_read_without_digests_gives_way() {
        let hex = crate::load::fingerprint::sha256_hex(crate::load::incremental::tests::SOURCE);
        let reviewed = format!(
            "        quote: Delta epsilon\n        review:\n          status: verified\n          by: A\n          on: \"2024-01-01\"\n          sha256: {hex}\n"
        );
        // The last event's citation is reviewed, long after the head was read.
        let plain = text("T", EVENTS, None);
        let at = plain.rfind("        quote: Delta epsilon\n").unwrap();
        let yaml = format!(
            "{}{reviewed}{}",
            &plain[..at],
            &plain[at + "        quote: Delta epsilon\n".len()..]
        );
        let (_dir, file, _) = cached(&yaml);
        let reader = disk_sources(&file, &[]);
        let bytes = yaml.as_bytes();
        assert!(load("c.yaml", &mut { bytes }, 4096, &reader, false).is_none());
        // Asked for every digest from the start: the stream loads it, as the whole text does.
        let Some(Ok(with)) = load("c.yaml", &mut { bytes }, 4096, &reader, true) else {
            panic!("not loaded");
        };
        assert!(with.digests);
        let options = LoadOptions {
            digests: true,
            ..LoadOptions::default()
        };
        let whole = crate::load::load(Input::File(&file), &options)
            .result
            .unwrap();
        assert!(same(&with.chronology, &whole));
    }

    #[test]
    fn the_entry_is_stored_only_under_the_key_of_the_bytes_loaded() {
        let yaml = text("T", EVENTS, None);
        let (_dir, file, options) = cached(&yaml);
        let reader = disk_sources(&file, &[]);
        let Opened::Miss(key, digest) = opened_file("c.yaml", &file, &reader, &options) else {
            panic!("no entry yet");
        };
        // Hashed, then changed before the stream read it: nothing stored under that key.
        std::fs::write(&file, text("T", EVENTS, Some(3))).unwrap();
        let hashed = Some((key, digest));
        let r = streamed(streamed_file("c.yaml", &file, &reader, &options, hashed));
        assert!(loaded(&r).events.iter().any(|e| e.title == "Renamed 3"));
        assert!(matches!(
            opened_file("c.yaml", &file, &reader, &options),
            Opened::Miss(..)
        ));
        std::fs::write(&file, &yaml).unwrap();
        assert!(matches!(
            opened_file("c.yaml", &file, &reader, &options),
            Opened::Miss(..)
        ));
        // Hashed and streamed the same bytes: stored, and the next opening is a hit.
        let Opened::Miss(key, digest) = opened_file("c.yaml", &file, &reader, &options) else {
            panic!("no entry yet");
        };
        assert_eq!(key, Key::of(&yaml, options.digests));
        let hashed = Some((key, digest));
        let r = streamed(streamed_file("c.yaml", &file, &reader, &options, hashed));
        assert!(same(loaded(&r), &whole(&file)));
        assert!(matches!(
            opened_file("c.yaml", &file, &reader, &options),
            Opened::Hit(_)
        ));
    }

    #[test]
    fn each_piece_says_where_it_begins_in_the_file() {
        let yaml = text("T", 500, None);
        let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
        // Reads smaller than a piece, and one read for the whole file.
        for chunk in [300, 1 << 20] {
            let (send, receive) = crossbeam_channel::unbounded();
            let failed = AtomicBool::new(false);
            let mut heads = Vec::new();
            let mut feed = Feed {
                state: State::opening(),
                piece: None,
                piece_bytes: 1000,
                send,
                failed: &failed,
                on_head: &mut |head: &str, _| {
                    heads.push(head.to_string());
                    Some(())
                },
            };
            let mut read = yaml.as_bytes();
            let (held, digest) = stream::runs(&mut read, u64::MAX, chunk, &mut feed).unwrap();
            feed.last(&held, digest).unwrap();
            drop(feed);
            assert_eq!(heads, [&yaml[..yaml.find("events:").unwrap()]]);
            let pieces: Vec<_> = receive.iter().collect();
            let mut next_event = 0;
            for (k, piece) in pieces.iter().enumerate() {
                assert_eq!(piece.first_event, next_event);
                let first = format!("  - id: e{}\n", piece.first_event);
                assert!(piece.text.starts_with(&first));
                let from = piece.first_line as usize;
                let n = piece.text.split_inclusive('\n').count();
                assert_eq!(piece.text, lines[from..from + n].concat());
                next_event += piece.text.matches("  - id: e").count();
                // Cut at the first item past the size, however the file was read.
                let items: Vec<_> = piece.text.match_indices("  - id: e").collect();
                if k + 1 < pieces.len() {
                    assert!(piece.text.len() >= 1000, "chunk {chunk}");
                    assert!(items.last().unwrap().0 < 1000, "chunk {chunk}");
                }
            }
            assert_eq!(next_event, 500);
            // Together, the pieces are the events list whole.
            let all: String = pieces.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(all, &yaml[yaml.find("  - id: e0").unwrap()..]);
        }
    }
}
