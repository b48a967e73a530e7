//! What the Markdown and HTML reports both say, gathered once so the two cannot disagree: the
//! events in date order, each with its date in words, names, and citations numbered as
//! footnotes through the whole document.

use crate::model::{Chronology, Event, EventIx, Source};

pub(super) struct Report<'a> {
    pub title: &'a str,
    pub entries: Vec<Entry<'a>>,
}

pub(super) struct Entry<'a> {
    pub event: &'a Event,
    /// The date as the event pane says it.
    pub when: String,
    pub actors: Vec<&'a str>,
    pub tags: Vec<&'a str>,
    /// The periods it falls inside, each as `Title (2015 – 2018)`.
    pub periods: Vec<String>,
    pub footnotes: Vec<Footnote<'a>>,
}

pub(super) struct Footnote<'a> {
    /// 1-based, counted through the document.
    pub number: usize,
    /// The exact bytes the viewer highlights.
    pub passage: &'a str,
    pub source: &'a Source,
    /// 1-based line of the source on which the passage starts.
    pub line: usize,
    pub note: Option<&'a str>,
}

impl<'a> Report<'a> {
    /// The report of `events`, in date order whatever order they come in (the chronology's
    /// events are sorted, so index order is date order); unknown indices are skipped.
    pub fn new(chronology: &'a Chronology, events: &[EventIx]) -> Self {
        let mut order: Vec<EventIx> = events
            .iter()
            .copied()
            .filter(|&i| i < chronology.events.len())
            .collect();
        order.sort_unstable();
        order.dedup();
        let mut lines = LineIndex::new(chronology.sources.len());
        let mut number = 0;
        let entries = order
            .into_iter()
            .map(|i| {
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
                            line: lines.line_of(c.source, source, c.range.start),
                            note: c.note.as_deref(),
                        })
                    })
                    .collect();
                Entry {
                    event,
                    when: event.date.describe(),
                    actors: chronology.actor_names(event),
                    tags: chronology.tag_names(event),
                    periods: chronology
                        .periods_of(event)
                        .map(|p| format!("{} ({})", p.title, p.span()))
                        .collect(),
                    footnotes,
                }
            })
            .collect();
        Report {
            title: &chronology.title,
            entries,
        }
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
        let chronology = crate::embedded::load().unwrap();
        let n = chronology.events.len();
        let report = Report::new(&chronology, &[n - 1, 0, n - 1, n + 5]);
        assert_eq!(report.entries.len(), 2);
        assert_eq!(report.entries[0].event.id, chronology.events[0].id);
        let numbers: Vec<usize> = report
            .entries
            .iter()
            .flat_map(|e| e.footnotes.iter().map(|f| f.number))
            .collect();
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    }
}
