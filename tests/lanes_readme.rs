//! The README's capture of the lanes view is generated from the app itself, as the main capture
//! is (`tests/readme.rs`): this test fails when it is stale, and writes the README it expects to
//! `target/tmp/README.lanes.md` to review and copy over. It never rewrites README.md.

mod common;

use common::{draw, press, select_id, text};

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const BLOCK: &str = "lanes-screen";

/// The text between the block's markers, and where it starts.
fn block(readme: &str) -> (usize, &str) {
    let start = format!("<!-- {BLOCK}:start -->\n");
    let end = format!("<!-- {BLOCK}:end -->");
    let (Some(a), Some(b)) = (readme.find(&start), readme.find(&end)) else {
        panic!("README.md lacks the {BLOCK} markers");
    };
    (a + start.len(), &readme[a + start.len()..b])
}

/// 7 October selected, `L`, zoomed in twice: 2013 to 2024 by actor.
fn screen() -> String {
    let mut app = common::app(120, 40);
    select_id(&mut app, "hamas-assault");
    press(&mut app, "L + +");
    let terminal = draw(&app, 120, 40);
    let lines = text(terminal.backend().buffer());
    format!("```text\n{}\n```\n", lines.join("\n").replace("```", "'''"))
}

#[test]
fn readme_lanes_capture_is_current() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let (at, old) = block(&readme);
    let new = screen();
    if old != new {
        let updated = format!("{}{new}{}", &readme[..at], &readme[at + old.len()..]);
        let proposed = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("README.lanes.md");
        std::fs::write(&proposed, &updated).expect("write the proposed README");
        panic!(
            "README.md's lanes capture is stale. The current one is in {0}: review with \
             `diff README.md {0}`, then `cp {0} README.md`",
            proposed.display()
        );
    }
}
