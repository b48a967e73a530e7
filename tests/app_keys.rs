//! Key sequences drive `update` on the shipped chronology; no terminal involved.

mod common;

use common::{app, current_id, passage, press, select_id};
use sourceline::model::CitationRef;
use sourceline::{Action, Focus, Mode};

#[test]
fn starts_on_the_first_event_in_the_timeline() {
    let app = app(120, 40);
    assert_eq!(current_id(&app), "islamic-republic");
    assert_eq!(app.focus, Focus::Timeline);
    assert_eq!(app.visible.len(), app.chronology.events.len());
}

#[test]
fn j_k_g_and_end_move_the_selection_within_bounds() {
    let mut app = app(120, 40);
    press(&mut app, "k k");
    assert_eq!(app.selected, 0);
    press(&mut app, "j j Down");
    assert_eq!(app.selected, 3);
    press(&mut app, "Up");
    assert_eq!(app.selected, 2);
    press(&mut app, "G");
    assert_eq!(app.selected, app.visible.len() - 1);
    press(&mut app, "j j");
    assert_eq!(app.selected, app.visible.len() - 1);
    press(&mut app, "Home");
    assert_eq!(app.selected, 0);
    press(&mut app, "End");
    assert_eq!(app.selected, app.visible.len() - 1);
    press(&mut app, "PgUp");
    assert_eq!(
        app.selected, 0,
        "a page up from the end of a short list reaches the top"
    );
    press(&mut app, "C-d");
    assert!(app.selected > 0);
}

#[test]
fn the_selection_stays_in_view_on_a_small_terminal() {
    let mut app = app(80, 14);
    for _ in 0..app.visible.len() {
        press(&mut app, "j");
        let row = app.row_of[app.selected];
        let height = usize::from(common::inner(app.areas.timeline).height);
        assert!(row >= app.timeline_offset && row < app.timeline_offset + height);
    }
}

#[test]
fn enter_opens_the_first_passage_and_brackets_step_through_citations() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    assert_eq!(app.focus, Focus::Source);
    assert_eq!(app.citation, 0);
    assert!(passage(&app).starts_with("two suicide bombings in the southeastern city of Kerman"));
    press(&mut app, "]");
    assert_eq!(app.citation, 1);
    assert!(passage(&app).contains("claimed by the Islamic State"));
    press(&mut app, "]");
    assert_eq!(app.citation, 0, "wraps to the first citation");
    assert!(app.message.is_some());
    press(&mut app, "[");
    assert_eq!(app.citation, 1);
    press(&mut app, "N n");
    assert_eq!(app.citation, 1);
}

#[test]
fn the_passage_is_scrolled_into_view() {
    let mut app = app(80, 24);
    select_id(&mut app, "miller-transactions");
    let range = app.current_passage().unwrap();
    let line = common::line_of(&app.source.lines, range.start);
    assert!(line >= app.source.scroll);
    let height = usize::from(common::inner(app.areas.source).height) - 2;
    assert!(
        line < app.source.scroll + height,
        "line {line} scroll {}",
        app.source.scroll
    );
}

#[test]
fn ctrl_o_returns_to_where_you_were_and_ctrl_i_goes_forward() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    let before = app.location();
    press(&mut app, "Enter ]");
    assert_eq!(app.focus, Focus::Source);
    press(&mut app, "C-o");
    assert_eq!(app.location(), before);
    assert_eq!(current_id(&app), "kerman-bombings");
    assert_eq!(app.focus, Focus::Timeline);
    press(&mut app, "C-i");
    assert_eq!(app.focus, Focus::Source);
    assert_eq!(app.citation, 1);
    press(&mut app, "Backspace");
    assert_eq!(app.focus, Focus::Timeline);
    press(&mut app, "A-Right");
    assert_eq!(app.focus, Focus::Source);
}

#[test]
fn from_the_duty_to_warn_passage_enter_reaches_the_warning_event() {
    let mut app = app(120, 40);
    select_id(&mut app, "duty-to-warn-statement");
    press(&mut app, "Enter");
    assert!(passage(&app).contains("duty to warn"));
    press(&mut app, "Enter");
    let Mode::Chooser(chooser) = &app.mode else {
        panic!("two events cite the passage: a chooser lists them");
    };
    let ids: Vec<&str> = chooser
        .events
        .iter()
        .map(|&e| app.chronology.events[e].id.as_str())
        .collect();
    assert_eq!(ids, ["us-warning", "duty-to-warn-statement"]);
    press(&mut app, "Enter");
    assert_eq!(current_id(&app), "us-warning");
    assert_eq!(app.focus, Focus::Timeline);
    press(&mut app, "C-o");
    assert_eq!(current_id(&app), "duty-to-warn-statement");
    assert_eq!(app.focus, Focus::Source);
}

#[test]
fn braces_walk_every_marked_passage_in_document_order() {
    let mut app = app(120, 40);
    press(&mut app, "Enter");
    let source = app.source.source.expect("a source is shown");
    // The document's passages in text order (start, then end, then event).
    let order: Vec<CitationRef> = app.chronology.passages_of(source).to_vec();
    let start = |r: CitationRef| app.chronology.citation(r).unwrap().range.start;
    let n = order.len();
    assert!(n > 10, "{n} passages: too few to show an order");
    assert!(
        order.windows(2).all(|w| start(w[0]) <= start(w[1])),
        "passages_of is in text order"
    );
    let from = order
        .iter()
        .position(|&r| Some(r) == app.current_citation())
        .expect("the opened passage is one of the document's");

    // `}` visits each passage once, in text order from the one after the opened one, wrapping
    // at the end of the document back to where it began.
    let mut visited = Vec::new();
    for _ in 0..n {
        press(&mut app, "}");
        assert_eq!(app.focus, Focus::Source);
        visited.push(app.current_citation().unwrap());
    }
    let forward: Vec<CitationRef> = (1..=n).map(|k| order[(from + k) % n]).collect();
    assert_eq!(visited, forward);

    // `{` walks the same lap backwards.
    visited.clear();
    for _ in 0..n {
        press(&mut app, "{");
        visited.push(app.current_citation().unwrap());
    }
    let backward: Vec<CitationRef> = (1..=n).map(|k| order[(from + n - k) % n]).collect();
    assert_eq!(visited, backward);
}

#[test]
fn r_follows_related_events_with_a_chooser_when_several() {
    let mut app = app(120, 40);
    select_id(&mut app, "hamas-assault");
    press(&mut app, "r");
    assert_eq!(
        current_id(&app),
        "iraq-airbase-strikes",
        "one related event: a direct jump"
    );
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "r");
    let Mode::Chooser(chooser) = &app.mode else {
        panic!("two related events: a chooser");
    };
    assert_eq!(chooser.events.len(), 2);
    press(&mut app, "j Esc");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(current_id(&app), "kerman-bombings", "Esc cancels");
    press(&mut app, "r Enter");
    assert_eq!(current_id(&app), "us-warning");
    press(&mut app, "r j Enter");
    assert_eq!(current_id(&app), "duty-to-warn-statement");
    press(&mut app, "C-o C-o");
    assert_eq!(current_id(&app), "kerman-bombings");
}

#[test]
fn tab_cycles_focus_and_esc_returns_to_the_timeline() {
    let mut app = app(120, 40);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Event);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Source);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Timeline);
    press(&mut app, "BackTab");
    assert_eq!(app.focus, Focus::Source);
    press(&mut app, "j j k");
    assert_eq!(
        app.selected, 0,
        "j in the source pane scrolls, it does not move events"
    );
    press(&mut app, "Esc");
    assert_eq!(app.focus, Focus::Timeline);
}

#[test]
fn source_scrolling_stays_within_the_document() {
    let mut app = app(80, 24);
    press(&mut app, "Tab Tab G");
    let bottom = app.source.scroll;
    press(&mut app, "j j PgDn");
    assert_eq!(app.source.scroll, bottom);
    press(&mut app, "g");
    assert_eq!(app.source.scroll, 0);
    press(&mut app, "k PgUp");
    assert_eq!(app.source.scroll, 0);
}

#[test]
fn help_opens_and_closes_and_q_quits() {
    let mut app = app(120, 40);
    press(&mut app, "?");
    assert!(matches!(app.mode, Mode::Help { .. }));
    press(&mut app, "j");
    assert_eq!(app.selected, 0, "keys scroll the help, not the timeline");
    press(&mut app, "Esc");
    assert!(matches!(app.mode, Mode::Normal));
    press(&mut app, "q");
    assert!(app.should_quit);
    let mut app = common::app(120, 40);
    press(&mut app, "C-c");
    assert!(app.should_quit);
}

#[test]
fn clicks_select_events_and_wheels_scroll_the_pane_under_the_pointer() {
    let mut app = app(120, 40);
    let inner = common::inner(app.areas.timeline);
    let row = app.row_of[3];
    app.update(Action::ClickAt(
        inner.x + 2,
        inner.y + u16::try_from(row).unwrap(),
    ));
    assert_eq!(app.selected, 3);
    let source = app.areas.source;
    // The passage is scrolled into view, here at the end of its document: room to scroll up.
    let before = app.source.scroll;
    assert!(before >= 3, "scroll {before}");
    // A wheel notch over the source pane scrolls it by three lines; the selection stays.
    app.update(Action::WheelUp(source.x + 2, source.y + 3));
    assert_eq!(app.source.scroll, before - 3);
    assert_eq!(app.selected, 3);
    app.update(Action::WheelDown(source.x + 2, source.y + 3));
    assert_eq!(app.source.scroll, before);
    app.update(Action::ClickAt(source.x + 2, source.y + 3));
    assert_eq!(app.focus, Focus::Source);
}

#[test]
fn resizing_keeps_the_state_consistent() {
    let mut app = app(120, 40);
    select_id(&mut app, "miller-transactions");
    for (w, h) in [
        (1, 1),
        (0, 0),
        (40, 10),
        (300, 100),
        (89, 30),
        (90, 30),
        (120, 40),
    ] {
        app.update(Action::Resize(w, h));
        assert_eq!(current_id(&app), "miller-transactions");
        assert!(app.source.scroll <= app.source.lines.len());
        common::draw(&app, w, h);
    }
}
