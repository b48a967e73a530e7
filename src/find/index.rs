//! Event search: which events mention a text, ignoring case, accents and typographic variants.
//!
//! Every event's searchable text (title, summary, actor names and aliases, tags, quotes, notes)
//! is folded once (when the viewer starts, or once for `list --grep`) into one string; a query
//! is then a single `memmem` scan of that string, with matches mapped back to events by binary
//! search. A keystroke in the search prompt costs one pass over the folded text, never a re-fold
//! of the chronology.

use memchr::memmem;

use crate::model::{Chronology, EventIx};
use crate::text::{Fold, fold_needle, fold_text};

/// Fewer events than this a thread are folded on one: starting a thread would cost more.
const MIN_RUN: usize = 2048;

/// Separates events in the folded text; folded queries never contain it.
const SEPARATOR: char = '\u{0}';

/// The folded searchable text of all events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    text: String,
    /// Byte offset where each event's text starts in `text`.
    starts: Vec<usize>,
}

impl SearchIndex {
    /// The index of every event, folded on every core: at 100,000 events the fold is most of
    /// what opening the viewer costs once the chronology is loaded.
    pub fn build(chronology: &Chronology) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::build_in(chronology, threads.min(8), MIN_RUN)
    }

    /// [`SearchIndex::build`] in at most `threads` runs of at least `min_run` events each, each
    /// folded on its own thread, then joined: the same index as one run gives.
    fn build_in(chronology: &Chronology, threads: usize, min_run: usize) -> Self {
        let events = &chronology.events;
        let runs = threads.min(events.len() / min_run.max(1)).max(1);
        if runs == 1 {
            return Self::build_run(chronology, 0..events.len());
        }
        let per_run = events.len().div_ceil(runs);
        let parts: Vec<Self> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..events.len())
                .step_by(per_run)
                .map(|from| {
                    let to = (from + per_run).min(events.len());
                    scope.spawn(move || Self::build_run(chronology, from..to))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut index = Self {
            text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
            starts: Vec::with_capacity(events.len()),
        };
        for part in parts {
            let base = index.text.len();
            index.starts.extend(part.starts.iter().map(|s| s + base));
            index.text.push_str(&part.text);
        }
        index
    }

    /// The index of the events in `range`, its offsets from the start of its own text.
    fn build_run(chronology: &Chronology, range: std::ops::Range<usize>) -> Self {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(range.len());
        let add = |text: &mut String, part: &str| {
            text.push_str(&fold_text(part, Fold::SEARCH));
            text.push('\n');
        };
        for event in &chronology.events[range] {
            starts.push(text.len());
            add(&mut text, &event.title);
            if let Some(summary) = &event.summary {
                add(&mut text, summary);
            }
            for &a in &event.actors {
                let actor = &chronology.actors[a];
                add(&mut text, &actor.name);
                for alias in &actor.aliases {
                    add(&mut text, alias);
                }
            }
            for &tag in &event.tags {
                add(&mut text, &chronology.tags[tag]);
            }
            for citation in &event.citations {
                add(&mut text, &citation.quote);
                if let Some(note) = &citation.note {
                    add(&mut text, note);
                }
            }
            text.push(SEPARATOR);
        }
        Self { text, starts }
    }

    /// Events whose text contains the query, in chronology order. An empty query matches none.
    pub fn matching(&self, query: &str) -> Vec<EventIx> {
        let needle = normalize_query(query);
        if needle.is_empty() {
            return Vec::new();
        }
        let finder = memmem::Finder::new(needle.as_bytes());
        let haystack = self.text.as_bytes();
        let mut events = Vec::new();
        let mut from = 0;
        while let Some(found) = finder.find(&haystack[from..]) {
            let at = from + found;
            let event = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
            events.push(event);
            // Skip to the next event: one hit per event is enough.
            from = self
                .starts
                .get(event + 1)
                .copied()
                .unwrap_or(haystack.len());
            if from >= haystack.len() {
                break;
            }
        }
        events
    }
}

/// A query as matched: folded like the index, trimmed, with no event separator in it.
pub fn normalize_query(query: &str) -> String {
    fold_needle(query, Fold::SEARCH).replace(SEPARATOR, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Input, LoadOptions, load};

    #[test]
    fn an_index_built_in_runs_is_the_index_built_in_one() {
        let c = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        let one = SearchIndex::build_in(&c, 1, 1);
        for (threads, min_run) in [(2, 1), (3, 1), (5, 2), (8, 1), (64, 1)] {
            assert_eq!(
                SearchIndex::build_in(&c, threads, min_run),
                one,
                "{threads}"
            );
        }
        assert_eq!(SearchIndex::build(&c), one);
        // The fold without origins is the fold with them.
        let title = &c.events[0].title;
        assert_eq!(
            fold_text(title, Fold::SEARCH),
            crate::text::fold(title, Fold::SEARCH).text
        );
        assert_eq!(one.starts.len(), c.events.len());
    }

    #[test]
    fn finds_events_by_any_field_ignoring_case_and_accents() {
        let c = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        let index = SearchIndex::build(&c);
        let ids = |q: &str| -> Vec<String> {
            index
                .matching(q)
                .into_iter()
                .map(|e| c.events[e].id.clone())
                .collect()
        };
        assert_eq!(ids("OLIVE"), ["alterman-olive-branch"]);
        assert_eq!(ids("olive branch"), ["alterman-olive-branch"]);
        assert!(
            ids("tehrān").len() > 3,
            "the alias Tehran matches Iran's events"
        );
        assert!(ids("kerman").contains(&"kerman-bombings".to_string()));
        assert_eq!(ids("\u{201C}this represents"), ["alterman-olive-branch"]);
        assert!(ids("").is_empty());
        assert!(ids("no such words anywhere").is_empty());
    }
}
