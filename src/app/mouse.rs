//! The mouse: a click focuses the pane under it (and selects the timeline row clicked), the
//! wheel scrolls the pane under the pointer without moving the focus, and a drag over the
//! source text selects a passage (a plain click there drops the selection).
//!
//! Panes are found from [`super::layout::areas`], the rectangles the renderer draws into.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::timeline::Row;
use super::{Action, App, Focus, layout};

/// The action a mouse event asks for, if any: the position travels with it, since which pane
/// it lands on depends on the layout when `update` runs.
pub(super) fn action_for(m: MouseEvent) -> Option<Action> {
    match m.kind {
        MouseEventKind::ScrollDown => Some(Action::WheelDown(m.column, m.row)),
        MouseEventKind::ScrollUp => Some(Action::WheelUp(m.column, m.row)),
        MouseEventKind::Down(_) => Some(Action::ClickAt(m.column, m.row)),
        MouseEventKind::Drag(MouseButton::Left) => Some(Action::DragTo(m.column, m.row)),
        _ => None,
    }
}

impl App {
    fn pane_at(&self, x: u16, y: u16) -> Option<Focus> {
        let p = Position::new(x, y);
        [
            (Focus::Timeline, self.areas.timeline),
            (Focus::Event, self.areas.event),
            (Focus::Source, self.areas.source),
        ]
        .into_iter()
        .find(|&(pane, rect)| self.areas.shows(pane) && rect.contains(p))
        .map(|(pane, _)| pane)
    }

    pub(super) fn click(&mut self, x: u16, y: u16) {
        if self.click_lanes(x, y) {
            return;
        }
        let Some(pane) = self.pane_at(x, y) else {
            return;
        };
        self.focus = pane;
        self.drag_from = self.source_byte_at(x, y);
        if self.drag_from.is_some() {
            self.selection = None;
        }
        if pane == Focus::Timeline {
            let inner = layout::inner(self.areas.timeline);
            if inner.contains(Position::new(x, y)) {
                let row = self.timeline_offset + usize::from(y - inner.y);
                if let Some(Row::Event(p)) = self.rows.get(row) {
                    self.select(*p);
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, x: u16, y: u16, by: isize) {
        if self.wheel_lanes(x, y, by) {
            return;
        }
        match self.pane_at(x, y) {
            Some(Focus::Timeline) => {
                self.timeline_offset = self.timeline_offset.saturating_add_signed(by);
                self.clamp_timeline();
            }
            Some(Focus::Event) => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(by);
            }
            Some(Focus::Source) => self.scroll_source(by),
            None => {}
        }
    }
}
