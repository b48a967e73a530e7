//! Events checked and anchored on their own, for a reload that parses only the items that
//! changed ([`crate::load::incremental`]): the same checks [`super::events`] and
//! [`super::anchoring`] make in a whole load, the checks against the other events left to the
//! caller.

use super::all_events::AllEvents;
use super::anchoring::anchor_citations;
use super::events::events;
use super::head::Head;
use super::report::Report;
use crate::load::schema::{At, EventDoc, Position};
use crate::model::Event;

/// An event checked and anchored, with what only the whole file can resolve still as written.
pub(in crate::load) struct Fresh {
    /// Its tags and related events are empty: they are resolved with the whole file.
    pub(in crate::load) event: Event,
    pub(in crate::load) tags: Vec<String>,
    pub(in crate::load) related: Vec<String>,
}

/// Checks each event (with its number in the file) against `head` and anchors its quotes;
/// `None` when any of them has a problem: only a whole load words problems as `check` does.
pub(in crate::load) fn fresh<P: Position>(
    file: &str,
    head: &Head,
    docs: Vec<(usize, At<EventDoc<P>, P>)>,
) -> Option<Vec<Fresh>> {
    let mut runs = Vec::with_capacity(docs.len());
    for (index, doc) in docs {
        let run = events(file, head, index, vec![doc]);
        if !run.problems.is_empty() {
            return None;
        }
        runs.push(run.pending);
    }
    let mut all = AllEvents::new(runs.into_iter());
    let mut report = Report::new(file);
    report.zone = head.zone;
    anchor_citations(&mut report, head, &mut all);
    if !report.problems.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(all.len());
    for p in all.iter_mut() {
        out.push(Fresh {
            event: std::mem::replace(&mut p.event, super::finish::stand_in()),
            tags: std::mem::take(&mut p.tags),
            related: p.related.drain(..).map(|(id, _)| id).collect(),
        });
    }
    Some(out)
}
