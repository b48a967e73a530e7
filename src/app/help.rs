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

/// What the timeline's marks mean, shown above the keys: (mark, meaning).
pub const LEGEND_TITLE: &str = "Timeline marks";
pub const LEGEND: &[(&str, &str)] = &[
    ("▶", "the selected event"),
    ("○ ▷", "a draft (`draft: true`), dimmed; ▷ when selected"),
    ("!", "contested: a citation contradicts the event"),
    ("¹", "single-sourced: one publisher supports it, or none"),
];

/// One line of the help, before styling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// The legend's heading.
    LegendTitle,
    /// A mark drawn in the timeline and what it means.
    Legend {
        mark: &'static str,
        meaning: &'static str,
    },
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

/// The help's content: one group per context generated from the keymap, the timeline's with
/// the legend of its marks.
pub fn lines() -> Help {
    use unicode_width::UnicodeWidthStr;
    let rows = keymap::help_rows();
    let key_width = rows
        .iter()
        .map(|r| r.1.width())
        .chain(LEGEND.iter().map(|l| l.0.width()))
        .max()
        .unwrap_or(0);
    let description_width = rows
        .iter()
        .map(|r| r.2.width())
        .chain(LEGEND.iter().map(|l| l.1.width()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    let mut last: Option<Context> = None;
    for (context, keys, description) in rows {
        if last != Some(context) {
            if last == Some(Context::Timeline) {
                push_legend(&mut lines);
            }
            if last.is_some() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(context));
            last = Some(context);
        }
        lines.push(HelpLine::Binding { keys, description });
    }
    if last == Some(Context::Timeline) {
        push_legend(&mut lines);
    }
    Help {
        lines,
        key_width,
        description_width,
    }
}

/// The legend, at the end of the timeline's keys: the help opens there from the timeline, so
/// what its marks mean is in view with them.
fn push_legend(lines: &mut Vec<HelpLine>) {
    lines.push(HelpLine::Blank);
    lines.push(HelpLine::LegendTitle);
    lines.extend(
        LEGEND
            .iter()
            .map(|&(mark, meaning)| HelpLine::Legend { mark, meaning }),
    );
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

/// The scroll that puts `context`'s heading at the top (as far as the scroll goes): the help
/// opens at the keys of the pane the reader is in.
pub fn scroll_to(screen: Rect, help: &Help, context: Context) -> usize {
    let at = help
        .lines
        .iter()
        .position(|l| *l == HelpLine::Heading(context))
        .unwrap_or(0);
    at.min(max_scroll(screen, help))
}

impl App {
    /// Opens the help at the section of the focused pane.
    pub(super) fn open_help(&mut self) {
        self.mode = Mode::Help {
            scroll: scroll_to(self.size, &lines(), self.pane_context()),
        };
    }

    pub(super) fn update_help(&mut self, scroll: usize, action: Action) {
        let help = lines();
        // A page is what the overlay shows less a line kept for context, as in the source pane.
        let shown = usize::from(layout::inner(area(self.size, &help)).height);
        let page = shown.saturating_sub(1).max(1);
        let scroll = match action {
            Action::ToggleHelp | Action::Close => return,
            Action::ScrollDown | Action::WheelDown(..) => scroll.saturating_add(1),
            Action::ScrollUp | Action::WheelUp(..) => scroll.saturating_sub(1),
            Action::ScrollPageDown => scroll.saturating_add(page),
            Action::ScrollPageUp => scroll.saturating_sub(page),
            Action::ScrollTop => 0,
            Action::ScrollBottom => usize::MAX,
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
        let max = max_scroll(self.size, &help);
        self.mode = Mode::Help {
            scroll: scroll.min(max),
        };
    }
}
