//! What the lanes keys, clicks and the wheel do to the app, how the lanes follow a selection
//! made elsewhere, and what the strip asks of the app (the days in view, the density). Every
//! change of event goes through the app's own `select`/`jump_to`, so the list, the lanes, the
//! event and the source panes keep showing one event.

use ratatui::layout::{Position, Rect};

use super::{Grouping, Lanes, Viewport, density, strip_area};
use crate::app::keymap::keys_for;
use crate::app::search::Scope;
use crate::app::{Action, App, Focus, layout};
use crate::model::{Chronology, Date, EventIx, Few};

/// Zoom factor of one `+`/`-` or wheel step.
const ZOOM: i64 = 2;

impl App {
    /// The lanes pane's parts at the current size.
    pub fn lanes_geometry(&self) -> super::Geometry {
        self.lanes.geometry(layout::inner(self.areas.timeline))
    }

    /// The plot's width and the minutes it shows.
    fn lanes_view(&self) -> Option<(u16, Viewport, Viewport)> {
        let width = self.lanes_geometry().plot.width;
        if width == 0 {
            return None;
        }
        Some((width, self.lanes.viewport(width)?, self.lanes.fit(width)?))
    }

    /// The selected event's mark (the minute of its time, or of its day's midnight, on the
    /// clock shown), if it is dated.
    pub fn selected_mark(&self) -> Option<i64> {
        let e = self.current_event()?;
        super::shape_of(&self.chronology.events[e].date, &self.clock).map(|s| s.mark)
    }

    /// Selects `event` (no jump recorded), if the filter shows it.
    fn select_event(&mut self, event: EventIx) {
        if let Ok(p) = self.visible.binary_search(&event) {
            self.select(p);
        }
    }

    /// The lanes' keys and the strip's.
    pub(in crate::app) fn update_lanes(&mut self, action: Action) {
        match action {
            Action::ToggleLanes => {
                self.lanes.on = !self.lanes.on;
                self.lanes.followed = None;
                if self.lanes.on {
                    self.focus = Focus::Timeline;
                    self.lanes
                        .rebuild(&self.chronology, &self.visible, &self.filter, &self.clock);
                }
            }
            Action::ToggleStrip => {
                self.lanes.strip = !self.lanes.strip;
                if !self.lanes.strip {
                    let key = keys_for(self.pane_context(), Action::ToggleStrip);
                    self.message = Some(match key.first() {
                        Some(k) => format!("overview strip hidden — {k} shows it"),
                        None => "overview strip hidden".into(),
                    });
                }
            }
            Action::LaneGrouping => {
                self.lanes.grouping = match self.lanes.grouping {
                    Grouping::Actors => Grouping::Tags,
                    Grouping::Tags => Grouping::Actors,
                };
                self.lanes
                    .rebuild(&self.chronology, &self.visible, &self.filter, &self.clock);
                self.lanes.lane = 0;
            }
            Action::NextInLane => self.step_in_lane(true),
            Action::PrevInLane => self.step_in_lane(false),
            Action::LaneDown => self.step_lane(true),
            Action::LaneUp => self.step_lane(false),
            Action::ZoomIn => self.zoom_lanes(true, None),
            Action::ZoomOut => self.zoom_lanes(false, None),
            Action::ZoomFit => self.lanes.zoom = None,
            _ => {}
        }
    }

    /// `h`/`l`: the previous or next event of the current lane, from the selection's place in it.
    fn step_in_lane(&mut self, forward: bool) {
        let Some(lane) = self.lanes.index.lanes.get(self.lanes.lane) else {
            return;
        };
        let (Some(event), Some(day)) = (self.current_event(), self.selected_mark()) else {
            return;
        };
        let target = match (lane.position(day, event), forward) {
            (Ok(i), true) => i.checked_add(1),
            (Err(i), true) => Some(i),
            (Ok(i) | Err(i), false) => i.checked_sub(1),
        };
        match target.and_then(|i| lane.mark(i)) {
            Some(m) => {
                let event = m.event;
                self.select_event(event);
            }
            None => {
                self.message = Some(if forward {
                    "no later event in this lane".into()
                } else {
                    "no earlier event in this lane".into()
                });
            }
        }
    }

    /// `j`/`k`: the lane below or above, at its event nearest in time to the selection.
    fn step_lane(&mut self, down: bool) {
        let rows = self.lanes_geometry().rows();
        let last = rows.min(self.lanes.index.lanes.len()).saturating_sub(1);
        let lane = if down {
            (self.lanes.lane + 1).min(last)
        } else {
            self.lanes.lane.saturating_sub(1)
        };
        self.enter_lane(lane);
    }

    /// Makes `lane` current and selects its event nearest in time to the selection (the
    /// selection stays when it is in that lane).
    fn enter_lane(&mut self, lane: usize) {
        let Some(l) = self.lanes.index.lanes.get(lane) else {
            return;
        };
        self.lanes.lane = lane;
        let Some(day) = self.selected_mark() else {
            return;
        };
        if let Some(e) = self.current_event()
            && l.position(day, e).is_ok()
        {
            return;
        }
        let i = l.first_from(day);
        let nearest = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|i| l.mark(i))
            .min_by_key(|m| (m.at - day).abs());
        if let Some(m) = nearest {
            self.select_event(m.event);
        }
    }

    /// `+`/`-` and the wheel: zoom around the minute under the pointer, else the selection.
    fn zoom_lanes(&mut self, closer: bool, pointer: Option<i64>) {
        let Some((width, view, fit)) = self.lanes_view() else {
            return;
        };
        let selected = self.selected_mark();
        let Some(at) = pointer.or(selected) else {
            return;
        };
        let (num, den) = if closer { (1, ZOOM) } else { (ZOOM, 1) };
        let mut zoomed = view.zoom(num, den, at, width, fit);
        if let (None, Some(day)) = (pointer, selected) {
            // Around the selection, it keeps its column but not at the very edge, where a
            // closer zoom would hide all that happened on one side of it.
            let w = i64::from(width);
            let column = zoomed.column(day, width);
            let inside = column.clamp(w / 4, w - 1 - w / 4);
            if inside != column {
                zoomed = zoomed.place(day, inside, width, fit);
            }
        }
        if zoomed == view {
            self.message = Some(if closer {
                if fit.floor < super::axis::DAY_FLOOR {
                    "closest zoom: a minute per column".into()
                } else {
                    "closest zoom: an hour per column".into()
                }
            } else {
                "everything is in view".into()
            });
        }
        self.lanes.zoom = (zoomed != fit).then_some(zoomed);
    }

    /// After every action: the lane cursor and the zoom follow a selection made elsewhere, and the
    /// search matches are sorted into lanes when the query or the lanes changed.
    pub(in crate::app) fn refresh_lanes(&mut self) {
        if !self.lanes.on {
            return;
        }
        self.refresh_lane_hits();
        let current = self.current_event();
        if current == self.lanes.followed {
            return;
        }
        self.lanes.followed = current;
        let Some(event) = current else {
            return;
        };
        let rows = self.lanes_geometry().rows();
        let in_lane = |lanes: &Lanes, l: usize| {
            lanes.index.lanes.get(l).is_some_and(|lane| {
                super::shape_of(&self.chronology.events[event].date, &self.clock)
                    .is_some_and(|s| lane.position(s.mark, event).is_ok())
            })
        };
        if !in_lane(&self.lanes, self.lanes.lane)
            && let Some(l) = self
                .lanes
                .index
                .lanes_of(&self.chronology, event, self.lanes.grouping)
                .filter(|&l| l < rows)
                .min()
        {
            self.lanes.lane = l;
        }
        if let (Some((width, view, fit)), Some(day)) = (self.lanes_view(), self.selected_mark())
            && !(0..i64::from(width)).contains(&view.column(day, width))
        {
            self.lanes.zoom = Some(view.centre(day, width, fit));
        }
    }

    fn refresh_lane_hits(&mut self) {
        let needle = match &self.search {
            Some(s) if s.scope == Scope::Events && !s.needle.is_empty() => s.needle.clone(),
            _ => String::new(),
        };
        let key = Some((needle, self.lanes.index.generation));
        if key == self.lanes.hits_for {
            return;
        }
        let mut hits = vec![Vec::new(); self.lanes.index.lanes.len()];
        if let Some(search) = self
            .search
            .as_ref()
            .filter(|_| key.as_ref().is_some_and(|k| !k.0.is_empty()))
        {
            for &p in &search.events {
                let Some(&event) = self.visible.get(p) else {
                    continue;
                };
                let Some(shape) = super::shape_of(&self.chronology.events[event].date, &self.clock)
                else {
                    continue;
                };
                for l in self
                    .lanes
                    .index
                    .lanes_of(&self.chronology, event, self.lanes.grouping)
                {
                    hits[l].push(shape.mark);
                }
            }
        }
        for h in &mut hits {
            h.sort_unstable();
        }
        self.lanes.hits = hits;
        self.lanes.hits_for = key;
    }

    /// Before a reload replaces the chronology, what its lanes' index rests on for the events
    /// the patch changes (`kept`: see [`App::replace_chronology_with`]); `None` after a full
    /// load, or a patch that changed or moved more than a few events, which moves marks.
    pub(in crate::app) fn lanes_before(
        &mut self,
        kept: Option<&[Option<usize>]>,
    ) -> Option<LanesBefore> {
        const FEW: usize = 64;
        let kept = kept.filter(|k| k.len() == self.chronology.events.len())?;
        let changed: Vec<usize> = (kept.iter().enumerate())
            .filter(|&(i, k)| *k != Some(i))
            .map(|(i, _)| i)
            .take(FEW + 1)
            .collect();
        if changed.len() > FEW {
            return None;
        }
        let events = &self.chronology.events;
        Some(LanesBefore {
            changed: (changed.into_iter())
                .map(|i| {
                    (
                        i,
                        events[i].date,
                        events[i].actors.clone(),
                        events[i].tags.clone(),
                    )
                })
                .collect(),
            tags: self.chronology.tags.clone(),
            index: std::mem::take(&mut self.lanes.index),
            visible: std::mem::take(&mut self.visible),
        })
    }

    /// Keeps the lanes' settings and cursor across a reload (the new app starts from defaults): set before
    /// the reload's one refilter, which builds the lanes' index with them.
    pub(in crate::app) fn keep_lanes(&mut self, old: &Lanes) {
        self.lanes.on = old.on;
        self.lanes.strip = old.strip;
        self.lanes.zoom = old.zoom;
        self.lanes.grouping = old.grouping;
        // Clamped once the index is built or kept.
        self.lanes.lane = old.lane;
    }

    /// A click on the strip goes to the time clicked; one in the lanes selects the event under
    /// it (or the lane). True when the click was theirs.
    pub(in crate::app) fn click_lanes(&mut self, x: u16, y: u16) -> bool {
        let at = Position::new(x, y);
        if let Some(strip) = strip_area(&self.areas)
            && strip.contains(at)
        {
            self.click_strip(strip, x);
            return true;
        }
        if !self.lanes.on || !layout::inner(self.areas.timeline).contains(at) {
            return false;
        }
        self.focus = Focus::Timeline;
        let g = self.lanes_geometry();
        let row = |r: Rect| usize::from(y.saturating_sub(r.y));
        if g.labels.contains(at) {
            self.enter_lane(row(g.labels));
        } else if g.plot.contains(at) {
            // A click far from any mark selects nothing, and leaves the lane cursor with the
            // selection.
            let lane = row(g.plot);
            if let Some(event) = self.event_at(lane, x - g.plot.x, g.plot.width) {
                self.lanes.lane = lane;
                self.select_event(event);
            }
        }
        true
    }

    /// The event a lane's column holds: the one marked there (the first of several; the next
    /// one when the selected is among them), else the nearest mark within two columns.
    fn event_at(&self, lane: usize, column: u16, width: u16) -> Option<EventIx> {
        let l = self.lanes.index.lanes.get(lane)?;
        let view = self.lanes.viewport(width)?;
        let c = i64::from(column);
        let (from, to) = view.minutes(c, width);
        let here = l.range(from, to);
        let a = here.start;
        if !here.is_empty() {
            // Several here: each click takes the next, after the selected one.
            let current = self.current_event();
            let n = here.len();
            let next = (0..n)
                .find(|&i| l.mark(a + i).map(|m| m.event) == current)
                .map_or(0, |i| (i + 1) % n);
            return l.mark(a + next).map(|m| m.event);
        }
        [a.checked_sub(1), Some(a)]
            .into_iter()
            .flatten()
            .filter_map(|i| l.mark(i))
            .map(|m| ((view.column(m.at, width) - c).abs(), m.event))
            .filter(|&(d, _)| d <= 2)
            .min()
            .map(|(_, e)| e)
    }

    fn click_strip(&mut self, strip: Rect, x: u16) {
        let all = &self.lanes.index.all;
        let (Some(view), w) = (self.lanes.fit(strip.width), strip.width) else {
            return;
        };
        let (from, to) = view.minutes(i64::from(x - strip.x), w);
        let middle = i64::midpoint(from, to);
        let i = all.first_from(middle);
        let nearest = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|i| all.mark(i))
            .min_by_key(|m| (m.at - middle).abs())
            .map(|m| m.event);
        if let Some(event) = nearest {
            self.jump_to(event, 0, Focus::Timeline);
        }
    }

    /// The wheel over the lanes zooms around the pointer; over their axis it pans. True when
    /// the wheel was theirs.
    pub(in crate::app) fn wheel_lanes(&mut self, x: u16, y: u16, by: isize) -> bool {
        if !self.lanes.on || !layout::inner(self.areas.timeline).contains(Position::new(x, y)) {
            return false;
        }
        let g = self.lanes_geometry();
        let Some((width, view, fit)) = self.lanes_view() else {
            return true;
        };
        if y == g.axis.y {
            let step = i64::from(width / 8).max(1) * if by > 0 { 1 } else { -1 };
            let panned = view.pan(step, width, fit);
            self.lanes.zoom = (panned != fit).then_some(panned);
        } else {
            let column = i64::from(x.saturating_sub(g.plot.x).min(width - 1));
            self.zoom_lanes(by < 0, Some(view.first_minute(column, width)));
        }
        true
    }

    /// The minutes the reader has in view, for the strip's brackets: the lanes' viewport, or
    /// the marks of the first and last event on the list's rows in view.
    pub fn minutes_in_view(&self) -> Option<(i64, i64)> {
        if self.lanes.on {
            let width = self.lanes_geometry().plot.width;
            let view = self.lanes.viewport(width)?;
            return Some((view.start, view.start + view.span - 1));
        }
        let height = usize::from(layout::inner(self.areas.timeline).height);
        let start = self.timeline_offset.min(self.rows.len());
        let end = (start + height).min(self.rows.len());
        let mut days = self.rows[start..end].iter().filter_map(|r| match r {
            crate::app::timeline::Row::Event(p) => self
                .visible
                .get(*p)
                .and_then(|&e| super::shape_of(&self.chronology.events[e].date, &self.clock))
                .map(|s| s.mark),
            _ => None,
        });
        let first = days.next()?;
        let last = days.next_back().unwrap_or(first);
        Some((first, last))
    }

    /// The strip's density at `width` columns, for the renderer.
    pub fn strip_density(&self, width: u16) -> Vec<usize> {
        self.lanes
            .fit(width)
            .map(|view| density(&self.lanes.index.all, &view, width))
            .unwrap_or_default()
    }
}

/// The lanes' index of a view a reload replaces, and what it rests on: each changed event's
/// date, actors and tags as they were, the tags, and the events shown.
pub(in crate::app) struct LanesBefore {
    changed: Vec<(EventIx, Date, Few<usize>, Few<usize>)>,
    tags: Vec<String>,
    index: super::index::Index,
    visible: Vec<EventIx>,
}

impl LanesBefore {
    /// The index and the events it showed, when in `new` no changed event has another date,
    /// actors or tags, and the tags are the same: then every mark is where it was, and the
    /// index holds for the same events shown (which [`App::refilter_reusing`] checks).
    pub(in crate::app) fn still_holds(
        self,
        new: &Chronology,
    ) -> Option<(super::index::Index, Vec<EventIx>)> {
        let same = new.tags == self.tags
            && self.changed.iter().all(|(i, date, actors, tags)| {
                new.events
                    .get(*i)
                    .is_some_and(|e| e.date == *date && e.actors == *actors && e.tags == *tags)
            });
        same.then_some((self.index, self.visible))
    }
}
