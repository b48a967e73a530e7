//! Drawing: `render(frame, &app)` reads the state and draws it, nothing else.
//!
//! No I/O, no searching, no wrapping of whole documents happens here: the app state already
//! holds the filtered view, the wrapped source lines and the scroll positions, and each pane
//! builds only the rows that fit on screen. Every string from the data goes through
//! [`crate::text::sanitize`] before it reaches a cell.

mod event;
mod overlay;
mod source;
mod status;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::app::{App, Focus, Mode, layout};
use theme::Theme;

/// Draws the whole viewer for the current state.
pub fn render(frame: &mut Frame<'_>, app: &App) {
    let theme = Theme::for_app(app.monochrome);
    let areas = layout::areas(frame.area(), app.focus);
    if areas.too_small {
        let text = format!(
            "terminal too small: enlarge to at least {}×{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), frame.area());
        return;
    }
    timeline::render(frame, app, areas.timeline, theme);
    if areas.shows(Focus::Event) {
        event::render(frame, app, areas.event, theme);
    }
    if areas.shows(Focus::Source) {
        source::render(frame, app, areas.source, theme);
    }
    status::render(frame, app, areas.status, theme);
    match &app.mode {
        Mode::Help { scroll } => overlay::help(frame, *scroll, theme),
        Mode::Chooser(chooser) => overlay::chooser(frame, app, chooser, theme),
        Mode::Normal => {}
    }
}

/// A pane's frame, marked when focused.
fn pane_block<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let (style, border) = if focused {
        (theme.border_focused, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(border)
        .border_style(style)
        .title(title)
}

fn focused(app: &App, pane: Focus) -> bool {
    app.focus == pane && matches!(app.mode, Mode::Normal)
}

/// Cuts a string to `width` display columns, ending in `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = crate::app::wrap::char_width(c);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A rectangle centred in `area`, at most `width`×`height`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
