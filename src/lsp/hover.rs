//! Hover: a quote shows its passage with a line of context and the source's title, an id what
//! it names, a date how it is read.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::analysis::Snapshot;
use super::cursor;
use super::lookup::{self, Target};
use crate::model::{Chronology, Date};
use crate::text::sanitize;

/// Characters of a context line shown on each side of the passage, at most.
const CONTEXT: usize = 200;

pub fn hover(s: &Snapshot<'_>, p: &HoverParams) -> Option<Hover> {
    let a = s.analysis;
    let tree = a.tree()?;
    let index = a.line_index();
    let offset = index.offset(p.text_document_position_params.position);
    let at = cursor::at(tree, offset)?;
    let target = lookup::target(&at)?;
    let chronology = a.chronology.as_deref();
    let value = match &target {
        Target::Quote { event, citation } => {
            let id = lookup::field(lookup::items(tree, "events").get(*event)?, "id")?;
            quote(chronology?, &id, *citation, &at.node.text()?)?
        }
        Target::Date(text) => date(text, chronology),
        Target::Actor(id) => {
            let item = lookup::items(tree, "actors")
                .iter()
                .find(|i| i.get("id").is_some_and(|n| n.is(id)))?;
            let mut out = format!(
                "**{}** — actor `{id}`",
                lookup::field(item, "name").unwrap_or_default()
            );
            if let Some(kind) = lookup::field(item, "kind") {
                let _ = write!(out, ", {kind}");
            }
            out
        }
        Target::Source(id) => {
            let item = lookup::items(tree, "sources")
                .iter()
                .find(|i| i.get("id").is_some_and(|n| n.is(id)))?;
            let mut out = format!(
                "**{}** — source `{id}`",
                lookup::field(item, "title").unwrap_or_default()
            );
            for key in ["publisher", "date", "path"] {
                if let Some(v) = lookup::field(item, key) {
                    let _ = write!(out, "\n\n{key}: {v}");
                }
            }
            out
        }
        Target::Event(id) => {
            let item = lookup::items(tree, "events")
                .iter()
                .find(|i| i.get("id").is_some_and(|n| n.is(id)))?;
            format!(
                "**{}** — event `{id}`, {}",
                lookup::field(item, "title").unwrap_or_default(),
                lookup::field(item, "date").unwrap_or_default()
            )
        }
        Target::Tag(tag) => {
            let n = lookup::items(tree, "events")
                .iter()
                .filter(|e| {
                    e.get("tags")
                        .and_then(|t| t.items())
                        .is_some_and(|t| t.iter().any(|n| n.is(tag)))
                })
                .count();
            format!("tag `{tag}`: {n} event{}", if n == 1 { "" } else { "s" })
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sanitize(&value).into_owned(),
        }),
        range: Some(index.range(at.node.start..at.node.end)),
    })
}

/// The passage of citation `citation` of event `id`, when the chronology's quote there is
/// `written` (the chronology may be from an earlier text).
fn quote(c: &Chronology, id: &str, citation: usize, written: &str) -> Option<String> {
    let event = c.events.iter().find(|e| e.id == id)?;
    let cited = event
        .citations
        .get(citation)
        .filter(|q| q.quote == written)?;
    let source = c.sources.get(cited.source)?;
    let text = source.text.as_str();
    let range = cited.range.clone();
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i);
    let start = line_start(range.start);
    let end = line_end(range.end);
    let before = start.checked_sub(1).map(|b| &text[line_start(b)..b]);
    let after = (end < text.len()).then(|| &text[end + 1..line_end(end + 1)]);
    let line = cited
        .line
        .unwrap_or_else(|| text[..range.start].matches('\n').count() + 1);
    let place = match cited.page {
        Some(page) => format!("p. {page}"),
        None => format!("line {line}"),
    };
    let mut out = format!("**{}** — `{}`, {place}\n\n", source.title, source.path);
    let mut block = String::new();
    if let Some(b) = before.filter(|b| !b.trim().is_empty()) {
        block.push_str(&tail(b));
        block.push('\n');
    }
    let _ = write!(
        block,
        "{}»{}«{}",
        &text[start..range.start],
        &text[range.clone()],
        &text[range.end..end]
    );
    if let Some(a) = after.filter(|a| !a.trim().is_empty()) {
        block.push('\n');
        block.push_str(&head(a));
    }
    out.push_str("```text\n");
    out.push_str(&block.replace("```", "'''"));
    out.push_str("\n```");
    Some(out)
}

/// The last [`CONTEXT`] characters of a line.
fn tail(line: &str) -> String {
    let n = line.chars().count();
    if n <= CONTEXT {
        return line.to_string();
    }
    format!("…{}", line.chars().skip(n - CONTEXT).collect::<String>())
}

/// The first [`CONTEXT`] characters of a line.
fn head(line: &str) -> String {
    if line.chars().count() <= CONTEXT {
        return line.to_string();
    }
    format!("{}…", line.chars().take(CONTEXT).collect::<String>())
}

/// How a date is read: in words, and the instant of a time.
fn date(text: &str, c: Option<&Chronology>) -> String {
    let zone = c.and_then(|c| c.timezone);
    match Date::parse_in(text, zone) {
        Ok(date) => {
            let mut out = format!("`{text}` reads as **{}**", date.describe());
            if let Some(utc) = date.order().utc() {
                let _ = write!(out, "\n\nUTC: {utc}");
            }
            out
        }
        Err(why) => format!("not a date: {why}"),
    }
}
