//! The lanes pane: tick labels over the plot, one row per lane with its name, and in each cell
//! the glyph of what the lane model says the cell holds. Marks (`●` a certain day, `○` an
//! uncertain one, a digit for several), bars (`━`) and fades (`░`) differ by glyph as well as
//! colour, so `NO_COLOR` keeps them apart; the selection is drawn in the selection's style.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, pane_block, truncate};
use crate::app::lanes::axis::{DAY_FLOOR, MINUTES_PER_DAY, date_of};
use crate::app::lanes::{Cell, Grouping, Viewport, ticks};
use crate::app::{App, Focus, layout};
use crate::text::sanitize;

/// The glyph and style of one cell.
fn glyph(cell: Cell, grid: bool, theme: &Theme) -> (char, Style) {
    let (c, style) = match cell.marks {
        0 if cell.bar => ('━', theme.lane_bar),
        0 if cell.fade => ('░', theme.lane_fade),
        0 if grid => ('·', theme.lane_grid),
        0 => (' ', Style::new()),
        1 if cell.exact => ('●', theme.lane_mark),
        1 => ('○', theme.lane_mark),
        n => (
            char::from_digit(u32::try_from(n).unwrap_or(10), 10).unwrap_or('+'),
            theme.lane_count,
        ),
    };
    let style = if cell.selected {
        theme.selected
    } else if cell.hit && cell.marks > 0 {
        theme.search_hit
    } else {
        style
    };
    (c, style)
}

/// The dates the viewport spans, at the precision its width calls for: to the minute within
/// two days of a chronology with times.
fn range_label(view: &Viewport) -> String {
    let (a, b) = view.day_range();
    let (a, b) = (date_of(a), date_of(b));
    let days = view.span / MINUTES_PER_DAY;
    if view.floor < DAY_FLOOR && days < 2 {
        let clock = |m: i64| {
            let m = m.rem_euclid(MINUTES_PER_DAY);
            format!("{:02}:{:02}", m / 60, m % 60)
        };
        let end = view.start + view.span - 1;
        return format!(
            "{} {} – {} {}",
            a.format("%-d %b %Y"),
            clock(view.start),
            b.format("%-d %b %Y"),
            clock(end)
        );
    }
    let fmt = if days >= 3 * 365 {
        "%Y"
    } else if days >= 60 {
        "%b %Y"
    } else {
        "%-d %b %Y"
    };
    format!("{} – {}", a.format(fmt), b.format(fmt))
}

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let lanes = &app.lanes;
    let inner = layout::inner(area);
    let g = lanes.geometry(inner);
    let width = g.plot.width;
    let view = lanes.viewport(width.max(1));
    let by = match lanes.grouping {
        Grouping::Actors => "actor",
        Grouping::Tags => "tag",
    };
    let title = match &view {
        Some(view) => format!(" Lanes by {by} — {} ", range_label(view)),
        None => format!(" Lanes by {by} "),
    };
    let mut bottom = Vec::new();
    let left_out = lanes.left_out(g.rows());
    if left_out > 0 {
        bottom.push(format!("{left_out} more {by}s not shown"));
    }
    if lanes.index.undated > 0 {
        bottom.push(format!("{} undated", lanes.index.undated));
    }
    let mut block = pane_block(Line::from(title), focused(app, Focus::Timeline), theme);
    if !bottom.is_empty() {
        block = block.title_bottom(format!(" {} ", bottom.join(" · ")));
    }
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(view) = view.filter(|_| width > 0 && !lanes.index.lanes.is_empty()) else {
        let text = if app.visible.is_empty() {
            "No events match the filter."
        } else {
            "No dated events to place in time."
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim), inner);
        return;
    };
    let buf = frame.buffer_mut();
    let ticks = ticks(&view, width);
    let mut grid = vec![false; usize::from(width)];
    for t in &ticks {
        grid[usize::from(t.column)] = true;
        buf.set_string(g.axis.x + t.column, g.axis.y, &t.label, theme.dim);
    }
    let selected = app.current_event();
    for lane in 0..g.rows() {
        let y = g.plot.y + u16::try_from(lane).unwrap_or(u16::MAX);
        let current = lane == lanes.lane;
        let name = sanitize(lanes.name(&app.chronology, lane));
        let room = usize::from(g.labels.width.saturating_sub(2));
        let label = format!(
            "{}{}",
            if current { '▸' } else { ' ' },
            truncate(&name, room)
        );
        let style = if current { theme.heading } else { theme.label };
        buf.set_stringn(g.labels.x, y, label, usize::from(g.labels.width), style);
        let cells = lanes.cells(&app.chronology, &app.clock, lane, width, selected);
        for (c, cell) in cells.into_iter().enumerate() {
            let (ch, style) = glyph(cell, grid[c], theme);
            let x = g.plot.x + u16::try_from(c).unwrap_or(u16::MAX);
            if let Some(target) = buf.cell_mut(Position::new(x, y)) {
                target.set_char(ch).set_style(style);
            }
        }
    }
}
