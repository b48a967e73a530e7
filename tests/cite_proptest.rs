//! The citation written for a selection loads, and anchors exactly the selected bytes.
//!
//! Random selections over the seed article, with a paragraph appended that holds what the article
//! lacks (`#`, `: `, straight and curly quotes, a backslash, an ellipsis, a repeated phrase): the
//! YAML the viewer would copy is pasted under an event's `citations:` and the chronology loaded
//! by the real loader. The passage it anchors must be the selection without the white space at
//! its ends; a selection is refused only when it is white space, or when no prefix could single
//! it out (checked with the whole text before it as the prefix).

use proptest::prelude::*;
use sourceline::anchor::{Outcome, Request, anchor_all};
use sourceline::{CiteError, Input, LoadOptions, MemorySources, cite, load};

const SEED: &str = include_str!("../seeds/reuters-us-warned-iran-2024-01.txt");
const EXTRA: &str = "\nNotes: #1 \u{201C}quoted\u{201D} and \"straight\" \u{2014} a back\\slash, it's \u{2018}x\u{2019}: done\u{2026} ends.\n#hash: the official noted, \"the official noted\" \u{2013} twice\t\ttabbed.\n";

fn article() -> String {
    format!("{SEED}{EXTRA}")
}

/// A chronology with one event citing through `item` (a YAML list item at column 0).
fn chronology(item: &str) -> String {
    // Pasted as an editor would, each line indented under `citations:`.
    let indented: String = item.lines().flat_map(|l| ["      ", l, "\n"]).collect();
    format!(
        "title: t\nsources:\n  - id: reuters-warning\n    title: R\n    path: seed.txt\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n{indented}"
    )
}

/// Every run of white space as one space, as the loader folds a quote and its prefix.
fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte offset of character `n` of `text` (or its length).
fn char_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(at, _)| at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_copied_citation_anchors_the_selected_bytes(
        start in 0usize..3_200,
        len in 0usize..240,
    ) {
        let text = article();
        let chars = text.chars().count();
        let from = char_at(&text, start % chars);
        let to = char_at(&text, (start % chars + len).min(chars));
        let selected = &text[from..to];
        let lead = selected.len() - selected.trim_start().len();
        let want = from + lead..from + lead + selected.trim().len();
        match cite("reuters-warning", &text, from..to) {
            Ok(cited) => {
                prop_assert_eq!(&cited.range, &want);
                let yaml = chronology(&cited.yaml());
                let loaded = load(Input::text("c.yaml", &yaml, &MemorySources(&[("seed.txt", &text)])), &LoadOptions::default()).result;
                let loaded = match loaded {
                    Ok(c) => c,
                    Err(p) => {
                        return Err(TestCaseError::fail(format!("{yaml}\n{p:?}")));
                    }
                };
                let got = loaded.events[0].citations[0].range.clone();
                prop_assert_eq!(got, want, "{}", yaml);
            }
            Err(CiteError::Empty) => prop_assert!(selected.trim().is_empty()),
            Err(CiteError::NotUnique { .. }) => {
                let quote = fold_space(&text[want.clone()]);
                let before = fold_space(&text[..want.start]);
                let with_all = anchor_all(&text, &[Request {
                    quote: &quote,
                    prefix: Some(&before),
                }]);
                prop_assert_ne!(&with_all[0], &Outcome::Found(want.clone()));
            }
        }
    }
}

#[test]
fn a_phrase_that_occurs_twice_is_cited_with_the_prefix_of_the_one_selected() {
    let text = article();
    let phrase = "the official noted";
    let first = text.find(phrase).unwrap();
    let last = text.rfind(phrase).unwrap();
    for at in [first, last] {
        let cited = cite("reuters-warning", &text, at..at + phrase.len()).unwrap();
        assert!(cited.prefix.is_some(), "{cited:?}");
        let sources = MemorySources(&[("seed.txt", &text)]);
        let loaded = load(
            Input::text("c.yaml", &chronology(&cited.yaml()), &sources),
            &LoadOptions::default(),
        )
        .result
        .unwrap();
        assert_eq!(loaded.events[0].citations[0].range.start, at);
    }
}
