//! Checking off the main loop: a keystroke in a 100,000-event file must never wait for a load.
//!
//! The main loop sends each new text as a [`Job`]; the worker waits for typing to pause (the
//! debounce), keeps only the newest text of each document, checks it, and sends the
//! [`Analysis`] back, then makes its YAML tree (for hover, completion and the rest) unless a
//! newer text is already waiting. A text superseded while it waited is never checked; one superseded while
//! it was being checked is still answered, and the main loop drops the answer by its version.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_types::Uri;

use super::analysis::{Analysis, analyze};

/// A text to check.
pub struct Job {
    pub uri: Uri,
    pub path: PathBuf,
    pub version: i32,
    pub text: Arc<String>,
    /// The last analysis of the document, whose chronology stands in while this one does not
    /// load.
    pub previous: Option<Arc<Analysis>>,
}

/// What the worker sends back.
pub enum Done {
    /// A text checked: its problems are ready.
    Checked(Uri, Arc<Analysis>),
    /// The trees of that analysis are made: requests that read them may be answered.
    Trees,
}

/// Starts the worker; it ends when the returned sender is dropped.
pub fn spawn(debounce: Duration, done: Sender<Done>) -> Sender<Job> {
    let (jobs, inbox) = crossbeam_channel::unbounded::<Job>();
    std::thread::Builder::new()
        .name("sourceline-lsp-check".into())
        .spawn(move || run(&inbox, debounce, &done))
        .expect("the worker thread starts");
    jobs
}

fn run(inbox: &Receiver<Job>, debounce: Duration, done: &Sender<Done>) {
    // Keyed by the URI's text: `Uri` caches its parse inside, which makes a poor map key.
    let mut pending: HashMap<String, Job> = HashMap::new();
    loop {
        if pending.is_empty() {
            match inbox.recv() {
                Ok(job) => {
                    pending.insert(job.uri.as_str().to_string(), job);
                }
                Err(_) => return,
            }
        }
        // Until the author pauses: each new text replaces the one waiting for its document.
        loop {
            match inbox.recv_timeout(debounce) {
                Ok(job) => {
                    pending.insert(job.uri.as_str().to_string(), job);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let Some(uri) = pending.keys().next().cloned() else {
            continue;
        };
        let Some(job) = pending.remove(&uri) else {
            continue;
        };
        let analysis = Arc::new(analyze(
            &job.path,
            job.version,
            job.text,
            job.previous.as_deref(),
        ));
        if done
            .send(Done::Checked(job.uri.clone(), Arc::clone(&analysis)))
            .is_err()
        {
            return;
        }
        analysis.make_trees(job.previous.as_deref(), !inbox.is_empty());
        if done.send(Done::Trees).is_err() {
            return;
        }
    }
}

/// A thread that frees what it is sent: an analysis of a large file is millions of small
/// allocations (its chronology and tree), tens of milliseconds to free, which the main loop
/// must not spend between two keystrokes.
pub fn dropper() -> Sender<Arc<Analysis>> {
    let (sender, inbox) = crossbeam_channel::unbounded::<Arc<Analysis>>();
    std::thread::Builder::new()
        .name("sourceline-lsp-free".into())
        .spawn(move || inbox.iter().for_each(drop))
        .expect("the dropping thread starts");
    sender
}
