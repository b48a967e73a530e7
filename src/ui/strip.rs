//! The overview strip: the whole filtered chronology in two rows (three with periods). The first
//! row is the density of events per column (`▁`…`█`, scaled to the busiest column), the part in
//! view bracketed (`[`…`]`, brighter between) and the selected event marked `◆`; the last row
//! holds the ticks (years, or months or days for a short chronology) from the same axis as the
//! lanes. When the chronology has periods, a row between them draws each as a band (`├───┤`,
//! `◂`/`▸` where it goes on past the strip), titled inside it, after it or before it where the
//! title fits; a period nested in a longer one is drawn over it.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::truncate;
use crate::app::App;
use crate::app::lanes::bands::Band;
use crate::app::lanes::ticks;
use crate::text::sanitize;

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
    let span = app.minutes_in_view().map(|(a, b)| {
        let column = |m: i64| view.column(m, width).clamp(-1, i64::from(width));
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
    // The periods' row, when the layout gave the strip one; the ticks always go last.
    if area.height > 2 {
        let bands = app.strip_bands(width);
        for &band in &bands {
            draw_band(buf, area.x, area.y + 1, band, theme);
        }
        for &band in &bands {
            let title = sanitize(&app.chronology.periods[band.period].title);
            label_band(buf, area, band, &title, theme);
        }
    }
    if area.height > 1 {
        let y = area.y + area.height.min(3) - 1;
        for t in ticks(&view, width) {
            buf.set_string(area.x + t.column, y, &t.label, theme.dim);
        }
    }
}

/// One period's band on row `y`: its ends (`├` `┤`, or `◂` `▸` where it goes on past the
/// strip) and a rule between.
fn draw_band(buf: &mut Buffer, x: u16, y: u16, band: Band, theme: &Theme) {
    for c in band.from..=band.to {
        let ch = match c {
            _ if band.from == band.to => '│',
            _ if c == band.from && band.open_before => '◂',
            _ if c == band.from => '├',
            _ if c == band.to && band.open_after => '▸',
            _ if c == band.to => '┤',
            _ => '─',
        };
        if let Some(cell) = buf.cell_mut(Position::new(x.saturating_add(c), y)) {
            cell.set_char(ch).set_style(theme.period);
        }
    }
}

/// Fewest columns a title is given, `…` included: less says nothing.
const MIN_LABEL: usize = 4;

/// A band's title where it is read whole: inside its ends, else in the blank cells just after
/// the band, else just before it; where it fits nowhere whole, cut with `…` to the largest of
/// those places, if that leaves at least [`MIN_LABEL`] columns.
fn label_band(buf: &mut Buffer, area: Rect, band: Band, title: &str, theme: &Theme) {
    let y = area.y + 1;
    let blank = |c: u16| {
        buf.cell(Position::new(area.x + c, y))
            .is_some_and(|cell| cell.symbol() == " ")
    };
    // The room in each place, with a space kept on each side of the title.
    let inside = usize::from(band.to.saturating_sub(band.from)).saturating_sub(3);
    let after = (band.to + 1..area.width)
        .take_while(|&c| blank(c))
        .count()
        .saturating_sub(2);
    let before = (0..band.from)
        .rev()
        .take_while(|&c| blank(c))
        .count()
        .saturating_sub(2);
    let places = [
        (inside, Place::Inside),
        (after, Place::After),
        (before, Place::Before),
    ];
    let whole = title.width();
    let Some(&(room, place)) = places.iter().find(|&&(room, _)| room >= whole).or_else(|| {
        places
            .iter()
            .filter(|&&(room, _)| room >= MIN_LABEL)
            .max_by_key(|p| p.0)
    }) else {
        return;
    };
    let label = truncate(title, room);
    let used = u16::try_from(label.width()).unwrap_or(u16::MAX);
    let at = match place {
        Place::Inside => band.from + 2,
        Place::After => band.to + 2,
        Place::Before => band.from.saturating_sub(used + 1),
    };
    buf.set_string(area.x + at, y, &label, theme.period);
}

/// Where a band's title goes.
#[derive(Clone, Copy)]
enum Place {
    Inside,
    After,
    Before,
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
