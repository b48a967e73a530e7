//! One open chronology as last checked: its text, the problems `check` would report, the
//! chronology when it loaded, and its YAML tree, from which every request is answered.
//!
//! An analysis is immutable and shared (`Arc`): the worker makes it off the main loop, and the
//! handlers read it while the next one is made, as rust-analyzer's handlers read a snapshot.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::position::{LineIndex, line_starts};
use crate::load::tree::{self, Node};
use crate::load::{self, Input, LoadOptions};
use crate::model::Chronology;
use crate::problem::Problem;

pub struct Analysis {
    /// The document's version this was made from.
    pub version: i32,
    pub path: PathBuf,
    pub text: Arc<String>,
    /// Every problem, as `check` finds them in this text.
    pub problems: Vec<Problem>,
    /// The chronology, when this text loads; else the last one that did, for hover and
    /// go to definition while the author is mid-edit (each checks that the quote it shows is
    /// still the one written).
    pub chronology: Option<Arc<Chronology>>,
    /// What the load of `chronology` leaves for the next check to parse only the events that
    /// changed ([`load::reload`]): a keystroke in one event of a 100,000-event file checks
    /// that event, not the file.
    reloadable: Option<Arc<load::Reloadable>>,
    /// The YAML trees, made after the diagnostics are out: reading every node with its
    /// position costs as much again as the check, and the author waits for the check only.
    trees: OnceLock<Trees>,
    /// Where each line of `text` starts, for [`Analysis::line_index`]: made with the check,
    /// since every diagnostic and most answers turn offsets into positions, and at 100,000
    /// events a fresh index costs each request about 10 ms of the main loop.
    line_starts: Vec<usize>,
}

/// The YAML with the byte range of every node.
#[derive(Default)]
struct Trees {
    /// This text's, when it parses.
    tree: Option<Arc<Node>>,
    /// This text's, else the last one that parsed: where completion finds the ids in use while
    /// the line being typed does not parse yet. Its positions may be another text's.
    last: Option<Arc<Node>>,
}

/// What a request is answered from: the latest analysis, and the buffer as it is now (which
/// may be a keystroke ahead of it).
pub struct Snapshot<'a> {
    pub analysis: &'a Analysis,
    pub text: &'a str,
}

impl Analysis {
    /// Offsets of `text` to positions and back.
    pub fn line_index(&self) -> LineIndex<'_> {
        LineIndex::with_starts(&self.text, &self.line_starts)
    }

    /// This text's tree, once made (see [`Analysis::make_trees`]).
    pub fn tree(&self) -> Option<&Node> {
        self.trees.get()?.tree.as_deref()
    }

    /// Whether the trees are made (or were skipped).
    pub fn has_trees(&self) -> bool {
        self.trees.get().is_some()
    }

    /// This text's tree, else the last one that parsed.
    pub fn last_tree(&self) -> Option<&Node> {
        self.trees.get()?.last.as_deref()
    }

    /// Parses the text into its tree, unless `skip` (a newer text is waiting: its tree is the
    /// one worth making) and an older tree stands in; `previous` lends its tree when this text
    /// has none. With no tree to lend (the first text of a document, as its author starts
    /// typing), this one is made even when skipping: else a newer text that does not parse
    /// would have no ids to complete from until one parses again.
    pub fn make_trees(&self, previous: Option<&Analysis>, skip: bool) {
        let lent = previous.and_then(|a| a.trees.get()?.last.clone());
        let tree = if skip && lent.is_some() {
            None
        } else {
            tree::parse(&self.text).ok().map(Arc::new)
        };
        let last = tree.clone().or(lent);
        let _ = self.trees.set(Trees { tree, last });
    }
    /// The folder the document's sources are read relative to.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The files the document cites, as they lie on disk: a change to one asks for a new check.
    pub fn source_files(&self) -> Vec<PathBuf> {
        let Some(sources) = self.last_tree().and_then(|t| t.get("sources")?.items()) else {
            return Vec::new();
        };
        sources
            .iter()
            .filter_map(|s| s.get("path")?.text())
            .map(|p| self.base().join(p))
            .collect()
    }
}

/// Checks `text`, the unsaved buffer of the chronology at `path`, with its sources read from
/// disk beside `path` (under the same confinement as `check`); `previous` lends its
/// chronology when this text does not load, and is what a text that changed in a few events
/// only is checked against (those events alone are parsed again: [`load::reload`]).
pub fn analyze(
    path: &Path,
    version: i32,
    text: Arc<String>,
    previous: Option<&Analysis>,
) -> Analysis {
    let name = path.display().to_string();
    let reader = load::disk_sources(path, &[]);
    // The reloadable and the chronology it was made with go together.
    let before = previous.and_then(|a| Some((a.reloadable.as_ref()?, a.chronology.as_ref()?)));
    let loaded = load::reload(
        Input::text(&name, &text, &reader),
        &LoadOptions::default(),
        before.map(|(r, _)| r.as_ref()),
    );
    let (problems, chronology, reloadable) = match loaded.result {
        Ok(change) => {
            let chronology = match (change, before) {
                (load::Change::Loaded(c), _) => c,
                (change, Some((_, old))) => change.into_chronology(Cow::Borrowed(old.as_ref())),
                // A patch comes only with the chronology it applies to.
                (load::Change::Patched(_), None) => {
                    return analyze_in_full(path, version, text, &name, &reader);
                }
            };
            (
                Vec::new(),
                Some(Arc::new(chronology)),
                loaded.next.map(Arc::new),
            )
        }
        Err(p) => (
            p.0,
            previous.and_then(|a| a.chronology.clone()),
            previous.and_then(|a| a.reloadable.clone()),
        ),
    };
    Analysis {
        version,
        path: path.to_path_buf(),
        line_starts: line_starts(&text),
        text,
        problems,
        chronology,
        reloadable,
        trees: OnceLock::new(),
    }
}

/// [`analyze`] with no previous analysis to build on.
fn analyze_in_full(
    path: &Path,
    version: i32,
    text: Arc<String>,
    name: &str,
    reader: &load::DiskSources,
) -> Analysis {
    let loaded = load::load(Input::text(name, &text, reader), &LoadOptions::default());
    let (problems, chronology) = match loaded.result {
        Ok(c) => (Vec::new(), Some(Arc::new(c))),
        Err(p) => (p.0, None),
    };
    Analysis {
        version,
        path: path.to_path_buf(),
        line_starts: line_starts(&text),
        text,
        problems,
        chronology,
        reloadable: None,
        trees: OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use std::path::Path;

    use super::{Analysis, analyze, analyze_in_full};

    const YAML: &str = "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: a\n    date: 2020-01-01\n    title: First\n    citations:\n      - {source: s, quote: Alpha beta}\n  - id: b\n    date: 2020-02-01\n    title: Second\n    related: [a]\n    citations:\n      - {source: s, quote: Gamma delta}\n";

    /// Each keystroke's analysis, built on the last, says what a check from nothing says.
    #[test]
    fn each_check_built_on_the_last_is_a_check_from_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.txt"), "Alpha beta. Gamma delta.").unwrap();
        let path = dir.path().join("c.yaml");
        let reader = crate::load::disk_sources(&path, &[]);
        let name = path.display().to_string();
        let texts = [
            YAML.to_string(),
            YAML.replace("title: Second", "title: Second, renamed"),
            YAML.replace("quote: Gamma delta", "quote: Gamma omega"),
            YAML.replace("title: First", "title: First again"),
        ];
        let mut previous = None;
        for (version, text) in (1..).zip(texts) {
            let text = Arc::new(text);
            let now = analyze(&path, version, Arc::clone(&text), previous.as_ref());
            let full = analyze_in_full(&path, version, text, &name, &reader);
            assert_eq!(now.problems, full.problems, "version {version}");
            if full.chronology.is_some() {
                assert_eq!(
                    format!("{:?}", now.chronology),
                    format!("{:?}", full.chronology),
                    "version {version}"
                );
                assert!(now.reloadable.is_some());
            } else {
                // The last chronology that loaded stands in, with what it left.
                assert!(now.chronology.is_some() && now.reloadable.is_some());
            }
            previous = Some(now);
        }
    }

    fn analysis(version: i32, text: &str, previous: Option<&Analysis>) -> Analysis {
        let path = Path::new("/nonexistent/c.yaml");
        analyze(path, version, Arc::new(text.to_string()), previous)
    }

    /// The worker skips the tree of a text superseded while it was checked, but not the first
    /// one's: the newer text, mid-line, may not parse, and completion then reads the ids in use
    /// from the last tree that did (tests/lsp/navigate.rs met this now and then: the edit
    /// arrived as the first check finished, and no tree was left to read).
    #[test]
    fn the_first_tree_is_made_even_when_a_newer_text_waits() {
        let first = analysis(1, "title: T\nevents: []\n", None);
        first.make_trees(None, true);
        assert!(first.tree().is_some(), "no other tree would stand in");
        let typing = analysis(2, "title: T\nevents: [\n", Some(&first));
        typing.make_trees(Some(&first), false);
        assert!(typing.tree().is_none(), "it does not parse");
        assert!(typing.last_tree().is_some(), "the first text's stands in");
        // With a tree to stand in, a superseded text's is skipped.
        let third = analysis(3, "title: U\nevents: []\n", Some(&typing));
        third.make_trees(Some(&typing), true);
        assert!(third.tree().is_none());
        assert!(third.last_tree().is_some());
    }
}
