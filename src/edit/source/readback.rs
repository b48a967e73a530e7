//! The check a new source entry passes before it is written: the patched text is read back,
//! as YAML and by the loader, and must say what was meant and nothing else.
//!
//! As for a citation (`crate::edit::readback`): it parses; taking the new entry out of the
//! parsed file (and the `sources:` key or list it brought, when there was none) leaves a
//! document equal, value for value, to the file before; the entry holds exactly the fields
//! meant. Then the loader reads both texts, with the chronology's own sources: the new entry
//! must load (its file read, its id, date and fingerprint accepted) and no problem may appear
//! that the file did not have, except in the citations of events, whose quotes a new source
//! gives somewhere to be looked for (an event that cited the id before it existed). Problems
//! are compared without their positions, which the inserted lines move. The two loads run one
//! after the other, so a chronology's sources are held in memory once at a time.

use std::collections::HashMap;

use super::NewSource;
use crate::edit::Patch;
use crate::edit::place::{Check, Unplaced};
use crate::edit::readback::Misread;
use crate::load::tree::{self, Node, Scalar, Value};
use crate::load::{self, Input, LoadOptions, Problem};
use crate::model::Date;
use crate::yaml::patch::apply;

/// What the file had under `sources:` before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Before {
    /// A list of this many items.
    Items(usize),
    /// An empty list (`[]`).
    Empty,
    /// The key with nothing after it.
    Null,
    /// No `sources:` key.
    Absent,
}

/// Checks that `yaml` with `patches` applied reads back as `yaml` (parsed as `before_doc`)
/// with `entry` added to its sources, and nothing else.
///
/// # Errors
/// Says what would go wrong; the patches are then not to be written.
pub(super) fn verify(
    check: &Check<'_>,
    yaml: &str,
    before_doc: &Node,
    patches: &[Patch],
    entry: &NewSource,
    before: Before,
) -> Result<(), Unplaced> {
    let fail = |why: Misread| Unplaced::ReadBack(format!("the source \"{}\" {why}", entry.id));
    let bytes = apply(yaml.as_bytes(), patches).map_err(|e| fail(Misread::NotInserted(e)))?;
    let text = String::from_utf8(bytes).map_err(|_| fail(Misread::SplitsCharacter))?;
    let load = |yaml: &str| {
        load::load(
            Input::text(check.name, yaml, check.sources),
            &LoadOptions::default(),
        )
        .result
    };
    // The file before is loaded while the patched text is parsed, keeping only its problems;
    // then the patched text. One after the other, so the sources are held once at a time.
    let (document, old) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(yaml).err().map(|p| p.0).unwrap_or_default());
        let document = same_but_added(&text, before_doc, entry, before);
        (document, old.join())
    });
    document.map_err(fail)?;
    let old = old.map_err(|_| fail(Misread::LoaderStopped))?;
    let new = load(&text);
    if let Some(first) = new_problem(&old, new.as_ref().err().map_or(&[], |p| &p.0)) {
        return Err(fail(Misread::DoesNotLoad(Some(first.headline()))));
    }
    if let Ok(chronology) = &new {
        let loaded = chronology.sources.iter().find(|s| s.id == entry.id);
        let as_written = loaded.is_some_and(|s| {
            s.title == entry.title
                && s.path == entry.path
                && s.publisher == entry.publisher
                && s.date == entry.date.as_deref().and_then(|d| Date::parse(d).ok())
        });
        if !as_written {
            return Err(fail(Misread::NotLoadedAsWritten));
        }
    }
    Ok(())
}

/// The first problem of `new` that `old` does not have (by entity, field and message), other
/// than one in an event's citations.
fn new_problem<'a>(old: &[Problem], new: &'a [Problem]) -> Option<&'a Problem> {
    let key = |p: &Problem| (p.entity.clone(), p.field.clone(), p.message.clone());
    let mut had: HashMap<_, usize> = HashMap::new();
    for p in old {
        *had.entry(key(p)).or_default() += 1;
    }
    new.iter().find(|p| {
        let in_citations = p.entity.as_deref().is_some_and(|e| e.starts_with("event "))
            && p.field
                .as_deref()
                .is_some_and(|f| f.starts_with("citations"));
        if in_citations {
            return false;
        }
        match had.get_mut(&key(p)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        }
    })
}

/// Parses `text` and checks it is `before_doc` with `entry` added and nothing else.
fn same_but_added(
    text: &str,
    before_doc: &Node,
    entry: &NewSource,
    before: Before,
) -> Result<(), Misread> {
    let mut after = tree::parse(text).map_err(Misread::DoesNotParse)?;
    let Some(item) = take_added(&mut after, before) else {
        let changes_at = before_doc.difference(&after);
        return Err(Misread::Misplaced { changes_at });
    };
    if let Some(path) = before_doc.difference(&after) {
        return Err(Misread::AlsoChanges(format!(
            "`{}`",
            path.trim_start_matches('.')
        )));
    }
    if is_entry(&item, entry) {
        Ok(())
    } else {
        Err(Misread::NotAsWritten)
    }
}

/// Takes the new item out of `after`, leaving what should equal the file before; `None` when
/// it is not where it belongs.
fn take_added(after: &mut Node, before: Before) -> Option<Node> {
    if before == Before::Absent {
        let entries = after.entries_mut()?;
        let at = entries.iter().position(|(k, _)| k.is("sources"))?;
        let (_, mut list) = entries.remove(at);
        let items = list.items_mut()?;
        return (items.len() == 1).then(|| items.pop()).flatten();
    }
    let list = after.get_mut("sources")?;
    let items = list.items_mut()?;
    let item = match before {
        Before::Items(n) if items.len() == n + 1 => items.pop(),
        Before::Empty | Before::Null if items.len() == 1 => items.pop(),
        _ => None,
    }?;
    if before == Before::Null {
        list.value = Value::Scalar(Scalar::Null);
    }
    Some(item)
}

/// Whether `node` is a mapping of exactly the entry's fields, each the text meant.
fn is_entry(node: &Node, entry: &NewSource) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    let fields = entry.fields();
    entries.len() == fields.len()
        && fields.iter().all(|(key, want)| {
            node.get(key)
                .is_some_and(|n| matches!(&n.value, Value::Scalar(Scalar::Str(s)) if s == want))
        })
}
