//! Moving through time: go to a date typed in the prompt, step a year forward or back, and
//! the clock times are shown on.
//!
//! The filtered view is in the order of instants, so going to a date is a binary search over
//! it; years are those of the days shown, which a converted clock may move.

use super::{App, Focus};
use crate::model::{Clock, Date, DateError, EventIx, Zone};

impl App {
    /// The zone a date typed in the prompt is read in: the shown clock's, else the
    /// chronology's (`2024-01-03T14:00` is 14:00 as the screen shows times).
    fn typed_zone(&self) -> Option<Zone> {
        match &self.clock {
            Clock::In { name, .. } => Zone::named(name).or(self.chronology.timezone),
            Clock::AsWritten => self.chronology.timezone,
        }
    }

    /// A date typed in the prompt, read in [`App::typed_zone`].
    pub(super) fn parse_typed_date(&self, text: &str) -> Result<Date, DateError> {
        Date::parse_in(text, self.typed_zone())
    }

    pub(super) fn go_to_date(&mut self, date: &Date) {
        if self.visible.is_empty() {
            self.message = Some("no events to go to".into());
            return;
        }
        let target = date.order();
        let p = self
            .visible
            .partition_point(|&e| self.chronology.events[e].date.order() < target);
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
        let year = |e: EventIx| self.chronology.events[e].date.year_in(&self.clock);
        let current = year(event);
        // The view is in the order of instants, so the years shown never decrease along it
        // (as written, times in several zones may cross a new year out of step: a search then
        // lands near, never out of bounds).
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

    /// `z`: the next clock of [`App::clocks`]; the rows, lanes and strip follow it.
    pub(super) fn cycle_clock(&mut self) {
        let at = self
            .clocks
            .iter()
            .position(|c| *c == self.clock)
            .map_or(0, |i| (i + 1) % self.clocks.len().max(1));
        if let Some(next) = self.clocks.get(at) {
            self.clock = next.clone();
        }
        self.refilter();
        self.ensure_selected_visible();
        // A converted clock stays named in the status bar; the way back is said once.
        self.message = self
            .clock
            .is_as_written()
            .then(|| "times as written".into());
    }

    /// Shows times on `clock` first (`--tz`), with `local` (this machine's zone) in the cycle
    /// after as written and UTC.
    pub fn set_clocks(&mut self, clock: Clock, local: Clock) {
        let mut clocks = vec![
            clock.clone(),
            Clock::AsWritten,
            Clock::zone(Zone::utc()),
            local,
        ];
        let mut seen: Vec<String> = Vec::new();
        clocks.retain(|c| {
            let key = c.label().to_string();
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        self.clocks = clocks;
        self.clock = clock;
        self.refilter();
    }
}
