//! Moving through time: go to a date typed in the prompt, step a year forward or back.
//!
//! The filtered view is in date order, so both are binary searches over it.

use super::{App, Focus};
use crate::model::{Date, EventIx};

impl App {
    pub(super) fn go_to_date(&mut self, date: &Date) {
        if self.visible.is_empty() {
            self.message = Some("no events to go to".into());
            return;
        }
        let target = date.sort_key();
        let p = self
            .visible
            .partition_point(|&e| self.chronology.events[e].date.sort_key() < target);
        let p = if p >= self.visible.len() {
            self.message = Some(format!("no event on or after {date}: showing the last"));
            self.visible.len() - 1
        } else {
            p
        };
        self.jump_to(self.visible[p], 0, Focus::Timeline);
    }

    pub(super) fn step_year(&mut self, forward: bool) {
        let Some(event) = self.current_event() else {
            return;
        };
        let year = |e: EventIx| self.chronology.events[e].date.year();
        let current = year(event);
        // The view is in date order, so years never decrease along it: binary searches.
        let first_of = |y: i32| self.visible.partition_point(|&e| year(e) < y);
        let target = if forward {
            let next = self.visible.partition_point(|&e| year(e) <= current);
            (next < self.visible.len()).then_some(next)
        } else {
            first_of(current)
                .checked_sub(1)
                .map(|last_of_previous| first_of(year(self.visible[last_of_previous])))
        };
        match target {
            Some(p) => self.select(p),
            None => {
                self.message = Some(if forward {
                    "already in the last year".into()
                } else {
                    "already in the first year".into()
                });
            }
        }
    }
}
