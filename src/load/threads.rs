//! Running independent work items on all cores: the one thread helper of the loader.
//!
//! Both the pieces of a large file ([`super::parallel`]) and anchoring quotes source by source
//! (validation's finishing step) hand out items to whichever thread is free. They share this
//! module rather than one importing the other, so the loader's modules import in one direction.
//!
//! Scoped threads started per call rather than rayon's pool. Measured on the 100,000-event file
//! (`sourceline check`, 2 cores shared with other work, 8 alternating runs each): rayon's
//! `par_iter` took the same time within the noise (median CPU 5.32 s against 5.13 s, wall
//! medians 10.2 s and 10.1 s) but its peak memory was 11 MB higher in every run (252–253 MB
//! against 241–242 MB, +4.5%), on top of a dependency and a pool of threads that outlives the
//! load; callgrind on the 10,000-event file counted the same work (2.138 billion instructions
//! against 2.136). Here the calling thread works too, and no thread is left once loading
//! returns.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The number of threads worth running: one per core this process may use.
pub(super) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Runs `work` for each of `items` on up to `threads` threads, the calling one among them. Each
/// thread claims the next item as it becomes free, so the work evens out however the items'
/// sizes and the cores' other loads vary. `work` returning `None` stops every thread at its
/// next claim. The results, by item: `None` where an item was stopped or not reached.
///
/// A panic in `work` is a bug, and surfaces as a panic here.
pub(super) fn claim_each<T: Send>(
    items: usize,
    threads: usize,
    work: impl Fn(usize) -> Option<T> + Sync,
) -> Vec<Option<T>> {
    let stop = AtomicBool::new(false);
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items {
                break;
            }
            let Some(result) = work(i) else {
                stop.store(true, Ordering::Relaxed);
                break;
            };
            done.push((i, result));
        }
        done
    };
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads.clamp(1, items.max(1)))
            .map(|_| scope.spawn(run))
            .collect();
        let mine = run();
        let theirs = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        for (i, result) in theirs.chain(mine) {
            results[i] = Some(result);
        }
    });
    results
}
