//! Event search: which events mention a text, ignoring case, accents and typographic variants.
//!
//! Every event's searchable text (title, summary, actor names and aliases, tags, quotes, notes)
//! is folded once (when the viewer starts, or once for `list --grep`) into a few strings, one
//! per core that folded them; a query is then a `memmem` scan of each, with matches mapped back
//! to events by binary search. A keystroke in the search prompt costs one pass over the folded
//! text, never a re-fold of the chronology.

use memchr::memmem;

use crate::model::{Chronology, EventIx};
use crate::text::{Fold, fold_needle, fold_text_onto};

/// Events per run. A run is folded whole by one thread, and on a reload kept whole (moved, not
/// copied) when none of its events changed or moved: 4,096 events are a few milliseconds of
/// folding and about 1.5 MB of folded text, so a save that changes one event of 100,000 folds
/// and copies one run, not the whole index.
const RUN: usize = 4096;

/// Separates events in the folded text; folded queries never contain it.
const SEPARATOR: char = '\u{0}';

/// The folded searchable text of the events, in runs of [`RUN`] consecutive events (joining
/// them would copy the whole text once more while memory peaks), from the first event on.
///
/// It may be incomplete: the viewer shows a chronology before its index is folded and folds it
/// a run at a time between keys ([`SearchIndex::advance`]), since folding 100,000 events takes
/// longer than the rest of opening them from the snapshot cache. A search folds the rest first
/// ([`SearchIndex::finish`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    runs: Vec<Run>,
    /// Events per run (always [`RUN`] but in tests).
    run_len: usize,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::with_run_len(RUN)
    }
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
    /// The index of every event, folded on every core.
    pub fn build(chronology: &Chronology) -> Self {
        let mut index = Self::default();
        index.finish(chronology);
        index
    }

    /// An index with nothing folded yet, to be folded by [`SearchIndex::advance`] or
    /// [`SearchIndex::finish`].
    #[must_use]
    pub fn pending() -> Self {
        Self::default()
    }

    fn with_run_len(run_len: usize) -> Self {
        Self {
            runs: Vec::new(),
            run_len: run_len.max(1),
        }
    }

    /// How many events, from the first, are folded.
    fn folded(&self) -> usize {
        self.runs.last().map_or(0, |r| r.first + r.starts.len())
    }

    /// Whether every event of `chronology` is folded.
    #[must_use]
    pub fn is_complete(&self, chronology: &Chronology) -> bool {
        self.folded() >= chronology.events.len()
    }

    /// Folds the next run of `chronology`'s events, on this thread; true when every event is
    /// folded after it. A few milliseconds: the viewer calls it while no key is waiting.
    pub fn advance(&mut self, chronology: &Chronology) -> bool {
        let n = chronology.events.len();
        let from = self.folded();
        if from < n {
            let to = (from + self.run_len).min(n);
            self.runs.push(Run::build(chronology, from..to, &|_| None));
        }
        self.is_complete(chronology)
    }

    /// Folds every event not folded yet, on every core (at most eight).
    pub fn finish(&mut self, chronology: &Chronology) {
        self.finish_in(chronology, threads());
    }

    fn finish_in(&mut self, chronology: &Chronology, threads: usize) {
        let ranges = self.ranges(self.folded(), chronology.events.len());
        let runs = build_runs(chronology, &ranges, threads, &|_| None);
        self.runs.extend(runs);
    }

    /// The runs' ranges from event `from` (a run's first) to `n`.
    fn ranges(&self, from: usize, n: usize) -> Vec<std::ops::Range<usize>> {
        (from..n)
            .step_by(self.run_len)
            .map(|start| start..(start + self.run_len).min(n))
            .collect()
    }

    /// The index of `chronology`, a reload of the one `old` indexes in which event `i` was
    /// event `from[i]` (`None`: changed, or new). A run whose events all stayed where they were
    /// is moved over whole; in the others, each kept event's text is copied from `old` and only
    /// the rest folded. As far as `old` was folded: the rest stays to fold.
    #[must_use]
    pub fn rebuilt(old: SearchIndex, chronology: &Chronology, from: &[Option<usize>]) -> Self {
        Self::rebuilt_in(old, chronology, from, threads())
    }

    fn rebuilt_in(
        old: SearchIndex,
        chronology: &Chronology,
        from: &[Option<usize>],
        threads: usize,
    ) -> Self {
        let n = chronology.events.len();
        let ranges = old.ranges(0, old.folded().min(n));
        let unmoved = |r: &std::ops::Range<usize>, k: usize| {
            old.runs
                .get(k)
                .is_some_and(|run| run.first == r.start && run.starts.len() == r.len())
                && r.clone().all(|i| from.get(i).copied().flatten() == Some(i))
        };
        let whole: Vec<bool> = (ranges.iter().enumerate())
            .map(|(k, r)| unmoved(r, k))
            .collect();
        let refold: Vec<std::ops::Range<usize>> = (ranges.iter().zip(&whole))
            .filter(|&(_, &whole)| !whole)
            .map(|(r, _)| r.clone())
            .collect();
        let kept = |i: usize| from.get(i).copied().flatten().and_then(|p| old.text_of(p));
        let mut refolded = build_runs(chronology, &refold, threads, &kept).into_iter();
        let run_len = old.run_len;
        let mut old_runs: Vec<Option<Run>> = old.runs.into_iter().map(Some).collect();
        let runs = (ranges.into_iter().zip(whole).enumerate())
            .map(|(k, (r, whole))| {
                let moved = whole.then(|| old_runs.get_mut(k).and_then(Option::take));
                match moved.flatten() {
                    Some(run) => run,
                    None => refolded
                        .next()
                        .unwrap_or_else(|| Run::build(chronology, r, &|_| None)),
                }
            })
            .collect();
        Self { runs, run_len }
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
    /// Events whose text contains the query, in chronology order, among the events folded (all
    /// of them once [`SearchIndex::finish`] has run). An empty query matches none.
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

/// How many threads fold at once: every core, at most eight.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8)
}

/// The runs of `ranges`, each event's text taken from `kept` when it has it, else folded; the
/// ranges split among at most `threads` threads, each folding consecutive runs.
fn build_runs<'k>(
    chronology: &Chronology,
    ranges: &[std::ops::Range<usize>],
    threads: usize,
    kept: &(dyn Fn(usize) -> Option<&'k str> + Sync),
) -> Vec<Run> {
    let fold = |ranges: &[std::ops::Range<usize>]| -> Vec<Run> {
        ranges
            .iter()
            .map(|r| Run::build(chronology, r.clone(), kept))
            .collect()
    };
    let threads = threads.clamp(1, ranges.len().max(1));
    if threads == 1 {
        return fold(ranges);
    }
    let per_thread = ranges.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .chunks(per_thread)
            .map(|chunk| (chunk, scope.spawn(move || fold(chunk))))
            .collect();
        handles
            .into_iter()
            // A thread that panicked (a bug) has its runs folded again here rather than lost.
            .flat_map(|(chunk, h)| h.join().unwrap_or_else(|_| fold(chunk)))
            .collect()
    })
}

impl Run {
    /// The folded text of the events in `range`, taken from `kept` for the events it has.
    fn build<'k>(
        chronology: &Chronology,
        range: std::ops::Range<usize>,
        kept: &(dyn Fn(usize) -> Option<&'k str> + Sync),
    ) -> Self {
        let first = range.start;
        // Made at about its size (folding keeps most text's length, and shortens accents and
        // spaces), then fitted: grown by doubling, each run was copied as it grew and kept up to
        // twice the room it needed.
        let mut text = String::with_capacity(Self::about(chronology, range.clone(), kept));
        let mut starts = Vec::with_capacity(range.len());
        let add = |text: &mut String, part: &str| {
            fold_text_onto(part, Fold::SEARCH, text);
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
        text.shrink_to_fit();
        Self {
            first,
            text,
            starts,
        }
    }

    /// About how long the folded text of the events in `range` is: the length of what is
    /// folded, a line break after each part and a separator after each event.
    fn about<'k>(
        chronology: &Chronology,
        range: std::ops::Range<usize>,
        kept: &(dyn Fn(usize) -> Option<&'k str> + Sync),
    ) -> usize {
        let part = |text: &str| text.len() + 1;
        range
            .clone()
            .zip(&chronology.events[range])
            .map(|(i, event)| {
                if let Some(kept) = kept(i) {
                    return kept.len();
                }
                let actors = event.actors.iter().map(|&a| {
                    let actor = &chronology.actors[a];
                    part(&actor.name) + actor.aliases.iter().map(|a| part(a)).sum::<usize>()
                });
                let tags = event.tags.iter().map(|&t| part(&chronology.tags[t]));
                let citations = event
                    .citations
                    .iter()
                    .map(|c| part(&c.quote) + c.note.as_deref().map_or(0, part));
                part(&event.title)
                    + event.summary.as_deref().map_or(0, part)
                    + actors.sum::<usize>()
                    + tags.sum::<usize>()
                    + citations.sum::<usize>()
                    + SEPARATOR.len_utf8()
            })
            .sum()
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

    fn embedded() -> Chronology {
        load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap()
    }

    /// The index of `c` in runs of `run_len`, folded on `threads`.
    fn built(c: &Chronology, run_len: usize, threads: usize) -> SearchIndex {
        let mut index = SearchIndex::with_run_len(run_len);
        index.finish_in(c, threads);
        index
    }

    #[test]
    fn an_index_built_in_runs_is_the_index_built_in_one() {
        let c = embedded();
        let one = built(&c, usize::MAX, 1);
        assert_eq!(one.runs.len(), 1);
        let queries = [
            "iran", "the", "strike", "e", "zzz", "\u{2019}", "2020", "olive",
        ];
        for (run_len, threads) in [(1, 1), (1, 2), (2, 3), (5, 2), (3, 8), (1, 64)] {
            let runs = built(&c, run_len, threads);
            assert_eq!(runs.runs.len(), c.events.len().div_ceil(run_len));
            let joined: String = runs.runs.iter().map(|r| r.text.as_str()).collect();
            assert_eq!(joined, one.runs[0].text);
            for q in queries {
                assert_eq!(
                    runs.matching(q),
                    one.matching(q),
                    "{q} in runs of {run_len}"
                );
            }
        }
        assert_eq!(
            SearchIndex::build(&c).runs,
            one.runs,
            "a small chronology is one run"
        );
        // The fold without origins, onto text already there, is the fold with them after it.
        let title = &c.events[0].title;
        let mut onto = String::from("before\n");
        fold_text_onto(title, Fold::SEARCH, &mut onto);
        let alone = crate::text::fold(title, Fold::SEARCH).text;
        assert_eq!(onto, format!("before\n{alone}"));
        // Each run holds no more memory than its text needs.
        for run in &one.runs {
            assert_eq!(run.text.capacity(), run.text.len());
        }
        assert_eq!(one.runs[0].starts.len(), c.events.len());
        assert!(!one.matching("iran").is_empty());
    }

    #[test]
    fn an_index_folded_a_run_at_a_time_is_the_index_folded_at_once() {
        let c = embedded();
        let mut index = SearchIndex::with_run_len(5);
        assert!(!index.is_complete(&c));
        assert!(index.matching("iran").is_empty(), "nothing folded yet");
        let mut steps = 0;
        while !index.advance(&c) {
            steps += 1;
            assert!(steps < c.events.len(), "advance never finishes");
        }
        assert_eq!(steps + 1, c.events.len().div_ceil(5));
        assert!(
            index.is_complete(&c) && index.advance(&c),
            "done stays done"
        );
        assert_eq!(index, built(&c, 5, 2));
        // Finishing a half-folded index folds only the rest.
        let mut half = SearchIndex::with_run_len(5);
        half.advance(&c);
        half.finish_in(&c, 3);
        assert_eq!(half, index);
    }

    #[test]
    fn an_index_rebuilt_from_the_last_is_the_index_built_afresh() {
        let c = embedded();
        // Event 4 retitled, and the order reversed: each kept event's text is found where it
        // was.
        let mut new = c.clone();
        new.events[4].title = "An entirely new title, zyzzyva".into();
        new.events.reverse();
        let n = new.events.len();
        let from: Vec<Option<usize>> = (0..n)
            .map(|i| Some(n - 1 - i).filter(|&p| p != 4))
            .collect();
        for (run_len, threads) in [(1, 1), (2, 1), (5, 2), (usize::MAX, 2)] {
            assert_eq!(
                SearchIndex::rebuilt_in(built(&c, run_len, 3), &new, &from, threads),
                built(&new, run_len, threads),
                "runs of {run_len}"
            );
        }
        // Wrong origins would show: the retitled event's old text is not its new one.
        let stale: Vec<Option<usize>> = (0..n).map(|i| Some(n - 1 - i)).collect();
        assert_ne!(
            SearchIndex::rebuilt_in(built(&c, 1, 1), &new, &stale, 1),
            built(&new, 1, 1)
        );
    }

    #[test]
    fn a_rebuild_moves_the_runs_no_change_touched() {
        let c = embedded();
        let mut new = c.clone();
        new.events[7].title = "An entirely new title, zyzzyva".into();
        let from: Vec<Option<usize>> = (0..c.events.len()).map(|i| (i != 7).then_some(i)).collect();
        let old = built(&c, 3, 1);
        let untouched: Vec<*const u8> = old.runs.iter().map(|r| r.text.as_ptr()).collect();
        let rebuilt = SearchIndex::rebuilt_in(old, &new, &from, 2);
        assert_eq!(rebuilt, built(&new, 3, 1));
        for (k, run) in rebuilt.runs.iter().enumerate() {
            let moved = run.text.as_ptr() == untouched[k];
            assert_eq!(
                moved,
                k != 7 / 3,
                "run {k}: moved over unless event 7 is in it"
            );
        }
        assert_eq!(rebuilt.matching("zyzzyva"), [7]);
        // Only as far as the old index was folded: the rest stays to fold.
        let mut partial = SearchIndex::with_run_len(3);
        partial.advance(&c);
        let rebuilt = SearchIndex::rebuilt_in(partial, &new, &from, 1);
        assert_eq!(rebuilt.runs.len(), 1);
        assert!(!rebuilt.is_complete(&new));
    }

    #[test]
    fn finds_events_by_any_field_ignoring_case_and_accents() {
        let c = embedded();
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
