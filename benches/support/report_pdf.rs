//! A 300-page PDF report for the reopening benchmark and `examples/extract_file.rs`: generated
//! HTML (a heading and about 330 words of prose per page, a forced page break after each)
//! printed by headless Chromium, as tests/data/README.md prints the test PDFs. Built once into
//! `target/bench-data/` and reused; `None`, with a note on stderr, when Chromium is missing or
//! fails.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pages in the report.
pub const PAGES: usize = 300;

const WORDS: &[&str] = &[
    "the",
    "committee",
    "reported",
    "that",
    "regional",
    "authorities",
    "had",
    "received",
    "additional",
    "funding",
    "for",
    "infrastructure",
    "during",
    "fiscal",
    "year",
    "while",
    "several",
    "agencies",
    "questioned",
    "whether",
    "oversight",
    "was",
    "sufficient",
    "and",
    "recommended",
    "independent",
    "review",
    "of",
    "procurement",
    "records",
    "in",
    "each",
    "district",
    "where",
    "contracts",
    "exceeded",
    "their",
    "original",
    "estimates",
    "by",
    "more",
    "than",
    "ten",
    "percent",
    "officials",
    "stated",
    "findings",
    "would",
    "be",
    "published",
    "after",
    "consultation",
    "with",
    "stakeholders",
    "including",
    "local",
    "councils",
    "international",
    "observers",
    "affected",
    "communities",
];

/// The report's HTML: deterministic, plain Latin text (the measure is the PDF path's cost,
/// not a script's).
pub fn report_html() -> String {
    let mut html = String::from(
        "<!doctype html><html><head><meta charset=utf-8><style>\
         body{font:11pt 'DejaVu Serif',serif;margin:0}\
         section{break-after:page;page-break-after:always}\
         @page{size:A4;margin:2cm}</style></head><body>\n",
    );
    let mut n = 7usize;
    for page in 1..=PAGES {
        let _ = write!(html, "<section><h2>Section {page}</h2>");
        for _ in 0..3 {
            html.push_str("<p>");
            for w in 0..110 {
                n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345) % (1 << 31);
                let word = WORDS[(n >> 8) % WORDS.len()];
                if w == 0 {
                    let mut c = word.chars();
                    let first = c.next().unwrap().to_ascii_uppercase();
                    let _ = write!(html, "{first}{}", c.as_str());
                } else {
                    html.push(' ');
                    html.push_str(word);
                }
                if w % 17 == 16 {
                    html.push('.');
                    if w < 109 {
                        n = n.wrapping_mul(69_069).wrapping_add(1) % (1 << 31);
                    }
                }
            }
            html.push_str(".</p>");
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body></html>\n");
    html
}

/// The report as a PDF, built on first use into `target/bench-data/report-300.pdf`.
pub fn report_pdf() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let pdf = dir.join(format!("report-{PAGES}.pdf"));
    if pdf.exists() {
        return Some(pdf);
    }
    std::fs::create_dir_all(&dir).ok()?;
    let html = dir.join(format!("report-{PAGES}.html"));
    std::fs::write(&html, report_html()).ok()?;
    let partial = dir.join(format!("report-{PAGES}.pdf.part"));
    let printed = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|browser| {
            Command::new(browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                ])
                .arg(format!("--print-to-pdf={}", partial.display()))
                .arg(&html)
                .output()
                .ok()
        });
    match printed {
        Some(out) if out.status.success() && partial.exists() => {
            std::fs::rename(&partial, &pdf).ok()?;
            Some(pdf)
        }
        Some(out) => {
            eprintln!(
                "note: chromium could not print the {PAGES}-page report ({}): its figures are skipped",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            );
            None
        }
        None => {
            eprintln!(
                "note: chromium is not installed: the {PAGES}-page report's figures are skipped"
            );
            None
        }
    }
}
