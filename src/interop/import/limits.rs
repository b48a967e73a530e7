//! Limits for reading untrusted TimelineJS files, as named constants (the loader's are in
//! `load::limits`). Each is far above what TimelineJS itself can show, so only a file made to
//! hurt the reader meets one, and the error names the limit.

/// Largest file read (bytes). A 100,000-slide export of a chronology is about 60 MB.
pub const MAX_IMPORT_BYTES: usize = 128 * 1024 * 1024;
/// Deepest nesting of JSON objects and lists; the format needs 4 (`events[].media.url`).
pub const MAX_DEPTH: usize = 32;
/// Most slides (or sheet rows) read. TimelineJS itself slows down past a few hundred; this is
/// the scale sourceline is measured at.
pub const MAX_SLIDES: usize = 100_000;
/// Longest text of one field or cell (bytes): the loader's limit for one value, so whatever is
/// imported also loads.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// Most columns in a sheet; the template has 18.
pub const MAX_COLUMNS: usize = 256;
