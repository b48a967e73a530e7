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
use std::sync::{Condvar, Mutex, PoisonError};

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

/// [`claim_each`], with at most `budget` of the items' `cost` in work at once: an item waits
/// for its turn until the ones in work leave room for it (one costing more than the budget
/// waits until it runs alone). Anchoring folds each source it searches, a copy of it: sources
/// of hundreds of megabytes take turns, while small ones still share every core.
pub(super) fn claim_each_within<T: Send>(
    items: usize,
    threads: usize,
    cost: impl Fn(usize) -> u64 + Sync,
    budget: u64,
    work: impl Fn(usize) -> Option<T> + Sync,
) -> Vec<Option<T>> {
    let gate = Gate {
        budget,
        used: Mutex::new(0),
        freed: Condvar::new(),
    };
    claim_each(items, threads, |i| {
        let _held = gate.hold(cost(i).min(budget));
        work(i)
    })
}

/// The cost of the work in progress, and a wait for room.
struct Gate {
    budget: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

impl Gate {
    /// Waits until `cost` fits beside the work in progress, then counts it in until the guard
    /// returned is dropped.
    fn hold(&self, cost: u64) -> Held<'_> {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        while *used + cost > self.budget {
            used = self
                .freed
                .wait(used)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *used += cost;
        Held { gate: self, cost }
    }
}

/// Work counted in a [`Gate`] until dropped.
struct Held<'a> {
    gate: &'a Gate,
    cost: u64,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut used = self
            .gate
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used -= self.cost;
        self.gate.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_within_a_budget_never_holds_more_than_it_at_once() {
        // Three items that each take most of the budget, and small ones.
        let costs = [60u64, 60, 60, 10, 10, 10, 10, 150];
        let in_work = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let done = claim_each_within(
            costs.len(),
            4,
            |i| costs[i],
            100,
            |i| {
                let cost = usize::try_from(costs[i].min(100)).unwrap();
                let now = in_work.fetch_add(cost, Ordering::SeqCst) + cost;
                most.fetch_max(now, Ordering::SeqCst);
                // Some work, so that others could start meanwhile if nothing held them back.
                let sum: u64 = (0..200_000u64).map(std::hint::black_box).sum();
                in_work.fetch_sub(cost, Ordering::SeqCst);
                Some(sum)
            },
        );
        assert!(done.iter().all(Option::is_some));
        assert!(most.load(Ordering::SeqCst) <= 100, "{most:?}");
    }
}
