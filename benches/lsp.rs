//! The language server's costs as an editor feels them, on the shipped chronology and on
//! generated ones of 10,000 and 100,000 events (`SOURCELINE_BENCH_SIZES` picks among those two):
//!
//! - `diagnostics_after_edit`: a one-character edit to the diagnostics of that version (the
//!   check of the whole unsaved buffer, on the worker), from a settled server (the previous
//!   check and its YAML trees done).
//! - `hover_idle`: a hover when nothing is being checked.
//! - `hover_during_check`: a keystroke, then a hover at once: the main loop applies the edit,
//!   hands the check to the worker and answers from the last analysis, without waiting for the
//!   check. On the generated files each iteration fails if the diagnostics of the edit came
//!   before the answer.
//! - `hover_after_diagnostics`: a hover sent the moment the diagnostics arrive, while the new
//!   analysis's YAML trees are still being made (as long again as the check): the analysis
//!   before it answers meanwhile.
//!
//! `cargo bench --bench lsp -- --warm-up-time 1 --measurement-time 3`; BENCHMARKS.md, "The
//! language server (5/6)", records a run.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
#[allow(dead_code)]
mod suite;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// A server over memory channels with one document open, checked with no debounce (the
/// figures are the check's, not the pause's).
struct Session {
    client: Connection,
    /// The line of the chronology's `title:`, where the keystrokes go: an edit of the head,
    /// which every check reads in full.
    title: usize,
    /// The line of the middle event's `title:`, where `event_keystroke` types: an edit of one
    /// event, which a check built on the last one re-reads alone.
    event_title: usize,
    /// The line of the first event's `date:`, what the hovers ask about.
    date: usize,
    uri: String,
    text: String,
    version: i32,
    next_id: i32,
    /// Notifications received while waiting for a response, oldest first.
    inbox: VecDeque<Notification>,
}

impl Session {
    fn open(path: &Path, text: String) -> Self {
        let (server, client) = Connection::memory();
        std::thread::spawn(move || {
            let options = sourceline::lsp::Options {
                debounce: Duration::ZERO,
            };
            let _ = sourceline::lsp::serve(&server, &options);
        });
        let title = text
            .lines()
            .position(|l| l.starts_with("title: "))
            .expect("a title line");
        let events = text
            .lines()
            .position(|l| l == "events:")
            .expect("an events list");
        let date = events
            + text
                .lines()
                .skip(events)
                .position(|l| l.starts_with("    date: \""))
                .expect("an event with a date");
        let titles: Vec<usize> = text
            .lines()
            .enumerate()
            .skip(events)
            .filter(|(_, l)| l.starts_with("    title: "))
            .map(|(i, _)| i)
            .collect();
        let event_title = titles[titles.len() / 2];
        let mut session = Session {
            client,
            title,
            event_title,
            date,
            uri: format!("file://{}", path.display()),
            text,
            version: 1,
            next_id: 0,
            inbox: VecDeque::new(),
        };
        session.request("initialize", json!({ "capabilities": {} }));
        session.notify("initialized", json!({}));
        session.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": session.uri, "languageId": "yaml", "version": 1, "text": session.text } }),
        );
        session.diagnostics(1);
        session
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.client.sender.send(n.into()).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let r = Request::new(id.clone(), method.into(), params);
        self.client.sender.send(r.into()).unwrap();
        loop {
            match self.client.receiver.recv().unwrap() {
                Message::Response(r) if r.id == id => return r.response_result.unwrap(),
                Message::Notification(n) => self.inbox.push_back(n),
                _ => {}
            }
        }
    }

    fn is_diagnostics(n: &Notification, version: i32) -> bool {
        n.method == "textDocument/publishDiagnostics" && n.params["version"] == version
    }

    /// Whether the diagnostics of `version` have arrived (while waiting for a response).
    fn published(&self, version: i32) -> bool {
        self.inbox.iter().any(|n| Self::is_diagnostics(n, version))
    }

    /// Waits for the diagnostics of `version`; returns how many.
    fn diagnostics(&mut self, version: i32) -> usize {
        let count = |n: &Notification| n.params["diagnostics"].as_array().unwrap().len();
        if let Some(at) = self
            .inbox
            .iter()
            .position(|n| Self::is_diagnostics(n, version))
        {
            let n = self.inbox.remove(at).unwrap();
            self.inbox.clear();
            return count(&n);
        }
        self.inbox.clear();
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap()
                && Self::is_diagnostics(&n, version)
            {
                return count(&n);
            }
        }
    }

    /// A hover on the first event's date (how it is read).
    fn hover(&mut self) -> Value {
        // Inside the quoted date: `    date: "1979"`.
        let params = json!({ "textDocument": { "uri": self.uri }, "position": { "line": self.date, "character": 11 } });
        self.request("textDocument/hover", params)
    }

    /// Waits until the server has settled after a check: a code action is answered only once
    /// the latest analysis's trees are made (other requests are answered from the one before
    /// meanwhile).
    fn settle(&mut self) {
        let at = json!({ "line": self.date, "character": 11 });
        let params = json!({ "textDocument": { "uri": self.uri }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } });
        self.request("textDocument/codeAction", params);
        assert!(!self.hover().is_null(), "the hover reads the date");
    }

    /// Types one character into the title (then deletes it, on the next call): the buffer
    /// stays valid, and every edit asks for a check of the whole file.
    fn keystroke(&mut self) -> i32 {
        self.type_at(self.title, 8)
    }

    /// Types one character into the middle event's title (then deletes it).
    fn event_keystroke(&mut self) -> i32 {
        self.type_at(self.event_title, 11)
    }

    fn type_at(&mut self, line: usize, character: usize) -> i32 {
        self.version += 1;
        let at = json!({ "line": line, "character": character });
        let (range, text) = if self.version % 2 == 0 {
            (json!({ "start": at, "end": at }), "x")
        } else {
            (
                json!({ "start": at, "end": { "line": line, "character": character + 1 } }),
                "",
            )
        };
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri, "version": self.version },
                    "contentChanges": [{ "range": range, "text": text }] }),
        );
        self.version
    }
}

fn cases() -> Vec<(String, PathBuf, String, Option<tempfile::TempDir>)> {
    let shipped = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/iran-us.yaml"));
    let text = std::fs::read_to_string(&shipped).unwrap();
    let mut cases = vec![("shipped".to_string(), shipped, text, None)];
    for n in suite::sizes().into_iter().filter(|&n| n >= 10_000) {
        let generated = generator::generate(suite::spec(n));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sources")).unwrap();
        std::fs::write(dir.path().join(".sourceline"), "").unwrap();
        for (path, text) in &generated.sources {
            std::fs::write(dir.path().join(path), text).unwrap();
        }
        let file = dir.path().join("chronology.yaml");
        std::fs::write(&file, &generated.yaml).unwrap();
        cases.push((n.to_string(), file, generated.yaml, Some(dir)));
    }
    cases
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
        // A check of 100,000 events takes seconds: as few iterations per sample as possible.
        .sampling_mode(SamplingMode::Flat);
    for (name, path, text, _dir) in cases() {
        let mut session = Session::open(&path, text);
        session.settle();
        group.bench_function(BenchmarkId::new("diagnostics_after_edit", &name), |b| {
            b.iter_custom(|iterations| {
                let mut checking = Duration::ZERO;
                for _ in 0..iterations {
                    let version = session.keystroke();
                    let started = Instant::now();
                    assert_eq!(session.diagnostics(version), 0);
                    checking += started.elapsed();
                    session.settle();
                }
                checking
            });
        });
        group.bench_function(
            BenchmarkId::new("diagnostics_after_event_edit", &name),
            |b| {
                b.iter_custom(|iterations| {
                    let mut checking = Duration::ZERO;
                    for _ in 0..iterations {
                        let version = session.event_keystroke();
                        let started = Instant::now();
                        assert_eq!(session.diagnostics(version), 0);
                        checking += started.elapsed();
                        session.settle();
                    }
                    checking
                });
            },
        );
        group.bench_function(BenchmarkId::new("hover_idle", &name), |b| {
            b.iter(|| session.hover());
        });
        let long = name != "shipped";
        group.bench_function(BenchmarkId::new("hover_during_check", &name), |b| {
            b.iter_custom(|iterations| {
                let mut answering = Duration::ZERO;
                for _ in 0..iterations {
                    let version = session.keystroke();
                    let started = Instant::now();
                    session.hover();
                    answering += started.elapsed();
                    // The shipped file's check takes under a millisecond and may well end
                    // first; the generated ones' take long enough to tell.
                    assert!(
                        !long || !session.published(version),
                        "the hover was answered only after the check"
                    );
                    session.diagnostics(version);
                    session.settle();
                }
                answering
            });
        });
        group.bench_function(BenchmarkId::new("hover_after_diagnostics", &name), |b| {
            b.iter_custom(|iterations| {
                let mut answering = Duration::ZERO;
                for _ in 0..iterations {
                    let version = session.keystroke();
                    session.diagnostics(version);
                    let started = Instant::now();
                    session.hover();
                    answering += started.elapsed();
                }
                answering
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
