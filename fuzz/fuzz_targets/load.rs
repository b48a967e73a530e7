//! Arbitrary bytes into the loader: it must return a chronology or problems, never panic, hang
//! or exhaust memory. The source documents are the embedded seed, so quotes can anchor.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::{Input, LoadOptions, MemorySources, load};

fuzz_target!(|data: &[u8]| {
    // The file reader refuses non-UTF-8 before parsing; the parser sees only text.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = load(
            Input::text(
                "fuzz.yaml",
                text,
                &MemorySources(sourceline::embedded::SOURCES),
            ),
            &LoadOptions::default(),
        )
        .result;
    }
});
