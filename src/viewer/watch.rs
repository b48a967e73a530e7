//! Watching the chronology and its sources for changes, for live reload.
//!
//! Editors save in different ways: writing in place, writing a new file and renaming it over
//! the old one (vim, most IDEs), or deleting and recreating. A watch on the file itself loses
//! track after a rename-over (it follows the old inode), so the *folders* holding the files are
//! watched, non-recursively, and events are matched by file name. notify's debouncer merges
//! an editor's burst of events into one change.
//!
//! The watcher only says "something changed"; what changed is found by reloading, so a missed
//! detail costs nothing but a reload.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long a burst of events must be quiet before it counts as one change: longer than an
/// editor's write-then-rename, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// Why watching could not start; the viewer then offers a reload by hand.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The watcher itself could not be made (no inotify instance left, for one).
    #[error("cannot watch for changes: {0}")]
    Start(notify::Error),
    /// A folder could not be watched: gone, unreadable, or the watch limit reached.
    #[error("cannot watch {}: {why}", .folder.display())]
    Folder { folder: PathBuf, why: notify::Error },
}

/// A running watch; changes arrive on `changes`. Dropping it stops watching.
pub struct Watch {
    /// One message per debounced change to a watched file.
    pub changes: Receiver<()>,
    // Held for its `Drop`: dropping the debouncer stops its thread.
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watch {
    /// Watches `files` (the chronology and its sources). Files that do not exist yet are
    /// watched through their folder too, so a recreated file is seen.
    ///
    /// # Errors
    /// The operating system refused to watch (e.g. the inotify limit was reached).
    pub fn start(files: &[PathBuf]) -> Result<Self, WatchError> {
        let targets: BTreeSet<PathBuf> = files.iter().map(|f| absolute(f)).collect();
        let folders: BTreeSet<PathBuf> = targets
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        let (tx, changes) = channel();
        let handler = Handler { targets, tx };
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            handler.handle(result);
        })
        .map_err(WatchError::Start)?;
        for folder in &folders {
            debouncer
                .watch(folder, RecursiveMode::NonRecursive)
                .map_err(|why| WatchError::Folder {
                    folder: folder.clone(),
                    why,
                })?;
        }
        Ok(Self {
            changes,
            _debouncer: debouncer,
        })
    }
}

struct Handler {
    targets: BTreeSet<PathBuf>,
    tx: Sender<()>,
}

impl Handler {
    fn handle(&self, result: DebounceEventResult) {
        let relevant = match result {
            // Reading a file is an event too (the viewer's own reload opens it): only
            // changes count.
            Ok(events) => events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .any(|p| self.targets.contains(p)),
            // An overflow or a watch error: something may have changed; reloading is cheap.
            Err(_) => true,
        };
        if relevant {
            let _ = self.tx.send(());
        }
    }
}

/// The path as the watcher reports it: absolute, folders resolved, the file name kept (the file
/// may be a symlink, or absent for a moment).
fn absolute(file: &Path) -> PathBuf {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .join(name),
        _ => abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saw_change(watch: &Watch) -> bool {
        watch.changes.recv_timeout(Duration::from_secs(3)).is_ok()
    }

    fn quiet(watch: &Watch) -> bool {
        std::thread::sleep(DEBOUNCE * 4);
        watch.changes.try_iter().count() == 0
    }

    #[test]
    fn sees_writes_renames_over_and_recreation_but_not_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        std::fs::write(&file, "one").unwrap();
        let watch = Watch::start(std::slice::from_ref(&file)).unwrap();
        assert!(quiet(&watch));

        std::fs::write(&file, "two").unwrap();
        assert!(saw_change(&watch), "write in place");
        while watch.changes.try_recv().is_ok() {}

        let tmp = dir.path().join(".c.yaml.swp");
        std::fs::write(&tmp, "three").unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        assert!(saw_change(&watch), "rename over");
        while watch.changes.try_recv().is_ok() {}

        std::fs::remove_file(&file).unwrap();
        assert!(saw_change(&watch), "delete");
        while watch.changes.try_recv().is_ok() {}
        std::fs::write(&file, "four").unwrap();
        assert!(saw_change(&watch), "recreate");
        while watch.changes.try_recv().is_ok() {}

        // A write after the rename-over still counts: the folder, not the old inode, is watched.
        std::fs::write(&file, "five").unwrap();
        assert!(saw_change(&watch), "write after recreate");
        std::thread::sleep(DEBOUNCE * 2);
        while watch.changes.try_recv().is_ok() {}

        // Reading the file (as a reload does) is not a change.
        let _ = std::fs::read(&file).unwrap();
        assert!(quiet(&watch), "reading is not a change");

        std::fs::write(dir.path().join("other.txt"), "x").unwrap();
        assert!(quiet(&watch), "another file in the folder is not a change");
    }

    #[test]
    fn a_folder_that_cannot_be_watched_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let Err(err) = Watch::start(&[gone.join("c.yaml")]) else {
            panic!("a missing folder was watched");
        };
        let WatchError::Folder { folder, .. } = &err else {
            panic!("{err:?}");
        };
        assert!(folder.is_absolute() && folder.ends_with("gone"), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot watch {}: ", folder.display())),
            "{err}"
        );
    }
}
