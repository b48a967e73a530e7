//! TimelineJS eras from the chronology's periods: only those holding an exported event, an
//! open end closed at the furthest exported event inside it.

use chrono::NaiveDate;

use super::super::{escape_html, visible};
use super::{Era, Text, date};
use crate::model::{Chronology, Clock, Date, Event, EventIx, Period, Point};

/// The periods holding at least one of `events`, as eras. TimelineJS needs both ends of an
/// era, so an open end is bounded by the furthest of those events inside the period, and the
/// headline says the period is open in the timeline's words: `Title (from 7 Oct 2023)`.
///
/// An event is inside a period when the day it is placed on lies within it, so the events
/// inside are a run of the exported events sorted by that day: two binary searches per period.
/// An open start's run begins with the first event; an open end's runs to the last, whose
/// furthest end is kept for every suffix.
pub(super) fn eras(chronology: &Chronology, events: &[EventIx], clock: &Clock) -> Vec<Era> {
    if chronology.periods.is_empty() {
        return Vec::new();
    }
    let mut placed: Vec<(NaiveDate, &Event)> = events
        .iter()
        .filter_map(|&i| chronology.events.get(i))
        .filter(|e| super::placed(&e.date).is_some())
        .map(|e| (e.date.sort_key(), e))
        .collect();
    placed.sort_by_key(|&(day, _)| day);
    // The furthest point reached by the events from each one to the last (the last such in
    // the export's order, on a tie).
    let mut furthest: Vec<Option<Point>> = vec![None; placed.len()];
    let mut best: Option<Point> = None;
    for (i, (_, e)) in placed.iter().enumerate().rev() {
        let reach = match e.date {
            Date::Interval { end: Some(p), .. } | Date::Point(p) => Some(p),
            Date::Interval { start, end: None } => start,
        };
        if let Some(p) = reach
            && best.is_none_or(|b| p.last_day() > b.last_day())
        {
            best = Some(p);
        }
        furthest[i] = best;
    }
    chronology
        .periods
        .iter()
        .filter_map(|period| {
            let from = placed.partition_point(|&(day, _)| day < period.first_day());
            let to = placed.partition_point(|&(day, _)| day <= period.last_day());
            if from >= to {
                return None;
            }
            let first_in = || super::placed(&placed[from].1.date);
            let last_in = || furthest[from];
            let (start, end, open) = match period.date {
                Date::Point(p) => (p, p, false),
                Date::Interval {
                    start: Some(s),
                    end: Some(e),
                } => (s, e, false),
                Date::Interval {
                    start: Some(s),
                    end: None,
                } => (s, last_in()?, true),
                Date::Interval {
                    start: None,
                    end: Some(e),
                } => (first_in()?, e, true),
                Date::Interval {
                    start: None,
                    end: None,
                } => return None,
            };
            Some(era(period, (start, end), open, clock))
        })
        .collect()
}

fn era(period: &Period, (start, end): (Point, Point), open: bool, clock: &Clock) -> Era {
    let mut headline = String::new();
    escape_html(&visible(&period.title), &mut headline);
    if open {
        headline.push_str(" (");
        escape_html(&period.span(), &mut headline);
        headline.push(')');
    }
    let mut text = String::new();
    if let Some(note) = period.note.as_deref().map(str::trim) {
        escape_html(&visible(note), &mut text);
    }
    Era {
        start_date: date(start, clock),
        end_date: date(end, clock),
        text: Text { headline, text },
    }
}
