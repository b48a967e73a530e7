//! A PDF's title and date from its Info dictionary (`/Title`, `/CreationDate`), loaded by the
//! same crate and behind the same guards as its text: the size limit, the header, the measure
//! of the streams lopdf inflates while loading, and a caught panic. A file locked against
//! editing only opens with the empty password, as in any viewer; one that needs a password
//! says nothing.
//!
//! Only the Info dictionary is read. The XMP packet (`/Metadata`, XML) often repeats it; no
//! kept crate of this project reads XML, and the printers sources come from (browsers, word
//! processors, LaTeX) all fill the Info dictionary.

use pdf_extract::{Document, Object};

use crate::extract::limits::{MAX_PDF_BYTES, SNIFF_BYTES};
use crate::extract::metadata::{Metadata, clean, pdf_date};
use crate::extract::panic_guard;

/// The metadata of a PDF; none for a file that cannot be opened.
pub(in crate::extract) fn metadata(bytes: &[u8]) -> Metadata {
    if bytes.len() > MAX_PDF_BYTES
        || memchr::memmem::find(&bytes[..bytes.len().min(SNIFF_BYTES + 8)], b"%PDF-").is_none()
        || super::inflate::prescan(bytes).is_err()
    {
        return Metadata::default();
    }
    panic_guard::catch(|| read(bytes))
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn read(bytes: &[u8]) -> Option<Metadata> {
    let mut doc = Document::load_mem(bytes).ok()?;
    if doc.is_encrypted() {
        doc.decrypt("").ok()?;
    }
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let info = info.as_dict().ok()?;
    let text = |key: &[u8]| {
        let value = info.get(key).ok()?;
        let (_, value) = doc.dereference(value).ok()?;
        text_string(value)
    };
    Some(Metadata {
        title: text(b"Title").as_deref().and_then(clean),
        publisher: None,
        date: text(b"CreationDate").as_deref().and_then(pdf_date),
    })
}

/// A PDF text string: UTF-16BE or UTF-8 after their byte-order marks, else `PDFDocEncoding`.
/// Bad sequences become U+FFFD rather than losing the whole string.
fn text_string(value: &Object) -> Option<String> {
    let bytes = value.as_str().ok()?;
    if let Some(utf16) = bytes.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(utf8) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(String::from_utf8_lossy(utf8).into_owned());
    }
    pdf_extract::decode_text_string(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/data/pdf/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// Chromium prints a page's `<title>` as the Title, and the time it printed as the
    /// `/CreationDate` (`pdfinfo` shows them).
    #[test]
    fn title_and_date_of_printed_pdfs() {
        let m = metadata(&data("paper.pdf"));
        assert_eq!(m.title.as_deref(), Some("Harbour traffic paper"));
        assert_eq!(m.date.as_deref(), Some("2026-12-04"));
        assert_eq!(m.publisher, None);
        assert_eq!(
            metadata(&data("scripts.pdf")).title.as_deref(),
            Some("Exam sheet")
        );
        // Locked against editing only: opens with the empty password.
        assert_eq!(
            metadata(&data("owner-only.pdf")).title.as_deref(),
            Some("mixed.html")
        );
    }

    #[test]
    fn unreadable_files_say_nothing() {
        for name in ["encrypted.pdf", "truncated.pdf"] {
            assert_eq!(metadata(&data(name)), Metadata::default(), "{name}");
        }
        assert_eq!(metadata(b"%PDF-1.7\n"), Metadata::default());
        assert_eq!(metadata(b"<html>"), Metadata::default());
    }

    #[test]
    fn text_strings_in_each_encoding() {
        let s = |b: &[u8]| text_string(&Object::string_literal(b.to_vec()));
        assert_eq!(s(b"\xFE\xFF\0H\0i\xD8\x3D").as_deref(), Some("Hi\u{FFFD}"));
        assert_eq!(s(b"\xEF\xBB\xBFcaf\xC3\xA9").as_deref(), Some("caf\u{E9}"));
        assert_eq!(s(b"\x84 plain").as_deref(), Some("\u{2014} plain"));
        assert_eq!(s(b"\xFE\xFF\0").as_deref(), Some("\u{0}"));
    }
}
