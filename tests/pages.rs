//! How a PDF's pages and a web page's lines show: the dividers between pages in the source
//! pane, `:` taking a page there, "p. 12" in the panes, the reports and the TimelineJS export,
//! and `e` opening a web page at the line where its passage begins.
//!
//! The chronology is built by hand (the loader's reading of PDFs is tested elsewhere): a
//! 14-page PDF, a web page whose citation carries a line (and a stray page, which must not
//! show), and a text file.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

mod common;

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use common::{draw, press, text, type_text};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use sourceline::export::{self, GroupBy};
use sourceline::model::{Chronology, Citation, Date, Event, Format, Page, Source};
use sourceline::{App, Filter, Focus, Mode, Origin, Request};

const PAGES: u32 = 14;

/// The PDF's reader text, three lines a page, and where each page begins.
fn pdf_text() -> (String, Vec<Page>) {
    let mut text = String::new();
    let mut pages = Vec::new();
    for number in 1..=PAGES {
        pages.push(Page {
            number,
            start: text.len(),
        });
        let _ = write!(
            text,
            "Page {number} opens here.\nLine two of page {number} has words.\nLine three of page {number}.\n"
        );
    }
    (text, pages)
}

/// A web page's reader text: a headline, the passage, then sixty lines more.
fn html_text() -> String {
    let mut text = String::from("Headline\nThe minister said no.\nMore text follows.\n");
    for n in 1..=60 {
        let _ = writeln!(text, "Filler line {n}.");
    }
    text
}
const PLAIN_TEXT: &str = "alpha\nbeta gamma\ndelta\n";

fn range_of(text: &str, quote: &str) -> Range<usize> {
    let at = text.find(quote).expect("the quote is in the text");
    at..at + quote.len()
}

fn citation(source: usize, text: &str, quote: &str) -> Citation {
    Citation {
        source,
        quote: quote.into(),
        prefix: None,
        note: None,
        range: range_of(text, quote),
        page: None,
        line: None,
        stance: sourceline::model::Stance::Supports,
        review: None,
    }
}

fn event(id: &str, date: &str, citations: Vec<Citation>) -> Event {
    Event {
        id: id.into(),
        date: Date::parse(date).unwrap(),
        title: format!("Event {id}"),
        actors: sourceline::model::Few::new(),
        summary: None,
        tags: sourceline::model::Few::new(),
        related: sourceline::model::Few::new(),
        citations,
        draft: false,
        links: vec![],
    }
}

/// Events in date order: `pdf-12` (p. 12, as the loader found it), `pdf-3` (p. 3, left for the
/// model to work out), `html` (line 42 of the file, and a page that a web page cannot have),
/// `text`, `html-2` (further down the web page, line 90).
fn chronology() -> Chronology {
    let (pdf, pages) = pdf_text();
    let mut on_12 = citation(0, &pdf, "Line two of page 12 has words");
    on_12.page = Some(12);
    let on_3 = citation(0, &pdf, "Line three of page 3.");
    let html = html_text();
    let mut in_html = citation(1, &html, "The minister said no.");
    in_html.line = Some(42);
    in_html.page = Some(7);
    let mut further_down = citation(1, &html, "Filler line 30.");
    further_down.line = Some(90);
    let in_text = citation(2, PLAIN_TEXT, "beta gamma");
    let mut chronology = Chronology {
        title: "Pages".into(),
        sources: vec![
            Source {
                id: "un-report".into(),
                title: "Annual report".into(),
                publisher: Some("UN".into()),
                path: "un-report.pdf".into(),
                text: Arc::new(pdf),
                format: Format::Pdf,
                pages: Arc::new(pages),
                ..Source::default()
            },
            Source {
                id: "bbc".into(),
                title: "Article".into(),
                publisher: Some("BBC".into()),
                path: "article.html".into(),
                text: Arc::new(html),
                format: Format::Html,
                ..Source::default()
            },
            Source {
                id: "notes".into(),
                title: "Notes".into(),
                path: "notes.txt".into(),
                text: Arc::new(PLAIN_TEXT.into()),
                ..Source::default()
            },
        ],
        events: vec![
            event("pdf-12", "2020-01-01", vec![on_12]),
            event("pdf-3", "2020-02-01", vec![on_3]),
            event("html", "2020-03-01", vec![in_html]),
            event("text", "2020-04-01", vec![in_text]),
            event("html-2", "2020-05-01", vec![further_down]),
        ],
        ..Chronology::default()
    };
    chronology.index_passages();
    chronology
}

fn app(width: u16, height: u16) -> App {
    App::new(
        chronology(),
        Filter::default(),
        Rect::new(0, 0, width, height),
    )
}

/// The app with event `id` selected and its passage open in the source pane.
fn reading(id: &str, width: u16, height: u16) -> App {
    let mut app = app(width, height);
    let ix = app.chronology.events.iter().position(|e| e.id == id);
    app.update(sourceline::Action::Select(ix.expect("the event")));
    press(&mut app, "Enter");
    assert_eq!(app.focus, Focus::Source);
    app
}

/// The source pane's text rows, as drawn (inside its border, below the two header lines).
fn source_rows(app: &App) -> Vec<String> {
    let buffer = draw(app, app.size.width, app.size.height)
        .backend()
        .buffer()
        .clone();
    let area = app.areas.source;
    text(&buffer)
        .into_iter()
        .skip(usize::from(area.y) + 3)
        .take(usize::from(area.height.saturating_sub(4)))
        .map(|row| {
            row.chars()
                .skip(usize::from(area.x) + 1)
                .take(usize::from(area.width.saturating_sub(2)))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

fn screen(app: &App) -> Vec<String> {
    text(
        draw(app, app.size.width, app.size.height)
            .backend()
            .buffer(),
    )
}

#[test]
fn a_rule_naming_the_page_parts_each_page_from_the_one_before() {
    let mut app = reading("pdf-12", 100, 40);
    press(&mut app, "g");
    let rows = source_rows(&app);
    assert_eq!(
        rows[0], "Page 1 opens here.",
        "no divider above the first page"
    );
    assert_eq!(rows[2], "Line three of page 1.");
    assert!(rows[3].starts_with("── p. 2 ───"), "{:?}", rows[3]);
    assert_eq!(rows[3].chars().count(), rows[3].trim_end().chars().count());
    assert!(
        rows[3].ends_with('─'),
        "the rule spans the pane: {:?}",
        rows[3]
    );
    assert_eq!(rows[4], "Page 2 opens here.");
    assert!(rows[7].starts_with("── p. 3 "));
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("── p.")).count(),
        rows.len() / 4,
        "one divider every four rows: {rows:#?}"
    );
    // Drawn dim, in the theme's page rule.
    let buffer = draw(&app, 100, 40).backend().buffer().clone();
    let area = app.areas.source;
    let cell = &buffer[(area.x + 1, area.y + 3 + 3)];
    assert_eq!(cell.symbol(), "─");
    assert!(cell.modifier.contains(Modifier::DIM));
}

#[test]
fn the_pdf_source_pane_at_its_passage_80x24() {
    let app = reading("pdf-12", 80, 24);
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn a_passage_under_a_divider_is_in_view_with_the_divider_above_it() {
    let app = reading("pdf-12", 100, 40);
    let rows = source_rows(&app);
    let at = rows
        .iter()
        .position(|r| r == "Line two of page 12 has words.")
        .expect("the passage is on screen");
    assert_eq!(rows[at - 1], "Page 12 opens here.");
    assert!(rows[at - 2].starts_with("── p. 12 "));
    // The passage's highlight covers its text and nothing of the rule.
    let passage = app.current_passage().unwrap();
    let shown = &app.chronology.sources[0].text[passage];
    assert_eq!(shown, "Line two of page 12 has words");
}

#[test]
fn the_event_pane_cites_a_pdf_by_page_and_a_web_page_by_nothing_page_like() {
    let app = reading("pdf-12", 120, 40);
    let screen = screen(&app).join("\n");
    assert!(
        screen.contains("[1/1] UN, p. 12 — “Line two of page 12 has words”"),
        "{screen}"
    );
    // The page the loader left out is worked out from where the passage is.
    let app = reading("pdf-3", 120, 40);
    assert!(screen_has(&app, "[1/1] UN, p. 3 — "));
    let app = reading("html", 120, 40);
    assert!(screen_has(&app, "[1/1] BBC — “The minister said no.”"));
    assert!(!screen_has(&app, "p. 7"), "a web page has no pages");
    assert!(screen_has(&app, "┏ Source ━"), "nor does its pane's title");
}

fn screen_has(app: &App, phrase: &str) -> bool {
    screen(app).iter().any(|l| l.contains(phrase))
}

#[test]
fn the_source_title_says_the_page_in_view_and_the_passage_page() {
    let mut app = reading("pdf-12", 100, 40);
    // The passage is a third of the way down, the end of page 11 above it.
    assert!(screen_has(&app, "┏ Source · p. 11 · passage on p. 12 ━"));
    press(&mut app, "g");
    assert!(
        screen_has(&app, "┏ Source · p. 1 · passage on p. 12 ━"),
        "{:#?}",
        screen(&app)
    );
    press(&mut app, "j j j");
    assert!(
        screen_has(&app, "┏ Source · p. 2 · passage on p. 12 ━"),
        "the divider at the top names its page"
    );
    press(&mut app, "j");
    assert!(screen_has(&app, "┏ Source · p. 2 · passage on p. 12 ━"));
    // The passage's page at the top: said once.
    let mut app = reading("pdf-3", 100, 40);
    press(&mut app, ":");
    type_text(&mut app, "p3");
    press(&mut app, "Enter");
    assert!(screen_has(&app, "┏ Source · p. 3 ━"), "{:#?}", screen(&app));
}

#[test]
fn colon_takes_a_page_in_a_pdf_and_scrolls_to_its_start() {
    let mut app = reading("pdf-12", 100, 40);
    for (typed, page) in [("p2", 2), ("p 5", 5), ("page 9", 9), ("P. 3", 3)] {
        press(&mut app, ":");
        type_text(&mut app, typed);
        press(&mut app, "Enter");
        assert_eq!(app.mode, Mode::Normal, "{typed}");
        let rows = source_rows(&app);
        assert!(
            rows[0].starts_with(&format!("── p. {page} ")),
            "{typed}: {:?}",
            &rows[..2]
        );
        assert_eq!(rows[1], format!("Page {page} opens here."));
        assert!(screen_has(&app, &format!("┏ Source · p. {page} ·")));
    }
    // The first page has no divider: its first line is at the top.
    press(&mut app, ":");
    type_text(&mut app, "p1");
    press(&mut app, "Enter");
    assert_eq!(app.source.scroll, 0);
    // The last pages cannot reach the top: as far as the document scrolls.
    press(&mut app, ":");
    type_text(&mut app, "p14");
    press(&mut app, "Enter");
    assert!(source_rows(&app).contains(&"Page 14 opens here.".to_string()));
}

#[test]
fn a_page_is_taken_from_the_timeline_too_and_focuses_the_source() {
    let mut app = reading("pdf-12", 100, 40);
    press(&mut app, "Esc");
    assert_eq!(app.focus, Focus::Timeline);
    press(&mut app, ":");
    type_text(&mut app, "p4");
    press(&mut app, "Enter");
    assert_eq!(app.focus, Focus::Source);
    assert!(source_rows(&app)[0].starts_with("── p. 4 "));
}

fn prompt_error(app: &App) -> String {
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("the prompt stays open: {:?}", app.mode);
    };
    prompt.error.clone().expect("an error in the prompt")
}

#[test]
fn a_page_out_of_range_or_outside_a_pdf_is_said_and_moves_nothing() {
    let mut app = reading("pdf-12", 100, 40);
    let scroll = app.source.scroll;
    for typed in ["p99", "p0", "page 4294967295"] {
        press(&mut app, ":");
        type_text(&mut app, typed);
        press(&mut app, "Enter");
        let error = prompt_error(&app);
        assert!(
            error.starts_with("un-report.pdf: no page ")
                && error.ends_with("the PDF has pages 1–14"),
            "{typed}: {error}"
        );
        // The error shows where the status bar was.
        let last = screen(&app).pop().unwrap();
        assert!(last.contains("the PDF has pages 1–14"), "{last}");
        press(&mut app, "Esc");
        assert_eq!(app.source.scroll, scroll, "{typed}");
    }
    // A page too large for a number is no page: taken as a date, and refused as one.
    press(&mut app, ":");
    type_text(&mut app, "p 99999999999");
    press(&mut app, "Enter");
    assert!(prompt_error(&app).ends_with("(or a page: p12)"));
    press(&mut app, "Esc");
    for (id, what) in [
        ("text", "notes.txt: a text file has no pages"),
        ("html", "article.html: a web page has no pages"),
    ] {
        let mut app = reading(id, 100, 40);
        let scroll = app.source.scroll;
        press(&mut app, ":");
        type_text(&mut app, "p2");
        press(&mut app, "Enter");
        let error = prompt_error(&app);
        assert!(error.starts_with(what), "{error}");
        assert!(error.contains("only a PDF's are numbered"), "{error}");
        press(&mut app, "Esc");
        assert_eq!(app.source.scroll, scroll);
    }
}

#[test]
fn the_prompt_says_it_takes_a_page_only_over_a_pdf() {
    let mut app = reading("pdf-12", 120, 40);
    press(&mut app, ":");
    let bar = screen(&app).pop().unwrap();
    assert!(bar.starts_with("go to page or date: "), "{bar}");
    assert!(bar.contains("p12 for a page"), "{bar}");
    let mut app = reading("text", 120, 40);
    press(&mut app, ":");
    let bar = screen(&app).pop().unwrap();
    assert!(bar.starts_with("go to date: "), "{bar}");
    assert!(!bar.contains("p12"), "{bar}");
    // In the timeline, even with a PDF shown, `:` is the date prompt it always was.
    let mut app = reading("pdf-12", 120, 40);
    press(&mut app, "Esc :");
    assert!(screen(&app).pop().unwrap().starts_with("go to date: "));
    type_text(&mut app, "2020-03");
    press(&mut app, "Enter");
    assert_eq!(app.current_event(), Some(2));
}

#[test]
fn tiny_terminals_draw_pages_without_panicking() {
    for (w, h) in [(1, 1), (2, 2), (5, 3), (12, 6), (20, 8), (30, 12), (40, 10)] {
        let mut app = reading("pdf-12", w, h);
        press(&mut app, "g j j j : p 3 Enter");
        type_text(&mut app, "p3");
        press(&mut app, "Enter");
        let _ = draw(&app, w, h);
        app.update(sourceline::Action::Resize(w + 1, h));
        let _ = draw(&app, w + 1, h);
    }
}

#[test]
fn a_click_on_a_divider_selects_nothing_and_a_drag_across_it_selects_text_only() {
    let mut app = reading("pdf-12", 100, 40);
    press(&mut app, "g");
    let area = app.areas.source;
    let (x, first_row) = (area.x + 1, area.y + 3);
    // Row 3 of the text is the divider above page 2.
    app.update(sourceline::Action::ClickAt(x + 2, first_row + 3));
    assert_eq!(app.drag_from, None, "the divider holds no text");
    // From "Line three of page 1." across the divider to "Page 2 opens here.".
    app.update(sourceline::Action::ClickAt(x, first_row + 2));
    app.update(sourceline::Action::DragTo(x + 3, first_row + 4));
    let selected = app.selected_passage().expect("a selection");
    assert_eq!(
        &app.chronology.sources[0].text[selected],
        "Line three of page 1.\nPage"
    );
}

#[test]
fn e_opens_a_web_page_at_its_passage_line_and_refuses_a_pdf() {
    let mut app = reading("html", 100, 40);
    app.origin = Origin::File("dir/c.yaml".into());
    press(&mut app, "e");
    assert_eq!(
        app.take_requests(),
        [Request::EditFile {
            path: std::path::Path::new("dir").join("article.html"),
            line: Some(42),
        }]
    );
    // Scrolled away from the passage: the nearest cited passage above the view (the reader
    // text's own lines are not the file's).
    press(&mut app, "G");
    press(&mut app, "e");
    assert!(
        matches!(
            app.take_requests().as_slice(),
            [Request::EditFile { line: Some(90), .. }]
        ),
        "the line of `html-2`'s passage"
    );
    let mut app = reading("text", 100, 40);
    app.origin = Origin::File("dir/c.yaml".into());
    press(&mut app, "e");
    assert_eq!(
        app.take_requests(),
        [Request::EditFile {
            path: std::path::Path::new("dir").join("notes.txt"),
            line: Some(2),
        }],
        "a text file at its passage's line"
    );
    let mut app = reading("pdf-12", 100, 40);
    app.origin = Origin::File("dir/c.yaml".into());
    press(&mut app, "e");
    assert!(
        app.take_requests().is_empty(),
        "a PDF opens in no text editor"
    );
    assert_eq!(
        app.message.as_deref(),
        Some(
            "un-report.pdf: a PDF does not open in a text editor; open it in a PDF reader at p. 12"
        )
    );
    // In the event pane `e` is still the chronology at the event.
    press(&mut app, "Esc Tab e");
    assert!(matches!(
        app.take_requests().as_slice(),
        [Request::EditEvent { id, .. }] if id == "pdf-12"
    ));
}

fn all(chronology: &Chronology) -> Vec<usize> {
    (0..chronology.events.len()).collect()
}

#[test]
fn the_reports_cite_a_pdf_by_page_and_a_web_page_by_its_file_line() {
    let chronology = chronology();
    let md = export::markdown(&chronology, &all(&chronology));
    assert!(md.contains("]: *Annual report*, UN, p. 12:\n"), "{md}");
    assert!(md.contains("]: *Annual report*, UN, p. 3:\n"), "{md}");
    assert!(md.contains("]: *Article*, BBC, line 42:\n"), "{md}");
    assert!(md.contains("]: *Notes*, line 2:\n"), "{md}");
    assert!(!md.contains("p. 7"), "a web page has no pages");
    let html = export::html(&chronology, &all(&chronology));
    assert!(
        html.contains("<cite>Annual report</cite>, UN, p. 12. <a"),
        "{html}"
    );
    assert!(
        html.contains("<cite>Article</cite>, BBC, line 42. <a"),
        "{html}"
    );
    assert!(!html.contains("p. 7"));
}

#[test]
fn the_timelinejs_slide_credits_the_pdf_page() {
    let chronology = chronology();
    let doc = export::timelinejs(&chronology, &all(&chronology), GroupBy::None);
    let text = |i: usize| {
        doc["events"][i]["text"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        text(0).contains("<cite>Annual report, UN, p. 12</cite>"),
        "{}",
        text(0)
    );
    assert!(text(1).contains("<cite>Annual report, UN, p. 3</cite>"));
    assert!(text(2).contains("<cite>Article, BBC</cite>"), "{}", text(2));
    assert!(text(3).contains("<cite>Notes</cite>"));
    assert!(!doc.to_string().contains("p. 7"));
}
