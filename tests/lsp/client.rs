//! An editor-like client of the language server over memory channels.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// Long enough for a debug build's check on a busy machine; only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(60);

pub const ARTICLE: &str = include_str!("../drifted/article.txt");

pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), sourceline::lsp::ServeError>>>,
    queue: VecDeque<Notification>,
    next_id: i32,
    pub dir: tempfile::TempDir,
}

impl Client {
    /// A server over a project folder holding `article.txt`, initialised.
    pub fn start(capabilities: &Value) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".sourceline"), "").unwrap();
        std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
        let (server, connection) = Connection::memory();
        let options = sourceline::lsp::Options {
            debounce: Duration::from_millis(5),
        };
        let server = std::thread::spawn(move || sourceline::lsp::serve(&server, &options));
        let mut client = Client {
            connection,
            server: Some(server),
            queue: VecDeque::new(),
            next_id: 0,
            dir,
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        assert!(
            init["capabilities"]["hoverProvider"].as_bool().unwrap(),
            "{init}"
        );
        client.notify("initialized", json!({}));
        client
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn uri(&self, name: &str) -> String {
        uri_of(&self.path(name))
    }

    pub fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.connection.sender.send(n.into()).unwrap();
    }

    /// Sends a request and waits for its answer, keeping the notifications that come before.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let r = Request::new(id.clone(), method.into(), params);
        self.connection.sender.send(r.into()).unwrap();
        loop {
            match self.connection.receiver.recv_timeout(PATIENCE).unwrap() {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {e:?}"));
                }
                Message::Notification(n) => self.queue.push_back(n),
                _ => {}
            }
        }
    }

    /// Opens `name` with `text` (version 1), and returns its first diagnostics.
    pub fn open(&mut self, name: &str, text: &str) -> Vec<Value> {
        std::fs::write(self.path(name), text).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": self.uri(name), "languageId": "yaml", "version": 1, "text": text } }),
        );
        self.diagnostics(name, Some(1))
    }

    /// Replaces the buffer's text (unsaved) as version `version`, and returns its diagnostics.
    pub fn change(&mut self, name: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri(name), "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics(name, Some(version))
    }

    /// The next diagnostics published for `name` (of `version`, when given).
    pub fn diagnostics(&mut self, name: &str, version: Option<i32>) -> Vec<Value> {
        let uri = self.uri(name);
        loop {
            let n = match self.queue.pop_front() {
                Some(n) => n,
                None => match self.connection.receiver.recv_timeout(PATIENCE).unwrap() {
                    Message::Notification(n) => n,
                    Message::Request(r) if r.method == "client/registerCapability" => continue,
                    other => panic!("unexpected {other:?}"),
                },
            };
            if n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
                && version.is_none_or(|v| n.params["version"] == v)
            {
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    /// `shutdown` then `exit`: the server must end cleanly.
    pub fn shut_down(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer, Value::Null);
        self.notify("exit", Value::Null);
        let served = self.server.take().unwrap().join().unwrap();
        assert!(served.is_ok(), "{served:?}");
    }

    /// Ends the server without `shutdown`: it must say the client broke the protocol.
    pub fn exit_abruptly(mut self) -> String {
        self.notify("exit", Value::Null);
        let served = self.server.take().unwrap().join().unwrap();
        served.unwrap_err().to_string()
    }
}

pub fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The text after applying the workspace edit of `action` to `text` (its edits for `uri`).
pub fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits = action["edit"]["changes"][uri].as_array().unwrap().clone();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(text, &e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (a, b) = (
            offset(&out, &e["range"]["start"]),
            offset(&out, &e["range"]["end"]),
        );
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

/// The byte offset of an LSP position (UTF-16 columns).
pub fn offset(text: &str, position: &Value) -> usize {
    let line = usize::try_from(position["line"].as_u64().unwrap()).unwrap();
    let character = usize::try_from(position["character"].as_u64().unwrap()).unwrap();
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The LSP position of byte `at` of `text`.
pub fn position(text: &str, at: usize) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap().encode_utf16().count();
    json!({ "line": line, "character": column })
}
