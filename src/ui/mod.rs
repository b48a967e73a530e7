//! Drawing: `render(frame, &app)` reads the state and draws it, nothing else.
//!
//! No I/O, no searching, no wrapping of whole documents happens here: the app state already
//! holds the filtered view, the wrapped source lines and the scroll positions, and each pane
//! builds only the rows that fit on screen. Every string from the data goes through
//! [`crate::text::sanitize`] before it reaches a cell. Every key name it shows is asked of the
//! keymap ([`main_key`], [`crate::app::keymap::keys_for`]), never typed into a string here.

mod event;
mod lanes;
mod overlay;
mod problems;
mod source;
mod status;
mod strip;
pub mod theme;
mod timeline;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::app::keymap::{Context, keys_for};
use crate::app::{Action, App, Focus, Mode, layout};
use theme::Theme;

/// Draws the whole viewer for the current state.
pub fn render(frame: &mut Frame<'_>, app: &App) {
    let theme = Theme::for_app(app.monochrome);
    let areas = layout::areas_for(frame.area(), app.focus, app.lanes.view(&app.chronology));
    if areas.too_small {
        let text = format!(
            "terminal too small: enlarge to at least {}×{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), frame.area());
        return;
    }
    if !app.loaded {
        problems::loading(frame, app, theme);
        if let Mode::Problems { selected } = &app.mode {
            problems::render(frame, app, *selected, theme);
        }
        return;
    }
    if app.lanes.on {
        lanes::render(frame, app, areas.timeline, theme);
    } else {
        timeline::render(frame, app, areas.timeline, theme);
    }
    if let Some(strip) = crate::app::lanes::strip_area(&areas) {
        strip::render(frame, app, strip, theme);
    }
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
        Mode::Picker(picker) => overlay::picker(frame, picker, theme),
        Mode::Problems { selected } => problems::render(frame, app, *selected, theme),
        Mode::Prompt(_) | Mode::Normal => {}
    }
}

/// The main key for `action` in `context`, as hints name it; empty when nothing is bound.
fn main_key(context: Context, action: Action) -> String {
    keys_for(context, action)
        .into_iter()
        .next()
        .unwrap_or_default()
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

/// `text` cut into spans at the edges of each layer's ranges; each piece takes the styles of
/// the layers covering it, later layers patched over earlier ones. Pieces are sanitised.
fn layered<'a>(
    text: &str,
    span: std::ops::Range<usize>,
    base: ratatui::style::Style,
    layers: &[(&[std::ops::Range<usize>], ratatui::style::Style)],
) -> Vec<ratatui::text::Span<'a>> {
    let mut cuts = vec![span.start, span.end];
    for (ranges, _) in layers {
        for r in *ranges {
            for edge in [r.start, r.end] {
                if edge > span.start && edge < span.end {
                    cuts.push(edge);
                }
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1])?;
            let mut style = base;
            for (ranges, layer) in layers {
                if ranges.iter().any(|r| r.start <= w[0] && w[1] <= r.end) {
                    style = style.patch(*layer);
                }
            }
            Some(ratatui::text::Span::styled(
                crate::text::sanitize(piece).into_owned(),
                style,
            ))
        })
        .collect()
}
