//! The text a PDF says its glyphs stand for (`/ActualText`), which `pdf-extract` ignores.
//!
//! A glyph need not map to characters one to one: a `Th` or `ft` ligature, a Thai vowel with
//! its tone mark, an Arabic lam-alef are one glyph for two characters, and some have no
//! Unicode mapping at all. Producers (Chromium, Word, LaTeX with accsupp) wrap such glyphs in
//! a marked-content span whose `/ActualText` holds the characters; poppler and every viewer's
//! copy use it. `pdf-extract` hands over only glyphs, so each such span is marked in the
//! drawing commands here, before it reads them, by a path it reports to the `OutputDev`: a
//! rectangle at x = [`MARK`] whose y says start or end and whose width is the span's number.
//! The layout then puts the span's text in place of its glyphs.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Document, Object, decode_text_string};

/// The x of a marking rectangle: no page is drawn there.
pub(super) const MARK: i32 = -32_123;
/// The y of a marking rectangle at a span's start, and at its end.
pub(super) const START: i32 = 1;
pub(super) const END: i32 = 2;

fn mark(kind: i32, index: usize) -> [Operation; 3] {
    let index = i64::try_from(index).unwrap_or(i64::MAX);
    [
        Operation::new("n", vec![]),
        Operation::new(
            "re",
            vec![
                Object::Integer(MARK.into()),
                Object::Integer(kind.into()),
                Object::Integer(index),
                Object::Integer(0),
            ],
        ),
        Operation::new("f", vec![]),
    ]
}

/// Marks every `/ActualText` span in `doc`'s (already decompressed) streams; returns the
/// spans' texts, numbered as marked.
pub(super) fn mark_spans(doc: &mut Document) -> Vec<String> {
    let mut texts = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.is_compressed() || memchr::memmem::find(&stream.content, b"/ActualText").is_none()
        {
            continue;
        }
        let Ok(content) = Content::decode(&stream.content) else {
            continue;
        };
        let mut out = Vec::with_capacity(content.operations.len() + 16);
        // For each open marked-content span: the index of its text, if it has one.
        let mut open: Vec<Option<usize>> = Vec::new();
        let mut changed = false;
        for op in content.operations {
            match op.operator.as_str() {
                "BMC" => open.push(None),
                "BDC" => {
                    let text = op
                        .operands
                        .get(1)
                        .and_then(|p| p.as_dict().ok())
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(|t| decode_text_string(t).ok());
                    // Only the outermost span counts: its text covers the inner glyphs.
                    let outermost = open.iter().all(Option::is_none);
                    match text {
                        Some(text) if outermost => {
                            texts.push(text);
                            out.extend(mark(START, texts.len() - 1));
                            open.push(Some(texts.len() - 1));
                            changed = true;
                        }
                        _ => open.push(None),
                    }
                }
                "EMC" => {
                    if let Some(Some(index)) = open.pop() {
                        out.push(op);
                        out.extend(mark(END, index));
                        continue;
                    }
                }
                _ => {}
            }
            out.push(op);
        }
        for index in open.into_iter().flatten() {
            out.extend(mark(END, index));
        }
        if changed && let Ok(encoded) = (Content { operations: out }).encode() {
            stream.set_plain_content(encoded);
        }
    }
    texts
}
