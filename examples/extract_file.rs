//! Reads source files as the loader will (`extract_cached`), for measuring by hand: time, and
//! peak memory under `/usr/bin/time -v` (BENCHMARKS.md, "Memory per source byte").
//!
//! ```sh
//! cargo build --release --example extract_file
//! target/release/examples/extract_file [--cache DIR] FILE…   # DIR: a cache folder, cold or warm
//! target/release/examples/extract_file --report             # builds the 300-page report PDF
//! ```
//!
//! For each file it prints the format, the file's size, the reader text's size, what the
//! extraction keeps in memory afterwards (text, runs, pages, joins) and the time taken.

#[path = "../benches/support/report_pdf.rs"]
mod report_pdf;

use std::path::PathBuf;
use std::time::Instant;

use sourceline::extract::{Cache, Extracted, Format, extract_cached};

/// What an extraction holds once made: the text and the lean maps beside it.
fn retained(e: &Extracted) -> usize {
    e.text().len()
        + e.origin().len() * size_of::<sourceline::extract::Run>()
        + size_of_val(e.pages())
        + size_of_val(e.textless_pages())
        + size_of_val(e.hyphen_joins())
}

#[allow(clippy::cast_precision_loss)] // ratios of sizes far below 2^52
fn main() {
    let mut args = std::env::args().skip(1);
    let mut cache = None;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--cache" => cache = args.next().map(Cache::in_folder),
            "--report" => match report_pdf::report_pdf() {
                Some(path) => println!("{}", path.display()),
                None => std::process::exit(1),
            },
            _ => files.push(PathBuf::from(arg)),
        }
    }
    for path in files {
        let started = Instant::now();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(2);
            }
        };
        let format = Format::detect(&path, &bytes);
        match extract_cached(&bytes, format, cache.as_ref()) {
            Ok(e) => println!(
                "{}: {} {} bytes -> text {} bytes, kept {} bytes ({:.2} per source byte), {} pages, {:.1} ms",
                path.display(),
                format.label(),
                bytes.len(),
                e.text().len(),
                retained(&e),
                retained(&e) as f64 / bytes.len().max(1) as f64,
                e.pages().len(),
                started.elapsed().as_secs_f64() * 1e3
            ),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(1);
            }
        }
    }
}
