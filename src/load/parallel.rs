//! Loading a large file in pieces, on all cores.
//!
//! A YAML parser is sequential, and parsing dominates loading a big chronology. But the
//! `events:` list of an ordinary file is a run of independent items ([`super::layout`]): split
//! at the lines where items start, each piece is YAML of its own. This module makes pieces of
//! a few items each when the layout is known, then parses and checks the pieces on separate threads, each piece turned into
//! model events as soon as it is parsed, so the parsed form of the whole list never exists at
//! once (it takes about twice the memory of the text). Any doubt, and any error in any piece,
//! falls back to the one sequential parse, so messages are exactly those of the whole file.

use super::files::SourceFiles;
use super::layout::{Layout, layout};
use super::schema::{At, EventDoc, FileDoc, Position, ShiftLines, options};
use super::threads::{claim_each, cores};
use super::validate::{self, Events, Head, Kept};
use crate::model::Chronology;
use crate::problem::Problems;

/// Below this size one thread is fast enough.
pub(super) const MIN_BYTES: usize = 256 * 1024;

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

/// The head of the file (everything before `events:`) and the pieces of the events
/// list, or `None` when the file is small or its shape leaves any doubt.
fn split(yaml: &str, pieces_wanted: usize) -> Option<(&str, Vec<Piece<'_>>)> {
    if yaml.len() < MIN_BYTES {
        return None;
    }
    let Layout { events_at, items } = layout(yaml)?;
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

/// What became of an attempt to load a file in pieces.
pub(super) enum InPieces {
    /// The file is small, or its shape leaves doubt: read it whole.
    Whole,
    /// Some piece (or the head) did not parse: a syntax error somewhere, which the sequential
    /// parse reports exactly, or a split the parser disagrees with.
    Unparsed,
    Loaded(Box<Result<(Chronology, Option<Kept>), Problems>>),
}

/// Loads the file in pieces on all cores when its shape allows.
/// What the load leaves for a reload is kept when `keep`.
pub(super) fn load<P: Position>(
    file: &str,
    yaml: &str,
    reader: &SourceFiles<'_>,
    keep: bool,
) -> InPieces {
    load_in_pieces::<P>(file, yaml, reader, pieces_threads(yaml), keep)
}

/// How many pieces to make of `yaml` (one a thread, or more for a large file, so that the
/// parsed pieces in flight stay small) and how many threads to parse them on.
fn pieces_threads(yaml: &str) -> (usize, usize) {
    pieces_threads_of(yaml.len())
}

/// [`pieces_threads`] of a text of `len` bytes.
fn pieces_threads_of(len: usize) -> (usize, usize) {
    let threads = cores();
    (threads.max(len / PIECE_BYTES), threads)
}

/// What became of parsing a file in pieces: [`InPieces`] before the events are checked
/// against each other and put in order, which needs nothing of the text.
pub(super) enum Parsed {
    Whole,
    Unparsed,
    Pieces(Box<Head>, Vec<Events>),
}

/// [`load`], with the number of pieces wanted and of threads to use.
pub(super) fn load_in_pieces<P: Position>(
    file: &str,
    yaml: &str,
    reader: &SourceFiles<'_>,
    pieces_threads: (usize, usize),
    keep: bool,
) -> InPieces {
    match parse_in_pieces::<P>(file, yaml, reader, pieces_threads) {
        Parsed::Whole => InPieces::Whole,
        Parsed::Unparsed => InPieces::Unparsed,
        Parsed::Pieces(head, runs) => {
            InPieces::Loaded(Box::new(validate::finish_keeping(file, *head, runs, keep)))
        }
    }
}

/// The head and every piece of the file parsed and checked on all cores when its shape
/// allows, the rest of the load left to the caller (who may drop the text first).
pub(super) fn parse<P: Position>(file: &str, yaml: &str, reader: &SourceFiles<'_>) -> Parsed {
    parse_in_pieces::<P>(file, yaml, reader, pieces_threads(yaml))
}

/// [`parse`], with the number of pieces wanted and of threads to use.
fn parse_in_pieces<P: Position>(
    file: &str,
    yaml: &str,
    reader: &SourceFiles<'_>,
    (pieces_wanted, threads): (usize, usize),
) -> Parsed {
    let Some((head, pieces)) = split(yaml, pieces_wanted) else {
        return Parsed::Whole;
    };
    let head = match parse_head::<P>(file, head, reader) {
        Ok(head) => head,
        Err(parsed) => return parsed,
    };
    // Each piece is parsed and checked, then its parsed form freed before the thread claims the
    // next, so memory freed is reused by the same thread's allocator arena rather than stranded
    // in another's. A piece that does not parse stops them all.
    let progress = reader.progress().cloned();
    let runs = claim_each(pieces.len(), threads, |i| {
        parse_checked::<P>(file, &head, &pieces[i], progress.as_deref())
    });
    match runs.into_iter().collect::<Option<Vec<Events>>>() {
        Some(runs) => Parsed::Pieces(Box::new(head), runs),
        None => Parsed::Unparsed,
    }
}

/// The head of a file (its text before `events:`), parsed and checked against its source
/// files; [`Parsed::Unparsed`] when it does not parse, [`Parsed::Whole`] when it holds events
/// after all.
pub(super) fn parse_head<P: Position>(
    file: &str,
    head: &str,
    reader: &SourceFiles<'_>,
) -> Result<Head, Parsed> {
    let head_doc = format!("{head}events: []\n");
    let head_doc: FileDoc<P> =
        serde_saphyr::from_str_with_options(&head_doc, options::<P>(head_doc.len()))
            .map_err(|_| Parsed::Unparsed)?;
    if !head_doc.events.is_empty() {
        return Err(Parsed::Whole);
    }
    Ok(validate::head(
        file,
        head_doc.title,
        head_doc.timezone,
        head_doc.sources,
        head_doc.actors,
        head_doc.periods,
        reader,
    ))
}

/// A piece of a file read as a stream ([`super::incremental`]'s opening without a snapshot):
/// its own text, the 0-based line it starts on, and the 0-based number of its first event.
pub(super) struct OwnedPiece {
    pub(super) text: String,
    pub(super) first_line: u32,
    pub(super) first_event: usize,
}

/// [`OwnedPiece`] parsed and checked against `head`, as each piece of a text in memory is;
/// `None` when it does not parse.
pub(super) fn parse_owned_piece<P: Position>(
    file: &str,
    head: &Head,
    piece: &OwnedPiece,
    progress: Option<&super::LoadProgress>,
) -> Option<Events> {
    let piece = Piece {
        text: &piece.text,
        first_line: piece.first_line,
        first_event: piece.first_event,
    };
    parse_checked::<P>(file, head, &piece, progress)
}

/// One piece parsed and checked against `head`, its bytes counted as parsed; `None` when it
/// does not parse.
fn parse_checked<P: Position>(
    file: &str,
    head: &Head,
    piece: &Piece<'_>,
    progress: Option<&super::LoadProgress>,
) -> Option<Events> {
    let docs = parse_piece::<P>(piece)?;
    if let Some(progress) = progress {
        progress.parsed(piece.text.len());
    }
    Some(validate::events(file, head, piece.first_event, docs))
}

/// How many bytes of the events list a piece of a file of `len` bytes holds, about: as
/// [`load`] splits a text in memory.
pub(super) fn piece_bytes(len: usize) -> usize {
    let (pieces, _) = pieces_threads_of(len);
    len.div_ceil(pieces.max(1))
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
