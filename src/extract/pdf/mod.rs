//! PDFs: the text layer, page by page, in reading order, through `pdf-extract` (over lopdf).
//!
//! Why `pdf-extract`: of the maintained crates compared on this project's test PDFs (README,
//! "PDF sources"), it recovered the most of what a reader quotes once ligatures are expanded
//! and line-end hyphens joined, reading two-column pages column by column; `pdf_oxide` sorts
//! glyphs by position and so mixes two columns in one line; lopdf's own `extract_text` drops
//! ligature glyphs and some scripts. Its `OutputDev` hands over each glyph with its position,
//! so the lines are laid out here (`layout`).
//!
//! The crate trusts its input (it unwraps and recurses), so around it: the file's size and
//! page count are limited; every stream is decompressed here within limits before it reads
//! them (`inflate`); the page tree and the drawings pages draw are walked first for loops and
//! blow-ups (`structure`); and all of it runs inside [`panic_guard::catch`], so a panic is an
//! error value. Should the whole document fail, each page is read on its own, so one damaged
//! page costs only its own text.

mod actual_text;
mod bidi;
mod inflate;
pub(super) mod info;
mod layout;
mod repair;
mod structure;

use pdf_extract::Document;

use super::panic_guard;
use super::{ExtractError, Extracted, Format, Origin, check_size, limits};
use layout::Layout;

/// Reads a PDF's text layer.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    check_size(bytes, limits::MAX_PDF_BYTES, Format::Pdf)?;
    let head = &bytes[..bytes.len().min(limits::SNIFF_BYTES + 8)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(ExtractError::Malformed {
            reason: "no `%PDF-` header: this is not a PDF".into(),
        });
    }
    inflate::prescan(bytes)?;
    panic_guard::catch(|| read(bytes)).map_err(|reason| ExtractError::ReaderFailed { reason })?
}

fn read(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| load_error(&e))?;
    if doc.is_encrypted() {
        // Files locked only against editing open with the empty password, as in any viewer.
        doc.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    let pages = doc.get_pages();
    if pages.len() > limits::MAX_PDF_PAGES {
        return Err(ExtractError::TooManyPages {
            pages: pages.len(),
            limit: limits::MAX_PDF_PAGES,
        });
    }
    if pages.is_empty() {
        return Err(ExtractError::Malformed {
            reason: "it has no pages".into(),
        });
    }
    inflate::expand_all(&mut doc)?;
    structure::check(&doc, &pages)?;
    repair::fix_media_boxes(&mut doc, &pages);
    repair::fix_widths(&mut doc);
    let spans = actual_text::mark_spans(&mut doc);

    let mut layout = Layout::new(limits::MAX_TEXT_BYTES, spans);
    let whole = panic_guard::catch(|| pdf_extract::output_doc(&doc, &mut layout));
    if layout.over_limit {
        return Err(too_much_text());
    }
    if !matches!(whole, Ok(Ok(()))) {
        layout = page_by_page(&doc, &pages, layout.restart(), whole)?;
    }
    let joins = super::joins::hyphen_joins(&layout.text);
    Ok(Extracted {
        format: Format::Pdf,
        text: layout.text,
        origin: Origin::None,
        pages: layout.pages,
        textless: layout.textless,
        joins,
        encoding: "PDF",
        original_len: bytes.len(),
    })
}

/// Reads each page on its own after the whole document failed: a page that fails is left
/// without text. Fails only when every page does.
fn page_by_page(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, pdf_extract::ObjectId>,
    mut layout: Layout,
    whole: Result<Result<(), pdf_extract::OutputError>, String>,
) -> Result<Layout, ExtractError> {
    let mut read_any = false;
    for &number in pages.keys() {
        let page = panic_guard::catch(|| pdf_extract::output_doc_page(doc, &mut layout, number));
        if layout.over_limit {
            return Err(too_much_text());
        }
        if matches!(page, Ok(Ok(()))) {
            read_any = true;
        } else {
            layout.abandon_page(number);
        }
    }
    if read_any {
        return Ok(layout);
    }
    Err(match whole {
        Err(panic) => ExtractError::ReaderFailed { reason: panic },
        Ok(Err(e)) => ExtractError::ReaderFailed {
            reason: e.to_string(),
        },
        Ok(Ok(())) => ExtractError::ReaderFailed {
            reason: "no page could be read".into(),
        },
    })
}

fn too_much_text() -> ExtractError {
    ExtractError::TextTooLarge {
        limit: limits::MAX_TEXT_BYTES,
    }
}

/// lopdf's refusal as a problem: a password is `Encrypted`, the rest is damage.
fn load_error(e: &pdf_extract::Error) -> ExtractError {
    match e {
        pdf_extract::Error::Decryption(_) => ExtractError::Encrypted,
        other => ExtractError::Malformed {
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
