//! The way back from folded text to the original: where a folded byte came from.
//!
//! Folding a 256 MiB source once held an original offset for every folded byte (a `u32` each:
//! four times the source). But folding changes little: most bytes are copied as they are, so
//! folded and original offsets advance together, one for one, and drift apart only where a curly
//! quote became a straight one, a run of spaces became one, or a mark was dropped. So only those
//! places are kept, as *breaks*: at a break `(f, o)` folded byte `f` came from original byte `o`,
//! and the bytes after it advance in step until the next break. Prose has a break every few
//! hundred bytes, so the map is a small fraction of the source.
//!
//! A folded byte inside a character that folded to more bytes than it had (`…` to `...`, `İ` to
//! `i̇` when searching) advances in step past that character's start: the lookup moves back to a
//! character boundary of the original, which is that character's start. A break is recorded
//! only where that would not hold, so every lookup gives exactly the start of the character the
//! byte came from, as the one-entry-per-byte map did (a property test holds it to that).
//!
//! Breaks are stored as short steps from the one before (two `u16`s), with every
//! [`STRIDE`]th break, or one too far from the last to be a step, written whole: a source made of
//! nothing but curly quotes costs about four bytes per break, a third of its size, and looking a
//! byte up costs a binary search and at most `STRIDE` steps.

/// Breaks between two whole ones, at most.
const STRIDE: usize = 32;

/// A break written whole, and where the steps after it begin.
#[derive(Clone, Copy, Debug)]
struct Head {
    folded: usize,
    original: usize,
    first_step: usize,
}

/// Where each folded byte came from (see the module documentation).
#[derive(Clone, Debug, Default)]
pub(super) struct Origins {
    heads: Vec<Head>,
    /// `(folded, original)` distance of each break from the one before it.
    steps: Vec<(u16, u16)>,
    /// The last break.
    last: (usize, usize),
}

impl Origins {
    /// Records that the folded bytes `folded..folded + out` came from the character (or run of
    /// characters copied as they are) at `original..original + len`.
    pub(super) fn record(&mut self, folded: usize, out: usize, original: usize, len: usize) {
        if out == 0 {
            return;
        }
        let in_step = |last: (usize, usize), f: usize| (last.1 + f).checked_sub(last.0);
        // Every byte of the output must land inside the input once moved back to a boundary.
        let lands = |last: (usize, usize), f: usize| {
            in_step(last, f).is_some_and(|o| o >= original && o < original + len)
        };
        if self.heads.is_empty()
            || !(lands(self.last, folded) && lands(self.last, folded + out - 1))
        {
            self.push(folded, original);
        }
        // An output longer than its input: start again at the input every `len` bytes.
        let mut at = folded + len;
        while at < folded + out {
            self.push(at, original);
            at += len.max(1);
        }
    }

    fn push(&mut self, folded: usize, original: usize) {
        let (f, o) = self.last;
        let step = (
            u16::try_from(folded.wrapping_sub(f)),
            u16::try_from(original.wrapping_sub(o)),
        );
        let since_head = self.steps.len() - self.heads.last().map_or(0, |h| h.first_step);
        match step {
            (Ok(df), Ok(dor))
                if !self.heads.is_empty() && since_head + 1 < STRIDE && folded > f =>
            {
                self.steps.push((df, dor));
            }
            _ => self.heads.push(Head {
                folded,
                original,
                first_step: self.steps.len(),
            }),
        }
        self.last = (folded, original);
    }

    /// The original offset, in `original`, of folded byte `at` of a folded text of
    /// `folded_len` bytes (`original.len()` from the end on).
    pub(super) fn lookup(&self, at: usize, folded_len: usize, original: &str) -> usize {
        if at >= folded_len {
            return original.len();
        }
        let h = self
            .heads
            .partition_point(|h| h.folded <= at)
            .saturating_sub(1);
        let Some(head) = self.heads.get(h) else {
            return 0;
        };
        let end = self
            .heads
            .get(h + 1)
            .map_or(self.steps.len(), |n| n.first_step);
        let (mut f, mut o) = (head.folded, head.original);
        for &(df, dof) in &self.steps[head.first_step..end] {
            let next = f + usize::from(df);
            if next > at {
                break;
            }
            f = next;
            o += usize::from(dof);
        }
        let mut o = (o + (at - f)).min(original.len());
        while !original.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// Bytes held, for tests of the map's size.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> usize {
        self.heads.len() * std::mem::size_of::<Head>() + self.steps.len() * 4
    }
}
