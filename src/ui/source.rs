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

/// The title, then a line of details. A source with an address (`url:`, `archived:`) shows it
/// right after the publisher and date, before the authors, so it is what a narrow pane still
/// shows: the published page and its archived copy are the first thing an editor checks.
fn header_lines<'a>(source: &Source, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut details: Vec<String> = Vec::new();
    if let Some(p) = &source.publisher {
        details.push(sanitize(p).into_owned());
    }
    let authors =
        (!source.authors.is_empty()).then(|| sanitize(&source.authors.join(", ")).into_owned());
    let addressed = source.url.is_some() || source.archived.is_some();
    if !addressed && let Some(authors) = &authors {
        details.push(authors.clone());
    }
    if let Some(d) = &source.date {
        details.push(d.to_string());
    }
    if let Some(url) = &source.url {
        details.push(sanitize(url).into_owned());
    }
    if let Some(archived) = &source.archived {
        details.push(format!("archived {}", sanitize(archived)));
    }
    if let Some(accessed) = &source.accessed {
        details.push(format!("accessed {accessed}"));
    }
    if addressed && let Some(authors) = authors {
        details.push(authors);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn details(source: &Source) -> String {
        header_lines(source, 300, &Theme::MONOCHROME)[1].to_string()
    }

    #[test]
    fn the_details_line_puts_the_addresses_before_the_authors() {
        let mut source = Source {
            title: "T".into(),
            publisher: Some("Reuters".into()),
            authors: vec!["A".into(), "B".into()],
            date: Date::parse("2024-01").ok(),
            ..Source::default()
        };
        assert_eq!(details(&source), "Reuters · A, B · Jan 2024");
        source.url = Some("https://example.org/a".into());
        source.archived = Some("https://web.archive.org/web/2024/x".into());
        source.accessed = Date::parse("2024-01-05").ok();
        assert_eq!(
            details(&source),
            "Reuters · Jan 2024 · https://example.org/a · archived https://web.archive.org/web/2024/x · accessed 5 Jan 2024 · A, B"
        );
    }
}
