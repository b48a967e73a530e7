//! The limits on reading a source document, as named constants: the README's "Input limits"
//! lists them, and an error names the one that was hit.
//!
//! A source is untrusted like the chronology that names it. An HTML page costs the parser about
//! ten times its size in memory; a PDF can expand far beyond its size (a compressed stream may
//! inflate a thousandfold, a drawing may draw itself), so its limits bound what it may expand
//! to, not only what it weighs.

/// Largest HTML page read (bytes). The biggest news pages weigh a few megabytes, most of it
/// scripts.
pub const MAX_HTML_BYTES: usize = 64 * 1024 * 1024;

/// Largest PDF read (bytes). Long reports with pictures run to tens of megabytes.
pub const MAX_PDF_BYTES: usize = 128 * 1024 * 1024;

/// Most pages of a PDF read. A 2,000-page report is rare; a 100,000-page file is a trap.
pub const MAX_PDF_PAGES: usize = 10_000;

/// Largest reader text extracted from one source (bytes). Far more than any document holds
/// for a reader: a 1,000-page book is about 2 MB of text.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Largest size one decompressed PDF stream may reach (bytes). A page's drawing commands are
/// kilobytes, an embedded font a few megabytes.
pub const MAX_PDF_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Largest size all of a PDF's decompressed streams (except pictures, which are never
/// decompressed) may reach together (bytes).
pub const MAX_PDF_EXPANDED_BYTES: usize = 512 * 1024 * 1024;

/// Deepest nesting of drawings in drawings (PDF form `XObject`s) followed. Real files nest two or
/// three deep; a drawing that draws itself would nest forever.
pub const MAX_PDF_FORM_DEPTH: usize = 32;

/// Most drawings (PDF form `XObject`s) drawn in a whole document, counting each time one is
/// drawn. A drawing that draws another twice, thirty levels down, would be drawn a billion
/// times.
pub const MAX_PDF_FORM_DRAWS: usize = 100_000;

/// Most bytes of drawing commands read for a whole document, counting a drawing's commands
/// each time it is drawn.
pub const MAX_PDF_DRAWN_BYTES: usize = 256 * 1024 * 1024;

/// How many bytes of a file are looked at to tell its format, and how far an HTML page's
/// `<meta charset>` is searched for (the HTML standard's prescan looks at 1,024).
pub const SNIFF_BYTES: usize = 1024;

/// Largest plain-text source read (bytes): the loader's own limit for sources.
pub const MAX_PLAIN_BYTES: usize = 256 * 1024 * 1024;

/// Largest total size of the extraction cache's folder (bytes): past it the least recently used
/// entries are removed. A 300-page report's entry is about a megabyte.
pub const CACHE_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Most entries kept in the extraction cache's folder: past it the least recently used go.
/// Bounds the folder listing each write makes.
pub const CACHE_MAX_ENTRIES: usize = 10_000;

/// Largest extraction cache entry written or read (bytes). A bigger extraction is simply not
/// cached; a bigger file in the folder is not read.
pub const CACHE_MAX_ENTRY_BYTES: u64 = 128 * 1024 * 1024;

/// Longest metadata text kept (a title, a publisher), in bytes; longer is cut at a character
/// and marked `…`. Real titles run to a few hundred bytes; a page may put megabytes in a
/// `<title>`.
pub const MAX_METADATA_BYTES: usize = 1024;
