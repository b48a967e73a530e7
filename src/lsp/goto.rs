//! Go to definition (an id to its entry, a quote to its passage in the source file) and
//! references (every place an actor, source or event is named).

use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, Position, Range, ReferenceParams, Uri,
};

use super::analysis::{Analysis, Snapshot};
use super::cursor;
use super::lookup::{self, Target};
use super::position::LineIndex;
use super::uri;
use crate::model::Format;

pub fn definition(s: &Snapshot<'_>, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = &p.text_document_position_params;
    let (target, _) = target(s.analysis, at.position)?;
    let location = match target {
        Target::Quote { event, citation } => passage(s.analysis, event, citation)?,
        Target::Actor(_) | Target::Source(_) | Target::Event(_) => {
            let (section, id) = target.entry()?;
            let node = lookup::definition(s.analysis.tree()?, section, id)?;
            let index = s.analysis.line_index();
            Location::new(
                at.text_document.uri.clone(),
                index.range(node.start..node.end),
            )
        }
        Target::Tag(_) | Target::Date(_) => return None,
    };
    Some(GotoDefinitionResponse::Scalar(location))
}

pub fn references(s: &Snapshot<'_>, p: &ReferenceParams) -> Option<Vec<Location>> {
    let at = &p.text_document_position;
    let (target, _) = target(s.analysis, at.position)?;
    let tree = s.analysis.tree()?;
    let index = s.analysis.line_index();
    let uri: &Uri = &at.text_document.uri;
    let found = lookup::uses(tree, &target, p.context.include_declaration);
    Some(
        found
            .into_iter()
            .map(|n| Location::new(uri.clone(), index.range(n.start..n.end)))
            .collect(),
    )
}

/// What is at `position` of the analysed text, and its byte offset.
fn target(a: &Analysis, position: Position) -> Option<(Target, usize)> {
    let tree = a.tree()?;
    let offset = a.line_index().offset(position);
    let at = cursor::at(tree, offset)?;
    Some((lookup::target(&at)?, offset))
}

/// The passage a quote anchors to, in its source file: at its line and column in a text file,
/// at its line in a web page, at the top of a PDF.
fn passage(a: &Analysis, event: usize, citation: usize) -> Option<Location> {
    let tree = a.tree()?;
    let c = a.chronology.as_deref()?;
    let id = lookup::field(lookup::items(tree, "events").get(event)?, "id")?;
    let written = lookup::items(tree, "events")
        .get(event)?
        .get("citations")?
        .items()?
        .get(citation)?
        .get("quote")?
        .text()?;
    let cited = c
        .events
        .iter()
        .find(|e| e.id == id)?
        .citations
        .get(citation)
        .filter(|q| q.quote == written)?;
    let source = c.sources.get(cited.source)?;
    let file = a.base().join(&source.path);
    let range = match (source.format, cited.line) {
        (Format::Text, _) => {
            let index = LineIndex::new(&source.text);
            index.range(cited.range.clone())
        }
        (_, Some(line)) => {
            let at = Position::new(u32::try_from(line.saturating_sub(1)).ok()?, 0);
            Range::new(at, at)
        }
        _ => Range::default(),
    };
    Some(Location::new(uri::from_path(&file)?, range))
}
