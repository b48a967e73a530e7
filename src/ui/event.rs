//! The event pane: what happened, when (with its uncertainty spelled out), who, and the
//! citations with the current one marked.
//!
//! Its key hints name the event pane's keys (the timeline binds the same ones), whichever pane
//! has the focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::{focused, layered, main_key, pane_block};
use crate::app::keymap::Context;
use crate::app::{Action, App, Focus, layout};
use crate::model::{ReviewState, page_label};
use crate::text::sanitize;

/// Longest quote shown in the citation list before it is cut (the source pane has it whole).
const QUOTE_PREVIEW: usize = 90;

#[allow(clippy::too_many_lines)] // the pane's sections, top to bottom
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
        Line::from(layered(
            &event.title,
            0..event.title.len(),
            theme.title,
            &[(&app.highlights.title, theme.search_hit)],
        )),
        Line::from(vec![
            label("When  "),
            Span::raw(event.date.describe_in(&app.clock)),
        ]),
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
        let tags = app.chronology.tag_names(event).join(", ");
        lines.push(Line::from(vec![
            label("Tags  "),
            Span::styled(sanitize(&tags).into_owned(), theme.dim),
        ]));
    }
    if let Some(summary) = &event.summary {
        lines.push(Line::default());
        let start = summary.len() - summary.trim_start().len();
        let end = summary.trim_end().len().max(start);
        lines.push(Line::from(layered(
            summary,
            start..end,
            Style::new(),
            &[(&app.highlights.summary, theme.search_hit)],
        )));
    }
    lines.push(Line::default());
    let count = event.citations.len();
    lines.push(Line::from(vec![
        label("Citations"),
        Span::raw(format!("  {}", chronology.corroboration(event).summary())),
        Span::styled(
            format!(
                "  ({} to read, {} {} to step)",
                main_key(Context::Event, Action::OpenSource),
                main_key(Context::Event, Action::NextCitation),
                main_key(Context::Event, Action::PrevCitation)
            ),
            theme.dim,
        ),
    ]));
    for (i, citation) in event.citations.iter().enumerate() {
        let source = &chronology.sources[citation.source];
        let publisher = source.publisher.as_deref().unwrap_or(&source.id);
        let current = i == app.citation;
        let marker = if current { "▶ " } else { "  " };
        let base = if current {
            theme.current_citation
        } else {
            Style::new()
        };
        // The passage as the source writes it, which the author may have typed with other
        // quote marks, dashes or spaces.
        let quote = chronology.shown_quote(citation);
        // Quotes that open with a quotation mark of their own are not wrapped in another.
        let own_marks = quote.trim_start().starts_with(['“', '"', '‘', '\'']);
        let (open, close) = if own_marks { ("", "") } else { ("“", "”") };
        // A PDF's page, as a reader cites it: `Reuters, p. 12`.
        let page = chronology
            .page_of(citation)
            .map(|p| format!(", {}", page_label(p)))
            .unwrap_or_default();
        // Where its review stands: ✓ verified, ✗ disputed, ↻ stale (reviewed against other
        // bytes of the source); nothing when not reviewed.
        let state = match chronology.review_state(citation) {
            ReviewState::Verified => " ✓",
            ReviewState::Disputed => " ✗",
            ReviewState::Stale => " ↻",
            ReviewState::Unreviewed => "",
        };
        let mut spans = vec![Span::styled(
            format!(
                "{marker}[{}/{count}{state}] {}{page} — {open}",
                i + 1,
                sanitize(publisher)
            ),
            base,
        )];
        // The quote, cut to a preview; search hits keep their place in it.
        let start = quote.len() - quote.trim_start().len();
        let end = quote.trim_end().len().max(start);
        let cut = quote[start..end]
            .char_indices()
            .nth(QUOTE_PREVIEW)
            .map_or(end, |(at, _)| start + at);
        let hits = app.highlights.quotes.get(i).map_or(&[][..], Vec::as_slice);
        spans.extend(layered(
            quote,
            start..cut,
            base,
            &[(hits, theme.search_hit)],
        ));
        let ellipsis = if cut < end { "…" } else { "" };
        spans.push(Span::styled(format!("{ellipsis}{close}"), base));
        lines.push(Line::from(spans));
        if let Some(note) = &citation.note
            && current
        {
            lines.push(Line::styled(
                format!("      note: {}", sanitize(note)),
                theme.dim,
            ));
        }
        if let Some(review) = &citation.review
            && current
        {
            let state = chronology.review_state(citation);
            let mut said = format!(
                "      {} by {} on {}",
                state.label(),
                sanitize(&review.by),
                review.on
            );
            if let Some(note) = &review.note {
                said.push_str(": ");
                said.push_str(&sanitize(note));
            }
            lines.push(Line::styled(said, theme.dim));
        }
    }
    if !event.related.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(vec![
            label("Related"),
            Span::styled(
                format!(
                    "  ({} to follow)",
                    main_key(Context::Event, Action::FollowRelated)
                ),
                theme.dim,
            ),
        ]));
        for &r in &event.related {
            let other = &chronology.events[r];
            lines.push(Line::from(vec![
                Span::raw("  • "),
                Span::styled(other.date.show(&app.clock), theme.date),
                Span::raw(" "),
                Span::raw(sanitize(&other.title).into_owned()),
            ]));
        }
    }
    if !event.links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(label("Links")));
        for link in &event.links {
            let mut spans = vec![
                Span::raw("  • "),
                Span::styled(sanitize(&link.url).into_owned(), theme.dim),
            ];
            if let Some(caption) = &link.caption {
                spans.push(Span::raw(format!(" {}", sanitize(caption))));
            }
            if let Some(credit) = &link.credit {
                spans.push(Span::styled(format!(" ({})", sanitize(credit)), theme.dim));
            }
            lines.push(Line::from(spans));
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
