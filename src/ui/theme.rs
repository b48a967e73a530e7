//! Every style the viewer uses, in one place. `NO_COLOR` swaps in a monochrome theme where the
//! highlight stays visible through reverse video, bold and underline.
//!
//! Secondary text (borders, dates' gaps, actors, hints, drafts, the lanes' fades and guides) is
//! the terminal's own foreground dimmed, never ANSI colour 8 ("bright black", `DarkGray`):
//! Solarized and themes like it make colour 8 the background, and the text vanished.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub year: Style,
    pub gap: Style,
    pub date: Style,
    pub actors: Style,
    pub selected: Style,
    pub label: Style,
    pub dim: Style,
    /// The current citation's passage in the source.
    pub passage: Style,
    /// Passages of the same source cited elsewhere.
    pub other_passage: Style,
    pub current_citation: Style,
    pub status: Style,
    pub status_key: Style,
    pub message: Style,
    pub overlay: Style,
    pub heading: Style,
    /// Where the search query occurs.
    pub search_hit: Style,
    /// The passage selected to cite: drawn over every other mark.
    pub selection: Style,
    /// A draft event's row in the timeline.
    pub draft: Style,
    pub prompt: Style,
    pub error: Style,
    /// Lanes: one event's mark, a count of several, an interval's bar, a span a date leaves open,
    /// the tick guides. Their glyphs differ too, so `NO_COLOR` keeps them apart.
    pub lane_mark: Style,
    pub lane_count: Style,
    pub lane_bar: Style,
    pub lane_fade: Style,
    pub lane_grid: Style,
    /// The overview strip's density, and the part of it in view.
    pub strip: Style,
    pub strip_view: Style,
    /// The periods' bands on the strip.
    pub period: Style,
    /// The rule between a PDF's pages in the source pane: there, not in the way of the text.
    pub page_rule: Style,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        border: Style::new().add_modifier(Modifier::DIM),
        border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        title: Style::new().add_modifier(Modifier::BOLD),
        year: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        gap: Style::new().add_modifier(Modifier::DIM.union(Modifier::ITALIC)),
        date: Style::new().fg(Color::Cyan),
        actors: Style::new().add_modifier(Modifier::DIM),
        selected: Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        label: Style::new().fg(Color::Cyan),
        dim: Style::new().add_modifier(Modifier::DIM),
        passage: Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD),
        other_passage: Style::new()
            .fg(Color::Yellow)
            .add_modifier(Modifier::UNDERLINED),
        current_citation: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        // Reverse video of the terminal's own colours: a band on every theme (colour 8 as the
        // background vanished into Solarized's).
        status: Style::new().add_modifier(Modifier::REVERSED),
        status_key: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
        message: Style::new().fg(Color::Black).bg(Color::Yellow),
        overlay: Style::new(),
        heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        search_hit: Style::new()
            .fg(Color::Black)
            .bg(Color::Magenta)
            .add_modifier(Modifier::BOLD),
        selection: Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::UNDERLINED)
            .remove_modifier(Modifier::BOLD.union(Modifier::ITALIC)),
        draft: Style::new().add_modifier(Modifier::DIM.union(Modifier::ITALIC)),
        prompt: Style::new().fg(Color::White),
        error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        lane_mark: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        lane_count: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        lane_bar: Style::new().fg(Color::Cyan),
        lane_fade: Style::new().add_modifier(Modifier::DIM),
        lane_grid: Style::new().add_modifier(Modifier::DIM),
        strip: Style::new().fg(Color::Cyan),
        strip_view: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
        period: Style::new().fg(Color::Magenta),
        page_rule: Style::new().add_modifier(Modifier::DIM),
    };

    pub const MONOCHROME: Theme = Theme {
        border: Style::new(),
        border_focused: Style::new().add_modifier(Modifier::BOLD),
        title: Style::new().add_modifier(Modifier::BOLD),
        year: Style::new().add_modifier(Modifier::BOLD),
        gap: Style::new().add_modifier(Modifier::DIM),
        date: Style::new(),
        actors: Style::new().add_modifier(Modifier::DIM),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        label: Style::new().add_modifier(Modifier::BOLD),
        dim: Style::new().add_modifier(Modifier::DIM),
        passage: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
        other_passage: Style::new().add_modifier(Modifier::UNDERLINED),
        current_citation: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        status: Style::new().add_modifier(Modifier::REVERSED),
        status_key: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
        message: Style::new().add_modifier(Modifier::BOLD),
        overlay: Style::new(),
        heading: Style::new().add_modifier(Modifier::BOLD),
        search_hit: Style::new().add_modifier(
            Modifier::REVERSED
                .union(Modifier::UNDERLINED)
                .union(Modifier::ITALIC),
        ),
        selection: Style::new()
            .add_modifier(Modifier::REVERSED.union(Modifier::UNDERLINED))
            .remove_modifier(Modifier::BOLD.union(Modifier::ITALIC)),
        draft: Style::new().add_modifier(Modifier::DIM.union(Modifier::ITALIC)),
        prompt: Style::new(),
        error: Style::new().add_modifier(Modifier::BOLD),
        lane_mark: Style::new().add_modifier(Modifier::BOLD),
        lane_count: Style::new().add_modifier(Modifier::BOLD),
        lane_bar: Style::new(),
        lane_fade: Style::new().add_modifier(Modifier::DIM),
        lane_grid: Style::new().add_modifier(Modifier::DIM),
        strip: Style::new(),
        strip_view: Style::new().add_modifier(Modifier::BOLD),
        period: Style::new(),
        page_rule: Style::new().add_modifier(Modifier::DIM),
    };

    pub fn for_app(monochrome: bool) -> &'static Theme {
        if monochrome {
            &Theme::MONOCHROME
        } else {
            &Theme::COLOR
        }
    }
}
