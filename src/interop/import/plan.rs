//! A read [`Timeline`] → the chronology to write: ids, titles, dates, text, links, periods,
//! and the comments and messages for what has no place in it. Every field the readers left
//! for this step is counted here, once.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization as _;

use super::dates::{self, RawDate};
use super::html::{self, Met};
use super::tally::{Outcome, Tally};
use super::{ImportError, Media, Names, Slide, Timeline};
use crate::load::is_web_address;
use crate::model::{Date, Link};
use crate::text::sanitize;

/// Longest id made from a headline, in characters: long enough to read, short enough to type.
const ID_CHARS: usize = 48;

pub(super) struct Plan {
    pub title: String,
    /// For the top of the file: the title slide's text and media, top-level fields.
    pub comments: Vec<String>,
    pub periods: Vec<PlannedPeriod>,
    pub events: Vec<PlannedEvent>,
}

pub(super) struct PlannedPeriod {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub note: Option<String>,
    pub comments: Vec<String>,
}

pub(super) struct PlannedEvent {
    pub id: String,
    pub title: String,
    /// `None`: undated (a draft may be).
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    pub comments: Vec<String>,
}

/// Builds the plan, counting each field's outcome in `tally` and adding a sentence to
/// `notices` for each slide that needs the author's eye.
///
/// # Errors
/// The file has no slide: a chronology needs at least one event.
pub(super) fn plan(
    timeline: Timeline,
    file: &str,
    tally: &mut Tally,
    notices: &mut Vec<String>,
) -> Result<Plan, ImportError> {
    let n = timeline.names;
    let mut met = Met::default();
    let mut comments = timeline.comments;
    let title = match timeline.title {
        Some(slide) => title_slide(slide, &n, tally, &mut met, &mut comments),
        None => None,
    };
    let title = title.unwrap_or_else(|| {
        let stem = std::path::Path::new(file).file_stem().map_or_else(
            || "Imported timeline".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        notices.push(format!(
            "the file has no title slide: the chronology is titled \"{}\" after the file",
            sanitize(&stem)
        ));
        stem
    });
    if timeline.slides.is_empty() {
        return Err(ImportError(
            "has no slides to import: a chronology needs at least one event".into(),
        ));
    }
    let mut ids = Ids::default();
    let events = timeline
        .slides
        .into_iter()
        .map(|slide| event(slide, &n, &mut ids, tally, &mut met, notices))
        .collect();
    let mut period_ids = Ids::default();
    let periods = timeline
        .eras
        .into_iter()
        .filter_map(|era| period(era, &n, &mut period_ids, tally, &mut met, notices))
        .collect();
    tally.order_by(|field| {
        if field.starts_with(n.title) && !n.title.is_empty() {
            0
        } else if field.starts_with(n.eras) && !n.eras.is_empty() {
            2
        } else if field.contains(" in text") {
            4
        } else if field.starts_with(n.events) {
            1
        } else {
            3
        }
    });
    let text_field = "links in text";
    tally.add_n(
        text_field,
        Outcome::Kept("their words, the address in brackets"),
        met.links_kept,
    );
    tally.add_n(
        text_field,
        Outcome::Lost("the address (not http, https or mailto); the words are kept"),
        met.links_dropped,
    );
    tally.add_n(
        "<script> and <style> in text",
        Outcome::Lost("code, removed with its content"),
        met.code_removed,
    );
    tally.add_n(
        "control characters in text",
        Outcome::Lost("removed (escape sequences, bidi overrides, controls)"),
        met.controls_removed,
    );
    Ok(Plan {
        title,
        comments,
        periods,
        events,
    })
}

/// The chronology's title from the title slide; its other fields become comments at the top.
fn title_slide(
    slide: Slide,
    n: &Names,
    tally: &mut Tally,
    met: &mut Met,
    comments: &mut Vec<String>,
) -> Option<String> {
    let field = |name: &str| format!("{}{name}", n.title);
    let title = slide
        .headline
        .as_deref()
        .map(|h| html::to_line(h, met))
        .filter(|t| !t.is_empty());
    if slide.headline.is_some() {
        tally.text(&field(n.headline), title.as_deref().unwrap_or(""), "title");
    }
    let top = "a comment at the top";
    if let Some(text) = &slide.text {
        let plain = html::to_text(text, met);
        tally.text(&field(n.text), &plain, top);
        if !plain.trim().is_empty() {
            comments.push(format!("title slide text: {plain}"));
        }
    }
    if let Some(media) = &slide.media {
        for (name, value) in [
            (n.media_url, &media.url),
            (n.media_caption, &media.caption),
            (n.media_credit, &media.credit),
        ] {
            if let Some(v) = value {
                let plain = html::to_line(v, met);
                tally.text(&field(name), &plain, top);
                if !plain.is_empty() {
                    comments.push(format!("title slide {name}: {plain}"));
                }
            }
        }
    }
    for (name, value) in [
        (n.unique_id, &slide.unique_id),
        (n.group, &slide.group),
        (n.display_date, &slide.display_date),
    ] {
        if let Some(v) = value {
            tally.text(&field(name), v, top);
            comments.push(format!("title slide {name}: {v}"));
        }
    }
    for (name, date) in [(n.start, &slide.start), (n.end, &slide.end)] {
        if let Some(d) = date {
            tally.add(&field(name), Outcome::Kept(top));
            comments.push(format!("title slide {name}: {}", written(d)));
        }
    }
    comments.extend(slide.comments);
    title
}

fn event(
    mut slide: Slide,
    n: &Names,
    ids: &mut Ids,
    tally: &mut Tally,
    met: &mut Met,
    notices: &mut Vec<String>,
) -> PlannedEvent {
    let field = |name: &str| format!("{}{name}", n.events);
    let mut comments = std::mem::take(&mut slide.comments);
    let title = slide.headline.as_deref().map(|h| html::to_line(h, met));
    if slide.headline.is_some() {
        tally.text(&field(n.headline), title.as_deref().unwrap_or(""), "title");
    }
    let title = title.filter(|t| !t.is_empty()).unwrap_or_else(|| {
        let made = format!("Untitled {} {}", n.slide, slide.number);
        notices.push(format!(
            "{} {} has no headline: it is titled \"{made}\"",
            n.slide, slide.number
        ));
        made
    });
    let who = format!("{} {} \"{}\"", n.slide, slide.number, sanitize(&title));
    let from_id = slide
        .unique_id
        .as_deref()
        .map(slug)
        .filter(|s| !s.is_empty());
    if slide.unique_id.is_some() {
        tally.add(
            &field(n.unique_id),
            if from_id.is_some() {
                Outcome::Kept("id")
            } else {
                Outcome::Empty
            },
        );
    }
    let id = unique(
        from_id
            .or_else(|| Some(slug(&title)).filter(|s| !s.is_empty()))
            .unwrap_or_else(|| format!("slide-{}", slide.number)),
        ids,
    );
    let date = event_date(&slide, n, &who, tally, &mut comments, notices);
    let mut summary = slide.text.as_deref().map(|t| html::to_text(t, met));
    if let Some(s) = &summary {
        tally.text(&field(n.text), s, "summary");
    }
    let mut tags = Vec::new();
    if let Some(group) = &slide.group {
        let tag = html::to_line(group, met);
        tally.text(&field(n.group), &tag, "tags");
        if !tag.is_empty() {
            tags.push(tag);
        }
    }
    let (link, media_text) = slide
        .media
        .as_ref()
        .map_or((None, None), |m| media(m, n, tally, met, &mut comments));
    let links: Vec<Link> = link.into_iter().collect();
    if let Some(text) = media_text {
        summary = Some(match summary.filter(|s| !s.trim().is_empty()) {
            Some(s) => format!("{s}\n\n{text}"),
            None => text,
        });
    }
    PlannedEvent {
        id,
        title,
        date,
        summary: summary.filter(|s| !s.trim().is_empty()),
        tags,
        links,
        comments,
    }
}

/// A slide's media: a link when its address is an absolute `http(s)` one; its text when it is
/// markup (a `<blockquote>` shown in the media slot); otherwise its parts go to comments.
fn media(
    media: &Media,
    n: &Names,
    tally: &mut Tally,
    met: &mut Met,
    comments: &mut Vec<String>,
) -> (Option<Link>, Option<String>) {
    let field = |name: &str| format!("{}{name}", n.events);
    let url = media.url.as_deref().map_or("", str::trim);
    let address = if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_string()
    };
    let caption = media.caption.as_deref().map(|c| html::to_line(c, met));
    let credit = media.credit.as_deref().map(|c| html::to_line(c, met));
    let parts = [
        (n.media_caption, caption, "links[].caption"),
        (n.media_credit, credit, "links[].credit"),
    ];
    if is_web_address(&address) {
        tally.add(&field(n.media_url), Outcome::Kept("links[].url"));
        let [caption, credit] = parts.map(|(name, value, to)| {
            let value = value?;
            tally.text(&field(name), &value, to);
            Some(value).filter(|v| !v.trim().is_empty())
        });
        let link = Link {
            url: address,
            caption,
            credit,
        };
        return (Some(link), None);
    }
    let mut text = None;
    if url.is_empty() {
        tally.add(&field(n.media_url), Outcome::Empty);
    } else if url.starts_with('<') {
        // Markup in the media slot (a quote, an embed) is text TimelineJS shows: it joins the
        // summary.
        let plain = html::to_text(url, met);
        tally.text(
            &field(n.media_url),
            &plain,
            "summary (media that is text, not an address)",
        );
        text = Some(plain).filter(|t| !t.trim().is_empty());
    } else if !url.contains(':') {
        tally.add(
            &field(n.media_url),
            Outcome::Kept("a comment (a relative address, not a link)"),
        );
        comments.push(format!("media: {url}"));
    } else {
        tally.add(
            &field(n.media_url),
            Outcome::Lost("not an http(s) address (javascript:, data: …)"),
        );
    }
    for (name, value, _) in parts {
        let Some(value) = value else { continue };
        if value.trim().is_empty() {
            tally.add(&field(name), Outcome::Empty);
        } else {
            tally.add(
                &field(name),
                Outcome::Kept("a comment (the media has no web address)"),
            );
            comments.push(format!("{name}: {value}"));
        }
    }
    (None, text)
}

/// The event's date from its start, end and `display_date`; `None` (undated) with a notice
/// when the start cannot be held.
fn event_date(
    slide: &Slide,
    n: &Names,
    who: &str,
    tally: &mut Tally,
    comments: &mut Vec<String>,
    notices: &mut Vec<String>,
) -> Option<Date> {
    let field = |name: &str| format!("{}{name}", n.events);
    for (name, raw) in [(n.start, &slide.start), (n.end, &slide.end)] {
        if let Some(raw) = raw {
            if let Some(time) = &raw.time {
                comments.push(format!("{name} time of day: {time}"));
            }
            if let Some(display) = &raw.display {
                tally.text(
                    &field(&format!("{name}.display_date")),
                    display,
                    "a comment",
                );
                comments.push(format!("{name} display_date: {display}"));
            }
        }
    }
    let start = match slide.start.as_ref().map(dates::point) {
        Some(Ok(p)) => {
            tally.add(&field(n.start), Outcome::Kept("date"));
            Some(p)
        }
        Some(Err(why)) => {
            tally.add(
                &field(n.start),
                Outcome::Kept("a comment (a date the model cannot hold; the event is undated)"),
            );
            notices.push(format!(
                "{who}: its start date cannot be held: {why}; imported undated, the date kept in a comment"
            ));
            comments.push(format!(
                "{} as written: {}",
                n.start,
                written(slide.start.as_ref()?)
            ));
            None
        }
        None => {
            notices.push(format!("{who} has no start date: imported undated"));
            None
        }
    };
    let end = match (slide.end.as_ref().map(dates::point), start) {
        (None, _) => None,
        (Some(Ok(e)), Some(s)) if e.last_day() >= s.first_day() => {
            tally.add(&field(n.end), Outcome::Kept("date"));
            Some(e)
        }
        (Some(result), _) => {
            let why = match (result, start) {
                (Err(why), _) => why,
                (Ok(_), Some(_)) => "it is before the start".into(),
                (Ok(_), None) => "the start cannot be held".into(),
            };
            tally.add(
                &field(n.end),
                Outcome::Kept("a comment (not usable as the end of the date)"),
            );
            notices.push(format!(
                "{who}: its end date is not used: {why}; kept in a comment"
            ));
            if let Some(raw) = &slide.end {
                comments.push(format!("{} as written: {}", n.end, written(raw)));
            }
            None
        }
    };
    let display = slide.display_date.as_deref();
    let Some(start) = start else {
        if let Some(d) = display {
            tally.text(&field(n.display_date), d, "a comment");
            comments.push(format!("{}: {d}", n.display_date));
        }
        return None;
    };
    let (date, read) = dates::date(start, end, display);
    if let Some(d) = display {
        if read {
            tally.add(
                &field(n.display_date),
                Outcome::Kept("date (its words read back)"),
            );
        } else {
            tally.text(&field(n.display_date), d, "a comment");
            if !d.trim().is_empty() {
                comments.push(format!("{}: {d}", n.display_date));
            }
        }
    }
    Some(date)
}

fn period(
    era: Slide,
    n: &Names,
    ids: &mut Ids,
    tally: &mut Tally,
    met: &mut Met,
    notices: &mut Vec<String>,
) -> Option<PlannedPeriod> {
    let field = |name: &str| format!("{}{name}", n.eras);
    let headline = era
        .headline
        .as_deref()
        .map(|h| html::to_line(h, met))
        .unwrap_or_default();
    let who = format!("{} {} \"{}\"", n.era, era.number, sanitize(&headline));
    let start = era.start.as_ref().map(dates::point);
    let Some(Ok(start)) = start else {
        let why = match start {
            Some(Err(why)) => why,
            _ => "it has no start date".into(),
        };
        tally.add(
            n.eras.trim_end_matches(['.', ' ', ':']),
            Outcome::Lost("an era without a usable start date"),
        );
        notices.push(format!("{who} is not imported as a period: {why}"));
        return None;
    };
    tally.add(&field(n.start), Outcome::Kept("periods[].date"));
    let end = match era.end.as_ref().map(dates::point) {
        Some(Ok(e)) if e.last_day() >= start.first_day() => {
            tally.add(&field(n.end), Outcome::Kept("periods[].date"));
            Some(e)
        }
        Some(_) => {
            tally.add(
                &field(n.end),
                Outcome::Lost("not usable: the period is left open"),
            );
            notices.push(format!(
                "{who}: its end date is not usable: the period is left open"
            ));
            None
        }
        None => None,
    };
    let (title, date) = match end {
        Some(end) => dates::period(&headline, start, end),
        None => (
            headline.clone(),
            Date::Interval {
                start: Some(start),
                end: None,
            },
        ),
    };
    if era.headline.is_some() {
        tally.text(&field(n.headline), &title, "periods[].title");
    }
    let title = if title.trim().is_empty() {
        let made = format!("Untitled {} {}", n.era, era.number);
        notices.push(format!(
            "{} {} has no headline: it is titled \"{made}\"",
            n.era, era.number
        ));
        made
    } else {
        title
    };
    let note = era.text.as_deref().map(|t| html::to_text(t, met));
    if let Some(note) = &note {
        tally.text(&field(n.text), note, "periods[].note");
    }
    let mut comments = era.comments;
    let media = era.media.unwrap_or_default();
    for (name, value) in [
        (n.unique_id, era.unique_id),
        (n.group, era.group),
        (n.display_date, era.display_date),
        (n.media_url, media.url),
        (n.media_caption, media.caption),
        (n.media_credit, media.credit),
    ] {
        if let Some(v) = value {
            tally.text(&field(name), &v, "a comment");
            comments.push(format!("{name}: {v}"));
        }
    }
    let id = unique(
        Some(slug(&title))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("era-{}", era.number)),
        ids,
    );
    Some(PlannedPeriod {
        id,
        title,
        date,
        note: note.filter(|n| !n.trim().is_empty()),
        comments,
    })
}

/// A date as the file wrote it, for a comment: `year -13800000000, month 5`.
fn written(raw: &RawDate) -> String {
    let part = |name: &str, p: &Option<Result<i64, String>>| {
        p.as_ref().map(|v| match v {
            Ok(n) => format!("{name} {n}"),
            Err(t) => format!("{name} \"{t}\""),
        })
    };
    [
        part("year", &raw.year),
        part("month", &raw.month),
        part("day", &raw.day),
        raw.time.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// `Rózsa Péter writes recursion` → `rozsa-peter-writes-recursion`: lowercase ASCII letters
/// and digits, accents dropped, anything else a single `-`, cut at a word to [`ID_CHARS`].
pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() > ID_CHARS {
            break;
        }
    }
    if out.len() > ID_CHARS {
        let cut = out[..ID_CHARS]
            .rfind('-')
            .filter(|&at| at > 0)
            .unwrap_or(ID_CHARS);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_string()
}

/// Ids handed out so far, and for each base the next number to try: a file of many slides
/// with one headline takes each id in one step, not one per earlier slide.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-2`, `base-3` … the first not taken; then taken.
fn unique(base: String, ids: &mut Ids) -> String {
    if ids.taken.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.taken.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fit_the_id_rule() {
        assert_eq!(
            slug("Rózsa Péter writes recursion"),
            "rozsa-peter-writes-recursion"
        );
        assert_eq!(
            slug("\"The Mother of the Internet\""),
            "the-mother-of-the-internet"
        );
        assert_eq!(
            slug("...And the women who made it work"),
            "and-the-women-who-made-it-work"
        );
        assert_eq!(slug("مرحبا"), "");
        assert_eq!(slug("Kerman-Bombings"), "kerman-bombings");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= ID_CHARS && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn ids_are_made_unique() {
        let mut taken = Ids::default();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a-2");
        assert_eq!(unique("a".into(), &mut taken), "a-3");
    }
}
