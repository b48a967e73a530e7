//! Arbitrary bytes read for their metadata as a web page and as a PDF (seed the corpus with
//! tests/data): never a panic, a hang or unbounded memory; every text one safe line within its
//! limit, every date one a chronology accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::extract::limits::MAX_METADATA_BYTES;
use sourceline::extract::{Format, metadata};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Html, Format::Pdf] {
        let m = metadata(data, format);
        for text in [&m.title, &m.publisher].into_iter().flatten() {
            assert!(!text.is_empty() && text.len() <= MAX_METADATA_BYTES);
            assert!(!text.chars().any(sourceline::text::is_unsafe), "{text:?}");
            assert!(!text.contains("  ") && text.trim() == text, "{text:?}");
        }
        if let Some(date) = &m.date {
            let shape = date.len() == 4 || date.len() == 7 || date.len() == 10;
            assert!(shape && date.bytes().all(|b| b.is_ascii_digit() || b == b'-'), "{date:?}");
        }
    }
});
