//! The drift suite: what finding the closest passage costs for quotes that failed to anchor.
//!
//! `drift/…`: 1,000 drifted quotes over 50 sources the size of the seed article, on one thread
//! (sources are independent, so a caller running them on both cores halves the figure). Each
//! source is the seed article with its paragraphs shuffled and one word in eight replaced by
//! another word of the article, so no two sources are alike but all read like news prose (a
//! realistic runner-up for every quote). Each quote is a run of 6 to 40 words of its source with
//! one to three word-level edits: a word replaced, dropped or added, or a letter changed.
//!
//! `drift_load/…`: the whole of `check` on a 100,000-event chronology (the generator of
//! `benches/support`, 50 sources of about 500 KB) in which 1,000 quotes spread over the file
//! have drifted (a word replaced or dropped, a letter changed): load, fail, load again with
//! positions, and find what to tell the author about each of the 1,000. Target: under 10 s on
//! two cores. `cargo bench --bench drift -- drift_load` runs it alone.

#[path = "support/generator.rs"]
mod generator;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sourceline::anchor::approx::Haystack;

const SEED: &str = include_str!("../seeds/reuters-us-warned-iran-2024-01.txt");
const SOURCES: usize = 50;
const QUOTES: usize = 1_000;

/// A source: the seed's paragraphs shuffled, one word in eight replaced.
fn source(rng: &mut ChaCha8Rng, vocabulary: &[&str]) -> String {
    let mut paragraphs: Vec<&str> = SEED.trim().lines().collect();
    paragraphs.shuffle(rng);
    paragraphs
        .iter()
        .map(|p| {
            p.split(' ')
                .map(|w| {
                    if rng.random_range(0..8) == 0 {
                        vocabulary[rng.random_range(0..vocabulary.len())]
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A run of words of `text` with one to three word-level edits.
fn drifted(rng: &mut ChaCha8Rng, text: &str, vocabulary: &[&str]) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = rng.random_range(6..=40).min(words.len());
    let at = rng.random_range(0..=words.len() - n);
    let mut quote: Vec<String> = words[at..at + n].iter().map(|w| (*w).to_string()).collect();
    for _ in 0..rng.random_range(1..=3) {
        let i = rng.random_range(0..quote.len());
        let other = vocabulary[rng.random_range(0..vocabulary.len())].to_string();
        match rng.random_range(0..4) {
            0 => quote[i] = other,
            1 if quote.len() > 1 => {
                quote.remove(i);
            }
            2 => quote.insert(i, other),
            _ => {
                let mut letters: Vec<char> = quote[i].chars().collect();
                let j = rng.random_range(0..letters.len());
                letters[j] = 'x';
                quote[i] = letters.into_iter().collect();
            }
        }
    }
    quote.join(" ")
}

/// The 50 sources, each with its 20 drifted quotes.
fn workload() -> Vec<(String, Vec<String>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let vocabulary: Vec<&str> = SEED.split_whitespace().collect();
    (0..SOURCES)
        .map(|_| {
            let text = source(&mut rng, &vocabulary);
            let quotes = (0..QUOTES / SOURCES)
                .map(|_| drifted(&mut rng, &text, &vocabulary))
                .collect();
            (text, quotes)
        })
        .collect()
}

fn run(work: &[(String, Vec<String>)]) -> usize {
    work.iter()
        .map(|(text, quotes)| {
            // One folding of the source for all its quotes, as the loader does.
            let haystack = Haystack::new(text);
            quotes
                .iter()
                .filter(|q| haystack.closest(q, None).is_ok())
                .count()
        })
        .sum()
}

fn drift(c: &mut Criterion) {
    let work = workload();
    let bytes: usize = work.iter().map(|(t, _)| t.len()).sum();
    eprintln!(
        "drift: {} sources, {} bytes on average, {} quotes; {} get a suggestion",
        work.len(),
        bytes / work.len(),
        QUOTES,
        run(&work)
    );
    let mut group = c.benchmark_group("drift");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("closest_1000_quotes_50_sources", |b| {
        b.iter(|| run(black_box(&work)));
    });
    let (text, quotes) = &work[0];
    let haystack = Haystack::new(text);
    group.bench_function("closest_one_quote", |b| {
        b.iter(|| haystack.closest(black_box(&quotes[0]), None));
    });
    group.bench_function("fold_one_source", |b| {
        b.iter(|| Haystack::new(black_box(text)));
    });
    group.finish();
}

/// Quotes drifted in the generated YAML: one in `every` of its `quote:` lines, each given one
/// or two word-level edits (never inside an escape, never the sentence's marker or its last
/// word).
fn drift_yaml(yaml: &str, every: usize, rng: &mut ChaCha8Rng) -> (String, usize) {
    const OTHER: &[&str] = &["meanwhile", "reportedly", "officially", "Tuesday", "bridge"];
    let mut out = String::with_capacity(yaml.len() + 1024);
    let (mut seen, mut drifted) = (0, 0);
    for line in yaml.split_inclusive('\n') {
        let Some(body) = line
            .strip_prefix("        quote: \"")
            .and_then(|l| l.strip_suffix("\"\n"))
        else {
            out.push_str(line);
            continue;
        };
        seen += 1;
        if seen % every != 0 {
            out.push_str(line);
            continue;
        }
        let mut words: Vec<String> = body.split(' ').map(str::to_string).collect();
        for _ in 0..rng.random_range(1..=2) {
            // Not the last word either: without it the quote is still in the source.
            let i = rng.random_range(1..words.len() - 1);
            if words[i].contains(['\\', '"']) || words.len() < 6 {
                continue;
            }
            match rng.random_range(0..3) {
                0 => words[i] = OTHER[rng.random_range(0..OTHER.len())].to_string(),
                1 => {
                    words.remove(i);
                }
                _ => {
                    let mut letters: Vec<char> = words[i].chars().collect();
                    let j = rng.random_range(0..letters.len());
                    letters[j] = 'x';
                    words[i] = letters.into_iter().collect();
                }
            }
        }
        let quote = words.join(" ");
        if quote == body {
            out.push_str(line);
            continue;
        }
        drifted += 1;
        out.push_str("        quote: \"");
        out.push_str(&quote);
        out.push_str("\"\n");
    }
    (out, drifted)
}

fn drift_load(c: &mut Criterion) {
    let generated = generator::generate(generator::Spec {
        events: 100_000,
        actors: 300,
        sources: 50,
        seed: 1,
    });
    let citations = generated.yaml.matches("\n        quote: \"").count();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    // One in `every`, so about 1,000 of the 200,000 quotes (a few edits fall on escapes and
    // are skipped).
    let (yaml, drifted) = drift_yaml(&generated.yaml, citations / 1_000, &mut rng);
    let sources = generated.source_texts();
    let check = || {
        let problems = generator::load("drifted.yaml", &yaml, &sources)
            .expect_err("drifted quotes are problems")
            .0;
        let suggested = problems.iter().filter(|p| p.suggestion.is_some()).count();
        let confident = problems
            .iter()
            .filter(|p| p.suggestion.as_ref().is_some_and(|s| s.confident))
            .count();
        (problems.len(), suggested, confident)
    };
    let (problems, suggested, confident) = check();
    eprintln!(
        "drift_load: {} bytes, {citations} quotes, {drifted} drifted: {problems} problems, {suggested} with a suggestion ({confident} confident)",
        yaml.len()
    );
    assert_eq!(problems, drifted, "every drifted quote is reported");
    let mut group = c.benchmark_group("drift_load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("check_100000_events_1000_drifted", |b| {
        b.iter(|| black_box(check()));
    });
    // One quote (a sentence with a letter changed) against one of those sources, ~500 KB.
    let text = &generated.sources[0].1;
    let sentence = text
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|q| q.len() > 90 && q.len() < 128)
        .nth(300)
        .expect("a sentence of the generated source");
    let quote = format!("{}x{}", &sentence[..60], &sentence[61..]);
    let haystack = Haystack::new(text);
    assert!(haystack.closest(&quote, None).is_ok());
    group.bench_function("closest_one_quote_500k_source", |b| {
        b.iter(|| haystack.closest(black_box(&quote), None));
    });
    group.finish();
}

criterion_group!(benches, drift, drift_load);
criterion_main!(benches);
