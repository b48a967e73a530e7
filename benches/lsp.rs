//! The language server's costs as an editor feels them: the diagnostics after a one-character
//! edit (the check of the whole unsaved buffer, on the worker), and how soon a request typed
//! during that check is answered (it must not wait for it), against the same request when
//! nothing is being checked. `cargo bench --bench lsp`;
//! BENCHMARKS.md records it.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
#[allow(dead_code)]
mod suite;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// A server over memory channels with one document open, checked with no debounce (the
/// figures are the check's, not the pause's).
struct Session {
    client: Connection,
    /// The line of `title:`, where the keystrokes go.
    title: usize,
    uri: String,
    text: String,
    version: i32,
    next_id: i32,
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
        let mut session = Session {
            client,
            title,
            uri: format!("file://{}", path.display()),
            text,
            version: 1,
            next_id: 0,
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
            if let Message::Response(r) = self.client.receiver.recv().unwrap()
                && r.id == id
            {
                return r.response_result.unwrap();
            }
        }
    }

    /// Waits for the diagnostics of `version`; returns how many.
    fn diagnostics(&self, version: i32) -> usize {
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["version"] == version
            {
                return n.params["diagnostics"].as_array().unwrap().len();
            }
        }
    }

    /// Types one character into the title (then deletes it, on the next call): the buffer
    /// stays valid, and every edit asks for a check of the whole file.
    fn keystroke(&mut self) -> i32 {
        self.version += 1;
        let at = json!({ "line": self.title, "character": 8 });
        let (range, text) = if self.version % 2 == 0 {
            (json!({ "start": at, "end": at }), "x")
        } else {
            (
                json!({ "start": at, "end": { "line": self.title, "character": 9 } }),
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
    let generated = generator::generate(suite::spec(10_000));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    for (path, text) in &generated.sources {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let file = dir.path().join("chronology.yaml");
    std::fs::write(&file, &generated.yaml).unwrap();
    cases.push(("10000".to_string(), file, generated.yaml, Some(dir)));
    cases
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    for (name, path, text, _dir) in cases() {
        let mut session = Session::open(&path, text);
        group.bench_function(BenchmarkId::new("diagnostics_after_edit", &name), |b| {
            b.iter(|| {
                let version = session.keystroke();
                assert_eq!(session.diagnostics(version), 0);
            });
        });
        group.bench_function(BenchmarkId::new("hover_idle", &name), |b| {
            let params = json!({ "textDocument": { "uri": session.uri }, "position": { "line": session.title, "character": 2 } });
            b.iter(|| session.request("textDocument/hover", params.clone()));
        });
        group.bench_function(BenchmarkId::new("hover_during_check", &name), |b| {
            b.iter_custom(|iterations| {
                let mut answering = Duration::ZERO;
                for _ in 0..iterations {
                    let version = session.keystroke();
                    let started = Instant::now();
                    let params = json!({ "textDocument": { "uri": session.uri }, "position": { "line": session.title, "character": 2 } });
                    session.request("textDocument/hover", params);
                    answering += started.elapsed();
                    session.diagnostics(version);
                }
                answering
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
