//! The extraction suite: how fast a source is turned into reader text, against poppler's
//! `pdftotext` on the same PDFs (the external process timed whole, as a user would run it).
//!
//! `extract/html_news_1mb`: a 1 MB page made of tests/data/html/traps.html's article repeated
//! (markup, entities, scripts and comments in the proportions of a news page).
//! `extract/html_scripts_1mb`: the same with tests/data/html/scripts.html (five scripts).
//! `extract/pdf_paper` and `extract/pdftotext_paper`: tests/data/pdf/paper.pdf (3 pages, two
//! columns, ligatures). `extract/pdf_latex_*` and `extract/pdftotext_latex_*`: LaTeX PDFs that
//! Debian ships (`libtasn1-doc`, `shared-mime-info`), when installed.
//!
//! `reopen/…`: what reading a source costs when a chronology is opened again, each from the file
//! on disk as the loader reads it. A 300-page report PDF (`support/report_pdf.rs`, printed by
//! headless Chromium once into `target/bench-data/`; skipped with a note when Chromium is
//! missing) extracted cold, through a warm cache (`extract_cached`: hashing the PDF, reading and
//! checking the entry), and a text file holding the same reader text; `reopen/key_pdf_300` is
//! the hashing alone, `reopen/pdf_300_warm_keyed` a hit with the key known (a loader that
//! hashed the file to check its `sha256:`). The 1 MB news page cold and warm likewise.
//!
//! `cargo bench --bench extract`; BENCHMARKS.md records a run.

#[path = "support/report_pdf.rs"]
mod report_pdf;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use sourceline::extract::{Cache, CacheKey, Format, extract, extract_cached, extract_keyed};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// A page of about `size` bytes: `page`'s body repeated inside one document.
fn big_page(page: &str, size: usize) -> Vec<u8> {
    let body_start = page.find("<body>").map_or(0, |b| b + "<body>".len());
    let body_end = page.rfind("</body>").unwrap_or(page.len());
    let (head, body, tail) = (
        &page[..body_start],
        &page[body_start..body_end],
        &page[body_end..],
    );
    let mut out = String::from(head);
    while out.len() < size {
        out.push_str(body);
    }
    out.push_str(tail);
    out.into_bytes()
}

fn pdftotext_available() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

fn extraction(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for (name, file) in [
        ("html_news_1mb", "traps.html"),
        ("html_scripts_1mb", "scripts.html"),
    ] {
        let page = std::fs::read_to_string(Path::new(DATA).join("html").join(file)).unwrap();
        let bytes = big_page(&page, 1 << 20);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| extract(black_box(&bytes), Format::Html).unwrap());
        });
    }
    let mut pdfs = vec![("paper".to_owned(), Path::new(DATA).join("pdf/paper.pdf"))];
    for (name, path) in [
        ("latex_libtasn1", "/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
        (
            "latex_mime_spec",
            "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
        ),
    ] {
        if Path::new(path).exists() {
            pdfs.push((name.to_owned(), path.into()));
        }
    }
    let poppler = pdftotext_available();
    if !poppler {
        eprintln!("note: pdftotext not installed: its figures are skipped");
    }
    for (name, path) in pdfs {
        let bytes = std::fs::read(&path).unwrap();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("pdf_{name}"), |b| {
            b.iter(|| extract(black_box(&bytes), Format::Pdf).unwrap());
        });
        if poppler {
            group.bench_function(format!("pdftotext_{name}"), |b| {
                b.iter(|| {
                    let out = Command::new("pdftotext")
                        .arg(&path)
                        .arg("-")
                        .output()
                        .unwrap();
                    assert!(out.status.success());
                    black_box(out.stdout)
                });
            });
        }
    }
    group.finish();
}

/// Reopening: cold extraction, a cache hit, and plain text of the same size, each read from disk.
fn reopening(c: &mut Criterion) {
    let mut group = c.benchmark_group("reopen");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::in_folder(tmp.path().join("cache"));

    let page = std::fs::read_to_string(Path::new(DATA).join("html/traps.html")).unwrap();
    let html = tmp.path().join("news.html");
    std::fs::write(&html, big_page(&page, 1 << 20)).unwrap();
    group.bench_function("html_news_1mb_cold", |b| {
        b.iter(|| extract(&std::fs::read(&html).unwrap(), Format::Html).unwrap());
    });
    extract_cached(&std::fs::read(&html).unwrap(), Format::Html, Some(&cache)).unwrap();
    group.bench_function("html_news_1mb_warm", |b| {
        b.iter(|| {
            extract_cached(&std::fs::read(&html).unwrap(), Format::Html, Some(&cache)).unwrap()
        });
    });

    let Some(pdf) = report_pdf::report_pdf() else {
        group.finish();
        return;
    };
    let fresh = extract(&std::fs::read(&pdf).unwrap(), Format::Pdf).unwrap();
    let text = tmp.path().join("report.txt");
    std::fs::write(&text, fresh.text()).unwrap();
    extract_cached(&std::fs::read(&pdf).unwrap(), Format::Pdf, Some(&cache)).unwrap();
    group.bench_function("pdf_300_warm", |b| {
        b.iter(|| {
            extract_cached(&std::fs::read(&pdf).unwrap(), Format::Pdf, Some(&cache)).unwrap()
        });
    });
    let key = CacheKey::new(&std::fs::read(&pdf).unwrap(), Format::Pdf);
    group.bench_function("pdf_300_warm_keyed", |b| {
        b.iter(|| extract_keyed(&std::fs::read(&pdf).unwrap(), &key, Some(&cache)).unwrap());
    });
    group.bench_function("text_same_size", |b| {
        b.iter(|| extract(&std::fs::read(&text).unwrap(), Format::Text).unwrap());
    });
    let bytes = std::fs::read(&pdf).unwrap();
    group.bench_function("key_pdf_300", |b| {
        b.iter(|| CacheKey::new(black_box(&bytes), Format::Pdf));
    });
    if pdftotext_available() {
        group.bench_function("pdftotext_300", |b| {
            b.iter(|| {
                let out = Command::new("pdftotext")
                    .arg(&pdf)
                    .arg("-")
                    .output()
                    .unwrap();
                assert!(out.status.success());
                black_box(out.stdout)
            });
        });
    }
    group.bench_function("pdf_300_cold", |b| {
        b.iter(|| extract(&std::fs::read(&pdf).unwrap(), Format::Pdf).unwrap());
    });
    group.finish();
}

criterion_group!(benches, extraction, reopening);
criterion_main!(benches);
