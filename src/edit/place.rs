//! Where a new citation or a new draft goes in the chronology's text, as an insertion patch
//! that is read back before anyone writes it.
//!
//! The place is found by the parser's positions ([`crate::load::tree`]), never by scanning
//! lines: a quoted title may hold a line that reads `id: b` or a whole `events:` block, and
//! only the parser knows it is text. The event is the item of the top-level `events:` list
//! whose `id` is the one asked for; the new lines go after the line that ends its last
//! citation (or, when it has none, a `citations:` list after the line that ends the event; a
//! draft after the line that ends the last event). They copy the list's own indentation and
//! the file's line endings, and every other byte stays as the author wrote it. Lists and
//! events written in flow style (`[…]`, `{…}`) are refused with a message rather than
//! rewritten.
//!
//! The patch is then checked by reading the patched text back (`readback`): it
//! must parse, load, hold the new citation on the chosen event (or the draft at the end of
//! `events:`) and nothing else may change value. Otherwise nothing is to be written.

use super::Patch;
use super::cite::{Cited, Draft};
use super::readback::{self, Added};
pub use super::readback::{Check, Unplaced};
use crate::load::tree::{self, Node, Scalar, Value};

pub(super) fn layout(why: impl Into<String>) -> Unplaced {
    Unplaced::Layout(why.into())
}

/// Adds `cited` after the last citation of event `id` (or, when it has none, a `citations:`
/// list at the end of its item), read back as [`Check`] says.
///
/// # Errors
/// No such event, citations written in flow style, or a change that does not read back.
pub fn add_citation(
    check: &Check<'_>,
    yaml: &str,
    id: &str,
    cited: &Cited,
) -> Result<Patch, Unplaced> {
    let root = parse(yaml)?;
    let (index, patch) = citation_patch(yaml, &root, id, cited)?;
    readback::verify(
        check,
        yaml,
        &root,
        &patch,
        &Added::Citation { index, id, cited },
    )?;
    Ok(patch)
}

/// Adds `draft` as the last item of the `events:` list, lined up with the items before it,
/// read back as [`Check`] says.
///
/// # Errors
/// No block `events:` list, or a change that does not read back.
pub fn add_draft(check: &Check<'_>, yaml: &str, draft: &Draft) -> Result<Patch, Unplaced> {
    let root = parse(yaml)?;
    let patch = draft_patch(yaml, &root, draft)?;
    readback::verify(check, yaml, &root, &patch, &Added::Draft(draft))?;
    Ok(patch)
}

pub(super) fn parse(yaml: &str) -> Result<Node, Unplaced> {
    tree::parse(yaml).map_err(|e| layout(format!("the file does not parse ({e}); reload")))
}

/// The items of the top-level `events:` list, and the list's node.
pub(super) fn events<'n>(yaml: &str, root: &'n Node) -> Result<(&'n Node, &'n [Node]), Unplaced> {
    let list = root
        .get("events")
        .ok_or_else(|| layout("the file has no `events:` list"))?;
    if is_flow(yaml, list) {
        return Err(layout(
            "`events:` is written in flow style ([…]); write it as a block list (`- id: …` lines) to add events",
        ));
    }
    match list.items() {
        Some(items) if !items.is_empty() => Ok((list, items)),
        _ => Err(layout("`events:` has no items to add one after")),
    }
}

/// The patch adding `cited` to event `id`, and the event's index in the file's list.
fn citation_patch(
    yaml: &str,
    root: &Node,
    id: &str,
    cited: &Cited,
) -> Result<(usize, Patch), Unplaced> {
    let (_, items) = events(yaml, root)?;
    let missing = || {
        layout(format!(
            "event \"{id}\" is not in the file any more; reload"
        ))
    };
    let mut found = items
        .iter()
        .enumerate()
        .filter(|(_, e)| e.get("id").is_some_and(|n| n.is(id)));
    let (index, event) = found.next().ok_or_else(missing)?;
    if found.next().is_some() {
        return Err(layout(format!(
            "event \"{id}\" is written twice; give each event its own id"
        )));
    }
    if is_flow(yaml, event) {
        return Err(layout(format!(
            "event \"{id}\" is written in flow style ({{…}}); write it as a block mapping (`key: value` lines) to add citations"
        )));
    }
    let nl = newline(yaml);
    let keys = column(yaml, event.start);
    let Some((key, list)) = event.entry("citations") else {
        let pad = " ".repeat(keys);
        let block = format!(
            "{pad}citations:{nl}{}",
            cited.yaml_item(&format!("{pad}  "), &format!("{pad}    "), nl)
        );
        return Ok((index, insert_after(yaml, event.end, block, nl)));
    };
    if is_flow(yaml, list) {
        return Err(layout(format!(
            "event \"{id}\": `citations:` is written in flow style ([…]); write it as a block list (`- source: …` lines) to add citations"
        )));
    }
    let patch = match list.items() {
        Some([.., final_item]) => {
            let dash = dash_column(yaml, list, final_item);
            let item_keys = keys_column(yaml, dash, final_item);
            insert_after(
                yaml,
                list.end,
                cited.yaml_item(&" ".repeat(dash), &" ".repeat(item_keys), nl),
                nl,
            )
        }
        // `citations:` with nothing after it: the items go under the key.
        _ if matches!(list.value, Value::Scalar(Scalar::Null)) && !has_value(yaml, key) => {
            let dash = " ".repeat(column(yaml, key.start) + 2);
            insert_after(
                yaml,
                key.end,
                cited.yaml_item(&dash, &format!("{dash}  "), nl),
                nl,
            )
        }
        _ => {
            return Err(layout(format!(
                "event \"{id}\": `citations:` is not a list of citations; write it as one (`- source: …` lines)"
            )));
        }
    };
    Ok((index, patch))
}

/// The patch adding `draft` after the last event.
fn draft_patch(yaml: &str, root: &Node, draft: &Draft) -> Result<Patch, Unplaced> {
    let (list, items) = events(yaml, root)?;
    let final_item = &items[items.len() - 1];
    let dash = dash_column(yaml, list, final_item);
    let keys = keys_column(yaml, dash, final_item);
    let nl = newline(yaml);
    // Items set apart by a blank line get one too.
    let item_line = line_start(yaml, final_item.start);
    let spaced = item_line > 0
        && yaml[line_start(yaml, item_line - 1)..item_line]
            .trim()
            .is_empty();
    let mut block = if spaced {
        nl.to_string()
    } else {
        String::new()
    };
    block.push_str(&draft.yaml_item(&" ".repeat(dash), &" ".repeat(keys), nl));
    Ok(insert_after(yaml, list.end, block, nl))
}

/// Whether the key's line has anything after `key:` but a comment (`citations: ~`).
pub(super) fn has_value(yaml: &str, key: &Node) -> bool {
    let rest = &yaml[key.end..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let after = line.trim_start().strip_prefix(':').unwrap_or(line).trim();
    !(after.is_empty() || after.starts_with('#'))
}

/// Whether the collection is written in flow style (`[…]`, `{…}`).
pub(super) fn is_flow(yaml: &str, node: &Node) -> bool {
    yaml[node.start..].starts_with(['[', '{'])
}

/// The byte the line holding `at` starts at.
pub(super) fn line_start(yaml: &str, at: usize) -> usize {
    yaml[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The column (in characters) of byte `at`: the indentation a key or dash there has.
pub(super) fn column(yaml: &str, at: usize) -> usize {
    yaml[line_start(yaml, at)..at].chars().count()
}

/// The column of the dash before `item` of `list`. The parser places a list at its first
/// dash, except a list written at its key's own column (`events:` then `- id: a`), which it
/// places at the first item's content: the dash on the item's line says which.
pub(super) fn dash_column(yaml: &str, list: &Node, item: &Node) -> usize {
    let prefix = &yaml[line_start(yaml, item.start)..item.start];
    match prefix.trim_end().strip_suffix('-') {
        Some(lead) if lead.trim().is_empty() => lead.chars().count(),
        _ => column(yaml, list.start),
    }
}

/// The column the keys of a new item go at: those of `item` when it is a mapping, else two
/// past the dash.
pub(super) fn keys_column(yaml: &str, dash: usize, item: &Node) -> usize {
    if matches!(item.value, Value::Map(_)) {
        column(yaml, item.start)
    } else {
        dash + 2
    }
}

/// The line endings the file uses.
pub(super) fn newline(yaml: &str) -> &'static str {
    match yaml.find('\n') {
        Some(at) if at > 0 && yaml.as_bytes()[at - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// An insertion of `block` (whole lines) at the start of the line after the one that holds
/// the last character before `end` that is not white space: after the node's last line, its
/// comment kept on it, before blank lines and comments that follow.
pub(super) fn insert_after(yaml: &str, end: usize, block: String, nl: &str) -> Patch {
    let content = yaml[..end].trim_end_matches([' ', '\t', '\r', '\n']).len();
    match yaml[content..].find('\n') {
        Some(i) => Patch::insert(content + i + 1, block),
        // The last line has no line ending: end it first.
        None => Patch::insert(yaml.len(), format!("{nl}{block}")),
    }
}

#[cfg(test)]
mod tests;
