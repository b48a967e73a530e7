//! Cross-references, dates and citations: everything the schema alone cannot check.
//!
//! Each check adds to one list of problems; the `Chronology` is built only when the list stays
//! empty. Positions come from `Spanned` values, so an unknown actor id points at the id itself.

use std::collections::HashMap;

use super::SourceReader;
use super::limits::MAX_FIELD_BYTES;
use super::problem::{Problem, Problems};
use super::schema::{ActorDoc, At, CitationDoc, EventDoc, FileDoc, SourceDoc, Text};
use crate::anchor::{self, Outcome, Request};
use crate::model::{Actor, Chronology, Citation, Date, Event, Source};

/// The position of a spanned value, in the `Option` form problems and `and_then` take.
#[allow(clippy::unnecessary_wraps)]
fn pos<T>(s: &At<T>) -> Option<(u64, u64)> {
    Some((u64::from(s.line), u64::from(s.column)))
}

/// Collects problems for one file.
struct Report<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn add(
        &mut self,
        at: Option<(u64, u64)>,
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
    fn required(
        &mut self,
        value: Option<&Text>,
        at: Option<(u64, u64)>,
        entity: &str,
        field: &str,
    ) -> Option<String> {
        match value {
            Some(v) if v.value.len() > MAX_FIELD_BYTES => {
                self.too_long(v, entity, field);
                None
            }
            Some(v) if !v.value.trim().is_empty() => Some(v.value.clone()),
            Some(v) => {
                self.add(
                    pos(v),
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

    fn too_long(&mut self, v: &Text, entity: &str, field: &str) {
        self.add(
            pos(v),
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
    fn optional(&mut self, value: Option<Text>, entity: &str, field: &str) -> Option<String> {
        let v = value?;
        if v.value.len() > MAX_FIELD_BYTES {
            self.too_long(&v, entity, field);
            return None;
        }
        Some(v.value)
    }

    /// Optional list of text values, each within the length limit.
    fn list(&mut self, values: Vec<Text>, entity: &str, field: &str) -> Vec<String> {
        values
            .into_iter()
            .filter_map(|v| self.optional(Some(v), entity, field))
            .collect()
    }

    /// Checks an id's presence, form and uniqueness; returns it when usable.
    fn id(
        &mut self,
        id: Option<&Text>,
        at: Option<(u64, u64)>,
        kind: &str,
        index: usize,
        seen: &mut HashMap<String, (u64, u64)>,
    ) -> Option<String> {
        let fallback = format!("{kind} #{}", index + 1);
        let value = self.required(id, at, &fallback, "id")?;
        let spanned = id?;
        let entity = format!("{kind} \"{value}\"");
        if !value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.add(
                pos(spanned),
                &entity,
                "id",
                format!("id \"{value}\" has characters other than a-z, 0-9 and -"),
                "use lowercase letters, digits and hyphens, e.g. `kerman-bombings`",
            );
        }
        let here = pos(spanned).unwrap_or_default();
        if let Some(&(line, column)) = seen.get(&value) {
            self.add(
                Some(here),
                &entity,
                "id",
                format!("duplicate id \"{value}\": already used at line {line}, column {column}"),
                format!("give each {kind} a unique id"),
            );
            return None;
        }
        seen.insert(value.clone(), here);
        Some(value)
    }

    fn date(&mut self, text: &Text, entity: &str, field: &str) -> Option<Date> {
        match Date::parse(&text.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.add(
                    pos(text),
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

/// Looks an id up, reporting an unknown one with the valid choices.
fn resolve(
    report: &mut Report<'_>,
    ids: &HashMap<String, usize>,
    reference: &Text,
    entity: &str,
    field: &str,
    what: &str,
    exclude: Option<&str>,
) -> Option<usize> {
    if let Some(&ix) = ids.get(&reference.value) {
        return Some(ix);
    }
    let mut known: Vec<&str> = ids
        .keys()
        .map(String::as_str)
        .filter(|k| Some(*k) != exclude)
        .collect();
    known.sort_unstable();
    let listed = if known.len() > 12 {
        format!("{}, … ({} in all)", known[..12].join(", "), known.len())
    } else {
        known.join(", ")
    };
    let help = if known.is_empty() {
        format!("define it under `{what}s:`")
    } else {
        format!("define it under `{what}s:` or use one of: {listed}")
    };
    report.add(
        pos(reference),
        entity,
        field,
        format!("unknown {what} \"{}\"", reference.value),
        help,
    );
    None
}

/// The sources, their ids, and for each whether its text could be read (citations of an
/// unreadable source are not anchored, so one missing file is one problem, not one per quote).
fn build_sources(
    report: &mut Report<'_>,
    docs: Vec<At<SourceDoc>>,
    reader: &dyn SourceReader,
) -> (Vec<Source>, HashMap<String, usize>, Vec<bool>) {
    let mut seen = HashMap::new();
    let mut ids = HashMap::new();
    let mut sources = Vec::new();
    let mut readable = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = pos(&doc);
        let d = doc.value;
        let id = report.id(d.id.as_ref(), at, "source", i, &mut seen);
        let entity = id.as_ref().map_or_else(
            || format!("source #{}", i + 1),
            |id| format!("source \"{id}\""),
        );
        let title = report.required(d.title.as_ref(), at, &entity, "title");
        let path = report.required(d.path.as_ref(), at, &entity, "path");
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
                } else {
                    "source paths are relative to the chronology file's folder and must stay inside it or the current directory"
                };
                report.add(
                    d.path.as_ref().and_then(pos),
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

fn build_actors(
    report: &mut Report<'_>,
    docs: Vec<At<ActorDoc>>,
) -> (Vec<Actor>, HashMap<String, usize>) {
    let mut seen = HashMap::new();
    let mut ids = HashMap::new();
    let mut actors = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = pos(&doc);
        let d = doc.value;
        let id = report.id(d.id.as_ref(), at, "actor", i, &mut seen);
        let entity = id.as_ref().map_or_else(
            || format!("actor #{}", i + 1),
            |id| format!("actor \"{id}\""),
        );
        let name = report.required(d.name.as_ref(), at, &entity, "name");
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

/// An event that passed its own checks, with references still as written (for `related`, which
/// can only be resolved once every event id is known).
struct Pending {
    event: Event,
    related: Vec<Text>,
    entity: String,
}

fn build_citations(
    report: &mut Report<'_>,
    citations: Option<At<Vec<At<CitationDoc>>>>,
    at: Option<(u64, u64)>,
    entity: &str,
    source_ids: &HashMap<String, usize>,
) -> Vec<(Citation, Option<(u64, u64)>)> {
    let Some(citations) = citations else {
        report.add(
            at,
            entity,
            "citations",
            "the event has no citations".into(),
            "add at least one `citations:` entry with `source:` and `quote:` from the source text",
        );
        return Vec::new();
    };
    if citations.value.is_empty() {
        report.add(
            pos(&citations),
            entity,
            "citations",
            "the event has no citations".into(),
            "add at least one entry with `source:` and `quote:` from the source text",
        );
    }
    let mut out = Vec::new();
    for c in citations.value {
        let c_at = pos(&c);
        let c = c.value;
        let source = report.required(c.source.as_ref(), c_at, entity, "citations.source");
        let quote = report.required(c.quote.as_ref(), c_at, entity, "citations.quote");
        let source = source.and(c.source.as_ref()).and_then(|s| {
            resolve(
                report,
                source_ids,
                s,
                entity,
                "citations.source",
                "source",
                None,
            )
        });
        if let (Some(source), Some(quote)) = (source, quote) {
            out.push((
                Citation {
                    source,
                    quote,
                    prefix: report.optional(c.prefix, entity, "citations.prefix"),
                    note: report.optional(c.note, entity, "citations.note"),
                    range: 0..0,
                },
                c.quote.as_ref().and_then(pos),
            ));
        }
    }
    out
}

/// Validates the parsed file and builds the chronology, or returns every problem.
#[allow(clippy::too_many_lines)] // one pass over the file, in file order; split further it reads worse
pub(super) fn build(
    file: &str,
    doc: FileDoc,
    reader: &dyn SourceReader,
) -> Result<Chronology, Problems> {
    let mut report = Report {
        file,
        problems: Vec::new(),
    };
    let title = match doc.title {
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
    let (sources, source_ids, readable) = build_sources(&mut report, doc.sources, reader);
    let (actors, actor_ids) = build_actors(&mut report, doc.actors);
    if doc.events.is_empty() && doc.more_events.iter().all(Vec::is_empty) {
        report.add(
            None,
            "",
            "events",
            "the chronology has no events".into(),
            "add at least one entry under `events:`",
        );
    }

    let mut seen = HashMap::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut quote_positions: Vec<Vec<Option<(u64, u64)>>> = Vec::new();
    let events = doc
        .events
        .into_iter()
        .chain(doc.more_events.into_iter().flatten());
    for (i, doc) in events.enumerate() {
        let at = pos(&doc);
        let d: EventDoc = doc.value;
        let id = report.id(d.id.as_ref(), at, "event", i, &mut seen);
        let entity = id.as_ref().map_or_else(
            || format!("event #{}", i + 1),
            |id| format!("event \"{id}\""),
        );
        let title = report.required(d.title.as_ref(), at, &entity, "title");
        let date = if let Some(t) = &d.date {
            report.date(t, &entity, "date")
        } else {
            report.required(None, at, &entity, "date");
            None
        };
        let mut actors = Vec::new();
        for a in &d.actors {
            if let Some(ix) = resolve(&mut report, &actor_ids, a, &entity, "actors", "actor", None)
                && !actors.contains(&ix)
            {
                actors.push(ix);
            }
        }
        let citations = build_citations(&mut report, d.citations, at, &entity, &source_ids);
        // Events with problems of their own are kept too (with stand-ins for what is missing),
        // so their references and quotes are still checked: one run reports everything. A
        // problem was recorded for each stand-in, so none reaches a `Chronology`.
        let (citations, positions): (Vec<_>, Vec<_>) = citations.into_iter().unzip();
        quote_positions.push(positions);
        pending.push(Pending {
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
                tags: report.list(d.tags, &entity, "tags"),
                related: Vec::new(),
                citations,
            },
            related: d.related,
            entity,
        });
    }
    let event_ids: HashMap<String, usize> = pending
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.event.id.is_empty())
        .map(|(i, p)| (p.event.id.clone(), i))
        .collect();
    for p in &mut pending {
        for r in &p.related {
            if r.value == p.event.id {
                report.add(
                    pos(r),
                    &p.entity,
                    "related",
                    "an event cannot be related to itself".into(),
                    "remove it from `related`",
                );
            } else if let Some(ix) = resolve(
                &mut report,
                &event_ids,
                r,
                &p.entity,
                "related",
                "event",
                Some(&p.event.id),
            ) && !p.event.related.contains(&ix)
            {
                p.event.related.push(ix);
            }
        }
    }

    anchor_citations(
        &mut report,
        &sources,
        &readable,
        &mut pending,
        &quote_positions,
    );
    if !report.problems.is_empty() {
        report
            .problems
            .sort_by_key(|p| p.position.unwrap_or((u64::MAX, 0)));
        return Err(Problems(report.problems));
    }

    // Order by date, ties in file order; then remap `related` to the new positions.
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by_key(|&i| (pending[i].event.date.sort_key(), i));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Event>> = pending.into_iter().map(|p| Some(p.event)).collect();
    let mut events: Vec<Event> = order.iter().filter_map(|&i| slots[i].take()).collect();
    for e in &mut events {
        for r in &mut e.related {
            *r = new_index[*r];
        }
    }
    let mut chronology = Chronology {
        title,
        sources,
        actors,
        events,
        passages: Vec::new(),
        longest_passage: Vec::new(),
    };
    chronology.index_passages();
    Ok(chronology)
}

/// Locates every quote, grouping citations by source so each source is searched once.
fn anchor_citations(
    report: &mut Report<'_>,
    sources: &[Source],
    readable: &[bool],
    pending: &mut [Pending],
    quote_positions: &[Vec<Option<(u64, u64)>>],
) {
    let mut by_source: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sources.len()];
    for (e, p) in pending.iter().enumerate() {
        for (c, citation) in p.event.citations.iter().enumerate() {
            by_source[citation.source].push((e, c));
        }
    }
    // Sources are independent: search them on all cores, then apply the outcomes in order.
    let outcomes = {
        let pending: &[Pending] = pending;
        let anchor_source = |s: usize| -> Vec<Outcome> {
            let refs = &by_source[s];
            if refs.is_empty() || !readable[s] {
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
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(sources.len())
            .max(1);
        let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); sources.len()];
        std::thread::scope(|scope| {
            // Workers take every `threads`-th source from 1; this thread takes those from 0, so
            // it reuses the memory it freed while building events instead of idling.
            let workers: Vec<_> = (1..threads)
                .map(|t| {
                    let anchor_source = &anchor_source;
                    scope.spawn(move || {
                        (t..sources.len())
                            .step_by(threads)
                            .map(|s| (s, anchor_source(s)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for s in (0..sources.len()).step_by(threads) {
                outcomes[s] = anchor_source(s);
            }
            for worker in workers {
                // A worker only panics if anchoring has a bug; let that surface as a panic.
                for (s, result) in worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
                {
                    outcomes[s] = result;
                }
            }
        });
        outcomes
    };
    for (s, (refs, outcomes)) in by_source.iter().zip(outcomes).enumerate() {
        let source = &sources[s];
        for (&(e, c), outcome) in refs.iter().zip(outcomes) {
            let at = quote_positions[e][c];
            let entity = pending[e].entity.clone();
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
            report.add(at, &entity, "citations.quote", problem.0, problem.1);
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
