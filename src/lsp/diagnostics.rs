//! `check`'s problems as LSP diagnostics, at the ranges `check` underlines.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range,
};

use super::analysis::Analysis;
use super::uri;
use crate::problem::Problem;
use crate::text::lines::Lines;
use crate::text::sanitize;

/// The byte range of `problem` in `text`: the value it points at, as `check` underlines it;
/// the top of the file for a problem with no position.
pub fn problem_range(lines: &Lines<'_>, problem: &Problem) -> std::ops::Range<usize> {
    problem
        .position
        .and_then(|at| crate::diagnostic::value_range(lines, at))
        .unwrap_or(0..0)
}

/// Every problem of `analysis` as a diagnostic.
pub fn diagnostics(analysis: &Analysis) -> Vec<Diagnostic> {
    let lines = Lines::new(&analysis.text);
    let index = analysis.line_index();
    analysis
        .problems
        .iter()
        .map(|p| {
            let range = index.range(problem_range(&lines, p));
            diagnostic(analysis, p, range)
        })
        .collect()
}

pub fn diagnostic(analysis: &Analysis, p: &Problem, range: Range) -> Diagnostic {
    // Each part sanitised on its own: the line break before `help:` is ours.
    let mut message = match (&p.entity, &p.field) {
        (Some(e), Some(f)) => format!("{}, field `{}`: ", sanitize(e), sanitize(f)),
        (Some(e), None) => format!("{}: ", sanitize(e)),
        (None, Some(f)) => format!("field `{}`: ", sanitize(f)),
        (None, None) => String::new(),
    };
    message.push_str(&sanitize(&p.message));
    if let Some(help) = &p.help {
        message.push_str("\nhelp: ");
        message.push_str(&sanitize(help));
    }
    let related: Vec<DiagnosticRelatedInformation> = p
        .related
        .iter()
        .filter_map(|r| {
            let uri = uri::from_path(&analysis.base().join(&r.file))?;
            let before = r.excerpt.get(..r.span.start)?;
            let line = r.line - 1 + before.matches('\n').count();
            let column = before.rsplit('\n').next().unwrap_or("");
            let first = !before.contains('\n');
            let character = column.encode_utf16().count() + if first { r.column } else { 0 };
            let at = Position::new(u32::try_from(line).ok()?, u32::try_from(character).ok()?);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, Range::new(at, at)),
                message: sanitize(&r.label).into_owned(),
            })
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: p.field.clone().map(NumberOrString::String),
        source: Some("sourceline".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
