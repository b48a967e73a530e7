//! Checking events on their own: each against the head, none against another, so a run of
//! events can be checked on any thread as soon as it is parsed.
//!
//! What needs every event (duplicate ids, `related`, tags, quotes) is kept in a [`Pending`]
//! for [`super::finish`].

use super::head::Head;
use super::report::{Pos, Report, entity, resolve};
use crate::load::schema::{At, Citations, EventDoc, Position};
use crate::model::{Citation, Date, Event, Few, Quote};
use crate::problem::Problem;

/// An event that passed its own checks, with what `finish` still needs to check it against
/// the other events.
pub(super) struct Pending {
    pub(super) event: Event,
    /// Where its id was written, for the message about a duplicate.
    pub(super) id_at: Pos,
    /// Its tags by name: they are numbered once every event's are known.
    pub(super) tags: Vec<String>,
    /// References to other events, as written: they can only be resolved once every id is
    /// known.
    pub(super) related: Vec<(String, Pos)>,
    /// Where each citation's quote was written, for the message when it is not found; empty
    /// when no position is known (the reading without positions), which saves a list per event.
    pub(super) quote_at: Vec<Pos>,
    /// Its number in the file (0-based), to name it when its id is unusable.
    pub(super) index: usize,
}

impl Pending {
    /// How messages name it. An event whose id is missing, or lost to a duplicate, goes by its
    /// number.
    pub(super) fn entity(&self) -> String {
        let id = &self.event.id;
        entity("event", (!id.is_empty()).then_some(id.as_str()), self.index)
    }
}

/// A run of events, checked against the head.
pub(in crate::load) struct Events {
    pub(super) pending: Vec<Pending>,
    pub(super) problems: Vec<Problem>,
}

/// Checks a run of events that starts at event number `first` (0-based) of the file.
pub(in crate::load) fn events<P: Position>(
    file: &str,
    head: &Head,
    first: usize,
    docs: Vec<At<EventDoc<P>, P>>,
) -> Events {
    let mut report = Report::new(file);
    report.zone = head.zone;
    let mut pending: Vec<Pending> = docs
        .into_iter()
        .enumerate()
        .map(|(i, doc)| event(&mut report, head, first + i, doc))
        .collect();
    let mut quotes: Vec<&mut Quote> = pending
        .iter_mut()
        .flat_map(|p| &mut p.event.citations)
        .map(|c| &mut c.quote)
        .collect();
    Quote::pack(&mut quotes);
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
    let draft = d.draft;
    let date = if let Some(t) = &d.date {
        report.date(t, &entity, "date")
    } else {
        // A draft may wait for its date: it is then undated, and sorts first.
        if !draft {
            report.required::<P>(None, at, &entity, "date");
        }
        None
    };
    let mut actors = Few::new();
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
    let (citations, quote_at) = citations(report, head, d.citations, at, &entity, draft);
    let links = super::links::links(report, d.links, &entity);
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
            tags: Few::new(),
            related: Few::new(),
            citations,
            draft,
            links,
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
    draft: bool,
) -> (Vec<Citation>, Vec<Pos>) {
    let Some(citations) = citations else {
        if !draft {
            report.add(
                at,
                entity,
                "citations",
                "the event has no citations".into(),
                "add at least one `citations:` entry with `source:` and `quote:` from the source text, or mark the event `draft: true` while you work on it",
            );
        }
        return (Vec::new(), Vec::new());
    };
    if citations.value.is_empty() && !draft {
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
                quote: quote.into(),
                prefix: report
                    .optional(c.prefix, entity, "citations.prefix")
                    .map(String::into_boxed_str),
                note: report
                    .optional(c.note, entity, "citations.note")
                    .map(String::into_boxed_str),
                range: 0..0,
                page: None,
                line: None,
                stance: super::review::stance(report, c.stance.as_ref(), entity),
                review: c
                    .review
                    .and_then(|r| super::review::review(report, r, entity))
                    .map(Box::new),
            });
            positions.push(quote_at);
        }
    }
    (out, positions)
}
