//! What the Markdown and HTML reports both say, gathered once so the two cannot disagree: the
//! events in date order, each with its date in words, names, and citations numbered as
//! footnotes through the whole document.
//!
//! Entries are made one at a time as a format writes them, never all at once, so a report of
//! a million events holds one event's text in memory, not the whole document's. What an entry
//! lists is bounded too: of the periods an event falls in it names the
//! [`PERIODS_NAMED`] innermost and counts the rest, since a chronology of thousands of nested
//! periods would otherwise make every event repeat all of them (a 2 MB file made a report of
//! gigabytes). The periods are found by one sweep through the events in date order, not by
//! asking every period about every event.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::{
    Chronology, Citation, Clock, Date, Event, EventIx, Format, Period, ReviewState, Source,
    page_label,
};

/// How many of the periods an event falls in its entry names; the rest are counted.
pub(super) const PERIODS_NAMED: usize = 3;

pub(super) struct Report<'a> {
    chronology: &'a Chronology,
    /// How times are shown.
    clock: &'a Clock,
    pub title: &'a str,
    /// The events, in date order, each once.
    order: Vec<EventIx>,
}

pub(super) struct Entry<'a> {
    pub event: &'a Event,
    /// The date as the event pane says it.
    pub when: String,
    pub actors: Vec<&'a str>,
    pub tags: Vec<&'a str>,
    /// The innermost periods it falls inside (at most [`PERIODS_NAMED`]), in the file's order,
    /// each as `Title (2015 – 2018)`.
    pub periods: Vec<String>,
    /// How many more periods it falls inside.
    pub more_periods: usize,
    pub footnotes: Vec<Footnote<'a>>,
}

impl Entry<'_> {
    /// The labelled lines under the event's date, those with something to say: actors, tags,
    /// then the periods (`A (2015 – 2018); B (from 2023); +9997 more`).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if !self.actors.is_empty() {
            fields.push(("Actors", self.actors.join(", ")));
        }
        if !self.tags.is_empty() {
            fields.push(("Tags", self.tags.join(", ")));
        }
        if !self.periods.is_empty() {
            let mut line = self.periods.join("; ");
            if self.more_periods > 0 {
                let _ = write!(line, "; +{} more", self.more_periods);
            }
            fields.push(("Period", line));
        }
        fields
    }
}

pub(super) struct Footnote<'a> {
    /// 1-based, counted through the document.
    pub number: usize,
    /// The exact bytes the viewer highlights.
    pub passage: &'a str,
    pub source: &'a Source,
    /// Where in the source the passage starts.
    pub place: Place,
    pub note: Option<&'a str>,
    /// Where its review stands, in words: `verified (Sam Reviewer, 2025-03-14)`.
    pub review: String,
}

/// A citation's review as a footnote says it: verified (by, on), disputed (by, on: note),
/// stale (and what it was), or not reviewed.
pub(super) fn review_words(chronology: &Chronology, citation: &Citation) -> String {
    let state = chronology.review_state(citation);
    let Some(r) = &citation.review else {
        return "not reviewed".into();
    };
    let by = format!("{}, {}", r.by, r.on);
    match state {
        ReviewState::Verified => format!("verified ({by})"),
        ReviewState::Disputed => match r.note.as_deref().map(str::trim) {
            Some(note) if !note.is_empty() => format!("disputed ({by}): {note}"),
            _ => format!("disputed ({by})"),
        },
        ReviewState::Stale | ReviewState::Unreviewed => format!(
            "stale: the source changed since it was {} ({by})",
            r.status.label()
        ),
    }
}

/// What a review pass has left, for the top of the HTML report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewSummary {
    pub verified: usize,
    pub disputed: usize,
    pub stale: usize,
    pub unreviewed: usize,
    pub single_sourced: usize,
    pub contested: usize,
}

/// Where a passage is in its source, as a reader looks it up: the page of a PDF, else the line
/// (of the file, for a web page: its reader text has lines of its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    Page(u32),
    Line(usize),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Page(page) => f.write_str(&page_label(*page)),
            Place::Line(line) => write!(f, "line {line}"),
        }
    }
}

impl<'a> Report<'a> {
    /// The report of `events`, in date order whatever order they come in (the chronology's
    /// events are sorted, so index order is date order); unknown indices are skipped.
    pub fn new(chronology: &'a Chronology, events: &[EventIx], clock: &'a Clock) -> Self {
        let mut order: Vec<EventIx> = events
            .iter()
            .copied()
            .filter(|&i| i < chronology.events.len())
            .collect();
        order.sort_unstable();
        order.dedup();
        // Undated drafts (sorted first, as the earliest possible) go last: they have no place
        // in the sequence, and a report opening with one reads as if it came first.
        // (A stable sort: the dated keep their order.)
        order.sort_by_key(|&i| chronology.events[i].date.is_undated());
        Report {
            chronology,
            clock,
            title: &chronology.title,
            order,
        }
    }

    /// How many events the report holds.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// How many footnotes the report holds: the citations whose source exists.
    pub fn cited(&self) -> usize {
        let sources = self.chronology.sources.len();
        self.order
            .iter()
            .map(|&i| {
                self.chronology.events[i]
                    .citations
                    .iter()
                    .filter(|c| c.source < sources)
                    .count()
            })
            .sum()
    }

    /// Where the review of the report's citations stands, and its events' corroboration.
    pub fn review_summary(&self) -> ReviewSummary {
        let mut sum = ReviewSummary::default();
        for &i in &self.order {
            let event = &self.chronology.events[i];
            for c in &event.citations {
                match self.chronology.review_state(c) {
                    ReviewState::Verified => sum.verified += 1,
                    ReviewState::Disputed => sum.disputed += 1,
                    ReviewState::Stale => sum.stale += 1,
                    ReviewState::Unreviewed => sum.unreviewed += 1,
                }
            }
            if !event.draft {
                let k = self.chronology.corroboration(event);
                sum.single_sourced += usize::from(k.single_sourced());
                sum.contested += usize::from(k.contested);
            }
        }
        sum
    }

    /// The sources the report's events cite, in the file's order: the report's list of
    /// sources, with their authors and addresses.
    pub fn sources(&self) -> Vec<&'a Source> {
        let mut cited = vec![false; self.chronology.sources.len()];
        for &i in &self.order {
            for c in &self.chronology.events[i].citations {
                if let Some(seen) = cited.get_mut(c.source) {
                    *seen = true;
                }
            }
        }
        self.chronology
            .sources
            .iter()
            .zip(cited)
            .filter_map(|(s, cited)| cited.then_some(s))
            .collect()
    }

    /// The periods holding at least one of the report's events, in the file's order, for the
    /// report's list of periods with their notes. The dated events are in date order, so the
    /// events inside a period are a run of them, found by two binary searches.
    pub fn periods(&self) -> Vec<&'a Period> {
        let days: Vec<NaiveDate> = self
            .order
            .iter()
            .map(|&i| &self.chronology.events[i].date)
            .filter(|d| !d.is_undated())
            .map(Date::sort_key)
            .collect();
        let sorted = days.is_sorted();
        self.chronology
            .periods
            .iter()
            .filter(|p| {
                if sorted {
                    let from = days.partition_point(|&d| d < p.first_day());
                    from < days.len() && days[from] <= p.last_day()
                } else {
                    days.iter()
                        .any(|d| (p.first_day()..=p.last_day()).contains(d))
                }
            })
            .collect()
    }

    /// The entries in date order, made as they are asked for; footnotes are numbered from 1
    /// on each walk, so two walks number alike.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        let chronology = self.chronology;
        let clock = self.clock;
        let mut lines = LineIndex::new(chronology.sources.len());
        let mut periods = PeriodSweep::new(&chronology.periods);
        let mut number = 0;
        self.order.iter().map(move |&i| {
            let event = &chronology.events[i];
            let footnotes = event
                .citations
                .iter()
                .filter_map(|c| {
                    let source = chronology.sources.get(c.source)?;
                    number += 1;
                    Some(Footnote {
                        number,
                        passage: source.text.get(c.range.clone()).unwrap_or(""),
                        source,
                        place: match (chronology.page_of(c), source.format, c.line) {
                            (Some(page), ..) => Place::Page(page),
                            (None, Format::Html, Some(line)) => Place::Line(line),
                            _ => Place::Line(lines.line_of(c.source, source, c.range.start)),
                        },
                        note: c.note.as_deref(),
                        review: review_words(chronology, c),
                    })
                })
                .collect();
            let (inner, all) = periods.around(event);
            Entry {
                event,
                when: event.date.describe_in(clock),
                actors: chronology.actor_names(event),
                tags: chronology.tag_names(event),
                periods: inner
                    .into_iter()
                    .map(|p| {
                        let p = &chronology.periods[p];
                        format!("{} ({})", p.title, p.span())
                    })
                    .collect(),
                more_periods: all.saturating_sub(PERIODS_NAMED),
                footnotes,
            }
        })
    }
}

/// A source's authors as a credit says them: `A`, `A and B`, `A, B and C`.
pub(super) fn authors(source: &Source) -> Option<String> {
    let authors: Vec<&str> = source
        .authors
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    match authors.as_slice() {
        [] => None,
        [one] => Some((*one).to_string()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// The periods around each event, for events met in date order: the periods that have begun
/// and not yet ended, kept ordered by length so the innermost are first. Each period enters
/// and leaves once, so a report is `O((events + periods) log periods)`.
struct PeriodSweep<'a> {
    periods: &'a [Period],
    /// Period indices by first day.
    by_start: Vec<usize>,
    /// How many of `by_start` have entered.
    entered: usize,
    /// The periods that hold the current day: (length in days, index).
    active: BTreeSet<(i64, usize)>,
    /// The active periods by last day, the soonest to end on top.
    ends: BinaryHeap<Reverse<(NaiveDate, i64, usize)>>,
    /// The last day asked about; days must not go back.
    day: NaiveDate,
}

impl<'a> PeriodSweep<'a> {
    fn new(periods: &'a [Period]) -> Self {
        let mut by_start: Vec<usize> = (0..periods.len()).collect();
        by_start.sort_by_key(|&p| periods[p].first_day());
        PeriodSweep {
            periods,
            by_start,
            entered: 0,
            active: BTreeSet::new(),
            ends: BinaryHeap::new(),
            day: NaiveDate::MIN,
        }
    }

    /// The innermost [`PERIODS_NAMED`] periods holding `event` (in the file's order), and how
    /// many hold it in all.
    fn around(&mut self, event: &Event) -> (Vec<usize>, usize) {
        if event.date.is_undated() {
            // In no period.
            return (Vec::new(), 0);
        }
        let day = event.date.sort_key();
        if day < self.day {
            // Out of date order (only a chronology built by hand, not loaded, is): ask every
            // period, as the sweep cannot go back.
            let mut holding: Vec<(i64, usize)> = (0..self.periods.len())
                .filter(|&p| self.periods[p].contains(&event.date))
                .map(|p| (self.length(p), p))
                .collect();
            holding.sort_unstable();
            let all = holding.len();
            let mut inner: Vec<usize> = holding
                .into_iter()
                .take(PERIODS_NAMED)
                .map(|(_, p)| p)
                .collect();
            inner.sort_unstable();
            return (inner, all);
        }
        self.day = day;
        while let Some(&p) = self.by_start.get(self.entered) {
            if self.periods[p].first_day() > day {
                break;
            }
            self.entered += 1;
            let length = self.length(p);
            self.active.insert((length, p));
            self.ends
                .push(Reverse((self.periods[p].last_day(), length, p)));
        }
        while let Some(&Reverse((last, length, p))) = self.ends.peek() {
            if last >= day {
                break;
            }
            self.ends.pop();
            self.active.remove(&(length, p));
        }
        // Every active period has begun by `day` and not ended before it: each holds the event.
        let mut inner: Vec<usize> = self
            .active
            .iter()
            .take(PERIODS_NAMED)
            .map(|&(_, p)| p)
            .collect();
        inner.sort_unstable();
        (inner, self.active.len())
    }

    /// A period's length in days, open ends counting as unbounded.
    fn length(&self, p: usize) -> i64 {
        let period = &self.periods[p];
        (period.last_day() - period.first_day()).num_days()
    }
}

/// Line starts of each source, found on first use: a report may cite one large source many
/// times, and counting newlines from the top for each citation would be quadratic.
struct LineIndex(Vec<Option<Vec<usize>>>);

impl LineIndex {
    fn new(sources: usize) -> Self {
        Self(vec![None; sources])
    }

    fn line_of(&mut self, ix: usize, source: &Source, offset: usize) -> usize {
        let Some(slot) = self.0.get_mut(ix) else {
            return 1;
        };
        let newlines = slot
            .get_or_insert_with(|| memchr::memchr_iter(b'\n', source.text.as_bytes()).collect());
        newlines.partition_point(|&nl| nl < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Input, LoadOptions, load};
    use proptest::prelude::*;

    #[test]
    fn lines_count_from_one_and_a_newline_belongs_to_its_line() {
        let source = Source {
            text: std::sync::Arc::new("ab\ncd\n\nef".to_string()),
            ..Source::default()
        };
        let mut lines = LineIndex::new(1);
        let line = |lines: &mut LineIndex, at| lines.line_of(0, &source, at);
        assert_eq!(line(&mut lines, 0), 1);
        assert_eq!(line(&mut lines, 2), 1, "the newline ends line 1");
        assert_eq!(line(&mut lines, 3), 2);
        assert_eq!(line(&mut lines, 7), 4);
    }

    #[test]
    fn entries_come_in_date_order_with_footnotes_numbered_through() {
        let chronology = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        let n = chronology.events.len();
        let report = Report::new(&chronology, &[n - 1, 0, n - 1, n + 5], &Clock::AsWritten);
        assert_eq!(report.len(), 2);
        let entries: Vec<Entry<'_>> = report.entries().collect();
        assert_eq!(entries[0].event.id, chronology.events[0].id);
        let numbers: Vec<usize> = entries
            .iter()
            .flat_map(|e| e.footnotes.iter().map(|f| f.number))
            .collect();
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
        assert_eq!(report.cited(), numbers.len());
        let again: Vec<usize> = report
            .entries()
            .flat_map(|e| e.footnotes.into_iter().map(|f| f.number))
            .collect();
        assert_eq!(again, numbers, "a second walk numbers alike");
    }

    fn period(i: usize, edtf: &str) -> Period {
        Period {
            id: format!("p{i}"),
            title: format!("P{i}"),
            date: Date::parse(edtf).unwrap(),
            note: None,
        }
    }

    fn event(edtf: &str) -> Event {
        Event {
            id: "e".into(),
            date: Date::parse(edtf).unwrap_or(Date::Interval {
                start: None,
                end: None,
            }),
            title: "t".into(),
            actors: crate::model::Few::new(),
            summary: None,
            tags: crate::model::Few::new(),
            related: crate::model::Few::new(),
            citations: vec![],
            draft: false,
            links: vec![],
        }
    }

    #[test]
    fn an_event_inside_thousands_of_nested_periods_names_the_innermost_three() {
        let periods: Vec<Period> = (0..5000)
            .map(|i| period(i, &format!("{}/{}", 1000 + i / 10, 9000 - i / 10)))
            .collect();
        let mut sweep = PeriodSweep::new(&periods);
        let (inner, all) = sweep.around(&event("2000"));
        // Ten periods share each length; the shortest ten tie, and file order breaks the tie.
        assert_eq!(inner, [4990, 4991, 4992]);
        assert_eq!(all, 5000);
        let (inner, all) = sweep.around(&event("undated"));
        assert_eq!(
            (inner.len(), all),
            (0, 0),
            "an undated event is in no period"
        );
    }

    fn edtf(year: u16, len: u16, open: u8) -> String {
        match open {
            0 => format!("{year}/{}", year + len),
            1 => format!("../{}", year + len),
            2 => format!("{year}/.."),
            _ => format!("{year}"),
        }
    }

    proptest! {
        /// The sweep finds what asking every period finds, for events in date order and out
        /// of it.
        #[test]
        fn the_sweep_agrees_with_asking_every_period(
            spans in proptest::collection::vec((1990u16..2010, 0u16..12, 0u8..5), 0..30),
            mut days in proptest::collection::vec(1985u16..2025, 1..30),
            sorted: bool,
        ) {
            let periods: Vec<Period> = spans
                .iter()
                .enumerate()
                .map(|(i, &(y, l, o))| period(i, &edtf(y, l, o)))
                .collect();
            if sorted {
                days.sort_unstable();
            }
            let mut sweep = PeriodSweep::new(&periods);
            for day in days {
                let e = event(&format!("{day}-06"));
                let mut holding: Vec<(i64, usize)> = (0..periods.len())
                    .filter(|&p| periods[p].contains(&e.date))
                    .map(|p| ((periods[p].last_day() - periods[p].first_day()).num_days(), p))
                    .collect();
                holding.sort_unstable();
                let mut inner: Vec<usize> =
                    holding.iter().take(PERIODS_NAMED).map(|&(_, p)| p).collect();
                inner.sort_unstable();
                prop_assert_eq!(sweep.around(&e), (inner, holding.len()), "{}", day);
            }
        }
    }
}
