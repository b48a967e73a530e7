//! Checks a PDF's structure for the loops and blow-ups the text reader would follow forever.
//!
//! `pdf-extract` recurses without a guard: up the page tree for inherited resources (a page
//! whose `/Parent` leads back to itself overflows the stack, which aborts the process, beyond
//! any `catch_unwind`), and into each drawing a page draws (`Do` on a form `XObject`; one that
//! draws itself never ends; one that draws another twice, thirty levels deep, draws a billion
//! times). So before it runs, the same walk is made here with limits, memoised so that it
//! costs the document once.

use std::collections::{BTreeMap, HashMap, HashSet};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

use crate::extract::ExtractError;
use crate::extract::limits::{MAX_PDF_DRAWN_BYTES, MAX_PDF_FORM_DEPTH, MAX_PDF_FORM_DRAWS};

/// Deepest page tree followed up from a page (real trees are a few levels deep).
const MAX_TREE_DEPTH: usize = 64;

fn malformed(reason: impl Into<String>) -> ExtractError {
    ExtractError::Malformed {
        reason: reason.into(),
    }
}

/// What drawing a page costs the reader: drawings drawn and bytes of drawing commands read.
#[derive(Default, Clone, Copy)]
struct Cost {
    draws: usize,
    bytes: usize,
}

struct Walk<'a> {
    doc: &'a Document,
    stack: Vec<ObjectId>,
    total: Cost,
    /// The cost of drawing a form with given resources, once known.
    memo: HashMap<(ObjectId, usize), Cost>,
}

/// Checks every page of `doc` (`pages` as `get_pages` gives them).
pub(super) fn check(doc: &Document, pages: &BTreeMap<u32, ObjectId>) -> Result<(), ExtractError> {
    let mut walk = Walk {
        doc,
        stack: Vec::new(),
        total: Cost::default(),
        memo: HashMap::new(),
    };
    for (&number, &id) in pages {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let resources = inherited_resources(doc, page, number)?;
        let content = doc.get_page_content(id).unwrap_or_default();
        let empty = Dictionary::new();
        walk.draw(&content, resources.unwrap_or(&empty))?;
    }
    Ok(())
}

/// The page's resources, its own or the nearest ancestor's, following `/Parent` with a guard.
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    number: u32,
) -> Result<Option<&'a Dictionary>, ExtractError> {
    let mut seen = HashSet::new();
    let mut node = page;
    let mut found = None;
    for _ in 0..MAX_TREE_DEPTH {
        if found.is_none()
            && let Ok(r) = node.get(b"Resources")
        {
            found = doc.dereference(r).ok().and_then(|(_, o)| o.as_dict().ok());
        }
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
            return Ok(found);
        };
        if !seen.insert(parent) {
            return Err(malformed(format!(
                "the page tree loops above page {number}"
            )));
        }
        let Ok(next) = doc.get_dictionary(parent) else {
            return Ok(found);
        };
        node = next;
    }
    Err(malformed(format!(
        "the page tree above page {number} is deeper than {MAX_TREE_DEPTH} levels"
    )))
}

impl Walk<'_> {
    /// Follows the drawings `content` draws with `resources`, adding their cost.
    fn draw(&mut self, content: &[u8], resources: &Dictionary) -> Result<(), ExtractError> {
        self.add(Cost {
            draws: 0,
            bytes: content.len(),
        })?;
        let Ok(content) = Content::decode(content) else {
            return Ok(());
        };
        let xobjects = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        for op in content.operations.iter().filter(|op| op.operator == "Do") {
            let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                continue;
            };
            let Some(id) = xobjects
                .and_then(|x| x.get(name).ok())
                .and_then(|o| o.as_reference().ok())
            else {
                continue;
            };
            self.form(id, resources)?;
        }
        Ok(())
    }

    /// Draws form `id`, called from a drawing whose resources are `outer`.
    fn form(&mut self, id: ObjectId, outer: &Dictionary) -> Result<(), ExtractError> {
        let doc = self.doc;
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if self.stack.contains(&id) {
            return Err(malformed(format!("drawing {} {} draws itself", id.0, id.1)));
        }
        if self.stack.len() >= MAX_PDF_FORM_DEPTH {
            return Err(malformed(format!(
                "drawings nest deeper than {MAX_PDF_FORM_DEPTH} levels"
            )));
        }
        let resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .unwrap_or(outer);
        let key = (id, std::ptr::from_ref(resources) as usize);
        if let Some(&cost) = self.memo.get(&key) {
            return self.add(cost);
        }
        let before = self.total;
        self.add(Cost { draws: 1, bytes: 0 })?;
        self.stack.push(id);
        let drawn = self.draw(&stream.content, resources);
        self.stack.pop();
        drawn?;
        let cost = Cost {
            draws: self.total.draws - before.draws,
            bytes: self.total.bytes - before.bytes,
        };
        self.memo.insert(key, cost);
        Ok(())
    }

    fn add(&mut self, cost: Cost) -> Result<(), ExtractError> {
        self.total.draws = self.total.draws.saturating_add(cost.draws);
        self.total.bytes = self.total.bytes.saturating_add(cost.bytes);
        if self.total.draws > MAX_PDF_FORM_DRAWS {
            return Err(malformed(format!(
                "its pages draw more than {MAX_PDF_FORM_DRAWS} drawings"
            )));
        }
        if self.total.bytes > MAX_PDF_DRAWN_BYTES {
            return Err(ExtractError::Expands {
                limit: MAX_PDF_DRAWN_BYTES,
            });
        }
        Ok(())
    }
}
