//! Anchoring every quote in its source, sources searched on all cores.
//!
//! Citations are grouped by source so each source is searched once, with one automaton for
//! all its quotes ([`crate::anchor`]); sources are independent, so free threads claim them,
//! largest first, and the outcomes are applied in order so messages do not depend on timing.

use super::finish::AllEvents;
use super::head::Head;
use super::report::Report;
use crate::anchor::{self, Outcome, Request};
use crate::load::threads::{claim_each, cores};

/// Locates every quote, grouping citations by source so each source is searched once.
pub(super) fn anchor_citations(report: &mut Report<'_>, head: &Head, pending: &mut AllEvents) {
    let sources = &head.sources;
    let mut by_source: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sources.len()];
    for (e, p) in pending.iter().enumerate() {
        for (c, citation) in p.event.citations.iter().enumerate() {
            by_source[citation.source].push((e, c));
        }
    }
    // Sources are independent: search them on all cores, then apply the outcomes in order.
    if let Some(progress) = &head.progress {
        let busy = by_source.iter().filter(|refs| !refs.is_empty()).count();
        progress
            .sources_total
            .store(busy, std::sync::atomic::Ordering::Relaxed);
    }
    let outcomes = {
        let pending: &AllEvents = pending;
        let anchor_source = |s: usize| -> Vec<Outcome> {
            let refs = &by_source[s];
            if refs.is_empty() || !head.readable[s] {
                return Vec::new();
            }
            let requests: Vec<Request<'_>> = refs
                .iter()
                .map(|&(e, c)| {
                    let citation = &pending[e].event.citations[c];
                    Request {
                        quote: &citation.quote,
                        prefix: citation.prefix.as_deref(),
                    }
                })
                .collect();
            let outcomes = anchor::anchor_all(&sources[s].text, &requests);
            if let Some(progress) = &head.progress {
                progress.anchored_one();
            }
            outcomes
        };
        // Largest first, so the last sources claimed are small ones.
        let mut order: Vec<usize> = (0..sources.len()).collect();
        order.sort_by_key(|&s| std::cmp::Reverse(sources[s].text.len() + by_source[s].len() * 128));
        let done = claim_each(order.len(), cores(), |i| Some(anchor_source(order[i])));
        let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); sources.len()];
        for (&s, result) in order.iter().zip(done) {
            outcomes[s] = result.unwrap_or_default();
        }
        outcomes
    };
    for (s, (refs, outcomes)) in by_source.iter().zip(outcomes).enumerate() {
        let source = &sources[s];
        for (&(e, c), outcome) in refs.iter().zip(outcomes) {
            let at = pending[e].quote_at.get(c).copied().flatten();
            let problem = match outcome {
                Outcome::Found(range) => {
                    pending[e].event.citations[c].range = range;
                    continue;
                }
                Outcome::Empty => continue, // reported as an empty required field already
                Outcome::NotFound { closest } => (
                    format!("quote not found in source \"{}\"", source.id),
                    match closest {
                        Some(words) => format!(
                            "the source has \"{words}\" but differs after it; copy the passage exactly (quote marks, dashes and spacing may differ)"
                        ),
                        None => "copy the passage exactly from the source (quote marks, dashes and spacing may differ)".into(),
                    },
                ),
                Outcome::Ambiguous { count } => (
                    format!("quote found {count} times in source \"{}\"", source.id),
                    "add `prefix:` with the words just before the passage you mean, or quote a longer passage".into(),
                ),
                Outcome::PrefixNotFound { count } => (
                    format!(
                        "quote found {count} time{} in source \"{}\", but never right after the given prefix",
                        if count == 1 { "" } else { "s" },
                        source.id
                    ),
                    "`prefix:` must be the text immediately before the quote; fix or remove it".into(),
                ),
            };
            report.add(
                at,
                &pending[e].entity(),
                "citations.quote",
                problem.0,
                problem.1,
            );
        }
    }
}
