//! Compares PDF text extraction on the PDFs of tests/data/pdf: for each candidate, how many of
//! the quotes a reader would copy (tests/data/pdf-quotes.tsv) its text holds, and how fast it
//! is. `cargo run --release -- ../../tests/data` from this folder; the README records a run.
//!
//! Every output is normalised the same way before matching, as anchoring will: NFKC (so a
//! ligature is its letters), soft hyphens and bidi controls dropped, a hyphen that ends a line
//! between letters joined, white space collapsed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;

type Extractor = fn(&[u8], &Path) -> Result<String, String>;

fn pdftotext(_: &[u8], path: &Path) -> Result<String, String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn pdf_extract(bytes: &[u8], _: &Path) -> Result<String, String> {
    let bytes = bytes.to_vec();
    std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&bytes))
        .map_err(|_| "panicked".to_owned())?
        .map_err(|e| e.to_string())
}

fn pdf_oxide(bytes: &[u8], _: &Path) -> Result<String, String> {
    let bytes = bytes.to_vec();
    std::panic::catch_unwind(move || {
        let doc = pdf_oxide::PdfDocument::from_bytes(bytes).map_err(|e| e.to_string())?;
        let pages = doc.page_count().map_err(|e| e.to_string())?;
        let mut text = String::new();
        for i in 0..pages {
            text.push_str(&doc.extract_text(i).map_err(|e| e.to_string())?);
            text.push('\n');
        }
        Ok(text)
    })
    .map_err(|_| "panicked".to_owned())?
}

fn lopdf(bytes: &[u8], _: &Path) -> Result<String, String> {
    let bytes = bytes.to_vec();
    std::panic::catch_unwind(move || {
        let doc = lopdf::Document::load_mem(&bytes).map_err(|e| e.to_string())?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).map_err(|e| e.to_string())
    })
    .map_err(|_| "panicked".to_owned())?
}

fn sourceline(bytes: &[u8], _: &Path) -> Result<String, String> {
    sourceline::extract::extract(bytes, sourceline::extract::Format::Pdf)
        .map(|e| {
            let mut text = e.text().to_owned();
            // Apply the recorded joins as anchoring will.
            for &j in e.hyphen_joins().iter().rev() {
                let end = text[j..].find('\n').map_or(text.len(), |p| j + p + 1);
                text.replace_range(j..end, "");
            }
            text
        })
        .map_err(|e| e.to_string())
}

fn normalize(text: &str) -> String {
    let text: String = text
        .nfkc()
        .filter(|c| {
            !matches!(c, '\u{AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '-' | '\u{2010}') && i > 0 && chars[i - 1].is_alphabetic() {
            let mut j = i + 1;
            let mut newline = false;
            while j < chars.len() && chars[j].is_whitespace() {
                newline |= chars[j] == '\n';
                j += 1;
            }
            if newline && chars.get(j).is_some_and(|c| c.is_alphabetic()) {
                i = j;
                continue;
            }
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.trim().to_owned()
}

/// The share of `reference`'s words (letters and digits only) that `text` also has, counted
/// with multiplicity.
fn word_recall(reference: &str, text: &str) -> f64 {
    use std::collections::HashMap;
    let words = |t: &str| -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for w in normalize(t).split(' ') {
            let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            if !w.is_empty() {
                *m.entry(w).or_insert(0) += 1;
            }
        }
        m
    };
    let (r, t) = (words(reference), words(text));
    let total: usize = r.values().sum();
    let found: usize = r.iter().map(|(w, n)| (*n).min(t.get(w).copied().unwrap_or(0))).sum();
    #[allow(clippy::cast_precision_loss)]
    let share = found as f64 / total.max(1) as f64;
    share
}

fn main() {
    let data = std::env::args().nth(1).unwrap_or_else(|| "../../tests/data".into());
    let extra: Vec<String> = std::env::args().skip(2).collect();
    let data = Path::new(&data);
    let quotes = std::fs::read_to_string(data.join("pdf-quotes.tsv")).expect("pdf-quotes.tsv");
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in quotes.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.splitn(3, '\t');
        let (Some(file), Some(_page), Some(quote)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        by_file.entry(file.to_owned()).or_default().push(normalize(quote));
    }
    let others = ["scanned.pdf", "truncated.pdf", "encrypted.pdf"];
    let candidates: [(&str, Extractor); 5] = [
        ("pdftotext (poppler)", pdftotext),
        ("pdf-extract 0.12", pdf_extract),
        ("pdf_oxide 0.3", pdf_oxide),
        ("lopdf 0.47 extract_text", lopdf),
        ("sourceline (pdf-extract + own layout)", sourceline),
    ];
    println!("| extractor | quotes found | per file | time, all files (best of 5) | failures |");
    println!("|---|---|---|---|---|");
    for (name, extract) in candidates {
        let mut found = 0;
        let mut total = 0;
        let mut per_file = Vec::new();
        let mut best = Duration::MAX;
        let mut failures = Vec::new();
        for round in 0..5 {
            let start = Instant::now();
            for (file, quotes) in &by_file {
                let path = data.join("pdf").join(file);
                let bytes = std::fs::read(&path).expect("pdf");
                let text = extract(&bytes, &path);
                if round > 0 {
                    continue;
                }
                let text = match text {
                    Ok(t) => normalize(&t),
                    Err(e) => {
                        failures.push(format!("{file}: {e}"));
                        String::new()
                    }
                };
                let hits = quotes.iter().filter(|q| text.contains(q.as_str())).count();
                if std::env::var_os("SHOW_MISSES").is_some() {
                    for q in quotes.iter().filter(|q| !text.contains(q.as_str())) {
                        eprintln!("{name} misses in {file}: {q}");
                    }
                }
                found += hits;
                total += quotes.len();
                per_file.push(format!("{file} {hits}/{}", quotes.len()));
            }
            best = best.min(start.elapsed());
        }
        for file in others {
            let path = data.join("pdf").join(file);
            let bytes = std::fs::read(&path).expect("pdf");
            match extract(&bytes, &path) {
                Ok(t) if t.trim().is_empty() => failures.push(format!("{file}: no text")),
                Ok(t) => failures.push(format!("{file}: {} bytes of text", t.trim().len())),
                Err(e) => failures.push(format!("{file}: error ({})", e.lines().next().unwrap_or(""))),
            }
        }
        println!(
            "| {name} | {found}/{total} | {} | {:.1} ms | {} |",
            per_file.join(", "),
            best.as_secs_f64() * 1000.0,
            failures.join("; ")
        );
    }

    if extra.is_empty() {
        return;
    }
    println!();
    println!("| extractor | {} |", extra.iter().map(|p| Path::new(p).file_name().unwrap().to_string_lossy().into_owned()).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---|".repeat(extra.len()));
    let references: Vec<String> = extra
        .iter()
        .map(|p| pdftotext(&[], Path::new(p)).unwrap_or_default())
        .collect();
    for (name, extract) in candidates {
        let mut cells = Vec::new();
        for (path, reference) in extra.iter().zip(&references) {
            let bytes = std::fs::read(path).expect("pdf");
            let mut best = Duration::MAX;
            let mut text = Err(String::new());
            for _ in 0..3 {
                let start = Instant::now();
                text = extract(&bytes, Path::new(path));
                best = best.min(start.elapsed());
            }
            cells.push(match text {
                Ok(t) => format!(
                    "{:.1}% of poppler's words, {:.1} ms",
                    100.0 * word_recall(reference, &t),
                    best.as_secs_f64() * 1000.0
                ),
                Err(e) => format!("error: {}", e.lines().next().unwrap_or("")),
            });
        }
        println!("| {name} | {} |", cells.join(" | "));
    }
}

