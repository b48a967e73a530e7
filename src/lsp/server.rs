//! The main loop: messages in, documents kept, checks handed to the worker, answers out.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, Response};

/// Why the server stopped other than by `shutdown` then `exit`.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    #[error("the client went away without `shutdown`")]
    Disconnected,
    #[error("the client sent `exit` without `shutdown` first")]
    ExitWithoutShutdown,
}
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Initialized, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    OneOf, PublishDiagnosticsParams, Registration, RegistrationParams, ServerCapabilities,
    TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use super::analysis::{Analysis, Snapshot};
use super::answering::{Addressed, Answerer, answerer};
use super::position::offset_in;
use super::worker::{self, Done, Job};
use super::{actions, completion, diagnostics, goto, hover, symbols, uri};

/// How the server behaves.
#[derive(Clone, Debug)]
pub struct Options {
    /// How long typing must pause before a check: a check per keystroke would only be
    /// superseded by the next.
    pub debounce: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            debounce: Duration::from_millis(150),
        }
    }
}

/// What the server offers, sent in answer to `initialize`.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// An open document: its buffer as the editor holds it.
struct Document {
    uri: Uri,
    path: PathBuf,
    version: i32,
    text: Arc<String>,
}

struct Server<'a> {
    connection: &'a Connection,
    // Keyed by each URI's text: `Uri` caches its parse inside, which makes a poor map key.
    documents: HashMap<String, Document>,
    analyses: HashMap<String, Arc<Analysis>>,
    /// For a document whose latest analysis has no trees yet, the last one before it with a
    /// tree: requests that read only the trees are answered from it meanwhile
    /// ([`super::answering`]).
    standing_in: HashMap<String, Arc<Analysis>>,
    jobs: Sender<Job>,
    /// Where replaced analyses go to be freed, off the main loop.
    freed: Sender<Arc<Analysis>>,
    /// Requests that need the trees of their document's latest analysis (a code action, or any
    /// request before the document's first trees): answered when the worker has made them.
    waiting: Vec<Request>,
}

/// Serves `connection` until the client says `exit`.
///
/// # Errors
/// The connection broke, or the client broke the protocol (an `exit` without `shutdown`).
pub fn serve(connection: &Connection, options: &Options) -> Result<(), ServeError> {
    let capabilities = serde_json::to_value(capabilities()).unwrap_or_default();
    let params = connection.initialize(capabilities)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let (done, results) = crossbeam_channel::unbounded();
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        analyses: HashMap::new(),
        standing_in: HashMap::new(),
        jobs: worker::spawn(options.debounce, done),
        freed: worker::dropper(),
        waiting: Vec::new(),
    };
    let watch = params
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    server.main_loop(&results, watch)
}

impl Server<'_> {
    fn main_loop(&mut self, results: &Receiver<Done>, watch: bool) -> Result<(), ServeError> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        return Err(ServeError::Disconnected);
                    };
                    match message {
                        Message::Request(request) => {
                            if self.connection.handle_shutdown(&request)? {
                                return Ok(());
                            }
                            self.request(request);
                        }
                        Message::Notification(n) if n.method == "exit" => {
                            return Err(ServeError::ExitWithoutShutdown);
                        }
                        Message::Notification(n) => self.notification(n, watch),
                        Message::Response(_) => {}
                    }
                }
                recv(results) -> result => match result {
                    Ok(Done::Checked(uri, analysis)) => self.analysed(&uri, analysis),
                    Ok(Done::Trees) => {
                        self.stand_down();
                        for request in std::mem::take(&mut self.waiting) {
                            self.request(request);
                        }
                    }
                    Err(_) => {}
                }
            }
        }
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notification(&mut self, n: Notification, watch: bool) {
        match n.method.as_str() {
            Initialized::METHOD if watch => self.watch_files(),
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = p.text_document;
                    // A buffer that is not a file has no folder to read its sources from.
                    if let Some(path) = uri::to_path(&doc.uri) {
                        let document = Document {
                            uri: doc.uri.clone(),
                            path,
                            version: doc.version,
                            text: Arc::new(doc.text),
                        };
                        self.documents
                            .insert(doc.uri.as_str().to_string(), document);
                        self.check(&doc.uri);
                    }
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) && let Some(document) = self.documents.get_mut(p.text_document.uri.as_str())
                {
                    for change in p.content_changes {
                        document.text = Arc::new(apply(&document.text, change));
                    }
                    document.version = p.text_document.version;
                    self.check(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let uri = p.text_document.uri;
                    self.documents.remove(uri.as_str());
                    for old in [
                        self.analyses.remove(uri.as_str()),
                        self.standing_in.remove(uri.as_str()),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        let _ = self.freed.send(old);
                    }
                    self.publish(uri, Vec::new(), None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    DidChangeWatchedFiles::METHOD,
                ) {
                    self.files_changed(&p.changes);
                }
            }
            _ => {}
        }
    }

    /// Asks the client to report changes to files: a cited source edited or replaced on disk
    /// changes what the open chronologies' quotes anchor to.
    fn watch_files(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*".into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "sourceline-sources".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            "sourceline-watch".to_string().into(),
            RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    /// Checks again each open chronology that cites a file that changed.
    fn files_changed(&self, changes: &[lsp_types::FileEvent]) {
        let files: Vec<PathBuf> = changes
            .iter()
            .filter_map(|c| uri::to_path(&c.uri))
            .collect();
        for (key, document) in &self.documents {
            // An analysis whose trees are still being made cannot say what it cites yet: check
            // it again rather than miss the change.
            let cites = self.analyses.get(key).is_some_and(|a| {
                !a.has_trees() || a.source_files().iter().any(|s| files.contains(s))
            });
            if cites {
                self.check(&document.uri);
            }
        }
    }

    /// Hands the document's current text to the worker.
    fn check(&self, uri: &Uri) {
        if let Some(document) = self.documents.get(uri.as_str()) {
            let _ = self.jobs.send(Job {
                uri: uri.clone(),
                path: document.path.clone(),
                version: document.version,
                text: Arc::clone(&document.text),
                previous: self.analyses.get(uri.as_str()).cloned(),
            });
        }
    }

    /// Keeps a finished check and publishes its problems, unless the buffer has changed since
    /// (a newer check is then on its way) or was closed.
    fn analysed(&mut self, uri: &Uri, analysis: Arc<Analysis>) {
        let Some(document) = self.documents.get(uri.as_str()) else {
            let _ = self.freed.send(analysis);
            return;
        };
        let current = analysis.version == document.version;
        if current {
            let diagnostics = diagnostics::diagnostics(&analysis);
            self.publish(uri.clone(), diagnostics, Some(analysis.version));
        }
        let newer = self
            .analyses
            .get(uri.as_str())
            .is_some_and(|a| a.version > analysis.version);
        let unused = if newer {
            Some(analysis)
        } else {
            // The replaced analysis answers for it until its trees are made, if it has a tree
            // (its text parsed and its tree was not skipped); else the one standing in stays.
            match self.analyses.insert(uri.as_str().to_string(), analysis) {
                Some(old) if old.tree().is_some() => {
                    self.standing_in.insert(uri.as_str().to_string(), old)
                }
                old => old,
            }
        };
        if let Some(unused) = unused {
            let _ = self.freed.send(unused);
        }
    }

    /// Frees the analyses that stood in for ones whose trees are now made.
    fn stand_down(&mut self) {
        let done: Vec<String> = self
            .standing_in
            .keys()
            .filter(|key| self.analyses.get(*key).is_none_or(|a| a.has_trees()))
            .cloned()
            .collect();
        for key in done {
            if let Some(old) = self.standing_in.remove(&key) {
                let _ = self.freed.send(old);
            }
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
    }

    /// Answers one request, or keeps it until the trees of its document's analysis are made.
    fn request(&mut self, request: Request) {
        let pending = serde_json::from_value::<Addressed>(request.params.clone())
            .ok()
            .is_some_and(|p| {
                matches!(
                    answerer(
                        &request.method,
                        self.analyses.get(p.uri()),
                        self.standing_in.get(p.uri())
                    ),
                    Answerer::Later
                )
            });
        if pending {
            self.waiting.push(request);
        } else {
            let response = self.answer_now(request);
            self.send(response.into());
        }
    }

    /// Answers one request from the latest analysis of its document.
    fn answer_now(&self, request: Request) -> Response {
        let id = request.id.clone();
        let answer = match request.method.as_str() {
            CodeActionRequest::METHOD => self.answer::<CodeActionRequest>(request, |s, p| {
                Some(actions::code_actions(s.analysis, &p))
            }),
            Completion::METHOD => {
                self.answer::<Completion>(request, |s, p| completion::completion(s, &p))
            }
            HoverRequest::METHOD => {
                self.answer::<HoverRequest>(request, |s, p| hover::hover(s, &p))
            }
            GotoDefinition::METHOD => {
                self.answer::<GotoDefinition>(request, |s, p| goto::definition(s, &p))
            }
            References::METHOD => {
                self.answer::<References>(request, |s, p| goto::references(s, &p))
            }
            DocumentSymbolRequest::METHOD => {
                self.answer::<DocumentSymbolRequest>(request, |s, p| symbols::symbols(s, &p))
            }
            _ => Err(Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("{}: not a request sourceline answers", request.method),
            )),
        };
        answer.unwrap_or_else(|e| e)
    }

    /// Reads `request`'s parameters as `R`'s, finds the analysis of its document and answers
    /// with `handler`: `null` for a document not (yet) checked.
    fn answer<R>(
        &self,
        request: Request,
        handler: impl FnOnce(&Snapshot<'_>, R::Params) -> R::Result,
    ) -> Result<Response, Response>
    where
        R: lsp_types::request::Request,
        R::Params: Documented,
        R::Result: Default,
    {
        let id = request.id.clone();
        let (_, params): (_, R::Params) = request.extract(R::METHOD).map_err(|e| {
            Response::new_err(
                id.clone(),
                ErrorCode::InvalidParams as i32,
                format!("{}: {e:?}", R::METHOD),
            )
        })?;
        let document = &params.document().clone();
        let analysis = match answerer(
            R::METHOD,
            self.analyses.get(document.as_str()),
            self.standing_in.get(document.as_str()),
        ) {
            Answerer::Now(analysis) => analysis,
            // Only after `request` kept it back, when the trees are made.
            Answerer::Later => self.analyses.get(document.as_str()),
        };
        let buffer = self.documents.get(document.as_str());
        let answer = match (analysis, buffer) {
            // Edits are made against the text the analysis read: stale ones would land in the
            // wrong place, so a document changed since its check gets none until the next.
            (Some(analysis), Some(buffer))
                if R::METHOD != CodeActionRequest::METHOD || buffer.version == analysis.version =>
            {
                let snapshot = Snapshot {
                    analysis,
                    text: &buffer.text,
                };
                handler(&snapshot, params)
            }
            _ => R::Result::default(),
        };
        Ok(Response::new_ok(id, answer))
    }
}

/// The document a request is about.
trait Documented {
    fn document(&self) -> &Uri;
}

macro_rules! documented {
    ($($t:ty => $($field:ident).+;)*) => {
        $(impl Documented for $t {
            fn document(&self) -> &Uri {
                &self.$($field).+
            }
        })*
    };
}

documented! {
    lsp_types::CodeActionParams => text_document.uri;
    lsp_types::CompletionParams => text_document_position.text_document.uri;
    lsp_types::HoverParams => text_document_position_params.text_document.uri;
    lsp_types::GotoDefinitionParams => text_document_position_params.text_document.uri;
    lsp_types::ReferenceParams => text_document_position.text_document.uri;
    lsp_types::DocumentSymbolParams => text_document.uri;
}

/// The buffer `text` with one change: a range replaced, or the whole text. The text is shared
/// with the checks under way, so the new one is a copy, made in one pass (at 100,000 events it
/// is 58 MB, copied once per keystroke on the main loop; finding the range reads only up to it).
fn apply(text: &str, change: TextDocumentContentChangeEvent) -> String {
    match change.range {
        Some(range) => {
            let start = offset_in(text, range.start);
            let end = offset_in(text, range.end).max(start);
            let mut out = String::with_capacity(text.len() - (end - start) + change.text.len());
            out.push_str(&text[..start]);
            out.push_str(&change.text);
            out.push_str(&text[end..]);
            out
        }
        None => change.text,
    }
}
