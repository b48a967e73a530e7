//! The scale suite: for 1,000, 10,000 and 100,000 generated events, what loading costs, what
//! filtering and search cost, and what one frame and one key cost. Per-frame and per-key costs
//! must not grow with the number of events. `cargo bench` runs it; BENCHMARKS.md records it.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
mod suite;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::Deserialize;
use sourceline::{Action, Filter, Input, LoadOptions, SearchIndex, load};

/// A `serde_yaml` mirror of the schema, for the typed-parse comparison only.
#[derive(Deserialize)]
#[allow(dead_code)]
struct YFile {
    title: String,
    sources: Vec<serde_yaml::Value>,
    actors: Vec<serde_yaml::Value>,
    events: Vec<YEvent>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct YEvent {
    id: String,
    date: String,
    title: String,
    actors: Vec<String>,
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    citations: Vec<YCitation>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct YCitation {
    source: String,
    quote: String,
}

fn bench_size(c: &mut Criterion, n: usize) {
    let generated = generator::generate(suite::spec(n));
    let sources = generated.source_texts();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    let file = dir.path().join("chronology.yaml");
    std::fs::write(&file, &generated.yaml).unwrap();
    for (path, text) in &generated.sources {
        std::fs::write(dir.path().join(path), text).unwrap();
    }

    let mut group = c.benchmark_group("load");
    if n >= 100_000 {
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(40));
    } else if n >= 10_000 {
        group.sample_size(10);
    }
    group.bench_with_input(BenchmarkId::new("from_memory", n), &n, |b, _| {
        b.iter(|| generator::load("g.yaml", black_box(&generated.yaml), &sources).unwrap());
    });
    group.bench_with_input(BenchmarkId::new("from_disk", n), &n, |b, _| {
        // Sources are read relative to the current directory's rules: run from the data folder.
        std::env::set_current_dir(dir.path()).unwrap();
        b.iter(|| {
            load(Input::File(black_box(&file)), &LoadOptions::default())
                .result
                .unwrap()
        });
    });
    group.bench_with_input(BenchmarkId::new("serde_yaml_value", n), &n, |b, _| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&generated.yaml)).unwrap());
    });
    group.bench_with_input(BenchmarkId::new("serde_yaml_typed", n), &n, |b, _| {
        b.iter(|| serde_yaml::from_str::<YFile>(black_box(&generated.yaml)).unwrap());
    });
    group.finish();

    let chronology = generator::load("g.yaml", &generated.yaml, &sources).expect("loads");
    let index = SearchIndex::build(&chronology);
    let mut group = c.benchmark_group("find");
    let by_actor = Filter {
        actors: vec![7],
        ..Filter::default()
    };
    let by_tag = Filter {
        tags: vec![chronology.tag_index("nuclear").expect("a generated tag")],
        ..Filter::default()
    };
    group.bench_with_input(BenchmarkId::new("actor_filter", n), &n, |b, _| {
        b.iter(|| black_box(&by_actor).apply(black_box(&chronology)));
    });
    group.bench_with_input(BenchmarkId::new("tag_filter", n), &n, |b, _| {
        b.iter(|| black_box(&by_tag).apply(black_box(&chronology)));
    });
    group.bench_with_input(BenchmarkId::new("search_step", n), &n, |b, _| {
        b.iter(|| index.matching(black_box("treaty summit")));
    });
    group.finish();

    let mut app = suite::app_for(chronology);
    let mut group = c.benchmark_group("frame");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    group.bench_with_input(BenchmarkId::new("render_120x40", n), &n, |b, _| {
        b.iter(|| {
            terminal
                .draw(|frame| sourceline::render(frame, black_box(&app)))
                .unwrap();
        });
    });
    group.finish();

    let mut group = c.benchmark_group("key");
    let middle = app.visible.len() / 2;
    group.bench_with_input(BenchmarkId::new("next_event", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::NextEvent);
            app.update(Action::PrevEvent);
        });
    });
    group.bench_with_input(BenchmarkId::new("page_down", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::PageDown);
            app.update(Action::PageUp);
        });
    });
    group.bench_with_input(BenchmarkId::new("jump_to_date", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::GoToDate);
            for c in "1960-06".chars() {
                app.update(Action::Type(c));
            }
            app.update(Action::Submit);
        });
    });
    app.update(Action::Select(middle));
    group.finish();
}

fn scale(c: &mut Criterion) {
    for n in suite::sizes() {
        bench_size(c, n);
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
