//! The real binary, run as tests must run it: never on the user's caches. Each run gets a cache
//! folder of its own (`XDG_CACHE_HOME`, which both the extraction and the snapshot cache live
//! under), removed when the run is dropped: the caches stay on, as a user has them, but start
//! empty and leave nothing behind. A test of the caches themselves points them where it wants
//! after this (a later `env` wins), or turns them off with `SOURCELINE_CACHE=off`.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::Command;

/// An empty folder for one process's caches, removed when dropped.
pub struct TestCache(tempfile::TempDir);

impl TestCache {
    pub fn new() -> Self {
        Self(tempfile::tempdir().expect("a temporary cache folder"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// The variables that put a process's caches here, for `Command::envs` (any command: the
    /// binary, a shell that runs it, an editor that starts its language server).
    pub fn vars(&self) -> [(&'static str, &Path); 1] {
        [("XDG_CACHE_HOME", self.path())]
    }
}

impl Default for TestCache {
    fn default() -> Self {
        Self::new()
    }
}

/// The binary cargo built for the tests, with a [`TestCache`] that lives as long as this value:
/// keep it until the process has finished (`sourceline().args(…).output()` does, in one
/// statement; a spawned child needs the value kept beside it).
pub struct Sourceline {
    command: Command,
    cache: TestCache,
}

impl Sourceline {
    /// The run's cache folder.
    pub fn cache(&self) -> &Path {
        self.cache.path()
    }
}

impl Deref for Sourceline {
    type Target = Command;
    fn deref(&self) -> &Command {
        &self.command
    }
}

impl DerefMut for Sourceline {
    fn deref_mut(&mut self) -> &mut Command {
        &mut self.command
    }
}

/// `sourceline`, to be given arguments: see [`Sourceline`].
pub fn sourceline() -> Sourceline {
    let cache = TestCache::new();
    let mut command = Command::new(super::SOURCELINE);
    command.envs(cache.vars());
    Sourceline { command, cache }
}
