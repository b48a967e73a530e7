//! Periods: named spans of time the timeline shows around the events they hold.
//!
//! A period is checked with the head (it refers to nothing, and nothing in the file refers to
//! it), so a file loaded in pieces checks its periods once. Its date may be any date the events
//! accept; an interval is the usual form, an open end allowed ("from 7 October 2023"). Periods
//! are kept in date order, as events are.

use std::collections::HashMap;

use super::report::Report;
use crate::load::schema::{At, PeriodDoc, Position};
use crate::model::Period;

/// Checks every period; returns those without problems, in date order (ties in file order).
pub(super) fn periods<P: Position>(
    report: &mut Report<'_>,
    docs: Vec<At<PeriodDoc<P>, P>>,
) -> Vec<Period> {
    let mut periods = Vec::with_capacity(docs.len());
    let mut seen = HashMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let at = doc.pos();
        let d = doc.value;
        let (id, entity) = report.list_id(d.id, at, "period", i, &mut seen);
        let title = report.required(d.title, at, &entity, "title");
        let date = if let Some(t) = &d.date {
            report.date(t, &entity, "date")
        } else {
            report.required::<P>(None, at, &entity, "date");
            None
        };
        let note = report
            .optional(d.note, &entity, "note")
            .filter(|n| !n.trim().is_empty());
        if let (Some(id), Some(title), Some(date)) = (id, title, date) {
            periods.push(Period {
                id,
                title,
                date,
                note,
            });
        }
    }
    periods.sort_by_key(|p| p.date.order());
    periods
}
