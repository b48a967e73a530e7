//! Wording what [`super::find`] found: the message, the help with what to paste, the snippets
//! of the source beside it, and the suggestion `check --fix` may apply. Nothing is searched
//! here; the words say only what the advice holds.

use std::fmt::Write as _;

use super::super::excerpt::{Cited, excerpt, line_of};
use super::find::Advice;
use crate::anchor::Outcome;
use crate::anchor::approx::{DiffPart, NoSuggestion, word_diff};
use crate::anchor::repeats::{Occurrence, collapse_space};
use crate::problem::{Related, Suggestion};
use crate::yaml::double_quoted;

/// Words of unchanged text kept on each side of a change when a long diff is shortened.
const DIFF_CONTEXT: usize = 4;

/// A failed quote's message, help, snippets and suggestion.
pub(in crate::load::validate) struct Explained {
    pub(in crate::load::validate) message: String,
    pub(in crate::load::validate) help: String,
    pub(in crate::load::validate) related: Vec<Related>,
    pub(in crate::load::validate) suggestion: Option<Suggestion>,
}

/// Explains a failed outcome for `quote` of `source`; `None` when there is nothing to report.
pub(in crate::load::validate) fn explain(
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
        let mut place = excerpt(
            source,
            o.range.clone(),
            format!("{} of {all}: {label}", n + 1),
        );
        place.prefix.clone_from(&o.prefix);
        related.push(place);
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
}
