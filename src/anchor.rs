//! Quotes → byte ranges in their source: found once, at load time, never while drawing.
//!
//! Each source is searched once for all the quotes that cite it, with an Aho-Corasick automaton
//! (cost: the source's length plus the matches, not events × source length). Quotes are looked
//! for exactly first; a quote that is not found exactly is looked for again in the
//! typographically folded text (curly vs straight quotes, dashes, white space), and the match is
//! mapped back to the exact bytes of the original, so the viewer highlights what the source says.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::{Fold, Folded, fold, fold_needle};

/// Matches kept per quote; beyond this only the count matters (the quote is ambiguous anyway).
const MAX_MATCHES_KEPT: usize = 64;

/// One quote to locate, with the optional text that must precede it.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
}

/// Where a quote landed, or why it did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Found(Range<usize>),
    /// Not in the source, even after folding. `closest` is the longest leading part of the
    /// quote (in words) that does occur, to show where the wording diverges.
    NotFound {
        closest: Option<String>,
    },
    /// Found more than once and no prefix singles one out.
    Ambiguous {
        count: usize,
    },
    /// Found, but never right after the given prefix.
    PrefixNotFound {
        count: usize,
    },
    /// Empty after trimming: nothing to look for.
    Empty,
}

/// Matches of one needle: where they are in the original text, and how many there were.
#[derive(Default, Clone)]
struct Hits {
    ranges: Vec<Range<usize>>,
    count: usize,
}

impl Hits {
    fn add(&mut self, range: Range<usize>) {
        self.count += 1;
        if self.ranges.len() < MAX_MATCHES_KEPT {
            self.ranges.push(range);
        }
    }
}

/// Bytes of each needle the automaton is built from. Quotes are long (whole sentences) and
/// there can be hundreds of thousands per source; an automaton over their full text would have
/// tens of millions of states. Over short prefixes it stays small, and each prefix match is
/// confirmed against the whole needle with one comparison.
const PREFIX_BYTES: usize = 24;

/// The longest prefix of `needle` of at most `PREFIX_BYTES` bytes, cut at a char boundary.
fn prefix_of(needle: &str) -> &str {
    let mut end = needle.len().min(PREFIX_BYTES);
    while !needle.is_char_boundary(end) {
        end -= 1;
    }
    &needle[..end]
}

/// Finds every needle in `haystack`, overlapping matches included.
fn find_all(haystack: &str, needles: &[&str]) -> Vec<Hits> {
    let mut hits = vec![Hits::default(); needles.len()];
    if needles.is_empty() {
        return hits;
    }
    // Distinct prefixes, each with the needles that start with it.
    let mut prefixes: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, needle) in needles.iter().enumerate() {
        let prefix = prefix_of(needle);
        let slot = *index.entry(prefix).or_insert_with(|| {
            prefixes.push(prefix);
            owners.push(Vec::new());
            prefixes.len() - 1
        });
        owners[slot].push(i);
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&prefixes)
    else {
        return hits;
    };
    let bytes = haystack.as_bytes();
    for m in automaton.find_overlapping_iter(haystack) {
        for &i in &owners[m.pattern().as_usize()] {
            let needle = needles[i].as_bytes();
            if bytes[m.start()..].starts_with(needle) {
                hits[i].add(m.start()..m.start() + needle.len());
            }
        }
    }
    hits
}

/// Locates every request in `text`. The result has one outcome per request, in order.
pub fn anchor_all(text: &str, requests: &[Request<'_>]) -> Vec<Outcome> {
    let quotes: Vec<&str> = requests.iter().map(|r| r.quote.trim()).collect();
    let exact_needles: Vec<&str> = quotes.iter().copied().filter(|q| !q.is_empty()).collect();
    let mut exact = find_all(text, &exact_needles).into_iter();
    let mut hits: Vec<Option<Hits>> = quotes
        .iter()
        .map(|q| if q.is_empty() { None } else { exact.next() })
        .collect();

    // Second pass, only for what was not found exactly: fold the source once.
    let missing: Vec<usize> = (0..requests.len())
        .filter(|&i| hits[i].as_ref().is_some_and(|h| h.count == 0))
        .collect();
    let mut folded_source: Option<Folded> = None;
    if !missing.is_empty() {
        let folded = fold(text, Fold::TYPOGRAPHY);
        let needles: Vec<String> = missing
            .iter()
            .map(|&i| fold_needle(quotes[i], Fold::TYPOGRAPHY))
            .collect();
        let usable: Vec<&str> = needles.iter().map(String::as_str).collect();
        for (k, found) in find_all(&folded.text, &usable).into_iter().enumerate() {
            let mut mapped = Hits {
                ranges: Vec::new(),
                count: found.count,
            };
            mapped.ranges = found
                .ranges
                .iter()
                .map(|r| folded.original_range(r.start, r.end))
                .collect();
            hits[missing[k]] = Some(mapped);
        }
        folded_source = Some(folded);
    }

    requests
        .iter()
        .zip(hits)
        .zip(&quotes)
        .map(|((request, hits), quote)| match hits {
            None => Outcome::Empty,
            Some(h) if h.count == 0 => Outcome::NotFound {
                closest: closest_prefix(
                    folded_source
                        .get_or_insert_with(|| fold(text, Fold::TYPOGRAPHY))
                        .text
                        .as_str(),
                    quote,
                ),
            },
            Some(h) => resolve(text, request.prefix, &h),
        })
        .collect()
}

/// Picks the one match that the prefix (or uniqueness) identifies.
fn resolve(text: &str, prefix: Option<&str>, hits: &Hits) -> Outcome {
    let wanted = prefix
        .map(|p| fold_needle(p, Fold::TYPOGRAPHY))
        .filter(|p| !p.is_empty());
    let Some(wanted) = wanted else {
        return if hits.count == 1 {
            Outcome::Found(hits.ranges[0].clone())
        } else {
            Outcome::Ambiguous { count: hits.count }
        };
    };
    let preceded: Vec<&Range<usize>> = hits
        .ranges
        .iter()
        .filter(|r| preceded_by(text, r.start, &wanted))
        .collect();
    match preceded.as_slice() {
        [one] => Outcome::Found((*one).clone()),
        [] => Outcome::PrefixNotFound { count: hits.count },
        many => Outcome::Ambiguous { count: many.len() },
    }
}

/// Whether the folded text just before `at` ends with the folded `prefix`.
fn preceded_by(text: &str, at: usize, prefix: &str) -> bool {
    // Folding can shrink text (white space runs) but never below a quarter for these inputs;
    // take a generous window and let the comparison decide.
    let mut from = at.saturating_sub(prefix.len() * 4 + 64);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = fold(&text[from..at], Fold::TYPOGRAPHY);
    before.text.trim_end().ends_with(prefix)
}

/// The longest run of the quote's leading words that occurs in the folded source.
fn closest_prefix(folded_source: &str, quote: &str) -> Option<String> {
    let needle = fold_needle(quote, Fold::TYPOGRAPHY);
    let words: Vec<&str> = needle.split(' ').collect();
    let (mut lo, mut hi) = (0usize, words.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if folded_source.contains(&words[..mid].join(" ")) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    // One word in common says nothing about where the wording diverges.
    (lo >= 2).then(|| words[..lo].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "The U.S. adhered to a longstanding \u{2018}duty to warn\u{2019} policy.\n\
        It was the \u{201C}terrorist threat\u{201D} \u{2013} twice: the threat, the threat.";

    fn one(quote: &str, prefix: Option<&str>) -> Outcome {
        anchor_all(SEED, &[Request { quote, prefix }]).remove(0)
    }

    #[test]
    fn exact_match_gives_the_byte_range() {
        let Outcome::Found(r) = one("longstanding \u{2018}duty to warn\u{2019}", None) else {
            panic!()
        };
        assert_eq!(&SEED[r], "longstanding \u{2018}duty to warn\u{2019}");
    }

    #[test]
    fn straight_quotes_dashes_and_spacing_match_the_curly_original() {
        let Outcome::Found(r) = one("'duty to warn'   policy.\nIt", None) else {
            panic!()
        };
        assert_eq!(&SEED[r], "\u{2018}duty to warn\u{2019} policy.\nIt");
        let Outcome::Found(r) = one("\"terrorist threat\" - twice", None) else {
            panic!()
        };
        assert_eq!(&SEED[r], "\u{201C}terrorist threat\u{201D} \u{2013} twice");
    }

    #[test]
    fn repeated_quotes_need_a_prefix() {
        assert_eq!(one("the threat", None), Outcome::Ambiguous { count: 2 });
        let Outcome::Found(r) = one("the threat", Some("twice: the threat,")) else {
            panic!()
        };
        assert_eq!(r.start, SEED.rfind("the threat").unwrap());
        assert_eq!(
            one("the threat", Some("nowhere")),
            Outcome::PrefixNotFound { count: 2 }
        );
    }

    #[test]
    fn missing_quotes_say_where_the_wording_diverges() {
        assert_eq!(
            one("duty to warn policy", None),
            Outcome::NotFound {
                closest: Some("duty to warn".into())
            }
        );
        assert_eq!(one("   ", None), Outcome::Empty);
    }

    #[test]
    fn many_requests_keep_their_order() {
        let out = anchor_all(
            SEED,
            &[
                Request {
                    quote: "twice",
                    prefix: None,
                },
                Request {
                    quote: "absent words",
                    prefix: None,
                },
                Request {
                    quote: "'duty",
                    prefix: None,
                },
            ],
        );
        assert!(matches!(out[0], Outcome::Found(_)));
        assert!(matches!(out[1], Outcome::NotFound { .. }));
        assert!(matches!(out[2], Outcome::Found(_)));
    }
}
