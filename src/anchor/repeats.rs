//! A quote that occurs more than once → where each occurrence is, and the shortest `prefix:` that
//! picks it, ready to paste.
//!
//! The prefix follows anchoring's own rule ([`super::anchor_all`]): over the text folded for
//! typography, an occurrence qualifies when the text before it, trailing space trimmed, ends with
//! the folded prefix. Candidates are the last one, two, three … words before the occurrence,
//! and the first that no other occurrence qualifies for is taken. Counting with that same rule
//! is what makes the answer right, not a word-boundary heuristic: "e" would pick "The" as well
//! as "tree", and the count says so. The caller confirms each prefix by anchoring again
//! ([`super::anchor_all`] with it), so a prefix shown is one that works.
//!
//! Occurrences are counted as anchoring counts them, overlapping ones included ("aa" is twice
//! in "aaa"), so the list agrees with the "found N times" of the message.

use std::ops::Range;

use crate::text::{Folded, Quote, fold_quote};

/// Most words a prefix may have: a longer one is no help to paste, and the search for it costs
/// words × occurrences.
pub const MAX_PREFIX_WORDS: usize = 12;

/// One place a quote occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// The shortest run of words just before it that picks it out (white space collapsed, as
    /// the source spells it otherwise); `None` when no run of up to [`MAX_PREFIX_WORDS`] words
    /// does (the text before it repeats too, or nothing precedes it).
    pub prefix: Option<String>,
}

/// A source, folded once, to list the occurrences of many quotes.
pub struct Repeats<'a> {
    text: &'a str,
    folded: &'a Folded<'a>,
}

impl<'a> Repeats<'a> {
    /// Over `folded`, a source folded for anchoring ([`super::Anchorer::folded`]).
    pub fn new(folded: &'a Folded<'a>) -> Self {
        Repeats {
            text: folded.original(),
            folded,
        }
    }

    /// How many times `quote` occurs, and the first `limit` occurrences in source order, each
    /// with its shortest prefix.
    pub fn of(&self, quote: &str, limit: usize) -> (usize, Vec<Occurrence>) {
        let quote = fold_quote(quote);
        let needle = &quote.text;
        let starts = self.starts(&quote);
        let listed = starts
            .iter()
            .take(limit)
            .map(|&start| Occurrence {
                range: self.folded.match_range(start, start + needle.len()),
                prefix: self.prefix_for(start, &starts),
            })
            .collect();
        (starts.len(), listed)
    }

    /// Folded offsets where `quote` starts, overlapping occurrences included, as anchoring
    /// keeps them ([`Folded::accepts`]).
    fn starts(&self, quote: &Quote) -> Vec<usize> {
        let needle = &quote.text;
        let hay = self.folded.text.as_bytes();
        if needle.is_empty() {
            return Vec::new();
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(found) = finder.find(&hay[from..]) {
            if self.folded.accepts(from + found, quote) {
                starts.push(from + found);
            }
            from += found + 1;
        }
        starts
    }

    /// The shortest run of words before the occurrence at folded `start` that no other of
    /// `starts` also follows, in the original's spelling.
    fn prefix_for(&self, start: usize, starts: &[usize]) -> Option<String> {
        let folded = &self.folded.text;
        let before = folded[..start].trim_end();
        let mut from = before.len();
        for _ in 0..MAX_PREFIX_WORDS {
            if from == 0 {
                return None;
            }
            // One more word: back to the space before it (folded text has single spaces).
            from = before[..from]
                .trim_end()
                .rfind(' ')
                .map_or(0, |space| space + 1);
            let candidate = &before[from..];
            let qualifying = starts
                .iter()
                .filter(|&&s| folded[..s].trim_end().ends_with(candidate))
                .count();
            if qualifying == 1 {
                let original = self.folded.original_range(from, before.len());
                return Some(collapse_space(&self.text[original]));
            }
        }
        None
    }
}

/// `text` with every run of white space as one space, and none at the ends: how a passage is
/// pasted into one line of YAML (anchoring treats runs of white space alike).
pub fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::{Anchorer, Outcome, Request, anchor_all};

    fn of(text: &str, quote: &str, limit: usize) -> (usize, Vec<Occurrence>) {
        let anchorer = Anchorer::new(text);
        Repeats::new(anchorer.folded()).of(quote, limit)
    }

    fn works(text: &str, quote: &str, o: &Occurrence) -> bool {
        let outcome = anchor_all(
            text,
            &[Request {
                quote,
                prefix: o.prefix.as_deref(),
            }],
        );
        outcome[0] == Outcome::Found(o.range.clone())
    }

    #[test]
    fn each_occurrence_gets_the_shortest_prefix_that_picks_it() {
        let text = "The envoy\u{2019}s statement was brief. The statement was brief.";
        let (count, list) = of(text, "statement was brief", 10);
        assert_eq!(count, 2);
        assert_eq!(list[0].prefix.as_deref(), Some("envoy\u{2019}s"));
        assert_eq!(list[1].prefix.as_deref(), Some("The"));
        assert_eq!(&text[list[1].range.clone()], "statement was brief");
        assert!(list.iter().all(|o| works(text, "statement was brief", o)));
    }

    #[test]
    fn a_repeated_lead_in_needs_more_words_or_has_no_prefix() {
        let text = "a b X.\nc  b X. a b X.";
        let (count, list) = of(text, "X", 10);
        assert_eq!(count, 3);
        // "b" and "a b" precede the first and the third; "X. a b" only the third.
        assert_eq!(
            list[0].prefix, None,
            "nothing before \"a b\" singles it out"
        );
        assert_eq!(list[1].prefix.as_deref(), Some("c b"));
        assert_eq!(list[2].prefix.as_deref(), Some("X. a b"));
        assert!(list[1..].iter().all(|o| works(text, "X", o)));
    }

    #[test]
    fn overlapping_occurrences_count_and_the_limit_cuts_the_list() {
        let (count, list) = of("x aaa y aa", "aa", 1);
        assert_eq!((count, list.len()), (3, 1));
        assert_eq!(of("abc", "", 5), (0, Vec::new()));
    }
}
