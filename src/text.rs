//! Text folding and sanitising: one place, used by anchoring, search and drawing.
//!
//! Authors type straight quotes where articles have curly ones, a hyphen where there is an en
//! dash, one space where a line broke: anchoring folds those away so the quote still finds its
//! passage. Search folds further (case, diacritics) so "tehran" finds "Tehrān". Folding keeps a
//! map back to the original bytes, so a match in folded text becomes an exact range in the source.
//!
//! Data files are untrusted: a title may carry an escape sequence that would retitle the
//! terminal, write to the clipboard (OSC 52) or reverse the reading order (U+202E). Everything
//! drawn or printed goes through [`sanitize`], which turns such characters into visible,
//! harmless placeholders.

use std::borrow::Cow;

use unicode_normalization::char::{
    canonical_combining_class, decompose_compatible, is_combining_mark,
};

mod hyphens;
pub mod lines;
mod marks;
pub mod nearby;
mod origin;

pub use hyphens::Hyphens;

/// What a fold removes on top of quote, dash and white-space variants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fold {
    /// Lower-case everything.
    pub case: bool,
    /// Strip diacritics (`ā` → `a`).
    pub diacritics: bool,
}

impl Fold {
    /// What citation anchoring folds: typography only, never letters.
    pub const TYPOGRAPHY: Fold = Fold {
        case: false,
        diacritics: false,
    };
    /// What search folds: typography, case and diacritics.
    pub const SEARCH: Fold = Fold {
        case: true,
        diacritics: true,
    };
}

/// Folded text, and the way back to the original bytes each folded byte came from.
#[derive(Clone, Debug, Default)]
pub struct Folded<'a> {
    pub text: String,
    original: &'a str,
    origins: origin::Origins,
    /// Hyphens between letters left out, when folded for anchoring ([`fold_source`]).
    hyphens: Hyphens,
}

impl<'a> Folded<'a> {
    /// The text this was folded from.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The original byte range of a folded byte range (ends move past dropped marks, and stop
    /// before a folded run of white space that follows the match).
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let at = |i: usize| self.origins.lookup(i, self.text.len(), self.original);
        at(start)..at(end)
    }

    /// The original range of a match that [`Folded::accepts`]: from the first character it
    /// came from to the end of the last, so a hyphen left out right after it (`well` in
    /// `well-known`) or a soft hyphen is not part of it.
    pub fn match_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.origins.lookup(start, self.text.len(), self.original);
        if end <= start {
            return first..first;
        }
        let last = self.origins.lookup(end - 1, self.text.len(), self.original);
        let rest = &self.original[last..];
        let mut chars = rest.char_indices().skip(1);
        // Marks folded with the letter before them belong to it.
        let after = chars
            .find(|&(_, c)| canonical_combining_class(c) == 0)
            .map_or(rest.len(), |(i, _)| i);
        first..last + after
    }

    /// Whether `quote` (folded by [`fold_quote`]) found at folded byte `start` of this text
    /// (folded by [`fold_source`]) is a match anchoring keeps: it begins and ends between
    /// characters of the original (never inside `ﬁ`, never between a letter and its accent, so
    /// `cafe` is not found in `café` however `é` is written), and its hyphens agree with the
    /// source's ([`Hyphens`]).
    pub fn accepts(&self, start: usize, quote: &Quote) -> bool {
        let end = start + quote.text.len();
        self.between_characters(start)
            && self.between_characters(end)
            && self.hyphens.agree(start, end, &quote.hyphens)
    }

    /// Whether folded byte `at` begins a character of the original: the byte before it came
    /// from another one, and it is not a combining mark (which belongs to the letter before).
    fn between_characters(&self, at: usize) -> bool {
        if at == 0 || at >= self.text.len() {
            return true;
        }
        if self.text[at..]
            .chars()
            .next()
            .is_none_or(|c| canonical_combining_class(c) != 0)
        {
            return false;
        }
        let origin = |i: usize| self.origins.lookup(i, self.text.len(), self.original);
        origin(at) != origin(at - 1)
    }
}

/// A quote folded for anchoring ([`fold_quote`]): its folded text, trimmed, and the hyphens
/// between letters left out of it.
#[derive(Clone, Debug, Default)]
pub struct Quote {
    pub text: String,
    hyphens: Hyphens,
}

impl Quote {
    /// The folded quote's first `end` bytes with its hyphens put back and its letters composed
    /// again (NFC), for a message that shows the words.
    pub fn shown(&self, end: usize) -> String {
        use unicode_normalization::UnicodeNormalization as _;
        self.hyphens.restore(&self.text, end).nfc().collect()
    }
}

/// The typographic class of a character, after folding.
fn fold_typography(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2026}' => return None,
        _ => c,
    })
}

/// Folds `text`: curly quotes and apostrophes become straight, dashes become `-`, every run of
/// white space becomes one space (leading and trailing runs too), each character becomes its
/// compatibility decomposition (NFKD: `ﬁ` is `fi`, `é` is `e` and its accent however it was
/// written, a full-width `Ａ` is `A`), soft hyphens go, and per `fold` case and diacritics go.
///
/// Decomposed rather than composed (NFKC) because decomposition is one character at a time,
/// so the map back stays exact per character; two texts have the same NFKC exactly when they
/// have the same NFKD, and [`Folded::accepts`] keeps a match from ending between a letter and
/// its accent. Accents written in another order than Unicode's are put in its order.
pub fn fold(text: &str, fold: Fold) -> Folded<'_> {
    let mut origins = origin::Origins::default();
    let out = fold_into(text, fold, &mut origins, None);
    Folded {
        text: out,
        original: text,
        origins,
        hyphens: Hyphens::default(),
    }
}

/// Folds a source for anchoring: [`fold`] with [`Fold::TYPOGRAPHY`], hyphens between letters
/// left out and remembered ([`Hyphens`]), so a quote matches across a word split at a line's
/// end. Matches in it are kept or not by [`Folded::accepts`].
pub fn fold_source(text: &str) -> Folded<'_> {
    let mut origins = origin::Origins::default();
    let mut hyphens = Hyphens::default();
    let out = fold_into(text, Fold::TYPOGRAPHY, &mut origins, Some(&mut hyphens));
    Folded {
        text: out,
        original: text,
        origins,
        hyphens,
    }
}

/// Folds a quote (or a prefix) as [`fold_source`] folds its source, and trims the ends.
pub fn fold_quote(text: &str) -> Quote {
    let mut hyphens = Hyphens::for_quote();
    let folded = fold_into(text, Fold::TYPOGRAPHY, &mut Discard, Some(&mut hyphens));
    let lead = folded.len() - folded.trim_start().len();
    let trimmed = folded.trim();
    if lead > 0 {
        hyphens.shift_back(lead);
    }
    Quote {
        text: if trimmed.len() == folded.len() {
            folded
        } else {
            trimmed.to_string()
        },
        hyphens,
    }
}

/// Where folded bytes came from, recorded as they are written: one character, or a run of
/// characters copied as they are, at a time.
trait Record {
    fn record(&mut self, folded: usize, out: usize, original: usize, len: usize);
}

impl Record for origin::Origins {
    fn record(&mut self, folded: usize, out: usize, original: usize, len: usize) {
        origin::Origins::record(self, folded, out, original, len);
    }
}

/// Stands in for the origins where only the folded text is wanted (needles).
struct Discard;

impl Record for Discard {
    fn record(&mut self, _: usize, _: usize, _: usize, _: usize) {}
}

/// The folded text of `text`; where each folded byte came from goes to `origins`, and, when
/// `hyphens` is given, hyphens between letters are left out and recorded there.
fn fold_into(
    text: &str,
    fold: Fold,
    origins: &mut impl Record,
    hyphens: Option<&mut Hyphens>,
) -> String {
    let mut out = String::with_capacity(text.len());
    fold_onto(text, fold, origins, hyphens, &mut out);
    out
}

/// [`fold_into`], the folded text added to `out` (origins are recorded from where `out` ends).
fn fold_onto(
    text: &str,
    fold: Fold,
    origins: &mut impl Record,
    mut hyphens: Option<&mut Hyphens>,
    out: &mut String,
) {
    let mut in_space = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Hyphens are looked at one by one only when they may be left out.
    let hyphen = if hyphens.is_some() { b'-' } else { b'`' };
    while at < bytes.len() {
        // Most of a source is printable ASCII that folds to itself (single spaces included):
        // copy such runs whole. Sources run to megabytes; this is most of anchoring's folding.
        let run_start = at;
        while let Some(&b) = bytes.get(at) {
            let plain =
                (b.is_ascii_graphic() && b != b'`' && b != hyphen) || (b == b' ' && !in_space);
            if !plain {
                break;
            }
            in_space = b == b' ';
            at += 1;
        }
        if at > run_start {
            let start = out.len();
            out.push_str(&text[run_start..at]);
            if fold.case {
                out[start..].make_ascii_lowercase();
            }
            origins.record(start, at - run_start, run_start, at - run_start);
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if let Some(taken) = hyphens
            .as_deref_mut()
            .and_then(|h| h.take(text, at, c, out))
        {
            at += taken;
            continue;
        }
        let start = out.len();
        let len = marks::unordered(text, at, c).unwrap_or(c.len_utf8());
        if len == c.len_utf8() {
            fold_char(c, fold, &mut in_space, out);
        } else {
            for d in marks::reordered(&text[at..at + len]) {
                fold_decomposed(d, fold, &mut in_space, out);
            }
        }
        origins.record(start, out.len() - start, at, len);
        at += len;
    }
}

/// Folds one character onto `out`.
fn fold_char(c: char, fold: Fold, in_space: &mut bool, out: &mut String) {
    if c.is_ascii() && !c.is_ascii_whitespace() && c != '`' {
        *in_space = false;
        out.push(if fold.case { c.to_ascii_lowercase() } else { c });
        return;
    }
    if c == '\u{AD}' {
        // A soft hyphen is invisible, and a reader's copy leaves it out.
        return;
    }
    match fold_typography(c) {
        Some(t) if t == c => decompose_compatible(c, |d| fold_decomposed(d, fold, in_space, out)),
        t => fold_decomposed(t.unwrap_or('\u{2026}'), fold, in_space, out),
    }
}

/// Folds one character of a decomposition onto `out`: white space, typography (again: a
/// full-width quote decomposes to `"`), then case and diacritics as `fold` says.
fn fold_decomposed(c: char, fold: Fold, in_space: &mut bool, out: &mut String) {
    if c.is_whitespace() {
        if !*in_space {
            out.push(' ');
            *in_space = true;
        }
        return;
    }
    *in_space = false;
    let Some(c) = fold_typography(c) else {
        // An ellipsis character folds to three dots, as authors type it.
        out.push_str("...");
        return;
    };
    if fold.diacritics && is_combining_mark(c) {
        return;
    }
    if fold.case {
        out.extend(c.to_lowercase());
    } else {
        out.push(c);
    }
}

/// `text` folded as `f` says onto the end of `out`, with no way back to the original: for text
/// that is only ever searched (the search index), where keeping each byte's origin would cost
/// a third of the fold. Many texts go into one string, none allocated alone.
pub(crate) fn fold_text_onto(text: &str, f: Fold, out: &mut String) {
    fold_onto(text, f, &mut Discard, None, out);
}

/// Folds a needle (a quote, a search query) the same way and trims the ends.
pub fn fold_needle(text: &str, f: Fold) -> String {
    let folded = fold_into(text, f, &mut Discard, None);
    let trimmed = folded.trim();
    if trimmed.len() == folded.len() {
        folded
    } else {
        trimmed.to_string()
    }
}

/// Every place `needle` (already folded with [`Fold::SEARCH`]) occurs in `text` once `text` is
/// folded the same way, as byte ranges of the original `text`.
pub fn find_folded(text: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let folded = fold(text, Fold::SEARCH);
    memchr::memmem::find_iter(folded.text.as_bytes(), needle.as_bytes())
        .map(|at| folded.original_range(at, at + needle.len()))
        .collect()
}

/// Whether a character must never reach the terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200E}' | '\u{200F}' | '\u{061C}'          // directional marks
            | '\u{202A}'..='\u{202E}'                     // embeddings and overrides
            | '\u{2066}'..='\u{2069}'                     // isolates
            | '\u{2028}' | '\u{2029}'                     // line and paragraph separators
            | '\u{FEFF}'                                  // zero-width no-break space / BOM
        )
}

/// The visible stand-in for an unsafe character: the Unicode control picture for C0 (`␛` for
/// ESC), `␡` for DEL, and `�` for the rest.
fn placeholder(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Makes untrusted text safe to draw or print on one line: control characters, escape sequences
/// and bidi overrides become visible placeholders; tabs and line breaks become spaces.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { placeholder(c) } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `fold` without its fast path for ASCII runs, one character at a time, with the map it
    /// stands for written out: for every folded byte, the start of the character it came from
    /// (and the original length at the end).
    fn fold_char_by_char(text: &str, f: Fold) -> (String, Vec<usize>) {
        let (mut out, mut origin, mut in_space) = (String::new(), Vec::new(), false);
        for (at, c) in text.char_indices() {
            let before = out.len();
            fold_char(c, f, &mut in_space, &mut out);
            origin.extend(std::iter::repeat_n(at, out.len() - before));
        }
        origin.push(text.len());
        (out, origin)
    }

    proptest! {
        #[test]
        fn ascii_fast_path_folds_as_char_by_char(
            text in "[ a-zA-Z.`'\"\t\n\r\u{85}\u{a0}\u{2019}\u{201c}\u{2013}\u{2026}\u{301}éÉİßȺ日]{0,40}",
            case: bool,
            diacritics: bool,
        ) {
            let f = Fold { case, diacritics };
            let (fast, (slow, origin)) = (fold(&text, f), fold_char_by_char(&text, f));
            prop_assert_eq!(&fast.text, &slow);
            // The sparse map gives, for every folded byte, what the dense one held.
            for (i, &o) in origin.iter().enumerate() {
                prop_assert_eq!(fast.original_range(i, i).start, o, "folded byte {}", i);
            }
        }
    }

    #[test]
    fn the_map_of_prose_is_a_small_part_of_it() {
        // Curly quotes, dashes, paragraphs: what drifts folded from original offsets in prose.
        let paragraph = "The envoy said \u{201C}the talks are over\u{201D} \u{2013} for now.\n\n";
        let text = paragraph.repeat(10_000);
        let folded = fold(&text, Fold::TYPOGRAPHY);
        // A `u32` per folded byte was four times the text; with a break every dozen bytes (a
        // curly quote, a dash, a paragraph), the breaks take a tenth of that.
        assert!(
            folded.origins.bytes() * 10 < folded.text.len() * 4,
            "{} bytes of map for {} of text",
            folded.origins.bytes(),
            text.len()
        );
        let at = folded.text.rfind("the talks").unwrap();
        assert_eq!(&text[folded.original_range(at, at + 9)], "the talks");
        // Nothing but breaks (each curly quote one): under five bytes each.
        let quotes = "\u{2019}".repeat(100_000);
        let folded = fold(&quotes, Fold::TYPOGRAPHY);
        assert!(
            folded.origins.bytes() < 100_000 * 5,
            "{}",
            folded.origins.bytes()
        );
    }

    #[test]
    fn typography_folds_and_maps_back() {
        let src = "a \u{201C}duty\u{00A0}\n to\u{2019}s\u{201D} \u{2013} end";
        let f = fold(src, Fold::TYPOGRAPHY);
        assert_eq!(f.text, "a \"duty to's\" - end");
        let at = f.text.find("duty to's").unwrap();
        let r = f.original_range(at, at + "duty to's".len());
        assert_eq!(&src[r], "duty\u{00A0}\n to\u{2019}s");
    }

    #[test]
    fn search_fold_drops_case_and_diacritics() {
        let f = fold("Tehrān İS", Fold::SEARCH);
        assert!(f.text.starts_with("tehran "));
        let at = f.text.find("tehran").unwrap();
        assert_eq!(&"Tehrān İS"[f.original_range(at, at + 6)], "Tehrān");
    }

    #[test]
    fn find_folded_maps_matches_to_original_bytes() {
        let text = "In Tehrān, TEHRAN and “tehran”";
        let hits: Vec<&str> = find_folded(text, "tehran")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(hits, ["Tehrān", "TEHRAN", "tehran"]);
        assert!(find_folded(text, "").is_empty());
    }

    #[test]
    fn sanitize_neutralises_escapes_and_bidi() {
        let s = sanitize("a\x1b]52;c;SGVsbG8=\x07b\x1b[2Jc\u{202E}d\u{9b}e\x7f");
        assert!(!s.chars().any(is_unsafe));
        assert_eq!(s, "a␛]52;c;SGVsbG8=␇b␛[2Jc\u{FFFD}d\u{FFFD}e\u{2421}");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
    }
}
