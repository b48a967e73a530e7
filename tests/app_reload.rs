//! State tests of the authoring loop: what a reload keeps, what a failed one leaves, and what
//! `update` asks the viewer to do. No terminal, no files: `happened` is fed what the viewer would
//! report.

mod common;

use common::{app, current_id, press, select_id};
use sourceline::model::Chronology;
use sourceline::{
    Happened, Input, LoadOptions, MemorySources, Mode, Origin, Problem, Problems, Request,
    embedded, load,
};

fn edited(from: &str, to: &str) -> Chronology {
    assert!(embedded::YAML.contains(from), "{from:?}");
    let yaml = embedded::YAML.replace(from, to);
    load(
        Input::text("c.yaml", &yaml, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap()
}

fn file_app() -> sourceline::App {
    let mut a = app(120, 40);
    a.origin = Origin::File("data/c.yaml".into());
    a
}

#[test]
fn a_reload_keeps_the_selected_event_by_id_and_says_what_changed() {
    let mut a = file_app();
    select_id(&mut a, "hamas-assault");
    let new = edited(
        "title: Hamas attacks southern Israel",
        "title: Hamas attacks (edited)",
    );
    a.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&a), "hamas-assault");
    assert_eq!(
        a.chronology.events[a.current_event().unwrap()].title,
        "Hamas attacks (edited)"
    );
    assert_eq!(
        a.message.as_deref(),
        Some("reloaded: 12 events, 23 citations")
    );
}

#[test]
fn a_removed_event_gives_way_to_the_nearest_in_time() {
    let mut a = file_app();
    select_id(&mut a, "hamas-assault");
    // The id changes (and the reference to it): the old one is gone, the event with the same
    // date is the nearest.
    let new = edited("hamas-assault", "hamas-attack");
    a.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(current_id(&a), "hamas-attack");
}

#[test]
fn filters_and_search_survive_a_reload_by_id_and_query() {
    let mut a = file_app();
    press(&mut a, "a");
    common::type_text(&mut a, "hamas");
    press(&mut a, "Space Enter");
    assert!(!a.filter.is_empty());
    let shown = a.visible.len();
    press(&mut a, "/");
    common::type_text(&mut a, "assault");
    press(&mut a, "Enter");
    let matches = a.search.as_ref().unwrap().count();
    assert!(matches > 0);
    let new = edited(
        "title: Hamas attacks southern Israel",
        "title: Hamas attacks",
    );
    a.happened(Happened::Loaded(Box::new(new)));
    assert_eq!(a.visible.len(), shown, "the actor filter is kept");
    let search = a.search.as_ref().expect("the search is kept");
    assert_eq!(search.query, "assault");
    assert_eq!(search.count(), matches);
}

#[test]
fn a_failed_reload_keeps_the_last_good_chronology_and_opens_the_problems() {
    let mut a = file_app();
    select_id(&mut a, "hamas-assault");
    let before = a.chronology.events.len();
    let problems = Problems(vec![
        Problem::new("data/c.yaml", "bad date").at(Some((119, 11))),
        Problem::new("data/c.yaml", "unknown actor").at(Some((121, 20))),
    ]);
    a.happened(Happened::LoadFailed(problems));
    assert_eq!(a.chronology.events.len(), before);
    assert_eq!(current_id(&a), "hamas-assault");
    assert_eq!(a.mode, Mode::Problems { selected: 0 });
    assert_eq!(a.problems.len(), 2);
    press(&mut a, "j");
    assert_eq!(a.mode, Mode::Problems { selected: 1 });
    press(&mut a, "j");
    assert_eq!(a.mode, Mode::Problems { selected: 1 }, "stops at the last");
    press(&mut a, "Enter");
    assert_eq!(
        a.take_requests(),
        [Request::EditFile {
            path: "data/c.yaml".into(),
            line: Some(121)
        }]
    );
    press(&mut a, "Esc");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.problems.len(), 2, "hidden, still counted");
    press(&mut a, "p");
    assert_eq!(a.mode, Mode::Problems { selected: 0 });
    // A good reload clears them.
    a.happened(Happened::Loaded(Box::new(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    )));
    assert!(a.problems.is_empty());
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn e_asks_for_the_event_or_the_chosen_citation() {
    let mut a = file_app();
    select_id(&mut a, "hamas-assault");
    press(&mut a, "e");
    assert_eq!(
        a.take_requests(),
        [Request::EditEvent {
            id: "hamas-assault".into(),
            citation: None
        }]
    );
    press(&mut a, "] e");
    assert_eq!(
        a.take_requests(),
        [Request::EditEvent {
            id: "hamas-assault".into(),
            citation: Some(0)
        }]
    );
    // Moving on forgets the choice.
    press(&mut a, "j e");
    assert!(matches!(
        a.take_requests().as_slice(),
        [Request::EditEvent { citation: None, .. }]
    ));
}

/// The viewer handles the keys that have arrived, then a finished load, then the requests: a
/// reload landing between `e` (or `q`) and the viewer acting on it must not swallow the key.
#[test]
fn a_reload_between_a_key_and_its_effect_keeps_the_request_and_the_quit() {
    let mut a = file_app();
    select_id(&mut a, "hamas-assault");
    press(&mut a, "] e");
    let new = edited(
        "title: Hamas attacks southern Israel",
        "title: Hamas attacks (edited)",
    );
    a.happened(Happened::Loaded(Box::new(new.clone())));
    assert_eq!(
        a.take_requests(),
        [Request::EditEvent {
            id: "hamas-assault".into(),
            citation: Some(0)
        }]
    );
    assert!(!a.should_quit);
    press(&mut a, "q");
    a.happened(Happened::Loaded(Box::new(new)));
    assert!(a.should_quit, "q pressed as the reload landed still quits");
}

#[test]
fn e_in_the_source_pane_opens_the_document_at_the_passage_else_the_top_line() {
    let mut a = file_app();
    select_id(&mut a, "kerman-bombings");
    press(&mut a, "Enter");
    let requests = a.take_requests();
    assert!(requests.is_empty());
    let edit_line = |a: &mut sourceline::App| {
        press(a, "e");
        let requests = a.take_requests();
        let [
            Request::EditFile {
                path,
                line: Some(line),
            },
        ] = requests.as_slice()
        else {
            panic!("{requests:?}");
        };
        assert_eq!(
            path,
            &std::path::Path::new("data").join("../seeds/reuters-us-warned-iran-2024-01.txt")
        );
        *line
    };
    let line_of = |a: &sourceline::App, at: usize| {
        let source = &a.chronology.sources[a.source.source.unwrap()];
        source.text[..at].matches('\n').count() + 1
    };
    // The passage is on screen: the line it begins on, not the top of the view.
    let passage = a.current_passage().unwrap();
    let top = a.source.lines[a.source.scroll].start;
    assert_ne!(line_of(&a, passage.start), line_of(&a, top));
    assert_eq!(edit_line(&mut a), line_of(&a, passage.start));
    // Scrolled away from it: the line at the top.
    press(&mut a, "G");
    let top = a.source.lines[a.source.scroll].start;
    assert!(
        a.source.lines.partition_point(|l| l.start <= passage.start) - 1 < a.source.scroll,
        "the passage is above the view"
    );
    assert_eq!(edit_line(&mut a), line_of(&a, top));
}

#[test]
fn the_embedded_chronology_is_neither_edited_nor_reloaded() {
    let mut a = app(120, 40);
    press(&mut a, "e");
    assert!(a.take_requests().is_empty());
    assert!(
        a.message.as_deref().unwrap().contains("sourceline init"),
        "{:?}",
        a.message
    );
    press(&mut a, "F5");
    assert!(a.take_requests().is_empty());
}

#[test]
fn f5_and_ctrl_r_ask_for_a_reload() {
    let mut a = file_app();
    press(&mut a, "F5 C-r");
    assert_eq!(a.take_requests(), [Request::Reload, Request::Reload]);
}

#[test]
fn the_loading_screen_names_the_file_or_the_embedded_chronology() {
    for (origin, name) in [
        (Origin::Embedded, "data/iran-us.yaml (embedded)"),
        (Origin::File("data/c.yaml".into()), "data/c.yaml"),
    ] {
        // As the viewer starts: nothing loaded yet.
        let mut a = sourceline::App::new(
            Chronology::default(),
            sourceline::Filter::default(),
            ratatui::layout::Rect::new(0, 0, 80, 24),
        );
        a.loaded = false;
        a.origin = origin;
        let screen = common::text(&common::buffer(&a, 80, 24)).join("\n");
        assert!(screen.contains(&format!("Loading {name}")), "{screen}");
    }
}

/// A reload of the shipped chronology with one title changed, through the path that parses
/// that event alone; `previous` is what the shown chronology's load left.
fn patched(
    a: &mut sourceline::App,
    previous: &sourceline::Reloadable,
    title: &str,
) -> Option<sourceline::Reloadable> {
    use sourceline::Change;
    use std::borrow::Cow;
    let yaml = embedded::YAML.replace("title: Hamas attacks southern Israel", title);
    let reloaded = sourceline::reload(
        Input::text("c.yaml", &yaml, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
        Some(previous),
    );
    let Ok(change @ Change::Patched(_)) = reloaded.result else {
        panic!("one event renamed is patched");
    };
    let kept = change.kept();
    a.loaded_with(
        |old| change.into_chronology(Cow::Owned(old)),
        kept.as_deref(),
    );
    reloaded.next
}

#[test]
fn a_reload_that_parses_one_event_keeps_the_place_filters_and_search() {
    let first = sourceline::reload(
        Input::text("c.yaml", embedded::YAML, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
        None,
    );
    let previous = first.next.expect("the shipped chronology reloads in part");
    // A short screen, so the timeline scrolls: from the last event up to one in the middle
    // leaves that one at the top, where a fresh selection would not put it.
    let mut a = common::app(120, 12);
    a.origin = Origin::File("data/c.yaml".into());
    press(&mut a, "/");
    common::type_text(&mut a, "assault");
    press(&mut a, "Enter");
    let matches = a.search.as_ref().unwrap().count();
    press(&mut a, "G");
    while current_id(&a) != "hamas-assault" {
        press(&mut a, "k");
    }
    assert!(a.timeline_offset > 0, "the timeline scrolled");
    let row = a.row_of[a.selected] - a.timeline_offset;
    a.detail_scroll = 2;
    let previous = patched(&mut a, &previous, "title: Hamas attacks (edited)").unwrap();
    assert_eq!(current_id(&a), "hamas-assault");
    assert_eq!(
        a.chronology.events[a.current_event().unwrap()].title,
        "Hamas attacks (edited)"
    );
    assert_eq!(a.search.as_ref().unwrap().count(), matches, "the search");
    assert_eq!(a.row_of[a.selected] - a.timeline_offset, row, "same row");
    assert_eq!(a.detail_scroll, 2);
    assert_eq!(
        a.message.as_deref(),
        Some("reloaded: 12 events, 23 citations")
    );
    // The filter, by actor id.
    press(&mut a, "a");
    common::type_text(&mut a, "hamas");
    press(&mut a, "Space Enter");
    let shown = a.visible.len();
    assert!(shown < a.chronology.events.len());
    patched(&mut a, &previous, "title: Hamas attacks again");
    assert_eq!(a.visible.len(), shown, "the actor filter is kept");
    assert_eq!(current_id(&a), "hamas-assault");
}

#[test]
fn the_drafts_and_review_filters_survive_a_reload() {
    let drafted = |title: &str| {
        edited(
            "    title: Hamas attacks southern Israel\n",
            &format!("    title: {title}\n    draft: true\n"),
        )
    };
    let mut a = file_app();
    a.replace_chronology(drafted("Hamas attacks southern Israel"));
    press(&mut a, "D 1");
    assert!(a.drafts_only && a.by_review.single_sourced);
    let shown: Vec<String> = a
        .visible
        .iter()
        .map(|&e| a.chronology.events[e].id.clone())
        .collect();
    assert_eq!(shown, ["hamas-assault"], "one draft, and it has one source");
    a.happened(Happened::Loaded(Box::new(drafted("Hamas attacks"))));
    assert!(a.drafts_only && a.by_review.single_sourced);
    assert_eq!(
        a.visible.len(),
        1,
        "both filters still apply after the reload"
    );
    assert_eq!(current_id(&a), "hamas-assault");
    // A reload that leaves no draft shows every event again, rather than none.
    a.happened(Happened::Loaded(Box::new(edited(
        "title: Hamas attacks southern Israel",
        "title: Hamas attacks",
    ))));
    assert!(!a.drafts_only);
}

#[test]
fn a_loaded_chronology_is_searchable_before_and_after_its_index_is_folded() {
    let loaded = || {
        Box::new(edited(
            "title: Hamas attacks southern Israel",
            "title: Hamas attacks",
        ))
    };
    // Folded between keys: a loaded chronology is shown first.
    let mut a = file_app();
    a.happened(Happened::Loaded(loaded()));
    assert!(
        a.is_catching_up(),
        "the index is folded after the first frame"
    );
    a.catch_up();
    assert!(!a.is_catching_up(), "the shipped chronology is one run");
    press(&mut a, "/");
    common::type_text(&mut a, "assault");
    let folded = a.search.as_ref().unwrap().count();
    assert!(folded > 0);
    // A search before then folds what is left first, and finds the same.
    let mut b = file_app();
    b.happened(Happened::Loaded(loaded()));
    assert!(b.is_catching_up());
    press(&mut b, "/");
    common::type_text(&mut b, "assault");
    assert_eq!(b.search.as_ref().unwrap().count(), folded);
    assert!(!b.is_catching_up());
}

/// The app after `yaml` is reloaded over `a`'s chronology, patched where it can be.
fn reloaded_over(
    a: &mut sourceline::App,
    previous: &sourceline::Reloadable,
    yaml: &str,
) -> sourceline::Reloadable {
    let reader = MemorySources(embedded::SOURCES);
    let r = sourceline::reload(
        Input::text("c.yaml", yaml, &reader),
        &LoadOptions::default(),
        Some(previous),
    );
    let change = r.result.expect("the edited chronology loads");
    assert!(matches!(change, sourceline::Change::Patched(_)));
    let kept = change.kept();
    a.loaded_with(
        |old| change.into_chronology(std::borrow::Cow::Owned(old)),
        kept.as_deref(),
    );
    r.next.expect("reloadable again")
}

#[test]
fn a_patch_that_moves_no_mark_keeps_the_lanes_and_one_that_does_rebuilds_them() {
    let reader = MemorySources(embedded::SOURCES);
    let first = sourceline::reload(
        Input::text("c.yaml", embedded::YAML, &reader),
        &LoadOptions::default(),
        None,
    );
    let previous = first.next.unwrap();
    let mut a = file_app();
    a.replace_chronology(match first.result {
        Ok(sourceline::Change::Loaded(c)) => c,
        _ => panic!("the shipped chronology loads"),
    });
    select_id(&mut a, "hamas-assault");
    press(&mut a, "L");
    assert!(a.lanes.on);
    let generation = a.lanes.index.generation;
    // The lanes a fresh view builds on `a`'s chronology, to compare with `a`'s.
    let index = |a: &sourceline::App| {
        let mut index = a.lanes.index.clone();
        index.generation = 0;
        format!("{index:?}")
    };
    let built = |a: &sourceline::App| {
        let mut fresh = file_app();
        fresh.replace_chronology(a.chronology.clone());
        press(&mut fresh, "L");
        index(&fresh)
    };
    // Retitled: the same marks, the index kept.
    let retitled = embedded::YAML.replace(
        "title: Hamas attacks southern Israel",
        "title: Hamas attacks",
    );
    let previous = reloaded_over(&mut a, &previous, &retitled);
    assert_eq!(a.lanes.index.generation, generation, "kept");
    assert_eq!(
        index(&a),
        built(&a),
        "the kept lanes are the lanes built afresh"
    );
    // Moved a day: built again.
    let redated = retitled.replace(
        "  - id: hamas-assault\n    date: \"2023-10-07\"",
        "  - id: hamas-assault\n    date: \"2023-10-08\"",
    );
    assert_ne!(redated, retitled);
    reloaded_over(&mut a, &previous, &redated);
    assert_ne!(a.lanes.index.generation, generation, "rebuilt");
    assert_eq!(index(&a), built(&a));
}
