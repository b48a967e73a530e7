//! Source documents as a reader sees them: plain text, web pages and PDFs turned into the text
//! a person reads and would copy a quote from, with the way back to the original file.
//!
//! Every format gives one [`Extracted`]: the reader text (what the source pane shows and quotes
//! anchor in), where each part of it came from in the original bytes (so a citation in an HTML
//! page knows its line, for `e` and `list --json`), and for a PDF the page each part is on and
//! the pages that have no text layer. The original bytes stay the file's own: `sha256:` covers
//! them, never the extracted text.
//!
//! The map back is lean on purpose: a source can be hundreds of megabytes and a `u32` per byte
//! would quadruple it. It is a sorted list of runs, one where the correspondence changes (a text
//! node, a line, a collapsed space), searched by binary search; inside a run the reader text and
//! the original advance together when the original is UTF-8.
//!
//! This module sits below `load` and imports nothing above it: `load` decides *which* file to
//! read and how far to trust it; this module only turns bytes into reader text, with every
//! limit a named constant in [`limits`] and every failure an [`ExtractError`] value.

pub(crate) mod cache;
mod decode;
mod html;
mod joins;
pub mod limits;
mod metadata;
mod origin;
mod panic_guard;
mod pdf;
mod text;

use std::path::Path;

pub use cache::{CACHE_SWITCH, Cache, CacheKey, extract_cached, extract_keyed};
pub use html::fragment::{Fragment, Piece};
pub use metadata::Metadata;
pub use origin::{Origin, Run};
pub use panic_guard::install_panic_filter;

/// How a source's bytes are read. A source may name it (`format: html`); otherwise
/// [`Format::detect`] decides from the file name and the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// UTF-8 text, shown as it is.
    #[default]
    Text,
    /// An HTML page: the text a browser shows, markup and scripts left out.
    Html,
    /// A PDF: the text layer, page by page.
    Pdf,
}

impl Format {
    /// The format a source names, as written in a chronology (`text`, `html`, `pdf`).
    pub fn from_label(label: &str) -> Option<Self> {
        match label.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Self::Text),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The label a chronology writes for this format.
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }

    /// The format of a file: its extension when that names HTML or PDF, else what its first
    /// bytes look like (`%PDF-`, `<!doctype html`, `<html`), else text.
    ///
    /// The extension wins because it is what the author chose; sniffing catches a page saved
    /// without one (`page`, `article.txt` from a browser's "save as").
    pub fn detect(path: &Path, bytes: &[u8]) -> Self {
        Self::from_extension(path).unwrap_or_else(|| Self::sniff(bytes))
    }

    /// The format a file's extension names, when it names HTML or PDF.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => Some(Self::Html),
            Some("pdf") => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The format the first bytes show, whatever the file is called.
    pub fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"%PDF-") {
            return Self::Pdf;
        }
        let head = &bytes[..bytes.len().min(limits::SNIFF_BYTES)];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        let starts_with_ci = |prefix: &[u8]| {
            head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
        };
        if starts_with_ci(b"<!doctype html") || starts_with_ci(b"<html") {
            return Self::Html;
        }
        // Only a header at the start counts: a PDF with junk before it is rare enough to need
        // its `.pdf` or `format: pdf`, and notes that mention `%PDF-` stay text.
        Self::Text
    }
}

/// A page of a PDF: where its text begins in the reader text, and its number (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// The page number as a reader counts (the first page is 1).
    pub number: u32,
    /// Where the page's text begins in the reader text; it ends where the next page begins.
    pub start: usize,
}

/// A source as a reader sees it. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    format: Format,
    text: String,
    origin: Origin,
    pages: Vec<Page>,
    textless: Vec<u32>,
    joins: Vec<usize>,
    encoding: &'static str,
    /// The original file's size: no offset maps past it.
    original_len: usize,
}

impl Extracted {
    /// The format the text was read as.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The reader text: what the source pane shows and quotes anchor in.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Gives the reader text up, for a caller that keeps only it.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Gives the reader text and its map back up, for a caller that shares the text (the
    /// loader hands one `Arc<String>` to every source naming the file) and still needs the
    /// original lines ([`Origin::line`] with that text).
    pub fn into_text_and_origin(self) -> (String, Origin) {
        (self.text, self.origin)
    }

    /// The way from reader text back to the original bytes.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The byte offset in the original file where the reader text at `at` came from: exact for
    /// text and UTF-8 pages, the start of the text node or line for other encodings, `None` for
    /// a PDF (its text lives in compressed streams; cite its page instead).
    pub fn original_offset(&self, at: usize) -> Option<usize> {
        self.origin
            .offset(&self.text, at)
            .map(|o| o.min(self.original_len))
    }

    /// The line (1-based) of the original file where the reader text at `at` came from; `None`
    /// for a PDF. For an HTML page it is the line where the text node holding `at` sits, so a
    /// passage's first byte gives the line where the passage begins.
    pub fn original_line(&self, at: usize) -> Option<usize> {
        self.origin.line(&self.text, at)
    }

    /// The pages of a PDF in order, each with where it begins in the reader text; empty for
    /// other formats. A source pane draws a divider at each `start` but the first.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The page number (1-based) the reader text at `at` is on; `None` for formats without
    /// pages.
    pub fn page_of(&self, at: usize) -> Option<u32> {
        let after = self.pages.partition_point(|p| p.start <= at);
        self.pages.get(after.checked_sub(1)?).map(|p| p.number)
    }

    /// The PDF pages that have no text at all (scanned pages, pictures): a quote on them cannot
    /// anchor until someone runs OCR over the file.
    pub fn textless_pages(&self) -> &[u32] {
        &self.textless
    }

    /// Reader offsets of hyphens (`-`, U+2010 or a soft hyphen) that end a line between two
    /// letters, in order: typesetting split a word there (`inter-`⏎`national`), so anchoring may
    /// match the quote `international` across it, as well as `inter-national`.
    pub fn hyphen_joins(&self) -> &[usize] {
        &self.joins
    }

    /// The character encoding the original was decoded from (`UTF-8`, `windows-1252` …), as
    /// the Encoding Standard names it; PDFs say `PDF`.
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }
}

/// Why a source could not be read as text. The `Display` text is the part after
/// `path: ` in a problem, lowercase, and says what to do.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The file is larger than the format's limit.
    #[error(
        "the {format} file is {size} bytes, more than the limit of {limit} bytes for {format} sources; cite a smaller file or an extract of it"
    )]
    TooLarge {
        format: &'static str,
        size: usize,
        limit: usize,
    },
    /// A text source that is not UTF-8.
    #[error(
        "not UTF-8 text (bad byte at offset {offset}); convert it (`iconv -t UTF-8`), or set `format: html` or `format: pdf` if that is what it is"
    )]
    NotUtf8 { offset: usize },
    /// The reader text would outgrow its limit.
    #[error(
        "the text read from this file outgrows the limit of {limit} bytes; cite a smaller file or an extract of it"
    )]
    TextTooLarge { limit: usize },
    /// The PDF asks for a password.
    #[error(
        "the PDF is encrypted; save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and cite that"
    )]
    Encrypted,
    /// The PDF has more pages than the limit.
    #[error(
        "the PDF has {pages} pages, more than the limit of {limit}; cite the pages you need as a smaller PDF (e.g. `qpdf --pages in.pdf 1-20 -- out.pdf`)"
    )]
    TooManyPages { pages: usize, limit: usize },
    /// The PDF's streams expand beyond the limit (a compression bomb, or a huge document).
    #[error(
        "the PDF's compressed streams expand beyond {limit} bytes; cite a smaller PDF or an extract of it"
    )]
    Expands { limit: usize },
    /// The PDF could not be read: cut short, corrupted, or not a PDF at all.
    #[error(
        "not a readable PDF ({reason}); the file may be cut short or damaged: download it again, or repair it (e.g. `qpdf in.pdf out.pdf`)"
    )]
    Malformed { reason: String },
    /// The PDF reader gave up on something in the file (the crate panicked; we caught it).
    #[error(
        "the PDF reader failed on this file ({reason}); repair or re-save it (e.g. `qpdf in.pdf out.pdf`) and cite that"
    )]
    ReaderFailed { reason: String },
}

/// The version of what extraction produces, part of every cache key ([`Cache`]).
///
/// Bump it in the same commit as any change that alters an [`Extracted`] for some input (the
/// reader text, runs, pages, textless pages, hyphen joins or encoding name): in `html`, `pdf`,
/// `decode`, `joins`, or an upgrade of html5ever, `pdf-extract`, lopdf or `encoding_rs`.
/// Entries written under another version are then never read again and age out of the cache.
/// `tests/extract_cache.rs` keeps a fingerprint of what extraction makes of `tests/data` per
/// version and fails, saying so, when the output moved but this number did not.
pub const EXTRACTOR_VERSION: u32 = 2;

/// Reads `bytes` as `format`.
///
/// # Errors
/// An [`ExtractError`] when the bytes cannot be read as that format within the limits.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
    match format {
        Format::Text => text::extract(bytes),
        Format::Html => html::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
    }
}

/// Parses a piece of HTML that goes inside a page (the text of an imported timeline slide) as a browser
/// parses `innerHTML`, to walk; see [`Fragment`].
pub fn html_fragment(html: &str) -> Fragment {
    html::fragment::fragment(html)
}

/// The part of `ExtractError` callers may want to show as a hint: whether the problem is the
/// file (damaged, encrypted, too big) rather than the reading of it.
impl ExtractError {
    /// A short name of the kind of problem, stable for tests and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too-large",
            Self::NotUtf8 { .. } => "not-utf8",
            Self::TextTooLarge { .. } => "text-too-large",
            Self::Encrypted => "encrypted",
            Self::TooManyPages { .. } => "too-many-pages",
            Self::Expands { .. } => "expands",
            Self::Malformed { .. } => "malformed",
            Self::ReaderFailed { .. } => "reader-failed",
        }
    }
}

/// Refuses `bytes` over `limit` for `format`.
fn check_size(bytes: &[u8], limit: usize, format: Format) -> Result<(), ExtractError> {
    if bytes.len() > limit {
        return Err(ExtractError::TooLarge {
            format: format.label(),
            size: bytes.len(),
            limit,
        });
    }
    Ok(())
}

/// The metadata of `bytes` read as `format` (title, publisher, date, for `source add`); a plain
/// text file has none. Each format's reader lives with its parser; this only chooses.
pub fn metadata(bytes: &[u8], format: Format) -> Metadata {
    match format {
        Format::Text => Metadata::default(),
        Format::Html => html::meta::metadata(bytes),
        Format::Pdf => pdf::info::metadata(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_wins_then_sniffing() {
        let p = |s: &str| Path::new(s).to_path_buf();
        assert_eq!(Format::detect(&p("a.HTML"), b"plain"), Format::Html);
        assert_eq!(Format::detect(&p("a.xhtml"), b""), Format::Html);
        assert_eq!(Format::detect(&p("a.pdf"), b"hello"), Format::Pdf);
        assert_eq!(Format::detect(&p("a.txt"), b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(
            Format::detect(&p("page"), b"\xEF\xBB\xBF\n  <!DOCTYPE HTML>"),
            Format::Html
        );
        assert_eq!(Format::detect(&p("page"), b"<Html lang=en>"), Format::Html);
        assert_eq!(
            Format::detect(&p("notes.txt"), b"the <html> tag"),
            Format::Text
        );
        assert_eq!(
            Format::detect(&p("notes"), b"a PDF starts with %PDF-1.4"),
            Format::Text
        );
        assert_eq!(Format::detect(&p("x"), b""), Format::Text);
    }

    #[test]
    fn labels_round_trip() {
        for f in [Format::Text, Format::Html, Format::Pdf] {
            assert_eq!(Format::from_label(f.label()), Some(f));
        }
        assert_eq!(Format::from_label(" HTML "), Some(Format::Html));
        assert_eq!(Format::from_label("docx"), None);
    }

    #[test]
    fn page_of_finds_the_page_by_offset() {
        let e = Extracted {
            format: Format::Pdf,
            text: "one\ntwo\nthree".into(),
            origin: Origin::None,
            pages: vec![
                Page {
                    number: 1,
                    start: 0,
                },
                Page {
                    number: 2,
                    start: 4,
                },
                Page {
                    number: 3,
                    start: 8,
                },
            ],
            textless: vec![],
            joins: vec![],
            encoding: "PDF",
            original_len: 0,
        };
        assert_eq!(e.page_of(0), Some(1));
        assert_eq!(e.page_of(3), Some(1));
        assert_eq!(e.page_of(4), Some(2));
        assert_eq!(e.page_of(100), Some(3));
        assert_eq!(e.original_line(0), None);
    }
}
