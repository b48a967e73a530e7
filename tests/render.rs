//! Render tests on ratatui's `TestBackend`: snapshots of whole screens (insta) plus style
//! assertions on the cells that matter, since snapshots do not keep colours.

mod common;

use common::{app, buffer, draw, press, select_id, text, type_text};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use sourceline::{Input, LoadOptions, MemorySources, load};

/// Cells (x, y) of the first occurrence of `phrase` on screen, searched from row `from`.
fn find(buffer: &Buffer, phrase: &str, from: u16) -> Option<(u16, u16)> {
    let lines = text(buffer);
    for (y, line) in lines.iter().enumerate().skip(usize::from(from)) {
        if let Some(byte) = line.find(phrase) {
            let x = line[..byte].chars().count();
            return Some((u16::try_from(x).unwrap(), u16::try_from(y).unwrap()));
        }
    }
    None
}

#[test]
fn initial_screen_120x40() {
    let app = app(120, 40);
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn kerman_passage_80x24() {
    let mut app = app(80, 24);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app(120, 40);
    // The help opens at the focused pane's keys; `g` shows its top.
    press(&mut app, "? g");
    let terminal = draw(&app, 120, 40);
    insta::assert_snapshot!(terminal.backend());
    let screen = text(terminal.backend().buffer()).join("\n");
    for description in [
        "quit",
        "next event",
        "jump back",
        "next citation of the event",
    ] {
        assert!(screen.contains(description), "help shows {description}");
    }
}

#[test]
fn timeline_shows_year_headings_and_gaps() {
    let app = app(120, 40);
    let screen = text(&buffer(&app, 120, 40));
    for year in ["1979", "2015", "2018", "2021", "2023", "2024"] {
        assert!(
            screen.iter().any(|l| l.starts_with(&format!("┃{year}"))),
            "heading {year}"
        );
    }
    assert!(screen.iter().any(|l| l.contains("… 36 years 6 months …")));
}

#[test]
fn the_cited_passage_carries_the_highlight_style() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    let buffer = buffer(&app, 120, 40);
    let source_top = app.areas.source.y;
    let (x, y) = find(&buffer, "two suicide bombings", source_top).expect("passage on screen");
    for dx in 0..20 {
        let cell = &buffer[(x + dx, y)];
        assert_eq!(cell.bg, Color::Yellow, "cell {dx} of the passage");
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    // The text just before the passage is not highlighted.
    assert_ne!(buffer[(x - 2, y)].bg, Color::Yellow);
    // Another event's passage in view is marked faintly (underlined), not highlighted.
    let (ux, uy) =
        find(&buffer, "ongoing attacks by Iran-backed", source_top).expect("other passage");
    assert!(buffer[(ux, uy)].modifier.contains(Modifier::UNDERLINED));
    assert_ne!(buffer[(ux, uy)].bg, Color::Yellow);
}

#[test]
fn no_color_keeps_the_highlight_visible_in_monochrome() {
    let mut app = app(120, 40);
    app.monochrome = true;
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    let buffer = buffer(&app, 120, 40);
    let (x, y) = find(&buffer, "two suicide bombings", app.areas.source.y).unwrap();
    let cell = &buffer[(x, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(cell.bg, Color::Reset);
    for y in 0..40 {
        for x in 0..120 {
            let c = &buffer[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "no colour at {x},{y}"
            );
        }
    }
}

#[test]
fn the_selected_event_row_is_highlighted() {
    let mut app = app(120, 40);
    select_id(&mut app, "hamas-assault");
    let buffer = buffer(&app, 120, 40);
    let lines = text(&buffer);
    let y = lines.iter().position(|l| l.starts_with("┃▶")).unwrap();
    let x = lines[y]
        .find("Hamas attacks")
        .map(|b| lines[y][..b].chars().count())
        .unwrap();
    assert!(
        x < usize::from(app.areas.timeline.width),
        "in the timeline pane"
    );
    let cell = &buffer[(u16::try_from(x).unwrap(), u16::try_from(y).unwrap())];
    assert_eq!(cell.bg, Color::Cyan);
}

#[test]
fn narrow_terminals_stack_the_panes_and_tiny_ones_say_so() {
    let mut app = app(60, 30);
    app.update(sourceline::Action::Resize(60, 30));
    let screen = text(&buffer(&app, 60, 30));
    assert!(screen[0].contains("Timeline"));
    assert!(screen.iter().any(|l| l.contains("Event")));
    assert!(
        !screen.iter().any(|l| l.contains("Source")),
        "one lower pane at a time"
    );
    press(&mut app, "Enter");
    let screen = text(&buffer(&app, 60, 30));
    assert!(screen.iter().any(|l| l.contains("Source")));
    assert!(!screen.iter().any(|l| l.contains("┌ Event")));
    let tiny = text(&buffer(&app, 20, 5)).join("");
    assert!(tiny.contains("terminal too small"));
    for (w, h) in [(1, 1), (0, 0), (2, 1), (1, 2), (29, 7), (30, 8)] {
        draw(&app, w, h);
    }
}

#[test]
fn an_active_filter_shows_in_the_title_and_status_bar() {
    let mut app = app(120, 40);
    press(&mut app, "a");
    type_text(&mut app, "hamas");
    press(&mut app, "Enter");
    let screen = text(&buffer(&app, 120, 40));
    assert!(screen[0].contains("Actors: Hamas (any) — 1 of 12 events"));
    assert!(screen[39].contains("Actors: Hamas (any)"));
}

#[test]
fn search_matches_are_highlighted_in_every_pane() {
    let mut app = app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, "olive");
    press(&mut app, "Enter");
    let buffer = buffer(&app, 120, 40);
    let lines = text(&buffer);
    let hit = |x: usize, y: usize| {
        buffer[(u16::try_from(x).unwrap(), u16::try_from(y).unwrap())].bg == Color::Magenta
    };
    let mut panes = [false; 3];
    for (y, line) in lines.iter().enumerate() {
        let mut from = 0;
        while let Some(b) = line[from..].find("olive") {
            let x = line[..from + b].chars().count();
            if hit(x, y) && hit(x + 4, y) {
                let pane = if x < usize::from(app.areas.timeline.right()) {
                    0
                } else if y < usize::from(app.areas.source.y) {
                    1
                } else {
                    2
                };
                panes[pane] = true;
            }
            from += b + 5;
        }
    }
    assert_eq!(
        panes,
        [true, true, true],
        "timeline, event and source panes"
    );
}

#[test]
fn the_picker_and_prompts_draw_at_any_size() {
    let mut app = app(120, 40);
    press(&mut app, "a");
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
    for (w, h) in [(1, 1), (30, 8), (50, 10)] {
        app.update(sourceline::Action::Resize(w, h));
        draw(&app, w, h);
    }
    press(&mut app, "Esc :");
    app.update(sourceline::Action::Resize(120, 40));
    type_text(&mut app, "2023-02-30");
    press(&mut app, "Enter");
    let screen = text(&buffer(&app, 120, 40));
    assert!(
        screen[39].starts_with("go to date: 2023-02-30"),
        "{}",
        screen[39]
    );
    assert!(screen[39].contains("does not exist"));
}

#[test]
fn secondary_text_is_the_default_foreground_dimmed_never_colour_8() {
    // Solarized and themes like it make ANSI colour 8 the background: text in it vanished.
    let mut screens = Vec::new();
    let mut app = app(120, 40);
    screens.push(("start", buffer(&app, 120, 40)));
    press(&mut app, "Enter");
    screens.push(("source", buffer(&app, 120, 40)));
    press(&mut app, "?");
    screens.push(("help", buffer(&app, 120, 40)));
    press(&mut app, "Esc Esc L + + +");
    screens.push(("lanes", buffer(&app, 120, 40)));
    for (name, buffer) in &screens {
        // Every row, the status bar's included: neither text nor background in colour 8.
        for y in 0..40 {
            for x in 0..120 {
                let c = &buffer[(x, y)];
                assert!(
                    !matches!(c.fg, Color::DarkGray | Color::Indexed(8))
                        && !matches!(c.bg, Color::DarkGray | Color::Indexed(8)),
                    "{name}: {:?} at {x},{y} is drawn in colour 8",
                    c.symbol()
                );
            }
        }
    }
    // The timeline's actors and gaps, the secondary text, are dimmed in the default colour.
    let (_, start) = &screens[0];
    for phrase in ["… 36 years", "Iran+1"] {
        // From row 3, past the selected row.
        let (x, y) = find(start, phrase, 3).unwrap_or_else(|| panic!("{phrase}"));
        let cell = &start[(x + 1, y)];
        assert_eq!(cell.fg, Color::Reset, "{phrase}");
        assert!(cell.modifier.contains(Modifier::DIM), "{phrase}");
    }
}

/// One event citing `Workers’ Union` (curly apostrophe in the source) as typed `Workers' Union`.
fn workers_union() -> sourceline::model::Chronology {
    let yaml = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nevents:\n  - id: e\n    date: \"2024\"\n    title: A strike\n    citations:\n      - source: s\n        quote: \"the Workers' Union - called it\"\n";
    let sources = MemorySources(&[("s.txt", "In March the Workers’ Union — called it off.")]);
    load(
        Input::text("w.yaml", yaml, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap()
}

#[test]
fn the_event_pane_shows_the_sources_own_characters_of_the_quote() {
    let chronology = workers_union();
    let app = sourceline::App::new(
        chronology.clone(),
        sourceline::Filter::default(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    let screen = text(&buffer(&app, 120, 40)).join("\n");
    assert!(
        screen.contains("“the Workers’ Union — called it”"),
        "{screen}"
    );
    assert!(!screen.contains("Workers' Union"), "{screen}");
    // A search highlights the shown passage, where its words are.
    let mut app = app;
    press(&mut app, "/");
    type_text(&mut app, "union");
    press(&mut app, "Enter");
    let cells = buffer(&app, 120, 40);
    let (x, y) = find(&cells, "Union —", app.areas.event.y).unwrap();
    assert_eq!(cells[(x, y)].bg, Color::Magenta, "the match in the quote");
    assert_ne!(cells[(x - 1, y)].bg, Color::Magenta, "only the match");
    // Unanchored (no range), the quote shows as typed.
    let mut unanchored = chronology;
    unanchored.events[0].citations[0].range = 0..0;
    let app = sourceline::App::new(
        unanchored,
        sourceline::Filter::default(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    let screen = text(&buffer(&app, 120, 40)).join("\n");
    assert!(
        screen.contains("“the Workers' Union - called it”"),
        "{screen}"
    );
}

/// A source's address, archived copy and access date are in the source pane's header, right
/// after the publisher and date, so a narrow pane still shows them.
#[test]
fn the_source_header_shows_where_the_document_is_published() {
    let mut chronology = load(Input::Embedded, &LoadOptions::default())
        .result
        .unwrap();
    let source = &mut chronology.sources[0];
    source.url = Some("https://example.org/article".into());
    source.archived = Some("https://web.archive.org/web/2024/x".into());
    source.accessed = Some(sourceline::model::Date::parse("2024-01-05").unwrap());
    let mut app = sourceline::App::new(
        chronology,
        sourceline::Filter::default(),
        ratatui::layout::Rect::new(0, 0, 160, 40),
    );
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    let screen = text(&buffer(&app, 160, 40));
    let top = usize::from(app.areas.source.y);
    let details = &screen[top + 2];
    assert!(
        details.contains(
            "┃Reuters · Jan 2024 · https://example.org/article · archived https://web.archive.org/web/2024/"
        ),
        "{details}"
    );
}
