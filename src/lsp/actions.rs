//! Quick fixes for the problems under the cursor, each an edit of the buffer as the analysis
//! read it:
//! - a drifted quote: the passage that now stands in the source, under the same confidence
//!   rule as `check --fix` (its planning, [`crate::load::fix::plan`], makes the edit);
//! - an ambiguous quote: the `prefix:` that picks each occurrence, one action each;
//! - a changed source: its new `sha256:` (preferred only when every quote still anchors, the
//!   rule of `check --pin`);
//! - an unknown actor: a new entry for it at the end of `actors:`.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::cursor;
use super::diagnostics;
use crate::load::tree::Node;
use crate::problem::Problem;
use crate::text::lines::Lines;
use crate::yaml::{Patch, double_quoted};

/// Every fix of a problem whose range meets the request's.
pub fn code_actions(a: &Analysis, params: &CodeActionParams) -> CodeActionResponse {
    let lines = Lines::new(&a.text);
    let index = a.line_index();
    let (from, to) = (
        index.offset(params.range.start),
        index.offset(params.range.end),
    );
    let mut actions = Vec::new();
    for p in &a.problems {
        let range = diagnostics::problem_range(&lines, p);
        if p.position.is_none() || range.start > to || range.end < from {
            continue;
        }
        let diagnostic = diagnostics::diagnostic(a, p, index.range(range.clone()));
        for (title, patches, preferred) in fixes(a, &lines, p, range.start) {
            let edits = patches
                .into_iter()
                .map(|patch| TextEdit::new(index.range(patch.range), patch.text))
                .collect();
            let uri = params.text_document.uri.clone();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri, edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// A fix: its title, its patches of the text, and whether it may be applied without a look.
type Fix = (String, Vec<Patch>, bool);

fn fixes(a: &Analysis, lines: &Lines<'_>, p: &Problem, at: usize) -> Vec<Fix> {
    let mut out = Vec::new();
    match p.field.as_deref() {
        Some("citations.quote") => {
            let name = a.path.display().to_string();
            if let Ok(plan) = crate::load::fix::plan(&name, &a.text, std::slice::from_ref(p))
                && !plan.patches.is_empty()
            {
                out.push((
                    "Replace the quote with the passage in the source".into(),
                    plan.patches,
                    true,
                ));
            }
            for (n, prefix) in p
                .related
                .iter()
                .filter_map(|r| r.prefix.as_ref())
                .enumerate()
            {
                if let Some(patch) = a.tree().and_then(|t| prefix_patch(&a.text, t, at, prefix)) {
                    out.push((
                        format!(
                            "Add prefix: {} (occurrence {})",
                            double_quoted(prefix),
                            n + 1
                        ),
                        vec![patch],
                        false,
                    ));
                }
            }
        }
        Some("sha256") => {
            let written = a.tree().and_then(|t| cursor::at(t, at)?.node.text());
            if let (Some(s), Some(written), Some(position)) = (&p.suggestion, written, p.position)
                && let Ok(patch) =
                    crate::load::fix::replace_value(lines, position, &written, &s.replacement)
            {
                out.push((
                    "Update sha256: to the file as it is now".into(),
                    vec![patch],
                    s.confident,
                ));
            }
        }
        Some("actors") if p.message.starts_with("unknown actor") => {
            if let Some(tree) = a.tree()
                && let Some(id) = cursor::at(tree, at).and_then(|c| c.node.text())
                && let Some(patch) = actor_patch(&a.text, tree, &id)
            {
                out.push((
                    format!("Add actor \"{id}\" to `actors:`"),
                    vec![patch],
                    false,
                ));
            }
        }
        _ => {}
    }
    out
}

/// The citation holding the quote at `at`: replaces its `prefix:` or adds one after the quote.
fn prefix_patch(text: &str, tree: &Node, at: usize, prefix: &str) -> Option<Patch> {
    let c = cursor::at(tree, at)?;
    let citation = cursor::entry(tree, "events", c.entry()?)?
        .get("citations")?
        .items()?
        .get(c.item()?)?;
    let value = double_quoted(prefix);
    if let Some(old) = citation.get("prefix") {
        return Some(Patch {
            range: old.start..old.end,
            text: value,
        });
    }
    let (key, quote) = citation.entry("quote")?;
    if text[citation.start..].starts_with('{') {
        return Some(Patch::insert(quote.end, format!(", prefix: {value}")));
    }
    Some(after_line(
        text,
        quote.end,
        &format!("{}prefix: {value}\n", indent_of(text, key.start)),
    ))
}

/// A new entry for actor `id` after the last one (its name to be written by the author).
fn actor_patch(text: &str, tree: &Node, id: &str) -> Option<Patch> {
    let actors = tree.get("actors")?;
    let items = actors.items()?;
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let id_value = if plain && !id.is_empty() {
        id.to_string()
    } else {
        double_quoted(id)
    };
    if text[actors.start..].starts_with('[') {
        let close = actors.end + text[actors.end..].find(']')?;
        let sep = if items.is_empty() { "" } else { ", " };
        return Some(Patch::insert(
            close,
            format!("{sep}{{id: {id_value}, name: {id_value}}}"),
        ));
    }
    let last = items.last()?;
    let dash = indent_of(text, last.start);
    let item = dash
        .len()
        .checked_sub(2)
        .map_or(String::new(), |n| " ".repeat(n));
    Some(after_line(
        text,
        last.end,
        &format!("{item}- id: {id_value}\n{dash}name: {id_value}\n"),
    ))
}

/// Spaces as wide as the line is up to `at` (a `- ` counted as two).
fn indent_of(text: &str, at: usize) -> String {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    " ".repeat(text[start..at].chars().count())
}

/// Inserts `line` at the start of the line after the one holding `at`.
fn after_line(text: &str, at: usize, line: &str) -> Patch {
    match text[at..].find('\n') {
        Some(i) => Patch::insert(at + i + 1, line),
        None => Patch::insert(text.len(), format!("\n{line}")),
    }
}
