//! TimelineJS 3 JSON → [`Timeline`]: the format as files use it, not only as documented.
//!
//! Numbers may be strings (`"year": "1963"`, `"millisecond": ""`), text may be numbers, and
//! fields TimelineJS ignores are met too; every key is accounted for in the tally, and a key the
//! format does not have is reported as not kept. The old TimelineJS 2 shape (`timeline.date[]`)
//! is recognised and refused with a message naming it. Nesting is measured before parsing, so
//! the depth limit is named in the error rather than the parser's own.

use serde_json::{Map, Value};

use super::dates::{NotWhole, Part, RawDate, TIME_KEPT};
use super::limits::{MAX_DEPTH, MAX_SLIDES, MAX_TEXT_BYTES};
use super::tally::{Outcome, Tally};
use super::{ImportError, Media, Names, Slide, Timeline};

const NAMES: Names = Names {
    events: "events[].",
    title: "title.",
    eras: "eras[].",
    slide: "slide",
    era: "era",
    unique_id: "unique_id",
    start: "start_date",
    end: "end_date",
    display_date: "display_date",
    headline: "text.headline",
    text: "text.text",
    media_url: "media.url",
    media_caption: "media.caption",
    media_credit: "media.credit",
    group: "group",
};

/// Reads a TimelineJS 3 document.
///
/// # Errors
/// Not JSON, not TimelineJS 3 (a TimelineJS 2 file is named as such), or over a limit.
pub fn read(text: &str, tally: &mut Tally) -> Result<Timeline, ImportError> {
    check_depth(text)?;
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        ImportError(format!(
            "is not valid JSON: {e}; TimelineJS 3 files are JSON objects with an `events` list"
        ))
    })?;
    let Value::Object(top) = doc else {
        return Err(ImportError(
            "is not a TimelineJS 3 file: its top level is not an object with an `events` list"
                .into(),
        ));
    };
    if let Some(old) = top.get("timeline")
        && (old.get("date").is_some() || !top.contains_key("events"))
    {
        return Err(ImportError(
            "is a TimelineJS 2 file (its slides are in `timeline.date[]`); sourceline reads TimelineJS 3 JSON, whose slides are in `events[]`. Open it in TimelineJS 3 or convert it to the version 3 format, then import that".into(),
        ));
    }
    let Some(events) = top.get("events") else {
        return Err(ImportError(
            "is not a TimelineJS 3 file: it has no `events` list".into(),
        ));
    };
    let Value::Array(events) = events else {
        return Err(ImportError(
            "is not a TimelineJS 3 file: `events` is not a list".into(),
        ));
    };
    if events.len() > MAX_SLIDES {
        return Err(ImportError(format!(
            "has {} slides, over the limit of {MAX_SLIDES}",
            events.len()
        )));
    }
    let mut timeline = Timeline {
        kind: "TimelineJS 3 JSON",
        names: NAMES,
        ..Timeline::default()
    };
    for (key, value) in &top {
        match key.as_str() {
            "events" => {
                for (i, v) in events.iter().enumerate() {
                    if let Some(slide) = slide(v, i + 1, "events[].", tally)? {
                        timeline.slides.push(slide);
                    }
                }
            }
            "title" => timeline.title = slide(value, 0, "title.", tally)?,
            "eras" => {
                let Value::Array(eras) = value else {
                    tally.add("eras", Outcome::Lost("not a list"));
                    continue;
                };
                if eras.len() > MAX_SLIDES {
                    return Err(ImportError(format!(
                        "has {} eras, over the limit of {MAX_SLIDES}",
                        eras.len()
                    )));
                }
                for (i, v) in eras.iter().enumerate() {
                    if let Some(era) = slide(v, i + 1, "eras[].", tally)? {
                        timeline.eras.push(era);
                    }
                }
            }
            "scale" if value.as_str() == Some("human") => {
                tally.add("scale", Outcome::Kept("implied (human)"));
            }
            "scale" => {
                tally.add(
                    "scale",
                    Outcome::Lost("a chronology's dates are calendar years 0 to 9999"),
                );
                timeline.comments.push(format!("scale: {value}"));
            }
            other => {
                tally.add(other, Outcome::Lost("not a TimelineJS 3 field"));
                timeline.comments.push(format!("{other}: {}", short(value)));
            }
        }
    }
    Ok(timeline)
}

/// One slide (or the title slide, or an era) with each of its keys accounted for.
fn slide(
    value: &Value,
    number: usize,
    prefix: &str,
    tally: &mut Tally,
) -> Result<Option<Slide>, ImportError> {
    let Value::Object(map) = value else {
        tally.add(prefix.trim_end_matches('.'), Outcome::Lost("not an object"));
        return Ok(None);
    };
    let what = if prefix == "eras[]." { "era" } else { "slide" };
    // Where a text too long for the limit was found; only built for that message.
    let at = |field: &str| {
        if number == 0 {
            format!("the title slide's `{field}`")
        } else {
            format!("{what} {number}'s `{field}`")
        }
    };
    let mut slide = Slide {
        number,
        ..Slide::default()
    };
    // Field names are built in two buffers reused for every key: a 100,000-slide file has a
    // million keys.
    let mut field = String::with_capacity(32);
    let mut sub = String::with_capacity(40);
    for (key, v) in map {
        field.clear();
        field.push_str(prefix);
        field.push_str(key);
        match key.as_str() {
            "unique_id" => slide.unique_id = text(v, &field, &|| at(key), tally)?,
            "group" => slide.group = text(v, &field, &|| at(key), tally)?,
            "display_date" => slide.display_date = text(v, &field, &|| at(key), tally)?,
            "start_date" | "end_date" => {
                let date = raw_date(v, &field, &|| at(key), tally, &mut slide.comments)?;
                if key == "start_date" {
                    slide.start = date;
                } else {
                    slide.end = date;
                }
            }
            "text" => {
                let Some(fields) = object(v, &field, tally) else {
                    continue;
                };
                for (k, v) in fields {
                    sub.clear();
                    sub.push_str(&field);
                    sub.push('.');
                    sub.push_str(k);
                    let here = || at(&format!("{key}.{k}"));
                    match k.as_str() {
                        "headline" => slide.headline = text(v, &sub, &here, tally)?,
                        "text" => slide.text = text(v, &sub, &here, tally)?,
                        _ => unknown(&sub, v, tally, &mut slide.comments),
                    }
                }
            }
            "media" => {
                let Some(fields) = object(v, &field, tally) else {
                    continue;
                };
                let mut media = Media::default();
                for (k, v) in fields {
                    sub.clear();
                    sub.push_str(&field);
                    sub.push('.');
                    sub.push_str(k);
                    let here = || at(&format!("{key}.{k}"));
                    match k.as_str() {
                        "url" => media.url = text(v, &sub, &here, tally)?,
                        "caption" => media.caption = text(v, &sub, &here, tally)?,
                        "credit" => media.credit = text(v, &sub, &here, tally)?,
                        "thumbnail" | "alt" | "title" | "link" | "link_target" => {
                            aside(&sub, v, tally, &mut slide.comments);
                        }
                        _ => unknown(&sub, v, tally, &mut slide.comments),
                    }
                }
                slide.media = Some(media);
            }

            "autolink" => {
                tally.add(&field, Outcome::Lost("a display option of TimelineJS"));
            }
            // An old way to ask for the cosmological scale, slide by slide.
            "scale" if v.as_str() == Some("human") => {
                tally.add(&field, Outcome::Kept("implied (human)"));
            }
            "background" | "scale" => aside(&field, v, tally, &mut slide.comments),
            _ => unknown(&field, v, tally, &mut slide.comments),
        }
    }
    Ok(Some(slide))
}

/// A TimelineJS date object: its parts read leniently, its time of day kept aside.
fn raw_date(
    value: &Value,
    field: &str,
    at: &dyn Fn() -> String,
    tally: &mut Tally,
    comments: &mut Vec<String>,
) -> Result<Option<RawDate>, ImportError> {
    let Some(map) = object(value, field, tally) else {
        return Ok(None);
    };
    let mut raw = RawDate::default();
    let mut time = Vec::new();
    for (k, v) in map {
        let part = match k.as_str() {
            "year" => &mut raw.year,
            "month" => &mut raw.month,
            "day" => &mut raw.day,
            _ => {
                other(k, v, field, at, tally, comments, &mut raw, &mut time)?;
                continue;
            }
        };
        *part = number(v);
    }
    if !time.is_empty() {
        raw.time = Some(time.join(", "));
    }
    Ok(Some(raw))
}

/// A key of a date object other than its year, month and day: time of day, its own
/// `display_date`, a `format`, or a key the format does not have.
#[allow(clippy::too_many_arguments)] // one key in its full context
fn other(
    k: &str,
    v: &Value,
    field: &str,
    at: &dyn Fn() -> String,
    tally: &mut Tally,
    comments: &mut Vec<String>,
    raw: &mut RawDate,
    time: &mut Vec<String>,
) -> Result<(), ImportError> {
    let sub = format!("{field}.{k}");
    match k {
        "hour" | "minute" | "second" | "millisecond" => match number(v) {
            None => tally.add(&sub, Outcome::Empty),
            Some(n) => {
                tally.add(&sub, Outcome::Kept(TIME_KEPT));
                let written = n.clone().map_or_else(|NotWhole(t)| t, |n| n.to_string());
                time.push(format!("{k} {written}"));
                let part = match k {
                    "hour" => &mut raw.hour,
                    "minute" => &mut raw.minute,
                    "second" => &mut raw.second,
                    _ => &mut raw.millisecond,
                };
                *part = Some(n);
            }
        },
        "display_date" => raw.display = text(v, &sub, at, tally)?,
        "format" => aside(&sub, v, tally, comments),
        _ => unknown(&sub, v, tally, comments),
    }
    Ok(())
}

/// A part of a date: a number, or a string of one; `None` when absent or empty.
fn number(v: &Value) -> Part {
    match v {
        Value::Null => None,
        Value::Number(n) => Some(n.as_i64().ok_or_else(|| NotWhole(n.to_string()))),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().parse().map_err(|_| NotWhole(s.clone()))),
        other => Some(Err(NotWhole(short(other)))),
    }
}

/// A text field: strings as they are, numbers and booleans as written; anything else is not
/// text and is reported.
fn text(
    v: &Value,
    field: &str,
    at: &dyn Fn() -> String,
    tally: &mut Tally,
) -> Result<Option<String>, ImportError> {
    let text = match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
        Value::Array(_) | Value::Object(_) => {
            tally.add(field, Outcome::Lost("not text"));
            return Ok(None);
        }
    };
    if let Some(t) = &text
        && t.len() > MAX_TEXT_BYTES
    {
        return Err(ImportError(format!(
            "{} is {} bytes long, over the limit of {MAX_TEXT_BYTES} bytes for one text",
            at(),
            t.len()
        )));
    }
    if text.is_none() {
        tally.add(field, Outcome::Empty);
    }
    Ok(text)
}

fn object<'a>(v: &'a Value, field: &str, tally: &mut Tally) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(map) => Some(map),
        Value::Null => {
            tally.add(field, Outcome::Empty);
            None
        }
        _ => {
            tally.add(field, Outcome::Lost("not an object"));
            None
        }
    }
}

/// A field the chronology has no place for, kept in a comment.
fn aside(field: &str, v: &Value, tally: &mut Tally, comments: &mut Vec<String>) {
    if is_empty(v) {
        tally.add(field, Outcome::Empty);
        return;
    }
    tally.add(field, Outcome::Kept("a comment"));
    comments.push(format!("{}: {}", local(field), short(v)));
}

/// A key the format does not have, kept in a comment.
fn unknown(field: &str, v: &Value, tally: &mut Tally, comments: &mut Vec<String>) {
    if is_empty(v) {
        tally.add(field, Outcome::Empty);
        return;
    }
    tally.add(
        field,
        Outcome::Lost("not a TimelineJS 3 field (kept in a comment)"),
    );
    comments.push(format!("{}: {}", local(field), short(v)));
}

/// A field's name inside its slide: `events[].media.alt` → `media.alt`.
fn local(field: &str) -> &str {
    field
        .split_once("[].")
        .map(|(_, rest)| rest)
        .or_else(|| field.strip_prefix("title."))
        .unwrap_or(field)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(m) => m.values().all(is_empty),
        Value::Array(a) => a.iter().all(is_empty),
        _ => false,
    }
}

/// A value as JSON, cut to a few hundred characters for a comment.
fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut cut: String = text.chars().take(300).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Refuses nesting deeper than [`MAX_DEPTH`], in one pass over the bytes.
fn check_depth(text: &str) -> Result<(), ImportError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ImportError(format!(
                        "nests objects and lists deeper than {MAX_DEPTH} levels (TimelineJS needs 4)"
                    )));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
