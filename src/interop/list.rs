//! `list` output: aligned text for people, JSON for programs.
//!
//! Both are safe to print whatever the data holds: text goes through [`sanitize`], and JSON
//! escapes every control and bidi character as `\uXXXX` (`serde_json` alone leaves C1 controls and
//! U+202E raw, which a terminal would still act on when the JSON is printed to it).

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::{Chronology, Clock, EventIx, Point, ReviewState};
use crate::text::{is_unsafe, sanitize};

/// One line per event: display date (padded, times as `clock` shows them), title, actors.
pub fn text(chronology: &Chronology, events: &[EventIx], clock: &Clock) -> String {
    let dates: Vec<String> = events
        .iter()
        .map(|&i| chronology.events[i].date.show(clock))
        .collect();
    let width = dates.iter().map(|d| d.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (&i, date) in events.iter().zip(&dates) {
        let event = &chronology.events[i];
        let pad = width - date.width();
        let _ = write!(out, "{date}{:pad$}  {}", "", sanitize(&event.title));
        let actors = chronology.actor_names(event);
        if !actors.is_empty() {
            let _ = write!(out, "  [{}]", sanitize(&actors.join(", ")));
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    date: String,
    display_date: String,
    /// The day it is placed on (`2024-01-03`), or for a timed event the UTC instant it
    /// begins (`2024-01-03T11:15:00Z`).
    sort_date: String,
    /// Its first and last moments in RFC 3339, offsets as written (`2024-01-03T14:45:00+03:30`),
    /// or its first and last days (`2018-05-01`, `2018-05-31`); `None` at an open end.
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    title: &'a str,
    actors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    tags: Vec<&'a str>,
    related: Vec<&'a str>,
    citations: Vec<JsonCitation<'a>>,
    /// Only for drafts, so a finished chronology's output is as before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    /// The ids of the periods the event falls in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    periods: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<JsonLink<'a>>,
    corroboration: JsonCorroboration,
}

/// What the event's citations add up to ([`crate::model::Corroboration`]).
#[derive(Serialize)]
struct JsonCorroboration {
    supporting: usize,
    publishers: usize,
    verified: usize,
    contested: bool,
}

#[derive(Serialize)]
struct JsonReview<'a> {
    status: &'static str,
    by: &'a str,
    on: String,
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    /// The source's file is no longer the one reviewed.
    stale: bool,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonCitation<'a> {
    source: &'a str,
    quote: &'a str,
    /// The passage exactly as it stands in the source.
    passage: &'a str,
    start: usize,
    end: usize,
    /// The PDF page the passage begins on.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    /// The line of a web page's file where the passage begins.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    stance: &'static str,
    /// `null`: not reviewed.
    review: Option<JsonReview<'a>>,
}

/// The events with their resolved citations, as a JSON array; `display_date` shows times as
/// `clock` does.
pub fn json(chronology: &Chronology, events: &[EventIx], clock: &Clock) -> String {
    let list: Vec<JsonEvent<'_>> = events
        .iter()
        .map(|&i| {
            let e = &chronology.events[i];
            JsonEvent {
                id: &e.id,
                date: e.date.edtf(),
                display_date: e.date.show(clock),
                sort_date: e
                    .date
                    .order()
                    .utc()
                    .unwrap_or_else(|| e.date.sort_key().to_string()),
                start: e.date.start().map(Point::rfc3339),
                end: e.date.end().map(Point::rfc3339_end),
                title: &e.title,
                actors: e
                    .actors
                    .iter()
                    .map(|&a| chronology.actors[a].id.as_str())
                    .collect(),
                summary: e.summary.as_deref(),
                tags: chronology.tag_names(e),
                related: e
                    .related
                    .iter()
                    .map(|&r| chronology.events[r].id.as_str())
                    .collect(),
                citations: e
                    .citations
                    .iter()
                    .map(|c| {
                        let source = &chronology.sources[c.source];
                        JsonCitation {
                            source: &source.id,
                            quote: &c.quote,
                            passage: source.text.get(c.range.clone()).unwrap_or(""),
                            start: c.range.start,
                            end: c.range.end,
                            page: c.page,
                            line: c.line,
                            note: c.note.as_deref(),
                            stance: c.stance.label(),
                            review: c.review.as_ref().map(|r| JsonReview {
                                status: r.status.label(),
                                by: &r.by,
                                on: r.on.to_string(),
                                sha256: &r.sha256,
                                note: r.note.as_deref(),
                                stale: chronology.review_state(c) == ReviewState::Stale,
                            }),
                        }
                    })
                    .collect(),
                draft: e.draft,
                periods: chronology.periods_of(e).map(|p| p.id.as_str()).collect(),
                links: e
                    .links
                    .iter()
                    .map(|l| JsonLink {
                        url: &l.url,
                        caption: l.caption.as_deref(),
                        credit: l.credit.as_deref(),
                    })
                    .collect(),
                corroboration: {
                    let k = chronology.corroboration(e);
                    JsonCorroboration {
                        supporting: k.supporting,
                        publishers: k.publishers,
                        verified: k.verified,
                        contested: k.contested,
                    }
                },
            }
        })
        .collect();
    let raw = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    escape_unsafe(&raw)
}

/// Escapes characters `serde_json` leaves raw but a terminal would act on. They can only occur
/// inside JSON strings, where `\uXXXX` is the same character to a JSON reader.
fn escape_unsafe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}
