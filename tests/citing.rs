//! Citing from the source pane and drafts, as state: key sequences move the selection, leave
//! the requests the viewer performs, and the reload after a write selects what was written.
//! Drawing: the selection and drafts carry their own styles, in colour and under `NO_COLOR`.

mod common;

use common::{app, buffer, current_id, press, select_id, text, type_text};
use ratatui::style::{Color, Modifier};
use sourceline::keymap::Context;
use sourceline::model::Chronology;
use sourceline::{
    Action, App, Check, Happened, Input, LoadOptions, MemorySources, Origin, Patch, Request, Theme,
    add_citation, add_draft, embedded, load,
};

/// The selected text.
fn selected(app: &App) -> String {
    let range = app.selected_passage().expect("a passage is selected");
    app.chronology.sources[app.source.source.unwrap()].text[range].to_string()
}

/// The source pane on the Kerman bombings' first passage.
fn reading() -> App {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    app
}

/// The same, with the chronology taken as a file (so writes are asked for).
fn reading_file() -> App {
    let mut app = reading();
    app.origin = Origin::File("data/iran-us.yaml".into());
    app
}

/// The embedded chronology with `patch` applied to its YAML.
fn reloaded(patch: &Patch) -> Chronology {
    let yaml = common::applied(embedded::YAML, patch);
    load(
        Input::text("c.yaml", &yaml, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap()
}

/// How a patch of the embedded chronology is read back.
fn check() -> Check<'static> {
    Check {
        name: "c.yaml",
        sources: &MemorySources(embedded::SOURCES),
    }
}

/// Searches the shown document for `phrase` and selects the match.
fn select_phrase(app: &mut App, phrase: &str) {
    press(app, "/");
    type_text(app, phrase);
    press(app, "Enter v");
}

#[test]
fn v_selects_the_first_word_in_view_and_motions_extend_it_by_words() {
    let mut app = reading();
    press(&mut app, "g v");
    assert_eq!(app.pane_context(), Context::Selection);
    assert_eq!(selected(&app), "US");
    press(&mut app, "w w");
    assert_eq!(selected(&app), "US Warned Iran");
    press(&mut app, "b");
    assert_eq!(selected(&app), "US Warned");
    press(&mut app, "e e");
    assert_eq!(selected(&app), "US Warned Iran of");
    press(&mut app, "$");
    assert!(
        selected(&app).starts_with("US Warned Iran of ‘Terrorist Threat’"),
        "{}",
        selected(&app)
    );
    press(&mut app, "0");
    assert_eq!(selected(&app), "US");
    press(&mut app, "j");
    assert!(
        selected(&app).ends_with("Attack – Official"),
        "a display line down: {}",
        selected(&app)
    );
    press(&mut app, "k");
    assert_eq!(selected(&app), "US");
    // Esc cancels; j scrolls the document again.
    press(&mut app, "Esc");
    assert!(app.selection.is_none());
    assert_eq!(app.pane_context(), Context::Source);
    press(&mut app, "j");
    assert_eq!(app.source.scroll, 1);
}

#[test]
fn v_after_a_search_selects_the_match() {
    let mut app = reading();
    select_phrase(&mut app, "duty to warn");
    assert_eq!(selected(&app), "duty to warn");
    press(&mut app, "w");
    assert_eq!(selected(&app), "duty to warn’");
    press(&mut app, "b b");
    assert_eq!(
        selected(&app),
        "‘duty to warn",
        "back past the anchor keeps it"
    );
}

#[test]
fn y_asks_for_the_citation_yaml_on_the_clipboard() {
    let mut app = reading();
    select_phrase(&mut app, "official noted");
    press(&mut app, "w");
    press(&mut app, "y");
    let requests = app.take_requests();
    let [Request::Copy(yaml)] = requests.as_slice() else {
        panic!("y asks for one copy: {requests:?}");
    };
    assert_eq!(
        yaml,
        "- source: reuters-warning\n  quote: \"official noted,\"\n"
    );
    let message = app.message.clone().unwrap();
    assert!(
        message.starts_with("copied: source: reuters-warning"),
        "{message}"
    );
}

#[test]
fn a_phrase_found_twice_is_copied_with_a_prefix_that_picks_the_one_selected() {
    for which in ["first", "second"] {
        let mut app = reading_file();
        press(&mut app, "/");
        type_text(&mut app, "think tank");
        press(&mut app, "Enter");
        if which == "second" {
            app.update(Action::NextMatch);
        }
        press(&mut app, "v y");
        let Some(Request::Copy(yaml)) = app.take_requests().pop() else {
            panic!("y copies");
        };
        let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
        let prefix = doc[0]["prefix"].as_str().expect("a prefix").to_string();
        let text = &app.chronology.sources[0].text;
        let at = app.selected_passage().unwrap().start;
        assert!(
            text[..at].trim_end().ends_with(&prefix),
            "{which}: {prefix:?}"
        );
    }
}

#[test]
fn c_and_capital_c_ask_for_writes_and_the_reload_selects_what_was_written() {
    let mut app = reading_file();
    let before = app.chronology.events[app.current_event().unwrap()]
        .citations
        .len();
    select_phrase(&mut app, "Kerman and resulted");
    press(&mut app, "c");
    let requests = app.take_requests();
    let [Request::AddCitation { id, cited, .. }] = requests.as_slice() else {
        panic!("c asks for one citation: {requests:?}");
    };
    assert_eq!(id, "kerman-bombings");
    assert_eq!(cited.quote, "Kerman and resulted");
    let new = reloaded(&add_citation(&check(), embedded::YAML, id, cited).unwrap());
    app.happened(Happened::Wrote("written".into()));
    app.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&app), "kerman-bombings");
    assert_eq!(app.citation, before, "the new citation is the current one");
    assert!(app.selection.is_none());
    let screen = text(&buffer(&app, 120, 40)).join("\n");
    assert!(
        screen.contains(&format!(
            "▶ [{0}/{0}] Reuters — “Kerman and resulted”",
            before + 1
        )),
        "{screen}"
    );
    assert!(
        app.message.as_deref().unwrap().contains("(u undoes it)"),
        "{:?}",
        app.message
    );

    let mut app = reading_file();
    select_phrase(&mut app, "olive branch");
    press(&mut app, "C");
    let Some(Request::NewDraft { draft, .. }) = app.take_requests().pop() else {
        panic!("C asks for a draft");
    };
    assert_eq!(draft.id, "olive-branch");
    assert_eq!(draft.date.as_deref(), Some("2024-01"));
    assert_eq!(draft.title, "olive branch");
    let new = reloaded(&add_draft(&check(), embedded::YAML, &draft).unwrap());
    app.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&app), "olive-branch");
    assert!(app.chronology.events[app.current_event().unwrap()].draft);
    assert_eq!(app.drafts, 1);
}

#[test]
fn a_reload_of_the_file_from_before_the_write_waits_for_the_next() {
    let mut app = reading_file();
    select_phrase(&mut app, "olive branch");
    press(&mut app, "C");
    let Some(Request::NewDraft { draft, .. }) = app.take_requests().pop() else {
        panic!("C asks for a draft");
    };
    app.happened(Happened::Loaded(Box::new(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    )));
    assert_eq!(current_id(&app), "kerman-bombings");
    let new = reloaded(&add_draft(&check(), embedded::YAML, &draft).unwrap());
    app.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&app), "olive-branch");
}

#[test]
fn a_refused_write_says_why_and_selects_nothing_after() {
    let mut app = reading_file();
    select_phrase(&mut app, "olive branch");
    press(&mut app, "C");
    app.take_requests();
    app.happened(Happened::EffectFailed("refused".into()));
    assert_eq!(app.message.as_deref(), Some("refused"));
    assert!(app.reselect.is_none());
}

#[test]
fn the_embedded_chronology_is_never_written_and_points_at_init() {
    let mut app = reading();
    select_phrase(&mut app, "olive branch");
    for keys in ["c", "C", "u"] {
        press(&mut app, keys);
        assert!(app.take_requests().is_empty(), "{keys}");
        assert!(
            app.message.as_deref().unwrap().contains("sourceline init"),
            "{keys}: {:?}",
            app.message
        );
    }
    // Copying needs no file.
    press(&mut app, "y");
    assert!(matches!(app.take_requests().as_slice(), [Request::Copy(_)]));
}

#[test]
fn u_asks_the_viewer_to_undo() {
    let mut app = reading_file();
    press(&mut app, "u");
    assert_eq!(app.take_requests(), [Request::Undo]);
}

#[test]
fn citing_with_nothing_selected_says_how_to_select() {
    let mut app = reading_file();
    app.update(Action::CopyCitation);
    assert_eq!(
        app.message.as_deref(),
        Some("select a passage first (v in the source pane)")
    );
    assert!(app.take_requests().is_empty());
}

#[test]
fn a_drag_over_the_source_text_selects() {
    let mut app = reading();
    press(&mut app, "g");
    let area = app.areas.source;
    // The text starts under the pane's border and the two header lines; its third line is
    // "US Warned Iran of ‘Terrorist Threat’ …" (the first is blank).
    let (x, y) = (area.x + 1, area.y + 1 + 2 + 1);
    app.update(Action::ClickAt(x, y));
    assert!(app.selection.is_none(), "a click alone selects nothing");
    app.update(Action::DragTo(x + 10, y));
    assert_eq!(selected(&app), "US Warned Iran");
    app.update(Action::ClickAt(x, y));
    assert!(app.selection.is_none(), "a new click drops it");
}

#[test]
fn the_selection_survives_a_reload_that_leaves_its_document() {
    let mut app = reading_file();
    select_phrase(&mut app, "olive branch");
    app.happened(Happened::Loaded(Box::new(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    )));
    assert_eq!(selected(&app), "olive branch");
}

/// The embedded chronology with two drafts, one undated.
fn with_drafts() -> App {
    let yaml = format!(
        "{}\n  - id: dated-draft\n    draft: true\n    date: \"2024-01\"\n    title: A dated draft\n  - id: undated-draft\n    draft: true\n    title: An undated draft\n",
        embedded::YAML
    );
    let chronology = load(
        Input::text("c.yaml", &yaml, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let mut app = app(120, 40);
    app.happened(Happened::Loaded(Box::new(chronology)));
    app
}

#[test]
fn drafts_are_counted_filtered_and_drawn_dimmed_with_a_hollow_marker() {
    let mut app = with_drafts();
    assert_eq!(app.drafts, 2);
    press(&mut app, "g");
    let lines = text(&buffer(&app, 120, 40));
    assert!(lines[1].starts_with("┃undated "), "{}", lines[1]);
    assert!(lines[2].starts_with("┃▷ undated"), "selected: {}", lines[2]);
    assert!(lines.last().unwrap().contains("│ 2 drafts"));
    let dated = lines
        .iter()
        .position(|l| l.contains("A dated draft"))
        .unwrap();
    assert!(lines[dated].starts_with("┃○ "), "{}", lines[dated]);
    let cells = buffer(&app, 120, 40);
    let x = u16::try_from(lines[dated].find("A dated").unwrap()).unwrap();
    let cell = &cells[(x, u16::try_from(dated).unwrap())];
    // Dimmed in the terminal's own colour: colour 8 vanishes on Solarized-like themes.
    assert_eq!(cell.fg, Color::Reset);
    assert!(cell.modifier.contains(Modifier::DIM | Modifier::ITALIC));
    app.monochrome = true;
    let cells = buffer(&app, 120, 40);
    let cell = &cells[(x, u16::try_from(dated).unwrap())];
    assert!(cell.modifier.contains(Modifier::DIM | Modifier::ITALIC));

    press(&mut app, "D");
    assert_eq!(app.visible.len(), 2);
    assert!(
        text(&buffer(&app, 120, 40))[0].contains("Drafts — 2 of 14 events"),
        "the pane's title names the filter"
    );
    press(&mut app, "x");
    assert_eq!(app.visible.len(), 14);
    let mut plain = common::app(120, 40);
    press(&mut plain, "D");
    assert_eq!(
        plain.message.as_deref(),
        Some("this chronology has no drafts")
    );
}

#[test]
fn the_help_explains_the_marks() {
    let mut app = app(120, 60);
    press(&mut app, "?");
    let screen = text(&buffer(&app, 120, 60)).join("\n");
    assert!(screen.contains("Timeline marks"), "{screen}");
    assert!(
        screen.contains("a draft (`draft: true`), dimmed"),
        "{screen}"
    );
    // The corroboration marks drawn beside the dates.
    assert!(
        screen.contains("!                       contested"),
        "{screen}"
    );
    assert!(
        screen.contains("¹                       single-sourced"),
        "{screen}"
    );
}

/// Cells of the source pane's text drawn in `style`'s colours and modifiers, as text.
fn cells_in(app: &App, wanted: impl Fn(&ratatui::buffer::Cell) -> bool) -> String {
    let b = buffer(app, 120, 40);
    let area = app.areas.source;
    let mut out = String::new();
    for y in area.y + 3..area.bottom() - 1 {
        for x in area.x + 1..area.right() - 1 {
            if wanted(&b[(x, y)]) {
                out.push_str(b[(x, y)].symbol());
            }
        }
    }
    out
}

#[test]
fn the_selection_has_its_own_style_in_colour_and_without() {
    let mut app = reading();
    select_phrase(&mut app, "duty to warn");
    press(&mut app, "w");
    let colour = Theme::COLOR.selection;
    assert_eq!(cells_in(&app, |c| Some(c.bg) == colour.bg), "duty to warn’");
    app.monochrome = true;
    let mono = cells_in(&app, |c| {
        c.modifier
            .contains(Modifier::REVERSED | Modifier::UNDERLINED)
            && !c.modifier.intersects(Modifier::BOLD | Modifier::ITALIC)
    });
    assert_eq!(mono, "duty to warn’");
    // No other mark is drawn that way: the passage, the search hits and other passages differ.
    for other in [
        Theme::MONOCHROME.passage,
        Theme::MONOCHROME.search_hit,
        Theme::MONOCHROME.other_passage,
    ] {
        assert_ne!(other.add_modifier, Theme::MONOCHROME.selection.add_modifier);
    }
}

#[test]
fn c_on_a_passage_the_event_already_cites_writes_nothing() {
    use sourceline::Selection;
    let mut app = reading_file();
    let range = app.current_passage().unwrap();
    let source = app.source.source.unwrap();
    let text = &app.chronology.sources[source].text;
    app.selection = Some(Selection::new(text, source, range));
    press(&mut app, "c");
    assert!(app.take_requests().is_empty());
    assert_eq!(
        app.message.as_deref(),
        Some("“kerman-bombings” already cites this passage")
    );
}

#[test]
fn n_with_a_passage_selected_goes_to_the_next_match_and_writes_nothing() {
    let mut app = reading_file();
    select_phrase(&mut app, "the");
    let first = app.search.as_ref().unwrap().current.expect("a match");
    press(&mut app, "n");
    assert!(app.take_requests().is_empty(), "n asks for no write");
    assert_eq!(app.search.as_ref().unwrap().current, Some(first + 1));
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with(&format!("match {}/", first + 2)),
        "{:?}",
        app.message
    );
    press(&mut app, "N");
    assert!(app.take_requests().is_empty(), "N asks for no write");
    assert_eq!(app.search.as_ref().unwrap().current, Some(first));
}

#[test]
fn u_after_a_draft_selects_again_what_was_selected_so_c_cites_that_event() {
    use sourceline::Focus;
    let mut app = reading_file();
    press(&mut app, "]");
    let (id, citation) = (current_id(&app), app.citation);
    assert_eq!((id.as_str(), citation), ("kerman-bombings", 1));
    select_phrase(&mut app, "olive branch");
    press(&mut app, "C");
    let Some(Request::NewDraft { draft, before }) = app.take_requests().pop() else {
        panic!("C asks for a draft");
    };
    let new = reloaded(&add_draft(&check(), embedded::YAML, &draft).unwrap());
    app.happened(Happened::Wrote("written".into()));
    app.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&app), "olive-branch");
    assert!(app.selection.is_none());

    press(&mut app, "u");
    assert_eq!(app.take_requests(), [Request::Undo]);
    // The viewer puts the file back and hands back the place the draft's request carried.
    app.happened(Happened::Undone {
        message: "undone".into(),
        before,
    });
    app.happened(Happened::Loaded(Box::new(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    )));
    assert_eq!(current_id(&app), "kerman-bombings");
    assert_eq!(app.focus, Focus::Source);
    assert_eq!(app.citation, citation);
    assert!(app.citation_chosen);
    assert_eq!(selected(&app), "olive branch");
    assert_eq!(app.message.as_deref(), Some("undone"));

    press(&mut app, "c");
    let requests = app.take_requests();
    let [Request::AddCitation { id, cited, .. }] = requests.as_slice() else {
        panic!("c asks for one citation: {requests:?}");
    };
    assert_eq!(id, "kerman-bombings");
    assert_eq!(cited.quote, "olive branch");
}

#[test]
fn u_after_a_citation_selects_the_citation_that_was_current() {
    let mut app = reading_file();
    select_phrase(&mut app, "Kerman and resulted");
    press(&mut app, "c");
    let Some(Request::AddCitation { id, cited, before }) = app.take_requests().pop() else {
        panic!("c asks for a citation");
    };
    let new = reloaded(&add_citation(&check(), embedded::YAML, &id, &cited).unwrap());
    app.happened(Happened::Wrote("written".into()));
    app.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(app.citation, 2, "the new citation is current");
    press(&mut app, "u");
    app.happened(Happened::Undone {
        message: "undone".into(),
        before,
    });
    app.happened(Happened::Loaded(Box::new(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    )));
    assert_eq!(current_id(&app), "kerman-bombings");
    assert_eq!((app.citation, app.citation_chosen), (0, false));
    assert_eq!(selected(&app), "Kerman and resulted");
}
