//! The drift corpus: quotes that no longer match their source, each with the passage that must be
//! suggested for it, or `none`.
//!
//! Each `tests/drift/NAME.case` holds a quote, an optional prefix, the source (the real seed
//! article unless `source:` names a file here, changed by `edit: OLD => NEW` lines, `\n` for a
//! line break) and `want: suggestion` or `want: none`. The snapshot
//! `tests/snapshots/drift__answer@NAME.case.snap` pins the answer: the passage with its figures
//! and word diff, or why there is none. A changed answer fails and leaves a `.snap.new` to review
//! (`cargo insta review`); `want:` is checked apart from the snapshot, so no accepted snapshot can
//! turn a refusal into a guess or drop a suggestion.
//!
//! The property tests below hold the promise the corpus illustrates: a drifted passage of the
//! seed is found where it was or not at all, never elsewhere; and no input makes the search
//! panic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sourceline::anchor::Request;
use sourceline::anchor::approx::{DiffPart, Haystack, NoSuggestion, Suggestion, word_diff};

const DIR: &str = "tests/drift";
const SEED: &str = include_str!("../seeds/reuters-us-warned-iran-2024-01.txt");

/// The passage of `source` that `quote` most likely drifted from, if any.
fn closest_passage(source: &str, quote: &str, prefix: Option<&str>) -> Option<Suggestion> {
    Haystack::new(source).closest(quote, prefix).ok()
}

/// Every request answered from one folding of `source`, as the loader asks for a source's
/// failed quotes.
fn closest_passages(
    source: &str,
    requests: &[Request<'_>],
) -> Vec<Result<Suggestion, NoSuggestion>> {
    let haystack = Haystack::new(source);
    requests
        .iter()
        .map(|r| haystack.closest(r.quote, r.prefix))
        .collect()
}

struct Case {
    name: String,
    source: String,
    prefix: Option<String>,
    quote: String,
    want_suggestion: bool,
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
}

fn read_case(path: &Path) -> Case {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let (mut source, mut prefix, mut quote, mut want) = (SEED.to_string(), None, None, None);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((key, value)) = line.split_once(": ").or_else(|| {
            line.strip_suffix(':')
                .map(|k| (k, ""))
                .or_else(|| line.split_once(':'))
        }) else {
            panic!("{name}: a line that is no `key: value`: {line:?}");
        };
        match key {
            "source" => source = std::fs::read_to_string(Path::new(DIR).join(value)).unwrap(),
            "edit" => {
                let (old, new) = value.split_once(" =>").expect("edit: OLD => NEW");
                let (old, new) = (unescape(old), unescape(new.trim_start_matches(' ')));
                assert_eq!(source.matches(&old).count(), 1, "{name}: edit {old:?}");
                source = source.replacen(&old, &new, 1);
            }
            "prefix" => prefix = Some(value.to_string()),
            "quote" => quote = Some(value.to_string()),
            "want" => want = Some(value == "suggestion"),
            _ => panic!("{name}: unknown key {key:?}"),
        }
    }
    assert!(
        text.contains("want: suggestion") || text.contains("want: none"),
        "{name}: want: suggestion or want: none"
    );
    let quote = quote.unwrap_or_else(|| panic!("{name}: no quote"));
    Case {
        name,
        source,
        prefix,
        quote,
        want_suggestion: want.unwrap(),
    }
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    files.sort();
    files
}

/// The diff as `git diff --word-diff` writes it.
fn diff_line(quote: &str, passage: &str) -> String {
    word_diff(quote, passage)
        .into_iter()
        .map(|part| match part {
            DiffPart::Same(t) => t,
            DiffPart::Removed(t) => format!("[-{t}-]"),
            DiffPart::Added(t) => format!("{{+{t}+}}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn answer(case: &Case, result: &Result<Suggestion, NoSuggestion>) -> String {
    match result {
        Ok(s) => {
            let passage = &case.source[s.range.clone()];
            format!(
                "suggestion, similarity {:.2}, runner-up {:.2}:\n{passage}\ndiff: {}\n",
                s.similarity,
                s.runner_up,
                diff_line(&case.quote, passage)
            )
        }
        Err(NoSuggestion::TooShort) => "none: too short to judge\n".into(),
        Err(NoSuggestion::TooLong) => "none: too long to search\n".into(),
        Err(NoSuggestion::TooDifferent { similarity }) => {
            format!("none: too different (closest passage {similarity:.2})\n")
        }
        Err(NoSuggestion::Ambiguous {
            similarity,
            runner_up,
        }) => format!("none: ambiguous (closest {similarity:.2}, runner-up {runner_up:.2})\n"),
    }
}

#[test]
fn every_case_gives_its_pinned_answer() {
    assert!(
        corpus().len() >= 20,
        "the corpus has {} cases",
        corpus().len()
    );
    insta::glob!("drift/*.case", |path| {
        let case = read_case(path);
        let result = Haystack::new(&case.source).closest(&case.quote, case.prefix.as_deref());
        insta::assert_snapshot!("answer", answer(&case, &result));
    });
}

#[test]
fn every_case_gets_a_suggestion_or_none_as_it_wants() {
    let (mut wrong, mut table) = (Vec::new(), String::new());
    for path in &corpus() {
        let case = read_case(path);
        let result = Haystack::new(&case.source).closest(&case.quote, case.prefix.as_deref());
        let actual = answer(&case, &result);
        writeln!(table, "{:32} {}", case.name, actual.lines().next().unwrap()).unwrap();
        if result.is_ok() != case.want_suggestion {
            wrong.push(format!(
                "{}: wants {}, got {actual}",
                case.name,
                if case.want_suggestion {
                    "a suggestion"
                } else {
                    "none"
                }
            ));
        }
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_batch_gives_what_each_quote_gives_alone() {
    let cases: Vec<Case> = corpus()
        .iter()
        .map(|p| read_case(p))
        .filter(|c| c.source == SEED)
        .collect();
    let requests: Vec<Request<'_>> = cases
        .iter()
        .map(|c| Request {
            quote: &c.quote,
            prefix: c.prefix.as_deref(),
        })
        .collect();
    let batch = closest_passages(SEED, &requests);
    for (case, got) in cases.iter().zip(batch) {
        assert_eq!(
            got.ok(),
            closest_passage(SEED, &case.quote, case.prefix.as_deref()),
            "{}",
            case.name
        );
    }
}

/// Byte offsets of the seed's characters, and the original text of `count` characters from
/// character `at`, as a byte range.
fn char_range(at: usize, count: usize) -> std::ops::Range<usize> {
    let offsets: Vec<usize> = SEED.char_indices().map(|(i, _)| i).collect();
    let start = offsets[at.min(offsets.len() - 1)];
    let end = offsets.get(at + count).copied().unwrap_or(SEED.len());
    start..end
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// A passage of the seed with a few edits (substituted, deleted, inserted characters) is
    /// suggested where it came from, or not at all; a suggestion is whole words.
    #[test]
    fn a_drifted_passage_is_found_where_it_was_or_not_at_all(
        at in 0usize..2_900,
        len in 10usize..220,
        edits in proptest::collection::vec((0usize..1_000, 0u8..3, "[a-z ,.]"), 0..8),
    ) {
        let range = char_range(at, len);
        let mut quote: Vec<char> = SEED[range.clone()].chars().collect();
        for (pos, kind, c) in edits {
            let c = c.chars().next().unwrap();
            let i = pos % (quote.len() + 1);
            match kind {
                0 if i < quote.len() => quote[i] = c,
                1 if i < quote.len() => { quote.remove(i); }
                _ => quote.insert(i, c),
            }
        }
        let quote: String = quote.into_iter().collect();
        if let Some(s) = closest_passage(SEED, &quote, None) {
            prop_assert!(
                s.range.start < range.end && range.start < s.range.end,
                "{quote:?} was taken from {:?} but suggests {:?}",
                &SEED[range],
                &SEED[s.range]
            );
            let (before, first) = (SEED[..s.range.start].chars().next_back(), SEED[s.range.clone()].chars().next());
            let (last, after) = (SEED[s.range.clone()].chars().next_back(), SEED[s.range.end..].chars().next());
            prop_assert!(!(is_word(before) && is_word(first)), "starts mid-word: {:?}", &SEED[s.range]);
            prop_assert!(!(is_word(last) && is_word(after)), "ends mid-word: {:?}", &SEED[s.range]);
        }
    }

}

proptest! {
    // Each case searches up to 1,200 bytes for up to 480: slow in a debug build.
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any source, quote and prefix: no panic, and a suggestion is a range of the source on
    /// character boundaries with figures in 0..=1.
    #[test]
    fn never_panics(
        source in "(\\PC|[\u{301}\u{308}\u{2019}\u{201c}\u{2013}\u{2026} \n\t]|e\u{301}){0,300}",
        quote in "(\\PC|[\u{301}\u{308}\u{2019}\u{201c}\u{2013}\u{2026} \n\t]|e\u{301}){0,120}",
        prefix in proptest::option::of("(\\PC|[\u{301} ]){0,20}"),
        cut in 0usize..300,
    ) {
        // Half the time, quote a slice of the source so suggestions happen too.
        let quote = if cut % 2 == 0 {
            let mut start = (cut / 2).min(source.len());
            while !source.is_char_boundary(start) { start -= 1; }
            let mut end = (start + quote.len()).min(source.len());
            while !source.is_char_boundary(end) { end -= 1; }
            source[start..end].to_string()
        } else {
            quote
        };
        if let Some(s) = closest_passage(&source, &quote, prefix.as_deref()) {
            prop_assert!(s.range.start <= s.range.end && s.range.end <= source.len());
            prop_assert!(source.is_char_boundary(s.range.start) && source.is_char_boundary(s.range.end));
            prop_assert!((0.0..=1.0).contains(&s.similarity) && (0.0..=1.0).contains(&s.runner_up));
        }
        let _ = word_diff(&quote, &source);
    }
}

#[test]
fn huge_and_degenerate_inputs_are_answered() {
    let huge = SEED.repeat(5);
    assert_eq!(
        Haystack::new(SEED).closest(&huge, None),
        Err(NoSuggestion::TooLong)
    );
    // Long but under the limit: searched, and too different from a short source.
    let first_line = SEED.trim_start().lines().next().unwrap();
    assert!(matches!(
        Haystack::new(first_line).closest(SEED, None),
        Err(NoSuggestion::TooDifferent { .. })
    ));
    let source = "word ".repeat(2_000);
    assert!(matches!(
        Haystack::new(&source).closest("word word word word", None),
        Err(NoSuggestion::Ambiguous { .. })
    ));
    assert!(closest_passage("\u{301}\u{301}\u{301}", "\u{301} \u{301} \u{301}", None).is_none());
    assert_eq!(word_diff(&huge, SEED).len(), 2);
}
