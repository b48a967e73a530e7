//! A read [`Timeline`] → the chronology to write: ids, titles, dates, text, links, periods,
//! and the comments and messages for what has no place in it. Every field the readers left
//! for this step is counted, once: here for the title slide and the text met, in
//! [`super::event`] for each slide, in [`super::era`] for each era.

use super::html::{self, Met};
use super::ids::Ids;
use super::planned::Plan;
use super::tally::{Outcome, Tally};
use super::{ImportError, Names, Slide, Timeline};
use crate::text::sanitize;

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
    notices.extend(timeline.notices);
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
        .map(|slide| super::event::event(slide, &n, &mut ids, tally, &mut met, notices))
        .collect();
    let mut period_ids = Ids::default();
    let periods = timeline
        .eras
        .into_iter()
        .filter_map(|era| super::era::period(era, &n, &mut period_ids, tally, &mut met, notices))
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
            comments.push(format!("title slide {name}: {}", d.written()));
        }
    }
    comments.extend(slide.comments);
    title
}
