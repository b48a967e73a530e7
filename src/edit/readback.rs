//! The check a citation or draft patch passes before it is written: the patched text is read
//! back, as YAML and by the loader, and must say what was meant and nothing else.
//!
//! Three things are asked of it. It parses. Taking the one new item out of the parsed file
//! (the last citation of the chosen event, the last event for a draft) leaves a document equal,
//! value for value, to the file before the change: no other event, actor, source or field moved
//! or changed, and the new item is where it belongs; the new item says what was meant. And it
//! loads with the real loader, the event by its id now holding the new citation anchored at the
//! selected passage (a draft: one more event, the draft, citing it).
//!
//! Comparing parsed documents rather than loaded chronologies is the stricter test: the model
//! drops what it does not use (the order of events in the file, how a date was spelled), the
//! document keeps every value.

use super::Patch;
use super::cite::{Cited, Draft};
use super::place::{Check, Unplaced};
use crate::load::load_str;
use crate::load::tree::{self, Node, Scalar, Value};
use crate::model::{Chronology, Citation};
use crate::yaml::patch::apply;

/// What the patch adds.
pub(super) enum Added<'a> {
    /// A citation of the event at `index` in the file's `events:` list, whose id is `id`.
    Citation {
        index: usize,
        id: &'a str,
        cited: &'a Cited,
    },
    Draft(&'a Draft),
}

/// Checks that `yaml` with `patch` applied reads back as `yaml` (parsed as `before`) plus
/// `added`, and nothing else.
///
/// # Errors
/// Says what would go wrong; the patch is then not to be written.
pub(super) fn verify(
    check: &Check<'_>,
    yaml: &str,
    before: &Node,
    patch: &Patch,
    added: &Added<'_>,
) -> Result<(), Unplaced> {
    let what = match added {
        Added::Citation { id, .. } => format!("the citation for event \"{id}\""),
        Added::Draft(d) => format!("the draft \"{}\"", d.id),
    };
    let fail = |why: String| Unplaced::ReadBack(format!("{what} {why}"));
    let bytes = apply(yaml.as_bytes(), std::slice::from_ref(patch))
        .map_err(|e| fail(format!("could not be inserted ({e})")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| fail("would split a character of the file".into()))?;
    // The loader and the parse of the whole text take about as long each: on a large file they
    // run side by side.
    let (document, loaded) = std::thread::scope(|scope| {
        let loading = scope.spawn(|| load_str(check.name, &text, check.sources));
        let document = same_but_added(&text, before, added);
        (document, loading.join())
    });
    document.map_err(fail)?;
    let chronology = loaded
        .map_err(|_| fail("could not be loaded (the loader stopped; a bug)".into()))?
        .map_err(|p| {
            let first =
                p.0.first()
                    .map_or_else(String::new, |p| format!(": {}", p.headline()));
            fail(format!("would leave a file that does not load{first}"))
        })?;
    let events_before = before
        .get("events")
        .and_then(Node::items)
        .map_or(0, <[Node]>::len);
    let loaded = match added {
        Added::Citation { id, cited, index } => {
            let count = before
                .get("events")
                .and_then(Node::items)
                .and_then(|items| items.get(*index))
                .and_then(|e| e.get("citations"))
                .and_then(Node::items)
                .map_or(0, <[Node]>::len);
            chronology.events.iter().find(|e| e.id == *id).is_some_and(|e| {
                e.citations.len() == count + 1
                    && e.citations
                        .last()
                        .is_some_and(|c| anchored(&chronology, c, cited))
            })
        }
        Added::Draft(draft) => {
            chronology.events.len() == events_before + 1
                && chronology.events.iter().find(|e| e.id == draft.id).is_some_and(|e| {
                    e.draft
                        && e.title == draft.title
                        && matches!(e.citations.as_slice(), [c] if anchored(&chronology, c, &draft.citation))
                })
        }
    };
    if !loaded {
        return Err(fail("would not load as the selected passage".into()));
    }
    Ok(())
}

/// Parses `text` and checks it is `before` with `added` and nothing else; says what is wrong
/// when it is not.
fn same_but_added(text: &str, before: &Node, added: &Added<'_>) -> Result<(), String> {
    let mut after =
        tree::parse(text).map_err(|e| format!("would leave a file that does not parse ({e})"))?;
    let Some(item) = take_added(&mut after, before, added) else {
        let place = before.difference(&after).map_or_else(String::new, |p| {
            format!(" (the file changes at {})", name(before, &p))
        });
        return Err(format!("would not land where it belongs{place}"));
    };
    if let Some(path) = before.difference(&after) {
        return Err(format!("would also change {}", name(before, &path)));
    }
    let says = match added {
        Added::Citation { cited, .. } => is_citation(&item, cited),
        Added::Draft(draft) => is_draft(&item, draft),
    };
    if says {
        Ok(())
    } else {
        Err("would not read back as written".into())
    }
}

/// Takes the added item out of `after`, leaving what should equal `before`; `None` when
/// `after` does not have it where it belongs.
fn take_added(after: &mut Node, before: &Node, added: &Added<'_>) -> Option<Node> {
    let before_events = before.get("events")?.items()?;
    let events = after.get_mut("events")?.items_mut()?;
    match added {
        Added::Draft(_) => {
            if events.len() != before_events.len() + 1 {
                return None;
            }
            events.pop()
        }
        Added::Citation { index, .. } => {
            if events.len() != before_events.len() {
                return None;
            }
            let old = before_events.get(*index)?;
            let event = events.get_mut(*index)?;
            match old.get("citations").map(|c| &c.value) {
                Some(Value::Seq(items)) => {
                    let list = event.get_mut("citations")?.items_mut()?;
                    (list.len() == items.len() + 1).then(|| list.pop())?
                }
                Some(Value::Scalar(Scalar::Null)) => {
                    let list = event.get_mut("citations")?;
                    let mut one = match list.items_mut() {
                        Some(items) if items.len() == 1 => std::mem::take(items),
                        _ => return None,
                    };
                    list.value = Value::Scalar(Scalar::Null);
                    one.pop()
                }
                Some(_) => None,
                None => {
                    let entries = event.entries_mut()?;
                    let (key, list) = entries.pop()?;
                    if key.text().as_deref() != Some("citations") {
                        return None;
                    }
                    match list.value {
                        Value::Seq(mut items) if items.len() == 1 => items.pop(),
                        _ => None,
                    }
                }
            }
        }
    }
}

/// Whether `node` is the string `want`.
fn says(node: Option<&Node>, want: &str) -> bool {
    node.is_some_and(|n| matches!(&n.value, Value::Scalar(Scalar::Str(s)) if s == want))
}

/// Whether `node` is a mapping of exactly `fields` (in any order), each a string.
fn holds(node: &Node, fields: &[(&str, Option<&str>)]) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    let wanted: Vec<(&str, &str)> = fields
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .collect();
    entries.len() == wanted.len() && wanted.iter().all(|(k, v)| says(node.get(k), v))
}

fn is_citation(node: &Node, cited: &Cited) -> bool {
    holds(
        node,
        &[
            ("source", Some(&cited.source)),
            ("quote", Some(&cited.quote)),
            ("prefix", cited.prefix.as_deref()),
        ],
    )
}

fn is_draft(node: &Node, draft: &Draft) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    entries.len() == 4 + usize::from(draft.date.is_some())
        && says(node.get("id"), &draft.id)
        && node
            .get("draft")
            .is_some_and(|n| matches!(n.value, Value::Scalar(Scalar::Bool(true))))
        && says(node.get("title"), &draft.title)
        && draft
            .date
            .as_ref()
            .is_none_or(|d| says(node.get("date"), d))
        && matches!(
            node.get("citations").and_then(Node::items),
            Some([c]) if is_citation(c, &draft.citation)
        )
}

/// Whether the loaded citation `c` is `cited`, anchored at the selected bytes.
fn anchored(chronology: &Chronology, c: &Citation, cited: &Cited) -> bool {
    chronology
        .sources
        .get(c.source)
        .is_some_and(|s| s.id == cited.source)
        && c.quote == cited.quote
        && c.prefix == cited.prefix
        && c.range == cited.range
}

/// A difference's path in words: `event "a" (title)` for one under `events:`.
fn name(before: &Node, path: &str) -> String {
    let under_events = path
        .strip_prefix(".events[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
    if let Some((n, rest)) = under_events
        && let Some(id) = before
            .get("events")
            .and_then(Node::items)
            .and_then(|items| items.get(n))
            .and_then(|e| e.get("id"))
            .and_then(Node::text)
    {
        let rest = rest.trim_start_matches('.');
        return if rest.is_empty() {
            format!("event \"{id}\"")
        } else {
            format!("event \"{id}\" ({rest})")
        };
    }
    format!("`{}`", path.trim_start_matches('.'))
}
