//! A deterministic generator of large, valid chronologies, shared by `examples/generate.rs` and
//! the benchmarks. Same seed, same bytes.
//!
//! Every quote really occurs, exactly once, in its generated source: each sentence of a source
//! carries a unique marker (`§s3.17`), and quotes copy whole sentences, some typed with straight
//! quotes where the source has curly ones, so folded anchoring is exercised too.

#![allow(dead_code)]

use std::fmt::Write as _;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub events: usize,
    pub actors: usize,
    pub sources: usize,
    pub seed: u64,
}

/// A generated chronology: the YAML, and each source as (path written in the YAML, text).
pub struct Generated {
    pub yaml: String,
    pub sources: Vec<(String, String)>,
}

impl Generated {
    /// The sources as [`load`] reads them from memory.
    pub fn source_texts(&self) -> Vec<(&str, &str)> {
        self.sources
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect()
    }
}

/// Loads `yaml` (a generated chronology, or a changed copy of one), called `name`, with its
/// `sources` held in memory.
pub fn load(
    name: &str,
    yaml: &str,
    sources: &[(&str, &str)],
) -> Result<sourceline::model::Chronology, sourceline::Problems> {
    use sourceline::{Input, LoadOptions, MemorySources};
    let sources = MemorySources(sources);
    sourceline::load(Input::text(name, yaml, &sources), &LoadOptions::default()).result
}

const WORDS: &[&str] = &[
    "talks",
    "envoy",
    "ceasefire",
    "sanctions",
    "border",
    "ministry",
    "council",
    "report",
    "statement",
    "convoy",
    "protest",
    "election",
    "treaty",
    "summit",
    "drone",
    "harbour",
    "Tehrān",
    "Zürich",
    "São Paulo",
    "Kraków",
    "Ελλάδα",
    "東京",
    "القاهرة",
    "Kyiv",
    "delegation",
    "analysts",
    "official",
    "warning",
    "agreement",
    "negotiation",
    "pipeline",
    "militia",
];
const KINDS: &[&str] = &["state", "armed group", "person", "organization", "media"];
const TAGS: &[&str] = &[
    "attack",
    "diplomacy",
    "nuclear",
    "analysis",
    "media",
    "warning",
    "economy",
    "protest",
    "election",
    "health",
    "energy",
    "law",
];

fn sentence(rng: &mut ChaCha8Rng, source: usize, k: usize) -> String {
    let n = rng.random_range(8..18);
    let mut words: Vec<&str> = (0..n).map(|_| *WORDS.choose(rng).unwrap()).collect();
    let curly = rng.random_bool(0.3);
    if curly {
        words.insert(n / 2, "“so-called”");
        words.insert(1, "officials’");
    }
    if rng.random_bool(0.2) {
        words.insert(n / 3, "–");
    }
    format!("§s{source}.{k} {}.", words.join(" "))
}

/// The YAML quote of a source sentence: straight quotes and hyphens typed for curly ones and
/// dashes half of the time.
fn typed(rng: &mut ChaCha8Rng, sentence: &str) -> String {
    let text = if rng.random_bool(0.5) {
        sentence
            .replace(['“', '”'], "\"")
            .replace('’', "'")
            .replace('–', "-")
    } else {
        sentence.to_string()
    };
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn date(rng: &mut ChaCha8Rng, i: usize, n: usize) -> String {
    // Spread over 1900–2025, increasing with i so the file is roughly ordered (as real data is).
    let span = 125 * 365;
    let day = i * span / n.max(1) + rng.random_range(0..30);
    let year = 1900 + day / 365;
    let month = (day % 365) / 31 + 1;
    let dom = (day % 31).clamp(1, 28);
    match rng.random_range(0..10) {
        0 => format!("{year}"),
        1 => format!("{year}-{month:02}"),
        2 => format!("{year}~"),
        3 => format!("{year}-{month:02}?"),
        4 => format!("../{year}-{month:02}-{dom:02}"),
        5 => format!("{year}-{month:02}-{dom:02}/.."),
        6 => format!("{year}-{month:02}/{}-{month:02}", year + 1),
        _ => format!("{year}-{month:02}-{dom:02}"),
    }
}

/// Generates the chronology described by `spec`.
pub fn generate(spec: Spec) -> Generated {
    generate_inner(spec, None)
}

/// As [`generate`], but event `i` is titled `title(i)`: the tests try extreme titles (very long,
/// wide, right-to-left) on a chronology that is otherwise the benchmarks' own.
pub fn generate_titled(spec: Spec, title: &dyn Fn(usize) -> String) -> Generated {
    generate_inner(spec, Some(title))
}

fn generate_inner(spec: Spec, title: Option<&dyn Fn(usize) -> String>) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let sources = spec.sources.max(1);
    let actors = spec.actors.max(1);
    // Enough sentences for every citation to pick from, and some never cited.
    let per_source = (spec.events * 2 / sources).max(8);
    let mut texts: Vec<Vec<String>> = Vec::with_capacity(sources);
    for s in 0..sources {
        texts.push((0..per_source).map(|k| sentence(&mut rng, s, k)).collect());
    }
    let mut yaml = String::with_capacity(spec.events * 450);
    let _ = writeln!(
        yaml,
        "title: \"Generated chronology: {} events\"",
        spec.events
    );
    yaml.push_str("sources:\n");
    for s in 0..sources {
        let _ = writeln!(
            yaml,
            "  - id: src-{s}\n    title: \"Source {s}: a report\"\n    publisher: Wire {}\n    date: \"{}\"\n    path: sources/src-{s}.txt",
            s % 7,
            1990 + s % 35
        );
    }
    yaml.push_str("actors:\n");
    for a in 0..actors {
        let name = format!("{} {a}", WORDS[a % WORDS.len()]);
        let _ = writeln!(
            yaml,
            "  - id: actor-{a}\n    name: \"{name}\"\n    kind: {}",
            KINDS[a % KINDS.len()]
        );
    }
    yaml.push_str("events:\n");
    for i in 0..spec.events {
        let n_actors = rng.random_range(1..=3.min(actors));
        let mut ids: Vec<usize> = (0..n_actors).map(|_| rng.random_range(0..actors)).collect();
        ids.sort_unstable();
        ids.dedup();
        let actor_list: Vec<String> = ids.iter().map(|a| format!("actor-{a}")).collect();
        let tags: Vec<&str> = (0..rng.random_range(1..3))
            .map(|_| *TAGS.choose(&mut rng).unwrap())
            .collect();
        let title_words: Vec<&str> = (0..rng.random_range(3..9))
            .map(|_| *WORDS.choose(&mut rng).unwrap())
            .collect();
        let title = title.map_or_else(
            || format!("{} #{i}", title_words.join(" ")),
            |title| title(i).replace('\\', "\\\\").replace('"', "\\\""),
        );
        let _ = write!(
            yaml,
            "  - id: ev-{i}\n    date: \"{}\"\n    title: \"{title}\"\n    actors: [{}]\n    tags: [{}]\n    summary: \"{}\"\n",
            date(&mut rng, i, spec.events),
            actor_list.join(", "),
            tags.join(", "),
            title_words.join(" "),
        );
        if i > 0 && rng.random_bool(0.3) {
            let _ = writeln!(yaml, "    related: [ev-{}]", rng.random_range(0..i));
        }
        yaml.push_str("    citations:\n");
        for _ in 0..rng.random_range(1..=3) {
            let s = rng.random_range(0..sources);
            let k = rng.random_range(0..per_source);
            let quote = typed(&mut rng, &texts[s][k]);
            let _ = writeln!(yaml, "      - source: src-{s}\n        quote: \"{quote}\"");
        }
    }
    let sources = texts
        .into_iter()
        .enumerate()
        .map(|(s, sentences)| {
            let mut text = format!("Source {s}\n\n");
            for (k, line) in sentences.iter().enumerate() {
                text.push_str(line);
                text.push(if k % 5 == 4 { '\n' } else { ' ' });
            }
            (format!("sources/src-{s}.txt"), text)
        })
        .collect();
    Generated { yaml, sources }
}
