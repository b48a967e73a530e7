//! A citation's `stance:` and `review:`, checked with the citation.
//!
//! A review is the reviewer's statement about exact bytes, so what sourceline cannot hold to
//! that is refused rather than read loosely: an unknown status, a date still to come, a
//! digest that is not one.

use chrono::{Days, NaiveDate};

use super::report::Report;
use crate::load::fingerprint;
use crate::load::schema::{At, Position, ReviewDoc, Text};
use crate::model::{Review, Stance, Verdict};

/// The stance written, `supports` when none is; a problem (and `supports`) for another word.
pub(super) fn stance<P: Position>(
    report: &mut Report<'_>,
    written: Option<&Text<P>>,
    entity: &str,
) -> Stance {
    let Some(written) = written else {
        return Stance::Supports;
    };
    Stance::parse(&written.value).unwrap_or_else(|| {
        report.add(
            written.pos(),
            entity,
            "citations.stance",
            format!(
                "`stance` is {}, which sourceline does not know",
                crate::yaml::double_quoted(&written.value)
            ),
            "write `stance: supports` (the default), `stance: contradicts` or `stance: context`",
        );
        Stance::Supports
    })
}

/// The review, or `None` with a problem for each thing wrong with it.
pub(super) fn review<P: Position>(
    report: &mut Report<'_>,
    doc: At<ReviewDoc<P>, P>,
    entity: &str,
) -> Option<Review> {
    let at = doc.pos();
    let d = doc.value;
    let status = d.status.as_ref().map(|s| (Verdict::parse(&s.value), s));
    let status = match status {
        Some((Some(v), _)) => Some(v),
        Some((None, written)) => {
            report.add(
                written.pos(),
                entity,
                "citations.review.status",
                format!(
                    "the review's `status` is {}, which sourceline does not know",
                    crate::yaml::double_quoted(&written.value)
                ),
                "write `status: verified` (the passage says what the event claims) or `status: disputed` (it does not; say why in `note:`)",
            );
            None
        }
        None => {
            report.required::<P>(None, at, entity, "citations.review.status");
            None
        }
    };
    let on = if let Some(t) = &d.on {
        on(report, t, entity)
    } else {
        report.required::<P>(None, at, entity, "citations.review.on");
        None
    };
    let sha256 = match &d.sha256 {
        Some(t) if fingerprint::is_well_formed(t.value.trim()) => {
            Some(t.value.trim().to_ascii_lowercase())
        }
        Some(t) => {
            report.add(
                t.pos(),
                entity,
                "citations.review.sha256",
                "the review's `sha256` is not a SHA-256 digest (64 hexadecimal digits)".into(),
                "write the digest `sha256sum SOURCE` prints for the file as it was reviewed; `m` and `M` in the viewer write it",
            );
            None
        }
        None => {
            report.required::<P>(None, at, entity, "citations.review.sha256");
            None
        }
    };
    let by = report.required(d.by, at, entity, "citations.review.by");
    let note = report.optional(d.note, entity, "citations.review.note");
    Some(Review {
        status: status?,
        by: by?,
        on: on?,
        sha256: sha256?,
        note,
    })
}

/// The review's date: a day, not after tomorrow in UTC (the reviewer's today, in any zone).
fn on<P: Position>(report: &mut Report<'_>, written: &Text<P>, entity: &str) -> Option<NaiveDate> {
    let field = "citations.review.on";
    let Ok(day) = NaiveDate::parse_from_str(written.value.trim(), "%Y-%m-%d") else {
        report.add(
            written.pos(),
            entity,
            field,
            format!(
                "the review's `on` is {}, which is not a day",
                crate::yaml::double_quoted(&written.value)
            ),
            "write the day it was reviewed as YYYY-MM-DD, e.g. `on: \"2025-03-14\"`",
        );
        return None;
    };
    let latest = crate::model::today_utc()
        .checked_add_days(Days::new(1))
        .unwrap_or(NaiveDate::MAX);
    if day > latest {
        report.add(
            written.pos(),
            entity,
            field,
            format!("the review is dated {day}, which is still to come"),
            "write the day the citation was reviewed; a review cannot be dated ahead",
        );
        return None;
    }
    Some(day)
}
