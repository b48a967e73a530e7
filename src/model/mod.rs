//! The chronology as plain data: what the loader produces and every other layer reads.
//!
//! Nothing here does I/O or knows about YAML or terminals. References between entities are
//! resolved to indices at load time, so the viewer never looks an id up by string, and a
//! `Chronology` is immutable once built: filters and selections are index vectors held elsewhere.

mod date;

use std::ops::Range;

pub use date::{Date, DateError, Point, Precision};

/// Index of an event in [`Chronology::events`] (which is in chronological order).
pub type EventIx = usize;
/// Index of an actor in [`Chronology::actors`].
pub type ActorIx = usize;
/// Index of a source in [`Chronology::sources`].
pub type SourceIx = usize;
/// Index of a tag in [`Chronology::tags`].
pub type TagIx = usize;

/// A validated chronology: events sorted by date, every reference resolved, every quote anchored.
#[derive(Clone, Debug, Default)]
pub struct Chronology {
    pub title: String,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    /// Every tag in use, sorted. Events refer to tags by index, so a tag filter over 100,000
    /// events compares numbers instead of following a pointer to each event's strings.
    pub tags: Vec<String>,
    /// Sorted by [`Date::sort_key`], ties in file order.
    pub events: Vec<Event>,
    /// Per source, every citation of it in text order: built once by
    /// [`Chronology::index_passages`] so the viewer can mark and follow passages without scanning
    /// all events.
    pub passages: Vec<Vec<CitationRef>>,
    /// Per source, the longest cited passage in bytes: bounds how far back a passage that
    /// overlaps a given point can start, so finding the passages in view is a binary search.
    pub longest_passage: Vec<usize>,
}

/// A document that events cite, with its full text loaded so passages can be shown in place.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<Date>,
    /// The path as written in the chronology file, for messages.
    pub path: String,
    pub text: String,
}

/// Someone or something that acts in events: a state, an armed group, a person.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
}

/// One dated claim, backed by at least one citation.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub actors: Vec<ActorIx>,
    pub summary: Option<String>,
    pub tags: Vec<TagIx>,
    pub related: Vec<EventIx>,
    pub citations: Vec<Citation>,
    /// Marked `draft: true`: the author's to-do list. A draft may lack citations and a date
    /// (it is then undated); `check --strict` refuses drafts for publishing.
    pub draft: bool,
}

/// A passage of a source that supports an event, located once at load time.
#[derive(Clone, Debug)]
pub struct Citation {
    pub source: SourceIx,
    /// The quote as the author typed it (it may differ from the source in quote marks, dashes
    /// and white space; `range` is the passage as it stands in the source).
    pub quote: String,
    pub prefix: Option<String>,
    pub note: Option<String>,
    /// Byte range of the passage in [`Source::text`]; always on `char` boundaries.
    pub range: Range<usize>,
}

/// Where a passage is cited from: the event and the index of the citation in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitationRef {
    pub event: EventIx,
    pub citation: usize,
}

impl Chronology {
    /// Builds [`Chronology::passages`]; call after events are final.
    pub fn index_passages(&mut self) {
        // Sorted with their ranges beside them: looking each range up through its event while
        // sorting would chase a pointer per comparison.
        let mut keyed: Vec<Vec<(usize, usize, CitationRef)>> = vec![Vec::new(); self.sources.len()];
        for (event, e) in self.events.iter().enumerate() {
            for (citation, c) in e.citations.iter().enumerate() {
                if let Some(list) = keyed.get_mut(c.source) {
                    list.push((c.range.start, c.range.end, CitationRef { event, citation }));
                }
            }
        }
        for list in &mut keyed {
            list.sort_unstable();
        }
        self.longest_passage = keyed
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&(start, end, _)| end.saturating_sub(start))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        self.passages = keyed
            .into_iter()
            .map(|list| list.into_iter().map(|(_, _, r)| r).collect())
            .collect();
    }

    /// The citations of `source` whose passages overlap `window`, in text order. Costs a binary
    /// search and the passages near the window, however many the source has.
    pub fn passages_in(&self, source: SourceIx, window: Range<usize>) -> &[CitationRef] {
        let list = self.passages_of(source);
        let reach = self.longest_passage.get(source).copied().unwrap_or(0);
        let start_of = |r: &CitationRef| self.citation(*r).map_or(0, |c| c.range.start);
        let from = list.partition_point(|r| start_of(r) + reach < window.start);
        let to = list.partition_point(|r| start_of(r) < window.end).max(from);
        &list[from..to]
    }

    /// Every citation of a source, in text order.
    pub fn passages_of(&self, source: SourceIx) -> &[CitationRef] {
        self.passages.get(source).map_or(&[], Vec::as_slice)
    }

    pub fn citation(&self, r: CitationRef) -> Option<&Citation> {
        self.events.get(r.event)?.citations.get(r.citation)
    }

    /// Number of citations across all events.
    pub fn citation_count(&self) -> usize {
        self.events.iter().map(|e| e.citations.len()).sum()
    }

    /// The tag called `name`, if any event has it.
    pub fn tag_index(&self, name: &str) -> Option<TagIx> {
        self.tags.binary_search_by(|t| t.as_str().cmp(name)).ok()
    }

    /// Tag names of an event, in the order the file gives them.
    pub fn tag_names(&self, event: &Event) -> Vec<&str> {
        event
            .tags
            .iter()
            .filter_map(|&t| self.tags.get(t).map(String::as_str))
            .collect()
    }

    /// Actor names of an event, in the order the file gives them.
    pub fn actor_names(&self, event: &Event) -> Vec<&str> {
        event
            .actors
            .iter()
            .filter_map(|&a| self.actors.get(a).map(|a| a.name.as_str()))
            .collect()
    }
}
