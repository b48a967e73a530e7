//! One snapshot entry as bytes: a fixed header, then sections, each its length and its bytes
//! (postcard, but for the source texts), then a checksum over the sections.
//!
//! ```text
//! "SLSNAPSH"  layout: u32 LE  key: [u8; 32]
//! (len: u32 LE, postcard) for: the files read, the head, then for each source text the text
//! as it is (UTF-8, then 0xFF; not for a text that is a file's very bytes) and its pages, then
//! each run of events
//! 0: u32 LE  crc32(every section with its length): u32 LE
//! ```
//!
//! Why postcard, measured on the generated 100,000-event chronology (BENCHMARKS.md): it is
//! already how the extraction cache stores entries, its varint integers keep the entry near
//! the YAML's size (67.5 MB for 58.6 MB), and decoding it takes a fraction of the time the
//! YAML parse does. A zero-copy format (rkyv) would skip building the strings, but the viewer
//! needs an owned [`Chronology`] either way, and every index would still have to be checked.
//!
//! Why sections: the entry is written and read a section at a time, so it never sits whole in
//! memory beside the chronology it holds (which would add its size to the peak); and the
//! files come first, so a hit can check that its sources are unchanged while the rest is read.
//!
//! A source text that is its file's very bytes (a plain-text source, the usual one) is not
//! stored at all: the files section says which files are texts, and the hit that reads every
//! listed file again to hash it keeps those bytes as the text. That file is read either way;
//! its text in the entry was 25 of the 49 MB read again at 100,000 events.
//!
//! Nothing read is trusted: a section's length is bounded by what is left of the file, the
//! checksum catches a cut or damaged entry, the header one of another layout or key, and
//! [`sound`] every index and range the viewer follows. Source texts shared by several sources
//! are stored once, as the load shares them.

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::FileRead;
use crate::model::{
    Actor, Chronology, CitationRef, Date, Event, Format, Page, Passages, Period, Reliability,
    Source, Zone,
};

/// The entry layout's version: bump it when the header or any stored type changes shape.
pub(super) const LAYOUT: u32 = 8;

const MAGIC: &[u8; 8] = b"SLSNAPSH";
const HEADER: usize = 8 + 4 + 32;
/// Events per section.
pub(super) const RUN: usize = 4096;

/// The files a load read, and which of them are source texts as they are (so the hit that
/// reads them again to check them keeps those bytes).
#[derive(Serialize, Deserialize)]
struct FilesWire<'a> {
    files: Cow<'a, [FileRead]>,
    /// For each file, whether a text is its bytes.
    texts: Vec<bool>,
}

/// Everything but the source texts and the events.
#[derive(Serialize, Deserialize)]
struct HeadWire<'a> {
    title: Cow<'a, str>,
    timezone: Option<Zone>,
    /// For each source text, the file whose very bytes it is (its section then left out).
    text_files: Vec<Option<u32>>,
    events: u64,
    sources: Vec<SourceWire>,
    actors: Cow<'a, [Actor]>,
    tags: Cow<'a, [String]>,
    periods: Cow<'a, [Period]>,
    /// For each event in file order, its place in the chronology's events, when the load
    /// said (empty when not): what a reload of the file that parses only the events that
    /// changed needs ([`crate::load::incremental`]).
    position: Cow<'a, [u32]>,
}

/// Ends a section holding a source's reader text as it is (not postcard): never a byte of
/// UTF-8, and a section is never empty (an empty length marks the end).
const TEXT_END: u8 = 0xFF;

#[derive(Serialize, Deserialize)]
struct SourceWire {
    id: String,
    title: String,
    publisher: Option<String>,
    authors: Vec<String>,
    date: Option<Date>,
    url: Option<String>,
    archived: Option<String>,
    accessed: Option<Date>,
    path: String,
    /// Index into the texts, in the order their sections come.
    text: usize,
    format: u8,
    reliability: Option<Reliability>,
    sha256: Option<String>,
}

fn format_code(format: Format) -> u8 {
    match format {
        Format::Text => 0,
        Format::Html => 1,
        Format::Pdf => 2,
    }
}

fn format_of(code: u8) -> Option<Format> {
    match code {
        0 => Some(Format::Text),
        1 => Some(Format::Html),
        2 => Some(Format::Pdf),
        _ => None,
    }
}

/// Writes sections, each with its length, keeping the checksum.
struct Sections<'w> {
    out: &'w mut dyn Write,
    sum: crc32fast::Hasher,
}

impl Sections<'_> {
    fn put<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let bytes = postcard::to_allocvec(value).map_err(io::Error::other)?;
        self.put_raw(&[&bytes])
    }

    /// A section of `parts`, one after the other, as they are.
    fn put_raw(&mut self, parts: &[&[u8]]) -> io::Result<()> {
        let len = u32::try_from(parts.iter().map(|p| p.len()).sum::<usize>())
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| io::Error::other("a section of no bytes or over 4 GiB"))?;
        self.sum.update(&len.to_le_bytes());
        self.out.write_all(&len.to_le_bytes())?;
        for part in parts {
            self.sum.update(part);
            self.out.write_all(part)?;
        }
        Ok(())
    }
}

/// Writes the entry for `chronology`, made from the files `files`, stored under `key`.
///
/// # Errors
/// What writing to `out` gives.
#[cfg(test)]
pub(super) fn write(
    out: &mut dyn Write,
    key: &[u8; 32],
    files: &[FileRead],
    chronology: &Chronology,
) -> io::Result<()> {
    write_with(out, key, files, chronology, &[])
}

/// [`write`], with each event's place in the chronology by its place in the file (or none).
///
/// # Errors
/// What writing to `out` gives.
pub(super) fn write_with(
    out: &mut dyn Write,
    key: &[u8; 32],
    files: &[FileRead],
    chronology: &Chronology,
    position: &[u32],
) -> io::Result<()> {
    let mut texts: Vec<&Source> = Vec::new();
    let sources = chronology
        .sources
        .iter()
        .map(|s| {
            let text = texts
                .iter()
                .position(|t| Arc::ptr_eq(&t.text, &s.text))
                .unwrap_or_else(|| {
                    texts.push(s);
                    texts.len() - 1
                });
            SourceWire {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                authors: s.authors.clone(),
                date: s.date,
                url: s.url.clone(),
                archived: s.archived.clone(),
                accessed: s.accessed,
                path: s.path.clone(),
                text,
                format: format_code(s.format),
                reliability: s.reliability,
                sha256: s.sha256.clone(),
            }
        })
        .collect();
    let text_files: Vec<Option<u32>> = texts.iter().map(|t| file_of_text(&t.text, files)).collect();
    let mut as_text = vec![false; files.len()];
    for &f in text_files.iter().flatten() {
        as_text[f as usize] = true;
    }
    let head = HeadWire {
        title: Cow::Borrowed(&chronology.title),
        timezone: chronology.timezone,
        text_files,
        events: chronology.events.len() as u64,
        sources,
        actors: Cow::Borrowed(&chronology.actors),
        tags: Cow::Borrowed(&chronology.tags),
        periods: Cow::Borrowed(&chronology.periods),
        position: Cow::Borrowed(position),
    };
    out.write_all(MAGIC)?;
    out.write_all(&LAYOUT.to_le_bytes())?;
    out.write_all(key)?;
    let mut sections = Sections {
        out,
        sum: crc32fast::Hasher::new(),
    };
    sections.put(&FilesWire {
        files: Cow::Borrowed(files),
        texts: as_text,
    })?;
    sections.put(&head)?;
    // A text as it is, so reading it back takes the section's bytes for the string rather
    // than copying them out of postcard; none for a text that is its file's bytes.
    for (t, file) in texts.iter().zip(&head.text_files) {
        if file.is_none() {
            sections.put_raw(&[t.text.as_bytes(), &[TEXT_END]])?;
        }
        sections.put(t.pages.as_slice())?;
    }
    for run in chronology.events.chunks(RUN) {
        sections.put(run)?;
    }
    let sum = sections.sum.finalize();
    let out = sections.out;
    out.write_all(&0u32.to_le_bytes())?;
    out.write_all(&sum.to_le_bytes())
}

/// The file among `files` whose bytes are `text`, if any: the same length and BLAKE3 (the
/// files' own hashes, which a hit checks again on the files as they are then).
fn file_of_text(text: &str, files: &[FileRead]) -> Option<u32> {
    let len = text.len() as u64;
    if !files.iter().any(|f| f.len == len) {
        return None;
    }
    let hash = *blake3::hash(text.as_bytes()).as_bytes();
    let at = files
        .iter()
        .position(|f| f.len == len && f.blake3 == hash)?;
    u32::try_from(at).ok()
}

/// Reads sections of an entry of `len` bytes, keeping the checksum.
struct Reader<R> {
    input: R,
    left: u64,
    sum: crc32fast::Hasher,
}

impl<R: Read> Reader<R> {
    fn bytes(&mut self, n: u64) -> Option<Vec<u8>> {
        self.bytes_into(n, Vec::new())
    }

    /// The next `n` bytes, read into `buf` (whatever it held dropped, its memory reused).
    fn bytes_into(&mut self, n: u64, mut buf: Vec<u8>) -> Option<Vec<u8>> {
        if n > self.left {
            return None;
        }
        self.left -= n;
        buf.clear();
        buf.resize(usize::try_from(n).ok()?, 0);
        self.input.read_exact(&mut buf).ok()?;
        Some(buf)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes(4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    /// The next section's bytes; `None` at the end mark or on a length past the end.
    fn section(&mut self) -> Option<Vec<u8>> {
        self.section_into(Vec::new())
    }

    /// [`Reader::section`], read into `buf`.
    fn section_into(&mut self, buf: Vec<u8>) -> Option<Vec<u8>> {
        let len = self.u32()?;
        if len == 0 {
            return None;
        }
        let bytes = self.bytes_into(u64::from(len), buf)?;
        self.sum.update(&len.to_le_bytes());
        self.sum.update(&bytes);
        Some(bytes)
    }

    fn take<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        postcard::from_bytes(&self.section()?).ok()
    }

    /// Whether the end mark, the checksum and the end of the input come next.
    fn ends_soundly(mut self) -> bool {
        let (Some(0), Some(stored)) = (self.u32(), self.u32()) else {
            return false;
        };
        let mut rest = [0u8; 1];
        self.left == 0
            && stored == self.sum.finalize()
            && matches!(self.input.read(&mut rest), Ok(0))
    }
}

/// The chronology in the entry read from `input` (`len` bytes), when its header names `key`,
/// its checksum holds, every index in it is sound, and `unchanged` says the files it lists are
/// still the bytes it was made from. `unchanged` runs on a thread of its own while the rest of
/// the entry is read: given the files and which of them are texts, it gives those files'
/// bytes as UTF-8, in the files' order (`None`: a file changed, or one is not UTF-8).
#[cfg(test)]
pub(super) fn read(
    input: impl Read,
    len: u64,
    key: &[u8; 32],
    unchanged: impl FnOnce(&[FileRead], &[bool]) -> Option<Vec<String>> + Send,
) -> Option<Chronology> {
    read_with(input, len, key, unchanged).map(|read| read.chronology)
}

/// What an entry holds besides the chronology.
pub(crate) struct Stored {
    pub(crate) chronology: Chronology,
    pub(crate) files: Vec<FileRead>,
    /// Each event's place in the chronology by its place in the file; empty when not stored.
    pub(crate) position: Vec<u32>,
}

/// [`read`], with the files and the events' places the entry stores.
pub(super) fn read_with(
    input: impl Read,
    len: u64,
    key: &[u8; 32],
    unchanged: impl FnOnce(&[FileRead], &[bool]) -> Option<Vec<String>> + Send,
) -> Option<Stored> {
    let mut r = Reader {
        input,
        left: len,
        sum: crc32fast::Hasher::new(),
    };
    let header = r.bytes(HEADER as u64)?;
    let (magic, rest) = header.split_at(8);
    let (layout, stored_key) = rest.split_at(4);
    if magic != MAGIC || layout != LAYOUT.to_le_bytes() || stored_key != key {
        return None;
    }
    let FilesWire { files, texts } = r.take()?;
    if texts.len() != files.len() {
        return None;
    }
    let read = std::thread::scope(|scope| {
        let check = scope.spawn(|| unchanged(&files, &texts));
        read_rest(r, &texts, || check.join().ok().flatten())
    });
    read.map(|(chronology, position)| Stored {
        chronology,
        files: files.into_owned(),
        position,
    })
}

/// The rest of the entry after its files section; `file_texts` gives the bytes of the files
/// marked in `is_text`, checked unchanged and UTF-8 (`None`: not), and is asked once the
/// events are read, whatever they are.
fn read_rest(
    mut r: Reader<impl Read>,
    is_text: &[bool],
    file_texts: impl FnOnce() -> Option<Vec<String>>,
) -> Option<(Chronology, Vec<u32>)> {
    let head: HeadWire = r.take()?;
    // The source texts (25 MB at the generated 100,000 events) are checked as UTF-8 on a thread
    // of their own while the events are read and decoded, rather than before the first event
    // section is read.
    let (read, checked) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let checker = scope.spawn(move || {
            rx.into_iter()
                .map(|bytes| String::from_utf8(bytes).ok())
                .collect::<Vec<_>>()
        });
        let read = read_texts_then_events(r, &head, tx);
        (read, checker.join().unwrap_or_default())
    });
    let by_file = texts_by_file(is_text, file_texts()?)?;
    let (pages, mut events) = read?;
    let mut stored = checked.into_iter();
    let texts: Vec<(Arc<String>, Arc<Vec<Page>>)> = head
        .text_files
        .iter()
        .zip(pages)
        .map(|(file, pages)| {
            let text = match file {
                Some(f) => Arc::clone(by_file.get(usize::try_from(*f).ok()?)?.as_ref()?),
                None => Arc::new(stored.next()??),
            };
            Some((text, Arc::new(pages)))
        })
        .collect::<Option<_>>()?;
    let mut sources = Vec::with_capacity(head.sources.len());
    for s in head.sources {
        let (text, pages) = texts.get(s.text)?;
        sources.push(Source {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            authors: s.authors,
            date: s.date,
            url: s.url,
            archived: s.archived,
            accessed: s.accessed,
            path: s.path,
            text: Arc::clone(text),
            format: format_of(s.format)?,
            pages: Arc::clone(pages),
            reliability: s.reliability,
            sha256: s.sha256,
        });
    }
    link_quotes(&mut events, &sources)?;
    let mut chronology = Chronology {
        title: head.title.into_owned(),
        timezone: head.timezone,
        sources,
        actors: head.actors.into_owned(),
        tags: head.tags.into_owned(),
        events,
        periods: head.periods.into_owned(),
        passages: Vec::new(),
        longest_passage: Vec::new(),
    };
    let (passages, longest) = sound_and_indexed(&chronology)?;
    chronology.passages = passages;
    chronology.longest_passage = longest;
    let mut position = head.position.into_owned();
    if !is_permutation(&position, chronology.events.len()) {
        position = Vec::new();
    }
    Some((chronology, position))
}

/// For each file, its text when `is_text` says it is one: `texts` holds them in the files'
/// order, exactly as many as marked (`None` otherwise).
fn texts_by_file(is_text: &[bool], texts: Vec<String>) -> Option<Vec<Option<Arc<String>>>> {
    let mut texts = texts.into_iter();
    let by_file = is_text
        .iter()
        .map(|&is| {
            if is {
                texts.next().map(|t| Some(Arc::new(t)))
            } else {
                Some(None)
            }
        })
        .collect::<Option<Vec<_>>>()?;
    texts.next().is_none().then_some(by_file)
}

/// Links each quote stored as its citation's passage to its source's text
/// ([`crate::model::Quote::link`]); `None` when one cannot be (a source that does not exist, a
/// range off its text). Half the events on each core: 200,000 quotes at the generated 100,000
/// events took 8 ms of one.
fn link_quotes(events: &mut [Event], sources: &[Source]) -> Option<()> {
    let link = |events: &mut [Event]| -> Option<()> {
        for c in events.iter_mut().flat_map(|e| &mut e.citations) {
            // Only a quote stored as its passage is touched (`link` leaves the others).
            c.quote
                .link(&sources.get(c.source)?.text, c.range.clone())?;
        }
        Some(())
    };
    let (first, second) = events.split_at_mut(events.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| link(second));
        let one = link(first);
        other.join().ok().flatten().and(one)
    })
}

/// The source texts the entry stores, each sent on `texts` to be checked as UTF-8, and every
/// text's pages; then its events; `None` on anything the entry does not hold soundly.
fn read_texts_then_events(
    mut r: Reader<impl Read>,
    head: &HeadWire,
    texts: std::sync::mpsc::Sender<Vec<u8>>,
) -> Option<(Vec<Vec<Page>>, Vec<Event>)> {
    let mut pages = Vec::new();
    for file in &head.text_files {
        if file.is_none() {
            let mut bytes = r.section()?;
            if bytes.pop() != Some(TEXT_END) {
                return None;
            }
            texts.send(bytes).ok()?;
        }
        pages.push(r.take()?);
    }
    drop(texts);
    let count = usize::try_from(head.events).ok()?;
    let events = read_events(&mut r, count)?;
    r.ends_soundly().then_some((pages, events))
}

/// The `count` events, in runs of [`RUN`] (the last one shorter) as [`write_with`] writes
/// them: each run's section read and checksummed here, in order, and decoded on a thread of
/// its own beside (decoding is most of a warm opening; at 100,000 events there are 25 runs).
///
/// This thread puts each decoded run in place as soon as the runs before it are: while it
/// waits for a decoder to take the next section, rather than copying 28 MB of events once
/// the last is decoded. A run's memory is then freed while the others are decoded, for the
/// next run to reuse, rather than all of them held to the end beside the events.
fn read_events(r: &mut Reader<impl Read>, count: usize) -> Option<Vec<Event>> {
    use crossbeam_channel::{Select, bounded, unbounded};

    let runs = count.div_ceil(RUN);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4)
        .min(runs.max(1));
    std::thread::scope(|scope| {
        // A section's buffer goes back to the reader once decoded: a fresh 1.7 MB for each
        // of the 25 sections at 100,000 events would be pages the kernel zeroes and maps for
        // nothing (a page fault costs more than the bytes read into it).
        let (spare, spares) = unbounded::<Vec<u8>>();
        let (decoded, runs_decoded) = unbounded::<(usize, Option<Vec<Event>>)>();
        let mut senders = Vec::with_capacity(threads);
        let mut decoders = Vec::with_capacity(threads);
        for _ in 0..threads {
            // Two sections waiting per thread at most: the entry is never all in memory.
            let (tx, rx) = bounded::<(usize, Vec<u8>)>(2);
            senders.push(tx);
            let (spare, decoded) = (spare.clone(), decoded.clone());
            decoders.push(scope.spawn(move || {
                for (k, bytes) in rx {
                    let run = decode_run(&bytes, run_len(k, runs, count));
                    let _ = spare.send(bytes);
                    if decoded.send((k, run)).is_err() {
                        break;
                    }
                }
            }));
        }
        drop((spare, decoded));
        let mut in_order = || -> Option<Vec<Event>> {
            let mut events = InOrder::default();
            for k in 0..runs {
                // Never more sections than the stored count calls for: it is untrusted until
                // the checksum holds, and a section past the end is refused by `section`.
                let bytes = r.section_into(spares.try_recv().unwrap_or_default())?;
                let to = &senders[k % threads];
                // Runs decoded are put in place while the decoder's queue is full.
                loop {
                    let mut ready = Select::new();
                    let send = ready.send(to);
                    let recv = ready.recv(&runs_decoded);
                    let op = ready.select();
                    if op.index() == send {
                        op.send(to, (k, bytes)).ok()?;
                        break;
                    }
                    debug_assert_eq!(op.index(), recv);
                    events.put(op.recv(&runs_decoded).ok()?)?;
                }
            }
            while events.next < runs {
                events.put(runs_decoded.recv().ok()?)?;
            }
            Some(events.events)
        };
        let events = in_order();
        // Whatever happened, the decoders are told there is no more and joined here: one that
        // panicked is a damaged entry, not a viewer that stops.
        drop((senders, runs_decoded));
        let joined = decoders.into_iter().all(|d| d.join().is_ok());
        let mut events = events.filter(|_| joined)?;
        events.shrink_to_fit();
        Some(events)
    })
}

/// Decoded runs, put in file order as they come in any order.
#[derive(Default)]
struct InOrder {
    events: Vec<Event>,
    /// The run that comes next.
    next: usize,
    /// Runs decoded before the one that comes next (a few: one or two per decoder).
    waiting: std::collections::BTreeMap<usize, Vec<Event>>,
}

impl InOrder {
    /// Takes run `k` (`None`: it did not decode, and neither can the entry).
    fn put(&mut self, (k, run): (usize, Option<Vec<Event>>)) -> Option<()> {
        self.waiting.insert(k, run?);
        while let Some(run) = self.waiting.remove(&self.next) {
            self.events.extend(run);
            self.next += 1;
        }
        Some(())
    }
}

/// How many events the `k`th of `runs` runs holds, `count` in all.
fn run_len(k: usize, runs: usize, count: usize) -> usize {
    if k + 1 == runs { count - k * RUN } else { RUN }
}

/// One run's section: postcard's `Vec<Event>` (its length, then each event), decoded into a
/// vector of exactly `expected` events, or `None` when it holds any other number or anything
/// after them. Decoded an event at a time, so the vector is made at its size once (serde's
/// own `Vec` guesses at most 1 MiB, 3,744 events, then doubles, copying).
pub(super) fn decode_run(bytes: &[u8], expected: usize) -> Option<Vec<Event>> {
    let (len, mut rest) = postcard::take_from_bytes::<usize>(bytes).ok()?;
    if len != expected {
        return None;
    }
    let mut events = Vec::with_capacity(expected);
    for _ in 0..expected {
        let (event, after) = postcard::take_from_bytes::<Event>(rest).ok()?;
        events.push(event);
        rest = after;
    }
    rest.is_empty().then_some(events)
}

/// Whether `position` names each of `n` places once.
fn is_permutation(position: &[u32], n: usize) -> bool {
    if position.len() != n {
        return false;
    }
    let mut seen = vec![false; n];
    position.iter().all(|&p| {
        usize::try_from(p)
            .ok()
            .and_then(|p| seen.get_mut(p))
            .is_some_and(|seen| !std::mem::replace(seen, true))
    })
}

/// Whether every index in `c` names something that exists and every range lies on character
/// boundaries of its source's text: what the viewer and commands follow without checking.
/// (An entry is checked by `sound_and_indexed`, the same checks in another order.)
#[cfg(test)]
pub(super) fn sound(c: &Chronology) -> bool {
    sound_but_ranges(c)
        && c.events.iter().all(|e| {
            e.citations.iter().all(|citation| {
                let text = &c.sources[citation.source].text;
                range_sound(text, citation.range.start, citation.range.end)
            })
        })
}

/// The passages index of `c`, when every index in it names something that exists and every
/// range lies on character boundaries of its source's text (what the viewer and commands
/// follow without checking); `None` when not. On two cores, and every range checked in its
/// source's index order, reading each text front to back rather than at random (at 100,000
/// events, 200,000 ranges in 25 MB of texts).
fn sound_and_indexed(c: &Chronology) -> Option<(Vec<Vec<CitationRef>>, Vec<usize>)> {
    // Gathering the passages on unchecked data is safe: it leaves out a source that does not
    // exist, and a citation of one makes the chronology unsound.
    let (sound, mut lists) = std::thread::scope(|scope| {
        let events = &c.events;
        let gathering = scope.spawn(|| Chronology::passages_by_source(events, c.sources.len()));
        let sound = sound_but_ranges(c);
        (sound, gathering.join().ok())
    });
    if !sound {
        return None;
    }
    let sorted = |lists: Vec<Passages>, first: usize| -> Option<Vec<(Vec<CitationRef>, usize)>> {
        lists
            .into_iter()
            .zip(&c.sources[first..])
            .map(|(list, s)| {
                Chronology::sorted_passages(list, |start, end| range_sound(&s.text, start, end))
            })
            .collect()
    };
    // Half the sources' lists sorted and checked on each core.
    let mut lists = lists.take()?;
    let half = lists.len() / 2;
    let second = lists.split_off(half);
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| sorted(second, half));
        (sorted(lists, 0), other.join().ok().flatten())
    });
    Some(first?.into_iter().chain(second?).unzip())
}

/// Whether `start..end` is a range of `text` on character boundaries.
fn range_sound(text: &str, start: usize, end: usize) -> bool {
    start <= end && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Whether every index in `c` names something that exists (the citations' ranges apart), and
/// its sources' pages are in order on character boundaries.
fn sound_but_ranges(c: &Chronology) -> bool {
    let pages_sound = c.sources.iter().all(|s| {
        s.pages.windows(2).all(|w| w[0].start <= w[1].start)
            && s.pages
                .iter()
                .all(|p| p.number >= 1 && s.text.is_char_boundary(p.start))
    });
    let tags_sorted = c.tags.windows(2).all(|w| w[0] < w[1]);
    pages_sound
        && tags_sorted
        && c.events.iter().all(|e| {
            e.actors.iter().all(|&a| a < c.actors.len())
                && e.tags.iter().all(|&t| t < c.tags.len())
                && e.related.iter().all(|&r| r < c.events.len())
                && e.citations
                    .iter()
                    .all(|citation| citation.source < c.sources.len())
        })
}

#[cfg(test)]
mod tests {
    use super::InOrder;
    use crate::load::{Input, LoadOptions, load};

    /// Runs decoded out of order are put in the file's order, each as soon as those before it
    /// are; one that did not decode fails the whole.
    #[test]
    fn runs_come_in_any_order_and_go_in_the_files() {
        let events = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap()
            .events;
        let run = |k: usize| Some(events[k..=k].to_vec());
        let ids = |order: &InOrder| -> Vec<String> {
            order.events.iter().map(|e| e.id.clone()).collect()
        };
        let mut order = InOrder::default();
        order.put((2, run(2))).unwrap();
        order.put((1, run(1))).unwrap();
        assert!(order.events.is_empty(), "run 0 has not come");
        order.put((0, run(0))).unwrap();
        assert_eq!(ids(&order), [0, 1, 2].map(|k| events[k].id.clone()));
        assert_eq!(order.next, 3);
        assert!(order.waiting.is_empty());
        assert!(order.put((4, run(4))).is_some());
        assert!(order.put((3, None)).is_none(), "a run that did not decode");
    }
}
