//! The one thread that runs every load and reload of a viewer, and keeps what the next reload
//! builds on.
//!
//! One long-lived thread rather than one per load: glibc gives each thread that allocates its
//! own arena and keeps what is freed there for that thread, so a thread per reload of a
//! 100,000-event file left each reload's memory behind (four saves: 566 MB). The thread also
//! keeps the last load's [`Reloadable`] (it pairs with the chronology the viewer shows, since
//! the viewer applies every result in the order sent), and finishes it
//! ([`Reloadable::prepare`]) once the viewer says the chronology is on screen
//! ([`Worker::prepare`]), or else before the next load: after a snapshot, preparing reads the
//! whole file again, and on two cores doing it while the terminal's thread builds the view
//! made the first frame 20 ms later.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::edit::Snapshot;
use crate::load::{self, Change, Input, LoadOptions, Problems, Reloadable};

/// The load thread: where load requests go.
pub(super) struct Worker {
    requests: Sender<Message>,
    /// A result was taken and not drawn yet: the next frame tells the thread it is on screen.
    owed: bool,
}

/// What the load thread is asked.
enum Message {
    Load(Request),
    /// The last result is on screen: finish its reloadable now.
    Prepare,
}

/// One load: of `file` (the embedded chronology when `None`), answered on `reply`.
pub(super) struct Request {
    pub(super) file: Option<PathBuf>,
    pub(super) options: LoadOptions,
    pub(super) reply: Sender<Done>,
}

/// What a load sends back: the bytes it read, and what it made of them.
pub(super) struct Done {
    pub(super) snapshot: Option<Snapshot>,
    pub(super) result: Result<Change, Problems>,
}

impl Worker {
    fn spawn() -> Self {
        let (requests, received) = channel();
        std::thread::spawn(move || work(&received));
        Self {
            requests,
            owed: false,
        }
    }

    /// Hands `request` to the thread in `slot`, started first when there is none or it stopped
    /// (a bug made it panic: its reply channel closed, which the viewer reports; the new thread
    /// starts with a full load).
    pub(super) fn run(slot: &mut Option<Self>, request: Request) {
        let worker = slot.get_or_insert_with(Self::spawn);
        if let Err(returned) = worker.requests.send(Message::Load(request)) {
            let worker = slot.insert(Self::spawn());
            // A thread just started holds its receiver: this send cannot fail; if it did, the
            // request's reply channel closes and the viewer reports it.
            let _ = worker.requests.send(returned.0);
        }
    }

    /// The viewer took a result: [`Worker::drawn`] tells the thread once it is on screen.
    pub(super) fn result_taken(&mut self) {
        self.owed = true;
    }

    /// A frame was drawn: if it is the first with the last result, the thread may now do what
    /// it put off until then (a thread that stopped has nothing to finish).
    pub(super) fn drawn(&mut self) {
        if std::mem::take(&mut self.owed) {
            let _ = self.requests.send(Message::Prepare);
        }
    }
}

/// Finishes `previous` ([`Reloadable::prepare`], which does nothing once done): false from
/// it drops the reloadable, and the next load is a full one.
fn prepare(previous: &mut Option<Reloadable>) {
    if let Some(next) = previous
        && !next.prepare()
    {
        *previous = None;
    }
}

fn work(requests: &Receiver<Message>) {
    let mut previous: Option<Reloadable> = None;
    while let Ok(message) = requests.recv() {
        let Request {
            file,
            options,
            reply,
        } = match message {
            Message::Prepare => {
                prepare(&mut previous);
                continue;
            }
            Message::Load(request) => request,
        };
        // A reload builds on a finished reloadable only.
        prepare(&mut previous);
        let input = Input::file_or_embedded(file.as_deref());
        let loaded = load::reload(input, &options, previous.as_ref());
        // A reload with problems leaves the last good chronology on screen: the next builds on
        // it still.
        let spare = if loaded.result.is_ok() {
            std::mem::replace(&mut previous, loaded.next)
        } else {
            None
        };
        // The snapshot is of the very text the loader read (or of its digest, when a reload
        // read it as a stream), so a write is made against what is shown, and refused if the
        // file changed since. The text itself goes once the result is on its way: neither the
        // snapshot nor the reloadable holds it (60 MB at 100,000 events).
        let snapshot = file
            .clone()
            .and_then(|path| match (&loaded.text, loaded.digest) {
                // The digest when the load took one: hashing the text again gives the same.
                (_, Some(read)) => Some(Snapshot::digested(path, read.len, read.xxh3)),
                (Some(text), None) => Some(Snapshot::of(path, text.as_bytes())),
                (None, None) => None,
            });
        let _ = reply.send(Done {
            snapshot,
            result: loaded.result,
        });
        drop(loaded.text);
        // Freed once the result is on its way: 100,000 ids take a while to free.
        drop(spare);
        super::trim::give_back_freed_memory();
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::sync::mpsc::channel;

    use super::{Request, Worker};
    use crate::edit::Snapshot;
    use crate::load::{Change, LoadOptions};

    fn text(renamed: Option<usize>) -> String {
        let mut out =
            "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n"
                .to_string();
        for i in 0..20 {
            let name = if renamed == Some(i) {
                "Renamed"
            } else {
                "Event"
            };
            let _ = write!(
                out,
                "  - id: e{i}\n    date: 2020-01-{:02}\n    title: {name} {i}\n    citations:\n      - source: s\n        quote: Delta epsilon\n",
                1 + i
            );
        }
        out
    }

    /// A reload read as a stream keeps no text, but the snapshot writes are checked against is
    /// still that of the bytes read: a write after it goes ahead.
    #[test]
    fn the_snapshot_after_a_streamed_reload_is_of_the_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        std::fs::write(dir.path().join("s.txt"), "Alpha. Delta epsilon zeta.").unwrap();
        let mut worker = None;
        let mut load = |expect_patch: bool| {
            let (reply, done) = channel();
            Worker::run(
                &mut worker,
                Request {
                    file: Some(file.clone()),
                    options: LoadOptions::default(),
                    reply,
                },
            );
            let done = done.recv().expect("the worker answers");
            assert_eq!(matches!(done.result, Ok(Change::Patched(_))), expect_patch);
            done.snapshot.expect("a file read has a snapshot")
        };
        std::fs::write(&file, text(None)).unwrap();
        load(false);
        let yaml = text(Some(7));
        std::fs::write(&file, &yaml).unwrap();
        let snapshot = load(true);
        assert_eq!(snapshot, Snapshot::of(file.clone(), yaml.as_bytes()));
        let wrote = snapshot.write(&[], &[]).expect("the file is what was read");
        assert_eq!(wrote.after, yaml.as_bytes());
    }

    /// The result of a load of `file` on the thread in `worker`; when `told`, the thread then
    /// hears that it is drawn, as from the viewer.
    fn load_on(
        worker: &mut Option<Worker>,
        file: &std::path::Path,
        options: &LoadOptions,
        told: bool,
    ) -> Change {
        let (reply, done) = channel();
        Worker::run(
            worker,
            Request {
                file: Some(file.to_path_buf()),
                options: options.clone(),
                reply,
            },
        );
        let done = done.recv().expect("the worker answers");
        if let Some(worker) = worker.as_mut().filter(|_| told) {
            worker.result_taken();
            worker.drawn();
        }
        done.result.expect("loads")
    }

    /// After an opening from the snapshot cache the reloadable's items are found once the
    /// viewer says the chronology is drawn, or else before the next load: either way, the
    /// loads after it are patched. (Found from the file as it is then: a save before they are
    /// found is a full load, as the file is no longer what the chronology was made from.)
    #[test]
    fn a_reloadable_from_the_cache_is_prepared_when_told_or_before_the_next_load() {
        for told in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("c.yaml");
            std::fs::write(dir.path().join("s.txt"), "Alpha. Delta epsilon zeta.").unwrap();
            std::fs::write(&file, text(None)).unwrap();
            let options = LoadOptions {
                snapshots: Some(crate::load::Snapshots::in_folder(dir.path().join("cache"))),
                ..LoadOptions::default()
            };
            // Cold (the entry written), then warm on a new thread (the entry read back).
            let cold = load_on(&mut None, &file, &options, told);
            assert!(matches!(cold, Change::Loaded(_)));
            let mut worker = None;
            let warm = load_on(&mut worker, &file, &options, told);
            assert!(matches!(warm, Change::Loaded(_)));
            // Unchanged: the reloadable was prepared (told, or before this load) on these bytes.
            let patched = |change: &Change| matches!(change, Change::Patched(_));
            assert!(
                patched(&load_on(&mut worker, &file, &options, told)),
                "told: {told}"
            );
            std::fs::write(&file, text(Some(7))).unwrap();
            assert!(
                patched(&load_on(&mut worker, &file, &options, told)),
                "told: {told}"
            );
        }
    }
}
