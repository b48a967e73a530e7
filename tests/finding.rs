//! Filters, search and date jumps, driven by keys through `update` on the shipped chronology.

mod common;

use common::{app, current_id, passage, press, select_id, type_text};
use sourceline::{App, Combine, Input, LoadOptions, Mode, load};

fn shown_ids(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|&e| app.chronology.events[e].id.clone())
        .collect()
}

#[test]
fn picking_hamas_shows_only_its_events_and_x_clears() {
    let mut app = app(120, 40);
    press(&mut app, "a");
    assert!(matches!(app.mode, Mode::Picker(_)));
    type_text(&mut app, "hamas");
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(shown_ids(&app), ["hamas-assault"]);
    assert_eq!(current_id(&app), "hamas-assault");
    assert_eq!(
        app.filter_description().unwrap(),
        "Actors: Hamas (any) — 1 of 12 events"
    );
    press(&mut app, "x");
    assert_eq!(app.visible.len(), 12);
    assert_eq!(current_id(&app), "hamas-assault", "the selection stays put");
}

#[test]
fn picking_a_tag_shows_only_its_events_and_names_it() {
    let mut app = app(120, 40);
    press(&mut app, "t");
    let Mode::Picker(picker) = &app.mode else {
        panic!("no picker");
    };
    // Every tag of the chronology, each counted once per event.
    let labels: Vec<&str> = picker.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels.len(), app.chronology.tags.len());
    let nuclear = picker.items.iter().find(|i| i.label == "nuclear").unwrap();
    assert_eq!(nuclear.count, 3);
    type_text(&mut app, "nucl");
    press(&mut app, "Enter");
    assert_eq!(app.visible.len(), 3);
    for &e in &app.visible {
        let event = &app.chronology.events[e];
        assert!(app.chronology.tag_names(event).contains(&"nuclear"));
    }
    assert_eq!(
        app.filter_description().unwrap(),
        "Tags: nuclear (any) — 3 of 12 events"
    );
    // Reopened, the picker shows the tag ticked.
    press(&mut app, "t");
    let Mode::Picker(picker) = &app.mode else {
        panic!("no picker");
    };
    let ticked: Vec<&str> = picker
        .chosen
        .iter()
        .map(|&i| picker.items[i].label.as_str())
        .collect();
    assert_eq!(ticked, ["nuclear"]);
}

#[test]
fn any_and_all_combine_ticked_actors() {
    let mut app = app(120, 40);
    press(&mut app, "a");
    // Sorted by count: United States first, Iran second.
    press(&mut app, "Space Down Space Enter");
    let any = app.visible.len();
    assert_eq!(app.filter.combine, Combine::Any);
    press(&mut app, "a Tab Enter");
    assert_eq!(app.filter.combine, Combine::All);
    let all = app.visible.len();
    assert!(all < any, "all ({all}) is narrower than any ({any})");
    for &e in &app.visible {
        let names = app.chronology.actor_names(&app.chronology.events[e]);
        assert!(names.contains(&"Iran") && names.contains(&"United States"));
    }
    assert!(app.filter_description().unwrap().contains("(all)"));
}

#[test]
fn esc_cancels_the_picker_without_changing_the_filter() {
    let mut app = app(120, 40);
    press(&mut app, "a Space Esc");
    assert!(app.filter.is_empty());
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, "t");
    type_text(&mut app, "analysis");
    press(&mut app, "Enter");
    assert_eq!(
        shown_ids(&app),
        ["alterman-olive-branch", "miller-transactions"]
    );
}

#[test]
fn a_filter_moves_the_selection_to_the_nearest_event_in_time() {
    let mut app = app(120, 40);
    select_id(&mut app, "us-warning");
    press(&mut app, "t");
    type_text(&mut app, "attack");
    press(&mut app, "Enter");
    // Attacks: 7 Oct 2023, Oct 2023–Jan 2024 strikes, 3 Jan 2024 bombings; 2 Jan is nearest 3 Jan.
    assert_eq!(current_id(&app), "kerman-bombings");
}

#[test]
fn an_empty_result_is_a_message_not_a_crash() {
    let mut app = app(120, 40);
    press(&mut app, "a");
    type_text(&mut app, "hamas");
    press(&mut app, "Enter t");
    type_text(&mut app, "analysis");
    press(&mut app, "Enter");
    assert!(app.visible.is_empty());
    assert!(app.message.as_deref().unwrap().contains("no events match"));
    press(&mut app, "j k g G Enter ] [ n N r } { Tab Tab C-o");
    common::draw(&app, 120, 40);
    press(&mut app, "x");
    assert_eq!(app.visible.len(), 12);
}

#[test]
fn slash_olive_lands_on_alterman_with_the_quote_shown() {
    let mut app = app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, "olive");
    assert_eq!(
        current_id(&app),
        "alterman-olive-branch",
        "incremental: lands while typing"
    );
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Normal));
    assert!(passage(&app).contains("olive branch"));
    assert!(!app.highlights.source.is_empty());
    let source = &app.chronology.sources[app.source.source.unwrap()].text;
    assert_eq!(&source[app.highlights.source[0].clone()], "olive");
    assert_eq!(app.message.as_deref(), Some("match 1/1"));
}

#[test]
fn n_and_shift_n_walk_matches_and_wrap() {
    let mut app = app(120, 40);
    press(&mut app, "/");
    type_text(&mut app, "nuclear");
    press(&mut app, "Enter");
    let count = app.search.as_ref().unwrap().count();
    assert!(count >= 3, "{count}");
    let first = app.selected;
    for _ in 0..count {
        press(&mut app, "n");
    }
    assert_eq!(app.selected, first, "a full lap returns to the first match");
    assert!(app.message.as_deref().unwrap().contains("wrapped"));
    press(&mut app, "N");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains(&format!("match {count}/{count}"))
    );
    press(&mut app, "Esc");
    assert!(app.search.is_none());
    let before = app.citation;
    press(&mut app, "n");
    assert_ne!(app.citation, before, "without a search, n steps citations");
}

#[test]
fn search_ignores_case_accents_and_typography() {
    let chronology = load(Input::text("t.yaml", "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors:\n  - id: iran\n    name: Iran\n    aliases: [Tehrān]\nevents:\n  - id: e\n    date: \"2024\"\n    title: Talks in Tehrān – “final” round\n    actors: [iran]\n    citations:\n      - source: s\n        quote: word\n", &sourceline::MemorySources(&[("s.txt", "a word here")])), &LoadOptions::default()).result
    .unwrap();
    let index = sourceline::SearchIndex::build(&chronology);
    for query in [
        "tehran",
        "TEHRĀN",
        "\"final\" round",
        "- \"final",
        "talks in",
    ] {
        assert_eq!(index.matching(query), [0], "{query}");
    }
    assert!(index.matching("tehrun").is_empty());
}

#[test]
fn esc_in_the_prompt_returns_to_where_the_search_started() {
    let mut app = app(120, 40);
    select_id(&mut app, "nuclear-deal");
    press(&mut app, "/");
    type_text(&mut app, "kerman");
    assert_eq!(
        current_id(&app),
        "us-warning",
        "its summary mentions the Kerman attack"
    );
    press(&mut app, "Esc");
    assert_eq!(current_id(&app), "nuclear-deal");
    assert!(app.search.is_none());
}

#[test]
fn searching_the_document_scrolls_to_the_text() {
    let mut app = app(80, 24);
    press(&mut app, "Enter");
    press(&mut app, "/");
    type_text(&mut app, "rebuilding");
    press(&mut app, "Enter");
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.count(), 1);
    let line = common::line_of(&app.source.lines, search.ranges[0].start);
    assert!(line >= app.source.scroll && line < app.source.scroll + 15);
    assert_eq!(
        current_id(&app),
        "islamic-republic",
        "the selection does not move"
    );
}

#[test]
fn colon_2018_lands_on_the_withdrawal_and_bad_dates_stay_in_the_prompt() {
    let mut app = app(120, 40);
    press(&mut app, ":");
    type_text(&mut app, "2018");
    press(&mut app, "Enter");
    assert_eq!(current_id(&app), "us-withdrawal");
    press(&mut app, "d");
    type_text(&mut app, "2023-02-29");
    press(&mut app, "Enter");
    let Mode::Prompt(prompt) = &app.mode else {
        panic!("a bad date keeps the prompt open");
    };
    assert!(prompt.error.as_deref().unwrap().contains("does not exist"));
    press(&mut app, "Esc");
    press(&mut app, ":");
    type_text(&mut app, "2023-10");
    press(&mut app, "Enter");
    assert_eq!(
        current_id(&app),
        "hamas-assault",
        "first event on or after 1 Oct 2023"
    );
    press(&mut app, ":");
    type_text(&mut app, "2030");
    press(&mut app, "Enter");
    assert_eq!(app.selected, app.visible.len() - 1);
    press(&mut app, "C-o");
    assert_eq!(
        current_id(&app),
        "hamas-assault",
        "date jumps are in the jump list"
    );
}

#[test]
fn braces_jump_between_year_groups_in_the_timeline() {
    let mut app = app(120, 40);
    press(&mut app, "}");
    assert_eq!(current_id(&app), "nuclear-deal");
    press(&mut app, "} }");
    assert_eq!(current_id(&app), "biden-revival");
    press(&mut app, "}");
    assert_eq!(current_id(&app), "hamas-assault");
    press(&mut app, "j {");
    assert_eq!(current_id(&app), "biden-revival");
    press(&mut app, "G {");
    assert_eq!(current_id(&app), "hamas-assault");
    press(&mut app, "g {");
    assert_eq!(current_id(&app), "islamic-republic");
}

#[test]
fn a_query_that_stops_matching_returns_to_where_the_search_started() {
    let mut app = app(120, 40);
    select_id(&mut app, "nuclear-deal");
    press(&mut app, "/");
    type_text(&mut app, "kerman");
    assert_eq!(current_id(&app), "us-warning", "a partial match moves");
    type_text(&mut app, "zq");
    assert_eq!(
        current_id(&app),
        "nuclear-deal",
        "no match: back where the search started, as vim's incsearch"
    );
    press(&mut app, "Enter");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(current_id(&app), "nuclear-deal");
    assert_eq!(app.message.as_deref(), Some("no match for “kermanzq”"));
    assert!(app.search.is_none(), "nothing kept for n to step through");
    // No jump was recorded, since nothing moved.
    press(&mut app, "C-o");
    assert_eq!(app.message.as_deref(), Some("no earlier jump"));
}

#[test]
fn a_document_search_that_stops_matching_scrolls_back() {
    let mut app = app(80, 24);
    press(&mut app, "Enter");
    let scroll = app.source.scroll;
    press(&mut app, "/");
    type_text(&mut app, "arshad");
    assert_ne!(app.source.scroll, scroll, "the match scrolled into view");
    type_text(&mut app, "zq");
    assert_eq!(app.source.scroll, scroll);
    press(&mut app, "Enter");
    assert_eq!(app.source.scroll, scroll);
}

#[test]
fn the_prompt_shows_the_live_match_count() {
    let mut app = app(120, 40);
    let bottom = |app: &App| common::text(&common::buffer(app, 120, 40)).pop().unwrap();
    press(&mut app, "/");
    type_text(&mut app, "nuclear");
    let count = app.search.as_ref().unwrap().count();
    assert!(count >= 3, "{count}");
    let line = bottom(&app);
    assert!(
        line.starts_with("/nuclear▏  match 1/") && line.contains(&format!("/{count}")),
        "{line}"
    );
    type_text(&mut app, "zq");
    let line = bottom(&app);
    assert!(line.starts_with("/nuclearzq▏  no match"), "{line}");
    press(&mut app, "Backspace Backspace");
    assert!(bottom(&app).contains(&format!("match 1/{count}")));
}
