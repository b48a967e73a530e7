//! The README's screen capture and key table are generated from the app itself: the first test
//! fails when they are stale. It never rewrites README.md: it writes the README it expects to
//! `target/tmp/README.md` and says so; review the difference, then copy it over.
//!
//! The other tests hold every action a user can ask for to a key, a line in the help, and a row
//! in the README's table, each checked on its own rather than through the code that generates
//! them.

mod common;

use common::{draw, press, select_id, text};
use sourceline::keymap::KEYMAP;
use sourceline::{Action, keymap};

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

/// The text between `<!-- name:start -->` and `<!-- name:end -->`, and where it starts.
fn block<'a>(readme: &'a str, name: &str) -> (usize, &'a str) {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let (Some(a), Some(b)) = (readme.find(&start), readme.find(&end)) else {
        panic!("README.md lacks the {name} markers");
    };
    (a + start.len(), &readme[a + start.len()..b])
}

fn replace_block(readme: &str, name: &str, body: &str) -> String {
    let (at, old) = block(readme, name);
    format!("{}{body}{}", &readme[..at], &readme[at + old.len()..])
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
    let readme = std::fs::read_to_string(README).expect("README.md");
    let updated = replace_block(&readme, "screen", &screen());
    let updated = replace_block(&updated, "keys", &keymap::markdown_table());
    if updated != readme {
        let stale: Vec<&str> = ["screen", "keys"]
            .into_iter()
            .filter(|name| block(&readme, name).1 != block(&updated, name).1)
            .collect();
        let proposed = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("README.md");
        std::fs::write(&proposed, &updated).expect("write the proposed README");
        panic!(
            "README.md's generated blocks are stale: {stale:?}. The current ones are in {0}: \
             review with `diff README.md {0}`, then `cp {0} README.md`",
            proposed.display()
        );
    }
}

/// Actions that no key produces: the terminal's resizes and mouse events, typed characters (any
/// key no binding claims) and the benchmarks' direct selection.
fn user_facing(action: Action) -> bool {
    !matches!(
        action,
        Action::Type(_)
            | Action::Resize(..)
            | Action::ClickAt(..)
            | Action::WheelDown(..)
            | Action::WheelUp(..)
            | Action::DragTo(..)
            | Action::Select(_)
    )
}

/// The rows of the README's key table, as (where, keys, action) cells.
fn readme_rows(readme: &str) -> Vec<[String; 3]> {
    block(readme, "keys")
        .1
        .lines()
        .skip(2) // heading and rule
        .map(|row| {
            // Split on the `|` that are not escaped (`\|` is a key).
            let cells: Vec<String> = row
                .replace("\\|", "\u{0}")
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().replace('\u{0}', "\\|"))
                .collect();
            cells
                .try_into()
                .unwrap_or_else(|c| panic!("not a row: {c:?}"))
        })
        .collect()
}

#[test]
fn every_user_action_has_a_key_a_help_line_and_a_readme_row() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let rows = readme_rows(&readme);
    let help = keymap::help_rows();
    let mut failures = Vec::new();
    for &action in Action::ALL {
        if !user_facing(action) {
            assert!(action.description().is_empty(), "{action:?} is described");
            continue;
        }
        let description = action.description();
        if description.is_empty() {
            failures.push(format!("{action:?}: no description"));
        }
        let bindings: Vec<_> = KEYMAP
            .iter()
            .filter(|b| b.action == action && !b.keys.is_empty())
            .collect();
        if bindings.is_empty() {
            failures.push(format!("{action:?}: no key in KEYMAP"));
        }
        for binding in bindings {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            let where_ = binding.context.title();
            if !help.iter().any(|(context, k, d)| {
                *context == binding.context && *k == keys.join(" ") && *d == description
            }) {
                failures.push(format!("{action:?}: no help row `{keys:?}  {description}`"));
            }
            let in_readme = rows.iter().any(|[w, k, d]| {
                w == where_
                    && d == description
                    && keys
                        .iter()
                        .all(|key| k.contains(&format!("`{}`", key.replace('|', "\\|"))))
            });
            if !in_readme {
                failures.push(format!(
                    "{action:?}: no README row `| {where_} | {keys:?} | {description} |`"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_help_overlay_shows_every_binding_whole() {
    // The overlay as drawn, on a terminal large enough to show all of it.
    let mut app = common::app(200, 220);
    press(&mut app, "?");
    let screen = text(draw(&app, 200, 220).backend().buffer());
    let cut: Vec<String> = keymap::help_rows()
        .into_iter()
        .filter(|(_, keys, description)| {
            !screen
                .iter()
                .any(|line| line.contains(keys.as_str()) && line.contains(description))
        })
        .map(|(_, keys, description)| format!("{keys}  {description}"))
        .collect();
    assert!(cut.is_empty(), "not shown whole: {cut:#?}");
}

#[test]
fn the_readme_says_what_is_drawn_of_periods() {
    // The shipped chronology's periods are drawn: the strip bands them, titled.
    let app = common::app(120, 40);
    assert!(!app.chronology.periods.is_empty());
    let screen = text(draw(&app, 120, 40).backend().buffer()).join("\n");
    let title = &app.chronology.periods[0].title;
    assert!(screen.contains(title.as_str()), "{screen}");
    assert!(screen.contains('├') && screen.contains('┤'), "{screen}");
    // So no sentence of the README may say they are not.
    let readme = std::fs::read_to_string(README).expect("README.md");
    let flat = readme.replace('\n', " ");
    for sentence in flat.split(". ") {
        let lower = sentence.to_lowercase();
        assert!(
            !(lower.contains("period") && lower.contains("not drawn")),
            "README.md says periods are not drawn: {sentence}"
        );
    }
}

/// The commands `--help` lists (a command with subcommands as each of them: `source add`,
/// `export html`), as words.
fn help_commands() -> Vec<Vec<String>> {
    use clap::CommandFactory as _;
    let cli = sourceline::Cli::command();
    let mut out = Vec::new();
    for command in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let subs: Vec<_> = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if subs.is_empty() {
            out.push(vec![command.get_name().to_string()]);
        }
        for sub in subs {
            out.push(vec![
                command.get_name().to_string(),
                sub.get_name().to_string(),
            ]);
        }
    }
    out
}

#[test]
fn the_readme_lists_every_command_help_lists_and_no_other() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let at = readme
        .find("## Commands\n\n```\n")
        .expect("a Commands section");
    let body = &readme[at + "## Commands\n\n```\n".len()..];
    let listed: Vec<Vec<&str>> = body[..body.find("```").unwrap()]
        .lines()
        .map(|l| l.split_whitespace().skip(1).collect())
        .collect();
    // A README line names a command by its words up to the first argument (`[FILE]`, `DIR`,
    // `FILE.json|FILE.csv`); alternatives are written `markdown|html`.
    let names = |words: &[&str], depth: usize| -> bool {
        words.len() >= depth
            && words[..depth]
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '|'))
    };
    let commands = help_commands();
    for command in &commands {
        let found = listed.iter().any(|words| {
            names(words, command.len())
                && command
                    .iter()
                    .zip(words)
                    .all(|(c, w)| w.split('|').any(|alt| alt == c))
        });
        assert!(
            found,
            "README's Commands section has no line for `sourceline {}`",
            command.join(" ")
        );
    }
    for words in listed.iter().filter(|w| names(w, 1)) {
        let known = commands
            .iter()
            .any(|c| words[0].split('|').any(|alt| alt == c[0]));
        assert!(
            known,
            "README lists `sourceline {}`, which --help does not",
            words.join(" ")
        );
    }
}
