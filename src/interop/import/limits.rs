//! Limits for reading untrusted TimelineJS files, as named constants (the loader's are in
//! `load::limits`). Each is far above what TimelineJS itself can show, so only a file made to
//! hurt the reader meets one, and the error names the limit.

/// Largest file read (bytes). Knight Lab's examples are 6 to 12 KB; 10,000 slides of a
/// paragraph each are about 5 MB. At this size an import, checked, takes about a second.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of JSON objects and lists; the format needs 4 (`events[].media.url`).
pub const MAX_DEPTH: usize = 32;
/// Most slides (or sheet rows) read. TimelineJS advises a few dozen and slows down past a few
/// hundred, so no timeline made for it comes near; an import of this many takes about half a
/// second, a file of ten times as many is refused in about as long (it must be parsed to be
/// counted).
pub const MAX_SLIDES: usize = 10_000;
/// Longest text of one field or cell (bytes): the loader's limit for one value, so whatever is
/// imported also loads.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// Most columns in a sheet; the template has 18.
pub const MAX_COLUMNS: usize = 256;
