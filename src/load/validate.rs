//! Cross-references, dates and citations: everything the schema alone cannot check.
//!
//! Checking runs in three steps so that a large file can be checked on all cores: [`head`]
//! checks the title, sources and actors, which every event refers to; [`events`] checks a run
//! of events against the head (a large file's `events:` list is split into runs, parsed and
//! checked on separate threads, so its parsed form never exists whole); [`finish`] does what
//! needs every event at once: unique ids, `related`, anchoring quotes, ordering. Each step adds
//! to lists of problems; the `Chronology` is built only when they all stay empty.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::sync::OnceLock;

use super::limits::MAX_FIELD_BYTES;
use super::problem::{Problem, Problems};
use super::schema::{ActorDoc, At, Citations, EventDoc, FileDoc, Position, SourceDoc, Text};
use super::{SourceReader, parallel};
use crate::anchor::{self, Outcome, Request};
use chrono::NaiveDate;

use crate::model::{Actor, Chronology, Citation, Date, Event, Source, TagIx};

/// A 1-based line and column, when known.
type Pos = Option<(u64, u64)>;

/// How messages name the `index`-th (0-based) entity of a kind: by its id when it has a usable
/// one, otherwise by its number.
fn entity(kind: &str, id: Option<&str>, index: usize) -> String {
    match id {
        Some(id) => format!("{kind} \"{id}\""),
        None => format!("{kind} #{}", index + 1),
    }
}

/// Collects problems for one file, or one run of its events.
struct Report<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Report<'a> {
    fn new(file: &'a str) -> Self {
        Report {
            file,
            problems: Vec::new(),
        }
    }

    fn add(
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
    fn required<P: Position>(
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

    fn too_long<P: Position>(&mut self, v: &Text<P>, entity: &str, field: &str) {
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
    fn optional<P: Position>(
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
    fn list<P: Position>(
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
    fn id<P: Position>(
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

    /// Whether `id` (written at `here`) is the first of its kind with that id, `seen` holding
    /// the ones before it (keyed by `key`, the id as the map stores it); reports it if not.
    fn first_use<K: Eq + Hash>(
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

    fn date<P: Position>(&mut self, text: &Text<P>, entity: &str, field: &str) -> Option<Date> {
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
struct Ids<K = String> {
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
    fn insert(&mut self, id: K, ix: usize) {
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
        let known = || {
            sorted
                .iter()
                .map(Borrow::borrow)
                .filter(|k: &&str| Some(*k) != exclude)
        };
        let count = known().count();
        let shown: Vec<&str> = known().take(12).collect();
        match count {
            0 => None,
            1..=12 => Some(shown.join(", ")),
            _ => Some(format!("{}, … ({count} in all)", shown.join(", "))),
        }
    }
}

/// Looks an id up, reporting an unknown one with the valid choices.
#[allow(clippy::too_many_arguments)] // a reference is checked in its full context
fn resolve<K: Borrow<str> + Hash + Eq + Ord + Clone + Sync + Send>(
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

/// What every event is checked against: the file's title, sources and actors, checked.
pub(super) struct Head {
    title: String,
    sources: Vec<Source>,
    source_ids: Ids,
    /// For each source, whether its text could be read (citations of an unreadable source are
    /// not anchored, so one missing file is one problem, not one per quote).
    readable: Vec<bool>,
    actors: Vec<Actor>,
    actor_ids: Ids,
    problems: Vec<Problem>,
}

/// Checks the part of the file before the events, and reads the sources.
pub(super) fn head<P: Position>(
    file: &str,
    title: Option<Text<P>>,
    sources: Vec<At<SourceDoc<P>, P>>,
    actors: Vec<At<ActorDoc<P>, P>>,
    reader: &dyn SourceReader,
) -> Head {
    let mut report = Report::new(file);
    let title = match title {
        Some(t) if t.value.len() > MAX_FIELD_BYTES => {
            report.too_long(&t, "", "title");
            String::new()
        }
        Some(t) if !t.value.trim().is_empty() => t.value,
        _ => {
            report.add(
                Some((1, 1)),
                "",
                "title",
                "the chronology has no `title`".into(),
                "add `title: …` at the top of the file",
            );
            String::new()
        }
    };
    let (sources, source_ids, readable) = build_sources(&mut report, sources, reader);
    let (actors, actor_ids) = build_actors(&mut report, actors);
    Head {
        title,
        sources,
        source_ids,
        readable,
        actors,
        actor_ids,
        problems: report.problems,
    }
}

fn build_sources<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<SourceDoc<P>, P>>,
    reader: &dyn SourceReader,
) -> (Vec<Source>, Ids, Vec<bool>) {
    let mut ids = Ids::default();
    let mut sources = Vec::new();
    let mut readable = Vec::new();
    let mut seen = HashMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = doc.pos();
        let d = doc.value;
        let here = d.id.as_ref().and_then(At::pos);
        let id = report
            .id(d.id, at, "source", i)
            .filter(|id| report.first_use(&mut seen, id.clone(), id, here, "source"));
        let entity = entity("source", id.as_deref(), i);
        let path_at = d.path.as_ref().and_then(At::pos);
        let title = report.required(d.title, at, &entity, "title");
        let path = report.required(d.path, at, &entity, "path");
        let date = d
            .date
            .as_ref()
            .and_then(|t| report.date(t, &entity, "date"));
        let text = path.as_ref().and_then(|p| match reader.read(p) {
            Ok(text) => Some(text),
            Err(why) => {
                let help = if why.contains("UTF-8") {
                    "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 old.txt > new.txt`"
                } else if why.contains("over the limit") {
                    "cite a shorter document, or an excerpt of it"
                } else if why.contains("leads outside") {
                    "keep sources beside the chronology or in its project (the nearest folder above it with `.git` or `.sourceline`); to read another folder, pass `--allow-sources-in DIR`"
                } else if why.contains("not a regular file") {
                    "cite a regular text file"
                } else {
                    "source paths are relative to the chronology file's folder; check the path and the file's name"
                };
                report.add(
                    path_at,
                    &entity,
                    "path",
                    format!("source file \"{p}\" {why}"),
                    help,
                );
                None
            }
        });
        if let (Some(id), Some(title), Some(path)) = (id, title, path) {
            ids.insert(id.clone(), sources.len());
            readable.push(text.is_some());
            sources.push(Source {
                id,
                title,
                publisher: report.optional(d.publisher, &entity, "publisher"),
                authors: report.list(d.authors, &entity, "authors"),
                date,
                path,
                text: text.unwrap_or_default(),
            });
        }
    }
    (sources, ids, readable)
}

fn build_actors<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<ActorDoc<P>, P>>,
) -> (Vec<Actor>, Ids) {
    let mut ids = Ids::default();
    let mut actors = Vec::new();
    let mut seen = HashMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = doc.pos();
        let d = doc.value;
        let here = d.id.as_ref().and_then(At::pos);
        let id = report
            .id(d.id, at, "actor", i)
            .filter(|id| report.first_use(&mut seen, id.clone(), id, here, "actor"));
        let entity = entity("actor", id.as_deref(), i);
        let name = report.required(d.name, at, &entity, "name");
        if let (Some(id), Some(name)) = (id, name) {
            ids.insert(id.clone(), actors.len());
            actors.push(Actor {
                id,
                name,
                kind: report.optional(d.kind, &entity, "kind").unwrap_or_default(),
                aliases: report.list(d.aliases, &entity, "aliases"),
            });
        }
    }
    (actors, ids)
}

/// An event that passed its own checks, with what `finish` still needs to check it against
/// the other events.
pub(super) struct Pending {
    event: Event,
    /// Where its id was written, for the message about a duplicate.
    id_at: Pos,
    /// Its tags by name: they are numbered once every event's are known.
    tags: Vec<String>,
    /// References to other events, as written: they can only be resolved once every id is
    /// known.
    related: Vec<(String, Pos)>,
    /// Where each citation's quote was written, for the message when it is not found; empty
    /// when no position is known (the reading without positions), which saves a list per event.
    quote_at: Vec<Pos>,
    /// Its number in the file (0-based), to name it when its id is unusable.
    index: usize,
}

impl Pending {
    /// How messages name it. An event whose id is missing, or lost to a duplicate, goes by its
    /// number.
    fn entity(&self) -> String {
        let id = &self.event.id;
        entity("event", (!id.is_empty()).then_some(id.as_str()), self.index)
    }
}

/// A run of events, checked against the head.
pub(super) struct Events {
    pending: Vec<Pending>,
    problems: Vec<Problem>,
}

/// Checks a run of events that starts at event number `first` (0-based) of the file.
pub(super) fn events<P: Position>(
    file: &str,
    head: &Head,
    first: usize,
    docs: Vec<At<EventDoc<P>, P>>,
) -> Events {
    let mut report = Report::new(file);
    let pending = docs
        .into_iter()
        .enumerate()
        .map(|(i, doc)| event(&mut report, head, first + i, doc))
        .collect();
    Events {
        pending,
        problems: report.problems,
    }
}

/// Checks one event on its own. Events with problems are kept too (with stand-ins for what is
/// missing) so their references and quotes are still checked: one run reports everything. A
/// problem was recorded for each stand-in, so none reaches a `Chronology`.
fn event<P: Position>(
    report: &mut Report<'_>,
    head: &Head,
    index: usize,
    doc: At<EventDoc<P>, P>,
) -> Pending {
    let at = doc.pos();
    let d = doc.value;
    let id_at = d.id.as_ref().and_then(At::pos);
    let id = report.id(d.id, at, "event", index);
    let entity = entity("event", id.as_deref(), index);
    let title = report.required(d.title, at, &entity, "title");
    let date = if let Some(t) = &d.date {
        report.date(t, &entity, "date")
    } else {
        report.required::<P>(None, at, &entity, "date");
        None
    };
    let mut actors = Vec::with_capacity(d.actors.len());
    for a in &d.actors {
        if let Some(ix) = resolve(
            report,
            &head.actor_ids,
            (&a.value, a.pos()),
            &entity,
            "actors",
            "actor",
            None,
        ) && !actors.contains(&ix)
        {
            actors.push(ix);
        }
    }
    let (citations, quote_at) = citations(report, head, d.citations, at, &entity);
    Pending {
        event: Event {
            id: id.unwrap_or_default(),
            date: date.unwrap_or(Date::Interval {
                start: None,
                end: None,
            }),
            title: title.unwrap_or_default(),
            actors,
            summary: report
                .optional(d.summary, &entity, "summary")
                .filter(|s| !s.trim().is_empty()),
            tags: Vec::new(),
            related: Vec::new(),
            citations,
        },
        id_at,
        tags: report.list(d.tags, &entity, "tags"),
        related: d
            .related
            .into_iter()
            .map(|r| (r.value, r.at.get()))
            .collect(),
        quote_at: if quote_at.iter().any(Option::is_some) {
            quote_at
        } else {
            Vec::new()
        },
        index,
    }
}

fn citations<P: Position>(
    report: &mut Report<'_>,
    head: &Head,
    citations: Option<Citations<P>>,
    at: Pos,
    entity: &str,
) -> (Vec<Citation>, Vec<Pos>) {
    let Some(citations) = citations else {
        report.add(
            at,
            entity,
            "citations",
            "the event has no citations".into(),
            "add at least one `citations:` entry with `source:` and `quote:` from the source text",
        );
        return (Vec::new(), Vec::new());
    };
    if citations.value.is_empty() {
        report.add(
            citations.pos(),
            entity,
            "citations",
            "the event has no citations".into(),
            "add at least one entry with `source:` and `quote:` from the source text",
        );
    }
    // Sized exactly, as in `Report::list`.
    let mut out = Vec::with_capacity(citations.value.len());
    let mut positions = Vec::with_capacity(citations.value.len());
    for c in citations.value {
        let c_at = c.pos();
        let c = c.value;
        let source_at = c.source.as_ref().and_then(At::pos);
        let quote_at = c.quote.as_ref().and_then(At::pos);
        let source = report.required(c.source, c_at, entity, "citations.source");
        let quote = report.required(c.quote, c_at, entity, "citations.quote");
        let source = source.and_then(|s| {
            resolve(
                report,
                &head.source_ids,
                (&s, source_at),
                entity,
                "citations.source",
                "source",
                None,
            )
        });
        if let (Some(source), Some(quote)) = (source, quote) {
            out.push(Citation {
                source,
                quote,
                prefix: report.optional(c.prefix, entity, "citations.prefix"),
                note: report.optional(c.note, entity, "citations.note"),
                range: 0..0,
            });
            positions.push(quote_at);
        }
    }
    (out, positions)
}

/// Validates a whole parsed file and builds the chronology, or returns every problem.
pub(super) fn build<P: Position>(
    file: &str,
    doc: FileDoc<P>,
    reader: &dyn SourceReader,
) -> Result<Chronology, Problems> {
    let head = head(file, doc.title, doc.sources, doc.actors, reader);
    let events = events(file, &head, 0, doc.events);
    finish(file, head, vec![events])
}

/// Checks the events against each other (unique ids, `related`), anchors every quote, and
/// builds the chronology in date order; or returns every problem of the file.
pub(super) fn finish(
    file: &str,
    mut head: Head,
    runs: Vec<Events>,
) -> Result<Chronology, Problems> {
    let mut report = Report::new(file);
    report.problems = std::mem::take(&mut head.problems);
    let mut all = AllEvents::new(runs.into_iter().map(|run| {
        report.problems.extend(run.problems);
        run.pending
    }));
    if all.len() == 0 {
        report.add(
            None,
            "",
            "events",
            "the chronology has no events".into(),
            "add at least one entry under `events:`",
        );
    }

    // Duplicates lose their id (the first keeps it), like any other event with a bad id.
    let mut duplicates = Vec::new();
    {
        let mut seen = HashMap::with_capacity(all.len());
        for (i, p) in all.iter().enumerate() {
            let id = p.event.id.as_str();
            if !id.is_empty() && !report.first_use(&mut seen, id, id, p.id_at, "event") {
                duplicates.push(i);
            }
        }
    }
    for i in duplicates {
        all[i].event.id.clear();
    }

    resolve_related(&mut report, &mut all);
    anchor_citations(&mut report, &head, &mut all);
    if !report.problems.is_empty() {
        report
            .problems
            .sort_by_key(|p| p.position.unwrap_or((u64::MAX, 0)));
        return Err(Problems(report.problems));
    }

    let tags = number_tags(&mut all);

    // Order by date, ties in file order (the key holds the position); then remap `related`
    // to the new positions.
    let mut order: Vec<(NaiveDate, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, p)| (p.event.date.sort_key(), i))
        .collect();
    order.sort_unstable();
    let mut new_index = vec![0; order.len()];
    for (new, &(_, old)) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut events: Vec<Event> = order
        .iter()
        .map(|&(_, i)| std::mem::replace(&mut all[i].event, stand_in()))
        .collect();
    drop(all);
    for e in &mut events {
        for r in &mut e.related {
            *r = new_index[*r];
        }
    }
    let mut chronology = Chronology {
        title: head.title,
        sources: head.sources,
        actors: head.actors,
        tags,
        events,
        passages: Vec::new(),
        longest_passage: Vec::new(),
    };
    chronology.index_passages();
    Ok(chronology)
}

/// Every tag in use, sorted, with each event's tags turned into indices into that list.
fn number_tags(all: &mut AllEvents) -> Vec<String> {
    // A file has few distinct tags and many uses of each: gather the distinct ones, sort them,
    // then look each use up.
    let (tags, number) = {
        let mut distinct: HashMap<&str, usize> = HashMap::new();
        for tag in all.iter().flat_map(|p| &p.tags) {
            distinct.entry(tag).or_default();
        }
        let mut tags: Vec<&str> = distinct.keys().copied().collect();
        tags.sort_unstable();
        for (i, tag) in tags.iter().enumerate() {
            distinct.insert(tag, i);
        }
        let number: Vec<Vec<TagIx>> = all
            .iter()
            .map(|p| p.tags.iter().map(|t| distinct[t.as_str()]).collect())
            .collect();
        let tags: Vec<String> = tags.into_iter().map(str::to_string).collect();
        (tags, number)
    };
    for (p, numbers) in all.iter_mut().zip(number) {
        p.event.tags = numbers;
        p.tags = Vec::new();
    }
    tags
}

/// An event that holds nothing, in place of one moved out.
fn stand_in() -> Event {
    Event {
        id: String::new(),
        date: Date::Interval {
            start: None,
            end: None,
        },
        title: String::new(),
        actors: Vec::new(),
        summary: None,
        tags: Vec::new(),
        related: Vec::new(),
        citations: Vec::new(),
    }
}

/// Every event of the file, numbered in file order but left in the runs they were checked in:
/// gathering them into one list would copy every event once more, at the moment memory use
/// peaks.
struct AllEvents {
    runs: Vec<Vec<Pending>>,
    /// The number of the first event of each run.
    starts: Vec<usize>,
}

impl AllEvents {
    fn new(runs: impl Iterator<Item = Vec<Pending>>) -> Self {
        let runs: Vec<Vec<Pending>> = runs.filter(|run| !run.is_empty()).collect();
        let starts = runs
            .iter()
            .scan(0, |next, run| {
                let start = *next;
                *next += run.len();
                Some(start)
            })
            .collect();
        AllEvents { runs, starts }
    }

    fn len(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    fn iter(&self) -> impl Iterator<Item = &Pending> {
        self.runs.iter().flatten()
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut Pending> {
        self.runs.iter_mut().flatten()
    }

    /// The run holding event `i`, and its place there.
    fn locate(&self, i: usize) -> (usize, usize) {
        let run = self
            .starts
            .partition_point(|&start| start <= i)
            .saturating_sub(1);
        (run, i - self.starts.get(run).copied().unwrap_or(0))
    }
}

impl std::ops::Index<usize> for AllEvents {
    type Output = Pending;

    fn index(&self, i: usize) -> &Pending {
        let (run, at) = self.locate(i);
        &self.runs[run][at]
    }
}

impl std::ops::IndexMut<usize> for AllEvents {
    fn index_mut(&mut self, i: usize) -> &mut Pending {
        let (run, at) = self.locate(i);
        &mut self.runs[run][at]
    }
}

/// Resolves each event's `related` ids, now that every event id is known.
fn resolve_related(report: &mut Report<'_>, all: &mut AllEvents) {
    let resolved: Vec<Vec<usize>> = {
        let mut event_ids: Ids<&str> = Ids::default();
        event_ids.index.reserve(all.len());
        for (i, p) in all.iter().enumerate() {
            if !p.event.id.is_empty() {
                event_ids.insert(&p.event.id, i);
            }
        }
        all.iter()
            .map(|p| {
                let mut related = Vec::with_capacity(p.related.len());
                for (r, at) in &p.related {
                    if *r == p.event.id {
                        report.add(
                            *at,
                            &p.entity(),
                            "related",
                            "an event cannot be related to itself".into(),
                            "remove it from `related`",
                        );
                    } else if let Some(ix) = resolve(
                        report,
                        &event_ids,
                        (r, *at),
                        &p.entity(),
                        "related",
                        "event",
                        Some(&p.event.id),
                    ) && !related.contains(&ix)
                    {
                        related.push(ix);
                    }
                }
                related
            })
            .collect()
    };
    for (p, related) in all.iter_mut().zip(resolved) {
        p.event.related = related;
        p.related = Vec::new();
    }
}

/// Locates every quote, grouping citations by source so each source is searched once.
fn anchor_citations(report: &mut Report<'_>, head: &Head, pending: &mut AllEvents) {
    let sources = &head.sources;
    let mut by_source: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sources.len()];
    for (e, p) in pending.iter().enumerate() {
        for (c, citation) in p.event.citations.iter().enumerate() {
            by_source[citation.source].push((e, c));
        }
    }
    // Sources are independent: search them on all cores, then apply the outcomes in order.
    let outcomes = {
        let pending: &AllEvents = pending;
        let anchor_source = |s: usize| -> Vec<Outcome> {
            let refs = &by_source[s];
            if refs.is_empty() || !head.readable[s] {
                return Vec::new();
            }
            let requests: Vec<Request<'_>> = refs
                .iter()
                .map(|&(e, c)| {
                    let citation = &pending[e].event.citations[c];
                    Request {
                        quote: &citation.quote,
                        prefix: citation.prefix.as_deref(),
                    }
                })
                .collect();
            anchor::anchor_all(&sources[s].text, &requests)
        };
        // Largest first, so the last sources claimed are small ones.
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by_key(|&s| std::cmp::Reverse(sources[s].text.len() + by_source[s].len() * 128));
        let done = parallel::claim_each(order.len(), parallel::cores(), |i| {
            Some(anchor_source(order[i]))
        });
        let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); sources.len()];
        for (&s, result) in order.iter().zip(done) {
            outcomes[s] = result.unwrap_or_default();
        }
        outcomes
    };
    for (s, (refs, outcomes)) in by_source.iter().zip(outcomes).enumerate() {
        let source = &sources[s];
        for (&(e, c), outcome) in refs.iter().zip(outcomes) {
            let at = pending[e].quote_at.get(c).copied().flatten();
            let problem = match outcome {
                Outcome::Found(range) => {
                    pending[e].event.citations[c].range = range;
                    continue;
                }
                Outcome::Empty => continue, // reported as an empty required field already
                Outcome::NotFound { closest } => (
                    format!("quote not found in source \"{}\"", source.id),
                    match closest {
                        Some(words) => format!(
                            "the source has \"{words}\" but differs after it; copy the passage exactly (quote marks, dashes and spacing may differ)"
                        ),
                        None => "copy the passage exactly from the source (quote marks, dashes and spacing may differ)".into(),
                    },
                ),
                Outcome::Ambiguous { count } => (
                    format!("quote found {count} times in source \"{}\"", source.id),
                    "add `prefix:` with the words just before the passage you mean, or quote a longer passage".into(),
                ),
                Outcome::PrefixNotFound { count } => (
                    format!(
                        "quote found {count} time{} in source \"{}\", but never right after the given prefix",
                        if count == 1 { "" } else { "s" },
                        source.id
                    ),
                    "`prefix:` must be the text immediately before the quote; fix or remove it".into(),
                ),
            };
            report.add(
                at,
                &pending[e].entity(),
                "citations.quote",
                problem.0,
                problem.1,
            );
        }
    }
}

/// The entity a YAML error at `line` falls in, found by reading upward for `- id:` under its
/// section. Only used to enrich parse errors, where no structure is available.
pub(super) fn entity_around(yaml: &str, line: u64) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().take(usize::try_from(line).ok()?).collect();
    let mut id = None;
    for l in lines.iter().rev() {
        let trimmed = l.trim_start();
        if id.is_none() {
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
            if let Some(v) = body.strip_prefix("id:") {
                let v = v.trim().trim_matches(['"', '\'']);
                if !v.is_empty() && l.starts_with(' ') {
                    id = Some(v.to_string());
                }
            }
        }
        if !l.starts_with([' ', '\t', '#', '-']) && !l.is_empty() {
            let kind = match l.split(':').next()?.trim() {
                "events" => "event",
                "actors" => "actor",
                "sources" => "source",
                _ => return None,
            };
            return Some(match id {
                Some(id) => format!("{kind} \"{id}\""),
                None => kind.to_string(),
            });
        }
    }
    None
}
