//! The interactive loop: draw, read the terminal events that have arrived, turn each into an
//! action, update.
//!
//! Terminal set-up and restoration belong to `ratatui::run`, which also restores the terminal
//! when the program panics. Mouse capture is the one mode ratatui does not manage, so it is
//! switched off here on every way out, panics included.

use std::io::stdout;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::app::App;
use crate::find::Filter;
use crate::model::Chronology;
use crate::ui;

/// The longest a burst of input is handled before the screen is drawn again (one frame at
/// 60 Hz).
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// Runs the viewer until the user quits.
///
/// # Errors
/// A terminal that cannot be drawn to or read from.
pub fn run(chronology: Chronology, filter: Filter, monochrome: bool) -> Result<()> {
    ratatui::run(|terminal| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        let _ = execute!(stdout(), EnableMouseCapture);
        let result = event_loop(terminal, chronology, filter, monochrome);
        let _ = execute!(stdout(), DisableMouseCapture);
        result
    })
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    chronology: Chronology,
    filter: Filter,
    monochrome: bool,
) -> Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(chronology, filter, Rect::new(0, 0, size.width, size.height));
    app.monochrome = monochrome;
    // A test hook: the pty tests need a real panic mid-session to prove the terminal is
    // restored and the report printed after it. Harmless otherwise; undocumented for users.
    let panic_on_key = std::env::var_os("SOURCELINE_TEST_PANIC_ON_KEY").is_some();
    while !app.should_quit {
        terminal.draw(|frame| ui::render(frame, &app))?;
        // Everything that has already arrived is handled before the next frame, for up to a
        // frame's time: a held key's repeats then cost one frame, not one each, and the
        // screen never falls behind the keyboard.
        let batch = Instant::now();
        loop {
            let event = event::read()?;
            assert!(
                !(panic_on_key && event.is_key_press()),
                "panic requested by SOURCELINE_TEST_PANIC_ON_KEY"
            );
            if let Some(action) = app.action_for(&event) {
                app.update(action);
            }
            if app.should_quit || batch.elapsed() >= FRAME_BUDGET || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(())
}
