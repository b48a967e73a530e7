//! Writing the chronology from the viewer, and undoing it: the effects of `c`, `C` and `u`.
//!
//! Every write goes through [`crate::edit`] against the bytes read when the shown chronology
//! was loaded (the loader's [`Snapshot`]), so a file changed by another program since is
//! refused, never overwritten. Every write of the session is kept with the bytes from before it
//! and where the reader was, for `u`.

use std::path::PathBuf;

use super::Viewer;
use crate::app::{Happened, Place};
use crate::edit::review::{Reviewing, review_now, set_review};
use crate::edit::{Patch, Refused, Snapshot, place};
use crate::load::ShownSources;
use crate::model::Verdict;

/// A write of this session, for `u`: the file as it left it, the bytes before it (kept only
/// once written, for undo), and where the reader was when asking for it.
pub(super) struct Written {
    after: Snapshot,
    before: Vec<u8>,
    place: Place,
}

impl Viewer<'_> {
    /// The source documents of the shown chronology on disk, which a write must never touch.
    fn sources_on_disk(&self) -> Vec<PathBuf> {
        let mut paths = self.source_paths(&self.app.chronology);
        if !paths.is_empty() {
            paths.remove(0);
        }
        paths
    }

    /// Writes the patch `change` computes from the file as it was loaded, then reloads. The
    /// patch is read back against the source texts already loaded (the shown chronology's), so
    /// the check anchors what the reader selected in. `before` (where the reader was) is kept
    /// with the write, for its undo to give back.
    pub(super) fn write(
        &mut self,
        before: Place,
        change: impl FnOnce(&place::Check<'_>, &str) -> Result<Patch, place::Unplaced>,
    ) {
        let name = self.name();
        let check = place::Check {
            name: &name,
            sources: &ShownSources(&self.app.chronology.sources),
        };
        let sources = self.sources_on_disk();
        let result = match &self.snapshot {
            None if self.options.file.is_none() => Err(Refused::Embedded.to_string()),
            None => Err(format!(
                "{}: was not read at load time; nothing was written (reload, then try again)",
                self.name()
            )),
            // The patch is computed on the file as it is now, once it is known to be the
            // file as loaded (the snapshot holds its digest, not its bytes).
            Some(snapshot) => snapshot.write_with(&sources, |bytes| {
                let yaml =
                    std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 ({e})"))?;
                let patch = change(&check, yaml).map_err(|e| format!("{name}: {e}"))?;
                Ok(vec![patch])
            }),
        };
        match result {
            Ok(wrote) => {
                self.snapshot = Some(wrote.snapshot.clone());
                self.undo.push(Written {
                    after: wrote.snapshot,
                    before: wrote.before,
                    place: before,
                });
                self.app.happened(Happened::Wrote(format!(
                    "{}: written; reloading…",
                    self.name()
                )));
                self.reload_after_write();
            }
            Err(why) => self.app.happened(Happened::EffectFailed(why)),
        }
    }

    /// Reloads after a write: the watcher sees the rename and reloads once (a reload here too
    /// would show the same file twice, the second time with a bare "reloaded" for a message);
    /// without a watch, reloads here.
    fn reload_after_write(&mut self) {
        if self.watch.is_none() {
            self.reload();
        }
    }

    /// Writes a review of citation `citation` of event `id`, by the session's reviewer, today,
    /// of the source's bytes as loaded (their digest, taken by the loader).
    pub(super) fn write_review(
        &mut self,
        before: Place,
        id: String,
        citation: usize,
        verdict: Verdict,
        note: Option<String>,
    ) {
        let digest = self
            .app
            .chronology
            .events
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.citations.get(citation))
            .and_then(|c| self.app.chronology.sources.get(c.source))
            .and_then(|s| s.sha256.clone());
        let Some(digest) = digest else {
            self.app.happened(Happened::EffectFailed(format!(
                "{}: the source's SHA-256 is not known; nothing was written (reload, then try again)",
                self.name()
            )));
            return;
        };
        let reviewing = Reviewing {
            event: id,
            citation,
            review: review_now(verdict, &self.options.reviewer, &digest, note),
        };
        self.write(before, |check, yaml| set_review(check, yaml, &reviewing));
    }

    /// Puts back the bytes from before the last write, if the file is still as it left it.
    pub(super) fn undo(&mut self) {
        let Some(written) = self.undo.pop() else {
            self.app.happened(Happened::EffectFailed(
                "nothing to undo: no write in this session".into(),
            ));
            return;
        };
        // The bytes are cloned, not moved: a refused undo stays on the stack.
        match written
            .after
            .replace(written.before.clone(), &self.sources_on_disk())
        {
            Ok(restored) => {
                self.snapshot = Some(restored.snapshot);
                self.app.happened(Happened::Undone {
                    message: format!("undone: {} is as it was before the last write", self.name()),
                    before: written.place,
                });
                self.reload_after_write();
            }
            Err(why) => {
                let message = match &why {
                    Refused::Changed(path) => format!(
                        "{}: changed since sourceline wrote it; not undone (undo puts back only a file nothing else changed)",
                        path.display()
                    ),
                    _ => why.to_string(),
                };
                // Kept: once the file is as the write left it again, undo works again.
                self.undo.push(written);
                self.app.happened(Happened::EffectFailed(message));
            }
        }
    }
}
