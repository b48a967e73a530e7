//! Loading a large file in pieces, on all cores.
//!
//! A YAML parser is sequential, and parsing dominates loading a big chronology. But the
//! `events:` list of an ordinary file is a run of independent items: split at the lines where
//! items start, each piece is YAML of its own. This module does that split when it is provably
//! safe (block style, `events:` last, no anchors, aliases, merge keys, directives or document
//! markers), then parses and checks the pieces on separate threads, each piece turned into
//! model events as soon as it is parsed, so the parsed form of the whole list never exists at
//! once (it takes about twice the memory of the text). Any doubt, and any error in any piece,
//! falls back to the one sequential parse, so messages are exactly those of the whole file.

use super::files::SourceFiles;
use super::schema::{At, EventDoc, FileDoc, Position, ShiftLines, options};
use super::threads::{claim_each, cores};
use super::validate::{self, Events};
use crate::model::Chronology;
use crate::problem::Problems;

/// Below this size one thread is fast enough.
const MIN_BYTES: usize = 256 * 1024;

/// About how much text a piece holds: small enough that the parsed pieces in flight (one per
/// core) stay a small part of the memory, large enough that starting a parse costs nothing.
const PIECE_BYTES: usize = 2 * 1024 * 1024;

/// A piece of the events list: its text, the 0-based line it starts on, and the 0-based number
/// of its first event in the file.
struct Piece<'a> {
    text: &'a str,
    first_line: u32,
    first_event: usize,
}

/// The head of the file (everything before `events:`) and the pieces of the events list, or
/// `None` when the file is small or its shape leaves any doubt.
fn split(yaml: &str, pieces_wanted: usize) -> Option<(&str, Vec<Piece<'_>>)> {
    if yaml.len() < MIN_BYTES {
        return None;
    }
    // One pass over the lines (memchr finds the ends): the `events:` line (top level, once),
    // then the line number and offset of every item line under it.
    let bytes = yaml.as_bytes();
    let mut events_line: Option<(usize, usize)> = None;
    let mut indent: Option<usize> = None;
    let mut items: Vec<(usize, usize)> = Vec::new();
    let ends = memchr::memchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for (n, end) in ends.enumerate() {
        if start >= bytes.len() {
            break;
        }
        let line = &yaml[start..end];
        let here = start;
        start = end;
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let top_level = !line.starts_with([' ', '\t', '#', '-', '\n', '\r']);
        if top_level {
            if events_line.is_some() {
                return None; // another key after `events:`: keep it simple
            }
            let body = line.trim_end();
            if body == "events:" || body.starts_with("events: #") {
                events_line = Some((n, here));
            }
            continue;
        }
        if events_line.is_none() {
            continue;
        }
        let indent = if let Some(indent) = indent {
            indent
        } else {
            // The item indentation, from the first item line.
            let content = line.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let first = line.len() - line.trim_start_matches(' ').len();
            if !line[first..].starts_with("- ") {
                return None;
            }
            *indent.insert(first)
        };
        let is_item = line.len() > indent
            && line.as_bytes()[..indent].iter().all(|&b| b == b' ')
            && line[indent..].starts_with("- ");
        if is_item {
            items.push((n, here));
        }
    }
    let (_, events_at) = events_line?;
    if has_references(&yaml[events_at..]) {
        return None;
    }
    // A few events a piece at least, or splitting costs more than it gains.
    let pieces_wanted = pieces_wanted.min(items.len() / 4);
    if pieces_wanted < 2 {
        return None;
    }
    let per_piece = items.len().div_ceil(pieces_wanted);
    let pieces = items
        .chunks(per_piece)
        .enumerate()
        .map(|(i, chunk)| {
            let (first_line, start) = chunk[0];
            let end = items
                .get((i + 1) * per_piece)
                .map_or(yaml.len(), |&(_, at)| at);
            Piece {
                text: &yaml[start..end],
                first_line: u32::try_from(first_line).unwrap_or(u32::MAX),
                first_event: i * per_piece,
            }
        })
        .collect();
    Some((&yaml[..events_at], pieces))
}

/// Whether text may hold an anchor (`&a`), alias (`*a`) or merge key (`<<`), which tie pieces
/// together. Conservative: a false alarm only means a sequential parse.
fn has_references(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'&', b'*', b'<', bytes).any(|i| {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if bytes[i] == b'<' {
            return next == b'<';
        }
        let starts_name = next.is_ascii_alphanumeric() || next == b'_';
        let after_gap = i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b'\n');
        starts_name && after_gap
    })
}

/// What became of an attempt to load a file in pieces.
pub(super) enum InPieces {
    /// The file is small, or its shape leaves doubt: read it whole.
    Whole,
    /// Some piece (or the head) did not parse: a syntax error somewhere, which the sequential
    /// parse reports exactly, or a split the parser disagrees with.
    Unparsed,
    Loaded(Result<Chronology, Problems>),
}

/// Loads the file in pieces on all cores when its shape allows.
pub(super) fn load<P: Position>(file: &str, yaml: &str, reader: &SourceFiles<'_>) -> InPieces {
    let threads = cores();
    load_in_pieces::<P>(
        file,
        yaml,
        reader,
        threads.max(yaml.len() / PIECE_BYTES),
        threads,
    )
}

/// [`load`], with the number of pieces wanted and of threads to use.
pub(super) fn load_in_pieces<P: Position>(
    file: &str,
    yaml: &str,
    reader: &SourceFiles<'_>,
    pieces_wanted: usize,
    threads: usize,
) -> InPieces {
    let Some((head, pieces)) = split(yaml, pieces_wanted) else {
        return InPieces::Whole;
    };
    let head_doc = format!("{head}events: []\n");
    let head_doc: FileDoc<P> =
        match serde_saphyr::from_str_with_options(&head_doc, options::<P>(head_doc.len())) {
            Ok(doc) => doc,
            Err(_) => return InPieces::Unparsed,
        };
    if !head_doc.events.is_empty() {
        return InPieces::Whole;
    }
    let head = validate::head(
        file,
        head_doc.title,
        head_doc.timezone,
        head_doc.sources,
        head_doc.actors,
        head_doc.periods,
        reader,
    );
    // Each piece is parsed and checked, then its parsed form freed before the thread claims the
    // next, so memory freed is reused by the same thread's allocator arena rather than stranded
    // in another's. A piece that does not parse stops them all.
    let progress = reader.progress().cloned();
    let runs = claim_each(pieces.len(), threads, |i| {
        let piece = &pieces[i];
        let docs = parse_piece::<P>(piece)?;
        if let Some(progress) = &progress {
            progress.parsed(piece.text.len());
        }
        Some(validate::events(file, &head, piece.first_event, docs))
    });
    match runs.into_iter().collect::<Option<Vec<Events>>>() {
        Some(runs) => InPieces::Loaded(validate::finish(file, head, runs)),
        None => InPieces::Unparsed,
    }
}

/// One piece, parsed in place (an indented block sequence is a document of its own) and moved
/// back to its lines in the file.
fn parse_piece<P: Position>(piece: &Piece<'_>) -> Option<Vec<At<EventDoc<P>, P>>> {
    let mut events: Vec<At<EventDoc<P>, P>> =
        serde_saphyr::from_str_with_options(piece.text, options::<P>(piece.text.len())).ok()?;
    // The piece's line 1 is the file's line `first_line + 1` (both 1-based).
    let shift = piece.first_line;
    for event in &mut events {
        event.shift_lines(shift);
    }
    Some(events)
}
