//! Finding what to suggest for each quote that did not anchor: the passage it most likely
//! drifted from, or every place it occurs with the `prefix:` that picks each one. Nothing here
//! is worded; [`super::wording`] turns an [`Advice`] into a message.
//!
//! Only failed quotes are searched ([`advise`] returns at once when every quote anchored), so a
//! file without problems loads no slower. The answers come from [`crate::anchor::approx`] (is
//! one passage clearly the one?) and [`crate::anchor::repeats`] (which words single out each
//! occurrence?), and every text offered to paste is confirmed by anchoring it again, as the
//! loader would: a suggested passage must anchor where it was found, a listed prefix must pick
//! its occurrence.
//!
//! A suggestion is *confident*, and `check --fix` may apply it without the author, only when it
//! is a small change that leaves the meaning alone as far as text can tell: at least
//! [`CONFIDENT_SIMILARITY`] alike, no number changed (`100` against `one hundred` may be the
//! same; `100` against `1,000` is not), no negation added or removed, and the passage anchors as
//! it is. Everything else is shown with its reason and left to a human: a citation whose words
//! changed meaning must not be moved silently (Hypothesis users report annotations re-attached
//! to the wrong words).

use std::ops::Range;

use crate::anchor::approx::{DiffPart, Haystack, NoSuggestion, word_diff};
use crate::anchor::repeats::{Occurrence, Repeats, collapse_space};
use crate::anchor::{Anchorer, Outcome, Request, leading_words};

/// Most occurrences of a repeated quote listed, each with its line and prefix.
const MAX_LISTED: usize = 8;
/// Least similarity (1 − edits / quote length, after folding) of a suggestion `--fix` applies.
const CONFIDENT_SIMILARITY: f32 = 0.9;

/// What was found for one failed quote.
pub(in crate::load::validate) enum Advice {
    /// The passage the quote most likely drifted from, and why `--fix` must leave it to the
    /// author (`None`: it may apply it).
    Closest {
        passage: Range<usize>,
        similarity: f32,
        doubt: Option<String>,
    },
    /// Nothing is close enough to suggest; `leading`: the longest run of the quote's leading
    /// words that the source has, if two or more.
    NoneClose {
        why: NoSuggestion,
        leading: Option<String>,
    },
    /// Every occurrence (the first [`MAX_LISTED`]) and how many there are.
    Occurrences {
        count: usize,
        listed: Vec<Occurrence>,
    },
}

/// For each request, what to tell the author when its outcome is a failure (`None` for the
/// rest). `anchorer` holds the source the requests were anchored in, folded once for all the
/// searches here.
pub(in crate::load::validate) fn advise(
    anchorer: &Anchorer<'_>,
    requests: &[Request<'_>],
    outcomes: &[Outcome],
) -> Vec<Option<Advice>> {
    let text = anchorer.folded().original();
    let mut advice: Vec<Option<Advice>> = outcomes.iter().map(|_| None).collect();
    let failed = |pick: fn(&Outcome) -> bool| -> Vec<usize> {
        (0..outcomes.len())
            .filter(|&i| pick(&outcomes[i]))
            .collect()
    };
    let missing = failed(|o| matches!(o, Outcome::NotFound { .. }));
    if !missing.is_empty() {
        // Folded for search (case, diacritics) too, and dropped before the checks below.
        let haystack = Haystack::new(text);
        for &i in &missing {
            let r = requests[i];
            advice[i] = Some(match haystack.closest(r.quote, r.prefix) {
                Ok(s) => Advice::Closest {
                    passage: s.range,
                    similarity: s.similarity,
                    doubt: None,
                },
                Err(why) => Advice::NoneClose {
                    why,
                    leading: leading_words(&anchorer.folded().text, r.quote),
                },
            });
        }
        drop(haystack);
        confirm_passages(anchorer, requests, &mut advice);
    }
    let repeated = failed(|o| {
        matches!(
            o,
            Outcome::Ambiguous { .. } | Outcome::PrefixNotFound { .. }
        )
    });
    if !repeated.is_empty() {
        let repeats = Repeats::new(anchorer.folded());
        for &i in &repeated {
            let (count, listed) = repeats.of(requests[i].quote, MAX_LISTED);
            advice[i] = Some(Advice::Occurrences { count, listed });
        }
        confirm_prefixes(anchorer, requests, &mut advice);
    }
    advice
}

/// Anchors each suggested passage as the new quote (with the quote's prefix), all in one pass
/// over the source, and records why `--fix` must not apply it.
fn confirm_passages(
    anchorer: &Anchorer<'_>,
    requests: &[Request<'_>],
    advice: &mut [Option<Advice>],
) {
    let text = anchorer.folded().original();
    let mut asked = Vec::new();
    let mut pasted = Vec::new();
    for (i, a) in advice.iter().enumerate() {
        if let Some(Advice::Closest { passage, .. }) = a {
            asked.push(i);
            pasted.push(collapse_space(&text[passage.clone()]));
        }
    }
    let checks: Vec<Request<'_>> = asked
        .iter()
        .zip(&pasted)
        .map(|(&i, quote)| Request {
            quote,
            prefix: requests[i].prefix,
        })
        .collect();
    for ((&i, outcome), new) in asked
        .iter()
        .zip(anchorer.anchor(&checks, false))
        .zip(&pasted)
    {
        let Some(Advice::Closest {
            passage,
            similarity,
            doubt,
        }) = &mut advice[i]
        else {
            continue;
        };
        *doubt = match outcome {
            Outcome::Found(r) if r == *passage => {
                meaning_doubt(requests[i].quote, new, *similarity)
            }
            Outcome::Ambiguous { .. } => {
                Some("the passage occurs more than once, so it needs a `prefix:` too".into())
            }
            Outcome::PrefixNotFound { .. } => {
                Some("the passage does not follow the given `prefix:`".into())
            }
            _ => Some("the passage does not anchor as it is".into()),
        };
    }
}

/// Why a change from `quote` to `passage` may change what the citation says, if it may.
fn meaning_doubt(quote: &str, passage: &str, similarity: f32) -> Option<String> {
    let changed: Vec<String> = word_diff(quote, passage)
        .into_iter()
        .filter_map(|part| match part {
            DiffPart::Removed(t) | DiffPart::Added(t) => Some(t),
            DiffPart::Same(_) => None,
        })
        .collect();
    let words = || changed.iter().flat_map(|t| t.split_whitespace());
    if words().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return Some("a number changed".into());
    }
    if words().any(is_negation) {
        return Some("a negation changed".into());
    }
    (similarity < CONFIDENT_SIMILARITY).then(|| "it differs in more than a letter or two".into())
}

/// Whether a word denies what follows it (compared without case and end punctuation).
fn is_negation(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .to_lowercase();
    matches!(
        w.as_str(),
        "not" | "no" | "never" | "none" | "nor" | "neither" | "nothing" | "without" | "cannot"
    ) || w.ends_with("n't")
        || w.ends_with("n\u{2019}t")
}

/// Anchors the quote with each listed prefix, all in one pass, and drops a prefix that does not
/// pick its occurrence.
fn confirm_prefixes(
    anchorer: &Anchorer<'_>,
    requests: &[Request<'_>],
    advice: &mut [Option<Advice>],
) {
    let mut asked: Vec<(usize, usize)> = Vec::new();
    let mut checks: Vec<Request<'_>> = Vec::new();
    for (i, a) in advice.iter().enumerate() {
        if let Some(Advice::Occurrences { listed, .. }) = a {
            for (j, o) in listed.iter().enumerate() {
                if let Some(prefix) = &o.prefix {
                    asked.push((i, j));
                    checks.push(Request {
                        quote: requests[i].quote,
                        prefix: Some(prefix),
                    });
                }
            }
        }
    }
    let outcomes = anchorer.anchor(&checks, false);
    let mut wrong = Vec::new();
    for (&(i, j), outcome) in asked.iter().zip(outcomes) {
        if let Some(Advice::Occurrences { listed, .. }) = &advice[i]
            && outcome != Outcome::Found(listed[j].range.clone())
        {
            wrong.push((i, j));
        }
    }
    for (i, j) in wrong {
        if let Some(Advice::Occurrences { listed, .. }) = &mut advice[i] {
            listed[j].prefix = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_negations_are_left_to_a_human() {
        assert_eq!(
            meaning_doubt("killed 100 people", "killed 1,000 people", 0.95).as_deref(),
            Some("a number changed")
        );
        assert_eq!(
            meaning_doubt(
                "Iran was warned in time",
                "Iran wasn't warned in time",
                0.95
            )
            .as_deref(),
            Some("a negation changed")
        );
        assert_eq!(
            meaning_doubt("the goverment said", "the government said", 0.95),
            None
        );
        assert!(meaning_doubt("a b c", "a d c", 0.5).is_some());
    }
}
