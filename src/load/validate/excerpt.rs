//! The lines of a source a message shows around a place: whole when short, else a window of
//! the line, so that a source that is one 200 MB line is not copied into every snippet of it;
//! and the source's path as those messages show it ([`Cited`]).

use std::ops::Range;
use std::path::{Component, Path};

use crate::model::Source;
use crate::problem::Related;
use crate::text::lines::{CONTEXT, LONG, Window, window};

/// A source as a message shows it.
pub(super) struct Cited<'a> {
    pub(super) source: &'a Source,
    /// Its path from where the chronology was named (the chronology's folder joined to the
    /// path as written), so a reader or an editor can open it from there.
    pub(super) shown: String,
    /// It no longer matches its fingerprint, which the help then says.
    pub(super) changed: bool,
}

impl<'a> Cited<'a> {
    /// `source`, cited by the chronology that messages call `chronology`.
    pub(super) fn new(source: &'a Source, chronology: &str, changed: bool) -> Self {
        let mut shown = std::path::PathBuf::new();
        let joined = Path::new(chronology)
            .parent()
            .unwrap_or(Path::new(""))
            .join(&source.path);
        for part in joined.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir
                    if matches!(shown.components().next_back(), Some(Component::Normal(_))) =>
                {
                    shown.pop();
                }
                other => shown.push(other),
            }
        }
        Cited {
            source,
            shown: shown.display().to_string(),
            changed,
        }
    }
}

/// The lines of `source` holding `range`, as a snippet labelled `label`; a long line cut to
/// a window around it.
pub(super) fn excerpt(source: &Cited<'_>, range: Range<usize>, label: String) -> Related {
    let text = &source.source.text;
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let lines = &text[start..end];
    let span = range.start - start..range.end - start;
    let kept = if lines.len() > LONG {
        window(lines, span.clone(), CONTEXT, usize::MAX)
    } else {
        Window {
            range: 0..lines.len(),
            span: span.clone(),
            cut_before: false,
            cut_after: false,
        }
    };
    let cut = kept.range.start;
    Related {
        file: source.shown.clone(),
        line: line_of(text, start),
        column: lines[..cut].chars().count(),
        excerpt: lines[kept.range].to_string(),
        span: span.start - cut..span.end - cut,
        more: kept.cut_after,
        label,
        prefix: None,
    }
}

/// The 1-based line of byte `at`.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1
}
