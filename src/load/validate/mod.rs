//! Cross-references, dates and citations: everything the schema alone cannot check.
//!
//! Checking runs in three steps so that a large file can be checked on all cores: [`head`]
//! checks the title, sources and actors, which every event refers to; [`events`] checks a run
//! of events against the head (a large file's `events:` list is split into runs, parsed and
//! checked on separate threads, so its parsed form never exists whole); [`finish`] does what
//! needs every event at once: unique ids, `related`, anchoring quotes, ordering. Each step adds
//! to lists of problems; the `Chronology` is built only when they all stay empty.
//!
//! One file per step, [`report`] for what they share (collecting problems and resolving ids)
//! and [`all_events`] for the events that finishing and anchoring both walk; [`periods`]
//! (checked with the head) and [`links`] (checked with each event) have files of their own.
//! Only the three steps and [`build`] are seen outside.

mod all_events;
mod anchoring;
mod events;
mod excerpt;
mod finish;
mod fresh;
mod head;
mod links;
mod periods;
mod report;
mod review;
mod suggest;

pub(super) use events::{Events, events};
pub(super) use finish::{Kept, finish_keeping, finish_releasing, stand_in};
pub(super) use fresh::{Fresh, fresh};
pub(super) use head::Head;
pub(super) use head::head;

use super::files::SourceFiles;
use super::schema::{FileDoc, Position};
use crate::model::Chronology;
use crate::problem::Problems;

/// Validates a whole parsed file and builds the chronology, or returns every problem; also
/// what the load leaves for a reload when `keep`.
pub(super) fn build<P: Position>(
    file: &str,
    doc: FileDoc<P>,
    reader: &SourceFiles<'_>,
    keep: bool,
) -> Result<(Chronology, Option<Kept>), Problems> {
    let head = head(
        file,
        doc.title,
        doc.timezone,
        doc.sources,
        doc.actors,
        doc.periods,
        reader,
    );
    let events = events(file, &head, 0, doc.events);
    finish_keeping(file, head, vec![events], keep)
}
