//! The drift suite: what finding the closest passage costs for quotes that failed to anchor.
//! 1,000 drifted quotes over 50 sources the size of the seed article must take well under 10 s
//! on two cores (target: a second or two). `cargo bench --bench drift` runs it, on one thread:
//! sources are independent, so a caller running them on both cores halves the figure.
//!
//! Each source is the seed article with its paragraphs shuffled and one word in eight replaced by
//! another word of the article, so no two sources are alike but all read like news prose (a
//! realistic runner-up for every quote). Each quote is a run of 6 to 40 words of its source with
//! one to three word-level edits: a word replaced, dropped or added, or a letter changed.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sourceline::anchor::Request;
use sourceline::anchor::approx::{Haystack, closest_passages};

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
            let requests: Vec<Request<'_>> = quotes
                .iter()
                .map(|q| Request {
                    quote: q,
                    prefix: None,
                })
                .collect();
            closest_passages(text, &requests)
                .iter()
                .filter(|r| r.is_ok())
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

criterion_group!(benches, drift);
criterion_main!(benches);
