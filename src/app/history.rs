//! The jump list (`Ctrl-o` / `Ctrl-i`), as in vim: big moves are recorded so the reader can go
//! back to where they were after following a citation or a related event.

/// A place in the viewer worth returning to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Event index in the chronology (not in the filtered view).
    pub event: usize,
    pub citation: usize,
    pub focus: super::Focus,
}

/// Past and (after going back) future locations.
#[derive(Clone, Debug, Default)]
pub struct History {
    jumps: Vec<Location>,
    /// Index in `jumps` of where we are when walking; `jumps.len()` when at the newest point.
    position: usize,
}

/// Bound on remembered jumps, so a long session cannot grow memory without end.
const MAX_JUMPS: usize = 100;

impl History {
    /// Records `from` before a jump; forgets any forward history.
    pub fn record(&mut self, from: Location) {
        self.jumps.truncate(self.position);
        if self.jumps.last() != Some(&from) {
            self.jumps.push(from);
        }
        if self.jumps.len() > MAX_JUMPS {
            self.jumps.remove(0);
        }
        self.position = self.jumps.len();
    }

    /// Where to go back to from `current`, if anywhere.
    pub fn back(&mut self, current: Location) -> Option<Location> {
        if self.position == 0 {
            return None;
        }
        if self.position == self.jumps.len() {
            // Remember where we leave from, so forward can return here.
            if self.jumps.last() != Some(&current) {
                self.jumps.push(current);
            }
            self.position = self.jumps.len() - 1;
            if self.position == 0 {
                return None;
            }
        }
        self.position -= 1;
        self.jumps.get(self.position).copied()
    }

    /// Where to go forward to, if back was used.
    pub fn forward(&mut self) -> Option<Location> {
        if self.position + 1 >= self.jumps.len() {
            return None;
        }
        self.position += 1;
        self.jumps.get(self.position).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Focus;
    use super::*;

    fn at(event: usize) -> Location {
        Location {
            event,
            citation: 0,
            focus: Focus::Timeline,
        }
    }

    #[test]
    fn back_and_forward_walk_the_list() {
        let mut h = History::default();
        h.record(at(1));
        h.record(at(2));
        assert_eq!(h.back(at(3)), Some(at(2)));
        assert_eq!(h.back(at(2)), Some(at(1)));
        assert_eq!(h.back(at(1)), None);
        assert_eq!(h.forward(), Some(at(2)));
        assert_eq!(h.forward(), Some(at(3)));
        assert_eq!(h.forward(), None);
    }

    #[test]
    fn a_new_jump_drops_the_forward_part() {
        let mut h = History::default();
        h.record(at(1));
        assert_eq!(h.back(at(2)), Some(at(1)));
        h.record(at(1));
        assert_eq!(h.forward(), None);
        assert_eq!(h.back(at(5)), Some(at(1)));
    }
}
