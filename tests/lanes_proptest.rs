//! Properties of the lanes view, on random chronologies and random sessions:
//! - every event appears in exactly its actors' lanes, in the column its date maps to at the
//!   current zoom; intervals cover exactly their columns with a bar and what a date leaves open
//!   fades, as the model says and as the screen draws (checked against rules written out here
//!   again, not through the model's own functions);
//! - from 1×1 to 300×100, whatever the keys, the wheel and the clicks did, drawing the lanes
//!   never panics and nothing is drawn outside the frame;
//! - in random sessions mixing the lanes' keys with the list's, filters, search and dates, the
//!   lane cursor stays on a lane holding the selected event whenever a shown lane holds it.

mod common;

use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use sourceline::model::{Actor, Chronology, Date, Event, Point, Precision};
use sourceline::{Action, App, Filter, Input, LoadOptions, Mode, load};

const ACTORS: usize = 5;

/// A date string in the data's syntax: a point at some precision and qualifier, or an interval
/// with open or closed ends, all within 2000–2012.
fn date_strategy() -> impl Strategy<Value = Date> {
    let point =
        (2000i32..2012, 0u32..3, 1u32..13, 1u32..29, 0u8..4).prop_map(|(y, precision, m, d, q)| {
            let body = match precision {
                0 => format!("{y}"),
                1 => format!("{y}-{m:02}"),
                _ => format!("{y}-{m:02}-{d:02}"),
            };
            body + ["", "~", "?", "%"][usize::from(q)]
        });
    (point.clone(), point, 0u8..6).prop_filter_map("an interval ending first", |(a, b, form)| {
        let text = match form {
            0 | 1 => a,
            2 => format!("{a}/{b}"),
            3 => format!("../{a}"),
            4 => format!("{a}/.."),
            _ => format!("{b}/{a}"),
        };
        Date::parse(&text).ok()
    })
}

fn chronology_strategy() -> impl Strategy<Value = Chronology> {
    let event = (
        date_strategy(),
        proptest::collection::btree_set(0..ACTORS, 0..=3),
    );
    proptest::collection::vec(event, 1..40).prop_map(|events| {
        let mut events: Vec<Event> = events
            .into_iter()
            .enumerate()
            .map(|(i, (date, actors))| Event {
                id: format!("e{i}"),
                date,
                title: format!("Event {i}"),
                actors: actors.into_iter().collect(),
                summary: None,
                tags: sourceline::model::Few::new(),
                related: sourceline::model::Few::new(),
                citations: Vec::new(),
                draft: false,
                links: Vec::new(),
            })
            .collect();
        events.sort_by_key(|e| e.date.sort_key());
        let mut chronology = Chronology {
            title: "random".into(),
            actors: (0..ACTORS)
                .map(|i| Actor {
                    id: format!("a{i}"),
                    name: format!("Actor {i}"),
                    kind: "state".into(),
                    aliases: Vec::new(),
                })
                .collect(),
            events,
            ..Chronology::default()
        };
        chronology.index_passages();
        chronology
    })
}

/// Steps through the lanes: zooms, pans, keys and pointer.
#[derive(Clone, Debug)]
enum Step {
    Act(Action),
    /// Wheel over the axis (pan) or the plot (zoom) at a fraction of the width.
    Wheel {
        axis: bool,
        up: bool,
        at: u16,
    },
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        proptest::sample::select(vec![
            Action::ZoomIn,
            Action::ZoomIn,
            Action::ZoomOut,
            Action::ZoomFit,
            Action::NextInLane,
            Action::PrevInLane,
            Action::LaneDown,
            Action::LaneUp,
        ])
        .prop_map(Step::Act),
        (any::<bool>(), any::<bool>(), 0u16..100).prop_map(|(axis, up, at)| Step::Wheel {
            axis,
            up,
            at
        }),
    ]
}

fn run(app: &mut App, steps: &[Step]) {
    for step in steps {
        match *step {
            Step::Act(action) => app.update(action),
            Step::Wheel { axis, up, at } => {
                let g = app.lanes_geometry();
                let x = g.plot.x + g.plot.width.saturating_sub(1) * at / 100;
                let y = if axis { g.axis.y } else { g.plot.y };
                app.update(if up {
                    Action::WheelUp(x, y)
                } else {
                    Action::WheelDown(x, y)
                });
            }
        }
    }
}

fn day(d: chrono::NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d))
}

fn qualified(p: Point) -> bool {
    p.approximate || p.uncertain
}

fn exact(p: Point) -> bool {
    p.precision() == Precision::Day && !qualified(p)
}

/// What the rules say one lane's columns hold: marks per column, bar and fade per column.
struct Expected {
    marks: Vec<usize>,
    bar: Vec<bool>,
    fade: Vec<bool>,
}

/// `start` and `span` are in minutes (1,440 to a day); a day's mark goes in the column its first
/// minute falls in, and what covers days covers the columns from there up to the next day's
/// column (below a day per column, a day spans several).
fn expected(chronology: &Chronology, actor: usize, start: i64, span: i64, width: u16) -> Expected {
    let w = i64::from(width);
    let column = |d: i64| ((d * 1440 - start) * w).div_euclid(span);
    let through = |d: i64| column(d).max(column(d + 1) - 1);
    let mut out = Expected {
        marks: vec![0; usize::from(width)],
        bar: vec![false; usize::from(width)],
        fade: vec![false; usize::from(width)],
    };
    let cover = |cells: &mut Vec<bool>, from: i64, to: i64| {
        for c in from.max(0)..=to.min(w - 1) {
            cells[usize::try_from(c).unwrap()] = true;
        }
    };
    for event in chronology
        .events
        .iter()
        .filter(|e| e.actors.contains(&actor))
    {
        let mark = column(day(event.date.sort_key()));
        if (0..w).contains(&mark) {
            out.marks[usize::try_from(mark).unwrap()] += 1;
        }
        let span_of = |p: &Point| (day(p.first_day()), day(p.last_day()));
        match event.date {
            Date::Point(p) if !exact(p) => {
                let (a, b) = span_of(&p);
                cover(&mut out.fade, column(a), through(b));
            }
            // A certain day, and the placeholder of an undated event: nothing beyond the mark.
            Date::Point(_)
            | Date::Interval {
                start: None,
                end: None,
            } => {}
            Date::Interval {
                start: Some(s),
                end: Some(e),
            } => {
                let certain_from = day(s.last_day()) + i64::from(qualified(s));
                let certain_to = day(e.first_day()) - i64::from(qualified(e));
                if certain_from <= certain_to {
                    cover(&mut out.bar, column(certain_from), through(certain_to));
                    if day(s.first_day()) < certain_from {
                        cover(
                            &mut out.fade,
                            column(day(s.first_day())),
                            through(certain_from - 1),
                        );
                    }
                    if certain_to < day(e.last_day()) {
                        cover(
                            &mut out.fade,
                            column(certain_to + 1),
                            through(day(e.last_day())),
                        );
                    }
                } else {
                    cover(
                        &mut out.fade,
                        column(day(s.first_day())),
                        through(day(e.last_day())),
                    );
                }
            }
            Date::Interval {
                start: None,
                end: Some(e),
            } => {
                if !exact(e) {
                    let (a, b) = span_of(&e);
                    cover(&mut out.fade, column(a), through(b));
                }
                cover(&mut out.fade, mark - 3, mark - 1);
            }
            Date::Interval {
                start: Some(s),
                end: None,
            } => {
                if !exact(s) {
                    let (a, b) = span_of(&s);
                    cover(&mut out.fade, column(a), through(b));
                }
                cover(&mut out.fade, mark + 1, mark + 3);
            }
        }
    }
    out
}

fn symbol(buffer: &Buffer, x: u16, y: u16) -> char {
    buffer[(x, y)].symbol().chars().next().unwrap_or(' ')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_event_is_in_its_actors_lanes_at_its_dates_columns(
        chronology in chronology_strategy(),
        width in 40u16..=300,
        steps in proptest::collection::vec(step_strategy(), 0..12),
    ) {
        let height = 40;
        let mut app = App::new(chronology, Filter::default(), Rect::new(0, 0, width, height));
        app.update(Action::ToggleLanes);
        run(&mut app, &steps);
        let g = app.lanes_geometry();
        let plot_width = g.plot.width;
        let view = app.lanes.viewport(plot_width).expect("dated events");
        // Every actor with events has a lane (there are rows for all), and no other does.
        let mut with_events: Vec<usize> = (0..ACTORS)
            .filter(|a| app.chronology.events.iter().any(|e| e.actors.contains(a)))
            .collect();
        let mut keys: Vec<usize> = app.lanes.index.lanes.iter().map(|l| l.key).collect();
        keys.sort_unstable();
        with_events.sort_unstable();
        prop_assert_eq!(&keys, &with_events);
        prop_assert!(g.rows() >= keys.len());

        let buffer = common::buffer(&app, width, height);
        for lane in 0..app.lanes.index.lanes.len() {
            let actor = app.lanes.index.lanes[lane].key;
            let want = expected(&app.chronology, actor, view.start, view.span, plot_width);
            let cells = app.lanes.cells(&app.chronology, &app.clock, lane, plot_width, None);
            let y = g.plot.y + u16::try_from(lane).unwrap();
            for (c, &cell) in cells.iter().enumerate() {
                prop_assert_eq!(cell.marks, want.marks[c], "marks, lane {} column {}", lane, c);
                prop_assert_eq!(cell.bar, want.bar[c], "bar, lane {} column {}", lane, c);
                prop_assert_eq!(cell.fade, want.fade[c], "fade, lane {} column {}", lane, c);
                let drawn = symbol(&buffer, g.plot.x + u16::try_from(c).unwrap(), y);
                let ok = match want.marks[c] {
                    0 if want.bar[c] => drawn == '━',
                    0 if want.fade[c] => drawn == '░',
                    0 => drawn == ' ' || drawn == '·',
                    1 => drawn == '●' || drawn == '○',
                    n @ 2..=9 => drawn.to_digit(10) == u32::try_from(n).ok(),
                    _ => drawn == '+',
                };
                prop_assert!(ok, "lane {} column {} drawn {:?}", lane, c, drawn);
            }
        }
    }

    #[test]
    fn lanes_draw_at_any_size_and_only_inside_the_frame(
        kind in 0u8..4,
        sizes in proptest::collection::vec((1u16..=300, 1u16..=100), 1..6),
        steps in proptest::collection::vec(step_strategy(), 0..10),
        tags in any::<bool>(),
    ) {
        let chronology = match kind {
            0 => load(Input::Embedded, &LoadOptions::default()).result.unwrap(),
            1 => Chronology::default(),
            2 => common::generated(
                common::generator::Spec { events: 1, actors: 3, sources: 1, seed: 5 },
                &|_| "one".into(),
            ),
            _ => common::generated(
                common::generator::Spec { events: 150, actors: 24, sources: 2, seed: 7 },
                &|i| format!("{}{i}", "漢字تهران👩‍👩‍👧 wide ".repeat(i % 7)),
            ),
        };
        let (w0, h0) = sizes[0];
        let mut app = App::new(chronology, Filter::default(), Rect::new(0, 0, w0, h0));
        app.update(Action::ToggleLanes);
        if tags {
            app.update(Action::LaneGrouping);
        }
        for &(w, h) in &sizes {
            app.update(Action::Resize(w, h));
            run(&mut app, &steps);
            app.update(Action::ClickAt(w / 2, h / 3));
            // The frame sits inside a larger screen: whatever lies outside it stays blank.
            let frame = Rect::new(3, 2, w, h);
            let backend = TestBackend::new(w + 6, h + 4);
            let mut terminal = Terminal::with_options(
                backend,
                TerminalOptions { viewport: Viewport::Fixed(frame) },
            )
            .unwrap();
            terminal.draw(|f| sourceline::render(f, &app)).unwrap();
            let screen = terminal.backend().buffer();
            for y in 0..h + 4 {
                for x in 0..w + 6 {
                    if !frame.contains(ratatui::layout::Position::new(x, y)) {
                        prop_assert_eq!(screen[(x, y)].symbol(), " ", "drawn outside at {},{}", x, y);
                    }
                }
            }
            let g = app.lanes_geometry();
            let full = Rect::new(0, 0, w, h);
            for r in [g.labels, g.axis, g.plot, app.areas.strip] {
                prop_assert!(r.area() == 0 || full.contains(r.as_position())
                    && r.right() <= w && r.bottom() <= h, "{:?} outside {:?}", r, full);
            }
        }
    }
}

/// Any key the viewer knows, weighted towards the lanes'.
fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let chars: Vec<char> = "LLLLSThhlljjkk++--0 jkgGnNxat/:d{}[]?2018-0123456789"
        .chars()
        .collect();
    prop_oneof![
        8 => proptest::sample::select(chars).prop_map(|c| {
            let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            KeyEvent::new(KeyCode::Char(c), m)
        }),
        2 => proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
        ])
        .prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn the_lane_cursor_stays_with_the_selection(
        kind in 0u8..2,
        keys in proptest::collection::vec(key_strategy(), 1..80),
        clicks in proptest::collection::vec((0u16..120, 0u16..40), 0..4),
    ) {
        let chronology = if kind == 0 {
            load(Input::Embedded, &LoadOptions::default()).result.unwrap()
        } else {
            common::generated(
                common::generator::Spec { events: 200, actors: 12, sources: 2, seed: 11 },
                &|i| format!("Event {i}"),
            )
        };
        let mut app = App::new(chronology, Filter::default(), Rect::new(0, 0, 120, 40));
        let mut clicks = clicks.into_iter();
        for (i, key) in keys.into_iter().enumerate() {
            if let Some(action) = app.action_for(&TermEvent::Key(key)) {
                app.update(action);
            }
            if i % 16 == 15 && let Some((x, y)) = clicks.next() {
                app.update(Action::ClickAt(x, y));
            }
            if app.should_quit {
                break;
            }
            common::draw(&app, 120, 40);
            if !app.lanes.on || !matches!(app.mode, Mode::Normal) {
                continue;
            }
            let Some(event) = app.current_event() else { continue };
            let rows = app.lanes_geometry().rows();
            let grouping = app.lanes.grouping;
            let shown: Vec<usize> = app
                .lanes
                .index
                .lanes_of(&app.chronology, event, grouping)
                .filter(|&l| l < rows)
                .collect();
            let dated = app.selected_mark().is_some();
            if dated && !shown.is_empty() {
                prop_assert!(
                    shown.contains(&app.lanes.lane),
                    "lane {} does not hold the selection (its lanes: {:?})",
                    app.lanes.lane,
                    shown
                );
            }
            prop_assert!(app.lanes.lane < app.lanes.index.lanes.len().max(1));
        }
    }
}
