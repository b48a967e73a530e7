//! Edit distance of a pattern against every prefix of a text, 64 pattern bytes per machine word:
//! Myers' bit-parallel algorithm ("A fast bit-vector algorithm for approximate string matching
//! based on dynamic programming", J. ACM 1999), in the block form that chains words for patterns
//! longer than 64 (Myers §4; Hyyrö 2003 gives the same recurrences).
//!
//! Written here rather than taken from a crate: the search needs the distance at every text
//! position (to find the runner-up outside the best match), reversed input and an anchored
//! mode (to find where a match starts), and the maintained crates offer less or much more:
//! `triple_accel` (last released 2021) returns only its best matches and refuses NUL bytes,
//! `bio` brings a bioinformatics stack for one function, `edlib` wraps C. The algorithm is a
//! few dozen lines; the tests below check it against the textbook dynamic programme on random
//! inputs that cross the 64-byte block edges.
//!
//! The text is read byte by byte: the caller feeds folded UTF-8 and counts in bytes (see
//! `approx.rs` for why). Each step costs one pass over the pattern's words, so a scan costs
//! text length × ⌈pattern length / 64⌉ word operations, whatever the distances found.

/// How the top row of the dynamic programme starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// The pattern may begin anywhere in the text (search): row 0 is all zeros.
    Anywhere,
    /// The pattern begins where the text begins (alignment): row 0 counts the text skipped.
    Here,
}

/// A pattern compiled to its match masks.
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// `peq[byte * blocks + b]`: bit `i` set where pattern byte `64 b + i` equals `byte`.
    peq: Vec<u64>,
    /// The bit of the pattern's last byte in the last block.
    last_bit: u64,
}

impl Pattern {
    pub fn new(pattern: &[u8]) -> Pattern {
        let blocks = pattern.len().div_ceil(64);
        let mut peq = vec![0u64; 256 * blocks];
        for (i, &byte) in pattern.iter().enumerate() {
            peq[usize::from(byte) * blocks + i / 64] |= 1 << (i % 64);
        }
        let last_bit = 1 << ((pattern.len() + 63) % 64);
        Pattern {
            len: pattern.len(),
            blocks,
            peq,
            last_bit,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Reads `text` and calls `each(j, d)` after its byte `j`: `d` is the edit distance of the
    /// pattern against the best text ending just after `j` (starting anywhere, or at the text's
    /// start, per `start`).
    pub fn scan(
        &self,
        text: impl IntoIterator<Item = u8>,
        start: Start,
        each: impl FnMut(usize, usize),
    ) {
        // Quotes are a sentence or two: up to four words, the blocks live in registers and the
        // loop over them unrolls (twice as fast as the general loop, measured with
        // `benches/drift.rs`).
        match self.blocks {
            0 => self.scan_empty(text, start, each),
            1 => self.scan_blocks::<1>(text, start, each),
            2 => self.scan_blocks::<2>(text, start, each),
            3 => self.scan_blocks::<3>(text, start, each),
            4 => self.scan_blocks::<4>(text, start, each),
            _ => self.scan_any(text, start, each),
        }
    }

    /// An empty pattern: the bottom row is row 0.
    fn scan_empty(
        &self,
        text: impl IntoIterator<Item = u8>,
        start: Start,
        mut each: impl FnMut(usize, usize),
    ) {
        let mut score = self.len;
        for (j, _) in text.into_iter().enumerate() {
            score += usize::from(start == Start::Here);
            each(j, score);
        }
    }

    /// [`Self::scan`] for a pattern of exactly `N` blocks.
    fn scan_blocks<const N: usize>(
        &self,
        text: impl IntoIterator<Item = u8>,
        start: Start,
        mut each: impl FnMut(usize, usize),
    ) {
        let top = top_row(start);
        let mut score = self.len;
        // Column 0: D[i][0] = i, every vertical step +1.
        let mut pv = [!0u64; N];
        let mut mv = [0u64; N];
        for (j, byte) in text.into_iter().enumerate() {
            let eqs = &self.peq[usize::from(byte) * N..][..N];
            let mut h = top;
            for b in 0..N - 1 {
                h = advance(&mut pv[b], &mut mv[b], eqs[b], h, 1 << 63);
            }
            h = advance(&mut pv[N - 1], &mut mv[N - 1], eqs[N - 1], h, self.last_bit);
            // The score is an edit distance: it never goes below 0, so this never wraps.
            score = score.wrapping_add_signed(isize::from(h));
            each(j, score);
        }
    }

    /// [`Self::scan`] for any number of blocks.
    fn scan_any(
        &self,
        text: impl IntoIterator<Item = u8>,
        start: Start,
        mut each: impl FnMut(usize, usize),
    ) {
        let top = top_row(start);
        let mut score = self.len;
        let last = self.blocks - 1;
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        for (j, byte) in text.into_iter().enumerate() {
            let eqs = &self.peq[usize::from(byte) * self.blocks..][..self.blocks];
            let mut h = top;
            for b in 0..last {
                h = advance(&mut pv[b], &mut mv[b], eqs[b], h, 1 << 63);
            }
            h = advance(&mut pv[last], &mut mv[last], eqs[last], h, self.last_bit);
            score = score.wrapping_add_signed(isize::from(h));
            each(j, score);
        }
    }
}

/// The horizontal delta entering the top block: row 0 is all zeros for a search, and counts the
/// text skipped for an alignment.
fn top_row(start: Start) -> i8 {
    match start {
        Start::Anywhere => 0,
        Start::Here => 1,
    }
}

/// One column step of one 64-row block (Myers 1999, Fig. 7): updates the block's vertical
/// deltas from the horizontal delta entering at its top (`h_in`), and returns the one leaving
/// at its row `high`.
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, h_in: i8, high: u64) -> i8 {
    // Branch-free: this runs once per text byte and block. `h_in` is -1, 0 or 1; a block's
    // positive and negative steps never share a row, so at most one of the tests below holds.
    let (p, m) = (*pv, *mv);
    let (neg, pos) = (u64::from(h_in < 0), u64::from(h_in > 0));
    let xv = eq | m;
    let eq = eq | neg;
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let ph = m | !(xh | p);
    let mh = p & xh;
    let h_out = i8::from(ph & high != 0) - i8::from(mh & high != 0);
    let ph = (ph << 1) | pos;
    let mh = (mh << 1) | neg;
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    h_out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook dynamic programme: the bottom row after each text byte.
    fn naive(pattern: &[u8], text: &[u8], start: Start) -> Vec<usize> {
        let mut col: Vec<usize> = (0..=pattern.len()).collect();
        let mut out = Vec::new();
        for (j, &t) in text.iter().enumerate() {
            let mut next = vec![if start == Start::Here { j + 1 } else { 0 }];
            for (i, &p) in pattern.iter().enumerate() {
                let sub = col[i] + usize::from(p != t);
                next.push(sub.min(col[i + 1] + 1).min(next[i] + 1));
            }
            out.push(next[pattern.len()]);
            col = next;
        }
        out
    }

    fn fast(pattern: &[u8], text: &[u8], start: Start) -> Vec<usize> {
        let mut out = Vec::new();
        Pattern::new(pattern).scan(text.iter().copied(), start, |j, d| {
            assert_eq!(j, out.len());
            out.push(d);
        });
        out
    }

    proptest! {
        // A three-letter alphabet makes near matches common; lengths cross every block edge up
        // to five blocks (the general loop).
        #[test]
        fn agrees_with_the_textbook_programme(
            pattern in proptest::collection::vec(b'a'..=b'c', 0..330),
            text in proptest::collection::vec(b'a'..=b'c', 0..300),
            here: bool,
        ) {
            let start = if here { Start::Here } else { Start::Anywhere };
            prop_assert_eq!(fast(&pattern, &text, start), naive(&pattern, &text, start));
        }
    }

    #[test]
    fn block_edges_agree() {
        for len in [1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 320, 321] {
            let pattern: Vec<u8> = (0..len).map(|i| b"abcab"[i % 5]).collect();
            let mut text = b"xx".to_vec();
            text.extend(&pattern);
            text[2 + len / 2] = b'z';
            text.extend(b"yy");
            for start in [Start::Anywhere, Start::Here] {
                assert_eq!(
                    fast(&pattern, &text, start),
                    naive(&pattern, &text, start),
                    "{len}"
                );
            }
        }
    }
}
