//! Arbitrary bytes into the TimelineJS importer, read as JSON and as the sheet's CSV: it must
//! return a chronology that loads, or an error, never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::import::{Format, import};
use sourceline::{Input, LoadOptions, MemorySources, load};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Json, Format::Csv] {
        if let Ok(imported) = import("fuzz", data, format) {
            // The importer checks its own output; a second load must agree.
            assert!(
                load(
                    Input::text("fuzz.yaml", &imported.yaml, &MemorySources(&[])),
                    &LoadOptions::default()
                )
                .result
                .is_ok()
            );
        }
    }
});
