//! The timeline pane: year headings, gaps, and one row per event; only visible rows are built.
//! Its bottom edge names the periods the selected event falls inside.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{focused, layered, pane_block, truncate};
use crate::app::timeline::Row;
use crate::app::{App, Focus, layout};
use crate::model::{Chronology, Clock, Event};
use crate::text::sanitize;

/// Widest short date shown in the date column; longer ones are cut.
const DATE_COLUMN: usize = 13;
/// The same, when a row in view has a time and its offset (`2 Jan 23:30 -05:00`).
const TIMED_DATE_COLUMN: usize = 18;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let title = match app.filter_description() {
        Some(filter) => format!(" {} ", sanitize(&filter)),
        None => format!(
            " Timeline — {} of {} events ",
            app.visible.len(),
            app.chronology.events.len()
        ),
    };
    let mut block = pane_block(Line::from(title), focused(app, Focus::Timeline), theme);
    if let Some(label) = period_label(app, usize::from(area.width).saturating_sub(4)) {
        block = block.title_bottom(Line::styled(label, theme.year));
    }
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.visible.is_empty() {
        frame.render_widget(
            Paragraph::new("No events match the filter.").style(theme.dim),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let start = app.timeline_offset.min(app.rows.len());
    let end = (start + height).min(app.rows.len());
    let shown = &app.rows[start..end];
    let dates = shown.iter().filter_map(|r| match r {
        Row::Event(p) => app
            .visible
            .get(*p)
            .map(|&ix| &app.chronology.events[ix].date),
        _ => None,
    });
    let (widest, timed) = dates.fold((0, false), |(w, t), d| {
        (w.max(d.short_in(&app.clock).width()), t || d.is_timed())
    });
    let date_width = widest.min(if timed {
        TIMED_DATE_COLUMN
    } else {
        DATE_COLUMN
    });
    let lines: Vec<Line<'_>> = shown
        .iter()
        .map(|row| match row {
            Row::Year(y) => Line::styled(format!("{y}"), theme.year),
            Row::Undated => Line::styled("undated", theme.year),
            Row::Gap(text) => Line::styled(truncate(&format!("  {text}"), width), theme.gap),
            Row::Event(p) => {
                let selected = *p == app.selected;
                let ix = app.visible[*p];
                let hits = app
                    .highlights
                    .rows
                    .iter()
                    .find(|(e, _)| *e == ix)
                    .map_or(&[][..], |(_, r)| r.as_slice());
                let event = &app.chronology.events[ix];
                event_row(
                    &app.chronology,
                    &app.clock,
                    event,
                    selected,
                    date_width,
                    width,
                    hits,
                    theme,
                )
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The periods the selected event falls inside, for the pane's bottom edge: ` Nuclear deal
/// in force · 2015 – 2018 `, nested periods joined by `›`, cut to `width`.
fn period_label(app: &App, width: usize) -> Option<String> {
    let event = app
        .visible
        .get(app.selected)
        .and_then(|&ix| app.chronology.events.get(ix))?;
    let periods: Vec<String> = app
        .chronology
        .periods_of(event)
        .map(|p| format!("{} · {}", sanitize(&p.title), p.span()))
        .collect();
    if periods.is_empty() || width < 4 {
        return None;
    }
    Some(format!(" {} ", truncate(&periods.join(" › "), width - 2)))
}

#[allow(clippy::too_many_arguments)] // one row's inputs; a struct would only rename them
fn event_row<'a>(
    chronology: &Chronology,
    clock: &Clock,
    event: &Event,
    selected: bool,
    date_width: usize,
    width: usize,
    hits: &[std::ops::Range<usize>],
    theme: &Theme,
) -> Line<'a> {
    // A draft's marker is hollow, and its row dimmed. Beside it, what its citations add up
    // to: `!` contested, `¹` resting on one publisher (a draft is work in progress: neither).
    let corroboration = chronology.corroboration(event);
    let mark = match (event.draft, corroboration) {
        (false, k) if k.contested => '!',
        (false, k) if k.single_sourced() => '¹',
        _ => ' ',
    };
    let marker = format!(
        "{}{mark}",
        match (selected, event.draft) {
            (true, false) => '▶',
            (true, true) => '▷',
            (false, true) => '○',
            (false, false) => ' ',
        }
    );
    let date = truncate(&event.date.short_in(clock), date_width);
    let date = format!("{date:<date_width$} ");
    let actors = actor_marker(chronology, event);
    let used = marker.width() + date.width();
    let room = width.saturating_sub(used);
    let actor_room = if actors.is_empty() || room < 24 {
        0
    } else {
        (actors.width() + 1).min(room / 4).min(10)
    };
    let title = truncate(&sanitize(&event.title), room.saturating_sub(actor_room));
    let pad = room.saturating_sub(title.width() + actor_room);
    let title_style = if event.draft {
        theme.draft
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::styled(marker, title_style),
        Span::styled(date, if event.draft { theme.draft } else { theme.date }),
    ];
    if hits.is_empty() || title.ends_with('…') && title.width() < 3 {
        spans.push(Span::styled(title.clone(), title_style));
    } else {
        // Highlight within the part of the title that is shown (truncation keeps a prefix).
        // `sanitize` replaces characters one for one, so the shown prefix has as many
        // characters as the original prefix it came from.
        let shown = title.strip_suffix('…').unwrap_or(&title).chars().count();
        let cut = event
            .title
            .char_indices()
            .nth(shown)
            .map_or(event.title.len(), |(i, _)| i);
        spans.extend(layered(
            &event.title,
            0..cut,
            title_style,
            &[(hits, theme.search_hit)],
        ));
        if title.ends_with('…') {
            spans.push(Span::raw("…"));
        }
    }
    spans.push(Span::raw(" ".repeat(pad)));
    if actor_room > 0 {
        spans.push(Span::styled(
            format!(" {}", truncate(&actors, actor_room - 1)),
            theme.actors,
        ));
    }
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected)
    } else {
        line
    }
}

/// A compact marker for an event's actors: the first one's short code (initials for several
/// words, `IS`; the name when short, `Iran`; else its first three letters) and how many more.
fn actor_marker(chronology: &Chronology, event: &Event) -> String {
    let names = chronology.actor_names(event);
    let Some(first) = names.first() else {
        return String::new();
    };
    let name = sanitize(first);
    let words: Vec<&str> = name.split_whitespace().collect();
    let code: String = if words.len() > 1 {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .take(3)
            .collect()
    } else if name.chars().count() <= 4 {
        name.to_string()
    } else {
        name.chars().take(3).collect()
    };
    match names.len() {
        1 => code,
        n => format!("{code}+{}", n - 1),
    }
}
