//! The outline: every event, by its title, with its date.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use super::analysis::Snapshot;
use super::lookup;

pub fn symbols(s: &Snapshot<'_>, _: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let a = s.analysis;
    let tree = a.tree()?;
    let index = a.line_index();
    let events = lookup::items(tree, "events")
        .iter()
        .map(|item| {
            let id = item.get("id");
            let name = lookup::field(item, "title")
                .or_else(|| id.and_then(crate::load::tree::Node::text))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "(untitled event)".into());
            let range = index.range(item.start..item.end);
            let selection = id.map_or(range, |n| index.range(n.start..n.end));
            #[allow(deprecated, reason = "`deprecated` is a required field of the struct")]
            DocumentSymbol {
                name: crate::text::sanitize(&name).into_owned(),
                detail: lookup::field(item, "date").map(|d| crate::text::sanitize(&d).into_owned()),
                kind: SymbolKind::EVENT,
                tags: None,
                deprecated: None,
                range,
                selection_range: selection,
                children: None,
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(events))
}
