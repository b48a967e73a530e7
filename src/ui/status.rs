//! The status bar: where you are, the active filter, a message, and key hints from the keymap.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::{App, keymap};
use crate::text::sanitize;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let mut left = if app.visible.is_empty() {
        " no events ".to_string()
    } else {
        format!(" event {}/{} ", app.selected + 1, app.visible.len())
    };
    if !app.filter.is_empty() {
        let names: Vec<&str> = app
            .filter
            .actors
            .iter()
            .filter_map(|&a| app.chronology.actors.get(a).map(|a| a.name.as_str()))
            .chain(app.filter.tags.iter().map(String::as_str))
            .collect();
        let _ = write!(left, "│ filter: {} ", sanitize(&names.join(", ")));
    }
    let mut spans = vec![Span::styled(left.clone(), theme.status)];
    let mut used = left.width();
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
