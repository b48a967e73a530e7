//! Building the new chronology from the old one's events and the changed ones: the part of a
//! reload that needs the old chronology, and moves its events when it may.

use std::borrow::Cow;

use crate::load::validate::Fresh;
use crate::model::{Chronology, Event};

/// Where an event of the new file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    /// The old chronology's event at this place.
    Kept(u32),
    /// The next of the changed events.
    Fresh,
}

/// What turns the chronology a reload started from into the new one: only events changed,
/// and every check passed (see [`super::reload`]).
pub struct Patch {
    /// Each event of the new file, in file order.
    pub(super) slots: Vec<Slot>,
    /// The changed events, in file order.
    pub(super) fresh: Vec<Fresh>,
    /// The events with `related:`, by place in the new file, and the events they name.
    pub(super) related: Vec<(u32, Vec<u32>)>,
    /// The events by place in the new file, in date order.
    pub(super) order: Vec<u32>,
    /// Each event's place in the new chronology, by place in the new file.
    pub(super) position: Vec<u32>,
}

impl Patch {
    /// How many events were parsed again.
    #[must_use]
    pub fn changed(&self) -> usize {
        self.fresh.len()
    }

    /// Each new event's place in the old chronology, when it is unchanged.
    pub(super) fn kept(&self) -> Vec<Option<usize>> {
        self.order
            .iter()
            .map(|&f| match self.slots.get(f as usize) {
                Some(Slot::Kept(p)) => Some(*p as usize),
                _ => None,
            })
            .collect()
    }

    /// The new chronology, from `old`: the one the reload's [`super::Reloadable`] was made
    /// with. Its events are moved when it is owned, cloned when borrowed.
    #[must_use]
    pub fn apply(self, old: Cow<'_, Chronology>) -> Chronology {
        match old {
            Cow::Owned(old) if self.keeps_places(&old) => self.apply_in_place(old),
            old => self.apply_moving(old),
        }
    }

    /// Whether every kept event stays at its place: the same number of events, and no changed
    /// event moved in date order (a renamed or retitled event, a quote fixed). Then the
    /// chronology is patched where it is rather than built again.
    fn keeps_places(&self, old: &Chronology) -> bool {
        self.slots.len() == old.events.len()
            && self
                .slots
                .iter()
                .zip(&self.position)
                .all(|(slot, &p)| !matches!(*slot, Slot::Kept(q) if q != p))
    }

    /// [`Patch::apply`] when [`Patch::keeps_places`]: only the changed events are put in, and
    /// the rest touched only where the tags or `related:` call for it. At 100,000 events this
    /// is what keeps a save's reload from moving every event on the terminal's thread.
    fn apply_in_place(self, mut chronology: Chronology) -> Chronology {
        let Patch {
            slots,
            fresh,
            related,
            position,
            ..
        } = self;
        let (tags, old_tag) = tags_after(&chronology, &slots, &fresh);
        if tags != chronology.tags {
            for (slot, &p) in slots.iter().zip(&position) {
                if let Slot::Kept(_) = slot
                    && let Some(event) = chronology.events.get_mut(p as usize)
                {
                    retag(event, &old_tag);
                }
            }
            chronology.tags = tags;
        }
        let mut fresh = fresh.into_iter();
        let mut changed = Vec::new();
        for (slot, &p) in slots.iter().zip(&position) {
            let Some(place) = chronology.events.get_mut(p as usize) else {
                continue;
            };
            if *slot == Slot::Fresh {
                let Some(f) = fresh.next() else { continue };
                *place = tagged(f, &chronology.tags);
                changed.push(p as usize);
            }
            place.related.clear();
        }
        for (f, targets) in related {
            if let Some(event) = position
                .get(f as usize)
                .and_then(|&p| chronology.events.get_mut(p as usize))
            {
                event.related = targets
                    .into_iter()
                    .map(|t| position[t as usize] as usize)
                    .collect();
            }
        }
        chronology.reindex_passages_of(&changed);
        chronology
    }

    /// [`Patch::apply`] in general: every event moved (or cloned) into its new place.
    fn apply_moving(self, old: Cow<'_, Chronology>) -> Chronology {
        let Patch {
            slots,
            fresh,
            related,
            order,
            position,
        } = self;
        let (tags, old_tag) = tags_after(&old, &slots, &fresh);
        let mut fresh_events: Vec<Option<Event>> =
            fresh.into_iter().map(|f| Some(tagged(f, &tags))).collect();
        // Each changed event's place among the changed ones, by place in the file.
        let mut fresh_index = vec![u32::MAX; slots.len()];
        let mut k = 0u32;
        for (f, slot) in slots.iter().enumerate() {
            if *slot == Slot::Fresh {
                fresh_index[f] = k;
                k += 1;
            }
        }
        let (mut take, head) = Events::from(old);
        let mut events = Vec::with_capacity(order.len());
        let mut related_of: Vec<Option<Vec<u32>>> = vec![None; slots.len()];
        for (f, targets) in related {
            related_of[f as usize] = Some(targets);
        }
        for &f in &order {
            let f = f as usize;
            let mut event = match slots[f] {
                Slot::Kept(p) => {
                    let mut event = take.take(p as usize);
                    retag(&mut event, &old_tag);
                    event
                }
                Slot::Fresh => fresh_events[fresh_index[f] as usize]
                    .take()
                    .unwrap_or_else(crate::load::validate::stand_in),
            };
            event.related = related_of[f]
                .take()
                .unwrap_or_default()
                .into_iter()
                .map(|t| position[t as usize] as usize)
                .collect();
            events.push(event);
        }
        drop(take);
        let mut chronology = Chronology {
            title: head.title,
            timezone: head.timezone,
            sources: head.sources,
            actors: head.actors,
            tags,
            events,
            periods: head.periods,
            passages: Vec::new(),
            longest_passage: Vec::new(),
        };
        chronology.index_passages();
        chronology
    }
}

/// A changed event, its tags numbered among `tags` (the tags after the patch).
fn tagged(fresh: Fresh, tags: &[String]) -> Event {
    let mut event = fresh.event;
    event.tags = (fresh.tags.iter())
        .map(|t| tags.binary_search_by(|x| x.as_str().cmp(t)).unwrap_or(0))
        .collect();
    event
}

/// A kept event's tags renumbered: `old_tag` gives each old tag's number after the patch.
fn retag(event: &mut Event, old_tag: &[usize]) {
    for t in &mut event.tags {
        *t = old_tag.get(*t).copied().unwrap_or(0);
    }
}

/// The tags in use after the patch, sorted (the old ones the kept events use, and the changed
/// events'), and for each old tag its number among them.
fn tags_after(old: &Chronology, slots: &[Slot], fresh: &[Fresh]) -> (Vec<String>, Vec<usize>) {
    let mut used = vec![false; old.tags.len()];
    for slot in slots {
        if let Slot::Kept(p) = *slot
            && let Some(event) = old.events.get(p as usize)
        {
            for &t in &event.tags {
                if let Some(u) = used.get_mut(t) {
                    *u = true;
                }
            }
        }
    }
    let mut tags: Vec<&str> = old
        .tags
        .iter()
        .zip(&used)
        .filter(|(_, used)| **used)
        .map(|(t, _)| t.as_str())
        .chain(fresh.iter().flat_map(|f| f.tags.iter().map(String::as_str)))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    let old_tag: Vec<usize> = old
        .tags
        .iter()
        .map(|t| tags.binary_search(&t.as_str()).unwrap_or(0))
        .collect();
    let tags: Vec<String> = tags.into_iter().map(str::to_owned).collect();
    (tags, old_tag)
}

/// The old chronology's events, to move or clone.
enum Events<'a> {
    Owned(Vec<Event>),
    Borrowed(&'a [Event]),
}

impl<'a> Events<'a> {
    /// The events, and the rest of the chronology (events and passages left empty).
    fn from(old: Cow<'a, Chronology>) -> (Self, Chronology) {
        match old {
            Cow::Owned(mut c) => {
                let events = std::mem::take(&mut c.events);
                (Events::Owned(events), c)
            }
            Cow::Borrowed(c) => (
                Events::Borrowed(&c.events),
                Chronology {
                    title: c.title.clone(),
                    timezone: c.timezone,
                    sources: c.sources.clone(),
                    actors: c.actors.clone(),
                    tags: Vec::new(),
                    events: Vec::new(),
                    periods: c.periods.clone(),
                    passages: Vec::new(),
                    longest_passage: Vec::new(),
                },
            ),
        }
    }

    fn take(&mut self, i: usize) -> Event {
        match self {
            Events::Owned(events) => events
                .get_mut(i)
                .map_or_else(crate::load::validate::stand_in, |e| {
                    std::mem::replace(e, crate::load::validate::stand_in())
                }),
            Events::Borrowed(events) => events
                .get(i)
                .cloned()
                .unwrap_or_else(crate::load::validate::stand_in),
        }
    }
}
