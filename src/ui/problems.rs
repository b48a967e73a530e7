//! The problems pane, over the lower part of the screen after a failed load, and the loading
//! screen shown until the first load finishes.
//!
//! Problems read exactly as `check` prints them (the same `Display`), so an author sees one
//! wording wherever they meet a problem.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Gauge, Paragraph, Wrap};

use super::main_key;
use super::theme::Theme;
use crate::app::keymap::Context;
use crate::app::layout::centered;
use crate::app::{Action, App, Progress};
use crate::text::sanitize;

/// Draws the problems pane with `selected` highlighted.
pub fn render(frame: &mut Frame<'_>, app: &App, selected: usize, theme: &Theme) {
    let area = frame.area();
    let height = (area.height.saturating_sub(1) / 2).max(area.height.min(6));
    let rect = Rect {
        y: area.height.saturating_sub(1).saturating_sub(height),
        height,
        ..area
    }
    .intersection(area);
    let n = app.problems.len();
    let title = format!(
        " {n} problem{} — {} next · {} edit · {} hide{} ",
        if n == 1 { "" } else { "s" },
        main_key(Context::Problems, Action::ProblemNext),
        main_key(Context::Problems, Action::ProblemEdit),
        main_key(Context::Problems, Action::Close),
        if app.loaded && !app.chronology.events.is_empty() {
            " · the last good version stays on screen"
        } else {
            ""
        }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.error)
        .title(title);
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let inner_width = usize::from(rect.width.saturating_sub(2)).max(1);
    // Each problem takes its lines (message, help); start so the selected one is in view.
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_line = 0;
    // Rows taken so far once wrapped, to scroll the selected problem into view.
    let mut rows = 0;
    for (i, p) in app.problems.iter().enumerate() {
        if i == selected {
            selected_line = rows;
        }
        let text = p.to_string();
        let mut first = true;
        for part in text.split('\n') {
            let marker = if first && i == selected { "▶ " } else { "  " };
            let style = if i == selected {
                theme.selected
            } else if first {
                theme.overlay
            } else {
                theme.dim
            };
            let part = sanitize(part).into_owned();
            rows += (unicode_width::UnicodeWidthStr::width(part.as_str()) + 2)
                .div_ceil(inner_width)
                .max(1);
            lines.push(Line::from(vec![
                Span::styled(marker, theme.error),
                Span::styled(part, style),
            ]));
            first = false;
        }
    }
    let scroll = selected_line.saturating_sub(inner_height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.overlay)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        rect,
    );
}

/// The screen until the first load finishes: the file, a progress bar, how to quit.
pub fn loading(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    let name = app.origin.name();
    let progress = app.loading.unwrap_or_default();
    let rect = centered(area, area.width.saturating_sub(4).clamp(1, 72), 5);
    let waiting = app.loading.is_none() && !app.problems.is_empty();
    let title = if waiting {
        format!(" {} has problems ", sanitize(&name))
    } else {
        format!(" Loading {} ", sanitize(&name))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    if waiting {
        let text = format!(
            "fix them and save: it opens as soon as it loads ({} shows them, {} quits)",
            main_key(Context::Global, Action::ShowProblems),
            main_key(Context::Global, Action::Quit)
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let gauge_area = Rect { height: 1, ..inner };
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme.passage)
            .ratio(progress.fraction().clamp(0.0, 1.0))
            .label(detail(&progress)),
        gauge_area,
    );
    if inner.height >= 3 {
        let hint = format!("{} to quit", main_key(Context::Global, Action::Quit));
        frame.render_widget(
            Paragraph::new(hint)
                .style(theme.dim)
                .wrap(Wrap { trim: true }),
            Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            },
        );
    }
}

/// `12.3 of 40.0 MB parsed · sources 3/50`.
pub fn detail(p: &Progress) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = |b: u64| b as f64 / 1_000_000.0;
    let mut text = if p.bytes_total > 0 {
        format!(
            "{:.1} of {:.1} MB parsed",
            mb(p.bytes_done),
            mb(p.bytes_total)
        )
    } else {
        "reading".to_string()
    };
    if p.sources_total > 0 {
        let _ = write!(text, " · sources {}/{}", p.sources_done, p.sources_total);
    }
    text
}
