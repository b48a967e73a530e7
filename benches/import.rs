//! `sourceline import` on files made to hurt the reader, the speed claims its tests used to
//! assert with a clock (tests check only what comes out):
//!
//! - `import/hostile_html/SHAPE/N`: one slide whose text is an unclosed tag, attribute value,
//!   script or comment (or a bare `<` or `&`) repeated N times, at N = 25,000 and 100,000. The
//!   reading is linear when the larger costs about four times the smaller.
//! - `import/refuse_100k_slides_json` and `import/refuse_100k_rows_csv`: a file of ten times
//!   the slide limit, refused (it must be parsed to be counted).
//! - `import/one_headline_10k`: the limit of 10,000 slides, all with one headline, so every id
//!   after the first is numbered (each in one try, not one per earlier slide).
//!
//! `cargo bench --bench import -- --warm-up-time 1 --measurement-time 3`; BENCHMARKS.md records
//! a run.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use sourceline::import::{Format, import, limits::MAX_SLIDES};

const SHAPES: [(&str, &str); 5] = [
    ("lt", "<"),
    ("open_attribute", "<a href=\""),
    ("script", "<script>"),
    ("amp", "&"),
    ("comment", "<!--"),
];

/// A TimelineJS file of one slide whose text is `html`.
fn one_slide(html: &str) -> Vec<u8> {
    json!({"events": [{"start_date": {"year": 2001}, "text": {"headline": "Hostile", "text": html}}]})
        .to_string()
        .into_bytes()
}

fn hostile_html(c: &mut Criterion) {
    let mut group = c.benchmark_group("import/hostile_html");
    group.measurement_time(Duration::from_secs(5));
    for (name, piece) in SHAPES {
        for n in [25_000, 100_000] {
            let file = one_slide(&piece.repeat(n));
            group.throughput(Throughput::Bytes(file.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &file, |b, file| {
                b.iter(|| import("h.json", black_box(file), Format::Json).expect("imports"));
            });
        }
    }
    group.finish();
}

fn limits(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    let slide = json!({"start_date": {"year": "2001"}, "text": {"headline": "Same"}});
    let many = json!({"events": vec![slide.clone(); 10 * MAX_SLIDES]})
        .to_string()
        .into_bytes();
    group.bench_function("refuse_100k_slides_json", |b| {
        b.iter(|| import("m.json", black_box(&many), Format::Json).expect_err("refused"));
    });
    let rows = format!("Year,Headline\n{}", "2001,Same\n".repeat(10 * MAX_SLIDES)).into_bytes();
    group.bench_function("refuse_100k_rows_csv", |b| {
        b.iter(|| import("m.csv", black_box(&rows), Format::Csv).expect_err("refused"));
    });
    let full = json!({"events": vec![slide; MAX_SLIDES]})
        .to_string()
        .into_bytes();
    group.bench_function("one_headline_10k", |b| {
        b.iter(|| {
            let imported = import("f.json", black_box(&full), Format::Json).expect("imports");
            assert_eq!(imported.events, MAX_SLIDES);
        });
    });
    group.finish();
}

criterion_group!(benches, hostile_html, limits);
criterion_main!(benches);
