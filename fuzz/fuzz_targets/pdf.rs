//! Arbitrary bytes read as a PDF (seed the corpus with tests/data/pdf): a reader text or an
//! error, never a panic, a hang or unbounded memory; pages in order and inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::extract::{Format, extract};

fuzz_target!(|data: &[u8]| {
    let Ok(e) = extract(data, Format::Pdf) else {
        return;
    };
    let mut last = 0;
    for page in e.pages() {
        assert!(page.start >= last && page.start <= e.text().len());
        assert!(e.text().is_char_boundary(page.start));
        last = page.start;
    }
    for &j in e.hyphen_joins() {
        assert!(j < e.text().len());
    }
});
