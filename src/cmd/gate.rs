//! `check --require-review`: the gate before publishing. Every citation that is not verified
//! against its source as it is now (unreviewed, stale or disputed) is a problem at its line,
//! naming the event, the source and why, so CI fails with the list of what is left to check.

use crate::load::{self, Problem};
use crate::model::{Chronology, ReviewState};

/// The problems `--require-review` finds, in file order.
pub(super) fn unreviewed(name: &str, yaml: &str, c: &Chronology) -> Vec<Problem> {
    let positions = load::citation_positions(yaml);
    let mut problems = Vec::new();
    for event in &c.events {
        for (i, citation) in event.citations.iter().enumerate() {
            let state = c.review_state(citation);
            if !state.needs_review() {
                continue;
            }
            let source = c.sources.get(citation.source).map_or("", |s| s.id.as_str());
            let review = citation.review.as_ref();
            let (message, help) = match (state, review) {
                (ReviewState::Disputed, Some(r)) => (
                    format!(
                        "the citation of source \"{source}\" is disputed (by {}, on {}){}",
                        r.by,
                        r.on,
                        r.note
                            .as_deref()
                            .map_or(String::new(), |n| format!(": {n}"))
                    ),
                    "correct the event or the citation, then verify it again (`m` in the viewer)",
                ),
                (ReviewState::Stale, Some(r)) => (
                    format!(
                        "the review of the citation of source \"{source}\" is stale: the source file changed since {} reviewed it on {}",
                        r.by, r.on
                    ),
                    "check the passage again in the source as it is now, then verify it (`m` in the viewer) or dispute it (`M`)",
                ),
                _ => (
                    format!("the citation of source \"{source}\" is not reviewed"),
                    "check that the passage says what the event claims, then verify it (`m` in the viewer) or dispute it (`M`)",
                ),
            };
            let at = positions.get(&event.id).and_then(|p| p.get(i)).copied();
            problems.push(
                Problem::new(name, format!("{message}; refused by --require-review"))
                    .at(at)
                    .entity(Some(format!("event \"{}\"", event.id)))
                    .field("citations")
                    .help(help),
            );
        }
    }
    problems.sort_by_key(|p| p.position.unwrap_or((u64::MAX, 0)));
    problems
}
