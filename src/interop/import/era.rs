//! One era → one period: its title (an open end read back from the words an export adds), its
//! dates, its text as the note; what a period cannot hold goes to comments.

use super::dates;
use super::html::{self, Met};
use super::ids::{Ids, slug, unique};
use super::planned::PlannedPeriod;
use super::tally::{Outcome, Tally};
use super::{Names, Slide};
use crate::model::Date;
use crate::text::sanitize;

/// The period an era becomes, or `None` (with a message) when it has no usable start.
pub(super) fn period(
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
            Some(Err(why)) => why.to_string(),
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
