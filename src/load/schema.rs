//! The YAML file's shape, mirrored as serde structs: the only place that knows serde-saphyr.
//!
//! Ids, dates and references are `Spanned` so a semantic problem found later (an unknown actor,
//! an impossible date) still points at the line and column of the offending value. Fields that
//! are required by the schema are still `Option` here: a missing title is reported by
//! validation, together with every other problem, instead of stopping the parse at the first.
//! Unknown fields are refused (`deny_unknown_fields`) so that a typo like `actor:` never passes
//! silently.

use serde::Deserialize;
use serde_saphyr::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDoc {
    pub title: Option<Text>,
    #[serde(default)]
    pub sources: Vec<Spanned<SourceDoc>>,
    #[serde(default)]
    pub actors: Vec<Spanned<ActorDoc>>,
    #[serde(default)]
    pub events: Vec<Spanned<EventDoc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub publisher: Option<Text>,
    #[serde(default)]
    pub authors: Vec<Text>,
    pub date: Option<Text>,
    pub path: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDoc {
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub kind: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDoc {
    pub id: Option<Text>,
    pub date: Option<Text>,
    pub title: Option<Text>,
    #[serde(default)]
    pub actors: Vec<Text>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub related: Vec<Text>,
    pub citations: Option<Spanned<Vec<Spanned<CitationDoc>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationDoc {
    pub source: Option<Text>,
    pub quote: Option<Text>,
    pub prefix: Option<Text>,
    pub note: Option<Text>,
}
