//! The lines of a source a message shows around a place: whole when short, else a window of
//! the line, so that a source that is one 200 MB line is not copied into every snippet of it.

use std::ops::Range;

use super::suggest::Cited;
use crate::problem::Related;
use crate::text::lines::{CONTEXT, LONG, Window, window};

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
    }
}

/// The 1-based line of byte `at`.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1
}
