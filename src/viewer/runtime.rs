//! The terminal loop: events in, `App::update`, draw; then the loader and the effects get their
//! turn between frames.
//!
//! Terminal set-up and restoration belong to `ratatui::run`, which also restores the terminal
//! when the program panics. Mouse capture is the one mode ratatui does not manage, so it is
//! switched off here on every way out, panics included (and around the editor, in
//! [`super::effects`]).
//!
//! The first frame is drawn before the chronology is read: loading runs on a thread (see
//! [`super::loader`]) and the loop keeps drawing its progress and answering keys (`q` quits at
//! once).

use std::io::stdout;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::{Options, ResolveFilter, Viewer};
use crate::ui;

/// The longest a burst of input is handled before the screen is drawn again (one frame at
/// 60 Hz).
const FRAME_BUDGET: Duration = Duration::from_millis(16);
/// How long the loop waits for a key before looking at the load and the watcher again.
const IDLE_POLL: Duration = Duration::from_millis(20);
/// The same while a load runs: its result is shown within this much of arriving (a save's
/// reload is awaited by the author), at the cost of waking more often for the load's length.
const LOADING_POLL: Duration = Duration::from_millis(4);

/// Runs the viewer until the user quits.
///
/// # Errors
/// A terminal that cannot be drawn to or read from, or filter flags naming unknown ids (an
/// [`crate::find::Unknown`], reported after the terminal is restored).
pub fn run(options: Options, resolve: ResolveFilter<'_>) -> Result<()> {
    ratatui::run(|terminal| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        crate::extract::install_panic_filter(); // in front of the hooks above: see its docs
        let _ = execute!(stdout(), EnableMouseCapture);
        let result = Viewer::new(terminal, options).and_then(|mut v| v.event_loop(resolve));
        let _ = execute!(stdout(), DisableMouseCapture);
        result
    })
}

impl Viewer<'_> {
    fn event_loop(&mut self, resolve: ResolveFilter<'_>) -> Result<()> {
        self.start_load();
        // A test hook: the pty tests need a real panic mid-session to prove the terminal is
        // restored and the report printed after it. Harmless otherwise; undocumented for users.
        let panic_on_key = std::env::var_os("SOURCELINE_TEST_PANIC_ON_KEY").is_some();
        let mut dirty = true;
        while !self.app.should_quit {
            if dirty {
                let app = &self.app;
                self.terminal.draw(|frame| ui::render(frame, app))?;
                dirty = false;
                if let Some(worker) = &mut self.worker {
                    worker.drawn();
                }
            }
            // Work put off past the first frame is done between keys, a slice at a time.
            let catching_up = self.app.is_catching_up();
            let wait = if catching_up {
                Duration::ZERO
            } else if self.loading.is_some() {
                LOADING_POLL
            } else {
                IDLE_POLL
            };
            if event::poll(wait)? {
                // Everything that has already arrived is handled before the next frame, for
                // up to a frame's time: a held key's repeats then cost one frame, not one
                // each, and the screen never falls behind the keyboard.
                let batch = Instant::now();
                loop {
                    let event = event::read()?;
                    assert!(
                        !(panic_on_key && event.is_key_press()),
                        "panic requested by SOURCELINE_TEST_PANIC_ON_KEY"
                    );
                    if let Some(action) = self.app.action_for(&event) {
                        self.app.update(action);
                    }
                    if self.app.should_quit
                        || batch.elapsed() >= FRAME_BUDGET
                        || !event::poll(Duration::ZERO)?
                    {
                        break;
                    }
                }
                dirty = true;
            } else if catching_up {
                self.app.catch_up();
            }
            dirty |= self.poll_load(resolve)?;
            dirty |= self.poll_watch();
            for request in self.app.take_requests() {
                self.perform(request);
                dirty = true;
            }
        }
        Ok(())
    }
}
