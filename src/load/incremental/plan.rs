//! Finding what changed between the text a [`Reloadable`] was made from and the new one, and
//! checking the changed events: all the reload's work but moving events, done where the old
//! chronology is not needed (the viewer's load thread).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use super::apply::{Patch, Slot};
use super::{Reloadable, item};
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
const MANY: usize = 256;

/// The patch from `previous` to `yaml`, and what the reload after it builds on; `None` when
/// only a full load can tell (see the module documentation).
pub(super) fn plan(
    previous: &Reloadable,
    name: &str,
    yaml: &Arc<String>,
    reader: &dyn SourceReader,
    load: &LoadOptions,
) -> Option<(Patch, Reloadable)> {
    let digests = load.digests || has_reviews(strip_bom(yaml));
    if name != previous.name || digests != previous.digests {
        return None;
    }
    let layout = layout(yaml)?;
    let slots = matched(previous, yaml, &layout)?;
    // Only now, when the text allows a patch: reading and hashing every source costs more than
    // comparing the texts.
    if !unchanged(&previous.files, reader) {
        return None;
    }
    let head = match &previous.head {
        Some(head) => head.clone(),
        None => head(name, &yaml[..layout.events_at], reader, digests)?,
    };
    let mut head = head;
    head.report_to(load.progress.as_ref());
    // The changed items, each parsed alone.
    let mut docs = Vec::new();
    for (f, slot) in slots.iter().enumerate() {
        if slot.is_none() {
            docs.push((f, parse(&yaml[layout.item(f, yaml.len())])?));
        }
    }
    let fresh = validate::fresh(name, &head, docs)?;
    let mut fresh_at = fresh.iter();
    let slots: Vec<Slot> = slots
        .into_iter()
        .map(|slot| match slot {
            Some(old) => Slot::Kept(old),
            None => Slot::Fresh,
        })
        .collect();
    let n = slots.len();
    // Ids and dates, by the events' place in the new file.
    let mut ids: Vec<&str> = Vec::with_capacity(n);
    let mut orders: Vec<Order> = Vec::with_capacity(n);
    for slot in &slots {
        match *slot {
            Slot::Kept(old) => {
                ids.push(&previous.ids[old as usize]);
                orders.push(previous.orders[old as usize]);
            }
            Slot::Fresh => {
                let event = &fresh_at.next()?.event;
                ids.push(&event.id);
                orders.push(event.date.order());
            }
        }
    }
    let mut by_id: HashMap<&str, u32> = HashMap::with_capacity(n);
    for (f, id) in ids.iter().enumerate() {
        match by_id.entry(id) {
            Entry::Vacant(slot) => {
                slot.insert(u32::try_from(f).ok()?);
            }
            Entry::Occupied(_) => return None, // a duplicate: the full load words it
        }
    }
    let related = related(previous, &slots, &fresh, &ids, &by_id)?;
    // The new order: by date, ties in file order.
    let mut order: Vec<(Order, u32)> = orders
        .iter()
        .enumerate()
        .map(|(f, &o)| Some((o, u32::try_from(f).ok()?)))
        .collect::<Option<_>>()?;
    order.sort_unstable();
    let mut position = vec![0u32; n];
    for (p, &(_, f)) in order.iter().enumerate() {
        position[f as usize] = u32::try_from(p).ok()?;
    }
    let next = Reloadable {
        name: name.to_owned(),
        text: Arc::clone(yaml),
        starts: layout.items.iter().map(|&(_, at)| at).collect(),
        digests,
        files: previous.files.clone(),
        head: Some(head),
        shown: Vec::new(),
        ids: ids.iter().map(|&id| Box::from(id)).collect(),
        orders,
        position: position.clone(),
        related: related
            .iter()
            .map(|(f, targets)| (*f, targets.clone().into_boxed_slice()))
            .collect(),
    };
    let slots = slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Kept(old) => Slot::Kept(previous.position[old as usize]),
            Slot::Fresh => Slot::Fresh,
        })
        .collect();
    let patch = Patch {
        slots,
        fresh,
        related,
        order: order.into_iter().map(|(_, f)| f).collect(),
        position,
    };
    Some((patch, next))
}

/// For each item of the new text, the item of the old one with the same text (by its number
/// in the old file), or `None` for an item to parse. Items are matched from both ends, then
/// by text in between; `None` when the head changed or too many items did.
fn matched(previous: &Reloadable, yaml: &str, layout: &Layout) -> Option<Vec<Option<u32>>> {
    let old_starts = previous.starts()?;
    let old_text: &str = &previous.text;
    if yaml[..layout.head_end()] != old_text[..old_starts.first().copied().unwrap_or(0)] {
        return None;
    }
    let old_starts: &[usize] = &old_starts;
    let old_n = old_starts.len();
    let new_n = layout.items.len();
    let old_item = |i: usize| item(old_text, old_starts, i);
    let new_item = |i: usize| &yaml[layout.item(i, yaml.len())];
    let same = |old: usize, new: usize| old_item(old) == new_item(new);
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
    let mut by_text: HashMap<&str, Vec<u32>> = HashMap::new();
    for old in (front..old_n - back).rev() {
        by_text
            .entry(old_item(old))
            .or_default()
            .push(u32::try_from(old).ok()?);
    }
    let mut changed = 0;
    for new in front..new_n - back {
        let old = by_text.get_mut(new_item(new)).and_then(Vec::pop);
        changed += usize::from(old.is_none());
        slots.push(old);
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

/// Each event's `related:` resolved against the new ids, by place in the new file: the kept
/// events' through the ids they named, the changed ones' as written. `None` when one names an
/// id no longer there, or itself.
fn related(
    previous: &Reloadable,
    slots: &[Slot],
    fresh: &[Fresh],
    ids: &[&str],
    by_id: &HashMap<&str, u32>,
) -> Option<Vec<(u32, Vec<u32>)>> {
    let mut out = Vec::new();
    let mut fresh = fresh.iter();
    for (f, slot) in slots.iter().enumerate() {
        let mut targets: Vec<u32> = Vec::new();
        match *slot {
            Slot::Kept(old) => {
                for &t in previous.related_of(old as usize) {
                    let id: &str = &previous.ids[t as usize];
                    targets.push(*by_id.get(id)?);
                }
            }
            Slot::Fresh => {
                for r in &fresh.next()?.related {
                    if r.as_str() == ids[f] {
                        return None;
                    }
                    let t = *by_id.get(r.as_str())?;
                    if !targets.contains(&t) {
                        targets.push(t);
                    }
                }
            }
        }
        if !targets.is_empty() {
            out.push((u32::try_from(f).ok()?, targets));
        }
    }
    Some(out)
}
