//! Citation text from a selection: the quote, the shortest `prefix:` that picks the selected
//! occurrence, and the YAML that says both, as a list item ready to paste or insert.
//!
//! The quote is the selected text with every run of white space folded to one space (the loader
//! folds white space the same way, so a passage broken across lines still anchors), written as
//! a double-quoted YAML scalar ([`crate::yaml::double_quoted`]): that form holds any text on one
//! line, `#` and `: ` included, with control and direction-changing characters escaped.
//!
//! Uniqueness is asked of [`crate::anchor::anchor_all`] itself, with the bare quote and then
//! with one, two, three … preceding words as the prefix, all in one call: the first request the
//! anchoring resolves to exactly the selected bytes is the citation. Agreeing with the loader
//! by construction, rather than by a second implementation of its rules, is the point.
//!
//! Drafts get an id from the passage's first words (`a-z`, `0-9` and `-`, as the loader wants
//! them) made unique among the chronology's events, and a title from the same words.

use std::fmt::Write as _;
use std::ops::Range;

use crate::anchor::{Outcome, Request, anchor_all};
use crate::text::{Fold, fold_needle};
use crate::yaml::double_quoted;

/// Preceding words tried as a prefix before giving up: a passage that repeats with this much
/// identical text before it is better cited by a longer selection.
pub const MAX_PREFIX_WORDS: usize = 40;
/// Words of the passage a draft's title keeps.
const TITLE_WORDS: usize = 8;
/// Words of the passage a draft's id is made from.
const ID_WORDS: usize = 5;
/// The longest id made from a passage, before a `-2` that makes it unique.
const ID_BYTES: usize = 48;

/// A citation ready to be written: what `source:`, `quote:` and `prefix:` will say, and the
/// bytes of the source it anchors to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    pub source: String,
    /// The selected text with white space folded to single spaces.
    pub quote: String,
    /// The fewest preceding words that make the quote unique, when it is not on its own.
    pub prefix: Option<String>,
    /// The selection without white space at its ends: what the loader will highlight.
    pub range: Range<usize>,
}

/// Why a selection cannot be cited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CiteError {
    /// Nothing but white space is selected.
    Empty,
    /// The passage occurs `count` times and no prefix of up to `MAX_PREFIX_WORDS` words picks
    /// the selected one (it opens the document, or the text before it repeats too).
    NotUnique { count: usize },
}

impl std::fmt::Display for CiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("nothing to cite: the selection is only white space"),
            Self::NotUnique { count } => write!(
                f,
                "the passage occurs {count} times and the words before this one do not single it out; select a longer passage"
            ),
        }
    }
}

impl std::error::Error for CiteError {}

/// `range` moved inwards past white space at both ends (and onto character boundaries).
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let body = inner.trim();
    (start + lead)..(start + lead + body.len())
}

/// Every run of white space as one space, as the loader folds it.
pub fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The citation of `text[range]` in the source `source_id`, with the prefix the loader needs to
/// anchor it there and nowhere else.
///
/// # Errors
/// The selection is empty, or its passage cannot be singled out by the words before it.
pub fn cite(source_id: &str, text: &str, range: Range<usize>) -> Result<Cited, CiteError> {
    let range = trimmed(text, range);
    if range.is_empty() {
        return Err(CiteError::Empty);
    }
    let quote = fold_space(&text[range.clone()]);
    let before: Vec<&str> = text[..range.start].split_whitespace().collect();
    let candidates: Vec<Option<String>> = std::iter::once(None)
        .chain(
            (1..=before.len().min(MAX_PREFIX_WORDS))
                .map(|k| Some(before[before.len() - k..].join(" "))),
        )
        .collect();
    let requests: Vec<Request<'_>> = candidates
        .iter()
        .map(|prefix| Request {
            quote: &quote,
            prefix: prefix.as_deref(),
        })
        .collect();
    let outcomes = anchor_all(text, &requests);
    let picked = outcomes
        .iter()
        .position(|o| *o == Outcome::Found(range.clone()));
    match picked {
        Some(i) => Ok(Cited {
            source: source_id.to_string(),
            quote,
            prefix: candidates[i].clone(),
            range,
        }),
        None => Err(CiteError::NotUnique {
            count: match outcomes.first() {
                Some(Outcome::Ambiguous { count }) => *count,
                _ => 2,
            },
        }),
    }
}

/// An id as the file can hold it bare (`reuters-warning`), else quoted: an id that YAML would
/// read as something other than text (`2024`, `true`, `null`, `1e3`) is quoted too, so that it
/// reads back as the text written (the loader takes either; the read-back check of a write
/// compares values, and `2024` the number is not the id `2024`).
pub(super) fn yaml_id(id: &str) -> String {
    let plain = id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !matches!(
            id.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        id.to_string()
    } else {
        double_quoted(id)
    }
}

impl Cited {
    /// The citation as a YAML list item: `dash` before the `-`, `keys` before each key after the
    /// first (so it lines up with the list it joins), lines ended by `newline`.
    pub fn yaml_item(&self, dash: &str, keys: &str, newline: &str) -> String {
        let gap = " ".repeat(keys.len().saturating_sub(dash.len() + 1).max(1));
        let mut out = format!(
            "{dash}-{gap}source: {}{newline}{keys}quote: {}{newline}",
            yaml_id(&self.source),
            double_quoted(&self.quote)
        );
        if let Some(prefix) = &self.prefix {
            let _ = write!(out, "{keys}prefix: {}{newline}", double_quoted(prefix));
        }
        out
    }

    /// The citation as the clipboard gets it: a list item to paste under `citations:`.
    pub fn yaml(&self) -> String {
        self.yaml_item("", "  ", "\n")
    }
}

/// A new draft event citing a passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    /// EDTF, when the source is dated.
    pub date: Option<String>,
    pub citation: Cited,
}

impl Draft {
    /// A draft citing `citation`, its id unique among `taken` (the chronology's event ids).
    pub fn new(citation: Cited, date: Option<String>, taken: &dyn Fn(&str) -> bool) -> Self {
        Self {
            id: unique_id(&citation.quote, taken),
            title: title_of(&citation.quote),
            date,
            citation,
        }
    }

    /// The event as a YAML list item, lined up as `dash`/`keys` say (see [`Cited::yaml_item`]).
    pub fn yaml_item(&self, dash: &str, keys: &str, newline: &str) -> String {
        let gap = " ".repeat(keys.len().saturating_sub(dash.len() + 1).max(1));
        let mut out = format!(
            "{dash}-{gap}id: {}{newline}{keys}draft: true{newline}",
            yaml_id(&self.id)
        );
        if let Some(date) = &self.date {
            let _ = write!(out, "{keys}date: {}{newline}", double_quoted(date));
        }
        let _ = write!(
            out,
            "{keys}title: {}{newline}{keys}citations:{newline}",
            double_quoted(&self.title)
        );
        let inner = format!("{keys}  ");
        out.push_str(
            &self
                .citation
                .yaml_item(&inner, &format!("{inner}  "), newline),
        );
        out
    }
}

/// Quote marks and trailing punctuation that make a poor edge for a title.
fn ragged(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | ',' | ';' | ':' | '('
    )
}

/// A draft's title: the passage's first words, `…` when there are more.
pub fn title_of(passage: &str) -> String {
    let words: Vec<&str> = passage.split_whitespace().collect();
    let mut title = words
        .iter()
        .take(TITLE_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(ragged)
        .to_string();
    if words.len() > TITLE_WORDS {
        title.push('…');
    }
    if title.is_empty() {
        "Untitled draft".to_string()
    } else {
        title
    }
}

/// The passage's first words as an id: lower case, diacritics dropped, anything other than
/// `a-z` and `0-9` a hyphen.
pub fn slug(passage: &str) -> String {
    words_id(passage, ID_WORDS).unwrap_or_else(|| "draft".to_string())
}

/// Up to `words` words of `text` as an id (`a-z`, `0-9` and `-`, at most [`ID_BYTES`] bytes);
/// `None` when it has no letter or digit that folds to one.
pub fn words_id(text: &str, words: usize) -> Option<String> {
    let folded = fold_needle(text, Fold::SEARCH);
    let mut id = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(words)
    {
        if !id.is_empty() && id.len() + 1 + w.len() > ID_BYTES {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&w[..w.len().min(ID_BYTES)]);
    }
    (!id.is_empty()).then_some(id)
}

/// [`slug`], with `-2`, `-3` … added until no event has it.
pub fn unique_id(passage: &str, taken: &dyn Fn(&str) -> bool) -> String {
    unique(slug(passage), taken)
}

/// `base`, or `base-2`, `base-3` … the first that is not `taken`.
pub fn unique(base: String, taken: &dyn Fn(&str) -> bool) -> String {
    if !taken(&base) {
        return base;
    }
    // A chronology has fewer entries than this; the bound only keeps the search finite.
    (2..=u32::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "It was the \u{201C}terrorist threat\u{201D} \u{2013} twice: the threat,\n  the threat.";

    #[test]
    fn a_unique_passage_needs_no_prefix() {
        let at = TEXT.find("twice").unwrap();
        let c = cite("s", TEXT, at - 4..at + 5).unwrap();
        assert_eq!(c.quote, "\u{2013} twice");
        assert_eq!(c.prefix, None);
        assert_eq!(&TEXT[c.range], "\u{2013} twice");
    }

    #[test]
    fn a_repeated_passage_gets_the_fewest_words_that_pick_it() {
        let second = TEXT.rfind("the threat").unwrap();
        let c = cite("s", TEXT, second..second + "the threat".len()).unwrap();
        assert_eq!(c.prefix.as_deref(), Some("threat,"));
        let first = TEXT.find("the threat").unwrap();
        let c = cite("s", TEXT, first..first + "the threat".len()).unwrap();
        assert_eq!(c.prefix.as_deref(), Some("twice:"));
        // Line breaks fold to a space in the quote, as the loader folds them.
        let at = TEXT.find("threat,").unwrap();
        let c = cite("s", TEXT, at..TEXT.len()).unwrap();
        assert_eq!(c.quote, "threat, the threat.");
    }

    #[test]
    fn white_space_alone_or_an_unpickable_passage_is_refused() {
        assert_eq!(cite("s", TEXT, 2..3), Err(CiteError::Empty));
        assert_eq!(
            cite("s", "ab ab", 0..2),
            Err(CiteError::NotUnique { count: 2 })
        );
    }

    #[test]
    fn the_yaml_item_lines_up_with_its_list() {
        let c = Cited {
            source: "reuters-warning".into(),
            quote: "a \"b\"".into(),
            prefix: Some("c:".into()),
            range: 0..0,
        };
        assert_eq!(
            c.yaml(),
            "- source: reuters-warning\n  quote: \"a \\\"b\\\"\"\n  prefix: \"c:\"\n"
        );
        assert_eq!(
            c.yaml_item("      ", "        ", "\r\n"),
            "      - source: reuters-warning\r\n        quote: \"a \\\"b\\\"\"\r\n        prefix: \"c:\"\r\n"
        );
    }

    /// A source id YAML would read as a number or a truth value (`2024`, `no`) is written
    /// quoted: bare, it read back as a number, not the id written, and the citation was
    /// refused.
    #[test]
    fn ids_yaml_would_misread_are_quoted() {
        let mut cited = cite("2024", TEXT, 0..5).unwrap();
        assert!(
            cited.yaml().starts_with("- source: \"2024\"\n"),
            "{}",
            cited.yaml()
        );
        cited.source = "no".into();
        assert!(cited.yaml().starts_with("- source: \"no\"\n"));
        cited.source = "nuclear-deal".into();
        assert!(cited.yaml().starts_with("- source: nuclear-deal\n"));
    }

    #[test]
    fn drafts_take_an_id_and_a_title_from_the_first_words() {
        let taken = |id: &str| id == "the-u-s-government-recently";
        let c = Cited {
            source: "s".into(),
            quote: "\u{201C}The U.S. government recently issued a private warning to Iran".into(),
            prefix: None,
            range: 0..0,
        };
        let d = Draft::new(c, Some("2024-01".into()), &taken);
        assert_eq!(d.id, "the-u-s-government-recently-2");
        assert_eq!(
            d.title,
            "The U.S. government recently issued a private warning…"
        );
        assert_eq!(slug("Tehrān’s “olive branch”"), "tehran-s-olive-branch");
        assert_eq!(slug("— « »"), "draft");
        assert_eq!(title_of("“Hi,”"), "Hi");
        assert!(d.yaml_item("  ", "    ", "\n").starts_with(
            "  - id: the-u-s-government-recently-2\n    draft: true\n    date: \"2024-01\"\n"
        ));
    }
}
