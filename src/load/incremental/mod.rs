//! Reloading only the events that changed.
//!
//! A save that changes a few events of a 100,000-event file used to parse, check and anchor
//! all of them again (seconds). Events are the items of one YAML list, and each item parses
//! alone as it does in the file ([`super::layout`]); an event depends on nothing outside its
//! item but the head (title, time zone, sources, actors, periods) and the source files. So a
//! load without problems leaves a [`Reloadable`]: the head's text and a hash of each item
//! ([`items`]), the head as checked, the digest of every source file read, and for each event
//! in file order its id, date order, related events and place in the chronology. The next load
//! of the same file ([`reload`]) compares the new text with it item by item and, when only
//! items changed ([`plan`]), parses, checks and anchors those alone, checks ids and `related:`
//! across the whole list, and gives a [`Patch`] that builds the new chronology from the old
//! one's events ([`apply`]). A file is read for that as a stream ([`reload_streamed`],
//! [`stream`]): the new text is never held whole, only the few items that changed, so a save
//! does not add the file's size (60 MB at 100,000 events) to the viewer's memory. An opening
//! the snapshot cache holds is read as a stream too ([`opening`]): only hashed, a chunk at a
//! time, for the entry's key, so the text is not held while the entry's chronology is decoded;
//! its items are found from the file again once the chronology is drawn. An opening it does not
//! hold is read as a stream as well ([`cold`]): the pieces are parsed as they are read.
//!
//! Anything else is a full load, so the result is always the one a full load gives (the tests
//! compare them on random edits): a head that changed, a text whose items cannot be found
//! safely, a source file whose bytes changed, other load options, more changed items than a
//! full load would take longer to parse, and any problem at all in the new text (only a full
//! load words problems exactly as `check` does, with their lines).

mod apply;
mod cold;
mod ids;
mod items;
mod opening;
mod plan;
mod stream;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use apply::Patch;
pub use stream::Digest;

use self::cold::Cold;
use self::ids::Ids;
use self::items::Items;
use self::opening::Opened;
use super::layout::layout;
use super::snapshot::{self, FileRead, Recording};
use super::sources::{self, MemorySources, ShownSources, SourceReader};
use super::validate::{Head, Kept};
use super::{
    Input, LoadOptions, MAX_FILE_BYTES, Problems, disk_sources, load_str_keeping,
    load_string_keeping, syntax,
};
use crate::embedded;
use crate::model::{Chronology, Order, Source};

/// What a load without problems leaves for the next load of the same file to build on (see
/// the module documentation). About ten megabytes at 100,000 events: not the text (60 MB).
pub struct Reloadable {
    name: String,
    /// The items of the text the chronology was made from (not the text); empty while
    /// `pending`.
    items: Items,
    /// After an opening from the snapshot cache: the file to lay out into `items` in
    /// [`Reloadable::prepare`], once the chronology is on screen, and the digest its bytes
    /// must have. Until then the reloadable is not used: a reload is a full load.
    pending: Option<opening::Pending>,
    /// Whether every source's digest was taken (asked for, or a review in the text).
    digests: bool,
    /// Every source file read, with its digest.
    files: Vec<FileRead>,
    /// The head as checked; `None` after a chronology read from the snapshot cache, when the
    /// first reload checks it again.
    head: Option<Head>,
    /// The chronology's sources while `head` is `None`: [`Reloadable::prepare`] checks the
    /// head against these texts (shared with the chronology shown) rather than reading every
    /// source again, which would hold a second copy of them.
    shown: Vec<Source>,
    /// Each event's id in file order; shared with the next reload when it leaves every id in
    /// its place.
    ids: Arc<Ids>,
    /// Each event in file order: its date's order, and its place in the chronology.
    orders: Vec<Order>,
    position: Vec<u32>,
    /// The events with `related:`, in file order, each with the events it names (in file
    /// order too).
    related: Vec<(u32, Vec<u32>)>,
}

/// A reloadable's items: found with the load, or to be found once the chronology is drawn
/// ([`Reloadable::prepare`]).
enum ItemsOf {
    Found(Items),
    Later(opening::Pending),
}

impl Reloadable {
    /// What the chronology made from a text with `items` leaves, when its events are the
    /// items one for one (`position`: the place of each item's event in the chronology).
    fn new(
        name: &str,
        items: ItemsOf,
        chronology: &Chronology,
        position: Vec<u32>,
        head: Option<Head>,
        files: Vec<FileRead>,
        digests: bool,
    ) -> Option<Self> {
        let n = chronology.events.len();
        let (pending, items) = match items {
            ItemsOf::Found(items) if items.keys.len() == n => (None, items),
            ItemsOf::Found(_) => return None,
            ItemsOf::Later(pending) => (Some(pending), Items::default()),
        };
        if position.len() != n {
            return None;
        }
        // One pass over the events in the order they lie in memory: read in file order, each
        // would be a cache miss (three passes took 25 ms at 100,000 events).
        let mut file_index = vec![0u32; n];
        for (f, &p) in position.iter().enumerate() {
            *file_index.get_mut(usize::try_from(p).ok()?)? = u32::try_from(f).ok()?;
        }
        let mut orders = vec![
            Order {
                at: 0,
                timed: false
            };
            n
        ];
        let mut related: Vec<(u32, Vec<u32>)> = Vec::new();
        for (event, &f) in chronology.events.iter().zip(&file_index) {
            orders[f as usize] = event.date.order();
            if !event.related.is_empty() {
                let targets = event.related.iter().map(|&r| file_index.get(r).copied());
                related.push((f, targets.collect::<Option<_>>()?));
            }
        }
        related.sort_unstable_by_key(|&(f, _)| f);
        let ids = Ids::numbered(
            n,
            chronology
                .events
                .iter()
                .zip(&file_index)
                .map(|(event, &f)| (f, event.id.as_str())),
        )?;
        Some(Self {
            name: name.to_owned(),
            items,
            pending,
            ids: Arc::new(ids),
            orders,
            related,
            position,
            digests,
            files,
            shown: if head.is_none() {
                chronology.sources.clone()
            } else {
                Vec::new()
            },
            head,
        })
    }

    /// Does now what the next reload would otherwise do first: after a chronology read from
    /// the snapshot cache, lay the file out into items (reading it again, and refusing it
    /// unless its bytes are those the chronology was made from) and check the head again
    /// (against the chronology's source texts: the reload proves the files unchanged before
    /// using it); and build the lookup of events by id. The viewer's load thread calls it once
    /// the chronology is drawn (or before the next load), so neither the first frame nor the
    /// next save waits for it. False when this can no longer be reloaded in part (the next reload is a
    /// full load). Until it has run, a reloadable from the snapshot cache gives full loads.
    /// Once it has, calling it again does nothing more.
    pub fn prepare(&mut self) -> bool {
        if let Some(pending) = self.pending.take() {
            let Some((items, reviews)) = pending.items() else {
                return false;
            };
            if items.keys.len() != self.orders.len() {
                return false;
            }
            self.items = items;
            self.digests = pending.digests || reviews;
        }
        if self.head.is_none() {
            let reader = ShownSources(&self.shown);
            self.head = plan::head(&self.name, self.items.head_proper(), &reader, self.digests);
            self.shown = Vec::new();
            if self.head.is_none() {
                return false;
            }
        }
        self.ids.by_hash();
        true
    }
}

/// What a reload made of the text.
pub enum Change {
    /// A full load: the chronology.
    Loaded(Chronology),
    /// Only some events changed: what turns the shown chronology into the new one.
    Patched(Patch),
}

impl Change {
    /// For each event of the new chronology, its place in the old one when it is unchanged
    /// (`None` for a changed or new event); `None` after a full load. What a view built on the
    /// old chronology can keep (the viewer's search index).
    #[must_use]
    pub fn kept(&self) -> Option<Vec<Option<usize>>> {
        match self {
            Change::Loaded(_) => None,
            Change::Patched(patch) => Some(patch.kept()),
        }
    }

    /// The new chronology, made from `old` (the one the reload's [`Reloadable`] came with)
    /// when only some events changed: moved out of it when owned, cloned when borrowed.
    #[must_use]
    pub fn into_chronology(self, old: Cow<'_, Chronology>) -> Chronology {
        match self {
            Change::Loaded(chronology) => chronology,
            Change::Patched(patch) => patch.apply(old),
        }
    }
}

/// What a reload gave: the text it read, the change or every problem, and what the next reload
/// builds on.
pub struct Reloaded {
    /// As [`super::Loaded::text`]; `None` too when the text was read as a stream and not kept
    /// (then `digest` says what was read).
    pub text: Option<Arc<String>>,
    /// What was read, when the text was read as a stream ([`reload_streamed`]): what a write
    /// checks the file against.
    pub digest: Option<Digest>,
    pub result: Result<Change, Problems>,
    /// What the next reload builds on: `None` when the result has problems (the last good one
    /// still applies to the chronology still shown) or the text's items cannot be found.
    pub next: Option<Reloadable>,
}

/// Loads `input` as [`super::load`] does, parsing only the events that changed since
/// `previous` (made with the chronology the caller still holds) when that is all that
/// changed. The chronology is always the one [`super::load`] would give.
pub fn reload(input: Input<'_>, options: &LoadOptions, previous: Option<&Reloadable>) -> Reloaded {
    // Not prepared yet: its items are not known.
    let previous = previous.filter(|p| p.pending.is_none());
    let name = input.name();
    if let Some(problems) = super::input::unusable_folders(&name, options) {
        return unread(problems);
    }
    match input {
        Input::File(path) => {
            let reader = disk_sources(path, &options.allowed);
            if let Some(previous) = previous
                && let Some(reloaded) = streamed_file(&name, path, &reader, options, previous)
            {
                return reloaded;
            }
            // A text the stream found problems in is read with positions straight away.
            let mut has_problems = false;
            if previous.is_none() {
                let hashed = match opening::opened_file(&name, path, &reader, options) {
                    Opened::Hit(opened) => return *opened,
                    Opened::Miss(key, digest) => Some((key, digest)),
                    Opened::Unread => None,
                };
                match cold::streamed_file(&name, path, &reader, options, hashed) {
                    Some(Cold::Loaded(loaded)) => return *loaded,
                    Some(Cold::Problems) => has_problems = true,
                    None => {}
                }
            }
            match super::input::read_file(&name, path, options) {
                Ok(yaml) => {
                    // Moved, not copied: at 100,000 events the text is 60 MB.
                    from_text(
                        &name,
                        Arc::new(yaml),
                        (&reader, Some(&reader)),
                        options,
                        previous,
                        has_problems,
                    )
                }
                Err(problems) => unread(problems),
            }
        }
        Input::Embedded => {
            let reader = MemorySources(embedded::SOURCES);
            from_text(
                &name,
                Arc::new(embedded::YAML.to_owned()),
                (&reader, Some(&reader)),
                options,
                previous,
                false,
            )
        }
        Input::Text { yaml, sources, .. } => from_text(
            &name,
            Arc::new(yaml.to_owned()),
            (sources, None),
            options,
            previous,
            false,
        ),
    }
}

fn unread(problems: Problems) -> Reloaded {
    Reloaded {
        text: None,
        digest: None,
        result: Err(problems),
        next: None,
    }
}

/// [`reload`] of the text `read` gives, when only events changed since `previous`: the text
/// is read as a stream and never held whole (60 MB at 100,000 events, while the chronology is
/// in memory), only the items that changed kept. The result is the patch [`reload`] of the
/// whole text would give. `None` when that is not all that changed, or the text cannot be
/// read as a stream: then only a full load of the whole text can tell (and word a problem).
pub fn reload_streamed(
    name: &str,
    read: &mut dyn Read,
    sources: &(dyn SourceReader + Sync),
    options: &LoadOptions,
    previous: &Reloadable,
) -> Option<Reloaded> {
    if name != previous.name
        || previous.pending.is_some()
        || super::input::unusable_folders(name, options).is_some()
    {
        return None;
    }
    let streamed = plan::checking_sources(previous, sources, Some(sources), || {
        stream::stream(&previous.items, read, MAX_FILE_BYTES, stream::CHUNK)
    })?;
    let digests = options.digests || streamed.reviews;
    if digests != previous.digests {
        return None;
    }
    let texts = plan::Texts::Kept(streamed.kept);
    let (patch, next) = plan::patch(
        previous,
        name,
        digests,
        (streamed.items, texts),
        sources,
        options,
    )?;
    // The progress only at the end, as after a whole text: each change of it redraws the
    // viewer's screen, on the cores the reload is using.
    if let Some(progress) = &options.progress {
        let len = streamed.digest.len;
        progress.bytes_done.store(len, Ordering::Relaxed);
    }
    Some(Reloaded {
        text: None,
        digest: Some(streamed.digest),
        result: Ok(Change::Patched(patch)),
        next: Some(next),
    })
}

/// [`reload_streamed`] of the file at `path`, opened as [`reload`] reads it (confined, a
/// regular file when the options say so, bounded in size).
fn streamed_file(
    name: &str,
    path: &Path,
    reader: &(dyn SourceReader + Sync),
    options: &LoadOptions,
    previous: &Reloadable,
) -> Option<Reloaded> {
    let resolved = sources::confine_chronology(path, &options.allowed).ok()?;
    let (file, len) = sources::open_bounded(&resolved, MAX_FILE_BYTES, options.reading).ok()?;
    if let Some(progress) = &options.progress {
        progress.bytes_total.store(len, Ordering::Relaxed);
    }
    reload_streamed(name, &mut { file }, reader, options, previous)
}

/// The reload proper, once the text is read: the patch when [`plan`] finds one, else a full
/// load, through the snapshot cache when the options name one and the reader can go there
/// (`shared`: the same reader, for a file or the embedded chronology; text in memory never
/// goes through the cache). `has_problems`: the text is known to have problems (a stream
/// read it), so the load reads it with positions straight away.
fn from_text(
    name: &str,
    yaml: Arc<String>,
    (reader, shared): (&dyn SourceReader, Option<&(dyn SourceReader + Sync)>),
    options: &LoadOptions,
    previous: Option<&Reloadable>,
    has_problems: bool,
) -> Reloaded {
    if let Some(progress) = &options.progress {
        let len = yaml.len() as u64;
        progress.bytes_total.store(len, Ordering::Relaxed);
    }
    if let Some(previous) = previous
        && let Some((patch, next)) = plan::plan(previous, name, &yaml, reader, shared, options)
    {
        done(options, &yaml);
        return Reloaded {
            text: Some(yaml),
            digest: None,
            result: Ok(Change::Patched(patch)),
            next: Some(next),
        };
    }
    let digests = options.digests || super::has_reviews(super::strip_bom(&yaml));
    if let (Some(snapshots), Some(shared)) = (&options.snapshots, shared) {
        // The items are found on the other core while the entry is read: then the text can go
        // before the chronology is shown, not hold 60 MB while the screen is built.
        let (stored, items) = std::thread::scope(|scope| {
            let items = scope.spawn(|| layout(&yaml).map(|layout| Items::of(&yaml, &layout)));
            let stored = snapshots.get_with(&yaml, options.digests, shared);
            (stored, items.join().ok().flatten())
        });
        if let Some(stored) = stored {
            done(options, &yaml);
            let next = items.and_then(|items| {
                Reloadable::new(
                    name,
                    ItemsOf::Found(items),
                    &stored.chronology,
                    stored.position,
                    None,
                    stored.files,
                    digests,
                )
            });
            return Reloaded {
                text: Some(yaml),
                digest: None,
                result: Ok(Change::Loaded(stored.chronology)),
                next,
            };
        }
    }
    let recording = Recording::new(reader);
    let observed = super::input::Observed::new(&recording, options);
    // What is wanted of the text after the load is taken before it, so the load can drop the
    // text (60 MB at 100,000 events) before its memory peaks.
    let items = layout(&yaml).map(|layout| Items::of(&yaml, &layout));
    let snapshots = options.snapshots.as_ref().filter(|_| shared.is_some());
    let key = snapshots.map(|_| snapshot::Key::of(&yaml, options.digests));
    let digest = Digest {
        len: yaml.len() as u64,
        xxh3: xxhash_rust::xxh3::xxh3_128(yaml.as_bytes()),
    };
    let (result, yaml) = match Arc::try_unwrap(yaml) {
        Ok(owned) => {
            let digests = options.digests;
            let (result, kept) = load_string_keeping(name, owned, &observed, digests, has_problems);
            (result, kept.map(Arc::new))
        }
        Err(shared) => (
            load_str_keeping(name, &shared, &observed, options.digests, true),
            Some(shared),
        ),
    };
    let files = recording.files();
    let (result, next) = match result {
        Ok((chronology, Some(Kept { head, position }))) => {
            if let (Some(snapshots), Some(key)) = (snapshots, &key) {
                snapshots.put_keyed(key, &files, &chronology, &position);
            }
            let kept = Kept { head, position };
            let next = after_full_load(name, &chronology, kept, items, files, digests);
            (Ok(Change::Loaded(chronology)), next)
        }
        Ok((chronology, None)) => (Ok(Change::Loaded(chronology)), None),
        Err(problems) => (Err(problems), None),
    };
    // The text is back only when the load has problems; a chronology that loaded is shown
    // from the start.
    let text = yaml.filter(|yaml| result.is_ok() || syntax::reads_as_chronology(yaml));
    Reloaded {
        text,
        digest: Some(digest),
        result,
        next,
    }
}

/// What the next reload builds on after a full load that kept `kept`, the text's items found
/// (`None`: they could not be, and neither can a patch); `files`, the source files read.
fn after_full_load(
    name: &str,
    chronology: &Chronology,
    Kept { head, position }: Kept,
    items: Option<Items>,
    files: Vec<FileRead>,
    digests: bool,
) -> Option<Reloadable> {
    // Every item is an event, or the items are not this chronology's.
    let items = items.filter(|items| items.keys.len() == chronology.events.len())?;
    let found = ItemsOf::Found(items);
    Reloadable::new(
        name,
        found,
        chronology,
        position,
        Some(head),
        files,
        digests,
    )
}

/// Reports the whole text read.
fn done(options: &LoadOptions, yaml: &str) {
    if let Some(progress) = &options.progress {
        progress
            .bytes_done
            .store(yaml.len() as u64, Ordering::Relaxed);
    }
}
