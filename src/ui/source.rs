//! The source pane: the cited document, wrapped, with the current passage highlighted, the
//! passages other events cite marked more faintly, and the passage selected to cite over all.
//! A PDF's pages are parted by a rule naming each page, and the title says the page the
//! reader is on. Only the lines on screen are built, dividers found by binary search.

use std::fmt::Write as _;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{focused, layered, pane_block, truncate};
use crate::app::{App, Focus, SOURCE_HEADER_LINES, layout, wrap};
use crate::model::{Source, page_label};
use crate::text::sanitize;

pub fn render(frame: &mut Frame<'_>, app: &App, area: Rect, theme: &Theme) {
    let block = pane_block(title(app), focused(app, Focus::Source), theme);
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
    let mut dividers = wrap::dividers_in(&app.source.dividers, start..end).iter();
    let mut divider = dividers.next();
    let lines: Vec<Line<'_>> = (start..)
        .zip(shown)
        .map(|(ix, line)| match divider {
            Some(d) if d.line == ix => {
                divider = dividers.next();
                page_rule(d.page, width, theme)
            }
            _ => Line::from(layered(&source.text, line.clone(), Style::new(), &layers)),
        })
        .collect();
    #[cfg(test)]
    probe::laid_out(lines.len());
    frame.render_widget(Paragraph::new(lines), text_area);
}

/// ` Source `, and for a PDF the page the reader is on (at the top of the view), then the
/// current passage's page when it is another: ` Source · p. 11 · passage on p. 12 `.
fn title(app: &App) -> Line<'static> {
    let Some(pages) = app.pages_in_view() else {
        return Line::from(" Source ");
    };
    let mut title = format!(" Source · {} ", page_label(pages.top));
    if let Some(passage) = pages.passage {
        let _ = write!(title, "· passage on {} ", page_label(passage));
    }
    Line::from(title)
}

/// A page's divider: a dim rule across the pane naming the page below it, `── p. 2 ──────`.
fn page_rule(page: u32, width: usize, theme: &Theme) -> Line<'static> {
    let head = format!("── {} ", page_label(page));
    let rest = width.saturating_sub(head.width());
    Line::styled(
        truncate(&format!("{head}{}", "─".repeat(rest)), width),
        theme.page_rule,
    )
}

/// How many source lines the last frames laid out, so a test can hold drawing to what is on
/// screen however long the document.
#[cfg(test)]
pub(super) mod probe {
    use std::cell::Cell;

    thread_local! {
        static LAID_OUT: Cell<usize> = const { Cell::new(0) };
    }

    pub fn laid_out(lines: usize) {
        LAID_OUT.with(|n| n.set(n.get() + lines));
    }

    /// The lines laid out since the last call.
    pub fn take() -> usize {
        LAID_OUT.with(|n| n.replace(0))
    }
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
    use crate::app::Action;
    use crate::find::Filter;
    use crate::model::{Chronology, Citation, Date, Event, Format, Page};

    /// A PDF of `pages` pages of two lines each, one event citing a passage on its last page.
    fn long_pdf(pages: u32) -> Chronology {
        let mut text = String::new();
        let mut starts = Vec::new();
        for number in 1..=pages {
            starts.push(Page {
                number,
                start: text.len(),
            });
            text.push_str("Some words on a line.\nAnd a second line.\n");
        }
        let end = text.len();
        let mut chronology = Chronology {
            sources: vec![Source {
                title: "Long".into(),
                text: std::sync::Arc::new(text),
                format: Format::Pdf,
                pages: std::sync::Arc::new(starts),
                ..Source::default()
            }],
            events: vec![Event {
                id: "e".into(),
                date: Date::parse("2020").unwrap(),
                title: "E".into(),
                actors: crate::model::Few::new(),
                summary: None,
                tags: crate::model::Few::new(),
                related: crate::model::Few::new(),
                citations: vec![Citation {
                    source: 0,
                    quote: "And a second line.".into(),
                    prefix: None,
                    note: None,
                    range: end - 19..end - 1,
                    page: None,
                    line: None,
                    stance: crate::model::Stance::Supports,
                    review: None,
                }],
                draft: false,
                links: vec![],
            }],
            ..Chronology::default()
        };
        chronology.index_passages();
        chronology
    }

    #[test]
    fn a_frame_lays_out_the_lines_on_screen_however_many_pages() {
        let (w, h) = (80, 24);
        let mut app = App::new(long_pdf(200_000), Filter::default(), Rect::new(0, 0, w, h));
        app.update(Action::OpenSource);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        let shown = usize::from(app_text_height(&app));
        assert!(shown > 5, "the pane shows some text: {shown}");
        assert!(app.source.dividers.len() == 199_999);
        probe::take();
        for action in [
            Action::ScrollTop,
            Action::ScrollPageDown,
            Action::ScrollBottom,
        ] {
            app.update(action);
            terminal
                .draw(|frame| crate::ui::render(frame, &app))
                .unwrap();
            assert_eq!(probe::take(), shown, "after {action:?}");
        }
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect();
        assert!(screen.contains("── p. 200000 ──"));
        assert!(
            screen.contains("Source · p. 199997 · passage on p. 200000"),
            "{screen}"
        );
    }

    /// The rows the source pane gives its text.
    fn app_text_height(app: &App) -> u16 {
        layout::inner(app.areas.source)
            .height
            .saturating_sub(SOURCE_HEADER_LINES)
    }

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
