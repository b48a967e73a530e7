//! Quotes → byte ranges in their source: found once, at load time, never while drawing.
//!
//! Each source is searched once for all the quotes that cite it, with an Aho-Corasick automaton
//! (cost: the source's length plus the matches, not events × source length). The search runs
//! over the typographically folded source (curly and straight quotes, dashes and runs of white
//! space alike), which holds every exact occurrence as well as the typed-differently ones, so a
//! quote counts as unique only if it is unique either way; each match maps back to the exact
//! bytes of the original, so the viewer highlights what the source says. (Searching the exact
//! text first and the folded text only on failure would miss a second, line-broken occurrence
//! and call the quote unique.)
//!
//! The fold also makes canonically and compatibly equivalent text alike (NFKC's equivalence: `é`
//! as one code point or two, `ﬁ` and `fi`, full-width letters, no-break spaces), and lets a quote
//! match across a word split by a hyphen at a line's end ([`crate::text::fold_source`]); a match
//! is kept only where it begins and ends between characters of the source and its hyphens agree
//! ([`Folded::accepts`]), so the range is always whole characters of the original.

pub mod approx;
pub(crate) mod repeats;
#[cfg(test)]
mod unicode_tests;

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::text::{Folded, Quote, fold_quote, fold_source};

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

/// What the search found for one needle, in folded coordinates.
#[derive(Default, Clone)]
struct Hits {
    /// Occurrences anywhere.
    count: usize,
    /// Occurrences that qualify (right after the prefix, when there is one): how many, and
    /// the first.
    qualifying: usize,
    first: Option<Range<usize>>,
}

/// Bytes of each needle the automaton is built from. Quotes are long (whole sentences) and
/// there can be hundreds of thousands per source; an automaton over their full text would have
/// tens of millions of states. Over short prefixes it stays small, and each prefix match is
/// confirmed against the whole needle with one comparison. 16 bytes rarely start two different
/// quotes; measured with callgrind on a 10,000-event file, anchoring costs 15% fewer
/// instructions than with 24, and shorter prefixes gain little more while sharing more.
const PREFIX_BYTES: usize = 16;

/// The longest prefix of `needle` of at most `PREFIX_BYTES` bytes, cut at a char boundary.
fn prefix_of(needle: &str) -> &str {
    let mut end = needle.len().min(PREFIX_BYTES);
    while !needle.is_char_boundary(end) {
        end -= 1;
    }
    &needle[..end]
}

/// Finds every needle in `folded` (overlapping matches included, each kept only when
/// [`Folded::accepts`] it), counting for each how many occurrences follow its prefix (`None`:
/// every occurrence qualifies).
fn find_all(folded: &Folded<'_>, quotes: &[Quote], prefixes: &[Option<String>]) -> Vec<Hits> {
    let haystack = folded.text.as_str();
    let needles: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    let mut hits = vec![Hits::default(); needles.len()];
    if needles.is_empty() {
        return hits;
    }
    // Distinct prefixes, each with the needles that start with it.
    let mut starts: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, needle) in needles.iter().enumerate() {
        if needle.is_empty() {
            continue;
        }
        let start = prefix_of(needle);
        let slot = *index.entry(start).or_insert_with(|| {
            starts.push(start);
            owners.push(Vec::new());
            starts.len() - 1
        });
        owners[slot].push(i);
    }
    // A contiguous NFA, never a DFA: each automaton searches one source once, and for a source
    // of a few pages building a DFA costs more than the whole search (a third of the
    // instructions of loading a 1,000-event chronology, measured with callgrind). No prefilter:
    // with thousands of patterns it rarely skips anything and costs a pass of its own.
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .prefilter(false)
        .build(&starts)
    else {
        return hits;
    };
    let bytes = haystack.as_bytes();
    for m in automaton.find_overlapping_iter(haystack) {
        for &i in &owners[m.pattern().as_usize()] {
            let needle = needles[i].as_bytes();
            if !bytes[m.start()..].starts_with(needle) || !folded.accepts(m.start(), &quotes[i]) {
                continue;
            }
            let h = &mut hits[i];
            h.count += 1;
            let qualifies = prefixes[i]
                .as_deref()
                .is_none_or(|p| haystack[..m.start()].trim_end().ends_with(p));
            if qualifies {
                h.qualifying += 1;
                if h.first.is_none() {
                    h.first = Some(m.start()..m.start() + needle.len());
                }
            }
        }
    }
    hits
}

/// Locates every request in `text`. The result has one outcome per request, in order.
pub fn anchor_all(text: &str, requests: &[Request<'_>]) -> Vec<Outcome> {
    anchor_all_with(text, requests, true)
}

/// [`anchor_all`]; `closest`: whether a quote not found gets its longest leading part that
/// occurs (a search of the source per word count tried), which only a message shown needs.
pub fn anchor_all_with(text: &str, requests: &[Request<'_>], closest: bool) -> Vec<Outcome> {
    Anchorer::new(text).anchor(requests, closest)
}

/// A source folded once for every search of it: its quotes, then, for those that failed, the
/// checks of what to suggest (`repeats`, the passages and prefixes offered). Folding costs a
/// copy of the source; a source of hundreds of megabytes is folded once, not once per search.
pub struct Anchorer<'a> {
    folded: Folded<'a>,
}

impl<'a> Anchorer<'a> {
    pub fn new(text: &'a str) -> Self {
        Anchorer {
            folded: fold_source(text),
        }
    }

    /// The source folded for anchoring.
    pub fn folded(&self) -> &Folded<'a> {
        &self.folded
    }

    /// Locates every request, as [`anchor_all_with`] does.
    pub fn anchor(&self, requests: &[Request<'_>], closest: bool) -> Vec<Outcome> {
        let folded = &self.folded;
        let quotes: Vec<Quote> = requests.iter().map(|r| fold_quote(r.quote)).collect();
        let prefixes: Vec<Option<String>> = requests
            .iter()
            .map(|r| {
                r.prefix
                    .map(|p| fold_quote(p).text)
                    .filter(|p| !p.is_empty())
            })
            .collect();
        let hits = find_all(folded, &quotes, &prefixes);
        quotes
            .iter()
            .zip(&prefixes)
            .zip(hits)
            .map(|((quote, prefix), h)| {
                if quote.text.is_empty() {
                    Outcome::Empty
                } else if h.count == 0 {
                    Outcome::NotFound {
                        closest: closest
                            .then(|| closest_prefix(&folded.text, quote))
                            .flatten(),
                    }
                } else if h.qualifying == 1 {
                    let r = h.first.unwrap_or(0..0);
                    Outcome::Found(folded.match_range(r.start, r.end))
                } else if h.qualifying == 0 {
                    Outcome::PrefixNotFound { count: h.count }
                } else if prefix.is_some() {
                    Outcome::Ambiguous {
                        count: h.qualifying,
                    }
                } else {
                    Outcome::Ambiguous { count: h.count }
                }
            })
            .collect()
    }
}

/// The longest run of `quote`'s leading words, two or more, that occurs in `folded_source`
/// (the source folded for anchoring, [`Anchorer::folded`]): where the wording diverges. Each
/// call searches the source a few times, so it is for quotes that failed, not every quote.
pub fn leading_words(folded_source: &str, quote: &str) -> Option<String> {
    closest_prefix(folded_source, &fold_quote(quote))
}

/// The longest run of the (folded) quote's leading words that occurs in the folded source, as
/// the quote writes them.
fn closest_prefix(folded_source: &str, quote: &Quote) -> Option<String> {
    let words: Vec<&str> = quote.text.split(' ').collect();
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
    (lo >= 2).then(|| {
        let end = words[..lo].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
        quote.shown(end)
    })
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
