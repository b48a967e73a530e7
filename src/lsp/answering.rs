//! Which analysis answers a request. The worker sends a check's diagnostics first and makes its
//! YAML trees after (as long again as the check: seconds at 100,000 events), and requests are
//! answered from trees. Until the latest analysis has them, the last one with a tree stands in,
//! as it does during the check itself: hover, completion, definition, references and the outline read
//! the trees one edit behind, as they do while the author types. A code action cannot: its
//! edits are made against the text the analysis read, and only the latest's matches the
//! diagnostics the editor shows, so it waits for the latest's trees.

use std::sync::Arc;

use lsp_types::request::{CodeActionRequest, Request as _};

use super::analysis::Analysis;

/// What a request is answered from.
pub enum Answerer<'a> {
    /// This analysis, or none (the document is not checked yet: the empty answer).
    Now(Option<&'a Arc<Analysis>>),
    /// The latest analysis, once its trees are made.
    Later,
}

/// The answerer of a `method` request about a document whose latest analysis is `latest` and
/// whose previous one, kept while the latest's trees are made, is `standing_in`.
pub fn answerer<'a>(
    method: &str,
    latest: Option<&'a Arc<Analysis>>,
    standing_in: Option<&'a Arc<Analysis>>,
) -> Answerer<'a> {
    match latest {
        Some(latest) if !latest.has_trees() => match standing_in {
            Some(previous) if method != CodeActionRequest::METHOD && previous.tree().is_some() => {
                Answerer::Now(Some(previous))
            }
            _ => Answerer::Later,
        },
        latest => Answerer::Now(latest),
    }
}

/// Any request's document, read without knowing the request.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Addressed {
    text_document: Option<lsp_types::TextDocumentIdentifier>,
    text_document_position: Option<lsp_types::TextDocumentPositionParams>,
}

impl Addressed {
    pub fn uri(&self) -> &str {
        let document = self.text_document.as_ref().or(self
            .text_document_position
            .as_ref()
            .map(|p| &p.text_document));
        document.map_or("", |d| d.uri.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use lsp_types::request::{Completion, HoverRequest};

    use super::*;
    use crate::lsp::analysis::analyze;

    fn analysis(version: i32, trees: bool) -> Arc<Analysis> {
        let path = Path::new("/nonexistent/c.yaml");
        let a = analyze(path, version, Arc::new("title: T\n".into()), None);
        if trees {
            a.make_trees(None, false);
        }
        Arc::new(a)
    }

    /// An analysis whose tree was skipped (a newer text was waiting), one stood in for.
    fn skipped(version: i32, lent: &Analysis) -> Arc<Analysis> {
        let path = Path::new("/nonexistent/c.yaml");
        let a = analyze(path, version, Arc::new("title: T\n".into()), Some(lent));
        a.make_trees(Some(lent), true);
        Arc::new(a)
    }

    fn version(a: &Answerer<'_>) -> Option<i32> {
        match a {
            Answerer::Now(a) => a.map(|a| a.version),
            Answerer::Later => Some(-1),
        }
    }

    #[test]
    fn the_previous_analysis_answers_until_the_latest_has_its_trees_except_code_actions() {
        let (old, new, done) = (analysis(1, true), analysis(2, false), analysis(2, true));
        for method in [HoverRequest::METHOD, Completion::METHOD] {
            assert_eq!(version(&answerer(method, Some(&new), Some(&old))), Some(1));
            assert_eq!(version(&answerer(method, Some(&done), Some(&old))), Some(2));
            // Nothing to stand in (the first check of a document): wait.
            assert_eq!(version(&answerer(method, Some(&new), None)), Some(-1));
            assert_eq!(version(&answerer(method, None, None)), None);
        }
        // One whose tree was skipped has none to answer from.
        let (new, skipped) = (analysis(3, false), skipped(2, &old));
        assert!(skipped.has_trees() && skipped.tree().is_none());
        assert_eq!(
            version(&answerer(HoverRequest::METHOD, Some(&new), Some(&skipped))),
            Some(-1)
        );
        let fix = CodeActionRequest::METHOD;
        assert_eq!(version(&answerer(fix, Some(&new), Some(&old))), Some(-1));
        assert_eq!(version(&answerer(fix, Some(&done), Some(&old))), Some(2));
    }
}
