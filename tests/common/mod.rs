//! Helpers shared by the test files, each defined once: run the real binary on caches of its
//! own (`bin`, `pty`), build the app on the embedded chronology, press keys by name and type
//! text, draw to a `TestBackend`, list the bad-input corpus, and generate large chronologies
//! (with the benchmarks' generator, so tests and benches exercise the same shapes of data).
#![allow(dead_code)]

pub mod bin;
pub mod pty;

#[allow(unused_imports, reason = "each test file uses some of them")]
pub use bin::{Sourceline, TestCache, sourceline};

/// The binary the pty sessions run: the one cargo built for the tests.
pub const SOURCELINE: &str = env!("CARGO_BIN_EXE_sourceline");

#[path = "../../benches/support/generator.rs"]
pub mod generator;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use sourceline::model::Chronology;
use sourceline::{Action, App, Filter, Input, LoadOptions, Patch, load, render};

pub fn app(width: u16, height: u16) -> App {
    let chronology = load(Input::Embedded, &LoadOptions::default())
        .result
        .expect("the embedded chronology loads");
    App::new(
        chronology,
        Filter::default(),
        Rect::new(0, 0, width, height),
    )
}

/// A key by name: `j`, `Enter`, `Esc`, `Tab`, `BackTab`, `C-o`, `Down`, `PgDn` …
pub fn key(name: &str) -> KeyEvent {
    let (code, modifiers) = match name {
        "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
        "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
        "Space" => (KeyCode::Char(' '), KeyModifiers::NONE),
        "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
        "BackTab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "Backspace" => (KeyCode::Backspace, KeyModifiers::NONE),
        "Up" => (KeyCode::Up, KeyModifiers::NONE),
        "Down" => (KeyCode::Down, KeyModifiers::NONE),
        "Home" => (KeyCode::Home, KeyModifiers::NONE),
        "End" => (KeyCode::End, KeyModifiers::NONE),
        "F5" => (KeyCode::F(5), KeyModifiers::NONE),
        "PgDn" => (KeyCode::PageDown, KeyModifiers::NONE),
        "PgUp" => (KeyCode::PageUp, KeyModifiers::NONE),
        "A-Left" => (KeyCode::Left, KeyModifiers::ALT),
        "A-Right" => (KeyCode::Right, KeyModifiers::ALT),
        n if n.starts_with("C-") => (
            KeyCode::Char(n[2..].chars().next().unwrap()),
            KeyModifiers::CONTROL,
        ),
        n => {
            let c = n.chars().next().unwrap();
            let m = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            (KeyCode::Char(c), m)
        }
    };
    KeyEvent::new(code, modifiers)
}

/// Presses keys (space-separated names), as the event loop would.
pub fn press(app: &mut App, keys: &str) {
    for name in keys.split_whitespace() {
        if let Some(action) = app.action_for_key(&key(name)) {
            app.update(action);
        }
    }
}

/// Types `text` into the open prompt or picker, one character at a time: what the keymap's
/// lookup produces for keys no binding claims, without naming each key.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(frame, app)).unwrap();
    terminal
}

pub fn buffer(app: &App, width: u16, height: u16) -> Buffer {
    draw(app, width, height).backend().buffer().clone()
}

/// The buffer as text lines.
pub fn text(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            for x in 0..area.width {
                line.push_str(buffer[(x, y)].symbol());
            }
            line
        })
        .collect()
}

/// Selects the event with this id by pressing `j` from the top (as a reader would).
pub fn select_id(app: &mut App, id: &str) {
    press(app, "g");
    for _ in 0..app.visible.len() {
        if app.chronology.events[app.current_event().unwrap()].id == id {
            return;
        }
        press(app, "j");
    }
    panic!("no event {id}");
}

pub fn current_id(app: &App) -> String {
    app.chronology.events[app.current_event().unwrap()]
        .id
        .clone()
}

/// The text of the current passage.
pub fn passage(app: &App) -> String {
    let range = app.current_passage().expect("a current passage");
    let source = app.source.source.unwrap();
    app.chronology.sources[source].text[range].to_string()
}

/// The folder of files the loader must refuse, each for one reason (`tests/bad_inputs.rs`).
pub const BAD_DIR: &str = "tests/bad";

/// The chronologies of the bad-input corpus, sorted, as paths relative to the crate (as they
/// appear in messages).
pub fn bad_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(BAD_DIR)
        .expect("tests/bad")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 16, "the corpus has {} files", files.len());
    files
}

/// The generated chronology, loaded, with event `i` titled `title(i)`.
pub fn generated(spec: generator::Spec, title: &dyn Fn(usize) -> String) -> Chronology {
    let generated = generator::generate_titled(spec, title);
    generator::load("generated.yaml", &generated.yaml, &generated.source_texts())
        .expect("generated data loads")
}

/// The inside of a bordered pane, as the viewer draws its borders: one cell on each side.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The display line of `lines` (wrapped byte ranges, in order) holding byte `at`.
pub fn line_of(lines: &[std::ops::Range<usize>], at: usize) -> usize {
    lines.partition_point(|l| l.start <= at).saturating_sub(1)
}

/// `yaml` with `patch` applied.
pub fn applied(yaml: &str, patch: &Patch) -> String {
    let mut out = yaml.to_string();
    out.replace_range(patch.range.clone(), &patch.text);
    out
}

/// A source's `sha256:` as a chronology writes it: 64 lowercase hexadecimal digits.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    use sha2::Digest as _;
    format!("{:x}", sha2::Sha256::digest(bytes.as_ref()))
}
