//! The overview strip: the whole filtered chronology in two rows. The first row is the density
//! of events per column (`▁`…`█`, scaled to the busiest column), the part in view bracketed
//! (`[`…`]`, brighter between) and the selected event marked `◆`; the second row holds the ticks
//! (years, or months or days for a short chronology) from the same axis as the lanes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};

use super::theme::Theme;
use crate::app::App;
use crate::app::lanes::ticks;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The block for `n` events when the busiest column has `max`: nothing for none, at least the
/// lowest block for one.
fn level(n: usize, max: usize) -> char {
    if n == 0 || max == 0 {
        return ' ';
    }
    LEVELS[(n * LEVELS.len()).div_ceil(max).clamp(1, LEVELS.len()) - 1]
}

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let width = area.width;
    let (Some(view), density) = (app.lanes.fit(width), app.strip_density(width)) else {
        return;
    };
    let max = density.iter().copied().max().unwrap_or(0);
    let span = app.days_in_view().map(|(a, b)| {
        let column = |d: i64| {
            let d = i32::try_from(d).unwrap_or(if d < 0 { i32::MIN } else { i32::MAX });
            view.column(d, width).clamp(-1, i64::from(width))
        };
        (column(a), column(b))
    });
    let selected = app.selected_mark().map(|d| view.column(d, width));
    let buf = frame.buffer_mut();
    for (c, &n) in density.iter().enumerate() {
        let column = i64::try_from(c).unwrap_or(i64::MAX);
        let inside = span.is_some_and(|(a, b)| (a..=b).contains(&column));
        let (ch, style) = match span {
            _ if selected == Some(column) => ('◆', theme.selected),
            Some((a, _)) if column == a - 1 => ('[', theme.strip_view),
            Some((_, b)) if column == b + 1 => (']', theme.strip_view),
            _ if inside => (level(n, max), theme.strip_view),
            _ => (level(n, max), theme.strip),
        };
        let x = area.x + u16::try_from(c).unwrap_or(u16::MAX);
        if let Some(cell) = buf.cell_mut(Position::new(x, area.y)) {
            cell.set_char(ch).set_style(style);
        }
    }
    if area.height > 1 {
        for t in ticks(&view, width) {
            buf.set_string(area.x + t.column, area.y + 1, &t.label, theme.dim);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn levels_scale_to_the_busiest_column() {
        assert_eq!(level(0, 5), ' ');
        assert_eq!(level(1, 1000), '▁');
        assert_eq!(level(1000, 1000), '█');
        assert_eq!(level(500, 1000), '▄');
    }
}
