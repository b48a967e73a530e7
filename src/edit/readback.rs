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
use crate::load::SourceReader;
use crate::load::tree::{self, Node, Scalar, TreeError, Value};
use crate::load::{self, Input, LoadOptions, Problem};
use crate::model::{Chronology, Citation};
use crate::yaml::patch::{PatchError, apply};

/// Why a citation or a draft cannot be added; each says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// The file, as it is written, has no place for it (no such event, a flow-style list).
    Layout(String),
    /// The change was made but does not read back as intended: it is not written.
    ReadBack(String),
}

impl std::fmt::Display for Unplaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Layout(why) => f.write_str(why),
            Self::ReadBack(why) => write!(f, "{why}; nothing was written (add it in an editor)"),
        }
    }
}

impl std::error::Error for Unplaced {}

/// How the patched text is read back: the name messages give the file, and the sources its
/// citations anchor in (the viewer passes the texts it has loaded).
pub struct Check<'a> {
    pub name: &'a str,
    pub sources: &'a (dyn SourceReader + Sync),
}

/// How the patched text fails to read back; each message follows the name of what was added
/// (`the citation for event "a" would also change …`, `the source "id" would not …`). One
/// enum for every kind of addition, so each failure is worded once.
#[derive(Debug, thiserror::Error)]
pub(super) enum Misread {
    #[error("could not be inserted ({0})")]
    NotInserted(PatchError),
    #[error("would split a character of the file")]
    SplitsCharacter,
    #[error("would leave a file that does not parse ({0})")]
    DoesNotParse(TreeError),
    /// The new item is not where it belongs; `changes_at` names the first value that differs.
    #[error(
        "would not land where it belongs{}",
        .changes_at.as_ref().map_or_else(String::new, |at| format!(" (the file changes at {at})"))
    )]
    Misplaced { changes_at: Option<String> },
    /// Another value changed: its name (`event "a" (title)`).
    #[error("would also change {0}")]
    AlsoChanges(String),
    #[error("would not read back as written")]
    NotAsWritten,
    #[error("could not be loaded (the loader stopped; a bug)")]
    LoaderStopped,
    /// The loader refused the text: its first problem's headline, when it gave one.
    #[error(
        "would leave a file that does not load{}",
        .0.as_ref().map_or_else(String::new, |first| format!(": {first}"))
    )]
    DoesNotLoad(Option<String>),
    /// It loads, but the new citation does not anchor at the selected passage.
    #[error("would not load as the selected passage")]
    NotTheSelection,
    /// It loads, but the new source entry does not load as it was written.
    #[error("would not load as the entry says")]
    NotLoadedAsWritten,
}

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
    let fail = |why: Misread| Unplaced::ReadBack(format!("{what} {why}"));
    let bytes = apply(yaml.as_bytes(), std::slice::from_ref(patch))
        .map_err(|e| fail(Misread::NotInserted(e)))?;
    let text = String::from_utf8(bytes).map_err(|_| fail(Misread::SplitsCharacter))?;
    // The loader and the parse of the whole text take about as long each: on a large file they
    // run side by side.
    let (document, loaded) = std::thread::scope(|scope| {
        let loading = scope.spawn(|| {
            let patched = Input::text(check.name, &text, check.sources);
            load::load(patched, &LoadOptions::default()).result
        });
        let document = same_but_added(&text, before, added);
        (document, loading.join())
    });
    document.map_err(fail)?;
    let chronology = loaded
        .map_err(|_| fail(Misread::LoaderStopped))?
        .map_err(|p| fail(Misread::DoesNotLoad(p.0.first().map(Problem::headline))))?;
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
        return Err(fail(Misread::NotTheSelection));
    }
    Ok(())
}

/// Parses `text` and checks it is `before` with `added` and nothing else; says what is wrong
/// when it is not.
fn same_but_added(text: &str, before: &Node, added: &Added<'_>) -> Result<(), Misread> {
    let mut after = tree::parse(text).map_err(Misread::DoesNotParse)?;
    let Some(item) = take_added(&mut after, before, added) else {
        let changes_at = before.difference(&after).map(|p| name(before, &p));
        return Err(Misread::Misplaced { changes_at });
    };
    if let Some(path) = before.difference(&after) {
        return Err(Misread::AlsoChanges(name(before, &path)));
    }
    let says = match added {
        Added::Citation { cited, .. } => is_citation(&item, cited),
        Added::Draft(draft) => is_draft(&item, draft),
    };
    if says {
        Ok(())
    } else {
        Err(Misread::NotAsWritten)
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
        && c.prefix.as_deref() == cited.prefix.as_deref()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::cite::cite;

    const BEFORE: &str = "events:\n  - id: a\n    title: A\n";

    fn draft() -> Draft {
        let source = "a new passage";
        Draft {
            id: "new".into(),
            title: "New".into(),
            date: None,
            citation: cite("s", source, 2..5).unwrap(),
        }
    }

    fn misread(after: &str) -> Misread {
        let before = tree::parse(BEFORE).unwrap();
        same_but_added(after, &before, &Added::Draft(&draft())).unwrap_err()
    }

    /// Each way a text fails to read back is its own kind, with the value it names.
    #[test]
    fn each_misreading_is_a_kind() {
        let citation = "    citations:\n      - source: s\n        quote: new\n";
        let new = format!("  - id: new\n    draft: true\n    title: New\n{citation}");
        assert!(matches!(
            misread("events: [\n"),
            Misread::DoesNotParse(TreeError::Yaml(_))
        ));
        let err = misread("events:\n  - id: a\n    title: B\n");
        assert!(
            matches!(&err, Misread::Misplaced { changes_at: Some(at) } if at == "event \"a\" (title)"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "would not land where it belongs (the file changes at event \"a\" (title))"
        );
        let err = misread(&format!("events:\n  - id: a\n    title: B\n{new}"));
        assert!(
            matches!(&err, Misread::AlsoChanges(at) if at == "event \"a\" (title)"),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "would also change event \"a\" (title)");
        let other = new.replace("title: New", "title: Old");
        let err = misread(&format!("{BEFORE}{other}"));
        assert!(matches!(err, Misread::NotAsWritten), "{err:?}");
        let before = tree::parse(BEFORE).unwrap();
        let fine = format!("{BEFORE}{new}");
        assert!(same_but_added(&fine, &before, &Added::Draft(&draft())).is_ok());
    }
}
