//! Anchoring across Unicode equivalence and hyphenated line ends: the highlight is always
//! whole characters of the source, and folds to what the quote folds to.

use proptest::prelude::*;
use unicode_normalization::char::canonical_combining_class;

use super::{Outcome, Request, anchor_all};
use crate::text::{fold_quote, fold_source};

fn one(source: &str, quote: &str) -> Outcome {
    anchor_all(
        source,
        &[Request {
            quote,
            prefix: None,
        }],
    )
    .remove(0)
}

/// The passage `quote` is found at, or a panic that says what happened instead.
fn found<'s>(source: &'s str, quote: &str) -> &'s str {
    match one(source, quote) {
        Outcome::Found(r) => &source[r],
        other => panic!("{quote:?} in {source:?}: {other:?}"),
    }
}

fn not_found(source: &str, quote: &str) -> bool {
    matches!(one(source, quote), Outcome::NotFound { .. })
}

#[test]
fn an_accent_written_as_one_code_point_or_two_is_the_same_letter() {
    let composed = "the caf\u{E9} opened";
    let decomposed = "the cafe\u{301} opened";
    assert_eq!(found(composed, "cafe\u{301} opened"), "caf\u{E9} opened");
    assert_eq!(found(decomposed, "caf\u{E9} opened"), "cafe\u{301} opened");
    // Accents in another order than Unicode's are the same letter too.
    assert_eq!(found("a\u{302}\u{323}b", "\u{1EAD}b"), "a\u{302}\u{323}b");
    // Never a letter without its accent, however it is written.
    for source in [composed, decomposed] {
        assert!(not_found(source, "the cafe"), "{source:?}");
    }
    assert!(
        not_found("\u{AC01} x", "\u{AC00}"),
        "a Hangul syllable is not cut"
    );
}

#[test]
fn ligatures_full_width_forms_and_no_break_spaces_match_their_plain_letters() {
    let source = "the \u{FB01}rst \u{FB02}oor of \u{FF21}\u{FF22}\u{FF23}\u{00A0}Corp, 2\u{202F}m";
    assert_eq!(
        found(source, "the first floor of ABC Corp, 2 m"),
        source,
        "the highlight is the source's own characters"
    );
    // And the other way round: a quote typed with the ligature.
    assert_eq!(found("official", "o\u{FB03}cial"), "official");
    // Never half a ligature.
    assert!(not_found(source, "the f"));
    assert!(not_found("o\u{FB03}cial", "of"));
}

#[test]
fn a_word_split_at_a_line_end_matches_whole_or_hyphenated() {
    let source =
        "an inter-\nnational body, a well-known co\u{AD}\n  operative and a pre- and post-war";
    for quote in [
        "an international body",
        "an inter-national body",
        "an inter- national body",
        "an inter-\n national body",
    ] {
        assert_eq!(
            found(source, quote),
            "an inter-\nnational body",
            "{quote:?}"
        );
    }
    assert_eq!(found(source, "cooperative"), "co\u{AD}\n  operative");
    assert_eq!(found(source, "a well-known"), "a well-known");
    // A hyphen inside a line is part of the text.
    assert!(not_found(source, "a wellknown"));
    assert!(not_found(source, "well known"));
    assert!(not_found(source, "a pre-and"));
    assert_eq!(found(source, "a pre- and post-war"), "a pre- and post-war");
    // Not a join: a number, or a blank line between.
    assert!(not_found("in 1990-\n2000", "in 19902000"));
    assert!(not_found("inter-\n\nnational", "international"));
    assert_eq!(
        found("inter-\n\nnational", "inter- national"),
        "inter-\n\nnational"
    );
}

#[test]
fn a_soft_hyphen_inside_a_line_is_invisible() {
    assert_eq!(
        found("Inter\u{AD}national observers", "International observers"),
        "Inter\u{AD}national observers"
    );
}

#[test]
fn the_hyphen_rules_count_occurrences_too() {
    // One line-broken, one not: a quote with the hyphen is found in both places.
    let source = "well-\nknown and well-known";
    assert_eq!(one(source, "well-known"), Outcome::Ambiguous { count: 2 });
    assert_eq!(found(source, "wellknown and"), "well-\nknown and");
}

/// Pieces source texts are made of: every kind of character folding treats apart.
const PIECES: &[&str] = &[
    "a",
    "b",
    "z",
    "\u{E9}",
    "e\u{301}",
    "\u{FB01}",
    "\u{FF21}",
    "\u{A0}",
    " ",
    "  ",
    "\n",
    "-",
    "\u{AD}",
    "\u{2019}",
    "\u{2026}",
    "a\u{302}\u{323}",
    "\u{AC01}",
    "\u{65E5}",
    "\u{2013}",
    "\u{301}",
];

fn texts() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn folding_maps_every_folded_byte_to_a_character_boundary(text in texts()) {
        let folded = fold_source(&text);
        for at in 0..=folded.text.len() {
            let r = folded.original_range(at, folded.text.len());
            prop_assert!(text.is_char_boundary(r.start) && r.start <= r.end && r.end <= text.len());
        }
    }

    #[test]
    fn a_highlight_is_whole_characters_that_fold_to_the_quote(
        text in texts(),
        from in 0usize..60,
        len in 1usize..20,
    ) {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        prop_assume!(!starts.is_empty());
        let start = starts[from % starts.len()];
        let end = starts.get(from % starts.len() + len).copied().unwrap_or(text.len());
        let quote = &text[start..end];
        if let Outcome::Found(r) = one(&text, quote) {
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert_eq!(fold_quote(&text[r]).text, fold_quote(quote).text);
        }
        // A quote cut at spaces (never inside a letter, after a hyphen or before an accent) is
        // always there.
        let whole_words = text[..start].ends_with(' ')
            && text[end..].starts_with(' ')
            && !quote.trim().is_empty()
            && !quote.starts_with(char::is_whitespace)
            && !quote.trim_end().ends_with(['-', '\u{AD}', '\u{2013}'])
            && fold_quote(quote)
                .text
                .chars()
                .next()
                .is_some_and(|c| canonical_combining_class(c) == 0);
        if whole_words {
            prop_assert!(
                !matches!(one(&text, quote), Outcome::NotFound { .. }),
                "{:?} not found in {:?}", quote, text
            );
        }
    }
}
