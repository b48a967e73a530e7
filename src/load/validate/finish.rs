//! What needs every event at once: duplicate ids, `related`, tags, anchoring (in
//! [`super::anchoring`]) and the date order; then the `Chronology` is built, or every problem
//! of the file returned in file order.
//!
//! The events stay in the runs they were checked in ([`AllEvents`]): a 100,000-event file is
//! never copied into one list at the moment memory use peaks.

use std::collections::HashMap;

use super::all_events::AllEvents;
use super::anchoring::anchor_citations;
use super::events::Events;
use super::head::Head;
use super::report::{Ids, Report, resolve};
use crate::model::{Chronology, Date, Event, Few, Order, TagIx};
use crate::problem::Problems;

/// What a load without problems leaves for reloading only the events that change
/// ([`crate::load::incremental`]): the head as checked, and where each event of the file went.
pub(in crate::load) struct Kept {
    pub(in crate::load) head: Head,
    /// For each event in file order, its place in [`Chronology::events`].
    pub(in crate::load) position: Vec<u32>,
}

/// Checks the events against each other (unique ids, `related`), anchors every quote, and
/// builds the chronology in date order; or returns every problem of the file. Also gives what
/// the load leaves for a reload when `keep`.
pub(in crate::load) fn finish_keeping(
    file: &str,
    head: Head,
    runs: Vec<Events>,
    keep: bool,
) -> Result<(Chronology, Option<Kept>), Problems> {
    finish_releasing(file, head, runs, keep, &mut || {})
}

/// [`finish_keeping`], calling `release` once the file is known to have no problems, before
/// the events are put in order: what the caller holds only in case of problems (the text,
/// to read again with positions) can go before memory peaks, as the ordered events are built
/// beside the checked ones.
pub(in crate::load) fn finish_releasing(
    file: &str,
    mut head: Head,
    runs: Vec<Events>,
    keep: bool,
    release: &mut dyn FnMut(),
) -> Result<(Chronology, Option<Kept>), Problems> {
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
    release();

    let tags = number_tags(&mut all);
    let kept_head = keep.then(|| head.clone());

    // Order by the instant each date begins (a day before the times at its first instant),
    // ties in file order (the key holds the position); then remap `related` to the new
    // positions.
    let mut order: Vec<(Order, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, p)| (p.event.date.order(), i))
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
        timezone: head.zone,
        sources: head.sources,
        actors: head.actors,
        tags,
        events,
        periods: head.periods,
        passages: Vec::new(),
        longest_passage: Vec::new(),
    };
    chronology.index_passages();
    let kept = kept_head.map(|head| Kept {
        head,
        position: new_index
            .iter()
            .map(|&p| u32::try_from(p).unwrap_or(u32::MAX))
            .collect(),
    });
    Ok((chronology, kept))
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
        let number: Vec<Few<TagIx>> = all
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
pub(in crate::load) fn stand_in() -> Event {
    Event {
        id: String::new(),
        date: Date::Interval {
            start: None,
            end: None,
        },
        title: String::new(),
        actors: Few::new(),
        summary: None,
        tags: Few::new(),
        related: Few::new(),
        citations: Vec::new(),
        draft: false,
        links: Vec::new(),
    }
}

/// Resolves each event's `related` ids, now that every event id is known.
fn resolve_related(report: &mut Report<'_>, all: &mut AllEvents) {
    let resolved: Vec<Few<usize>> = {
        let mut event_ids: Ids<&str> = Ids::with_capacity(all.len());
        for (i, p) in all.iter().enumerate() {
            if !p.event.id.is_empty() {
                event_ids.insert(&p.event.id, i);
            }
        }
        all.iter()
            .map(|p| {
                let mut related = Few::new();
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
