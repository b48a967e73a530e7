//! Completion, hover, go to definition, references and the outline.

use lsp_types::{
    CompletionParams, CompletionResponse, DocumentSymbolParams, DocumentSymbolResponse,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, Location, ReferenceParams,
};

use super::analysis::Analysis;

pub fn completion(_a: &Analysis, _p: &CompletionParams) -> Option<CompletionResponse> {
    None
}

pub fn hover(_a: &Analysis, _p: &HoverParams) -> Option<Hover> {
    None
}

pub fn definition(_a: &Analysis, _p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    None
}

pub fn references(_a: &Analysis, _p: &ReferenceParams) -> Option<Vec<Location>> {
    None
}

pub fn symbols(_a: &Analysis, _p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    None
}
