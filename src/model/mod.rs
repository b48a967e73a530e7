//! The chronology as plain data: what the loader produces and every other layer reads.
//!
//! Nothing here does I/O or knows about YAML or terminals. References between entities are
//! resolved to indices at load time, so the viewer never looks an id up by string, and a
//! `Chronology` is immutable once built: filters and selections are index vectors held elsewhere.

mod date;
mod date_error;
mod link;
mod quote;
mod review;
mod time;
mod zone;

use std::ops::Range;

use chrono::NaiveDate;

pub use crate::extract::{Format, Page};
pub use date::{Date, DateError, Order, Point, Precision};
pub use link::is_web_address;
pub use quote::Quote;
pub use review::{Corroboration, Reliability, Review, ReviewState, Stance, Verdict, today_utc};
pub use time::{OffsetForm, Place, Reading, Time, WrittenOffset, offset_text};
pub use zone::{Clock, TZDB_VERSION, Zone, ZoneError};

/// Index of an event in [`Chronology::events`] (which is in chronological order).
pub type EventIx = usize;
/// Index of an actor in [`Chronology::actors`].
pub type ActorIx = usize;
/// Index of a source in [`Chronology::sources`].
pub type SourceIx = usize;
/// Index of a tag in [`Chronology::tags`].
pub type TagIx = usize;

/// An event's actors, tags or related events: most events name one or two, kept inside the
/// event rather than in an allocation of their own (100,000 events made 250,000 such lists).
pub type Few<T> = smallvec::SmallVec<[T; 2]>;

/// A validated chronology: events sorted by date, every reference resolved, every quote anchored.
#[derive(Clone, Debug, Default)]
pub struct Chronology {
    pub title: String,
    /// The `timezone:` of the file: the zone of times written without one, and where days
    /// begin for ordering. `None`: such times are local times of an unnamed place.
    pub timezone: Option<Zone>,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    /// Every tag in use, sorted. Events refer to tags by index, so a tag filter over 100,000
    /// events compares numbers instead of following a pointer to each event's strings.
    pub tags: Vec<String>,
    /// Sorted by [`Date::order`] (the instant each begins), ties in file order.
    pub events: Vec<Event>,
    /// Named spans of time, sorted by [`Date::order`], ties in file order.
    pub periods: Vec<Period>,
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
    /// Where the document is published: an absolute `http(s)` address, as links are.
    pub url: Option<String>,
    /// An archived copy of it (the Wayback Machine's, archive.today's): the first thing an
    /// editor checks when the published page has changed or gone.
    pub archived: Option<String>,
    /// When the document was read at `url`.
    pub accessed: Option<Date>,
    /// The path as written in the chronology file, for messages.
    pub path: String,
    /// Shared by every source that names the same file, which is read once. For a web page
    /// or a PDF this is the reader text (what a person sees and copies), not the file's bytes.
    pub text: std::sync::Arc<String>,
    /// How the file was read: the source pane, reports and `list --json` say pages for a PDF
    /// and original lines for a web page.
    pub format: Format,
    /// A PDF's pages in order, each with where it begins in [`Source::text`]; empty for other
    /// formats. Shared like `text`.
    pub pages: std::sync::Arc<Vec<Page>>,
    /// How reliable the source is judged (`reliability:`, the Admiralty scale).
    pub reliability: Option<Reliability>,
    /// The SHA-256 of the file as it is now (its own bytes), when the loader took it: it does
    /// whenever the source has a `sha256:` or the chronology has a review, whose staleness it
    /// decides.
    pub sha256: Option<String>,
}

impl Source {
    /// The PDF page holding byte `at` of [`Source::text`]; `None` for a web page or text, which
    /// have no pages, whatever `pages` holds.
    pub fn page_at(&self, at: usize) -> Option<u32> {
        if self.format != Format::Pdf {
            return None;
        }
        let after = self.pages.partition_point(|p| p.start <= at);
        self.pages.get(after.checked_sub(1)?).map(|p| p.number)
    }
}

/// How a page is cited, in every place that says it (the panes, the reports, the export):
/// `p. 12`.
pub fn page_label(page: u32) -> String {
    format!("p. {page}")
}

/// Someone or something that acts in events: a state, an armed group, a person.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
}

/// One dated claim, backed by at least one citation.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub actors: Few<ActorIx>,
    pub summary: Option<String>,
    pub tags: Few<TagIx>,
    pub related: Few<EventIx>,
    pub citations: Vec<Citation>,
    /// Marked `draft: true`: the author's to-do list. A draft may lack citations and a date
    /// (it is then undated); `check --strict` refuses drafts for publishing.
    pub draft: bool,
    /// Pages and media about the event (a photo, a video): for readers and for a web timeline's
    /// media slot, never evidence. Citations are the evidence.
    pub links: Vec<Link>,
}

/// A web address about an event, with the caption and credit a newsroom gives media.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// An absolute `http` or `https` address ([`is_web_address`]: the loader refuses anything
    /// else, so no data becomes a `javascript:` link in an export).
    pub url: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A named span of time that events fall in ("Nuclear deal in force", 2015/2018): context for
/// the reader, not a claim, so it has no citations; `note` says what its ends rest on.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub id: String,
    pub title: String,
    /// Usually an interval; a single point (`2018`) spans that year, month or day.
    pub date: Date,
    pub note: Option<String>,
}

impl Period {
    /// Whether `date` is placed inside the period: the day the timeline places it on (its
    /// [`Date::sort_key`]) lies between the period's first and last day, an open end reaching
    /// without bound. An undated draft is in no period.
    pub fn contains(&self, date: &Date) -> bool {
        if matches!(
            date,
            Date::Interval {
                start: None,
                end: None
            }
        ) {
            return false;
        }
        (self.first_day()..=self.last_day()).contains(&date.sort_key())
    }

    /// The period's first day; an open start reaches back without bound.
    pub fn first_day(&self) -> NaiveDate {
        match self.date {
            Date::Point(p) | Date::Interval { start: Some(p), .. } => p.first_day(),
            Date::Interval { start: None, .. } => NaiveDate::MIN,
        }
    }

    /// The period's last day; an open end reaches on without bound.
    pub fn last_day(&self) -> NaiveDate {
        self.date.last_day().unwrap_or(NaiveDate::MAX)
    }

    /// The span in words, as a label says it: `2015 – 2018`, `from 7 Oct 2023`, `until 2018`.
    pub fn span(&self) -> String {
        match self.date {
            Date::Interval {
                start: Some(s),
                end: None,
            } => format!("from {}", Date::Point(s)),
            Date::Interval {
                start: None,
                end: Some(e),
            } => format!("until {}", Date::Point(e)),
            other => other.to_string(),
        }
    }
}

/// A passage of a source that supports an event, located once at load time.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    pub source: SourceIx,
    /// The quote as the author typed it (it may differ from the source in quote marks, dashes
    /// and white space; `range` is the passage as it stands in the source).
    pub quote: Quote,
    /// Boxed, as `note` and `review`: most citations have none, and a chronology holds
    /// hundreds of thousands of citations (an empty `Option<Box<str>>` takes 16 bytes, an
    /// empty `Option<String>` 24).
    pub prefix: Option<Box<str>>,
    pub note: Option<Box<str>>,
    /// Byte range of the passage in [`Source::text`]; always on `char` boundaries.
    pub range: Range<usize>,
    /// The PDF page the passage begins on (1-based): what a reader cites, `p. 12`.
    pub page: Option<u32>,
    /// The line of the original file where the passage begins, for a web page (where it
    /// differs from the reader text's lines): `e` opens the editor there.
    pub line: Option<usize>,
    /// What the passage does for the claim (`stance:`, `supports` when not written).
    pub stance: Stance,
    /// What a reviewer recorded of it; `None`: not reviewed. Boxed: a review is 80 bytes
    /// that an unreviewed citation, the usual one, would otherwise carry empty.
    pub review: Option<Box<Review>>,
}

/// One source's passages as [`Chronology::passages_by_source`] gathers them: each range's
/// start and end, and where it is cited.
pub type Passages = Vec<(usize, usize, CitationRef)>;

/// Where a passage is cited from: the event and the index of the citation in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitationRef {
    pub event: EventIx,
    pub citation: usize,
}

impl Chronology {
    /// Builds [`Chronology::passages`]; call after events are final.
    pub fn index_passages(&mut self) {
        (self.passages, self.longest_passage) =
            Self::passages_index(&self.events, self.sources.len());
    }

    /// What [`Chronology::index_passages`] sets, for `events` citing `sources` sources: apart,
    /// so it can be built beside other work on the same events (the snapshot cache's checks).
    #[must_use]
    pub fn passages_index(events: &[Event], sources: usize) -> (Vec<Vec<CitationRef>>, Vec<usize>) {
        Self::passages_by_source(events, sources)
            .into_iter()
            .map(|list| Self::sorted_passages(list, |_, _| true).unwrap_or_default())
            .unzip()
    }

    /// The first half of [`Chronology::passages_index`]: each source's passages, in the order
    /// of the events, with their ranges beside them (sorting by looking each range up through
    /// its event would chase a pointer per comparison). A citation of a source past `sources`
    /// is left out.
    #[must_use]
    pub fn passages_by_source(events: &[Event], sources: usize) -> Vec<Passages> {
        let mut keyed: Vec<Passages> = vec![Vec::new(); sources];
        for (event, e) in events.iter().enumerate() {
            for (citation, c) in e.citations.iter().enumerate() {
                if let Some(list) = keyed.get_mut(c.source) {
                    list.push((c.range.start, c.range.end, CitationRef { event, citation }));
                }
            }
        }
        keyed
    }

    /// The second half, for one source: its passages in the index's order, and the longest
    /// one's length. `check` sees each range in that order (by start, so a source's text is
    /// read front to back, not at random) and refuses the list by returning false.
    pub fn sorted_passages(
        mut list: Passages,
        check: impl Fn(usize, usize) -> bool,
    ) -> Option<(Vec<CitationRef>, usize)> {
        list.sort_unstable();
        let mut longest = 0;
        for &(start, end, _) in &list {
            if !check(start, end) {
                return None;
            }
            longest = longest.max(end.saturating_sub(start));
        }
        Some((list.into_iter().map(|(_, _, r)| r).collect(), longest))
    }

    /// [`Chronology::index_passages`] after only the events `changed` had their citations
    /// replaced, the others staying where they were: their passages are taken out and the new
    /// ones put in at their places, the same index a full build gives. A save that changes one
    /// event of 100,000 then costs a pass over the index, not a sort of it.
    pub fn reindex_passages_of(&mut self, changed: &[EventIx]) {
        // Each passage put in shifts the rest of its source's list: past a few dozen events, a
        // build is as quick.
        const FEW: usize = 64;
        if changed.len() > FEW
            || self.passages.len() != self.sources.len()
            || self.longest_passage.len() != self.sources.len()
        {
            self.index_passages();
            return;
        }
        let mut is_changed = vec![false; self.events.len()];
        for &e in changed {
            if let Some(c) = is_changed.get_mut(e) {
                *c = true;
            }
        }
        let events = &self.events;
        let range = |r: &CitationRef| {
            events
                .get(r.event)
                .and_then(|e| e.citations.get(r.citation))
                .map_or((0, 0), |c| (c.range.start, c.range.end))
        };
        for (source, list) in self.passages.iter_mut().enumerate() {
            let before = list.len();
            list.retain(|r| !is_changed.get(r.event).copied().unwrap_or(true));
            if list.len() != before {
                // One of those taken out may have been the longest.
                self.longest_passage[source] = list
                    .iter()
                    .map(|r| {
                        let (start, end) = range(r);
                        end.saturating_sub(start)
                    })
                    .max()
                    .unwrap_or(0);
            }
        }
        let mut changed: Vec<EventIx> = changed.to_vec();
        changed.sort_unstable();
        changed.dedup();
        for event in changed {
            let Some(e) = events.get(event) else { continue };
            for (citation, c) in e.citations.iter().enumerate() {
                let Some(list) = self.passages.get_mut(c.source) else {
                    continue;
                };
                let new = CitationRef { event, citation };
                let key = (c.range.start, c.range.end, new);
                let at = list.partition_point(|r| {
                    let (start, end) = range(r);
                    (start, end, *r) < key
                });
                list.insert(at, new);
                let longest = &mut self.longest_passage[c.source];
                *longest = (*longest).max(c.range.end.saturating_sub(c.range.start));
            }
        }
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

    /// What a citation shows as its quote: the passage as the source writes it (`Workers’
    /// Union`, where the author typed `Workers' Union`), or the typed quote when it is not
    /// anchored (an empty range). The one place the choice is made, so the event pane and its
    /// search highlights agree.
    pub fn shown_quote<'a>(&'a self, citation: &'a Citation) -> &'a str {
        self.sources
            .get(citation.source)
            .filter(|_| !citation.range.is_empty())
            .and_then(|s| s.text.get(citation.range.clone()))
            .unwrap_or(&citation.quote)
    }

    /// The PDF page a citation's passage begins on: the one the loader found, else the page
    /// holding its start. `None` for a source that is not a PDF, and for a passage not found.
    pub fn page_of(&self, citation: &Citation) -> Option<u32> {
        let source = self.sources.get(citation.source)?;
        if source.format != Format::Pdf {
            return None;
        }
        citation.page.or_else(|| {
            (!citation.range.is_empty())
                .then(|| source.page_at(citation.range.start))
                .flatten()
        })
    }

    /// Number of citations across all events.
    pub fn citation_count(&self) -> usize {
        self.events.iter().map(|e| e.citations.len()).sum()
    }

    /// The tag called `name`, if any event has it.
    pub fn tag_index(&self, name: &str) -> Option<TagIx> {
        self.tags.binary_search_by(|t| t.as_str().cmp(name)).ok()
    }

    /// The periods the event falls inside, earliest first.
    pub fn periods_of<'a>(&'a self, event: &'a Event) -> impl Iterator<Item = &'a Period> + 'a {
        self.periods.iter().filter(|p| p.contains(&event.date))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_reindexed_for_a_few_events_are_the_passages_built_afresh() {
        let mut c = crate::load::load(
            crate::load::Input::Embedded,
            &crate::load::LoadOptions::default(),
        )
        .result
        .unwrap();
        let cited: Vec<EventIx> = (0..c.events.len())
            .filter(|&e| !c.events[e].citations.is_empty())
            .collect();
        let (a, b, d) = (cited[0], cited[cited.len() / 2], cited[cited.len() - 1]);
        // One passage moved to the front and made the longest, one citation dropped, one
        // copied to the end of another event's list (cited twice now).
        let longest = c.longest_passage[c.events[a].citations[0].source];
        let text_len = c.sources[c.events[a].citations[0].source].text.len();
        c.events[a].citations[0].range = 0..(longest + 1).min(text_len);
        let kept = c.events[b].citations.len().saturating_sub(1);
        c.events[b].citations.truncate(kept);
        let copy = c.events[a].citations[0].clone();
        c.events[d].citations.push(copy);
        let mut patched = c.clone();
        patched.reindex_passages_of(&[d, a, b, a]);
        c.index_passages();
        assert_eq!(patched.passages, c.passages);
        assert_eq!(patched.longest_passage, c.longest_passage);
        // The longest passage gone, the bound falls back to the next.
        let mut shorter = c.clone();
        shorter.events[a].citations[0].range = 0..1;
        shorter.events[d].citations.pop();
        let mut built = shorter.clone();
        shorter.reindex_passages_of(&[a, d]);
        built.index_passages();
        assert_eq!(shorter.passages, built.passages);
        assert_eq!(shorter.longest_passage, built.longest_passage);
    }

    fn period(edtf: &str) -> Period {
        Period {
            id: "p".into(),
            title: "P".into(),
            date: Date::parse(edtf).unwrap(),
            note: None,
        }
    }

    fn inside(period_date: &str, event_date: &str) -> bool {
        period(period_date).contains(&Date::parse(event_date).unwrap())
    }

    #[test]
    fn an_event_is_inside_a_period_where_the_timeline_places_it() {
        assert!(inside("2015/2018", "2015-07-14"));
        assert!(inside("2015/2018", "2018-12-31"));
        assert!(!inside("2015/2018", "2019-01-01"));
        assert!(!inside("2015/2018", "2014-12-31"));
        // An open start is placed at its end; an interval at its start.
        assert!(inside("2023-10-07/2024-01", "../2024-01-02"));
        assert!(!inside("2023-10-07/2024-01", "2021-01/2024-01"));
        assert!(inside("2023-10-07/..", "2030"));
        assert!(inside("../2018", "1979"));
        assert!(inside("2018", "2018-05-08"));
        let undated = Date::Interval {
            start: None,
            end: None,
        };
        assert!(!period("../2018").contains(&undated));
    }

    #[test]
    fn only_a_pdf_citation_has_a_page_found_or_worked_out() {
        let pages = vec![
            Page {
                number: 1,
                start: 0,
            },
            Page {
                number: 2,
                start: 4,
            },
        ];
        let mut chronology = Chronology {
            sources: vec![Source {
                text: std::sync::Arc::new("one\ntwo\n".into()),
                format: Format::Pdf,
                pages: std::sync::Arc::new(pages.clone()),
                ..Source::default()
            }],
            ..Chronology::default()
        };
        let mut citation = Citation {
            source: 0,
            quote: "two".into(),
            prefix: None,
            note: None,
            range: 4..7,
            page: None,
            line: None,
            stance: Stance::Supports,
            review: None,
        };
        assert_eq!(chronology.page_of(&citation), Some(2), "worked out");
        citation.page = Some(9);
        assert_eq!(
            chronology.page_of(&citation),
            Some(9),
            "as the loader found it"
        );
        citation.page = None;
        citation.range = 0..0;
        assert_eq!(chronology.page_of(&citation), None, "a passage not found");
        // A web page has no pages, whatever its data says.
        chronology.sources[0].format = Format::Html;
        citation.page = Some(9);
        citation.range = 4..7;
        assert_eq!(chronology.page_of(&citation), None);
        assert_eq!(chronology.sources[0].page_at(5), None);
        citation.source = 7;
        assert_eq!(chronology.page_of(&citation), None, "no such source");
        assert_eq!(page_label(12), "p. 12");
    }

    #[test]
    fn a_span_reads_as_a_label() {
        assert_eq!(period("2015/2018").span(), "2015 – 2018");
        assert_eq!(period("2023-10-07/..").span(), "from 7 Oct 2023");
        assert_eq!(period("../2018-05").span(), "until May 2018");
        assert_eq!(period("2018").span(), "2018");
    }
}
