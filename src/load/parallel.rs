//! Parsing a large file on all cores.
//!
//! A YAML parser is sequential, and parsing dominates loading a big chronology. But the
//! `events:` list of an ordinary file is a run of independent items: split at the lines where
//! items start, each piece is YAML of its own. This module does that split when it is provably
//! safe (block style, `events:` last, no anchors, aliases, merge keys, directives or document
//! markers), parses the pieces on separate threads, and shifts their line numbers back. Any
//! doubt, and any error in any piece, falls back to the one sequential parse, so messages are
//! exactly those of the whole file.

use super::limits;
use super::schema::{At, EventDoc, FileDoc, ShiftLines};

/// Below this size one thread is fast enough.
const MIN_BYTES: usize = 1024 * 1024;

/// A piece of the events list: its text and the 0-based line it starts on.
struct Piece<'a> {
    text: &'a str,
    first_line: u32,
}

/// The head of the file (everything before `events:`) and the pieces of the events list, or
/// `None` when the file is small or its shape leaves any doubt.
fn split(yaml: &str, pieces_wanted: usize) -> Option<(&str, Vec<Piece<'_>>)> {
    if yaml.len() < MIN_BYTES || pieces_wanted < 2 {
        return None;
    }
    // Line starts, and the `events:` line (top level, once).
    let mut events_line = None;
    let mut line_starts = Vec::new();
    let mut at = 0;
    for (n, line) in yaml.split_inclusive('\n').enumerate() {
        line_starts.push(at);
        let body = line.trim_end();
        if body.starts_with("---") || body.starts_with("...") || body.starts_with('%') {
            return None;
        }
        let top_level = !line.starts_with([' ', '\t', '#', '-', '\n', '\r']);
        if top_level && events_line.is_some() {
            return None; // another key after `events:`: keep it simple
        }
        if top_level && (body == "events:" || body.starts_with("events: #")) {
            events_line = Some(n);
        }
        at += line.len();
    }
    let events_line = events_line?;
    let block_start = *line_starts.get(events_line + 1)?;
    let block = &yaml[block_start..];
    if has_references(block) {
        return None;
    }
    // The item indentation, from the first item line.
    let first_item = block
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let indent = first_item.len() - first_item.trim_start_matches(' ').len();
    if !first_item[indent..].starts_with("- ") {
        return None;
    }
    let is_item = |line: &str| {
        line.len() > indent
            && line.as_bytes()[..indent].iter().all(|&b| b == b' ')
            && line[indent..].starts_with("- ")
    };
    let item_lines: Vec<usize> = (events_line + 1..line_starts.len())
        .filter(|&n| {
            let end = line_starts.get(n + 1).copied().unwrap_or(yaml.len());
            is_item(&yaml[line_starts[n]..end])
        })
        .collect();
    if item_lines.len() < pieces_wanted * 4 {
        return None;
    }
    let per_piece = item_lines.len().div_ceil(pieces_wanted);
    let pieces = item_lines
        .chunks(per_piece)
        .enumerate()
        .map(|(i, lines)| {
            let start = line_starts[lines[0]];
            let end = item_lines
                .get((i + 1) * per_piece)
                .map_or(yaml.len(), |&n| line_starts[n]);
            Piece {
                text: &yaml[start..end],
                first_line: u32::try_from(lines[0]).unwrap_or(u32::MAX),
            }
        })
        .collect();
    Some((&yaml[..line_starts[events_line]], pieces))
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

fn options(len: usize) -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(limits::budget(len));
    options.with_snippet = false;
    options
}

/// Parses on all cores when the file allows it; `None` means "parse it sequentially".
pub(super) fn parse(yaml: &str) -> Option<FileDoc> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (head, pieces) = split(yaml, threads)?;
    let head_doc = format!("{head}events: []\n");
    // One piece per core; the calling thread parses the first itself, so most allocations stay
    // in its own malloc arena (memory freed later by this thread is then reused, not stranded).
    let parsed: Vec<Option<Vec<At<EventDoc>>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = pieces[1..]
            .iter()
            .map(|piece| scope.spawn(move || parse_piece(piece)))
            .collect();
        let mut parsed = vec![parse_piece(&pieces[0])];
        for worker in workers {
            parsed.push(worker.join().ok()?);
        }
        Some(parsed)
    })?;
    let mut doc: FileDoc =
        serde_saphyr::from_str_with_options::<FileDoc>(&head_doc, options(head_doc.len())).ok()?;
    if !doc.events.is_empty() {
        return None;
    }
    let parsed: Vec<Vec<At<EventDoc>>> = parsed.into_iter().collect::<Option<_>>()?;
    doc.more_events = parsed;
    Some(doc)
}

/// One piece, parsed in place (an indented block sequence is a document of its own) and moved
/// back to its lines in the file.
fn parse_piece(piece: &Piece<'_>) -> Option<Vec<At<EventDoc>>> {
    let mut events: Vec<At<EventDoc>> =
        serde_saphyr::from_str_with_options(piece.text, options(piece.text.len())).ok()?;
    // The piece's line 1 is the file's line `first_line + 1` (both 1-based).
    let shift = piece.first_line;
    for event in &mut events {
        event.shift_lines(shift);
    }
    Some(events)
}
