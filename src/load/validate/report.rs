//! Collecting problems, and the checks every entity shares: required and optional fields,
//! ids, dates, and references resolved against the ids of a kind.
//!
//! One [`Report`] per file or per run of events (each thread has its own, merged in
//! [`super::finish`]), so messages are built the same way whichever step finds the problem.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::load::limits::MAX_FIELD_BYTES;
use crate::load::schema::{At, Position, Text};
use crate::model::{Date, Zone};
use crate::problem::Problem;
use crate::text::nearby::Ranking;

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
    /// The chronology's `timezone:`, for the dates checked (see [`Date::parse_in`]).
    pub(super) zone: Option<Zone>,
}

impl<'a> Report<'a> {
    pub(super) fn new(file: &'a str) -> Self {
        Report {
            file,
            problems: Vec::new(),
            zone: None,
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
        match Date::parse_in(&text.value, self.zone) {
            Ok(d) => Some(d),
            Err(e) => {
                self.add(
                    text.pos(),
                    entity,
                    field,
                    format!("bad date: {e}"),
                    e.help(),
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
    /// Every id, sorted, for a list of valid choices when ranking them costs too much.
    sorted: OnceLock<Vec<K>>,
    /// The ids nearest each unknown reference met, by reference: a file may misspell one id
    /// thousands of times, and each message would rank every id again.
    rankings: Mutex<HashMap<String, Arc<Ranking>>>,
    /// Comparisons of names left for ranking (see [`RANKING_BUDGET`]).
    budget: AtomicUsize,
}

/// Comparisons of a reference with an id allowed per kind of id, for `did you mean`: a few
/// typos among thousands of ids cost nothing, while a hostile file of a million distinct bad
/// references among a million ids (a trillion comparisons) gets plain lists past it (about
/// a second of comparisons in a release build).
const RANKING_BUDGET: usize = 5_000_000;

/// The ids alone: what was ranked for messages is made again when needed.
impl<K: Clone> Clone for Ids<K> {
    fn clone(&self) -> Self {
        Ids {
            index: self.index.clone(),
            ..Ids::default()
        }
    }
}

impl<K> Default for Ids<K> {
    fn default() -> Self {
        Ids {
            index: HashMap::new(),
            sorted: OnceLock::new(),
            rankings: Mutex::default(),
            budget: AtomicUsize::new(RANKING_BUDGET),
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

    /// The ids nearest `reference`, ranked once per reference while the budget lasts.
    fn ranking(&self, reference: &str) -> Arc<Ranking> {
        let cached = |rankings: &HashMap<String, Arc<Ranking>>| rankings.get(reference).cloned();
        let rankings = || self.rankings.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(ranking) = cached(&rankings()) {
            return ranking;
        }
        let n = self.index.len();
        let affordable = self
            .budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok();
        let ranking = Arc::new(if affordable {
            Ranking::of(reference, self.index.keys().map(Borrow::borrow))
        } else {
            let sorted = self.sorted.get_or_init(|| {
                let mut ids: Vec<K> = self.index.keys().cloned().collect();
                ids.sort_unstable();
                ids
            });
            Ranking::unranked(sorted.iter().map(Borrow::borrow), n)
        });
        rankings().insert(reference.to_string(), Arc::clone(&ranking));
        ranking
    }
}

/// Looks an id up, reporting an unknown one with the id most likely meant and a handful of
/// others.
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
    let ranking = ids.ranking(reference);
    let near = ranking.nearby(exclude);
    let mut help = near.did_you_mean(|id| format!("\"{id}\""));
    if near.meant.is_some() {
        help.push_str("otherwise ");
    }
    let _ = write!(help, "define it under `{what}s:`");
    if let Some(listed) = near.listed(str::to_string) {
        let _ = write!(help, " or use one of: {listed}");
    }
    report.add(
        at,
        entity,
        field,
        format!("unknown {what} \"{reference}\""),
        help,
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_typos_among_many_ids_cost_a_bounded_number_of_comparisons() {
        // Ranking every one of 10,000 ids for each of 1,000 distinct unknown references would
        // be 10 million comparisons; past the budget (here 100,000: ten rankings) the help
        // lists ids without ranking them.
        let mut ids: Ids = Ids::default();
        ids.budget.store(100_000, Ordering::Relaxed);
        for i in 0..10_000 {
            ids.insert(format!("actor-{i:05}"), i);
        }
        let mut report = Report::new("c.yaml");
        for i in 0..1_000 {
            let typo = format!("actor-{i:05}x");
            resolve(
                &mut report,
                &ids,
                (&typo, None),
                "event",
                "actors",
                "actor",
                None,
            );
        }
        let help = |report: &Report<'_>, i: usize| report.problems[i].help.clone().unwrap();
        assert_eq!(report.problems.len(), 1_000);
        assert!(
            help(&report, 9)
                .starts_with("did you mean \"actor-00009\"? otherwise define it under `actors:`"),
            "{}",
            help(&report, 9)
        );
        assert!(
            help(&report, 10)
                .starts_with("define it under `actors:` or use one of: actor-00000, actor-00001,")
                && help(&report, 10).ends_with("… (10000 in all)"),
            "{}",
            help(&report, 10)
        );
        assert_eq!(ids.budget.load(Ordering::Relaxed), 0);
        // A typo met again is not ranked again.
        resolve(
            &mut report,
            &ids,
            ("actor-00003x", None),
            "event",
            "actors",
            "actor",
            None,
        );
        assert!(help(&report, 1_000).starts_with("did you mean \"actor-00003\"?"));
    }
}
