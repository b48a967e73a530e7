//! What `update` asks for, carried out: each [`Request`] the app leaves between frames becomes
//! one effect here. Reloads go to [`super::loader`]; the writes of `c`, `C` and `u` to
//! [`super::writes`]; the editor and the clipboard are run here.
//!
//! The editor gets the terminal whole: mouse capture, the alternate screen and raw mode are
//! given up around it and taken back after, then the chronology reloads (the user may have
//! changed it). The clipboard is the terminal's, through OSC 52, written between frames like
//! the rest of the output.

use std::io::stdout;
use std::path::Path;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;

use super::{Viewer, editor};
use crate::app::{Action, Happened, Request};
use crate::edit::place;
use crate::load;

impl Viewer<'_> {
    /// Carries out one request of the app.
    pub(super) fn perform(&mut self, request: Request) {
        match request {
            Request::Reload => self.reload(),
            Request::EditEvent { id, citation } => {
                let Some(path) = self.options.file.clone() else {
                    return;
                };
                // Read between frames: a pipe in the file's place must not freeze the screen.
                let line = crate::file_kind::open_regular(&path)
                    .ok()
                    .and_then(|mut file| {
                        let mut yaml = String::new();
                        std::io::Read::read_to_string(&mut file, &mut yaml).ok()?;
                        load::event_line(&yaml, &id, citation)
                    });
                self.edit(&path, line);
            }
            Request::EditFile { path, line } => self.edit(&path, line),
            Request::Copy(text) => self.copy(text),
            Request::AddCitation { id, cited, before } => {
                self.write(before, |check, yaml| {
                    place::add_citation(check, yaml, &id, &cited)
                });
            }
            Request::NewDraft { draft, before } => {
                self.write(before, |check, yaml| place::add_draft(check, yaml, &draft));
            }
            Request::Review {
                id,
                citation,
                verdict,
                note,
                before,
            } => self.write_review(before, id, citation, verdict, note),
            Request::Undo => self.undo(),
        }
    }

    /// Puts `text` on the terminal's clipboard (OSC 52).
    fn copy(&mut self, text: String) {
        let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
        if let Err(e) = execute!(stdout(), copy) {
            self.app.happened(Happened::EffectFailed(format!(
                "cannot write to the terminal's clipboard: {e}"
            )));
        }
    }

    /// Runs the editor on `path` at `line`, with the terminal handed over to it, then reloads.
    fn edit(&mut self, path: &Path, line: Option<usize>) {
        let choice = editor::chosen(
            std::env::var("VISUAL").ok().as_deref(),
            std::env::var("EDITOR").ok().as_deref(),
        );
        let cwd = std::env::current_dir().unwrap_or_default();
        let command = match editor::command(&choice, path, line, &cwd) {
            Ok(command) => command,
            Err(why) => {
                self.app.happened(Happened::EffectFailed(why.to_string()));
                return;
            }
        };
        let _ = execute!(
            stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = disable_raw_mode();
        let status = std::process::Command::new(&command.program)
            .args(&command.args)
            .status();
        let _ = enable_raw_mode();
        let _ = execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            cursor::Hide
        );
        // Redraw everything (the editor used the screen). Not `Terminal::clear`, which asks the
        // terminal for the cursor position and waits for an answer some never give; a resize
        // to the current size clears and resets the same way without asking.
        if let Ok(size) = self.terminal.size() {
            let area = Rect::new(0, 0, size.width, size.height);
            let _ = self.terminal.resize(area);
            self.app.update(Action::Resize(size.width, size.height));
        }
        match status {
            Ok(s) if s.success() => self.reload(),
            Ok(s) => {
                self.app.happened(Happened::EffectFailed(format!(
                    "the editor `{}` exited with {s}",
                    crate::text::sanitize(&choice)
                )));
                self.reload();
            }
            Err(e) => self.app.happened(Happened::EffectFailed(format!(
                "cannot start the editor `{}`: {}; set $VISUAL or $EDITOR",
                crate::text::sanitize(&choice),
                if e.kind() == std::io::ErrorKind::NotFound {
                    "not found".to_string()
                } else {
                    e.to_string()
                }
            ))),
        }
    }
}
