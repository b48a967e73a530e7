//! Arbitrary bytes read as an HTML page: a reader text or an error, never a panic, a hang or
//! unbounded memory; every part of the text maps back inside the file, to a line of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourceline::extract::{Format, extract};

fuzz_target!(|data: &[u8]| {
    let Ok(e) = extract(data, Format::Html) else {
        return;
    };
    let text = e.text();
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count();
    for (at, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
        if let Some(offset) = e.original_offset(at) {
            assert!(offset <= data.len(), "offset {offset} past the file");
        }
        if let Some(line) = e.original_line(at) {
            assert!((1..=lines).contains(&line), "line {line} of {lines}");
        }
    }
});
