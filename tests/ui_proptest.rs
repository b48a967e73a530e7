//! Random key, mouse and resize sequences over the shipped chronology and generated ones
//! (no events, one, many; very long titles; wide and right-to-left text; sources read as PDFs,
//! with page dividers and empty pages): rendering after every step never panics, and the
//! state's invariants hold throughout.

mod common;

use proptest::prelude::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use sourceline::model::{Chronology, Format, Page};
use sourceline::{App, Filter, Input, LoadOptions, Mode, load};

/// A chronology of `events` events titled with `title_len` characters drawn from `alphabet`; the
/// generator gives the rest wide, accented and right-to-left words, in actor names and sources too.
fn generated(events: usize, title_len: usize, alphabet: &str) -> Chronology {
    let letters: Vec<char> = alphabet.chars().collect();
    let spec = common::generator::Spec {
        events,
        actors: 24,
        sources: 2,
        seed: 7,
    };
    common::generated(spec, &|i| {
        (0..title_len)
            .map(|k| letters[(i + k) % letters.len()])
            .collect()
    })
}

fn chronology(kind: u8) -> Chronology {
    match kind {
        0 => load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap(),
        1 => Chronology::default(),
        2 => generated(1, 12, "abc"),
        3 => generated(150, 300, "Long title with words "),
        4 => generated(40, 30, "漢字تهران👩‍👩‍👧🇮🇷 wide"),
        _ => as_pdfs(generated(60, 20, "Pages of a report ")),
    }
}

/// The chronology with every source read as a PDF, a page every three lines (and an empty
/// page now and then): page dividers among the source pane's lines.
fn as_pdfs(mut chronology: Chronology) -> Chronology {
    for source in &mut chronology.sources {
        let mut starts = vec![0];
        starts.extend(
            source
                .text
                .match_indices('\n')
                .map(|(at, _)| at + 1)
                .enumerate()
                .filter(|(line, _)| line % 3 == 2)
                .flat_map(|(line, at)| std::iter::repeat_n(at, if line % 7 == 2 { 2 } else { 1 })),
        );
        source.format = Format::Pdf;
        source.pages = std::sync::Arc::new(
            starts
                .into_iter()
                .zip(1..)
                .map(|(start, number)| Page { number, start })
                .collect(),
        );
    }
    chronology
}

#[derive(Clone, Debug)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Mouse(MouseEventKind, u16, u16),
    Resize(u16, u16),
}

fn key_strategy() -> impl Strategy<Value = Step> {
    let chars = "jkgGnNqrtxa/:d{}[]?0123456789- pvwb";
    let codes = prop_oneof![
        proptest::sample::select(chars.chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
        proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
    ];
    let mods = proptest::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::SHIFT,
    ]);
    (codes, mods).prop_map(|(c, m)| Step::Key(c, m))
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => key_strategy(),
        1 => (
            proptest::sample::select(vec![
                MouseEventKind::ScrollDown,
                MouseEventKind::ScrollUp,
                MouseEventKind::Down(MouseButton::Left),
            ]),
            0u16..320,
            0u16..110
        )
            .prop_map(|(k, x, y)| Step::Mouse(k, x, y)),
        1 => prop_oneof![
            Just((0u16, 0u16)),
            Just((1, 1)),
            (0u16..=300, 0u16..=100),
        ]
        .prop_map(|(w, h)| Step::Resize(w, h)),
    ]
}

fn check_invariants(app: &App) {
    if app.visible.is_empty() {
        assert_eq!(app.current_event(), None);
    } else {
        assert!(app.selected < app.visible.len());
        let event = &app.chronology.events[app.visible[app.selected]];
        assert!(app.citation < event.citations.len().max(1));
        assert!(app.row_of[app.selected] < app.rows.len());
    }
    assert!(app.timeline_offset <= app.rows.len());
    assert!(app.source.scroll <= app.source.lines.len());
    // Page dividers: in order, among the lines, each holding no bytes.
    let dividers = &app.source.dividers;
    assert!(dividers.windows(2).all(|w| w[0].line < w[1].line));
    for d in dividers {
        assert!(
            app.source
                .lines
                .get(d.line)
                .is_some_and(std::ops::Range::is_empty)
        );
    }
    if let Some(range) = app.current_passage() {
        let text = &app.chronology.sources[app.source.source.unwrap()].text;
        assert!(text.get(range).is_some(), "passage on char boundaries");
    }
    match &app.mode {
        Mode::Chooser(c) => assert!(c.selected < c.events.len()),
        Mode::Picker(p) => assert!(p.shown.is_empty() || p.cursor < p.shown.len()),
        _ => {}
    }
    if let Some(search) = &app.search {
        assert!(search.current.is_none_or(|i| i < search.count()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_never_panic_and_keep_invariants(
        kind in 0u8..6,
        (w0, h0) in (0u16..=300, 0u16..=100),
        steps in proptest::collection::vec(step_strategy(), 1..60),
    ) {
        let mut app = App::new(chronology(kind), Filter::default(), Rect::new(0, 0, w0, h0));
        let (mut w, mut h) = (w0, h0);
        common::draw(&app, w, h);
        for step in steps {
            let event = match step {
                Step::Key(code, modifiers) => Event::Key(KeyEvent::new(code, modifiers)),
                Step::Mouse(kind, column, row) => Event::Mouse(MouseEvent {
                    kind,
                    column,
                    row,
                    modifiers: KeyModifiers::NONE,
                }),
                Step::Resize(nw, nh) => {
                    (w, h) = (nw, nh);
                    Event::Resize(nw, nh)
                }
            };
            if let Some(action) = app.action_for(&event) {
                app.update(action);
            }
            if app.should_quit {
                break;
            }
            check_invariants(&app);
            common::draw(&app, w, h);
        }
    }
}

#[test]
fn the_pdf_sessions_do_show_page_dividers() {
    let mut app = App::new(chronology(5), Filter::default(), Rect::new(0, 0, 120, 40));
    app.update(sourceline::Action::OpenSource);
    assert!(app.source.dividers.len() > 2, "{:?}", app.source.dividers);
}
