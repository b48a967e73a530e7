//! A quote that is no longer in its source → the passage it most likely drifted from, or nothing.
//!
//! A wrong suggestion is worse than none: it sends the author to fix a citation against the wrong
//! words. Hypothesis re-anchors annotations with the same kind of search and, trusting whatever
//! scores best, attached a note about "Linus" to "chines" (hypothesis/client#2634): it allows
//! errors up to half a quote's length, ranks with no margin over the next candidate, and cuts
//! words in two. So a suggestion here must pass three tests, and otherwise the answer says why
//! there is none ([`NoSuggestion`]):
//!
//! 1. **Long enough to judge**: at least [`MIN_WORDS`] words and [`MIN_CHARS`] characters.
//!    Below that, a few edits turn any short phrase into another.
//! 2. **Close enough**: the passage shown differs from the quote by at most
//!    [`MAX_DISTANCE_PERCENT`] of the quote's length (edit distance after folding), and keeps
//!    more than half of its words. The second half matters for short quotes of short words,
//!    where a few edits change most words: "of a transaction", from another text, is 75% similar
//!    to "for transactions" in the seed article by characters, but keeps one word of three.
//! 3. **Clearly the one**: the best passage elsewhere in the source (not overlapping this one) is
//!    further away by at least [`MIN_MARGIN_PERCENT`] of the quote's length and at least
//!    [`MIN_MARGIN_BYTES`] edits. A source that says nearly the same thing twice gets no
//!    suggestion.
//!
//! A suggestion starts and ends on whole words (never "chines" for "machines"), and its edges
//! move by up to three words where that keeps more of the quote's words (`edges`); rule 2 and
//! the similarity reported are those of the passage shown.
//!
//! Matching runs on the source folded for search (typography, case, diacritics: see
//! `crate::text`), so a quote that differs only there is found at distance 0, and a match maps
//! back to exact bytes of the original source. The distance is Levenshtein's over the folded
//! UTF-8 bytes (`myers`): one edit per byte, so in scripts of two- or three-byte characters a
//! changed letter costs up to its byte length and suggestions are a little stricter there. The
//! word count splits at spaces, so text written without spaces (Chinese, Japanese) never gets a
//! suggestion: too little to judge by, rather than a guess.
//!
//! What is within reach follows from rule 2: a changed or missing word, a typo on either side,
//! punctuation, a line re-wrapped with a hyphen, a number written in words ("100" for "one
//! hundred" is 11 edits, so it is within reach only in a quote of some 45 characters or more).
//! A quote stitched from two sentences that are no longer together, or a paraphrase, is not.
//!
//! With a prefix (the text that must precede the quote), prefix and quote are searched as one
//! pattern, so the prefix singles out one of several similar passages; if that gives no
//! suggestion (the prefix drifted too), the quote is searched alone and must pass on its own.
//!
//! Cost: each quote reads the source once (the best match outside the best one comes from the
//! same scan, but for twice the quote's length after it), at ⌈quote bytes / 64⌉ word
//! operations per byte, then aligns a few dozen candidate edges against
//! the passage alone; a source is folded once for all its quotes ([`Haystack`]). Quotes longer
//! than [`MAX_QUOTE_BYTES`] are not searched. `benches/drift.rs`: 1,000 drifted quotes over 50
//! sources of 3 KB take about 0.2 s on one core.

mod diff;
mod edges;
mod myers;

pub use diff::{DiffPart, word_diff};

use std::ops::Range;

use myers::{Pattern, Start};

use crate::text::{Fold, Folded, fold, fold_needle};

/// Fewest words in a quote for a suggestion.
pub const MIN_WORDS: usize = 3;
/// Fewest characters (after folding) in a quote for a suggestion.
pub const MIN_CHARS: usize = 15;
/// Largest edit distance between quote and passage, in percent of the quote's length.
pub const MAX_DISTANCE_PERCENT: usize = 25;
/// Smallest lead of the best passage over the runner-up, in percent of the quote's length.
pub const MIN_MARGIN_PERCENT: usize = 10;
/// Smallest lead of the best passage over the runner-up, in edits.
pub const MIN_MARGIN_BYTES: usize = 4;
/// Longest quote searched (folded bytes): a citation quotes a sentence or a paragraph, and the
/// search costs the source's length times this over 64.
pub const MAX_QUOTE_BYTES: usize = 4_096;

/// A passage to show in place of a quote that was not found.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Byte range in the original source, on character boundaries, starting and ending on whole
    /// words.
    pub range: Range<usize>,
    /// 1 − edit distance / quote length, after folding: 1 is the quote itself.
    pub similarity: f32,
    /// The same figure for the best passage elsewhere in the source (0: nothing else resembles
    /// it); with a prefix, the figure is for prefix and quote together.
    pub runner_up: f32,
}

/// Why a quote gets no suggestion.
#[derive(Clone, Debug, PartialEq)]
pub enum NoSuggestion {
    /// Too short to judge (rule 1), or empty.
    TooShort,
    /// Longer than [`MAX_QUOTE_BYTES`]: not searched.
    TooLong,
    /// The closest passage is too different (rule 2), or the source is empty; `similarity` is
    /// that of the closest passage by characters.
    TooDifferent { similarity: f32 },
    /// Another passage is nearly as close (rule 3); both figures are those of the pattern
    /// searched (with the prefix, if one was given).
    Ambiguous { similarity: f32, runner_up: f32 },
}

/// A source folded once, to search for many quotes.
pub struct Haystack<'a> {
    folded: Folded<'a>,
}

/// The best match of a pattern, in folded bytes, and the distance of the runner-up.
struct Located {
    range: Range<usize>,
    distance: usize,
    runner_up: usize,
}

impl<'a> Haystack<'a> {
    pub fn new(source: &'a str) -> Haystack<'a> {
        Haystack {
            folded: fold(source, Fold::SEARCH),
        }
    }

    /// The passage `quote` most likely drifted from.
    ///
    /// # Errors
    ///
    /// Why there is none, when the quote fails one of the three tests of the module
    /// documentation.
    pub fn closest(&self, quote: &str, prefix: Option<&str>) -> Result<Suggestion, NoSuggestion> {
        let quote = fold_needle(quote, Fold::SEARCH);
        if quote.chars().count() < MIN_CHARS || quote.split(' ').count() < MIN_WORDS {
            return Err(NoSuggestion::TooShort);
        }
        if quote.len() > MAX_QUOTE_BYTES {
            return Err(NoSuggestion::TooLong);
        }
        let prefix = prefix.map(|p| fold_needle(p, Fold::SEARCH));
        if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
            let both = format!("{prefix} {quote}");
            if both.len() <= MAX_QUOTE_BYTES
                && let Some(found) = self.locate(both.as_bytes())
            {
                // The quote is the end of the match: where it starts, within the match.
                let end = found.range.end;
                let start = self.start_of(quote.as_bytes(), end, found.distance, found.range.start);
                let judged = self.judge(&quote, start..end, &found, both.len());
                if judged.is_ok() {
                    return judged;
                }
            }
        }
        match self.locate(quote.as_bytes()) {
            Some(found) => self.judge(&quote, found.range.clone(), &found, quote.len()),
            None => Err(NoSuggestion::TooDifferent { similarity: 0.0 }),
        }
    }

    /// The best match of `pattern` (non-empty) in the folded source, and the best match that
    /// does not overlap it; `None` if the source is empty.
    fn locate(&self, pattern: &[u8]) -> Option<Located> {
        let text = self.folded.text.as_bytes();
        if text.is_empty() || pattern.is_empty() {
            return None;
        }
        let compiled = Pattern::new(pattern);
        let m = compiled.len();
        // Each new lowest distance and where its match ends: the last is the best match, and
        // together they give the best match ending at or before any point.
        let mut lows: Vec<(usize, usize)> = Vec::new();
        let (mut distance, mut end) = (usize::MAX, 0);
        // The best match inside `end..`: a match costs at most the pattern's length (all of it
        // deleted), so it spans at most twice that, and one ending `2m` or more after `end`
        // starts after it: its distance is the scan's. So the scan keeps the lowest distance
        // at ends from `end + 2m` on (a new best match starts that afresh: those ends are all
        // still ahead), rather than the distance at every end, two bytes per byte of source.
        // Only the ends closer than that need a scan of their own, which starts at `end`.
        let mut far = m;
        compiled.scan(text.iter().copied(), Start::Anywhere, |j, d| {
            if d < distance {
                (distance, end) = (d, j + 1);
                lows.push((end, d));
                far = m;
            } else if j + 1 >= end + 2 * m {
                far = far.min(d);
            }
        });
        let start = self.start_of(pattern, end, distance, 0);
        // The best match inside `..start` is the best one ending there: the distance at an end
        // depends only on the text before it, so the scan above has it.
        let before = lows
            .iter()
            .rev()
            .find(|&&(e, _)| e <= start)
            .map_or(m, |&(_, d)| d.min(m));
        let near = (end + 2 * m).saturating_sub(1).min(text.len());
        let runner_up = before
            .min(far)
            .min(self.closest_within(&compiled, end..near));
        Some(Located {
            range: start..end,
            distance,
            runner_up,
        })
    }

    /// Where the best match of `pattern` that ends at `end` with `distance` edits starts, no
    /// earlier than `floor`: the pattern and text reversed, aligned from `end` backwards. Of
    /// equally close starts, the one giving the pattern's own length (substitutions rather than
    /// an insertion and a deletion).
    fn start_of(&self, pattern: &[u8], end: usize, distance: usize, floor: usize) -> usize {
        let text = self.folded.text.as_bytes();
        let lo = end.saturating_sub(pattern.len() + distance).max(floor);
        let reversed: Vec<u8> = pattern.iter().rev().copied().collect();
        let (mut best, mut len) = (pattern.len(), 0usize);
        Pattern::new(&reversed).scan(text[lo..end].iter().rev().copied(), Start::Here, |j, d| {
            let l = j + 1;
            if d < best || d == best && l.abs_diff(pattern.len()) < len.abs_diff(pattern.len()) {
                (best, len) = (d, l);
            }
        });
        end - len
    }

    /// The distance of the best match of `pattern` inside `range` of the folded source (its
    /// length when the range is empty: nothing matched).
    fn closest_within(&self, pattern: &Pattern, range: Range<usize>) -> usize {
        let mut best = pattern.len();
        pattern.scan(
            self.folded.text.as_bytes()[range].iter().copied(),
            Start::Anywhere,
            |_, d| best = best.min(d),
        );
        best
    }

    /// Applies rules 2 and 3 to `quote` matched at `range` (folded bytes), `found` being the
    /// search for a pattern of `pattern_len` bytes (the quote, or prefix and quote).
    fn judge(
        &self,
        quote: &str,
        range: Range<usize>,
        found: &Located,
        pattern_len: usize,
    ) -> Result<Suggestion, NoSuggestion> {
        // Checked before the edges are refined, which costs more than the search: rule 2 by the
        // best match when the quote was searched alone (the pattern is then the quote, and no
        // passage is closer than the best match), then rule 3.
        if pattern_len == quote.len() && found.distance * 100 > MAX_DISTANCE_PERCENT * quote.len() {
            return Err(NoSuggestion::TooDifferent {
                similarity: ratio(found.distance, quote.len()),
            });
        }
        let runner_up = ratio(found.runner_up, pattern_len);
        let lead = found.runner_up.saturating_sub(found.distance);
        if lead < MIN_MARGIN_BYTES || lead * 100 < MIN_MARGIN_PERCENT * quote.len() {
            return Err(NoSuggestion::Ambiguous {
                similarity: ratio(found.distance, pattern_len),
                runner_up,
            });
        }
        let text = &self.folded.text;
        let compiled = Pattern::new(quote.as_bytes());
        let distance_to = |r: Range<usize>| {
            let mut distance = quote.len();
            compiled.scan(text.as_bytes()[r].iter().copied(), Start::Here, |_, d| {
                distance = d;
            });
            distance
        };
        let range = edges::refine(text, quote, edges::widen(text, range), distance_to);
        let distance = distance_to(range.clone());
        let similarity = ratio(distance, quote.len());
        let words = quote.split(' ').count();
        let kept = diff::words_kept(quote, &text[range.clone()]);
        if distance * 100 > MAX_DISTANCE_PERCENT * quote.len() || kept * 2 <= words {
            return Err(NoSuggestion::TooDifferent { similarity });
        }
        Ok(Suggestion {
            range: self.folded.original_range(range.start, range.end),
            similarity,
            runner_up,
        })
    }
}

/// 1 − `distance` / `len`, in 0..=1.
#[allow(clippy::cast_precision_loss)]
fn ratio(distance: usize, len: usize) -> f32 {
    if len == 0 {
        return 0.0;
    }
    (1.0 - distance as f32 / len as f32).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seeds/reuters-us-warned-iran-2024-01.txt");

    /// The passage of `source` that `quote` most likely drifted from, if any.
    pub(super) fn closest_passage(
        source: &str,
        quote: &str,
        prefix: Option<&str>,
    ) -> Option<Suggestion> {
        Haystack::new(source).closest(quote, prefix).ok()
    }

    fn shown(quote: &str, prefix: Option<&str>) -> Option<&'static str> {
        closest_passage(SEED, quote, prefix).map(|s| &SEED[s.range])
    }

    #[test]
    fn a_changed_word_finds_the_sentence() {
        assert_eq!(
            shown(
                "The official described the warning about the January 3 attack",
                None
            ),
            Some("The official characterized the warning about the January 3 attack")
        );
    }

    #[test]
    fn an_exact_quote_after_search_folding_is_similarity_one() {
        let s = closest_passage(SEED, "the u.s. government recently issued", None).unwrap();
        assert_eq!(
            &SEED[s.range.clone()],
            "The U.S. government recently issued"
        );
        assert!((s.similarity - 1.0).abs() < f32::EPSILON);
    }

    #[test]
    fn short_quotes_and_empty_input_get_nothing() {
        assert_eq!(
            Haystack::new(SEED).closest("Linus", None),
            Err(NoSuggestion::TooShort)
        );
        assert_eq!(
            Haystack::new("").closest("a quote of several words", None),
            Err(NoSuggestion::TooDifferent { similarity: 0.0 })
        );
        assert_eq!(
            Haystack::new(SEED).closest("", Some("")),
            Err(NoSuggestion::TooShort)
        );
    }

    proptest::proptest! {
        /// The runner-up found in one scan is the closest match on either side of the best
        /// one, as scanning each side on its own finds it.
        #[test]
        fn the_runner_up_is_the_closest_match_on_either_side(
            text in "[ab ]{0,800}",
            pattern in "[ab]{1,90}",
        ) {
            let haystack = Haystack::new(&text);
            if let Some(found) = haystack.locate(pattern.as_bytes()) {
                let compiled = Pattern::new(pattern.as_bytes());
                let len = haystack.folded.text.len();
                let either = haystack
                    .closest_within(&compiled, 0..found.range.start)
                    .min(haystack.closest_within(&compiled, found.range.end..len));
                proptest::prop_assert_eq!(found.runner_up, either);
            }
        }
    }

    #[test]
    fn a_repeated_passage_is_ambiguous_unless_the_prefix_decides() {
        let source = "First: the warning was routine and expected. \
                      Later: the warning was routine and expected.";
        let quote = "the warning was routin and expected";
        assert!(matches!(
            Haystack::new(source).closest(quote, None),
            Err(NoSuggestion::Ambiguous { .. })
        ));
        let s = closest_passage(source, quote, Some("Later:")).unwrap();
        assert_eq!(s.range.start, source.rfind("the warning").unwrap());
        assert_eq!(&source[s.range], "the warning was routine and expected");
    }
}
