//! HTML pages through html5ever, the parser Servo uses: the same tree a browser builds (a
//! misnested tag, an unclosed `<p>`, a `<table>` with stray text all end where a browser puts
//! them), every character reference decoded once by the parser, and from the tree the text a
//! reader sees (`render`). Markup, scripts, styles, comments and attribute values never reach
//! the reader text, so a quote that exists only there is not found.
//!
//! Where each piece of text came from is found by walking the page alongside the parser
//! (`locate`), because html5ever reports lines, not offsets, and reports them at the end of a
//! token.

mod dom;
pub(super) mod fragment;
mod locate;
pub(super) mod meta;
mod parse;
mod render;

use super::decode::{self, Decoded};
use super::{ExtractError, Extracted, Format, Origin, Run, check_size, limits};

/// Reads an HTML page.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    check_size(bytes, limits::MAX_HTML_BYTES, Format::Html)?;
    let page = decode::decode(bytes);
    let tree = parse::parse(&page);
    let reader = render::render(&tree, &page.text, limits::MAX_TEXT_BYTES).ok_or(
        ExtractError::TextTooLarge {
            limit: limits::MAX_TEXT_BYTES,
        },
    )?;
    drop(tree);
    let runs = original_runs(&reader.runs, &page);
    Ok(Extracted {
        format: Format::Html,
        text: reader.text,
        origin: Origin::Runs {
            runs,
            exact: page.exact,
        },
        pages: Vec::new(),
        textless: Vec::new(),
        joins: Vec::new(),
        encoding: page.encoding.name(),
        original_len: bytes.len(),
    })
}

/// The runs with their decoded offsets turned into the file's bytes and lines.
fn original_runs(runs: &[render::DecodedRun], page: &Decoded) -> Vec<Run> {
    runs.iter()
        .map(|&(reader, at)| {
            let (original, line) = page.original(at as usize);
            Run {
                reader,
                original: u32::try_from(original).unwrap_or(u32::MAX),
                line: u32::try_from(line).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
