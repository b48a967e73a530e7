//! What to tell the author about a quote that did not anchor: the passage it most likely
//! drifted from, or every place it occurs with the `prefix:` that picks each one.
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

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path};

use super::excerpt::{excerpt, line_of};
use crate::anchor::approx::{DiffPart, Haystack, NoSuggestion, word_diff};
use crate::anchor::repeats::{Occurrence, Repeats, collapse_space};
use crate::anchor::{Anchorer, Outcome, Request, leading_words};
use crate::model::Source;
use crate::problem::{Related, Suggestion};
use crate::yaml::double_quoted;

/// Most occurrences of a repeated quote listed, each with its line and prefix.
pub(super) const MAX_LISTED: usize = 8;
/// Least similarity (1 − edits / quote length, after folding) of a suggestion `--fix` applies.
pub(super) const CONFIDENT_SIMILARITY: f32 = 0.9;
/// Words of unchanged text kept on each side of a change when a long diff is shortened.
const DIFF_CONTEXT: usize = 4;

/// What was found for one failed quote.
pub(super) enum Advice {
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
pub(super) fn advise(
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

/// A source as a message shows it.
pub(super) struct Cited<'a> {
    pub(super) source: &'a Source,
    /// Its path from where the chronology was named (the chronology's folder joined to the
    /// path as written), so a reader or an editor can open it from there.
    pub(super) shown: String,
    /// It no longer matches its fingerprint, which the help then says.
    pub(super) changed: bool,
}

impl<'a> Cited<'a> {
    /// `source`, cited by the chronology that messages call `chronology`.
    pub(super) fn new(source: &'a Source, chronology: &str, changed: bool) -> Self {
        let mut shown = std::path::PathBuf::new();
        let joined = Path::new(chronology)
            .parent()
            .unwrap_or(Path::new(""))
            .join(&source.path);
        for part in joined.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir
                    if matches!(shown.components().next_back(), Some(Component::Normal(_))) =>
                {
                    shown.pop();
                }
                other => shown.push(other),
            }
        }
        Cited {
            source,
            shown: shown.display().to_string(),
            changed,
        }
    }
}

/// A failed quote's message, help, snippets and suggestion.
pub(super) struct Explained {
    pub(super) message: String,
    pub(super) help: String,
    pub(super) related: Vec<Related>,
    pub(super) suggestion: Option<Suggestion>,
}

/// Explains a failed outcome for `quote` of `source`; `None` when there is nothing to report.
pub(super) fn explain(
    outcome: &Outcome,
    advice: Option<Advice>,
    source: &Cited<'_>,
    quote: &str,
) -> Option<Explained> {
    let id = &source.source.id;
    let mut related = Vec::new();
    let mut suggestion = None;
    let (message, help) = match *outcome {
        Outcome::Found(_) | Outcome::Empty => return None,
        Outcome::NotFound { .. } => {
            let help = not_found_help(advice, source, quote, &mut related, &mut suggestion);
            (format!("quote not found in source \"{id}\""), help)
        }
        Outcome::Ambiguous { count } => {
            let mut help = "add `prefix:` with the words just before the one you mean".to_string();
            if let Some(Advice::Occurrences { count: all, listed }) = advice {
                help.push_str(&list_prefixes(source, &listed, all, &mut related));
                help.push_str("; or quote a longer passage");
            } else {
                help.push_str(", or quote a longer passage");
            }
            (
                format!("quote found {count} times in source \"{id}\""),
                help,
            )
        }
        Outcome::PrefixNotFound { count } => {
            let mut help =
                "`prefix:` must be the text immediately before the quote; fix or remove it"
                    .to_string();
            if let Some(Advice::Occurrences { count: all, listed }) = advice {
                if all == 1 {
                    help.push_str(" (the quote occurs once, so it needs no prefix)");
                    if let Some(o) = listed.into_iter().next() {
                        related.push(excerpt(source, o.range, "the only occurrence".into()));
                    }
                } else {
                    help.push_str("; prefixes that work");
                    help.push_str(&list_prefixes(source, &listed, all, &mut related));
                }
            }
            (
                format!(
                    "quote found {count} time{} in source \"{id}\", but never right after the given prefix",
                    if count == 1 { "" } else { "s" },
                ),
                help,
            )
        }
    };
    let help = if source.changed {
        format!("the source changed since its `sha256:` was taken; {help}")
    } else {
        help
    };
    Some(Explained {
        message,
        help,
        related,
        suggestion,
    })
}

/// The help for a quote not found: the closest passage and what to paste, or why there is none.
fn not_found_help(
    advice: Option<Advice>,
    source: &Cited<'_>,
    quote: &str,
    related: &mut Vec<Related>,
    suggestion: &mut Option<Suggestion>,
) -> String {
    const EXACTLY: &str = "copy the passage exactly (quote marks, dashes and spacing may differ)";
    let has = match &advice {
        Some(Advice::NoneClose {
            leading: Some(words),
            ..
        }) => format!("the source has \"{words}\" but differs after it; "),
        _ => String::new(),
    };
    match advice {
        Some(Advice::Closest {
            passage,
            similarity,
            doubt,
        }) => {
            let new = collapse_space(&source.source.text[passage.clone()]);
            let diff = diff_text(quote, &new);
            let pct = percent(similarity);
            related.push(excerpt(source, passage, "closest passage".into()));
            let paste = double_quoted(&new);
            let help = match &doubt {
                None => format!(
                    "the source says \"{diff}\" ({pct}% alike); quote it exactly: quote: {paste} (`sourceline check --fix` does this)"
                ),
                Some(why) => format!(
                    "the closest passage says \"{diff}\" ({pct}% alike), but {why}: check it still says what you cite it for; to quote it exactly: quote: {paste}"
                ),
            };
            *suggestion = Some(Suggestion {
                replacement: new,
                confident: doubt.is_none(),
                from: Some(related.len() - 1),
            });
            help
        }
        Some(Advice::NoneClose {
            why: NoSuggestion::TooShort,
            ..
        }) => {
            format!("{has}the quote is too short to look for a near match; {EXACTLY}")
        }
        Some(Advice::NoneClose {
            why: NoSuggestion::TooDifferent { similarity },
            ..
        }) => format!(
            "{has}nothing in the source is close enough to suggest (the nearest passage is {}% alike): check the quote is from this source, and {EXACTLY}",
            percent(similarity)
        ),
        Some(Advice::NoneClose {
            why:
                NoSuggestion::Ambiguous {
                    similarity,
                    runner_up,
                },
            ..
        }) => format!(
            "{has}several passages are about as close to it ({}% and {}% alike), so none is suggested; {EXACTLY}, with `prefix:` if it occurs more than once",
            percent(similarity),
            percent(runner_up)
        ),
        _ => format!(
            "{has}copy the passage exactly from the source (quote marks, dashes and spacing may differ)"
        ),
    }
}

/// `: line 2 prefix: "…", line 7 prefix: "…"`, with a snippet for each occurrence.
fn list_prefixes(
    source: &Cited<'_>,
    listed: &[Occurrence],
    all: usize,
    related: &mut Vec<Related>,
) -> String {
    let mut out = String::from(":");
    for (n, o) in listed.iter().enumerate() {
        let line = line_of(&source.source.text, o.range.start);
        let label = match &o.prefix {
            Some(p) => format!("prefix: {}", double_quoted(p)),
            None => "no short prefix picks this one".to_string(),
        };
        let sep = if n == 0 { " " } else { ", " };
        let _ = write!(out, "{sep}line {line} {label}");
        related.push(excerpt(
            source,
            o.range.clone(),
            format!("{} of {all}: {label}", n + 1),
        ));
    }
    if all > listed.len() {
        let _ = write!(out, " (the first {} of {all})", listed.len());
    }
    out
}

fn percent(similarity: f32) -> u32 {
    // In 0..=1, so the cast is exact enough and never negative.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let pct = (similarity * 100.0).floor() as u32;
    pct.min(100)
}

/// The word diff from `quote` to `passage` as `git diff --word-diff` writes it, long runs of
/// unchanged words shortened to their ends.
fn diff_text(quote: &str, passage: &str) -> String {
    let parts = word_diff(quote, passage);
    let last = parts.len().saturating_sub(1);
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        out.push(match part {
            DiffPart::Removed(t) => format!("[-{t}-]"),
            DiffPart::Added(t) => format!("{{+{t}+}}"),
            DiffPart::Same(t) => {
                let words: Vec<&str> = t.split(' ').collect();
                let n = words.len();
                let (keep_start, keep_end) = match (i == 0, i == last) {
                    (true, true) => (n, 0),
                    (true, false) => (0, DIFF_CONTEXT),
                    (false, true) => (DIFF_CONTEXT, 0),
                    (false, false) => (DIFF_CONTEXT, DIFF_CONTEXT),
                };
                // Shortened only where that hides a few words: "…" for one word helps no one.
                if keep_start + keep_end + 3 >= n {
                    t.clone()
                } else {
                    let mut kept = words[..keep_start].to_vec();
                    kept.push("…");
                    kept.extend_from_slice(&words[n - keep_end..]);
                    kept.join(" ")
                }
            }
        });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_unchanged_runs_are_shortened_to_their_ends() {
        assert_eq!(
            diff_text(
                "one two three four five six seven eight nine ten eleven",
                "one two three four five six seven eight nine ten twelve"
            ),
            "… seven eight nine ten [-eleven-] {+twelve+}"
        );
        assert_eq!(diff_text("a b c", "a b c"), "a b c");
    }

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
