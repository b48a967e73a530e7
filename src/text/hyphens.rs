//! Hyphens inside words, as anchoring compares them: a quote may leave out a hyphen that
//! typesetting put at a line's end (`inter-`⏎`national` read as `international`), and must
//! keep every other one.
//!
//! One folded text cannot hold both `international` and `inter-national`, and a quote may cross
//! several line ends, each joined or not. So the text folded for anchoring leaves out *every*
//! hyphen between two letters, with the white space after it, and remembers where (a *gap*) and
//! of which kind: *tight* (`well-known`), *spaced* (`pre- and post-war`, or a line break a quote
//! in YAML turned into a space) or a *join* (the hyphen ends a line, one line break and then a
//! letter). A quote is folded the same way (its joins count as spaced). A match in that text is
//! kept only when the gaps agree: each gap of the source inside the match is a join, or the
//! quote has a gap of its kind there; and the quote has no gap where the source has none. So
//! `well-known` still needs its hyphen mid-line, `inter-national`, `inter- national` and
//! `international` all match across a line's end, and `wellknown` never matches `well-known`.
//!
//! A join is a `-`, U+2010 or soft hyphen, the rule `extract` records as
//! [`crate::extract::Extracted::hyphen_joins`]; it is applied here to the reader text of every
//! source, and to quotes, so a quote copied with the line break folds as its source does. A
//! soft hyphen anywhere else is invisible and folds to nothing ([`super::fold`]). Letters are
//! judged after compatibility decomposition, so equivalent texts make the same gaps.

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

/// The kinds of gap, in the two low bits of a recorded gap.
const TIGHT: usize = 0;
const SPACED: usize = 1;
const JOIN: usize = 2;

/// Where hyphens between letters were left out of a folded text (see the module
/// documentation).
#[derive(Clone, Debug, Default)]
pub struct Hyphens {
    /// For each hyphen left out, in order: the folded offset of the letter after it, shifted
    /// left two bits, with its kind in the two low bits.
    gaps: Vec<usize>,
    /// Whether this is a quote's: its joins are spaced gaps (a quote's line break may have been
    /// a space in the source).
    quote: bool,
}

impl Hyphens {
    /// Hyphens of a quote rather than a source.
    pub(super) fn for_quote() -> Self {
        Hyphens {
            gaps: Vec::new(),
            quote: true,
        }
    }

    /// Folds the hyphen `c` at byte `at` of `text`, when it is one between letters: records
    /// the gap at the end of `out` (the text folded so far) and returns how many bytes of
    /// `text` it takes (the hyphen and the white space after it). `None`: not such a hyphen;
    /// fold it as any other character.
    pub(super) fn take(&mut self, text: &str, at: usize, c: char, out: &str) -> Option<usize> {
        let soft = c == '\u{AD}';
        if !soft && super::fold_typography(c) != Some('-') {
            return None;
        }
        if !ends_with_letter(out) {
            return None;
        }
        let after = at + c.len_utf8();
        let rest = &text[after..];
        let letter = rest.trim_start_matches(char::is_whitespace);
        if !starts_with_letter(letter) {
            return None;
        }
        let space = &rest[..rest.len() - letter.len()];
        let kind = if space.is_empty() {
            TIGHT
        } else if matches!(c, '-' | '\u{2010}' | '\u{AD}') && is_line_end(space) {
            if self.quote { SPACED } else { JOIN }
        } else {
            SPACED
        };
        // A soft hyphen is invisible inside a line: only a join is a gap.
        if soft && kind != JOIN && !(self.quote && kind == SPACED && is_line_end(space)) {
            return None;
        }
        self.gaps.push(out.len() << 2 | kind);
        Some(c.len_utf8() + space.len())
    }

    /// Moves every gap `by` bytes back (a quote's leading space trimmed).
    pub(super) fn shift_back(&mut self, by: usize) {
        for g in &mut self.gaps {
            *g -= by << 2;
        }
    }

    /// Whether a match of a quote with hyphens `quote` at folded `start..end` of this text
    /// agrees on hyphens, as the module documentation says.
    pub(super) fn agree(&self, start: usize, end: usize, quote: &Hyphens) -> bool {
        let from = self.gaps.partition_point(|&g| g >> 2 <= start);
        let mut wanted = quote
            .gaps
            .iter()
            .map(|g| (g >> 2) + start)
            .zip(quote.gaps.iter().map(|g| g & 3))
            .peekable();
        for &gap in self.gaps[from..].iter().take_while(|&&g| g >> 2 < end) {
            let (at, kind) = (gap >> 2, gap & 3);
            if wanted.peek().is_some_and(|&(w, _)| w < at) {
                return false; // the quote has a hyphen where the source has none
            }
            match wanted.next_if(|&(w, _)| w == at) {
                Some((_, k)) if kind == JOIN || k == kind => {}
                None if kind == JOIN => {}
                _ => return false,
            }
        }
        wanted.next().is_none()
    }

    /// `folded[..end]` with the hyphens left out before `end` put back (as `-`, and a space
    /// after a spaced one), for showing a quote's words.
    pub(super) fn restore(&self, folded: &str, end: usize) -> String {
        let mut out = String::with_capacity(end + 8);
        let mut from = 0;
        for &g in self.gaps.iter().take_while(|&&g| g >> 2 < end) {
            out.push_str(&folded[from..g >> 2]);
            out.push_str(if g & 3 == TIGHT { "-" } else { "- " });
            from = g >> 2;
        }
        out.push_str(&folded[from..end]);
        out
    }
}

/// Whether the white space after a hyphen ends its line: spaces, tabs or a carriage return,
/// one line feed, spaces or tabs.
fn is_line_end(space: &str) -> bool {
    space
        .trim_start_matches([' ', '\t', '\r'])
        .strip_prefix('\n')
        .is_some_and(|next| next.trim_start_matches([' ', '\t']).is_empty())
}

/// Whether the last letter-like character folded (marks skipped) is a letter.
fn ends_with_letter(out: &str) -> bool {
    out.chars()
        .rev()
        .find(|&c| canonical_combining_class(c) == 0)
        .is_some_and(char::is_alphabetic)
}

/// Whether `text` begins with a letter, judged on its compatibility decomposition (`ﬁ` as
/// `f`), as the folded text will have it.
fn starts_with_letter(text: &str) -> bool {
    let Some(c) = text.chars().next() else {
        return false;
    };
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    first.is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaps(text: &str, quote: bool) -> (String, Hyphens) {
        let mut h = if quote {
            Hyphens::for_quote()
        } else {
            Hyphens::default()
        };
        let mut out = String::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            if let Some(n) = h.take(text, at, c, &out) {
                at += n;
            } else {
                out.push(c);
                at += c.len_utf8();
            }
        }
        (out, h)
    }

    fn kinds(h: &Hyphens) -> Vec<(usize, usize)> {
        h.gaps.iter().map(|g| (g >> 2, g & 3)).collect()
    }

    #[test]
    fn hyphens_between_letters_leave_gaps_of_their_kind() {
        let (out, h) = gaps(
            "well-known inter-  \r\n  national 1990-\n2000 a -b x\u{AD}\ny pre- and z-\n\nw",
            false,
        );
        assert_eq!(out, "wellknown international 1990-\n2000 a -b xy preand zw");
        assert_eq!(
            kinds(&h),
            [
                (4, TIGHT),
                (15, JOIN),
                (41, JOIN),
                (46, SPACED),
                (51, SPACED)
            ]
        );
        // In a quote, a line end is as good as a space.
        let (_, q) = gaps("inter-\nnational", true);
        assert_eq!(kinds(&q), [(5, SPACED)]);
    }

    #[test]
    fn a_quote_agrees_when_its_hyphens_are_the_sources_or_joins() {
        let (_, source) = gaps("well-known inter-\nnational", false);
        let end = "wellknown international".len();
        let agrees = |quote: &str| source.agree(0, end, &gaps(quote, true).1);
        assert!(agrees("well-known inter-national"));
        assert!(agrees("well-known international"));
        assert!(agrees("well-known inter- national"));
        assert!(agrees("well-known inter-\n  national"));
        assert!(
            !agrees("wellknown international"),
            "the mid-line hyphen is needed"
        );
        assert!(
            !agrees("well- known international"),
            "a space the source has not"
        );
        // A hyphen the source does not have.
        let (_, plain) = gaps("wellknown", false);
        assert!(!plain.agree(0, 9, &gaps("well-known", true).1));
        assert!(plain.agree(0, 9, &Hyphens::for_quote()));
        // Gaps outside the match do not count.
        assert!(source.agree(5, end, &Hyphens::for_quote()));
        assert!(source.agree(0, 3, &Hyphens::for_quote()));
        // A spaced hyphen needs a spaced one.
        let (_, spaced) = gaps("pre- and", false);
        assert!(spaced.agree(0, 6, &gaps("pre-\nand", true).1));
        assert!(!spaced.agree(0, 6, &gaps("pre-and", true).1));
        assert!(!spaced.agree(0, 6, &Hyphens::for_quote()));
    }
}
