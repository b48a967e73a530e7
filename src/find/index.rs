//! Event search: which events mention a text, ignoring case, accents and typographic variants.
//!
//! Every event's searchable text (title, summary, actor names and aliases, tags, quotes, notes)
//! is folded once (when the viewer starts, or once for `list --grep`) into a few strings, one
//! per core that folded them; a query is then a `memmem` scan of each, with matches mapped back
//! to events by binary search. A keystroke in the search prompt costs one pass over the folded
//! text, never a re-fold of the chronology.

use memchr::memmem;

use crate::model::{Chronology, EventIx};
use crate::text::{Fold, fold_needle, fold_text};

/// Fewer events than this a thread are folded on one: starting a thread would cost more.
const MIN_RUN: usize = 2048;

/// Separates events in the folded text; folded queries never contain it.
const SEPARATOR: char = '\u{0}';

/// The folded searchable text of all events, in runs of consecutive events (one per thread
/// that folded them: joining them would copy the whole text once more while memory peaks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    runs: Vec<Run>,
}

/// The folded text of consecutive events, from event `first` on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Run {
    first: EventIx,
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

    /// The index of `chronology`, a reload of the one `old` indexes in which event `i` was
    /// event `from[i]` (`None`: changed, or new): the text of every event kept is copied from
    /// `old`, only the others are folded. The same index as [`SearchIndex::build`]'s, in a
    /// fraction of the time (folding 100,000 events costs more than a reload may take).
    pub fn rebuilt(old: &SearchIndex, chronology: &Chronology, from: &[Option<usize>]) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::rebuilt_in(old, chronology, from, threads.min(8), MIN_RUN)
    }

    fn rebuilt_in(
        old: &SearchIndex,
        chronology: &Chronology,
        from: &[Option<usize>],
        threads: usize,
        min_run: usize,
    ) -> Self {
        let kept = |i: usize| from.get(i).copied().flatten().and_then(|p| old.text_of(p));
        Self::runs_of(chronology, threads, min_run, &kept)
    }

    /// Event `i`'s folded text, its separator included.
    fn text_of(&self, i: EventIx) -> Option<&str> {
        let run = self.runs.partition_point(|r| r.first <= i).checked_sub(1)?;
        let run = &self.runs[run];
        let k = i - run.first;
        let start = *run.starts.get(k)?;
        let end = run.starts.get(k + 1).copied().unwrap_or(run.text.len());
        run.text.get(start..end)
    }

    /// [`SearchIndex::build`] in at most `threads` runs of at least `min_run` events each, each
    /// folded on its own thread.
    fn build_in(chronology: &Chronology, threads: usize, min_run: usize) -> Self {
        Self::runs_of(chronology, threads, min_run, &|_| None)
    }

    /// The runs, each event's text taken from `kept` when it has it, else folded.
    fn runs_of<'k>(
        chronology: &Chronology,
        threads: usize,
        min_run: usize,
        kept: &(dyn Fn(usize) -> Option<&'k str> + Sync),
    ) -> Self {
        let events = &chronology.events;
        let runs = threads.min(events.len() / min_run.max(1)).max(1);
        if runs == 1 {
            return Self {
                runs: vec![Run::build(chronology, 0..events.len(), kept)],
            };
        }
        let per_run = events.len().div_ceil(runs);
        let runs = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..events.len())
                .step_by(per_run)
                .map(|from| {
                    let to = (from + per_run).min(events.len());
                    scope.spawn(move || Run::build(chronology, from..to, kept))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        Self { runs }
    }

    /// Events whose text contains the query, in chronology order. An empty query matches none.
    pub fn matching(&self, query: &str) -> Vec<EventIx> {
        let needle = normalize_query(query);
        if needle.is_empty() {
            return Vec::new();
        }
        let finder = memmem::Finder::new(needle.as_bytes());
        let mut events = Vec::new();
        for run in &self.runs {
            run.matching(&finder, &mut events);
        }
        events
    }
}

impl Run {
    /// The folded text of the events in `range`, taken from `kept` for the events it has.
    fn build<'k>(
        chronology: &Chronology,
        range: std::ops::Range<usize>,
        kept: &(dyn Fn(usize) -> Option<&'k str> + Sync),
    ) -> Self {
        let first = range.start;
        let mut text = String::new();
        let mut starts = Vec::with_capacity(range.len());
        let add = |text: &mut String, part: &str| {
            text.push_str(&fold_text(part, Fold::SEARCH));
            text.push('\n');
        };
        for (i, event) in range.clone().zip(&chronology.events[range]) {
            starts.push(text.len());
            if let Some(kept) = kept(i) {
                text.push_str(kept);
                continue;
            }
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
        Self {
            first,
            text,
            starts,
        }
    }

    /// Adds the events of this run whose text `finder` finds to `events`, one hit per event.
    fn matching(&self, finder: &memmem::Finder<'_>, events: &mut Vec<EventIx>) {
        let haystack = self.text.as_bytes();
        let mut from = 0;
        while let Some(found) = finder.find(&haystack[from..]) {
            let at = from + found;
            let event = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
            events.push(self.first + event);
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
        assert_eq!(one.runs.len(), 1);
        let queries = [
            "iran", "the", "strike", "e", "zzz", "\u{2019}", "2020", "olive",
        ];
        for (threads, min_run) in [(2, 1), (3, 1), (5, 2), (8, 1), (64, 1)] {
            let runs = SearchIndex::build_in(&c, threads, min_run);
            assert!(runs.runs.len() > 1);
            let joined: String = runs.runs.iter().map(|r| r.text.as_str()).collect();
            assert_eq!(joined, one.runs[0].text);
            for q in queries {
                assert_eq!(runs.matching(q), one.matching(q), "{q} in {threads} runs");
            }
        }
        assert_eq!(SearchIndex::build(&c), one, "a small chronology is one run");
        // The fold without origins is the fold with them.
        let title = &c.events[0].title;
        assert_eq!(
            fold_text(title, Fold::SEARCH),
            crate::text::fold(title, Fold::SEARCH).text
        );
        assert_eq!(one.runs[0].starts.len(), c.events.len());
        assert!(!one.matching("iran").is_empty());
    }

    #[test]
    fn an_index_rebuilt_from_the_last_is_the_index_built_afresh() {
        let c = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        let old = SearchIndex::build_in(&c, 3, 1);
        // Event 4 retitled, and the order reversed: each kept event's text is found where it
        // was.
        let mut new = c.clone();
        new.events[4].title = "An entirely new title, zyzzyva".into();
        new.events.reverse();
        let n = new.events.len();
        let from: Vec<Option<usize>> = (0..n)
            .map(|i| Some(n - 1 - i).filter(|&p| p != 4))
            .collect();
        for (threads, min_run) in [(1, 1), (2, 1), (5, 2)] {
            assert_eq!(
                SearchIndex::rebuilt_in(&old, &new, &from, threads, min_run),
                SearchIndex::build_in(&new, threads, min_run),
                "{threads} threads"
            );
        }
        assert_eq!(
            SearchIndex::rebuilt(&old, &new, &from)
                .matching("olive")
                .len(),
            1
        );
        // Wrong origins would show: the retitled event's old text is not its new one.
        let stale: Vec<Option<usize>> = (0..n).map(|i| Some(n - 1 - i)).collect();
        assert_ne!(
            SearchIndex::rebuilt_in(&old, &new, &stale, 1, 1),
            SearchIndex::build_in(&new, 1, 1)
        );
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
