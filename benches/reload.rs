//! Reloading after a save that renamed one event, at 1,000, 10,000 and 100,000 generated
//! events: `incremental` (the text compared with the last load's, the one event parsed,
//! checked and anchored, the chronology rebuilt by moving the others), `full` (a load of the
//! whole file, as every reload was before), and `app` (what the viewer's terminal loop then
//! spends: applying the patch to the shown chronology and rebuilding the view, search index
//! included; `search_index` is that index alone). BENCHMARKS.md, "Reloading one event (6/6)", records it.
//!
//! `cargo bench --bench reload -- --warm-up-time 1 --measurement-time 3`

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
#[allow(dead_code)]
mod suite;

use std::borrow::Cow;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use sourceline::model::Chronology;
use sourceline::{Change, Input, LoadOptions, SearchIndex, load, reload};

/// `yaml` with the middle event's title changed.
fn renamed(yaml: &str) -> String {
    let events = yaml.find("\nevents:\n").expect("an events list");
    let titles: Vec<usize> = yaml[events..]
        .match_indices("\n    title: \"")
        .map(|(at, m)| events + at + m.len())
        .collect();
    let at = titles[titles.len() / 2];
    format!("{}Renamed: {}", &yaml[..at], &yaml[at..])
}

fn bench_size(c: &mut Criterion, n: usize) {
    let generated = generator::generate(suite::spec(n));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    let file = dir.path().join("chronology.yaml");
    std::fs::write(&file, &generated.yaml).unwrap();
    for (path, text) in &generated.sources {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let options = LoadOptions::default();
    let first = reload(Input::File(&file), &options, None);
    let previous = first.next.expect("the generated file reloads in part");
    let Ok(Change::Loaded(old)) = first.result else {
        panic!("the generated file loads");
    };
    std::fs::write(&file, renamed(&generated.yaml)).unwrap();

    let mut group = c.benchmark_group("reload");
    if n >= 10_000 {
        group.sample_size(10);
    }
    group.bench_with_input(BenchmarkId::new("incremental", n), &file, |b, file| {
        b.iter_batched(
            || old.clone(),
            |old: Chronology| {
                let reloaded = reload(Input::File(file), &options, Some(&previous));
                let Ok(change @ Change::Patched(_)) = reloaded.result else {
                    panic!("one renamed event is patched");
                };
                change.into_chronology(Cow::Owned(old))
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_with_input(BenchmarkId::new("full", n), &file, |b, file| {
        b.iter(|| {
            let loaded = load(Input::File(file), &options);
            assert!(loaded.result.is_ok());
        });
    });
    // The terminal loop's share: the patch applied to the chronology shown, the view rebuilt.
    group.bench_function(BenchmarkId::new("app", n), |b| {
        b.iter_batched(
            || {
                let reloaded = reload(Input::File(&file), &options, Some(&previous));
                let Ok(change) = reloaded.result else {
                    panic!("the renamed file loads");
                };
                (suite::app_for(old.clone()), change)
            },
            |(mut app, change)| {
                let kept = change.kept();
                app.loaded_with(
                    |old| change.into_chronology(Cow::Owned(old)),
                    kept.as_deref(),
                );
                app
            },
            BatchSize::PerIteration,
        );
    });
    // Of which the search index, folded again for every event.
    group.bench_function(BenchmarkId::new("search_index", n), |b| {
        b.iter(|| SearchIndex::build(&old));
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    for n in suite::sizes() {
        bench_size(c, n);
    }
}

criterion_group!(reload_one, benches);
criterion_main!(reload_one);
