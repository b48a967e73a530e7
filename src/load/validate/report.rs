//! Collecting problems, and the checks every entity shares: required and optional fields,
//! ids, dates, and references resolved against the ids of a kind.
//!
//! One [`Report`] per file or per run of events (each thread has its own, merged in
//! [`super::finish`]), so messages are built the same way whichever step finds the problem.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::sync::OnceLock;

use crate::load::limits::MAX_FIELD_BYTES;
use crate::load::schema::{At, Position, Text};
use crate::model::Date;
use crate::problem::Problem;

/// A 1-based line and column, when known.
pub(super) type Pos = Option<(u64, u64)>;

/// How messages name the `index`-th (0-based) entity of a kind: by its id when it has a usable
/// one, otherwise by its number.
pub(super) fn entity(kind: &str, id: Option<&str>, index: usize) -> String {
    match id {
        Some(id) => format!("{kind} \"{id}\""),
        None => format!("{kind} #{}", index + 1),
    }
}

/// Collects problems for one file, or one run of its events.
pub(super) struct Report<'a> {
    file: &'a str,
    pub(super) problems: Vec<Problem>,
}

impl<'a> Report<'a> {
    pub(super) fn new(file: &'a str) -> Self {
        Report {
            file,
            problems: Vec::new(),
        }
    }

    /// The file as messages name it.
    pub(super) fn file(&self) -> &'a str {
        self.file
    }

    pub(super) fn add(
        &mut self,
        at: Pos,
        entity: &str,
        field: &str,
        message: String,
        help: impl Into<String>,
    ) {
        let problem = Problem::new(self.file, message)
            .at(at)
            .entity((!entity.is_empty()).then(|| entity.to_string()))
            .help(help);
        self.problems.push(if field.is_empty() {
            problem
        } else {
            problem.field(field)
        });
    }

    /// A required text field: its value, or a problem at the entity's position.
    pub(super) fn required<P: Position>(
        &mut self,
        value: Option<Text<P>>,
        at: Pos,
        entity: &str,
        field: &str,
    ) -> Option<String> {
        match value {
            Some(v) if v.value.len() > MAX_FIELD_BYTES => {
                self.too_long(&v, entity, field);
                None
            }
            Some(v) if !v.value.trim().is_empty() => Some(v.value),
            Some(v) => {
                self.add(
                    v.pos(),
                    entity,
                    field,
                    format!("`{field}` is empty"),
                    format!("give `{field}` a value"),
                );
                None
            }
            None => {
                self.add(
                    at,
                    entity,
                    field,
                    format!("missing required field `{field}`"),
                    format!("add `{field}:` to this entry"),
                );
                None
            }
        }
    }

    pub(super) fn too_long<P: Position>(&mut self, v: &Text<P>, entity: &str, field: &str) {
        self.add(
            v.pos(),
            entity,
            field,
            format!(
                "`{field}` is {} bytes long, over the limit of {MAX_FIELD_BYTES} bytes",
                v.value.len()
            ),
            "shorten it; quote a passage, not a whole document",
        );
    }

    /// An optional text field: its value unless it is over the length limit.
    pub(super) fn optional<P: Position>(
        &mut self,
        value: Option<Text<P>>,
        entity: &str,
        field: &str,
    ) -> Option<String> {
        let v = value?;
        if v.value.len() > MAX_FIELD_BYTES {
            self.too_long(&v, entity, field);
            return None;
        }
        Some(v.value)
    }

    /// Optional list of text values, each within the length limit.
    pub(super) fn list<P: Position>(
        &mut self,
        values: Vec<Text<P>>,
        entity: &str,
        field: &str,
    ) -> Vec<String> {
        // Sized exactly: a collected `filter_map` reserves room for four, and a 100,000-event
        // file has a list or two in each.
        let mut list = Vec::with_capacity(values.len());
        list.extend(
            values
                .into_iter()
                .filter_map(|v| self.optional(Some(v), entity, field)),
        );
        list
    }

    /// Checks an id's presence and form; returns it when usable. Uniqueness is checked by
    /// [`Report::first_use`], over all entities of the kind.
    pub(super) fn id<P: Position>(
        &mut self,
        id: Option<Text<P>>,
        at: Pos,
        kind: &str,
        index: usize,
    ) -> Option<String> {
        let here = id.as_ref().and_then(At::pos);
        let value = self.required(id, at, &entity(kind, None, index), "id")?;
        if !value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.add(
                here,
                &entity(kind, Some(&value), index),
                "id",
                format!("id \"{value}\" has characters other than a-z, 0-9 and -"),
                "use lowercase letters, digits and hyphens, e.g. `kerman-bombings`",
            );
        }
        Some(value)
    }

    /// The id of the entry at `index` in a list of `kind`s (sources, actors, periods): checked
    /// as [`Self::id`] does and refused if an earlier entry has it (`seen`), with the name
    /// messages give the entry. Every list of the head checks its ids alike.
    pub(super) fn list_id<P: Position>(
        &mut self,
        id: Option<Text<P>>,
        at: Pos,
        kind: &str,
        index: usize,
        seen: &mut HashMap<String, Pos>,
    ) -> (Option<String>, String) {
        let here = id.as_ref().and_then(At::pos);
        let id = self
            .id(id, at, kind, index)
            .filter(|id| self.first_use(seen, id.clone(), id, here, kind));
        let entity = entity(kind, id.as_deref(), index);
        (id, entity)
    }

    /// Whether `id` (written at `here`) is the first of its kind with that id, `seen` holding
    /// the ones before it (keyed by `key`, the id as the map stores it); reports it if not.
    pub(super) fn first_use<K: Eq + Hash>(
        &mut self,
        seen: &mut HashMap<K, Pos>,
        key: K,
        id: &str,
        here: Pos,
        kind: &str,
    ) -> bool {
        match seen.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(here);
                true
            }
            Entry::Occupied(first) => {
                let (line, column) = first.get().unwrap_or_default();
                self.add(
                    here,
                    &format!("{kind} \"{id}\""),
                    "id",
                    format!("duplicate id \"{id}\": already used at line {line}, column {column}"),
                    format!("give each {kind} a unique id"),
                );
                false
            }
        }
    }

    pub(super) fn date<P: Position>(
        &mut self,
        text: &Text<P>,
        entity: &str,
        field: &str,
    ) -> Option<Date> {
        match Date::parse(&text.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.add(
                    text.pos(),
                    entity,
                    field,
                    format!("bad date: {e}"),
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ?, or intervals like 2021-01/2022-09, ../2024-01-02, 2024-01-25/..",
                );
                None
            }
        }
    }
}

/// The ids of one kind of entity, for resolving references to them.
///
/// Keys are owned (`String`) for sources and actors, which the head keeps; borrowed (`&str`)
/// for events, whose ids stay in the events being checked.
pub(super) struct Ids<K = String> {
    index: HashMap<K, usize>,
    /// Every id, sorted, for the list of valid choices in a message. Built at the first unknown
    /// reference, then shared: a large file with many bad references sorts its ids once.
    sorted: OnceLock<Vec<K>>,
}

impl<K> Default for Ids<K> {
    fn default() -> Self {
        Ids {
            index: HashMap::new(),
            sorted: OnceLock::new(),
        }
    }
}

impl<K: Borrow<str> + Hash + Eq + Ord + Clone + Sync + Send> Ids<K> {
    /// Room for `n` ids, for a kind whose count is known before its ids are.
    pub(super) fn with_capacity(n: usize) -> Self {
        let mut ids = Self::default();
        ids.index.reserve(n);
        ids
    }

    pub(super) fn insert(&mut self, id: K, ix: usize) {
        self.index.insert(id, ix);
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Up to a dozen valid ids (without `exclude`), as a phrase for a message.
    fn choices(&self, exclude: Option<&str>) -> Option<String> {
        let sorted = self.sorted.get_or_init(|| {
            let mut ids: Vec<K> = self.index.keys().cloned().collect();
            ids.sort_unstable();
            ids
        });
        let shown: Vec<&str> = sorted
            .iter()
            .map(Borrow::borrow)
            .filter(|k: &&str| Some(*k) != exclude)
            .take(12)
            .collect();
        // Counted without walking every id: a file of many ids has many bad references too.
        let count = sorted.len() - usize::from(exclude.is_some_and(|e| self.index.contains_key(e)));
        match count {
            0 => None,
            1..=12 => Some(shown.join(", ")),
            _ => Some(format!("{}, … ({count} in all)", shown.join(", "))),
        }
    }
}

/// Looks an id up, reporting an unknown one with the valid choices.
#[allow(clippy::too_many_arguments)] // a reference is checked in its full context
pub(super) fn resolve<K: Borrow<str> + Hash + Eq + Ord + Clone + Sync + Send>(
    report: &mut Report<'_>,
    ids: &Ids<K>,
    (reference, at): (&str, Pos),
    entity: &str,
    field: &str,
    what: &str,
    exclude: Option<&str>,
) -> Option<usize> {
    if let Some(ix) = ids.get(reference) {
        return Some(ix);
    }
    let help = match ids.choices(exclude) {
        Some(listed) => format!("define it under `{what}s:` or use one of: {listed}"),
        None => format!("define it under `{what}s:`"),
    };
    report.add(
        at,
        entity,
        field,
        format!("unknown {what} \"{reference}\""),
        help,
    );
    None
}
