//! The actor and tag pickers: a list to narrow by typing, toggle with Space, apply with Enter.

use crate::find::{Combine, Filter};
use crate::model::{Chronology, Event};
use crate::text::{Fold, fold_needle};

/// What a picker chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerKind {
    Actors,
    Tags,
}

/// One choice: its label, a detail (the actor's kind), and how many events it appears in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub count: usize,
    /// The actor's or the tag's index in the chronology.
    pub index: usize,
    /// Folded label and detail, for narrowing.
    key: String,
}

/// Picker state: the choices, the typed narrowing text, the cursor and the chosen set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    pub items: Vec<Item>,
    pub query: String,
    /// Indices into `items` that match `query`, in display order.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub cursor: usize,
    /// Indices into `items` that are ticked.
    pub chosen: Vec<usize>,
    pub combine: Combine,
}

/// For each of `len` actors or tags, the number of events that list it (through `of`).
fn uses(chronology: &Chronology, len: usize, of: impl Fn(&Event) -> &[usize]) -> Vec<usize> {
    let mut counts = vec![0; len];
    for e in &chronology.events {
        for &i in of(e) {
            if let Some(count) = counts.get_mut(i) {
                *count += 1;
            }
        }
    }
    counts
}

impl Picker {
    /// A picker over the chronology's actors or tags, sorted by event count, with the current
    /// filter's choices ticked.
    pub fn new(kind: PickerKind, chronology: &Chronology, filter: &Filter) -> Self {
        let mut items: Vec<Item> = match kind {
            PickerKind::Actors => {
                let counts = uses(chronology, chronology.actors.len(), |e| &e.actors);
                chronology
                    .actors
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Item {
                        key: fold_needle(
                            &format!("{} {} {}", a.name, a.id, a.aliases.join(" ")),
                            Fold::SEARCH,
                        ),
                        label: a.name.clone(),
                        detail: a.kind.clone(),
                        count: counts[i],
                        index: i,
                    })
                    .collect()
            }
            PickerKind::Tags => {
                let counts = uses(chronology, chronology.tags.len(), |e| &e.tags);
                chronology
                    .tags
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Item {
                        key: fold_needle(t, Fold::SEARCH),
                        label: t.clone(),
                        detail: String::new(),
                        count: counts[i],
                        index: i,
                    })
                    .collect()
            }
        };
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        let chosen = items
            .iter()
            .enumerate()
            .filter(|(_, item)| match kind {
                PickerKind::Actors => filter.actors.contains(&item.index),
                PickerKind::Tags => filter.tags.contains(&item.index),
            })
            .map(|(i, _)| i)
            .collect();
        let mut picker = Self {
            kind,
            shown: Vec::new(),
            items,
            query: String::new(),
            cursor: 0,
            chosen,
            combine: filter.combine,
        };
        picker.narrow();
        picker
    }

    /// Recomputes `shown` from the query.
    pub fn narrow(&mut self) {
        let needle = fold_needle(&self.query, Fold::SEARCH);
        self.shown = (0..self.items.len())
            .filter(|&i| self.items[i].key.contains(&needle))
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.narrow();
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.narrow();
    }

    pub fn down(&mut self) {
        self.cursor = (self.cursor + 1).min(self.shown.len().saturating_sub(1));
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Ticks or unticks the item under the cursor.
    pub fn toggle(&mut self) {
        let Some(&item) = self.shown.get(self.cursor) else {
            return;
        };
        if let Some(p) = self.chosen.iter().position(|&c| c == item) {
            self.chosen.remove(p);
        } else {
            self.chosen.push(item);
        }
    }

    pub fn toggle_combine(&mut self) {
        self.combine = match self.combine {
            Combine::Any => Combine::All,
            Combine::All => Combine::Any,
        };
    }

    /// The filter with this picker's choices replacing its kind's part. When nothing is ticked
    /// and the cursor is on an item, Enter takes that item: "pick Hamas" is `a`, type, `Enter`.
    pub fn apply_to(&self, filter: &Filter) -> Filter {
        let mut chosen = self.chosen.clone();
        if chosen.is_empty()
            && !self.query.is_empty()
            && let Some(&item) = self.shown.get(self.cursor)
        {
            chosen.push(item);
        }
        let mut out = filter.clone();
        out.combine = self.combine;
        match self.kind {
            PickerKind::Actors => {
                out.actors = chosen.iter().map(|&i| self.items[i].index).collect();
            }
            PickerKind::Tags => {
                out.tags = chosen.iter().map(|&i| self.items[i].index).collect();
            }
        }
        out
    }
}
