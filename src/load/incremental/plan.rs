//! Finding what changed between the text a [`Reloadable`] was made from and the new one, and
//! checking the changed events: all the reload's work but moving events, done where the old
//! chronology is not needed (the viewer's load thread).

use std::collections::HashMap;
use std::sync::Arc;

use super::Reloadable;
use super::apply::{Patch, Slot};
use super::ids::Ids;
use super::items::{Items, Key};
use crate::load::files::SourceFiles;
use crate::load::layout::{Layout, layout};
use crate::load::schema::{At, EventDoc, FileDoc, Unlocated, options};
use crate::load::snapshot::unchanged;
use crate::load::sources::SourceReader;
use crate::load::validate::{self, Fresh, Head};
use crate::load::{LoadOptions, has_reviews, strip_bom};
use crate::model::Order;

/// Past this many changed events, and a quarter of the file, a full load (parsing on every
/// core) is about as fast, and simpler to trust.
pub(super) const MANY: usize = 256;

/// Where an event kept from the old file is not: `new_of_old`'s mark for an old event that
/// changed or went.
const GONE: u32 = u32::MAX;

/// The patch from `previous` to `yaml`, and what the reload after it builds on; `None` when
/// only a full load can tell (see the module documentation). `shared`: `reader` again, when it
/// may be read from another thread.
pub(super) fn plan(
    previous: &Reloadable,
    name: &str,
    yaml: &str,
    reader: &dyn SourceReader,
    shared: Option<&(dyn SourceReader + Sync)>,
    load: &LoadOptions,
) -> Option<(Patch, Reloadable)> {
    let digests = load.digests || has_reviews(strip_bom(yaml));
    if name != previous.name || digests != previous.digests {
        return None;
    }
    let new = checking_sources(previous, reader, shared, || {
        let layout = layout(yaml)?;
        let items = Items::of(yaml, &layout);
        Some((items, Texts::Whole(yaml, layout)))
    })?;
    patch(previous, name, digests, new, reader, load)
}

/// Where the plan finds the text of an item it parses.
pub(super) enum Texts<'a> {
    /// In the whole text, laid out.
    Whole(&'a str, Layout),
    /// Among the texts kept, by key (a text read as a stream).
    Kept(HashMap<Key, String>),
}

impl Texts<'_> {
    /// The text of item `f`, of key `key`.
    fn item(&self, f: usize, key: &Key) -> Option<&str> {
        match self {
            Texts::Whole(yaml, layout) => Some(&yaml[layout.item(f, yaml.len())]),
            Texts::Kept(kept) => kept.get(key).map(String::as_str),
        }
    }
}

/// `compare()` (the new text's items), while every source is read and hashed again to prove
/// it unchanged (tens of milliseconds at 100,000 events): on the other core when the reader
/// allows (`shared`), else only once the text allows a patch. `None` when either fails.
pub(super) fn checking_sources<T>(
    previous: &Reloadable,
    reader: &dyn SourceReader,
    shared: Option<&(dyn SourceReader + Sync)>,
    compare: impl FnOnce() -> Option<T>,
) -> Option<T> {
    if let Some(shared) = shared {
        std::thread::scope(|scope| {
            let unchanged = scope.spawn(|| unchanged(&previous.files, shared));
            let compared = compare();
            compared.filter(|_| unchanged.join().unwrap_or(false))
        })
    } else {
        compare().filter(|_| unchanged(&previous.files, reader))
    }
}

/// The patch from `previous` to a text with `items` (whose sources are unchanged), and what
/// the reload after it builds on, as [`plan`]; `digests`: whether every source's digest is
/// taken for the new text.
pub(super) fn patch(
    previous: &Reloadable,
    name: &str,
    digests: bool,
    (items, texts): (Items, Texts<'_>),
    reader: &dyn SourceReader,
    load: &LoadOptions,
) -> Option<(Patch, Reloadable)> {
    let slots = matched(&previous.items, &items)?;
    let head = match &previous.head {
        Some(head) => head.clone(),
        None => head(name, items.head_proper(), reader, digests)?,
    };
    let mut head = head;
    head.report_to(load.progress.as_ref());
    // The changed items, each parsed alone.
    let mut docs = Vec::new();
    for (f, slot) in slots.iter().enumerate() {
        if slot.is_none() {
            docs.push((f, parse(texts.item(f, items.keys.get(f)?)?)?));
        }
    }
    drop(texts);
    let fresh = validate::fresh(name, &head, docs)?;
    let n = slots.len();
    let places = Places::new(previous, &slots, &fresh)?;
    let related = related(&places, &fresh)?;
    let fresh_at = &places.fresh_at;
    // Every event in place and every id as it was: the ids are the old ones.
    let in_place = n == previous.ids.len()
        && slots
            .iter()
            .enumerate()
            .all(|(f, slot)| slot.is_none_or(|old| old as usize == f));
    let same_ids = in_place
        && fresh_at
            .iter()
            .zip(&fresh)
            .all(|(&f, event)| previous.ids.get(f as usize) == event.event.id);
    let ids = if same_ids {
        Arc::clone(&previous.ids)
    } else {
        Arc::new(new_ids(previous, &slots, &fresh)?)
    };
    // Dates, by the events' place in the new file.
    let mut orders: Vec<Order> = Vec::with_capacity(n);
    let mut fresh_orders = fresh.iter().map(|f| f.event.date.order());
    for slot in &slots {
        orders.push(match *slot {
            Some(old) => previous.orders[old as usize],
            None => fresh_orders.next()?,
        });
    }
    // The new order: by date, ties in file order; the old one when every event is in place
    // and no date changed.
    let same_order = in_place
        && fresh_at
            .iter()
            .all(|&f| orders[f as usize] == previous.orders[f as usize]);
    let (order, position) = if same_order {
        kept_order(&previous.position)?
    } else {
        sorted(&orders)?
    };
    let next = Reloadable {
        pending: None,
        name: name.to_owned(),
        items,
        digests,
        files: previous.files.clone(),
        head: Some(head),
        shown: Vec::new(),
        ids,
        orders,
        position: position.clone(),
        related: related.clone(),
    };
    let slots = slots
        .into_iter()
        .map(|slot| match slot {
            Some(old) => Slot::Kept(previous.position[old as usize]),
            None => Slot::Fresh,
        })
        .collect();
    let patch = Patch {
        slots,
        fresh,
        related,
        order,
        position,
    };
    Some((patch, next))
}

/// Where the new file's events are, by id and by their place in the old file.
struct Places<'a> {
    previous: &'a Reloadable,
    /// Each old event's place in the new file, when kept (else [`GONE`]).
    new_of_old: Vec<u32>,
    /// The changed events' places in the new file, in file order.
    fresh_at: Vec<u32>,
    /// The changed events' places by id.
    fresh_by_id: HashMap<&'a str, u32>,
}

impl<'a> Places<'a> {
    /// The places, from each new event's place in the old file (`None` for the changed ones,
    /// `fresh`); `None` when an id is there twice (among the changed events, or a changed
    /// event's and a kept one's): a duplicate, which the full load words.
    fn new(previous: &'a Reloadable, slots: &[Option<u32>], fresh: &'a [Fresh]) -> Option<Self> {
        let mut new_of_old = vec![GONE; previous.ids.len()];
        let mut fresh_at = Vec::with_capacity(fresh.len());
        for (f, slot) in slots.iter().enumerate() {
            let f = u32::try_from(f).ok()?;
            match *slot {
                Some(old) => *new_of_old.get_mut(old as usize)? = f,
                None => fresh_at.push(f),
            }
        }
        if fresh_at.len() != fresh.len() {
            return None;
        }
        let mut fresh_by_id = HashMap::with_capacity(fresh.len());
        for (&f, event) in fresh_at.iter().zip(fresh) {
            let id = event.event.id.as_str();
            let kept = previous
                .ids
                .find(id)
                .is_some_and(|old| new_of_old[old as usize] != GONE);
            if kept || fresh_by_id.insert(id, f).is_some() {
                return None;
            }
        }
        Some(Self {
            previous,
            new_of_old,
            fresh_at,
            fresh_by_id,
        })
    }

    /// The new place of the event with id `id`.
    fn of(&self, id: &str) -> Option<u32> {
        self.fresh_by_id.get(id).copied().or_else(|| {
            let old = self.previous.ids.find(id)?;
            Some(self.new_of_old[old as usize]).filter(|&f| f != GONE)
        })
    }
}

/// The ids of the new file's events, in file order.
fn new_ids(previous: &Reloadable, slots: &[Option<u32>], fresh: &[Fresh]) -> Option<Ids> {
    let mut fresh = fresh.iter();
    let ids: Vec<&str> = slots
        .iter()
        .map(|slot| match *slot {
            Some(old) => Some(previous.ids.get(old as usize)),
            None => fresh.next().map(|f| f.event.id.as_str()),
        })
        .collect::<Option<_>>()?;
    Ids::new(ids.into_iter())
}

/// The events by place in the file in date order, and each one's place in that order, when
/// they are as `position` has them.
fn kept_order(position: &[u32]) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut order = vec![0u32; position.len()];
    for (f, &p) in position.iter().enumerate() {
        *order.get_mut(p as usize)? = u32::try_from(f).ok()?;
    }
    Some((order, position.to_vec()))
}

/// As [`kept_order`], for events with the dates `orders`: by date, ties in file order.
fn sorted(orders: &[Order]) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut order: Vec<(Order, u32)> = orders
        .iter()
        .enumerate()
        .map(|(f, &o)| Some((o, u32::try_from(f).ok()?)))
        .collect::<Option<_>>()?;
    order.sort_unstable();
    let mut position = vec![0u32; orders.len()];
    for (p, &(_, f)) in order.iter().enumerate() {
        position[f as usize] = u32::try_from(p).ok()?;
    }
    Some((order.into_iter().map(|(_, f)| f).collect(), position))
}

/// For each item of the new text, the item of the old one with the same text (by its number
/// in the old file), or `None` for an item to parse. Items are matched from both ends, then
/// by text in between; `None` when the head changed or too many items did.
fn matched(old: &Items, new: &Items) -> Option<Vec<Option<u32>>> {
    if old.head != new.head {
        return None;
    }
    let old_n = old.keys.len();
    let new_n = new.keys.len();
    let same = |o: usize, n: usize| old.keys[o] == new.keys[n];
    let mut front = 0;
    while front < old_n.min(new_n) && same(front, front) {
        front += 1;
    }
    let mut back = 0;
    while back < old_n.min(new_n) - front && same(old_n - 1 - back, new_n - 1 - back) {
        back += 1;
    }
    let mut slots: Vec<Option<u32>> = Vec::with_capacity(new_n);
    slots.extend((0..front).map(|i| u32::try_from(i).ok()));
    // In between, an item moved or left as it was keeps its event: the old items by text, the
    // first of equal ones first.
    let mut by_text: HashMap<Key, Vec<u32>> = HashMap::new();
    for o in (front..old_n - back).rev() {
        by_text
            .entry(old.keys[o])
            .or_default()
            .push(u32::try_from(o).ok()?);
    }
    let mut changed = 0;
    for key in &new.keys[front..new_n - back] {
        let o = by_text.get_mut(key).and_then(Vec::pop);
        changed += usize::from(o.is_none());
        slots.push(o);
    }
    if changed > MANY && changed * 4 > new_n {
        return None;
    }
    slots.extend((old_n - back..old_n).map(|i| u32::try_from(i).ok()));
    Some(slots)
}

/// One item, parsed alone: exactly one event, or `None`.
fn parse(item: &str) -> Option<At<EventDoc<Unlocated>, Unlocated>> {
    let mut events: Vec<At<EventDoc<Unlocated>, Unlocated>> =
        serde_saphyr::from_str_with_options(item, options::<Unlocated>(item.len())).ok()?;
    (events.len() == 1).then(|| events.pop()).flatten()
}

/// The head checked again, for a reload after a chronology read from the snapshot cache;
/// `None` when it has a problem.
pub(super) fn head(
    name: &str,
    head: &str,
    reader: &dyn SourceReader,
    digests: bool,
) -> Option<Head> {
    let text = format!("{}events: []\n", strip_bom(head));
    let doc: FileDoc<Unlocated> =
        serde_saphyr::from_str_with_options(&text, options::<Unlocated>(text.len())).ok()?;
    if !doc.events.is_empty() {
        return None;
    }
    let sources = SourceFiles::new(reader).taking_every_digest(digests);
    let head = validate::head(
        name,
        doc.title,
        doc.timezone,
        doc.sources,
        doc.actors,
        doc.periods,
        &sources,
    );
    head.is_clean().then_some(head)
}

/// Each event's `related:` resolved against the new ids, by place in the new file (sorted):
/// the kept events' through the ids they named, the changed ones' as written. `None` when one
/// names an id no longer there, or itself. Only the events with `related:` are visited.
fn related(places: &Places<'_>, fresh: &[Fresh]) -> Option<Vec<(u32, Vec<u32>)>> {
    let mut out = Vec::new();
    let previous = places.previous;
    for (old, targets) in &previous.related {
        let f = *places.new_of_old.get(*old as usize)?;
        if f == GONE {
            continue;
        }
        // A target kept is the same event; one that changed is found by the id it had.
        let targets = targets
            .iter()
            .map(|&t| match *places.new_of_old.get(t as usize)? {
                GONE => places.of(previous.ids.get(t as usize)),
                kept => Some(kept),
            })
            .collect::<Option<Vec<u32>>>()?;
        out.push((f, targets));
    }
    for (&f, fresh) in places.fresh_at.iter().zip(fresh) {
        let mut targets: Vec<u32> = Vec::new();
        for r in &fresh.related {
            if *r == fresh.event.id {
                return None;
            }
            let t = places.of(r)?;
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        if !targets.is_empty() {
            out.push((f, targets));
        }
    }
    out.sort_unstable_by_key(|&(f, _)| f);
    Some(out)
}
