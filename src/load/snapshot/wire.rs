//! One snapshot entry as bytes: a fixed header, the source files the load read, then the
//! chronology, both in postcard.
//!
//! ```text
//! "SLSNAPSH"  layout: u32 LE  key: [u8; 32]  crc32(rest): u32 LE  files  chronology
//! ```
//!
//! Why postcard, measured on the generated 100,000-event chronology (BENCHMARKS.md): it is
//! already how the extraction cache stores entries, its varint integers keep the entry near
//! the YAML's size, and decoding the whole chronology takes a fraction of the time the YAML
//! parse does. A zero-copy format (rkyv) would skip building the strings, but the viewer
//! needs an owned [`Chronology`] either way, and every index would still have to be checked.
//!
//! The files come first so a hit whose sources changed is told before the chronology is
//! decoded. Nothing read is trusted: the checksum catches a cut or damaged entry, the header
//! one of another layout or key, and [`sound`] every index and range the viewer follows.
//! Source texts shared by several sources are stored once, as the load shares them.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::FileRead;
use crate::model::{Actor, Chronology, Date, Event, Format, Page, Period, Source, Zone};

/// The entry layout's version: bump it when the header or any stored type changes shape.
pub(super) const LAYOUT: u32 = 1;

const MAGIC: &[u8; 8] = b"SLSNAPSH";
const HEADER: usize = 8 + 4 + 32 + 4;

#[derive(Serialize, Deserialize)]
struct ChronologyWire<'a> {
    title: Cow<'a, str>,
    timezone: Option<Zone>,
    texts: Vec<TextWire<'a>>,
    sources: Vec<SourceWire>,
    actors: Cow<'a, [Actor]>,
    tags: Cow<'a, [String]>,
    events: Cow<'a, [Event]>,
    periods: Cow<'a, [Period]>,
}

/// A source file's reader text and pages, shared by every source reading it so.
#[derive(Serialize, Deserialize)]
struct TextWire<'a> {
    text: Cow<'a, str>,
    pages: Cow<'a, [Page]>,
}

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
    /// Index into [`ChronologyWire::texts`].
    text: usize,
    format: u8,
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

/// The entry for `chronology`, made from the files `files`, stored under `key`; empty when it
/// cannot be made.
pub(super) fn encode(key: &[u8; 32], files: &[FileRead], chronology: &Chronology) -> Vec<u8> {
    let mut texts: Vec<TextWire> = Vec::new();
    let mut shared: Vec<*const String> = Vec::new();
    let sources = chronology
        .sources
        .iter()
        .map(|s| {
            let at = Arc::as_ptr(&s.text);
            let text = shared.iter().position(|&p| p == at).unwrap_or_else(|| {
                shared.push(at);
                texts.push(TextWire {
                    text: Cow::Borrowed(s.text.as_str()),
                    pages: Cow::Borrowed(s.pages.as_slice()),
                });
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
            }
        })
        .collect();
    let wire = ChronologyWire {
        title: Cow::Borrowed(&chronology.title),
        timezone: chronology.timezone,
        texts,
        sources,
        actors: Cow::Borrowed(&chronology.actors),
        tags: Cow::Borrowed(&chronology.tags),
        events: Cow::Borrowed(&chronology.events),
        periods: Cow::Borrowed(&chronology.periods),
    };
    let mut out = Vec::with_capacity(HEADER + 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&LAYOUT.to_le_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&[0; 4]);
    let Ok(out) = postcard::to_extend(files, out) else {
        return Vec::new();
    };
    let Ok(mut out) = postcard::to_extend(&wire, out) else {
        return Vec::new();
    };
    let sum = crc32fast::hash(&out[HEADER..]);
    out[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
    out
}

/// An entry whose header and checksum are sound: its file list, and its chronology still to
/// be decoded.
pub(super) struct Opened<'a> {
    files: Vec<FileRead>,
    rest: &'a [u8],
}

/// The entry in `bytes`, when its header, key and checksum are sound.
pub(super) fn open<'a>(bytes: &'a [u8], key: &[u8; 32]) -> Option<Opened<'a>> {
    let (header, payload) = bytes.split_at_checked(HEADER)?;
    let (magic, rest) = header.split_at(8);
    let (layout, rest) = rest.split_at(4);
    let (stored_key, sum) = rest.split_at(32);
    if magic != MAGIC
        || layout != LAYOUT.to_le_bytes()
        || stored_key != key
        || sum != crc32fast::hash(payload).to_le_bytes()
    {
        return None;
    }
    let (files, rest) = postcard::take_from_bytes::<Vec<FileRead>>(payload).ok()?;
    Some(Opened { files, rest })
}

impl Opened<'_> {
    /// The source files the chronology was made from.
    pub(super) fn files(&self) -> &[FileRead] {
        &self.files
    }

    /// The chronology, when it decodes and every index and range in it is sound.
    pub(super) fn chronology(&self) -> Option<Chronology> {
        let (wire, rest) = postcard::take_from_bytes::<ChronologyWire>(self.rest).ok()?;
        if !rest.is_empty() {
            return None;
        }
        let texts: Vec<(Arc<String>, Arc<Vec<Page>>)> = wire
            .texts
            .into_iter()
            .map(|t| {
                (
                    Arc::new(t.text.into_owned()),
                    Arc::new(t.pages.into_owned()),
                )
            })
            .collect();
        let mut sources = Vec::with_capacity(wire.sources.len());
        for s in wire.sources {
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
            });
        }
        let mut chronology = Chronology {
            title: wire.title.into_owned(),
            timezone: wire.timezone,
            sources,
            actors: wire.actors.into_owned(),
            tags: wire.tags.into_owned(),
            events: wire.events.into_owned(),
            periods: wire.periods.into_owned(),
            passages: Vec::new(),
            longest_passage: Vec::new(),
        };
        if !sound(&chronology) {
            return None;
        }
        chronology.index_passages();
        Some(chronology)
    }
}

/// Whether every index in `c` names something that exists and every range lies on character
/// boundaries of its source's text: what the viewer and commands follow without checking.
pub(super) fn sound(c: &Chronology) -> bool {
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
                && e.citations.iter().all(|citation| {
                    c.sources.get(citation.source).is_some_and(|s| {
                        let r = &citation.range;
                        r.start <= r.end
                            && s.text.is_char_boundary(r.start)
                            && s.text.is_char_boundary(r.end)
                    })
                })
        })
}
