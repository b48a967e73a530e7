//! What a reviewer recorded of each citation, and what the citations of an event add up to.
//!
//! A review is tied to the exact bytes reviewed (the source's SHA-256 then): when the file
//! changes, the review no longer vouches for what the passage now says, so it is *stale* and
//! counts as not reviewed. Everything here is computed from the chronology alone, so the
//! viewer, `check`, `list` and the reports agree on every count.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Chronology, Citation, Event};

/// How reliable a source is judged, on the Admiralty scale: `A` reliable … `E` unreliable,
/// `F` cannot be judged.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    /// The grade written as a letter (either case); `None` outside `A`–`F`.
    pub fn parse(written: &str) -> Option<Self> {
        Some(match written.trim().to_ascii_uppercase().as_str() {
            "A" => Self::A,
            "B" => Self::B,
            "C" => Self::C,
            "D" => Self::D,
            "E" => Self::E,
            "F" => Self::F,
            _ => return None,
        })
    }

    pub fn letter(self) -> char {
        match self {
            Self::A => 'A',
            Self::B => 'B',
            Self::C => 'C',
            Self::D => 'D',
            Self::E => 'E',
            Self::F => 'F',
        }
    }
}

/// What a citation's passage does for its event's claim.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Stance {
    #[default]
    Supports,
    Contradicts,
    /// Background: neither for nor against the claim.
    Context,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

    pub fn parse(written: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == written.trim())
    }

    /// As the file writes it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Contradicts => "contradicts",
            Self::Context => "context",
        }
    }
}

/// What a reviewer found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// The passage says what the event claims.
    Verified,
    /// It does not, or not as claimed: the note says why.
    Disputed,
}

impl Verdict {
    pub fn parse(written: &str) -> Option<Self> {
        match written.trim() {
            "verified" => Some(Self::Verified),
            "disputed" => Some(Self::Disputed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Disputed => "disputed",
        }
    }
}

/// A citation's `review:`: who checked it, when, against which bytes of the source.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub status: Verdict,
    pub by: String,
    pub on: NaiveDate,
    /// The source file's SHA-256 when it was reviewed, lowercase.
    pub sha256: String,
    pub note: Option<String>,
}

/// Where a citation stands in a review pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewState {
    Unreviewed,
    Verified,
    Disputed,
    /// Reviewed against bytes the source no longer has: as good as unreviewed, with a reason.
    Stale,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Unreviewed,
        ReviewState::Verified,
        ReviewState::Disputed,
        ReviewState::Stale,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Unreviewed => "unreviewed",
            Self::Verified => "verified",
            Self::Disputed => "disputed",
            Self::Stale => "stale",
        }
    }

    /// Whether a review pass still has to look at it: all but a current verification.
    pub fn needs_review(self) -> bool {
        self != Self::Verified
    }
}

/// What an event's citations add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Corroboration {
    /// Citations that support the claim (stance `supports`) and are not disputed.
    pub supporting: usize,
    /// Distinct publishers of those (a source without `publisher` counts as its own).
    pub publishers: usize,
    /// Citations verified against the source as it is now.
    pub verified: usize,
    /// All its citations.
    pub citations: usize,
    /// Whether any citation contradicts it.
    pub contested: bool,
}

impl Corroboration {
    /// Resting on one publisher or none.
    pub fn single_sourced(self) -> bool {
        self.publishers <= 1
    }

    /// As the event pane says it: `2 publishers · 1 of 3 verified · contested`.
    pub fn summary(self) -> String {
        let mut out = format!(
            "{} publisher{} · {} of {} verified",
            self.publishers,
            if self.publishers == 1 { "" } else { "s" },
            self.verified,
            self.citations
        );
        if self.contested {
            out.push_str(" · contested");
        }
        out
    }
}

/// Today in UTC, from the system clock: the date a review is written with and checked against.
pub fn today_utc() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(NaiveDate::MAX)
}

impl Chronology {
    /// Where `citation` stands: stale when its source's bytes are not those reviewed (known
    /// only when the source's digest was taken, which the loader does whenever the file has a
    /// review).
    pub fn review_state(&self, citation: &Citation) -> ReviewState {
        let Some(review) = &citation.review else {
            return ReviewState::Unreviewed;
        };
        let current = self
            .sources
            .get(citation.source)
            .and_then(|s| s.sha256.as_deref());
        if current.is_some_and(|now| !now.eq_ignore_ascii_case(&review.sha256)) {
            return ReviewState::Stale;
        }
        match review.status {
            Verdict::Verified => ReviewState::Verified,
            Verdict::Disputed => ReviewState::Disputed,
        }
    }

    /// What the citations of `event` add up to.
    pub fn corroboration(&self, event: &Event) -> Corroboration {
        let mut publishers: HashSet<Publisher<'_>> = HashSet::new();
        let mut out = Corroboration {
            citations: event.citations.len(),
            ..Corroboration::default()
        };
        for citation in &event.citations {
            let state = self.review_state(citation);
            if state == ReviewState::Verified {
                out.verified += 1;
            }
            match citation.stance {
                Stance::Contradicts => out.contested = true,
                Stance::Supports if state != ReviewState::Disputed => {
                    out.supporting += 1;
                    publishers.insert(
                        match self
                            .sources
                            .get(citation.source)
                            .and_then(|s| s.publisher.as_deref())
                        {
                            Some(name) => Publisher::Named(name.trim()),
                            None => Publisher::Source(citation.source),
                        },
                    );
                }
                Stance::Supports | Stance::Context => {}
            }
        }
        out.publishers = publishers.len();
        out
    }

    /// Whether any citation of `event` needs review (unreviewed, stale or disputed).
    pub fn needs_review(&self, event: &Event) -> bool {
        event
            .citations
            .iter()
            .any(|c| self.review_state(c).needs_review())
    }
}

/// Who stands behind a supporting citation.
#[derive(Hash, PartialEq, Eq)]
enum Publisher<'a> {
    Named(&'a str),
    Source(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Source};

    fn source(id: &str, publisher: Option<&str>, sha: &str) -> Source {
        Source {
            id: id.into(),
            publisher: publisher.map(Into::into),
            sha256: Some(sha.into()),
            ..Source::default()
        }
    }

    fn cite(source: usize, stance: Stance, review: Option<(Verdict, &str)>) -> Citation {
        Citation {
            source,
            quote: "q".into(),
            prefix: None,
            note: None,
            range: 0..1,
            page: None,
            line: None,
            stance,
            review: review.map(|(status, sha)| {
                Review {
                    status,
                    by: "Sam".into(),
                    on: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
                    sha256: sha.into(),
                    note: None,
                }
                .into()
            }),
        }
    }

    fn event(citations: Vec<Citation>) -> Event {
        Event {
            id: "e".into(),
            date: Date::parse("2024").unwrap(),
            title: "E".into(),
            actors: crate::model::Few::new(),
            summary: None,
            tags: crate::model::Few::new(),
            related: crate::model::Few::new(),
            citations,
            draft: false,
            links: Vec::new(),
        }
    }

    fn chronology() -> Chronology {
        Chronology {
            sources: vec![
                source("a", Some("Reuters"), "aa"),
                source("b", Some("Reuters"), "bb"),
                source("c", None, "cc"),
                source("d", None, "dd"),
            ],
            ..Chronology::default()
        }
    }

    #[test]
    fn a_review_is_stale_once_the_source_is_not_the_bytes_reviewed() {
        let c = chronology();
        let state = |cit: Citation| c.review_state(&cit);
        assert_eq!(
            state(cite(0, Stance::Supports, None)),
            ReviewState::Unreviewed
        );
        let verified = Some((Verdict::Verified, "AA"));
        assert_eq!(
            state(cite(0, Stance::Supports, verified)),
            ReviewState::Verified
        );
        let disputed = Some((Verdict::Disputed, "aa"));
        assert_eq!(
            state(cite(0, Stance::Supports, disputed)),
            ReviewState::Disputed
        );
        let old = Some((Verdict::Verified, "00"));
        assert_eq!(state(cite(0, Stance::Supports, old)), ReviewState::Stale);
        assert!(ReviewState::Stale.needs_review() && !ReviewState::Verified.needs_review());
    }

    #[test]
    fn publishers_count_once_and_a_source_without_one_counts_as_its_own() {
        let c = chronology();
        let e = event(vec![
            cite(0, Stance::Supports, Some((Verdict::Verified, "aa"))),
            cite(1, Stance::Supports, None),
            cite(2, Stance::Supports, Some((Verdict::Verified, "00"))),
            cite(3, Stance::Supports, Some((Verdict::Disputed, "dd"))),
            cite(3, Stance::Context, None),
        ]);
        let got = c.corroboration(&e);
        assert_eq!(
            got,
            Corroboration {
                supporting: 3,
                publishers: 2,
                verified: 1,
                citations: 5,
                contested: false,
            }
        );
        assert!(!got.single_sourced());
        assert_eq!(got.summary(), "2 publishers · 1 of 5 verified");
    }

    #[test]
    fn one_publisher_is_single_sourced_and_a_contradiction_contests() {
        let c = chronology();
        let e = event(vec![
            cite(0, Stance::Supports, None),
            cite(1, Stance::Supports, None),
            cite(2, Stance::Contradicts, None),
        ]);
        let got = c.corroboration(&e);
        assert_eq!((got.supporting, got.publishers), (2, 1));
        assert!(got.single_sourced() && got.contested);
        assert_eq!(got.summary(), "1 publisher · 0 of 3 verified · contested");
        assert!(c.needs_review(&e));
    }

    #[test]
    fn words_are_read_as_the_file_writes_them() {
        assert_eq!(Reliability::parse("b"), Some(Reliability::B));
        assert_eq!(Reliability::parse("G"), None);
        assert_eq!(Reliability::F.letter(), 'F');
        assert_eq!(Stance::parse("contradicts"), Some(Stance::Contradicts));
        assert_eq!(Stance::parse("refutes"), None);
        assert_eq!(Verdict::parse("disputed"), Some(Verdict::Disputed));
        assert_eq!(Verdict::parse("ok"), None);
    }
}
