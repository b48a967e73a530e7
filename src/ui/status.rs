//! The status bar: where you are, the active filter, a message, and key hints from the keymap.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::main_key;
use super::theme::Theme;
use crate::app::keymap::{self, Context};
use crate::app::{Action, App, Mode, Prompt, PromptKind, Scope, SearchState};
use crate::model::Clock;
use crate::text::sanitize;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let mut left = if app.visible.is_empty() {
        " no events ".to_string()
    } else {
        format!(" event {}/{} ", app.selected + 1, app.visible.len())
    };
    if let Mode::Prompt(prompt) = &app.mode {
        let pages = app.prompt_takes_pages();
        render_prompt(frame, prompt, app.search.as_ref(), pages, area, theme);
        return;
    }
    match app.drafts {
        0 => {}
        1 => left.push_str("│ 1 draft "),
        n => {
            let _ = write!(left, "│ {n} drafts ");
        }
    }
    if let Clock::In { name, .. } = &app.clock {
        let _ = write!(left, "│ times in {} ", sanitize(name));
    }
    if let Some(filter) = app.filter_description() {
        let _ = write!(left, "│ {} ", sanitize(&filter));
    }
    if let Some(search) = &app.search
        && app.message.is_none()
    {
        let at = search.current.map_or(0, |i| i + 1);
        let _ = write!(
            left,
            "│ /{} match {at}/{} ",
            sanitize(search.query.trim()),
            search.count()
        );
    }
    let mut spans = vec![Span::styled(left.clone(), theme.status)];
    let mut used = left.width();
    if let Some(progress) = &app.loading {
        let text = format!(" ⟳ reloading {:.0}% ", progress.fraction() * 100.0);
        used += text.width();
        spans.push(Span::styled(text, theme.message));
    }
    if !app.problems.is_empty() {
        let n = app.problems.len();
        let text = format!(
            " {n} problem{} ({} shows) ",
            if n == 1 { "" } else { "s" },
            main_key(Context::Global, Action::ShowProblems)
        );
        used += text.width();
        spans.push(Span::styled(text, theme.error));
    }
    if let Some(message) = &app.message {
        let m = format!(" {} ", sanitize(message));
        used += m.width();
        spans.push(Span::styled(m, theme.message));
    }
    let width = usize::from(area.width);
    let mut hints: Vec<Span<'_>> = Vec::new();
    let mut hint_width = 0;
    for (key, hint) in keymap::hints(&app.contexts()) {
        let w = key.width() + hint.width() + 3;
        if used + hint_width + w + 1 > width {
            break;
        }
        hint_width += w;
        hints.push(Span::styled(format!(" {key}"), theme.status_key));
        hints.push(Span::styled(format!(" {hint} "), theme.status));
    }
    let pad = width.saturating_sub(used + hint_width);
    spans.push(Span::styled(" ".repeat(pad), theme.status));
    spans.extend(hints);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.status), area);
}

/// The prompt replaces the status bar while it is open: `/query▏  match 1/3` (the count live,
/// as the query is typed) or `date: 2018▏  error`. In a PDF's source pane (`pages`) the date
/// prompt says it takes a page.
fn render_prompt(
    frame: &mut Frame<'_>,
    prompt: &Prompt,
    search: Option<&SearchState>,
    pages: bool,
    area: Rect,
    theme: &Theme,
) {
    let label = match prompt.kind {
        PromptKind::Search(Scope::Events) => "/",
        PromptKind::Search(Scope::Document) => "search document: ",
        PromptKind::Date if pages => "go to page or date: ",
        PromptKind::Date => "go to date: ",
        PromptKind::DisputeNote => "dispute — why? ",
        PromptKind::ReplaceReview => "",
    };
    let mut spans = vec![
        Span::styled(label, theme.label),
        Span::styled(sanitize(&prompt.text).into_owned(), theme.prompt),
        Span::styled("▏", theme.label),
    ];
    if let (PromptKind::Search(_), Some(search)) = (prompt.kind, search) {
        spans.push(match (search.count(), search.current) {
            (0, _) => Span::styled("  no match", theme.error),
            (n, Some(i)) => Span::styled(format!("  match {}/{n}", i + 1), theme.dim),
            (n, None) => Span::styled(
                format!("  {n} match{}", if n == 1 { "" } else { "es" }),
                theme.dim,
            ),
        });
    } else if let Some(error) = &prompt.error {
        spans.push(Span::styled(format!("  {}", sanitize(error)), theme.error));
    } else if prompt.kind == PromptKind::Date {
        let forms = if pages {
            "p12 for a page; YYYY, YYYY-MM or YYYY-MM-DD for a date"
        } else {
            "YYYY, YYYY-MM or YYYY-MM-DD"
        };
        spans.push(Span::styled(
            format!(
                "  {forms} · {} to go · {} to cancel",
                main_key(Context::Prompt, Action::Submit),
                main_key(Context::Prompt, Action::Close)
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
