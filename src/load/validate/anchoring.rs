//! Anchoring every quote in its source, sources searched on all cores.
//!
//! Citations are grouped by source file so each file is folded and searched once, with one
//! automaton for all its quotes ([`crate::anchor`]), however many sources name it (they share
//! its text, read once). Files are independent, so free threads claim them, largest first,
//! with at most [`MAX_ANCHORING_BYTES`] of them in work at once (each is folded, a copy of it,
//! while searched); the outcomes are applied in order so messages do not depend on timing.
//!
//! For a quote that failed, what to tell the author (the closest passage, each occurrence with
//! its prefix: [`super::suggest`]) is searched on the same thread, and only in the reading with
//! positions: the fast first reading's problems are never shown, only counted. A source that no
//! longer matches its fingerprint gets one problem more, at its `sha256:`, that says what became
//! of each of its citations.
//!
//! A citation found learns the PDF page its passage begins on, or, in a web page, the line of
//! the file where it begins; a quote not found in a PDF with pages without text says so, since
//! the passage may be on one of them.

use std::collections::HashMap;
use std::sync::Arc;

use super::all_events::AllEvents;
use super::excerpt::Cited;
use super::head::Head;
use super::report::{Pos, Report};
use super::suggest::{Advice, advise, explain};
use crate::anchor::{self, Outcome, Request};
use crate::load::fingerprint::Fingerprint;
use crate::load::limits::MAX_ANCHORING_BYTES;
use crate::load::pages;
use crate::load::threads::{claim_each_within, cores};
use crate::model::Source;
use crate::problem::Suggestion;

/// Locates every quote, grouping citations by source file so each file is folded and searched
/// once, whatever number of sources name it.
pub(super) fn anchor_citations(report: &mut Report<'_>, head: &Head, pending: &mut AllEvents) {
    let sources = &head.sources;
    let mut by_source: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sources.len()];
    for (e, p) in pending.iter().enumerate() {
        for (c, citation) in p.event.citations.iter().enumerate() {
            by_source[citation.source].push((e, c));
        }
    }
    let outcomes = search(head, pending, &by_source);
    for (s, (refs, searched)) in by_source.iter().zip(outcomes).enumerate() {
        let source = &sources[s];
        let changed = matches!(head.fingerprints[s], Fingerprint::Differs { .. });
        let cited = Cited::new(source, report.file(), changed);
        let mut tally = Tally::default();
        let advice = searched
            .advice
            .into_iter()
            .chain(std::iter::repeat_with(|| None));
        for ((&(e, c), outcome), advice) in refs.iter().zip(searched.outcomes).zip(advice) {
            let at = pending[e].quote_at.get(c).copied().flatten();
            if let Outcome::Found(range) = &outcome {
                let citation = &mut pending[e].event.citations[c];
                citation.range = range.clone();
                // Held as the passage itself when it is exactly that (most are): no copy.
                citation.quote =
                    std::mem::take(&mut citation.quote).settle(&source.text, range.clone());
                if let Some(text) = &head.texts[s] {
                    citation.page = pages::page_of(&text.pages, range.start);
                    citation.line = text.original_line(range.start);
                }
            }
            if changed {
                tally.count(&outcome, advice.as_ref(), pending[e].entity(), at);
            }
            let quote = &pending[e].event.citations[c].quote;
            let Some(explained) = explain(&outcome, advice, &cited, quote) else {
                continue;
            };
            let help = match (&outcome, &head.texts[s]) {
                (Outcome::NotFound { .. }, Some(text)) if !text.textless.is_empty() => {
                    without_text(&text.textless, &explained.help)
                }
                _ => explained.help,
            };
            report.add(
                at,
                &pending[e].entity(),
                "citations.quote",
                explained.message,
                help,
            );
            if let Some(problem) = report.problems.last_mut() {
                problem.related = explained.related;
                problem.suggestion = explained.suggestion;
            }
        }
        if let Fingerprint::Differs { at, digest } = &head.fingerprints[s] {
            tally.report(report, source, *at, digest);
        }
    }
}

/// The help for a quote not found in a PDF some of whose pages have no text: the passage may be
/// on one of them, which no quote can reach until the file is given a text layer.
fn without_text(textless: &[u32], help: &str) -> String {
    format!(
        "{} of this PDF {} no text layer (scanned, or pictures): if the passage is there, run OCR over the file (e.g. `ocrmypdf in.pdf out.pdf`) and cite the result; else {help}",
        pages::pages_named(textless),
        if textless.len() == 1 { "has" } else { "have" },
    )
}

/// Every source's outcomes and advice, each file searched once: files are independent, so
/// they are searched on all cores, large ones taking turns (each is folded, a copy of it, while
/// it is searched). What to tell the author is found on the same thread, only for quotes that
/// failed.
fn search(head: &Head, pending: &AllEvents, by_source: &[Vec<(usize, usize)>]) -> Vec<Searched> {
    let sources = &head.sources;
    let files = files(head, by_source);
    if let Some(progress) = &head.progress {
        progress
            .sources_total
            .store(files.len(), std::sync::atomic::Ordering::Relaxed);
    }
    {
        let anchor_file = |f: usize| -> Vec<Searched> {
            let file = &files[f];
            let requests: Vec<Request<'_>> = file
                .sources
                .iter()
                .flat_map(|&s| &by_source[s])
                .map(|&(e, c)| {
                    let citation = &pending[e].event.citations[c];
                    Request {
                        quote: &citation.quote,
                        prefix: citation.prefix.as_deref(),
                    }
                })
                .collect();
            // Where the wording of a quote not found diverges is found with the advice.
            let anchorer = anchor::Anchorer::new(file.text);
            let mut outcomes = anchorer.anchor(&requests, false).into_iter();
            if let Some(progress) = &head.progress {
                progress.anchored_one();
            }
            let mut advice = if head.advise {
                advise(&anchorer, &requests, outcomes.as_slice())
            } else {
                Vec::new()
            }
            .into_iter();
            // Back to each source, in the order its requests were made.
            file.sources
                .iter()
                .map(|&s| {
                    let n = by_source[s].len();
                    Searched {
                        outcomes: outcomes.by_ref().take(n).collect(),
                        advice: advice.by_ref().take(n).collect(),
                    }
                })
                .collect()
        };
        let done = claim_each_within(
            files.len(),
            cores(),
            |f| files[f].text.len() as u64,
            MAX_ANCHORING_BYTES,
            |f| Some(anchor_file(f)),
        );
        let mut outcomes: Vec<Searched> = (0..sources.len()).map(|_| Searched::default()).collect();
        for (file, result) in files.iter().zip(done) {
            for (&s, searched) in file.sources.iter().zip(result.unwrap_or_default()) {
                outcomes[s] = searched;
            }
        }
        outcomes
    }
}

/// A source file to search, and the sources (with citations) that name it.
struct File<'a> {
    text: &'a str,
    sources: Vec<usize>,
}

/// The files to search, largest first (so the last claimed are small ones): each readable
/// source with citations, sources sharing a text (one file, read once) together.
fn files<'a>(head: &'a Head, by_source: &[Vec<(usize, usize)>]) -> Vec<File<'a>> {
    let mut files: Vec<File<'a>> = Vec::new();
    let mut index: HashMap<*const String, usize> = HashMap::new();
    for (s, source) in head.sources.iter().enumerate() {
        if by_source[s].is_empty() || head.texts[s].is_none() {
            continue;
        }
        let f = *index.entry(Arc::as_ptr(&source.text)).or_insert_with(|| {
            files.push(File {
                text: &source.text,
                sources: Vec::new(),
            });
            files.len() - 1
        });
        files[f].sources.push(s);
    }
    let citations =
        |file: &File<'_>| -> usize { file.sources.iter().map(|&s| by_source[s].len()).sum() };
    files.sort_by_key(|file| std::cmp::Reverse(file.text.len() + citations(file) * 128));
    files
}

/// One source's outcomes, and advice for the quotes that failed.
#[derive(Default)]
struct Searched {
    outcomes: Vec<Outcome>,
    advice: Vec<Option<Advice>>,
}

/// What became of each citation of a source that no longer matches its fingerprint.
#[derive(Default)]
struct Tally {
    exact: usize,
    /// (how, event, line of its quote) for each citation that no longer anchors exactly.
    not_exact: Vec<(&'static str, String, Pos)>,
}

impl Tally {
    fn count(&mut self, outcome: &Outcome, advice: Option<&Advice>, entity: String, at: Pos) {
        let how = match outcome {
            Outcome::Found(_) => {
                self.exact += 1;
                return;
            }
            Outcome::Empty => return,
            Outcome::NotFound { .. } if matches!(advice, Some(Advice::Closest { .. })) => {
                "only approximately"
            }
            Outcome::NotFound { .. } => "not at all",
            Outcome::Ambiguous { .. } | Outcome::PrefixNotFound { .. } => "ambiguously",
        };
        self.not_exact.push((how, entity, at));
    }

    /// The problem at the source's `sha256:`, with the new digest as its suggestion: confident,
    /// so `--pin` may write it, when every quote of the source still anchors exactly.
    fn report(self, report: &mut Report<'_>, source: &Source, at: Pos, digest: &str) {
        let total = self.exact + self.not_exact.len();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let help = if self.not_exact.is_empty() {
            match total {
                0 => "no citation quotes it; if it is the document you meant, update `sha256:` (`sourceline check --pin` does it)".to_string(),
                n => format!("its {n} quote{} still anchor{} exactly; if the source still says what they cite, update `sha256:` (`sourceline check --pin` does it)", plural(n), if n == 1 { "s" } else { "" }),
            }
        } else {
            let mut parts = Vec::new();
            for how in ["only approximately", "ambiguously", "not at all"] {
                let which: Vec<String> = self
                    .not_exact
                    .iter()
                    .filter(|(h, _, _)| *h == how)
                    .map(|(_, entity, at)| match at {
                        Some((line, _)) => format!("{entity} (line {line})"),
                        None => entity.clone(),
                    })
                    .collect();
                if !which.is_empty() {
                    parts.push(format!("{how}: {}", which.join(", ")));
                }
            }
            format!(
                "{} of its {total} quote{} still anchor exactly; {}; check those, then `sourceline check --pin` updates `sha256:` once every quote anchors",
                self.exact,
                plural(total),
                parts.join("; ")
            )
        };
        report.add(
            at,
            &format!("source \"{}\"", source.id),
            "sha256",
            format!(
                "source file \"{}\" no longer matches its fingerprint",
                source.path
            ),
            help,
        );
        if let Some(problem) = report.problems.last_mut() {
            problem.suggestion = Some(Suggestion {
                replacement: digest.to_string(),
                confident: self.not_exact.is_empty(),
                from: None,
            });
        }
    }
}
