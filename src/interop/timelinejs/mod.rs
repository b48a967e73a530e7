//! Export to TimelineJS 3 (Knight Lab), whose JSON format is the common way to put a
//! chronology on a web page: <https://timeline.knightlab.com/docs/json-format.html>.
//!
//! Mapping. The title slide carries the chronology's title and the sources it cites. Each event
//! is one slide: `unique_id` is the event id (stable across edits, unlike TimelineJS's own ids
//! made from headlines), `text.headline` its title, `text.text` its summary then each cited
//! passage as a `<blockquote>` credited to its source (and page, for a PDF). TimelineJS renders both text fields as
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
//!
//! The document is a set of typed structs serialised straight to the writer, the slides made
//! one at a time as the serialiser asks for them: a million events never exist as a JSON tree
//! or as one string (building a `serde_json::Value` and then its text peaked at 5.3 GB). The
//! eras are found by binary search in the exported events sorted by day, not by asking every
//! period about every event.

use std::fmt::Write as _;
use std::io;

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::Value;

mod eras;

use super::{DRAFT_MARK, GroupBy, encode_url, escape_html, visible};
use crate::model::is_web_address;
use crate::model::{Chronology, Clock, Date, Event, EventIx, Point, Precision, Source, page_label};
use eras::eras;

/// The chronology's `events` as a TimelineJS 3 document, as a JSON value: for a small export
/// or a test; [`write_timelinejs`] writes a large one without holding it. Every string in it is
/// already free of control characters other than line breaks.
pub fn timelinejs(chronology: &Chronology, events: &[EventIx], group_by: GroupBy) -> Value {
    let document = document(chronology, events, group_by, &Clock::AsWritten);
    serde_json::to_value(document).unwrap_or(Value::Null)
}

/// The TimelineJS 3 document written to `w` as indented JSON and a final line break, each
/// slide made as it is written; times in the zone `clock` shows (TimelineJS has no zones: the
/// hours are those of that clock, and `display_date` names it).
///
/// # Errors
/// A failure to write to `w`.
pub fn write_timelinejs(
    chronology: &Chronology,
    events: &[EventIx],
    group_by: GroupBy,
    clock: &Clock,
    w: &mut dyn io::Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &document(chronology, events, group_by, clock))?;
    w.write_all(b"\n")
}

#[derive(serde::Serialize)]
struct Document<'a> {
    title: TitleSlide,
    events: Slides<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    eras: Vec<Era>,
}

#[derive(serde::Serialize)]
struct TitleSlide {
    text: Text,
}

#[derive(serde::Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// The event slides, made one at a time as the serialiser walks them.
struct Slides<'a> {
    chronology: &'a Chronology,
    events: &'a [EventIx],
    group_by: GroupBy,
    clock: &'a Clock,
}

impl Serialize for Slides<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for event in self
            .events
            .iter()
            .filter_map(|&i| self.chronology.events.get(i))
        {
            if let Some(slide) = slide(self.chronology, event, self.group_by, self.clock) {
                seq.serialize_element(&slide)?;
            }
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct Slide<'a> {
    unique_id: &'a str,
    start_date: TimelineDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TimelineDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Media>,
}

#[derive(serde::Serialize)]
struct Media {
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<String>,
}

#[derive(serde::Serialize)]
struct Era {
    start_date: TimelineDate,
    end_date: TimelineDate,
    text: Text,
}

/// A TimelineJS date at the point's own precision: numbers, as the documentation asks.
#[derive(serde::Serialize, Debug, PartialEq, Eq)]
struct TimelineDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    millisecond: Option<u16>,
}

/// The title slide (the chronology's title, and the sources its exported events cite), the
/// slides to be made as they are written, and the eras.
fn document<'a>(
    chronology: &'a Chronology,
    events: &'a [EventIx],
    group_by: GroupBy,
    clock: &'a Clock,
) -> Document<'a> {
    let mut cited = vec![false; chronology.sources.len()];
    for event in events.iter().filter_map(|&i| chronology.events.get(i)) {
        for c in &event.citations {
            if let Some(seen) = cited.get_mut(c.source) {
                *seen = true;
            }
        }
    }
    let mut headline = String::new();
    escape_html(&visible(&chronology.title), &mut headline);
    let mut text = String::new();
    if cited.contains(&true) {
        text.push_str("<p>Every event quotes its source:</p><ul>");
        for (source, _) in chronology.sources.iter().zip(&cited).filter(|(_, c)| **c) {
            text.push_str("<li>");
            listed(source, &mut text);
            text.push_str("</li>");
        }
        text.push_str("</ul>");
    }
    Document {
        title: TitleSlide {
            text: Text { headline, text },
        },
        events: Slides {
            chronology,
            events,
            group_by,
            clock,
        },
        eras: eras(chronology, events, clock),
    }
}

/// The point an event is placed at on a time axis: its start, or its end when the start is
/// open.
fn placed(date: &Date) -> Option<Point> {
    date.on_axis().map(|(start, _)| start)
}

/// One event's slide; `None` only for an interval open at both ends, which has no place on a
/// time axis (the loader refuses such a date, so only a hand-built chronology has one).
fn slide<'a>(
    chronology: &Chronology,
    event: &'a Event,
    group_by: GroupBy,
    clock: &Clock,
) -> Option<Slide<'a>> {
    let (start, end) = event.date.on_axis()?;
    let mut headline = String::new();
    escape_html(&visible(&event.title), &mut headline);
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
    let group = group.map(|group| {
        let mut label = String::new();
        escape_html(&visible(group), &mut label);
        label
    });
    let media = event.links.first().map(|link| {
        // The address is a URL, not HTML, so it is not HTML-escaped; but TimelineJS pastes
        // some media's address into markup it builds by joining strings, so whatever could
        // end an attribute is percent-encoded (the loader refuses it too).
        let html = |value: &Option<String>| {
            value.as_deref().map(|value| {
                let mut html = String::new();
                escape_html(&visible(value), &mut html);
                html
            })
        };
        Media {
            url: encode_url(&link.url).into_owned(),
            caption: html(&link.caption),
            credit: html(&link.credit),
        }
    });
    Some(Slide {
        unique_id: &event.id,
        start_date: date(start, clock),
        end_date: end.map(|e| date(e, clock)),
        display_date: needs_words(&event.date).then(|| event.date.describe_in(clock)),
        text: Text {
            headline,
            text: body(chronology, event),
        },
        group,
        media,
    })
}

/// A TimelineJS date object at the point's own precision; a time as `clock` shows it (its day
/// may move with it), to the second or millisecond when one is written.
fn date(point: Point, clock: &Clock) -> TimelineDate {
    use chrono::Datelike;
    let reading = point
        .time()
        .map(|t| (t, t.reading(point.first_day(), point.begins(), clock)));
    let day = reading.map_or(point.first_day(), |(_, r)| r.day);
    let (month, day_of) = match point.precision() {
        Precision::Year => (None, None),
        Precision::Month => (Some(day.month()), None),
        Precision::Day => (Some(day.month()), Some(day.day())),
    };
    TimelineDate {
        year: day.year(),
        month,
        day: day_of,
        hour: reading.map(|(_, r)| r.hour),
        minute: reading.map(|(_, r)| r.minute),
        second: reading
            .and_then(|(t, r)| (t.second.is_some() || t.millisecond.is_some()).then_some(r.second)),
        millisecond: reading.and_then(|(t, r)| t.millisecond.map(|_| r.millisecond)),
    }
}

/// Whether TimelineJS's own rendering of the dates would hide something the date says: a
/// qualifier, an open end, or a time's zone (TimelineJS has none).
fn needs_words(date: &Date) -> bool {
    if date.is_timed() {
        return true;
    }
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
/// TimelineJS's own markup for a quote; a PDF's page after the source, `p. 12`), then its
/// note; all escaped.
fn body(chronology: &Chronology, event: &Event) -> String {
    let mut html = String::new();
    if event.draft {
        let _ = write!(html, "<p><strong>{DRAFT_MARK}</strong></p>");
    }
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
        if let Some(page) = chronology.page_of(citation) {
            html.push_str(", ");
            escape_html(&page_label(page), &mut html);
        }
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

/// The title slide's entry for a source: the title linked to where it is published,
/// `by` its authors, publisher and date, and a link to its archived copy; all escaped, the
/// addresses web addresses with nothing that could end the attribute.
fn listed(source: &Source, html: &mut String) {
    let link = |url: &str, label: &str, html: &mut String| {
        html.push_str("<a href=\"");
        escape_html(&encode_url(url), html);
        html.push_str("\">");
        escape_html(&visible(label), html);
        html.push_str("</a>");
    };
    match source.url.as_deref() {
        Some(url) if is_web_address(url) => link(url, &source.title, html),
        _ => escape_html(&visible(&source.title), html),
    }
    if let Some(authors) = super::report::authors(source) {
        html.push_str(", by ");
        escape_html(&visible(&authors), html);
    }
    if let Some(publisher) = &source.publisher {
        html.push_str(", ");
        escape_html(&visible(publisher), html);
    }
    if let Some(date) = &source.date {
        html.push_str(", ");
        escape_html(&date.to_string(), html);
    }
    if let Some(archived) = source.archived.as_deref().filter(|a| is_web_address(a)) {
        html.push_str(" (");
        link(archived, "archived copy", html);
        html.push(')');
    }
}

/// `Title, Publisher, Jan 2024`, escaped.
fn credit(source: &Source, html: &mut String) {
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
    use crate::model::Period;
    use serde_json::json;

    fn dates(edtf: &str) -> (Value, Option<Value>, Option<String>) {
        let event = Event {
            id: "e".into(),
            date: Date::parse(edtf).unwrap(),
            title: "t".into(),
            actors: crate::model::Few::new(),
            summary: None,
            tags: crate::model::Few::new(),
            related: crate::model::Few::new(),
            citations: vec![],
            draft: false,
            links: vec![],
        };
        let slide = slide(
            &Chronology::default(),
            &event,
            GroupBy::None,
            &Clock::AsWritten,
        )
        .unwrap();
        let slide = serde_json::to_value(slide).unwrap();
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

    /// The eras as the old code found them: every period asked about every event.
    fn eras_by_asking_all(c: &Chronology, events: &[EventIx]) -> Vec<(Point, Point)> {
        let exported: Vec<&Event> = events.iter().filter_map(|&i| c.events.get(i)).collect();
        c.periods
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
                let first = || {
                    inside
                        .iter()
                        .filter_map(|e| placed(&e.date))
                        .min_by_key(Point::first_day)
                };
                let last = || {
                    inside
                        .iter()
                        .filter_map(|e| match e.date {
                            Date::Interval { end: Some(p), .. } | Date::Point(p) => Some(p),
                            Date::Interval { start, end: None } => start,
                        })
                        .max_by_key(Point::last_day)
                };
                match period.date {
                    Date::Point(p) => Some((p, p)),
                    Date::Interval {
                        start: Some(s),
                        end: Some(e),
                    } => Some((s, e)),
                    Date::Interval {
                        start: Some(s),
                        end: None,
                    } => Some((s, last()?)),
                    Date::Interval {
                        start: None,
                        end: Some(e),
                    } => Some((first()?, e)),
                    Date::Interval { .. } => None,
                }
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn eras_by_binary_search_are_the_eras_found_by_asking_every_period(
            periods in proptest::collection::vec((1990u16..2010, 0u16..10, 0u8..4), 0..12),
            events in proptest::collection::vec((1985u16..2025, 0u8..4, 0u16..3), 0..25),
            keep in proptest::collection::vec(proptest::bool::ANY, 25),
        ) {
            let edtf = |y: u16, l: u16, open: u8| match open {
                0 => format!("{y}/{}", y + l),
                1 => format!("../{}", y + l),
                2 => format!("{y}/.."),
                _ => format!("{y}-0{}", 1 + l % 9),
            };
            let periods: Vec<Period> = periods
                .iter()
                .enumerate()
                .map(|(i, &(y, l, o))| Period {
                    id: format!("p{i}"),
                    title: "P".into(),
                    date: Date::parse(&edtf(y, l, o)).unwrap(),
                    note: None,
                })
                .collect();
            let mut dated: Vec<Event> = events
                .iter()
                .map(|&(y, o, l)| Event {
                    id: "e".into(),
                    date: Date::parse(&edtf(y, l, o)).unwrap(),
                    title: "t".into(),
                    actors: crate::model::Few::new(),
                    summary: None,
                    tags: crate::model::Few::new(),
                    related: crate::model::Few::new(),
                    citations: vec![],
                    draft: false,
                    links: vec![],
                })
                .collect();
            dated.sort_by_key(|e| e.date.sort_key());
            let c = Chronology {
                periods,
                events: dated,
                ..Chronology::default()
            };
            let chosen: Vec<EventIx> =
                (0..c.events.len()).filter(|&i| keep[i]).collect();
            let found: Vec<(TimelineDate, TimelineDate)> = eras(&c, &chosen, &Clock::AsWritten)
                .into_iter()
                .map(|e| (e.start_date, e.end_date))
                .collect();
            let expected: Vec<(TimelineDate, TimelineDate)> = eras_by_asking_all(&c, &chosen)
                .into_iter()
                .map(|(s, e)| (date(s, &Clock::AsWritten), date(e, &Clock::AsWritten)))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
