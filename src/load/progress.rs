//! How far a load has got, shared with whoever draws a progress bar.
//!
//! Counters only, written by the loader's threads and read by the viewer's loop: parsing
//! advances `bytes_done` piece by piece, anchoring advances `sources_done` source by source.
//! Relaxed atomics suffice: the numbers are for a person watching, and the result itself
//! arrives through a channel that orders everything before it.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Progress counters of one load.
#[derive(Debug, Default)]
pub struct LoadProgress {
    pub bytes_total: AtomicU64,
    pub bytes_done: AtomicU64,
    pub sources_total: AtomicUsize,
    pub sources_done: AtomicUsize,
}

impl LoadProgress {
    /// `(bytes_done, bytes_total, sources_done, sources_total)` as they are now.
    #[must_use]
    pub fn snapshot(&self) -> (u64, u64, usize, usize) {
        (
            self.bytes_done.load(Ordering::Relaxed),
            self.bytes_total.load(Ordering::Relaxed),
            self.sources_done.load(Ordering::Relaxed),
            self.sources_total.load(Ordering::Relaxed),
        )
    }

    pub(super) fn parsed(&self, bytes: usize) {
        self.bytes_done
            .fetch_add(u64::try_from(bytes).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    pub(super) fn anchored_one(&self) {
        self.sources_done.fetch_add(1, Ordering::Relaxed);
    }
}
