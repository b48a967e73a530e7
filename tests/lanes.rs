//! The lanes view and the overview strip: snapshots on the shipped chronology and a generated
//! one, the keys, the mouse, styles under colour and `NO_COLOR`, and what a reload keeps.

mod common;

use chrono::{Datelike as _, NaiveDate};
use common::{app, buffer, current_id, draw, press, select_id, text, type_text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use sourceline::keymap::Context;
use sourceline::model::Date;
use sourceline::{Action, App, Filter, Focus, Grouping, Input, LoadOptions, Theme, load};

/// The lanes' axis counts minutes, from day numbers counted as chrono's days from the Common Era.
const MINUTES_PER_DAY: i64 = 24 * 60;

/// The day number the lanes' axis places `date` at.
fn day_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The minute the lanes' axis places the start of `day` at.
fn minute_of(day: i32) -> i64 {
    i64::from(day) * MINUTES_PER_DAY
}

/// `minutes` rounded down to whole days: a zoom of a day or more per column keeps whole days.
fn whole_days(minutes: i64) -> i64 {
    minutes / MINUTES_PER_DAY * MINUTES_PER_DAY
}

/// The generated 1,000-event chronology the snapshots use.
fn generated_app(width: u16, height: u16) -> App {
    let spec = common::generator::Spec {
        events: 1_000,
        actors: 30,
        sources: 5,
        seed: 3,
    };
    let chronology = common::generated(spec, &|i| format!("Event {i}"));
    App::new(
        chronology,
        Filter::default(),
        Rect::new(0, 0, width, height),
    )
}

/// The rows of the screen the strip is drawn on, as text.
fn strip_rows(app: &App, buffer: &Buffer) -> String {
    let strip = app.areas.strip;
    assert!(strip.height > 0, "the strip is shown");
    let lines = text(buffer);
    (strip.y..strip.bottom())
        .map(|y| {
            lines[usize::from(y)]
                .chars()
                .skip(usize::from(strip.x))
                .take(usize::from(strip.width))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lane row whose label contains `name`.
fn lane_row(app: &App, name: &str) -> u16 {
    let g = app.lanes_geometry();
    let lane = (0..g.rows())
        .find(|&l| app.lanes.name(&app.chronology, l) == name)
        .unwrap_or_else(|| panic!("no lane {name}"));
    g.plot.y + u16::try_from(lane).unwrap()
}

/// The screen column of `id`'s mark at the current zoom.
fn mark_column(app: &App, id: &str) -> u16 {
    let g = app.lanes_geometry();
    let event = app.chronology.events.iter().find(|e| e.id == id).unwrap();
    // A point of days is marked at the start of the first day it can mean (UTC: the shipped
    // chronology names no zone).
    let Date::Point(point) = event.date else {
        panic!("{id} is not dated by one point");
    };
    let day = minute_of(day_of(point.first_day()));
    let view = app.lanes.viewport(g.plot.width).unwrap();
    g.plot.x + u16::try_from(view.column(day, g.plot.width)).unwrap()
}

#[test]
fn lanes_shipped_120x40() {
    let mut app = app(120, 40);
    press(&mut app, "L");
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn lanes_shipped_80x24() {
    let mut app = app(80, 24);
    press(&mut app, "L");
    insta::assert_snapshot!(draw(&app, 80, 24).backend());
}

#[test]
fn lanes_shipped_zoomed_on_january_2024() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "L + + + + + + + + +");
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn lanes_generated_1000_120x40() {
    let mut app = generated_app(120, 40);
    press(&mut app, "L");
    insta::assert_snapshot!(draw(&app, 120, 40).backend());
}

#[test]
fn strip_shipped_120x40() {
    let mut app = app(120, 40);
    select_id(&mut app, "us-withdrawal");
    let timeline = strip_rows(&app, &buffer(&app, 120, 40));
    press(&mut app, "L + +");
    let lanes = strip_rows(&app, &buffer(&app, 120, 40));
    insta::assert_snapshot!(format!("timeline:\n{timeline}\nlanes, zoomed:\n{lanes}"));
}

#[test]
fn strip_shipped_80_columns() {
    // The strip needs 30 rows; at 80×24 it gives way (see `the_strip_gives_way_on_small_terminals`).
    let mut app = app(80, 30);
    select_id(&mut app, "hamas-assault");
    let timeline = strip_rows(&app, &buffer(&app, 80, 30));
    press(&mut app, "L");
    let lanes = strip_rows(&app, &buffer(&app, 80, 30));
    insta::assert_snapshot!(format!("timeline:\n{timeline}\nlanes:\n{lanes}"));
}

#[test]
fn strip_generated_1000_120x40() {
    let mut app = generated_app(120, 40);
    app.update(Action::Select(500));
    insta::assert_snapshot!(strip_rows(&app, &buffer(&app, 120, 40)));
}

#[test]
fn the_strip_gives_way_on_small_terminals_and_to_its_key() {
    let app = app(80, 24);
    assert_eq!(app.areas.strip.height, 0);
    // Density, periods and ticks for the shipped chronology, which has periods; no periods'
    // row for one without.
    let mut app = common::app(120, 40);
    assert_eq!(app.areas.strip.height, 3);
    assert_eq!(generated_app(120, 40).areas.strip.height, 2);
    let timeline = app.areas.timeline;
    press(&mut app, "S");
    assert_eq!(app.areas.strip.height, 0);
    assert_eq!(
        app.areas.timeline.height,
        timeline.height + 3,
        "the list takes it back"
    );
    assert!(app.message.as_deref().unwrap().contains("S shows it"));
    press(&mut app, "S");
    assert_eq!(app.areas.strip.height, 3);
}

#[test]
fn the_periods_row_labels_each_period_where_there_is_room() {
    // The nuclear deal (2015 – 2018) as a closed band, the attacks since 7 October 2023 as one
    // column at the strip's right end; each titled where there is room.
    let mut app = app(120, 40);
    let rows = strip_rows(&app, &buffer(&app, 120, 40));
    let periods = rows.lines().nth(1).unwrap();
    assert!(periods.contains("Nuclear deal in force ├"), "{rows}");
    assert!(periods.contains('┤') && periods.contains('│'), "{rows}");
    // The periods' row sits between the density and the ticks.
    assert!(rows.lines().nth(2).unwrap().contains("2000"), "{rows}");
    // The list's strip is 48 columns wide, too narrow for the second title; the lanes' strip
    // spans the screen and names both.
    press(&mut app, "L");
    let rows = strip_rows(&app, &buffer(&app, 120, 40));
    let periods = rows.lines().nth(1).unwrap();
    assert!(periods.contains("Nuclear deal in force"), "{rows}");
    assert!(periods.contains("Attacks b…"), "{rows}");
}

#[test]
fn l_toggles_the_lanes_with_one_selection_for_both_views() {
    let mut app = app(120, 40);
    select_id(&mut app, "us-withdrawal");
    press(&mut app, "L");
    assert!(app.lanes.on);
    assert_eq!(app.contexts(), [Context::Lanes, Context::Global]);
    assert_eq!(current_id(&app), "us-withdrawal");
    press(&mut app, "l");
    assert_eq!(current_id(&app), "biden-revival");
    press(&mut app, "L");
    assert!(!app.lanes.on);
    assert_eq!(
        current_id(&app),
        "biden-revival",
        "the list shows the same event"
    );
    let screen = text(&buffer(&app, 120, 40));
    assert!(
        screen
            .iter()
            .any(|l| l.starts_with("┃▶") && l.contains("Biden's attempts"))
    );
}

#[test]
fn the_first_lanes_are_the_most_frequent_actors() {
    let mut app = app(120, 40);
    press(&mut app, "L");
    let names: Vec<&str> = (0..4).map(|l| app.lanes.name(&app.chronology, l)).collect();
    assert_eq!(names[..2], ["United States", "Iran"]);
    let all: Vec<&str> = (0..app.lanes.index.lanes.len())
        .map(|l| app.lanes.name(&app.chronology, l))
        .collect();
    for actor in ["Hamas", "Islamic State", "Israel", "Donald Trump"] {
        assert!(all.contains(&actor), "{actor} has a lane");
    }
}

#[test]
fn the_dates_put_the_events_where_they_are() {
    let mut app = app(120, 40);
    press(&mut app, "L");
    let g = app.lanes_geometry();
    let view = app.lanes.viewport(g.plot.width).unwrap();
    let screen = text(&buffer(&app, 120, 40));
    // The tick of a year starts in the column of its 1 January; each event sits after the
    // tick of its year and before the next one.
    let tick = |year: i32| {
        let day = day_of(NaiveDate::from_ymd_opt(year, 1, 1).unwrap());
        g.plot.x + u16::try_from(view.column(minute_of(day), g.plot.width)).unwrap()
    };
    for (id, lane, year) in [
        ("nuclear-deal", "Iran", 2015),
        ("us-withdrawal", "Donald Trump", 2018),
        ("hamas-assault", "Hamas", 2023),
        ("kerman-bombings", "Islamic State", 2024),
    ] {
        let x = mark_column(&app, id);
        let y = lane_row(&app, lane);
        assert!(tick(year) <= x && x <= tick(year + 1), "{id} in {year}");
        let glyph = screen[usize::from(y)].chars().nth(usize::from(x)).unwrap();
        assert!(matches!(glyph, '●' | '○' | '2'..='9'), "{id}: {glyph}");
    }
    // The 2015 deal, the 2018 withdrawal and 7 October are in order, left to right.
    assert!(mark_column(&app, "nuclear-deal") < mark_column(&app, "us-withdrawal"));
    assert!(mark_column(&app, "us-withdrawal") < mark_column(&app, "hamas-assault"));
}

#[test]
fn h_and_l_step_through_the_lane_in_date_order() {
    let mut app = app(120, 40);
    press(&mut app, "L");
    assert_eq!(
        app.lanes.name(&app.chronology, app.lanes.lane),
        "United States"
    );
    let mut seen = vec![current_id(&app)];
    for _ in 0..20 {
        press(&mut app, "l");
        if seen.last() == Some(&current_id(&app)) {
            break;
        }
        seen.push(current_id(&app));
    }
    let us = app
        .chronology
        .actors
        .iter()
        .position(|a| a.id == "united-states");
    let expected: Vec<String> = app
        .chronology
        .events
        .iter()
        .filter(|e| e.actors.contains(&us.unwrap()))
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(app.message.as_deref(), Some("no later event in this lane"));
    press(&mut app, "h");
    assert_eq!(current_id(&app), expected[expected.len() - 2]);
}

#[test]
fn j_and_k_move_between_lanes_to_the_nearest_event() {
    let mut app = app(120, 40);
    select_id(&mut app, "us-withdrawal");
    press(&mut app, "L");
    let trump = (0..app.lanes.index.lanes.len())
        .find(|&l| app.lanes.name(&app.chronology, l) == "Donald Trump")
        .unwrap();
    // Down from the United States to Trump's lane, one lane at a time.
    for _ in 0..trump {
        press(&mut app, "j");
    }
    assert_eq!(app.lanes.lane, trump);
    assert_eq!(current_id(&app), "us-withdrawal", "Trump's only event");
    press(&mut app, "k");
    let above = app.lanes.name(&app.chronology, trump - 1).to_string();
    assert_eq!(app.lanes.lane, trump - 1);
    let event = &app.chronology.events[app.current_event().unwrap()];
    assert!(
        app.chronology.actor_names(event).contains(&above.as_str()),
        "the selection is in the lane above ({above})"
    );
    press(&mut app, "k k k k k k k k k k k k k k");
    assert_eq!(app.lanes.lane, 0, "k stops at the top lane");
}

#[test]
fn plus_and_minus_zoom_around_the_selection_and_0_fits_all() {
    let mut app = app(120, 40);
    select_id(&mut app, "hamas-assault");
    press(&mut app, "L");
    let width = app.lanes_geometry().plot.width;
    let fit = app.lanes.viewport(width).unwrap();
    let g = app.lanes_geometry();
    assert!(mark_column(&app, "hamas-assault") > g.plot.x + width * 3 / 4);
    press(&mut app, "+");
    let zoomed = app.lanes.viewport(width).unwrap();
    assert_eq!(zoomed.span, whole_days(fit.span / 2));
    // Near the edge, the selection is brought in to the middle half, as far as the whole
    // chronology reaches, then keeps its column.
    assert_eq!(
        zoomed.start + zoomed.span,
        fit.start + fit.span,
        "against the end"
    );
    press(&mut app, "+ + +");
    assert_eq!(
        app.lanes.viewport(width).unwrap().span,
        whole_days(fit.span / 16)
    );
    let column = g.plot.x + width - 1 - width / 4;
    assert_eq!(mark_column(&app, "hamas-assault"), column);
    press(&mut app, "+");
    assert!(mark_column(&app, "hamas-assault").abs_diff(column) <= 1);
    press(&mut app, "- -");
    let span = app.lanes.viewport(width).unwrap().span;
    assert!(
        (span - fit.span / 8).abs() <= 8 * MINUTES_PER_DAY,
        "halved five times, doubled twice"
    );
    press(&mut app, "0");
    assert_eq!(app.lanes.zoom, None);
    assert_eq!(app.lanes.viewport(width).unwrap(), fit);
    press(&mut app, "-");
    assert_eq!(app.message.as_deref(), Some("everything is in view"));
    for _ in 0..40 {
        press(&mut app, "+");
    }
    assert_eq!(
        app.lanes.viewport(width).unwrap().span,
        i64::from(width) * 60,
        "an hour per column at most"
    );
    assert_eq!(
        app.message.as_deref(),
        Some("closest zoom: an hour per column")
    );
}

#[test]
fn a_selection_out_of_view_brings_the_view_to_it() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "L + + + + + + + +");
    let width = app.lanes_geometry().plot.width;
    press(&mut app, "g");
    // `g` is the list's key; the lanes reach the first event through the jump back instead.
    assert_eq!(current_id(&app), "kerman-bombings");
    app.update(Action::Select(0));
    let view = app.lanes.viewport(width).unwrap();
    let day = app.selected_mark().unwrap();
    assert!((0..i64::from(width)).contains(&view.column(day, width)));
    assert_eq!(
        app.lanes.name(&app.chronology, app.lanes.lane),
        "Iran",
        "the lane stays while it holds the selection"
    );
}

#[test]
fn enter_opens_the_event_as_the_timeline_does() {
    let mut lanes = app(120, 40);
    select_id(&mut lanes, "kerman-bombings");
    press(&mut lanes, "L Enter");
    let mut list = app(120, 40);
    select_id(&mut list, "kerman-bombings");
    press(&mut list, "Enter");
    assert_eq!(lanes.focus, Focus::Source);
    assert_eq!(lanes.current_passage(), list.current_passage());
    assert_eq!(common::passage(&lanes), common::passage(&list));
    // Event and source panes stand beside each other under the lanes.
    assert!(lanes.areas.shows(Focus::Event) && lanes.areas.shows(Focus::Source));
    assert_eq!(lanes.areas.event.y, lanes.areas.source.y);
    press(&mut lanes, "Esc");
    assert_eq!(lanes.focus, Focus::Timeline, "Esc comes back to the lanes");
    assert_eq!(lanes.contexts()[0], Context::Lanes);
}

#[test]
fn t_shows_a_lane_per_tag() {
    let mut app = app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "L T");
    assert_eq!(app.lanes.grouping, Grouping::Tags);
    assert_eq!(app.lanes.name(&app.chronology, app.lanes.lane), "attack");
    let screen = text(&buffer(&app, 120, 40)).join("\n");
    assert!(screen.contains("Lanes by tag"));
    for tag in ["diplomacy", "nuclear", "warning", "history"] {
        assert!(screen.contains(tag), "{tag}");
    }
    press(&mut app, "T");
    assert_eq!(app.lanes.grouping, Grouping::Actors);
}

#[test]
fn ticked_actors_are_the_lanes_in_the_order_ticked() {
    let mut app = app(120, 40);
    let id = |app: &App, id: &str| app.chronology.actors.iter().position(|a| a.id == id);
    let filter = Filter {
        actors: vec![id(&app, "hamas").unwrap(), id(&app, "iran").unwrap()],
        ..Filter::default()
    };
    app = App::new(app.chronology, filter, Rect::new(0, 0, 120, 40));
    press(&mut app, "L");
    let names: Vec<&str> = (0..app.lanes.index.lanes.len())
        .map(|l| app.lanes.name(&app.chronology, l))
        .collect();
    assert_eq!(names, ["Hamas", "Iran"]);
}

#[test]
fn lanes_left_out_are_counted() {
    let mut app = app(80, 24);
    press(&mut app, "L");
    let rows = app.lanes_geometry().rows();
    let left = app.lanes.index.lanes.len() - rows;
    assert!(left > 0);
    let screen = text(&buffer(&app, 80, 24)).join("\n");
    assert!(screen.contains(&format!("{left} more actors not shown")));
}

#[test]
fn marks_bars_and_fades_differ_by_glyph_without_colour() {
    let mut app = app(120, 40);
    app.monochrome = true;
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "L + + + + + + + + + +");
    let buffer = buffer(&app, 120, 40);
    let screen = text(&buffer);
    let row = |lane: &str| screen[usize::from(lane_row(&app, lane))].clone();
    assert!(
        row("Iran-backed groups").contains('━'),
        "the airbase strikes: a bar"
    );
    assert!(
        row("United States").contains('░'),
        "before 2 Jan: an open start fades"
    );
    assert!(row("Islamic State").contains('●'));
    for y in 0..40 {
        for x in 0..120 {
            let c = &buffer[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
    // The selected mark is in reverse video.
    let (x, y) = (
        mark_column(&app, "kerman-bombings"),
        lane_row(&app, "Islamic State"),
    );
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_selected_mark_and_search_matches_carry_their_styles() {
    let mut app = app(120, 40);
    select_id(&mut app, "us-withdrawal");
    press(&mut app, "L / t r u m p Enter");
    press(&mut app, "Esc");
    // Search for "Hamas" while the withdrawal stays selected.
    press(&mut app, "/");
    type_text(&mut app, "hamas");
    press(&mut app, "Enter");
    select_id_in_lanes(&mut app, "us-withdrawal");
    let buffer = buffer(&app, 120, 40);
    let theme = Theme::COLOR;
    let sel = (
        mark_column(&app, "us-withdrawal"),
        lane_row(&app, "Donald Trump"),
    );
    assert_eq!(buffer[sel].bg, theme.selected.bg.unwrap());
    let hit = (mark_column(&app, "hamas-assault"), lane_row(&app, "Hamas"));
    assert_eq!(buffer[hit].bg, theme.search_hit.bg.unwrap());
    let plain = (
        mark_column(&app, "kerman-bombings"),
        lane_row(&app, "Islamic State"),
    );
    assert_eq!(buffer[plain].fg, theme.lane_mark.fg.unwrap());
}

/// Selects an event by id without leaving the lanes.
fn select_id_in_lanes(app: &mut App, id: &str) {
    let ix = app
        .chronology
        .events
        .iter()
        .position(|e| e.id == id)
        .unwrap();
    app.update(Action::Select(ix));
}

#[test]
fn a_click_selects_the_event_under_it_and_the_wheel_zooms_or_pans() {
    let mut app = app(120, 40);
    press(&mut app, "L");
    let (x, y) = (mark_column(&app, "nuclear-deal"), lane_row(&app, "Iran"));
    app.update(Action::ClickAt(x, y));
    assert_eq!(current_id(&app), "nuclear-deal");
    assert_eq!(app.lanes.name(&app.chronology, app.lanes.lane), "Iran");
    // A click beside a mark, within two columns, takes it too.
    let (x, y) = (
        mark_column(&app, "us-withdrawal") + 1,
        lane_row(&app, "Donald Trump"),
    );
    app.update(Action::ClickAt(x, y));
    assert_eq!(current_id(&app), "us-withdrawal");

    let width = app.lanes_geometry().plot.width;
    let fit = app.lanes.viewport(width).unwrap();
    app.update(Action::WheelUp(x, y));
    assert_eq!(
        app.lanes.viewport(width).unwrap().span,
        whole_days(fit.span / 2),
        "wheel up zooms in"
    );
    let zoomed = app.lanes.viewport(width).unwrap();
    let axis = app.lanes_geometry().axis;
    app.update(Action::WheelUp(axis.x + 5, axis.y));
    let panned = app.lanes.viewport(width).unwrap();
    assert_eq!(panned.span, zoomed.span, "the wheel on the axis pans");
    assert!(panned.start < zoomed.start);
    app.update(Action::WheelDown(x, y));
    app.update(Action::WheelDown(x, y));
    assert_eq!(app.lanes.viewport(width).unwrap(), fit);
}

#[test]
fn a_click_on_the_strip_goes_there() {
    let mut app = app(120, 40);
    let strip = app.areas.strip;
    let view = app.lanes.fit(strip.width).unwrap();
    let column_of = |app: &App| {
        let day = app.selected_mark().unwrap();
        strip.x + u16::try_from(view.column(day, strip.width)).unwrap()
    };
    select_id(&mut app, "kerman-bombings");
    let kerman = column_of(&app);
    press(&mut app, "g");
    app.update(Action::ClickAt(kerman, strip.y));
    assert_eq!(column_of(&app), kerman, "an event of the column clicked");
    select_id(&mut app, "us-withdrawal");
    app.update(Action::ClickAt(strip.x + 1, strip.y + 1));
    assert_eq!(current_id(&app), "islamic-republic");
    press(&mut app, "C-o");
    assert_eq!(
        current_id(&app),
        "us-withdrawal",
        "a click on the strip is a jump, undone by Ctrl-o"
    );
}

#[test]
fn a_reload_keeps_the_lanes_and_their_zoom() {
    let mut app = app(120, 40);
    select_id(&mut app, "hamas-assault");
    press(&mut app, "L T + S");
    let zoom = app.lanes.zoom;
    app.replace_chronology(
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
    );
    assert!(app.lanes.on && !app.lanes.strip);
    assert_eq!(app.lanes.grouping, Grouping::Tags);
    assert_eq!(app.lanes.zoom, zoom);
    assert_eq!(app.lanes.name(&app.chronology, 0), "diplomacy");
}

#[test]
fn an_empty_filter_is_said() {
    let mut app = app(120, 40);
    let id = |app: &App, id: &str| app.chronology.actors.iter().position(|a| a.id == id);
    let (a, b) = (
        id(&app, "hamas").unwrap(),
        id(&app, "islamic-state").unwrap(),
    );
    let filter = Filter {
        actors: vec![a, b],
        combine: sourceline::Combine::All,
        ..Filter::default()
    };
    app = App::new(app.chronology, filter, Rect::new(0, 0, 120, 40));
    press(&mut app, "L l h j k + - 0");
    let screen = text(&buffer(&app, 120, 40)).join("\n");
    assert!(screen.contains("No events match the filter."));
}

#[test]
fn moving_to_a_lane_brings_its_event_into_view() {
    let mut app = app(120, 40);
    select_id(&mut app, "biden-revival");
    press(&mut app, "L + +");
    let width = app.lanes_geometry().plot.width;
    let islamic_state = (0..app.lanes.index.lanes.len())
        .find(|&l| app.lanes.name(&app.chronology, l) == "Islamic State")
        .unwrap();
    while app.lanes.lane < islamic_state {
        press(&mut app, "j");
    }
    assert_eq!(current_id(&app), "kerman-bombings");
    let view = app.lanes.viewport(width).unwrap();
    let column = view.column(app.selected_mark().unwrap(), width);
    assert!((0..i64::from(width)).contains(&column), "in view");
}

/// A story of one month: three events of one actor, 2 to 30 January 2024.
fn one_month_app(width: u16, height: u16) -> App {
    let yaml = "title: a month\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors:\n  - id: a\n    name: Alpha\nevents:\n  - id: first\n    date: \"2024-01-02\"\n    title: First\n    actors: [a]\n    citations:\n      - source: s\n        quote: word\n  - id: middle\n    date: \"2024-01-15\"\n    title: Middle\n    actors: [a]\n    citations:\n      - source: s\n        quote: word\n  - id: last\n    date: \"2024-01-30\"\n    title: Last\n    actors: [a]\n    citations:\n      - source: s\n        quote: word\n";
    let sources = sourceline::MemorySources(&[("s.txt", "a word here")]);
    let chronology = load(
        Input::text("month.yaml", yaml, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    App::new(
        chronology,
        Filter::default(),
        Rect::new(0, 0, width, height),
    )
}

#[test]
fn a_one_month_story_fills_the_width_and_zoom_goes_below_a_day() {
    let mut app = one_month_app(120, 40);
    select_id(&mut app, "middle");
    press(&mut app, "L");
    let g = app.lanes_geometry();
    let (left, right) = (g.plot.x, g.plot.x + g.plot.width - 1);
    // The events' own span fits the width, with about a column of margin.
    assert!(
        mark_column(&app, "first") <= left + 2,
        "{}",
        mark_column(&app, "first")
    );
    assert!(
        mark_column(&app, "last") + 8 >= right,
        "{}",
        mark_column(&app, "last")
    );
    let fit = app.lanes.viewport(g.plot.width).unwrap();
    // A month over about 100 columns is under a day per column already; zoom goes on, to an
    // hour per column.
    assert!(
        fit.span < i64::from(g.plot.width) * MINUTES_PER_DAY,
        "{fit:?}"
    );
    press(&mut app, "+ +");
    let zoomed = app.lanes.viewport(g.plot.width).unwrap();
    assert_eq!(zoomed.span, fit.span / 4);
    // The axis still labels days, each over the columns of its hours.
    let screen = text(&buffer(&app, 120, 40));
    let axis = &screen[usize::from(g.axis.y)];
    assert!(axis.contains("15"), "{axis}");
    for _ in 0..10 {
        press(&mut app, "+");
    }
    assert_eq!(
        app.lanes.viewport(g.plot.width).unwrap().span,
        i64::from(g.plot.width) * 60,
        "an hour per column"
    );
    assert_eq!(
        app.message.as_deref(),
        Some("closest zoom: an hour per column")
    );
    let middle = mark_column(&app, "middle");
    assert!(
        (left..=right).contains(&middle),
        "the selection stays in view"
    );
    press(&mut app, "0");
    assert_eq!(app.lanes.viewport(g.plot.width).unwrap(), fit);
}
