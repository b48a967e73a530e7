//! The interactive loop and every side effect of the viewer: the terminal, the background load,
//! the file watcher, the editor, the clipboard and writes to the chronology. `App` decides; this
//! module performs and reports back.
//!
//! Terminal set-up and restoration belong to `ratatui::run`, which also restores the terminal
//! when the program panics. Mouse capture is the one mode ratatui does not manage, so it is
//! switched off here on every way out, panics included, and around the editor.
//!
//! The first frame is drawn before the chronology is read: loading runs on a thread and the
//! loop keeps drawing its progress and answering keys (`q` quits at once). Reloads run the same
//! way, so a key pressed while a large file reloads is answered within a frame. A reload that
//! fails leaves the last good chronology on screen and opens the problems pane.
//!
//! Writes (a citation, a draft, an undo) go through [`crate::edit`] against the bytes read when
//! the shown chronology was loaded: each load reads the file into a [`Snapshot`] before parsing
//! it, so a file changed by another program after that is refused, never overwritten. Every
//! write of the session is kept with the bytes from before it and where the reader was, for
//! `u` (all of it in `writes`). The clipboard is the terminal's, through OSC 52, written
//! between frames like the rest of the output.

use std::borrow::Cow;
use std::io::stdout;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;

use crate::app::{App, Happened, Origin, Progress, Request};
use crate::edit::{Snapshot, place};
use crate::find::{Filter, Unknown};
use crate::load::{self, Input, LoadProgress, Problems};
use crate::model::Chronology;
use crate::watch::Watch;
use crate::{editor, ui};

mod writes;

/// The longest a burst of input is handled before the screen is drawn again (one frame at
/// 60 Hz).
const FRAME_BUDGET: Duration = Duration::from_millis(16);
/// How long the loop waits for a key before looking at the load and the watcher again.
const IDLE_POLL: Duration = Duration::from_millis(20);

/// What the viewer shows and how.
pub struct Options {
    /// The chronology file; `None` for the embedded one.
    pub file: Option<PathBuf>,
    /// Folders sources may also be read from (`--allow-sources-in`).
    pub allow: Vec<PathBuf>,
    /// Watch the files and reload on change.
    pub watch: bool,
    pub monochrome: bool,
    /// How times are shown first (`--tz`), and this machine's zone, for `z` to cycle to.
    pub clock: crate::model::Clock,
    pub local: crate::model::Clock,
}

/// Turns the command line's filter flags into a filter for a loaded chronology.
pub type ResolveFilter<'a> = &'a dyn Fn(&Chronology) -> Result<Filter, Unknown>;

/// Runs the viewer until the user quits.
///
/// # Errors
/// A terminal that cannot be drawn to or read from, or filter flags naming unknown ids (an
/// [`Unknown`], reported after the terminal is restored).
pub fn run(options: Options, resolve: ResolveFilter<'_>) -> Result<()> {
    ratatui::run(|terminal| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            previous(info);
        }));
        let _ = execute!(stdout(), EnableMouseCapture);
        let result = Viewer::new(terminal, options).and_then(|mut v| v.event_loop(resolve));
        let _ = execute!(stdout(), DisableMouseCapture);
        result
    })
}

/// A load running on its own thread: the bytes it read, then what it made of them.
struct Loading {
    result: Receiver<(Option<Snapshot>, Result<Chronology, Problems>)>,
    progress: Arc<LoadProgress>,
}

struct Viewer<'t> {
    terminal: &'t mut DefaultTerminal,
    app: App,
    options: Options,
    loading: Option<Loading>,
    /// A change arrived while a load was running: load again when it ends.
    reload_pending: bool,
    watch: Option<Watch>,
    /// The files watched now (the chronology and its sources).
    watched: Vec<PathBuf>,
    filter_resolved: bool,
    /// The chronology file as read by the load whose result is shown: what writes apply to.
    snapshot: Option<Snapshot>,
    /// This session's writes, oldest first.
    undo: Vec<writes::Written>,
    /// A load was started: the next is a reload.
    started: bool,
}

impl<'t> Viewer<'t> {
    fn new(terminal: &'t mut DefaultTerminal, options: Options) -> Result<Self> {
        let size = terminal.size()?;
        let mut app = App::new(
            Chronology::default(),
            Filter::default(),
            Rect::new(0, 0, size.width, size.height),
        );
        app.monochrome = options.monochrome;
        app.set_clocks(options.clock.clone(), options.local.clone());
        app.loaded = false;
        app.origin = options.file.clone().map_or(Origin::Embedded, Origin::File);
        if options.file.is_none() {
            app.message = Some(crate::project::DEMO_NOTE.to_string());
        }
        Ok(Self {
            terminal,
            app,
            options,
            loading: None,
            reload_pending: false,
            watch: None,
            watched: Vec::new(),
            filter_resolved: false,
            snapshot: None,
            undo: Vec::new(),
            started: false,
        })
    }

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
            }
            if event::poll(IDLE_POLL)? {
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

    /// Starts loading the chronology on a thread.
    fn start_load(&mut self) {
        let progress = Arc::new(LoadProgress::default());
        let (tx, rx) = channel();
        // The file named on the command line may be a pipe, read once; read again, it must be
        // a regular file, or a FIFO put in its place would hold the loader (and every later
        // reload, queued behind it) in `open` for ever.
        let reading = if std::mem::replace(&mut self.started, true) {
            load::Reading::RegularOnly
        } else {
            load::Reading::AnyFile
        };
        let options = load::LoadOptions {
            allowed: self.options.allow.clone(),
            reading,
            progress: Some(Arc::clone(&progress)),
        };
        let file = self.options.file.clone();
        std::thread::spawn(move || {
            let loaded = load::load(Input::file_or_embedded(file.as_deref()), &options);
            let (text, result) = (loaded.text.map(Cow::into_owned), loaded.result);
            // The snapshot is the very text the loader read, so a write is made against what
            // is shown, and refused if the file changed since.
            let snapshot = file.zip(text).map(|(path, text)| Snapshot {
                path,
                bytes: text.into_bytes(),
            });
            let _ = tx.send((snapshot, result));
        });
        self.loading = Some(Loading {
            result: rx,
            progress,
        });
        if self.options.file.is_some() {
            self.app.happened(Happened::Progress(Progress::default()));
        }
    }

    /// Takes a finished load's result, or its progress; true when the screen changed.
    fn poll_load(&mut self, resolve: ResolveFilter<'_>) -> Result<bool> {
        let Some(loading) = &self.loading else {
            return Ok(false);
        };
        let (snapshot, result) = match loading.result.try_recv() {
            Ok(done) => done,
            Err(TryRecvError::Empty) => {
                let (bytes_done, bytes_total, sources_done, sources_total) =
                    loading.progress.snapshot();
                let progress = Progress {
                    bytes_done,
                    bytes_total,
                    sources_done,
                    sources_total,
                };
                let changed = self.app.loading != Some(progress);
                if changed {
                    self.app.happened(Happened::Progress(progress));
                }
                return Ok(changed);
            }
            Err(TryRecvError::Disconnected) => {
                // The loader panicked: report it as a problem rather than waiting forever.
                let name = self.name();
                (
                    None,
                    Err(Problems(vec![load::Problem::new(
                        &name,
                        "the loader stopped unexpectedly (a bug: please report it)",
                    )])),
                )
            }
        };
        self.loading = None;
        match result {
            Ok(chronology) => {
                self.snapshot = snapshot;
                let sources = self.source_paths(&chronology);
                if self.filter_resolved {
                    self.app.happened(Happened::Loaded(Box::new(chronology)));
                } else {
                    let filter = resolve(&chronology)?;
                    self.filter_resolved = true;
                    self.app.filter = filter;
                    self.app.happened(Happened::Loaded(Box::new(chronology)));
                    if self.app.visible.is_empty() && !self.app.filter.is_empty() {
                        self.app.message = Some("no events match the filter".into());
                    }
                }
                self.watch_files(sources);
            }
            Err(problems) => {
                self.app.happened(Happened::LoadFailed(problems));
                if self.watch.is_none()
                    && let Some(file) = self.options.file.clone()
                {
                    // Nothing loaded yet: watch the chronology alone, so fixing it reloads.
                    self.watch_files(vec![file]);
                }
            }
        }
        if std::mem::take(&mut self.reload_pending) {
            self.start_load();
        }
        Ok(true)
    }

    /// The source documents of `chronology` as paths on disk.
    fn source_paths(&self, chronology: &Chronology) -> Vec<PathBuf> {
        let Some(file) = &self.options.file else {
            return Vec::new();
        };
        let base = file.parent().unwrap_or(Path::new(""));
        let mut paths = vec![file.clone()];
        paths.extend(chronology.sources.iter().map(|s| base.join(&s.path)));
        paths
    }

    /// Watches `files` (unless watching is off or they are already watched).
    fn watch_files(&mut self, files: Vec<PathBuf>) {
        if !self.options.watch || files.is_empty() || files == self.watched {
            return;
        }
        match Watch::start(&files) {
            Ok(watch) => {
                self.watch = Some(watch);
                self.watched = files;
            }
            Err(why) => {
                self.app.message = Some(format!("{why}; press F5 to reload by hand"));
            }
        }
    }

    /// Starts a reload when a watched file changed; true when the screen changed.
    fn poll_watch(&mut self) -> bool {
        let Some(watch) = &self.watch else {
            return false;
        };
        if watch.changes.try_iter().count() == 0 {
            return false;
        }
        self.reload();
        true
    }

    fn reload(&mut self) {
        if self.loading.is_some() {
            self.reload_pending = true;
        } else {
            self.start_load();
        }
    }

    fn perform(&mut self, request: Request) {
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
            Request::Copy(text) => {
                let copy = ratatui::crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
                if let Err(e) = execute!(stdout(), copy) {
                    self.app.happened(Happened::EffectFailed(format!(
                        "cannot write to the terminal's clipboard: {e}"
                    )));
                }
            }
            Request::AddCitation { id, cited, before } => {
                self.write(before, |check, yaml| {
                    place::add_citation(check, yaml, &id, &cited)
                });
            }
            Request::NewDraft { draft, before } => {
                self.write(before, |check, yaml| place::add_draft(check, yaml, &draft));
            }
            Request::Undo => self.undo(),
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
            self.app
                .update(crate::app::Action::Resize(size.width, size.height));
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

    fn name(&self) -> String {
        Input::file_or_embedded(self.options.file.as_deref())
            .name()
            .into_owned()
    }
}
