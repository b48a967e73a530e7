//! What changed between a quote and the passage suggested for it, word by word, so a message can
//! show the author the few words to fix instead of two long strings to compare by eye.
//!
//! Words are compared as anchoring compares text: typography folded (curly and straight quotes,
//! dashes), letters and case kept. So the diff shows exactly the differences that made the quote
//! fail, and none that anchoring forgives. Words are split at white space and keep their
//! punctuation (`Iran,` against `Iran` is one changed word), as `git diff --word-diff` does. The
//! diff itself is the `similar` crate's Myers diff over the word lists.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::text::{Fold, fold_needle};

/// Beyond this many words on either side the diff gives up and reports one removal and one
/// addition: a Myers diff costs (words × differences), and quotes are a sentence or two.
const MAX_WORDS: usize = 2_000;

/// One run of words, in reading order. `Same` and `Added` hold the passage's spelling, `Removed`
/// the quote's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffPart {
    Same(String),
    /// In the quote, not in the passage.
    Removed(String),
    /// In the passage, not in the quote.
    Added(String),
}

/// The word diff from `quote` to `passage`; adjacent words of one kind form one part, joined by
/// single spaces.
pub fn word_diff(quote: &str, passage: &str) -> Vec<DiffPart> {
    let old: Vec<&str> = quote.split_whitespace().collect();
    let new: Vec<&str> = passage.split_whitespace().collect();
    let mut parts: Vec<DiffPart> = Vec::new();
    if old.len() > MAX_WORDS || new.len() > MAX_WORDS {
        push(&mut parts, DiffPart::Removed(old.join(" ")));
        push(&mut parts, DiffPart::Added(new.join(" ")));
        return parts;
    }
    let key = |w: &&str| fold_needle(w, Fold::TYPOGRAPHY);
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
        let (tag, o, n) = op.as_tag_tuple();
        let (removed, added) = (old[o].join(" "), new[n].join(" "));
        match tag {
            DiffTag::Equal => push(&mut parts, DiffPart::Same(added)),
            DiffTag::Delete => push(&mut parts, DiffPart::Removed(removed)),
            DiffTag::Insert => push(&mut parts, DiffPart::Added(added)),
            DiffTag::Replace => {
                push(&mut parts, DiffPart::Removed(removed));
                push(&mut parts, DiffPart::Added(added));
            }
        }
    }
    parts
}

/// How many words of `quote` the `passage` keeps, in order (both already folded alike); words
/// are compared without the punctuation at their ends, so only a changed word counts.
pub(super) fn words_kept<'a>(quote: &'a str, passage: &'a str) -> usize {
    let key = |w: &'a str| -> &'a str {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() { w } else { core }
    };
    let old: Vec<&str> = quote.split_whitespace().map(key).collect();
    let new: Vec<&str> = passage.split_whitespace().map(key).collect();
    if old.len() > MAX_WORDS || new.len() > MAX_WORDS {
        return 0;
    }
    capture_diff_slices(Algorithm::Myers, &old, &new)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum()
}

/// Appends `part`, merging it into the last part when both are of one kind; empty parts vanish.
fn push(parts: &mut Vec<DiffPart>, part: DiffPart) {
    let text = |p: &DiffPart| match p {
        DiffPart::Same(t) | DiffPart::Removed(t) | DiffPart::Added(t) => t.is_empty(),
    };
    if text(&part) {
        return;
    }
    match (parts.last_mut(), part) {
        (Some(DiffPart::Same(a)), DiffPart::Same(b))
        | (Some(DiffPart::Removed(a)), DiffPart::Removed(b))
        | (Some(DiffPart::Added(a)), DiffPart::Added(b)) => {
            a.push(' ');
            a.push_str(&b);
        }
        (_, part) => parts.push(part),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DiffPart::{Added, Removed, Same};

    fn s(t: &str) -> String {
        t.to_string()
    }

    #[test]
    fn a_changed_word_is_one_removal_and_one_addition() {
        assert_eq!(
            word_diff(
                "The official described the warning as routine",
                "The official characterized the warning as routine"
            ),
            [
                Same(s("The official")),
                Removed(s("described")),
                Added(s("characterized")),
                Same(s("the warning as routine")),
            ]
        );
    }

    #[test]
    fn typography_is_not_a_difference_but_case_is() {
        assert_eq!(
            word_diff(
                "a 'duty to warn' policy",
                "a \u{2018}duty to  warn\u{2019}\npolicy"
            ),
            [Same(s("a \u{2018}duty to warn\u{2019} policy"))]
        );
        assert_eq!(
            word_diff("in tehran today", "in Tehran today"),
            [
                Same(s("in")),
                Removed(s("tehran")),
                Added(s("Tehran")),
                Same(s("today"))
            ]
        );
    }

    #[test]
    fn words_kept_ignores_punctuation_at_word_ends() {
        assert_eq!(
            words_kept("with iran despite the", "with iran, despite the"),
            4
        );
        assert_eq!(
            words_kept("partly an prevent the a", "partly to prevent the"),
            3
        );
        assert_eq!(words_kept("a - b", "a b"), 2);
    }

    #[test]
    fn words_only_on_one_side() {
        assert_eq!(
            word_diff("nearly 100 deaths", "nearly one hundred deaths"),
            [
                Same(s("nearly")),
                Removed(s("100")),
                Added(s("one hundred")),
                Same(s("deaths"))
            ]
        );
        assert_eq!(word_diff("", "new words"), [Added(s("new words"))]);
        assert_eq!(word_diff("old words", "  "), [Removed(s("old words"))]);
        assert!(word_diff("", "").is_empty());
    }
}
