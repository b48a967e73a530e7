//! The viewer: the one owner of every side effect of an interactive session. `App` decides;
//! this module performs and reports back, in parts with one job each:
//!
//! - [`runtime`]: the terminal loop. Events in, `App::update`, draw; nothing else.
//! - [`loader`]: the background load and every reload, its progress, and the file watcher that
//!   asks for reloads ([`watch`]).
//! - [`effects`]: what `update` asks for through a `Request`: run the editor ([`editor`] picks
//!   the command), copy through OSC 52, and the writes of `c`, `C` and `u` ([`writes`]).
//!
//! The three share the [`Viewer`] below, which holds the terminal, the app and what the effects
//! must remember between frames (the load running, the watch, the bytes writes apply to, the
//! session's writes for undo).

use std::path::PathBuf;

use color_eyre::eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::layout::Rect;

use crate::app::{App, Origin};
use crate::edit::Snapshot;
use crate::find::{Filter, Unknown};
use crate::load::Input;
use crate::model::Chronology;

mod editor;
mod effects;
mod loader;
mod runtime;
mod trim;
mod watch;
mod worker;
mod writes;

pub use runtime::run;

/// What the viewer shows and how.
pub struct Options {
    /// The chronology file; `None` for the embedded one.
    pub file: Option<PathBuf>,
    /// Folders sources may also be read from (`--allow-sources-in`).
    pub allow: Vec<PathBuf>,
    /// The snapshot cache each load goes through (`None` with `--no-cache`).
    pub snapshots: Option<crate::load::Snapshots>,
    /// Watch the files and reload on change.
    pub watch: bool,
    pub monochrome: bool,
    /// How times are shown first (`--tz`), and this machine's zone, for `z` to cycle to.
    pub clock: crate::model::Clock,
    pub local: crate::model::Clock,
    /// The name a review written with `m` or `M` gives in `by:`.
    pub reviewer: String,
}

/// Turns the command line's filter flags into a filter for a loaded chronology.
pub type ResolveFilter<'a> = &'a dyn Fn(&Chronology) -> Result<Filter, Unknown>;

/// The session: the terminal, the app, and what the loader and the effects keep between frames.
struct Viewer<'t> {
    terminal: &'t mut DefaultTerminal,
    app: App,
    options: Options,
    loading: Option<loader::Loading>,
    /// A change arrived while a load was running: load again when it ends.
    reload_pending: bool,
    watch: Option<watch::Watch>,
    /// The files watched now (the chronology and its sources).
    watched: Vec<PathBuf>,
    filter_resolved: bool,
    /// The chronology file as read by the load whose result is shown: what writes apply to.
    snapshot: Option<Snapshot>,
    /// This session's writes, oldest first.
    undo: Vec<writes::Written>,
    /// A load was started: the next is a reload.
    started: bool,
    /// The thread that runs every load, started with the first.
    worker: Option<worker::Worker>,
}

impl<'t> Viewer<'t> {
    fn new(terminal: &'t mut DefaultTerminal, options: Options) -> Result<Self> {
        trim::grow_heaps_in_large_steps();
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
            worker: None,
            undo: Vec::new(),
            started: false,
        })
    }

    /// The chronology's name in messages: its path, or the embedded chronology's name.
    fn name(&self) -> String {
        Input::file_or_embedded(self.options.file.as_deref())
            .name()
            .into_owned()
    }
}
