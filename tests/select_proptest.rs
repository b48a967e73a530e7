//! Random sessions of selecting, extending, dragging, scrolling and resizing never panic, keep
//! the selection on character boundaries of the shown document, and every selection can be
//! asked for a citation (which, when given, anchors to the selection without its white space).

mod common;

use proptest::prelude::*;
use sourceline::{Action, Origin, cite};

fn action() -> impl Strategy<Value = Action> {
    use Action as A;
    prop_oneof![
        4 => proptest::sample::select(vec![
            A::StartSelection,
            A::SelectWordNext,
            A::SelectWordBack,
            A::SelectWordEnd,
            A::SelectLineDown,
            A::SelectLineUp,
            A::SelectLineStart,
            A::SelectLineEnd,
            A::CancelSelection,
            A::CopyCitation,
            A::AddCitation,
            A::NewDraft,
            A::ScrollDown,
            A::ScrollPageDown,
            A::ScrollBottom,
            A::ScrollTop,
            A::NextCitation,
            A::NextEvent,
            A::OpenSource,
            A::FocusNext,
            A::ToggleDrafts,
            A::Undo,
        ]),
        1 => (0u16..130, 0u16..45).prop_map(|(x, y)| A::ClickAt(x, y)),
        2 => (0u16..130, 0u16..45).prop_map(|(x, y)| A::DragTo(x, y)),
        1 => (20u16..130, 5u16..45).prop_map(|(w, h)| A::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_selections_never_panic_and_stay_on_char_boundaries(
        steps in proptest::collection::vec(action(), 1..80),
    ) {
        let mut app = common::app(120, 40);
        app.origin = Origin::File("c.yaml".into());
        app.update(Action::OpenSource);
        for step in steps {
            app.update(step);
            app.take_requests();
            common::draw(&app, app.size.width, app.size.height);
            let Some(range) = app.selected_passage() else {
                continue;
            };
            let source = &app.chronology.sources[app.source.source.unwrap()];
            prop_assert!(source.text.get(range.clone()).is_some(), "{range:?}");
            if let Ok(cited) = cite(&source.id, &source.text, range.clone()) {
                let selected = &source.text[range];
                prop_assert_eq!(&source.text[cited.range], selected.trim());
            }
        }
    }
}
