//! The help overlay: its lines, where it is drawn, and how far it scrolls.
//!
//! The renderer draws [`lines`] into [`area`], and `update` stops the scroll at [`max_scroll`],
//! computed from the same two functions: the last drawn line is the last one the scroll can
//! reach, and a key back up moves the view at once. (The limit was once guessed from the size
//! of the keymap, and ran past the end.)

use ratatui::layout::Rect;

use super::keymap::{self, Context};
use super::{Action, App, Mode, layout};

/// Columns beside the key column and the description: two borders, the indent and the gap.
const FRAME_WIDTH: usize = 2 + 2 + 2;

/// One line of the help, before styling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A context's title, above its bindings.
    Heading(Context),
    /// One binding: its keys as text and what the action does.
    Binding {
        keys: String,
        description: &'static str,
    },
    /// Between contexts.
    Blank,
}

/// The help's lines and the width of its key column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Help {
    pub lines: Vec<HelpLine>,
    pub key_width: usize,
    /// The longest description, in columns: the overlay is as wide as its widest line (or the
    /// screen, when narrower), so no description is cut where there is room.
    pub description_width: usize,
}

/// The help's content, generated from the keymap: one group per context.
pub fn lines() -> Help {
    let rows = keymap::help_rows();
    let key_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let description_width = rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(r.2))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    let mut last: Option<Context> = None;
    for (context, keys, description) in rows {
        if last != Some(context) {
            if last.is_some() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(context));
            last = Some(context);
        }
        lines.push(HelpLine::Binding { keys, description });
    }
    Help {
        lines,
        key_width,
        description_width,
    }
}

/// The overlay's rectangle on a screen of `screen`, borders included.
pub fn area(screen: Rect, help: &Help) -> Rect {
    let width =
        u16::try_from(help.key_width + help.description_width + FRAME_WIDTH).unwrap_or(u16::MAX);
    let height = u16::try_from(help.lines.len() + 2).unwrap_or(u16::MAX);
    layout::centered(screen, width, height)
}

/// The largest scroll that still fills the overlay: the last line at its bottom edge.
pub fn max_scroll(screen: Rect, help: &Help) -> usize {
    let shown = usize::from(layout::inner(area(screen, help)).height);
    help.lines.len().saturating_sub(shown)
}

impl App {
    pub(super) fn update_help(&mut self, scroll: usize, action: Action) {
        let scroll = match action {
            Action::ToggleHelp | Action::Close => return,
            Action::ScrollDown | Action::WheelDown(..) => scroll.saturating_add(1),
            Action::ScrollUp | Action::WheelUp(..) => scroll.saturating_sub(1),
            Action::Quit => {
                self.should_quit = true;
                scroll
            }
            Action::Resize(w, h) => {
                self.resize(w, h);
                scroll
            }
            _ => scroll,
        };
        let max = max_scroll(self.size, &lines());
        self.mode = Mode::Help {
            scroll: scroll.min(max),
        };
    }
}
