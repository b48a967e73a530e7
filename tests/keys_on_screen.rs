//! Key names on screen come from the keymap, and the help scrolls exactly to its last line.
//!
//! Every screen is drawn on a `TestBackend` and every key hint on it is read back: the key a
//! hint names must be one that, pressed where the hint applies, performs the action the hint
//! describes. "Performs" is asked of the dispatch (`keymap::lookup`), not of `keys_for`, so a
//! key name typed by hand into the UI, or a keymap change the screen does not follow, fails.

mod common;

use common::{app, buffer, press, text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use sourceline::help::HelpLine;
use sourceline::keymap::{Context, KEYMAP};
use sourceline::{Action, App, Mode, Theme, help, keymap};

/// A terminal tall enough for the whole help.
const TALL: u16 = 200;

/// One drawn screen and the state it was drawn from.
struct Screen {
    name: &'static str,
    app: App,
    buffer: Buffer,
}

fn screen(name: &'static str, app: App) -> Screen {
    let buffer = buffer(&app, app.size.width, app.size.height);
    Screen { name, app, buffer }
}

/// Runs actions, not keys, so rebinding a key in the keymap does not change which screens
/// this test draws.
fn act(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.update(action);
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Type).collect()
}

fn after(name: &'static str, width: u16, height: u16, actions: &[Action]) -> Screen {
    let mut app = app(width, height);
    act(&mut app, actions);
    screen(name, app)
}

fn at_event(name: &'static str, id: &str, actions: &[Action]) -> Screen {
    let mut app = app(120, 40);
    let ix = app.chronology.events.iter().position(|e| e.id == id);
    app.update(Action::Select(ix.expect("the event exists")));
    act(&mut app, actions);
    screen(name, app)
}

/// Two actors that share no event, ticked with "match all": nothing passes.
fn empty_filter() -> Screen {
    let mut app = app(120, 40);
    let chronology = &app.chronology;
    let shared = |one: usize, other: usize| {
        chronology
            .events
            .iter()
            .any(|e| e.actors.contains(&one) && e.actors.contains(&other))
    };
    let actors = chronology.actors.len();
    let (first, second) = (0..actors)
        .flat_map(|one| (one + 1..actors).map(move |other| (one, other)))
        .find(|&(one, other)| !shared(one, other))
        .expect("two actors with no event in common");
    app.update(Action::PickActors);
    for actor in [first, second] {
        for _ in 0..actors {
            let Mode::Picker(p) = &app.mode else {
                panic!("the actor picker is open")
            };
            if p.items[p.shown[p.cursor]].index == actor {
                break;
            }
            app.update(Action::ChooserDown);
        }
        app.update(Action::PickerToggle);
    }
    act(&mut app, &[Action::PickerCombine, Action::PickerApply]);
    assert!(app.visible.is_empty(), "no event has both actors");
    screen("filter passing nothing", app)
}

/// A citation added through `c` on a copy of the shipped chronology, the reload that follows
/// shown: the status bar says how to undo it.
fn written() -> Screen {
    use sourceline::{
        Check, Happened, Input, LoadOptions, MemorySources, Origin, add_citation, load,
    };
    let mut app = app(120, 40);
    app.origin = Origin::File("iran-us.yaml".into());
    let ix = app
        .chronology
        .events
        .iter()
        .position(|e| e.id == "kerman-bombings");
    app.update(Action::Select(ix.expect("the event exists")));
    act(
        &mut app,
        &[
            Action::OpenSource,
            Action::ScrollBottom,
            Action::StartSelection,
            Action::AddCitation,
        ],
    );
    let requests = app.take_requests();
    let Some(sourceline::Request::AddCitation { id, cited, .. }) = requests.first() else {
        panic!("c asks for a citation to be added: {requests:?}");
    };
    let yaml = sourceline::embedded::YAML;
    let check = Check {
        name: "c.yaml",
        sources: &MemorySources(sourceline::embedded::SOURCES),
    };
    let patch = add_citation(&check, yaml, id, cited).unwrap();
    let new = common::applied(yaml, &patch);
    let sources = MemorySources(sourceline::embedded::SOURCES);
    let loaded = load(
        Input::text("c.yaml", &new, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    app.happened(Happened::Wrote("written".into()));
    app.happened(Happened::Loaded(Box::new(loaded)));
    screen("a citation written", app)
}

/// Every kind of screen: each pane focused, wide and narrow, every overlay and prompt.
fn screens() -> Vec<Screen> {
    use Action as A;
    let search = [&[A::Search][..], &typed("kerman")].concat();
    let kept = [&search[..], &[A::Submit]].concat();
    let in_document = [&[A::OpenSource, A::Search][..], &typed("warn")].concat();
    vec![
        after("timeline", 120, 40, &[]),
        after("event pane", 120, 40, &[A::FocusNext]),
        at_event("source pane", "kerman-bombings", &[A::OpenSource]),
        at_event("event with related events", "kerman-bombings", &[]),
        after("narrow timeline", 80, 24, &[]),
        after("narrow event pane", 80, 24, &[A::FocusNext]),
        after("narrow source pane", 80, 24, &[A::OpenSource]),
        after(
            "help, tall enough for all of it",
            120,
            TALL,
            &[A::ToggleHelp],
        ),
        at_event(
            "source pane with a passage selected",
            "kerman-bombings",
            &[A::OpenSource, A::StartSelection, A::SelectWordNext],
        ),
        after(
            "narrow source pane with a passage selected",
            80,
            24,
            &[A::OpenSource, A::StartSelection],
        ),
        after("citing with nothing selected", 120, 40, &[A::CopyCitation]),
        written(),
        after("help", 120, 40, &[A::ToggleHelp]),
        at_event("chooser: related", "kerman-bombings", &[A::FollowRelated]),
        at_event(
            "chooser: events citing a passage",
            "duty-to-warn-statement",
            &[A::OpenSource, A::FollowPassage],
        ),
        after("actor picker", 120, 40, &[A::PickActors]),
        after("tag picker", 120, 40, &[A::PickTags]),
        after(
            "picker matching all",
            120,
            40,
            &[A::PickActors, A::PickerCombine],
        ),
        after("search prompt", 120, 40, &search),
        after("document search prompt", 120, 40, &in_document),
        after("search kept", 120, 40, &kept),
        after("date prompt", 120, 40, &[A::GoToDate]),
        after("bad date", 120, 40, &[A::GoToDate, A::Type('x'), A::Submit]),
        empty_filter(),
        after("lanes", 120, 40, &[A::ToggleLanes]),
        after("narrow lanes", 80, 24, &[A::ToggleLanes]),
    ]
}

/// The contexts a key is looked up in when `context` is active (as `App::contexts` orders them).
fn chain(context: Context) -> Vec<Context> {
    match context {
        Context::Selection => vec![Context::Selection, Context::Source, Context::Global],
        Context::Timeline | Context::Event | Context::Source => vec![context, Context::Global],
        other => vec![other],
    }
}

/// Whether the key the screen calls `name` performs `action` in `contexts`.
fn performs(contexts: &[Context], name: &str, action: Action) -> bool {
    KEYMAP
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter(|k| k.to_string() == name)
        .any(|k| keymap::lookup(contexts, &KeyEvent::new(k.code, k.modifiers)) == Some(action))
}

/// A hint written into the UI's text: `{}` marks a key name, naming the action beside it, for
/// a key pressed in that context.
struct Hint {
    template: &'static str,
    keys: &'static [(Context, Action)],
}

const HINTS: &[Hint] = &[
    Hint {
        template: "({} to read, {} {} to step)",
        keys: &[
            (Context::Event, Action::OpenSource),
            (Context::Event, Action::NextCitation),
            (Context::Event, Action::PrevCitation),
        ],
    },
    Hint {
        template: "({} to follow)",
        keys: &[(Context::Event, Action::FollowRelated)],
    },
    Hint {
        template: "Keys — {} or {} to close, {}/{} {}/{} {}/{} to scroll",
        keys: &[
            (Context::Help, Action::ToggleHelp),
            (Context::Help, Action::ToggleHelp),
            (Context::Help, Action::ScrollDown),
            (Context::Help, Action::ScrollUp),
            (Context::Help, Action::ScrollPageDown),
            (Context::Help, Action::ScrollPageUp),
            (Context::Help, Action::ScrollTop),
            (Context::Help, Action::ScrollBottom),
        ],
    },
    Hint {
        template: " — {} to go, {} to cancel",
        keys: &[
            (Context::Chooser, Action::ChooserPick),
            (Context::Chooser, Action::Close),
        ],
    },
    Hint {
        template: " — {} tick, {} apply, {} cancel",
        keys: &[
            (Context::Picker, Action::PickerToggle),
            (Context::Picker, Action::PickerApply),
            (Context::Picker, Action::Close),
        ],
    },
    Hint {
        template: "match ANY ticked ({}: all)",
        keys: &[(Context::Picker, Action::PickerCombine)],
    },
    Hint {
        template: "match ALL ticked ({}: any)",
        keys: &[(Context::Picker, Action::PickerCombine)],
    },
    Hint {
        template: " · {} to go · {} to cancel",
        keys: &[
            (Context::Prompt, Action::Submit),
            (Context::Prompt, Action::Close),
        ],
    },
    Hint {
        template: "match the filter — {} clears it",
        keys: &[(Context::Timeline, Action::ClearFilters)],
    },
    Hint {
        template: "select a passage first ({} in the source pane)",
        keys: &[(Context::Source, Action::StartSelection)],
    },
    Hint {
        template: " ({} undoes it)",
        keys: &[(Context::Source, Action::Undo)],
    },
];

/// The key names at each place `template` occurs in `line`. A `{}` holds one word; a start
/// that would put spaces in one is not an occurrence (other panes share the screen line).
fn occurrences(line: &str, template: &str) -> Vec<Vec<String>> {
    let parts: Vec<&str> = template.split("{}").collect();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find(parts[0]) {
        let mut pos = from + at + parts[0].len();
        from = pos;
        let mut names = Vec::new();
        for literal in &parts[1..] {
            let Some(end) = line[pos..].find(literal) else {
                break;
            };
            names.push(line[pos..pos + end].to_string());
            pos += end + literal.len();
        }
        if names.len() == parts.len() - 1 && names.iter().all(|n| !n.contains(' ')) {
            found.push(names);
        }
    }
    found
}

#[test]
fn every_key_named_in_a_hint_performs_that_action() {
    let screens = screens();
    let mut failures = Vec::new();
    for hint in HINTS {
        let mut seen = 0;
        for s in &screens {
            for line in text(&s.buffer) {
                for names in occurrences(&line, hint.template) {
                    seen += 1;
                    for (name, &(context, action)) in names.iter().zip(hint.keys) {
                        if !performs(&chain(context), name, action) {
                            failures.push(format!(
                                "{}: “{}” names `{name}`, which does not {action:?} in {context:?}",
                                s.name, hint.template
                            ));
                        }
                    }
                }
            }
        }
        if seen == 0 {
            failures.push(format!("no screen shows “{}”", hint.template));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The status bar's `key hint` pairs, read by style: keys are drawn in `status_key`.
fn status_hints(buffer: &Buffer) -> Vec<(String, String)> {
    let key_style = Theme::COLOR.status_key;
    let y = buffer.area.height - 1;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut in_key = false;
    for x in 0..buffer.area.width {
        let cell = &buffer[(x, y)];
        let keyish = cell.fg == key_style.fg.unwrap_or(Color::Reset)
            && cell.bg == key_style.bg.unwrap_or(Color::Reset)
            && cell.modifier.contains(key_style.add_modifier)
            && cell.modifier.contains(Modifier::BOLD);
        if keyish && !in_key {
            pairs.push((String::new(), String::new()));
        }
        if let Some((key, word)) = pairs.last_mut() {
            if keyish { key } else { word }.push_str(cell.symbol());
        }
        in_key = keyish;
    }
    pairs
        .into_iter()
        .map(|(k, w)| (k.trim().to_string(), w.trim().to_string()))
        .collect()
}

#[test]
fn every_status_bar_hint_names_a_key_that_does_it() {
    let mut failures = Vec::new();
    for s in screens() {
        if matches!(s.app.mode, Mode::Prompt(_)) || s.name == "help" {
            continue; // the prompt replaces the bar; the help at 40 rows covers it
        }
        let hints = status_hints(&s.buffer);
        if hints.is_empty() && s.app.message.is_none() {
            failures.push(format!("{}: no key hints in the status bar", s.name));
        }
        let contexts = s.app.contexts();
        for (key, word) in hints {
            let named = KEYMAP.iter().map(|b| b.action).find(|a| a.hint() == word);
            match named {
                Some(action) if performs(&contexts, &key, action) => {}
                _ => failures.push(format!(
                    "{}: status bar says `{key} {word}`, which {key} does not do here",
                    s.name
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_help_line_lists_keys_that_do_what_it_says() {
    let s = after("help", 120, TALL, &[Action::ToggleHelp]);
    let rect = help::area(s.app.size, &help::lines());
    let mut context = None;
    let mut in_legend = false;
    let mut legend = 0;
    let mut checked = 0;
    let mut failures = Vec::new();
    for y in rect.y + 1..rect.bottom() - 1 {
        let line: String = (rect.x + 1..rect.right() - 1)
            .map(|x| s.buffer[(x, y)].symbol())
            .collect();
        if line.trim().is_empty() {
            continue;
        }
        let Some(binding) = line.strip_prefix("  ") else {
            in_legend = line.trim() == help::LEGEND_TITLE;
            context = KEYMAP
                .iter()
                .map(|b| b.context)
                .find(|c| c.title() == line.trim());
            assert!(
                context.is_some() || in_legend,
                "a heading names a context: {line}"
            );
            continue;
        };
        if in_legend {
            legend += 1;
            continue;
        }
        let context = context.expect("bindings come under a heading");
        let (keys, said) = binding.split_once("  ").expect("keys, then what they do");
        let said = said.trim();
        let action = KEYMAP
            .iter()
            .filter(|b| b.context == context && b.action.description().starts_with(said))
            .map(|b| b.action)
            .find(|&a| keys.split(' ').all(|k| performs(&chain(context), k, a)));
        if action.is_none() {
            failures.push(format!("{context:?}: `{keys}` do not all “{said}”"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, KEYMAP.len(), "the tall help shows every binding");
    assert_eq!(legend, help::LEGEND.len(), "and the whole legend");
}

/// The overlay's bottom inside row, as text.
fn last_help_row(app: &App, buffer: &Buffer) -> String {
    let rect = help::area(app.size, &help::lines());
    let y = rect.bottom() - 2;
    (rect.x + 1..rect.right() - 1)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

fn help_scroll(app: &App) -> usize {
    match app.mode {
        Mode::Help { scroll } => scroll,
        _ => panic!("the help is open"),
    }
}

/// Scrolls the help with `j` until the screen stops changing; every press before that must
/// have moved it. Returns the presses that moved it.
fn scroll_help_to_end(app: &mut App) -> usize {
    let (w, h) = (app.size.width, app.size.height);
    let mut moved = 0;
    loop {
        let before = buffer(app, w, h);
        press(app, "j");
        if buffer(app, w, h) == before {
            return moved;
        }
        moved += 1;
        assert!(moved < 1000, "the help scroll ends");
    }
}

fn assert_help_stops_at_its_last_line(app: &mut App) {
    let (w, h) = (app.size.width, app.size.height);
    while help_scroll(app) > 0 {
        press(app, "k");
    }
    let moved = scroll_help_to_end(app);
    let help = help::lines();
    let shown = usize::from(help::area(Rect::new(0, 0, w, h), &help).height) - 2;
    assert_eq!(
        moved,
        help.lines.len() - shown,
        "one press, one line, at {w}×{h}"
    );
    let Some(HelpLine::Binding { description, .. }) = help.lines.last() else {
        panic!("the help ends with a binding");
    };
    let at_end = buffer(app, w, h);
    assert!(
        last_help_row(app, &at_end).contains(description),
        "the last help line is drawn at the bottom at {w}×{h}"
    );
    // The press that did not move the screen did not move the state either.
    let scroll = help_scroll(app);
    press(app, "j");
    assert_eq!(help_scroll(app), scroll, "j at the end changes nothing");
    assert_eq!(buffer(app, w, h), at_end);
    press(app, "k");
    let up = buffer(app, w, h);
    assert_ne!(up, at_end, "one k moves the help at once");
    assert!(!last_help_row(app, &up).contains(description));
}

#[test]
fn the_help_scrolls_exactly_to_its_last_line() {
    let mut app = app(120, 40);
    press(&mut app, "?");
    assert_help_stops_at_its_last_line(&mut app);
    // A taller terminal shows more, so the limit shrinks with it.
    app.update(Action::Resize(120, 60));
    assert!(help_scroll(&app) <= help::max_scroll(app.size, &help::lines()));
    assert_help_stops_at_its_last_line(&mut app);
    // Where the whole help fits, nothing scrolls.
    app.update(Action::Resize(120, TALL));
    assert_eq!(help_scroll(&app), 0);
    let before = buffer(&app, 120, TALL);
    press(&mut app, "j");
    assert_eq!(help_scroll(&app), 0);
    assert_eq!(buffer(&app, 120, TALL), before);
}

/// The first line the help overlay shows, trimmed.
fn first_help_row(app: &App) -> String {
    let rect = help::area(app.size, &help::lines());
    let buffer = buffer(app, app.size.width, app.size.height);
    (rect.x + 1..rect.right() - 1)
        .map(|x| buffer[(x, rect.y + 1)].symbol())
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn the_help_opens_at_the_focused_panes_keys() {
    let mut app = app(120, 40);
    let page = help::lines();
    let size = app.size;
    let heading = |context| {
        let at = page
            .lines
            .iter()
            .position(|l| *l == HelpLine::Heading(context))
            .unwrap();
        at.min(help::max_scroll(size, &page))
    };
    for (keys, context) in [
        ("", Context::Timeline),
        ("Tab", Context::Event),
        ("Tab", Context::Source),
    ] {
        press(&mut app, keys);
        assert_eq!(app.pane_context(), context);
        press(&mut app, "?");
        assert_eq!(help_scroll(&app), heading(context), "{context:?}");
        assert_ne!(help_scroll(&app), 0, "{context:?} is not the first section");
        assert_eq!(first_help_row(&app), context.title());
        press(&mut app, "Esc");
    }
}

#[test]
fn the_help_pages_and_jumps_as_every_pane_does() {
    let mut app = app(120, 40);
    press(&mut app, "?");
    let max = help::max_scroll(app.size, &help::lines());
    let shown = usize::from(help::area(app.size, &help::lines()).height) - 2;
    let page = shown - 1;
    assert!(
        max > 2 * page,
        "the help is longer than two pages at 120×40"
    );
    for (keys, scroll) in [
        ("g", 0),
        ("PgDn", page),
        ("C-d", 2 * page),
        ("PgUp", page),
        ("C-u", 0),
        ("G", max),
        ("Home", 0),
        ("End", max),
        ("PgDn", max),
        ("g C-u", 0),
    ] {
        press(&mut app, keys);
        assert_eq!(help_scroll(&app), scroll, "after {keys}");
    }
    press(&mut app, "G");
    let Some(HelpLine::Binding { description, .. }) = help::lines().lines.last().cloned() else {
        panic!("the help ends with a binding");
    };
    assert!(last_help_row(&app, &buffer(&app, 120, 40)).contains(description));
}
