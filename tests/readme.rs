//! The README's screen capture and key table are generated from the app itself: this test
//! fails when they are stale, and rewrites them with `SOURCELINE_BLESS=1 cargo test --test readme`.

mod common;

use common::{draw, press, select_id, text};
use sourceline::app::keymap;

fn replace_block(readme: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let (Some(a), Some(b)) = (readme.find(&start), readme.find(&end)) else {
        panic!("README.md lacks the {name} markers");
    };
    format!("{}{start}{body}{}", &readme[..a], &readme[b..])
}

fn screen() -> String {
    let mut app = common::app(120, 40);
    select_id(&mut app, "kerman-bombings");
    press(&mut app, "Enter");
    let terminal = draw(&app, 120, 40);
    let lines = text(terminal.backend().buffer());
    format!("```text\n{}\n```\n", lines.join("\n").replace("```", "'''"))
}

#[test]
fn readme_screen_and_keys_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let updated = replace_block(&readme, "screen", &screen());
    let updated = replace_block(&updated, "keys", &keymap::markdown_table());
    if updated != readme {
        if std::env::var_os("SOURCELINE_BLESS").is_some() {
            std::fs::write(path, &updated).expect("write README.md");
        } else {
            panic!(
                "README.md's screen capture or key table is stale; run `SOURCELINE_BLESS=1 cargo test --test readme`"
            );
        }
    }
}

#[test]
fn every_user_action_has_a_key_and_appears_in_help() {
    use sourceline::app::Action as A;
    let user_actions = [
        A::Quit,
        A::ToggleHelp,
        A::Close,
        A::FocusNext,
        A::FocusPrev,
        A::NextEvent,
        A::PrevEvent,
        A::FirstEvent,
        A::LastEvent,
        A::PageDown,
        A::PageUp,
        A::OpenSource,
        A::NextCitation,
        A::PrevCitation,
        A::NextPassage,
        A::PrevPassage,
        A::FollowPassage,
        A::FollowRelated,
        A::JumpBack,
        A::JumpForward,
        A::ScrollDown,
        A::ScrollUp,
        A::ScrollTop,
        A::ScrollBottom,
        A::ScrollPageDown,
        A::ScrollPageUp,
        A::DetailDown,
        A::DetailUp,
        A::ChooserDown,
        A::ChooserUp,
        A::ChooserPick,
    ];
    let help = keymap::help_rows();
    for action in user_actions {
        assert!(
            !action.description().is_empty(),
            "{action:?} has a description"
        );
        assert!(
            keymap::KEYMAP
                .iter()
                .any(|b| b.action == action && !b.keys.is_empty()),
            "{action:?} has a key"
        );
        assert!(
            help.iter().any(|(_, _, d)| *d == action.description()),
            "{action:?} in help"
        );
    }
    assert_eq!(
        help.len(),
        keymap::KEYMAP.len(),
        "every binding appears in help"
    );
}
