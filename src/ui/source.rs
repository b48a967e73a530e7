//! The source pane: the cited document, wrapped, with the current passage highlighted, the
//! passages other events cite marked more faintly, and the passage selected to cite over all.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, layered, pane_block, truncate};
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
    let others = other_passages(app, window.clone(), current.as_ref());
    let current: Vec<Range<usize>> = current.into_iter().collect();
    let hits = &app.highlights.source;
    let first_hit = hits.partition_point(|r| r.end <= window.start);
    let last_hit = hits.partition_point(|r| r.start < window.end);
    let selected: Vec<Range<usize>> = app.selected_passage().into_iter().collect();
    let layers = [
        (others.as_slice(), theme.other_passage),
        (current.as_slice(), theme.passage),
        (&hits[first_hit..last_hit.max(first_hit)], theme.search_hit),
        (selected.as_slice(), theme.selection),
    ];
    let lines: Vec<Line<'_>> = shown
        .iter()
        .map(|line| Line::from(layered(&source.text, line.clone(), Style::new(), &layers)))
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
    app.chronology
        .passages_in(source, window.clone())
        .iter()
        .filter_map(|r| app.chronology.citation(*r))
        .map(|c| c.range.clone())
        .filter(|r| r.end > window.start && r.start < window.end && Some(r) != current)
        .collect()
}
