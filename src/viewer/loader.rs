//! The background load and every reload, their progress, and the watcher that asks for them.
//!
//! A load runs on the viewer's load thread ([`super::worker`]) and the terminal loop polls it
//! between frames, so a key pressed while a large file (re)loads is answered within a frame. A
//! change seen while a load runs queues one more load after it. A reload that fails leaves the
//! last good chronology on screen and opens the problems pane.
//!
//! Each load comes with a [`Snapshot`] of the bytes it read (their length and digest): a write
//! reads the file again and goes ahead only when it is still those bytes (see
//! [`super::writes`]), so a file changed by another program since is refused, never
//! overwritten.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use color_eyre::eyre::Result;

use super::watch::Watch;
use super::worker::{Done, Request, Worker};
use super::{ResolveFilter, Viewer};
use crate::app::{Happened, Progress};
use crate::load::{self, Change, LoadProgress, Problems};
use crate::model::Chronology;

/// A load running on the load thread ([`super::worker`]): where its result and progress come.
pub(super) struct Loading {
    result: Receiver<Done>,
    progress: Arc<LoadProgress>,
}

impl Viewer<'_> {
    /// Starts loading the chronology on a thread.
    pub(super) fn start_load(&mut self) {
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
            digests: true,
            snapshots: self.options.snapshots.clone(),
        };
        // Only the events that changed since the last good load are parsed again, when that
        // is all that changed (`load::reload`, on the thread's reloadable).
        Worker::run(
            &mut self.worker,
            Request {
                file: self.options.file.clone(),
                options,
                reply: tx,
            },
        );
        self.loading = Some(Loading {
            result: rx,
            progress,
        });
        if self.options.file.is_some() {
            self.app.happened(Happened::Progress(Progress::default()));
        }
    }

    /// Takes a finished load's result, or its progress; true when the screen changed.
    pub(super) fn poll_load(&mut self, resolve: ResolveFilter<'_>) -> Result<bool> {
        let Some(loading) = &self.loading else {
            return Ok(false);
        };
        let done = match loading.result.try_recv() {
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
                Done {
                    snapshot: None,
                    result: Err(Problems(vec![load::Problem::new(
                        &name,
                        "the loader stopped unexpectedly (a bug: please report it)",
                    )])),
                }
            }
        };
        self.loading = None;
        if let Some(worker) = &mut self.worker {
            worker.result_taken();
        }
        match done.result {
            Ok(Change::Loaded(chronology)) if !self.filter_resolved => {
                self.snapshot = done.snapshot;
                let filter = resolve(&chronology)?;
                self.filter_resolved = true;
                self.app.filter = filter;
                self.app.happened(Happened::Loaded(Box::new(chronology)));
                if self.app.visible.is_empty() && !self.app.filter.is_empty() {
                    self.app.message = Some("no events match the filter".into());
                }
                self.watch_files(self.source_paths(&self.app.chronology));
            }
            Ok(change) => {
                self.snapshot = done.snapshot;
                // The events that did not change move from the chronology shown.
                let kept = change.kept();
                self.app.loaded_with(
                    |old| change.into_chronology(Cow::Owned(old)),
                    kept.as_deref(),
                );
                self.watch_files(self.source_paths(&self.app.chronology));
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

    /// Loads again now, or after the load running ends.
    pub(super) fn reload(&mut self) {
        if self.loading.is_some() {
            self.reload_pending = true;
        } else {
            self.start_load();
        }
    }

    /// The chronology file then the source documents of `chronology`, as paths on disk.
    pub(super) fn source_paths(&self, chronology: &Chronology) -> Vec<PathBuf> {
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
    pub(super) fn poll_watch(&mut self) -> bool {
        let Some(watch) = &self.watch else {
            return false;
        };
        if watch.changes.try_iter().count() == 0 {
            return false;
        }
        self.reload();
        true
    }
}
