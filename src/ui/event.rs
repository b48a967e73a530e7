//! The event pane: what happened, when (with its uncertainty spelled out), who, and the
//! citations with the current one marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::{focused, pane_block};
use crate::app::{App, Focus, layout};
use crate::text::sanitize;

/// Longest quote shown in the citation list before it is cut (the source pane has it whole).
const QUOTE_PREVIEW: usize = 90;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let block = pane_block(Line::from(" Event "), focused(app, Focus::Event), theme);
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(ix) = app.current_event() else {
        frame.render_widget(Paragraph::new("No event selected.").style(theme.dim), inner);
        return;
    };
    let chronology = &app.chronology;
    let event = &chronology.events[ix];
    let label = |text: &'static str| Span::styled(text, theme.label);
    let mut lines = vec![
        Line::styled(sanitize(&event.title).into_owned(), theme.title),
        Line::from(vec![label("When  "), Span::raw(event.date.describe())]),
    ];
    if !event.actors.is_empty() {
        let who: Vec<String> = event
            .actors
            .iter()
            .map(|&a| {
                let actor = &chronology.actors[a];
                if actor.kind.is_empty() {
                    sanitize(&actor.name).into_owned()
                } else {
                    format!("{} ({})", sanitize(&actor.name), sanitize(&actor.kind))
                }
            })
            .collect();
        lines.push(Line::from(vec![label("Who   "), Span::raw(who.join(", "))]));
    }
    if !event.tags.is_empty() {
        lines.push(Line::from(vec![
            label("Tags  "),
            Span::styled(sanitize(&event.tags.join(", ")).into_owned(), theme.dim),
        ]));
    }
    if let Some(summary) = &event.summary {
        lines.push(Line::default());
        lines.push(Line::raw(sanitize(summary.trim()).into_owned()));
    }
    lines.push(Line::default());
    let count = event.citations.len();
    lines.push(Line::from(vec![
        label("Citations"),
        Span::styled("  (Enter to read, ] [ to step)", theme.dim),
    ]));
    for (i, citation) in event.citations.iter().enumerate() {
        let source = &chronology.sources[citation.source];
        let publisher = source.publisher.as_deref().unwrap_or(&source.id);
        let quote = super::truncate(&sanitize(citation.quote.trim()), QUOTE_PREVIEW);
        let current = i == app.citation;
        let marker = if current { "▶ " } else { "  " };
        let text = format!(
            "{marker}[{}/{count}] {} — “{quote}”",
            i + 1,
            sanitize(publisher)
        );
        lines.push(if current {
            Line::styled(text, theme.current_citation)
        } else {
            Line::raw(text)
        });
        if let Some(note) = &citation.note
            && current
        {
            lines.push(Line::styled(
                format!("      note: {}", sanitize(note)),
                theme.dim,
            ));
        }
    }
    if !event.related.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(vec![
            label("Related"),
            Span::styled("  (r to follow)", theme.dim),
        ]));
        for &r in &event.related {
            let other = &chronology.events[r];
            lines.push(Line::from(vec![
                Span::raw("  • "),
                Span::styled(other.date.to_string(), theme.date),
                Span::raw(" "),
                Span::raw(sanitize(&other.title).into_owned()),
            ]));
        }
    }
    let scroll = u16::try_from(app.detail_scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
