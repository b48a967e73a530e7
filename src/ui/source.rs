//! The source pane: the cited document, wrapped, with the current passage highlighted and the
//! passages other events cite marked more faintly.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, pane_block, truncate};
use crate::app::{App, Focus, SOURCE_HEADER_LINES, layout};
use crate::model::Source;
use crate::text::sanitize;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let block = pane_block(Line::from(" Source "), focused(app, Focus::Source), theme);
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some(source) = app
        .source
        .source
        .and_then(|s| app.chronology.sources.get(s))
    else {
        frame.render_widget(Paragraph::new("No source cited.").style(theme.dim), inner);
        return;
    };
    let width = usize::from(inner.width);
    let header_height = SOURCE_HEADER_LINES.min(inner.height);
    let header = Rect {
        height: header_height,
        ..inner
    };
    frame.render_widget(Paragraph::new(header_lines(source, width, theme)), header);
    let text_area = Rect {
        y: inner.y + header_height,
        height: inner.height - header_height,
        ..inner
    };
    let height = usize::from(text_area.height);
    let start = app.source.scroll.min(app.source.lines.len());
    let end = (start + height).min(app.source.lines.len());
    let shown = &app.source.lines[start..end];
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return;
    };
    let window = first.start..last.end;
    let current = app.current_passage();
    let others = other_passages(app, window, current.as_ref());
    let lines: Vec<Line<'_>> = shown
        .iter()
        .map(|line| styled_line(&source.text, line, current.as_ref(), &others, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
}

fn header_lines<'a>(source: &Source, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut details: Vec<String> = Vec::new();
    if let Some(p) = &source.publisher {
        details.push(sanitize(p).into_owned());
    }
    if !source.authors.is_empty() {
        details.push(sanitize(&source.authors.join(", ")).into_owned());
    }
    if let Some(d) = &source.date {
        details.push(d.to_string());
    }
    vec![
        Line::styled(truncate(&sanitize(&source.title), width), theme.title),
        Line::styled(truncate(&details.join(" · "), width), theme.dim),
    ]
}

/// Ranges of passages cited by other citations that overlap the shown window.
fn other_passages(
    app: &App,
    window: Range<usize>,
    current: Option<&Range<usize>>,
) -> Vec<Range<usize>> {
    let Some(source) = app.source.source else {
        return Vec::new();
    };
    let passages = app.chronology.passages_of(source);
    // Passages are sorted by start: skip those starting after the window.
    let upto = passages.partition_point(|r| {
        app.chronology
            .citation(*r)
            .is_some_and(|c| c.range.start < window.end)
    });
    passages[..upto]
        .iter()
        .filter_map(|r| app.chronology.citation(*r))
        .map(|c| c.range.clone())
        .filter(|r| r.end > window.start && Some(r) != current)
        .collect()
}

/// One display line, cut into spans where a passage starts or ends.
fn styled_line<'a>(
    text: &str,
    line: &Range<usize>,
    current: Option<&Range<usize>>,
    others: &[Range<usize>],
    theme: &Theme,
) -> Line<'a> {
    let mut cuts = vec![line.start, line.end];
    for r in current.into_iter().chain(others) {
        for edge in [r.start, r.end] {
            if edge > line.start && edge < line.end {
                cuts.push(edge);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span<'a>> = cuts
        .windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1])?;
            let inside = |r: &Range<usize>| r.start <= w[0] && w[1] <= r.end;
            let style = if current.is_some_and(inside) {
                theme.passage
            } else if others.iter().any(inside) {
                theme.other_passage
            } else {
                ratatui::style::Style::new()
            };
            Some(Span::styled(sanitize(piece).into_owned(), style))
        })
        .collect();
    Line::from(spans)
}
