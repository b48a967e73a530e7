//! Opening a chronology through the snapshot cache: cold (a load, then the entry written) and
//! warm (the entry read back, every source re-read and hashed), at 1,000, 10,000 and 100,000
//! generated events, as `check` and `list` load (`open/…`) and as the viewer's load thread
//! does (`viewer_open/…`: the text dropped once the events check, a warm opening that hashes
//! the file a chunk at a time, and the reloadable it leaves prepared as after the first
//! frame). BENCHMARKS.md, "Opening through the snapshot cache", records it.
//!
//! `cargo bench --bench snapshot -- --warm-up-time 1 --measurement-time 3`

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
#[allow(dead_code)]
mod suite;

use std::path::Path;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use sourceline::{Change, Input, LoadOptions, Snapshots, load, reload};

fn options(cache: &Path) -> LoadOptions {
    LoadOptions {
        snapshots: Some(Snapshots::in_folder(cache)),
        ..LoadOptions::default()
    }
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
    let mut group = c.benchmark_group("open");
    if n >= 10_000 {
        group.sample_size(10);
    }
    group.bench_with_input(BenchmarkId::new("no_cache", n), &file, |b, file| {
        b.iter(|| {
            let loaded = load(Input::File(file), &LoadOptions::default());
            assert!(loaded.result.is_ok());
        });
    });
    group.bench_with_input(BenchmarkId::new("cold", n), &file, |b, file| {
        b.iter_batched(
            || tempfile::tempdir().expect("cache dir"),
            |cache| {
                let loaded = load(Input::File(file), &options(cache.path()));
                assert!(loaded.result.is_ok());
                cache
            },
            BatchSize::PerIteration,
        );
    });
    let cache = tempfile::tempdir().expect("cache dir");
    let warm = options(cache.path());
    assert!(load(Input::File(&file), &warm).result.is_ok());
    group.bench_with_input(BenchmarkId::new("warm", n), &file, |b, file| {
        b.iter(|| {
            let loaded = load(Input::File(file), &warm);
            assert!(loaded.result.is_ok());
        });
    });
    group.finish();

    let mut group = c.benchmark_group("viewer_open");
    if n >= 10_000 {
        group.sample_size(10);
    }
    group.bench_with_input(BenchmarkId::new("cold", n), &file, |b, file| {
        b.iter_batched(
            || tempfile::tempdir().expect("cache dir"),
            |cache| {
                let loaded = reload(Input::File(file), &options(cache.path()), None);
                assert!(matches!(loaded.result, Ok(Change::Loaded(_))));
                cache
            },
            BatchSize::PerIteration,
        );
    });
    // What the first frame waits for, then what the load thread does after it.
    group.bench_with_input(BenchmarkId::new("warm", n), &file, |b, file| {
        b.iter(|| {
            let loaded = reload(Input::File(file), &warm, None);
            assert!(matches!(loaded.result, Ok(Change::Loaded(_))));
            loaded
        });
    });
    group.bench_with_input(BenchmarkId::new("warm_prepared", n), &file, |b, file| {
        b.iter(|| {
            let loaded = reload(Input::File(file), &warm, None);
            assert!(matches!(loaded.result, Ok(Change::Loaded(_))));
            let mut next = loaded.next.expect("a reloadable");
            assert!(next.prepare());
            next
        });
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    for n in suite::sizes() {
        bench_size(c, n);
    }
}

criterion_group!(snapshot, benches);
criterion_main!(snapshot);
