//! Every event of the file at once, as [`super::finish`] and [`super::anchoring`] both need
//! them: a file of its own, below both, so neither imports the other for it.

use super::events::Pending;

/// Every event of the file, numbered in file order but left in the runs they were checked in:
/// gathering them into one list would copy every event once more, at the moment memory use
/// peaks.
pub(super) struct AllEvents {
    runs: Vec<Vec<Pending>>,
    /// The number of the first event of each run.
    starts: Vec<usize>,
}

impl AllEvents {
    pub(super) fn new(runs: impl Iterator<Item = Vec<Pending>>) -> Self {
        let runs: Vec<Vec<Pending>> = runs.filter(|run| !run.is_empty()).collect();
        let starts = runs
            .iter()
            .scan(0, |next, run| {
                let start = *next;
                *next += run.len();
                Some(start)
            })
            .collect();
        AllEvents { runs, starts }
    }

    pub(super) fn len(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Pending> {
        self.runs.iter().flatten()
    }

    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Pending> {
        self.runs.iter_mut().flatten()
    }

    /// The run holding event `i`, and its place there.
    fn locate(&self, i: usize) -> (usize, usize) {
        let run = self
            .starts
            .partition_point(|&start| start <= i)
            .saturating_sub(1);
        (run, i - self.starts.get(run).copied().unwrap_or(0))
    }
}

impl std::ops::Index<usize> for AllEvents {
    type Output = Pending;

    fn index(&self, i: usize) -> &Pending {
        let (run, at) = self.locate(i);
        &self.runs[run][at]
    }
}

impl std::ops::IndexMut<usize> for AllEvents {
    fn index_mut(&mut self, i: usize) -> &mut Pending {
        let (run, at) = self.locate(i);
        &mut self.runs[run][at]
    }
}
