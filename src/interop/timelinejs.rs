//! Export to TimelineJS 3 (Knight Lab), whose JSON format is the common way to put a
//! chronology on a web page: <https://timeline.knightlab.com/docs/json-format.html>.
//!
//! Mapping. The title slide carries the chronology's title and the sources it cites. Each event
//! is one slide: `unique_id` is the event id (stable across edits, unlike TimelineJS's own ids
//! made from headlines), `text.headline` its title, `text.text` its summary then each cited
//! passage as a `<blockquote>` credited to its source. TimelineJS renders both text fields as
//! HTML, so all data is escaped. Dates keep their precision: a year-only date is `{year}`, so
//! TimelineJS shows "2015", not "January 1, 2015". An interval gives `start_date` and
//! `end_date`; an interval with an open start has only its end to be placed at, so it becomes
//! `start_date` (where the viewer sorts it too); an open end has no `end_date`. Whenever the
//! date is approximate, uncertain or open, the slide's `display_date` says so in the viewer's
//! words, since TimelineJS has no way to show a `~` or a `..`. Numbers are JSON numbers, as the
//! documentation asks (files made by hand often write strings; TimelineJS reads both).
//!
//! An event's first link is the slide's `media` (its caption and credit too); further links are
//! listed at the end of the text. Periods become `eras`, only those holding an exported event.

use serde_json::{Map, Value, json};

use super::{GroupBy, encode_url, escape_html, visible};
use crate::model::{Chronology, Date, Event, EventIx, Point, Precision};

/// The chronology's `events` as a TimelineJS 3 document (serialise it with `serde_json`; every
/// string in it is already free of control characters other than line breaks).
pub fn timelinejs(chronology: &Chronology, events: &[EventIx], group_by: GroupBy) -> Value {
    let mut cited: Vec<usize> = Vec::new();
    let slides: Vec<Value> = events
        .iter()
        .filter_map(|&i| chronology.events.get(i))
        .filter_map(|event| {
            cited.extend(event.citations.iter().map(|c| c.source));
            slide(chronology, event, group_by)
        })
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let mut headline = String::new();
    escape_html(&visible(&chronology.title), &mut headline);
    let mut text = String::new();
    if !cited.is_empty() {
        text.push_str("<p>Every event quotes its source:</p><ul>");
        for &s in &cited {
            if let Some(source) = chronology.sources.get(s) {
                text.push_str("<li>");
                credit(source, &mut text);
                text.push_str("</li>");
            }
        }
        text.push_str("</ul>");
    }
    let mut doc = json!({
        "title": { "text": { "headline": headline, "text": text } },
        "events": slides,
    });
    let eras = eras(chronology, events);
    if !eras.is_empty() {
        doc["eras"] = Value::Array(eras);
    }
    doc
}

/// The periods holding at least one of `events`, as eras. TimelineJS needs both ends of an
/// era, so an open end is bounded by the furthest of those events inside the period, and the
/// headline says the period is open in the timeline's words: `Title (from 7 Oct 2023)`.
fn eras(chronology: &Chronology, events: &[EventIx]) -> Vec<Value> {
    let exported: Vec<&Event> = events
        .iter()
        .filter_map(|&i| chronology.events.get(i))
        .collect();
    chronology
        .periods
        .iter()
        .filter_map(|period| {
            let inside: Vec<&Event> = exported
                .iter()
                .copied()
                .filter(|e| period.contains(&e.date))
                .collect();
            if inside.is_empty() {
                return None;
            }
            let first_in = || {
                inside
                    .iter()
                    .filter_map(|e| placed(&e.date))
                    .min_by_key(Point::first_day)
            };
            let last_in = || {
                inside
                    .iter()
                    .filter_map(|e| match e.date {
                        Date::Interval { end: Some(p), .. } | Date::Point(p) => Some(p),
                        Date::Interval { start, end: None } => start,
                    })
                    .max_by_key(Point::last_day)
            };
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
            Some(json!({
                "start_date": date(start),
                "end_date": date(end),
                "text": { "headline": headline, "text": text },
            }))
        })
        .collect()
}

/// The point an event is placed at on a time axis: its start, or its end when the start is
/// open.
fn placed(date: &Date) -> Option<Point> {
    match *date {
        Date::Point(p)
        | Date::Interval { start: Some(p), .. }
        | Date::Interval {
            start: None,
            end: Some(p),
        } => Some(p),
        Date::Interval {
            start: None,
            end: None,
        } => None,
    }
}

/// One event's slide; `None` only for an interval open at both ends, which has no place on a
/// time axis (the loader refuses such a date, so only a hand-built chronology has one).
fn slide(chronology: &Chronology, event: &Event, group_by: GroupBy) -> Option<Value> {
    let (start, end) = match event.date {
        Date::Point(p) => (p, None),
        Date::Interval {
            start: Some(s),
            end,
        } => (s, end),
        Date::Interval {
            start: None,
            end: Some(e),
        } => (e, None),
        Date::Interval {
            start: None,
            end: None,
        } => return None,
    };
    let mut slide = Map::new();
    slide.insert("unique_id".into(), event.id.clone().into());
    slide.insert("start_date".into(), date(start));
    if let Some(end) = end {
        slide.insert("end_date".into(), date(end));
    }
    if needs_words(&event.date) {
        slide.insert("display_date".into(), event.date.describe().into());
    }
    let mut headline = String::new();
    escape_html(&visible(&event.title), &mut headline);
    slide.insert(
        "text".into(),
        json!({ "headline": headline, "text": body(chronology, event) }),
    );
    let group = match group_by {
        GroupBy::Actor => Some(
            event
                .actors
                .first()
                .and_then(|&a| chronology.actors.get(a))
                .map_or("No actor", |a| a.name.as_str()),
        ),
        GroupBy::Tag => Some(
            event
                .tags
                .first()
                .and_then(|&t| chronology.tags.get(t))
                .map_or("No tag", String::as_str),
        ),
        GroupBy::None => None,
    };
    if let Some(group) = group {
        let mut label = String::new();
        escape_html(&visible(group), &mut label);
        slide.insert("group".into(), label.into());
    }
    if let Some(link) = event.links.first() {
        // The address is a URL, not HTML, so it is not HTML-escaped; but TimelineJS pastes
        // some media's address into markup it builds by joining strings, so whatever could
        // end an attribute is percent-encoded (the loader refuses it too).
        let mut media = Map::new();
        media.insert("url".into(), encode_url(&link.url).into_owned().into());
        for (key, value) in [("caption", &link.caption), ("credit", &link.credit)] {
            if let Some(value) = value {
                let mut html = String::new();
                escape_html(&visible(value), &mut html);
                media.insert(key.into(), html.into());
            }
        }
        slide.insert("media".into(), Value::Object(media));
    }
    Some(Value::Object(slide))
}

/// A TimelineJS date object at the point's own precision.
fn date(point: Point) -> Value {
    use chrono::Datelike;
    let day = point.first_day();
    match point.precision() {
        Precision::Year => json!({ "year": day.year() }),
        Precision::Month => json!({ "year": day.year(), "month": day.month() }),
        Precision::Day => json!({ "year": day.year(), "month": day.month(), "day": day.day() }),
    }
}

/// Whether TimelineJS's own rendering of the dates would hide something the date says.
fn needs_words(date: &Date) -> bool {
    let qualified = |p: &Point| p.approximate || p.uncertain;
    match date {
        Date::Point(p) => qualified(p),
        Date::Interval {
            start: Some(s),
            end: Some(e),
        } => qualified(s) || qualified(e),
        Date::Interval { .. } => true,
    }
}

/// The summary, then each passage quoted and credited (`<cite>` inside the `<blockquote>`,
/// TimelineJS's own markup for a quote), then its note; all escaped.
fn body(chronology: &Chronology, event: &Event) -> String {
    let mut html = String::new();
    if let Some(summary) = event.summary.as_deref().map(str::trim)
        && !summary.is_empty()
    {
        html.push_str("<p>");
        escape_html(&visible(summary), &mut html);
        html.push_str("</p>");
    }
    for citation in &event.citations {
        let Some(source) = chronology.sources.get(citation.source) else {
            continue;
        };
        let passage = source.text.get(citation.range.clone()).unwrap_or("");
        html.push_str("<blockquote><p>");
        for (i, line) in visible(passage).split('\n').enumerate() {
            if i > 0 {
                html.push_str("<br>");
            }
            escape_html(line, &mut html);
        }
        // TimelineJS styles a `<cite>` inside a quote as its attribution, dash included.
        html.push_str("</p><cite>");
        credit(source, &mut html);
        html.push_str("</cite></blockquote>");
        if let Some(note) = citation.note.as_deref().map(str::trim)
            && !note.is_empty()
        {
            html.push_str("<p><small>Note: ");
            escape_html(&visible(note), &mut html);
            html.push_str("</small></p>");
        }
    }
    // The first link is the slide's media; the others are listed, so none is lost.
    if event.links.len() > 1 {
        html.push_str("<p>See also: ");
        for (i, link) in event.links.iter().skip(1).enumerate() {
            if i > 0 {
                html.push_str(", ");
            }
            html.push_str("<a href=\"");
            escape_html(&encode_url(&link.url), &mut html);
            html.push_str("\">");
            escape_html(
                &visible(link.caption.as_deref().unwrap_or(&link.url)),
                &mut html,
            );
            html.push_str("</a>");
        }
        html.push_str("</p>");
    }
    html
}

/// `Title, Publisher, Jan 2024`, escaped.
fn credit(source: &crate::model::Source, html: &mut String) {
    escape_html(&visible(&source.title), html);
    if let Some(publisher) = &source.publisher {
        html.push_str(", ");
        escape_html(&visible(publisher), html);
    }
    if let Some(date) = &source.date {
        html.push_str(", ");
        escape_html(&date.to_string(), html);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(edtf: &str) -> (Value, Option<Value>, Option<String>) {
        let event = Event {
            id: "e".into(),
            date: Date::parse(edtf).unwrap(),
            title: "t".into(),
            actors: vec![],
            summary: None,
            tags: vec![],
            related: vec![],
            citations: vec![],
            draft: false,
            links: vec![],
        };
        let slide = slide(&Chronology::default(), &event, GroupBy::None).unwrap();
        (
            slide["start_date"].clone(),
            slide.get("end_date").cloned(),
            slide
                .get("display_date")
                .and_then(Value::as_str)
                .map(String::from),
        )
    }

    #[test]
    fn each_date_form_maps_at_its_precision() {
        assert_eq!(
            dates("2024-01-03"),
            (json!({"year": 2024, "month": 1, "day": 3}), None, None)
        );
        assert_eq!(
            dates("2018-05"),
            (json!({"year": 2018, "month": 5}), None, None)
        );
        assert_eq!(
            dates("2015~"),
            (
                json!({"year": 2015}),
                None,
                Some("c. 2015 (approximate)".into())
            )
        );
        assert_eq!(dates("2015?").2.as_deref(), Some("2015? (uncertain)"));
        assert_eq!(
            dates("2021-01/2022-09"),
            (
                json!({"year": 2021, "month": 1}),
                Some(json!({"year": 2022, "month": 9})),
                None
            )
        );
        assert_eq!(
            dates("../2024-01-02"),
            (
                json!({"year": 2024, "month": 1, "day": 2}),
                None,
                Some("before 2 Jan 2024 — exact day unknown".into())
            )
        );
        assert_eq!(
            dates("2024-01-25/.."),
            (
                json!({"year": 2024, "month": 1, "day": 25}),
                None,
                Some("after 25 Jan 2024 — end unknown".into())
            )
        );
        assert_eq!(
            dates("2021/2022~").2.as_deref(),
            Some("2021 – c. 2022 (approximate)")
        );
    }
}
