//! The actors and tags a reader asks for by name (`--actor`, `--tag`), and the events `list`
//! prints and an export writes.
//!
//! Names are what a reader types; a [`Filter`] holds indices into one chronology. So the names
//! are kept, and resolved against each chronology as it loads: the viewer resolves them once
//! its background load ends, `list` and `export` right after theirs.

use std::fmt;

use super::{Filter, SearchIndex};
use crate::model::{Chronology, EventIx};
use crate::text::sanitize;

/// Actor ids and tags, as the reader wrote them (any of them passes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub actors: Vec<String>,
    pub tags: Vec<String>,
}

/// A name the chronology does not know, with the ones it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unknown {
    Actor { id: String, valid: Vec<String> },
    Tag { tag: String, in_use: Vec<String> },
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Actor { id, valid } => unknown("actor id", id, "valid ids", valid),
            Self::Tag { tag, in_use } => unknown("tag", tag, "tags in use", in_use),
        };
        f.write_str(&text)
    }
}

/// `unknown tag "sport"; did you mean "sports"? other tags in use: …`, sanitised: the name
/// most likely meant first, then a handful of the others.
fn unknown(what: &str, typed: &str, valid: &str, names: &[String]) -> String {
    use std::fmt::Write as _;
    let ranking = crate::text::nearby::Ranking::of(typed, names.iter().map(String::as_str));
    let near = ranking.nearby(None);
    let mut out = format!("unknown {what} \"{typed}\"; ");
    out.push_str(&near.did_you_mean(|n| format!("\"{n}\"")));
    let _ = match near.listed(str::to_string) {
        Some(listed) if near.meant.is_some() => write!(out, "other {valid}: {listed}"),
        Some(listed) => write!(out, "{valid}: {listed}"),
        None if near.meant.is_some() => Ok(()),
        None => write!(out, "there are no {valid}"),
    };
    sanitize(out.trim_end()).into_owned()
}

impl std::error::Error for Unknown {}

impl Wanted {
    /// The filter these names make in `chronology`.
    ///
    /// # Errors
    /// The first name it does not know.
    pub fn resolve(&self, chronology: &Chronology) -> Result<Filter, Unknown> {
        let mut filter = Filter::default();
        for id in &self.actors {
            let Some(ix) = chronology.actors.iter().position(|a| &a.id == id) else {
                return Err(Unknown::Actor {
                    id: id.clone(),
                    valid: chronology.actors.iter().map(|a| a.id.clone()).collect(),
                });
            };
            filter.actors.push(ix);
        }
        for tag in &self.tags {
            let Some(ix) = chronology.tag_index(tag) else {
                return Err(Unknown::Tag {
                    tag: tag.clone(),
                    in_use: chronology.tags.clone(),
                });
            };
            filter.tags.push(ix);
        }
        Ok(filter)
    }
}

/// The events `list` prints and an export writes: those the filter shows, then only the drafts
/// (`drafts_only`) and only those matching `grep`, as `/` matches. One function, so that the
/// two commands always choose alike.
pub fn choose(
    chronology: &Chronology,
    filter: &Filter,
    drafts_only: bool,
    grep: Option<&str>,
) -> Vec<EventIx> {
    let mut events = filter.apply(chronology);
    if drafts_only {
        events.retain(|&e| chronology.events[e].draft);
    }
    if let Some(text) = grep {
        let hits = SearchIndex::build(chronology).matching(text);
        events.retain(|e| hits.binary_search(e).is_ok());
    }
    events
}
