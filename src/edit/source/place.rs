//! Where a new source entry goes in the chronology's text, as patches by byte range.
//!
//! The place is found by the parser's positions ([`crate::load::tree`]), as for a citation
//! (see [`crate::edit::place`], whose helpers this shares): after the line that ends the last
//! item of the top-level `sources:` list, lined up with that item (and after a blank line when
//! the items are set apart by one); under a `sources:` key with nothing after it; in place of
//! an empty `sources: []` (the `[]` goes, the item goes under the key); or, when there is no
//! `sources:` at all, a new key after the top-level `title:` entry (else before the first key),
//! at the column of the top-level keys. A new list is indented as the file's other top-level
//! lists are (`actors:`, `events:` …), else by two spaces. A list written in flow style with
//! items in it, or a `sources:` that is not a list, is refused with a message rather than
//! rewritten.

use super::NewSource;
use super::readback::{self, Before};
use crate::edit::Patch;
use crate::edit::place::{
    Check, Unplaced, column, dash_column, has_value, insert_after, is_flow, keys_column,
    line_start, newline,
};
use crate::load::tree::{self, Node, Scalar, Value};

fn layout(why: impl Into<String>) -> Unplaced {
    Unplaced::Layout(why.into())
}

/// What the chronology already has under `sources:`, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Existing {
    pub ids: Vec<String>,
    pub paths: Vec<String>,
}

/// The ids and paths of the sources `yaml` lists (those written as text).
///
/// # Errors
/// The text does not parse.
pub fn existing(yaml: &str) -> Result<Existing, Unplaced> {
    let root = parse(yaml)?;
    let items = root
        .get("sources")
        .and_then(Node::items)
        .unwrap_or_default();
    let field = |key: &str| {
        items
            .iter()
            .filter_map(|s| s.get(key).and_then(Node::text))
            .collect()
    };
    Ok(Existing {
        ids: field("id"),
        paths: field("path"),
    })
}

fn parse(yaml: &str) -> Result<Node, Unplaced> {
    tree::parse(yaml).map_err(|e| layout(format!("the file does not parse ({e}); fix it first")))
}

/// The patches adding `entry` to the chronology `yaml`, read back as [`Check`] says.
///
/// # Errors
/// No place for it (flow style, `sources:` not a list, a root that is not a block mapping), or
/// a change that does not read back as meant.
pub fn add_source(
    check: &Check<'_>,
    yaml: &str,
    entry: &NewSource,
) -> Result<Vec<Patch>, Unplaced> {
    let root = parse(yaml)?;
    let (patches, before) = patches(yaml, &root, entry)?;
    readback::verify(check, yaml, &root, &patches, entry, before)?;
    Ok(patches)
}

fn patches(yaml: &str, root: &Node, entry: &NewSource) -> Result<(Vec<Patch>, Before), Unplaced> {
    let Value::Map(entries) = &root.value else {
        return Err(layout(
            "the file is not a mapping of keys (`title:`, `sources:` …); fix it first",
        ));
    };
    if is_flow(yaml, root) {
        return Err(layout(
            "the file is written in flow style ({…}); write it as `key: value` lines to add sources",
        ));
    }
    let nl = newline(yaml);
    let Some((key, list)) = root.entry("sources") else {
        return Ok((vec![new_key(yaml, entries, entry, nl)], Before::Absent));
    };
    let (dash, keys) = list_style(yaml, entries, column(yaml, key.start));
    let under_key = |replace: Option<std::ops::Range<usize>>| {
        let item = entry.yaml_item(&" ".repeat(dash), &" ".repeat(keys), nl);
        let mut patches: Vec<Patch> = replace
            .map(|range| Patch {
                range,
                text: ":".into(),
            })
            .into_iter()
            .collect();
        patches.push(insert_after(yaml, key.end, item, nl));
        patches
    };
    match &list.value {
        Value::Seq(items) if is_flow(yaml, list) => {
            let close = empty_flow_end(yaml, key.end, list.start).filter(|_| items.is_empty());
            let Some(close) = close else {
                return Err(layout(
                    "`sources:` is written in flow style ([…]); write it as a block list (`- id: …` lines) to add sources",
                ));
            };
            Ok((under_key(Some(key.end..close)), Before::Empty))
        }
        Value::Seq(items) => {
            let Some(final_item) = items.last() else {
                return Err(layout(
                    "`sources:` is not a list of sources; write it as one (`- id: …` lines)",
                ));
            };
            let dash = dash_column(yaml, list, final_item);
            let keys = keys_column(yaml, dash, final_item);
            let mut block = if spaced(yaml, final_item) {
                nl.to_string()
            } else {
                String::new()
            };
            block.push_str(&entry.yaml_item(&" ".repeat(dash), &" ".repeat(keys), nl));
            Ok((
                vec![insert_after(yaml, list.end, block, nl)],
                Before::Items(items.len()),
            ))
        }
        Value::Scalar(Scalar::Null) if !has_value(yaml, key) => Ok((under_key(None), Before::Null)),
        _ => Err(layout(
            "`sources:` is not a list of sources; write it as one (`- id: …` lines)",
        )),
    }
}

/// Where an empty flow list (`[ ]`) that starts at `open`, on the line of the key ending at
/// `key_end`, ends (past its `]`).
fn empty_flow_end(yaml: &str, key_end: usize, open: usize) -> Option<usize> {
    let rest = yaml.get(open..)?.strip_prefix('[')?;
    let inside = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let close = open + 1 + inside;
    (yaml.as_bytes().get(close) == Some(&b']') && !yaml[key_end..close].contains('\n'))
        .then_some(close + 1)
}

/// Whether the item before `item` ends with a blank line (items set apart by one).
fn spaced(yaml: &str, item: &Node) -> bool {
    let item_line = line_start(yaml, item.start);
    item_line > 0
        && yaml[line_start(yaml, item_line - 1)..item_line]
            .trim()
            .is_empty()
}

/// The columns of the dash and the keys of a new list under a top-level key at `key_col`: as
/// the file's first other top-level block list with items has them, else two and four past
/// the key.
fn list_style(yaml: &str, entries: &[(Node, Node)], key_col: usize) -> (usize, usize) {
    entries
        .iter()
        .filter(|(_, v)| !is_flow(yaml, v))
        .find_map(|(k, v)| {
            let first = v.items()?.first()?;
            let dash = dash_column(yaml, v, first);
            let keys = keys_column(yaml, dash, first);
            let offset = dash.checked_sub(column(yaml, k.start))?;
            Some((key_col + offset, key_col + offset + (keys - dash)))
        })
        .unwrap_or((key_col + 2, key_col + 4))
}

/// A new `sources:` key holding `entry`, after the top-level `title:` entry, or before the
/// first key when there is no title.
fn new_key(yaml: &str, entries: &[(Node, Node)], entry: &NewSource, nl: &str) -> Patch {
    let key_col = entries.first().map_or(0, |(k, _)| column(yaml, k.start));
    let (dash, keys) = list_style(yaml, entries, key_col);
    let block = format!(
        "{}sources:{nl}{}",
        " ".repeat(key_col),
        entry.yaml_item(&" ".repeat(dash), &" ".repeat(keys), nl)
    );
    match (entries.iter().find(|(k, _)| k.is("title")), entries.first()) {
        (Some((_, title)), _) => insert_after(yaml, title.end, block, nl),
        (None, Some((first, _))) => Patch::insert(line_start(yaml, first.start), block),
        (None, None) => Patch::insert(yaml.len(), block),
    }
}
