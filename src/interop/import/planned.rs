//! The chronology to write, as the importer plans it: built by [`super::plan`] (the title
//! slide), [`super::event`] (each slide) and [`super::era`] (each era), written out by
//! [`super::yaml`]. The types sit in a file below all of them, so none imports another for them.

use crate::model::{Date, Link, Place};

pub(super) struct Plan {
    pub title: String,
    /// For the top of the file: the title slide's text and media, top-level fields.
    pub comments: Vec<String>,
    pub periods: Vec<PlannedPeriod>,
    pub events: Vec<PlannedEvent>,
}

pub(super) struct PlannedPeriod {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub note: Option<String>,
    pub comments: Vec<String>,
}

pub(super) struct PlannedEvent {
    pub id: String,
    pub title: String,
    /// `None`: undated (a draft may be).
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    pub comments: Vec<String>,
}

impl PlannedEvent {
    /// Whether its date has a time with no offset or zone: TimelineJS gave the hours and
    /// nothing placed them, so the chronology's `timezone:` must.
    pub fn has_floating_time(&self) -> bool {
        self.date.is_some_and(|d| {
            d.points()
                .any(|p| p.time().is_some_and(|t| t.place == Place::Floating))
        })
    }
}
