//! One slide → one draft event: title, id, date, summary, tag and link, each field counted,
//! and comments and messages for what the event cannot hold.

use super::dates;
use super::html::{self, Met};
use super::ids::{Ids, slug, unique};
use super::planned::PlannedEvent;
use super::tally::{Outcome, Tally};
use super::{Media, Names, Slide};
use crate::interop::{DRAFT_MARK, encode_url_chars};
use crate::model::{Date, Link, is_web_address};
use crate::text::sanitize;

/// The draft event a slide becomes; every slide becomes one.
pub(super) fn event(
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
    // The mark an export puts on a draft it keeps: every imported event is a draft already,
    // so the mark is not text of the event, and an export imported again does not gain it.
    if let Some(s) = &mut summary
        && let Some(rest) = s.strip_prefix(DRAFT_MARK)
        && (rest.is_empty() || rest.starts_with('\n'))
    {
        *s = rest.trim_start_matches('\n').to_string();
    }
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
    // A quote mark in an address ends the attribute TimelineJS pastes it into; the loader
    // refuses it. Written `%27`/`%60` it is the same address to a server and inert in markup,
    // so a link with an apostrophe (common in Wikipedia's) is kept, and defused.
    let address = encode_url_chars(&address, |c| matches!(c, '\'' | '`')).into_owned();
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

/// What a start or end date (`name`) has that its point does not keep: a time that cannot be
/// held, the date's own `display_date`; each kept in a comment. `who` names the slide, `field`
/// the date in the account.
fn date_asides(
    name: &str,
    raw: &dates::RawDate,
    (who, field): (&str, &str),
    tally: &mut Tally,
    comments: &mut Vec<String>,
    notices: &mut Vec<String>,
) {
    if let (Some(time), Ok(p)) = (&raw.time, dates::point(raw))
        && let Err(why) = dates::with_time(p, raw)
    {
        comments.push(format!("{name} time of day: {time}"));
        notices.push(format!(
            "{who}: its {name} time ({time}) cannot be held: {why}; kept in a comment"
        ));
    }
    if let Some(display) = &raw.display {
        tally.text(&format!("{field}.display_date"), display, "a comment");
        comments.push(format!("{name} display_date: {display}"));
    }
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
            date_asides(name, raw, (who, &field(name)), tally, comments, notices);
        }
    }
    // A time that cannot be held leaves the day (a comment keeps the time, above).
    let timed =
        |raw: &dates::RawDate| dates::point(raw).map(|p| dates::with_time(p, raw).unwrap_or(p));
    let start = match slide.start.as_ref().map(timed) {
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
                slide.start.as_ref()?.written()
            ));
            None
        }
        None => {
            notices.push(format!("{who} has no start date: imported undated"));
            None
        }
    };
    let end = match (slide.end.as_ref().map(timed), start) {
        (None, _) => None,
        // TimelineJS drops an end date equal to the start as redundant; so does the import.
        (Some(Ok(e)), Some(s)) if e == s => {
            tally.add(
                &field(n.end),
                Outcome::Kept("date (the same as the start: one date)"),
            );
            None
        }
        (Some(Ok(e)), Some(s))
            if e.last_day() >= s.first_day()
                && (e.time().is_none() || e.begins() >= s.begins()) =>
        {
            tally.add(&field(n.end), Outcome::Kept("date"));
            Some(e)
        }
        (Some(result), _) => {
            let why = match (result, start) {
                (Err(why), _) => why.to_string(),
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
                comments.push(format!("{} as written: {}", n.end, raw.written()));
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
