//! The authoring loop as state: where the chronology came from, a load in progress, the
//! problems of the last failed load, and what `update` asks the viewer to do (reload, open the
//! editor, copy to the clipboard, write a citation or a draft, undo a write).
//!
//! `update` stays pure: it never reads a file, spawns a thread or runs the editor. It leaves
//! [`Request`]s that the viewer performs, and the viewer reports back what happened through
//! [`App::happened`]. So the reload rules (keep the selection by id, keep filters and search
//! where they still make sense, never replace a good chronology with a broken one) are tested
//! like any key sequence.

use std::path::{Path, PathBuf};

use super::citing::Place;
use super::{App, Focus, Mode};
use crate::edit::cite::{Cited, Draft};
use crate::find::{Filter, SearchIndex};
use crate::model::{Chronology, EventIx, Verdict};
use crate::problem::{Problem, Problems};

/// Where the chronology comes from, which decides what can be reloaded and edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary: nothing to watch or edit (`sourceline init` makes a copy).
    #[default]
    Embedded,
    /// A file, as the user named it.
    File(PathBuf),
}

impl Origin {
    /// How screens name it: the path as the user wrote it, or the embedded chronology's name
    /// (so the drawing code need not know where the embedded one comes from).
    pub fn name(&self) -> String {
        match self {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded => crate::embedded::NAME.to_string(),
        }
    }
}

/// How far a load has got, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub sources_done: usize,
    pub sources_total: usize,
}

impl Progress {
    /// Done so far, 0 to 1: parsing counts for four fifths, anchoring for the rest.
    #[must_use]
    pub fn fraction(&self) -> f64 {
        let ratio = |done: f64, total: f64| {
            if total > 0.0 {
                (done / total).min(1.0)
            } else {
                0.0
            }
        };
        #[allow(clippy::cast_precision_loss)]
        let parse = ratio(self.bytes_done as f64, self.bytes_total as f64);
        #[allow(clippy::cast_precision_loss)]
        let anchor = ratio(self.sources_done as f64, self.sources_total as f64);
        0.8 * parse + 0.2 * anchor
    }
}

/// What the viewer is asked to do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Load the chronology again.
    Reload,
    /// Open the editor at an event of the chronology (the viewer finds its line in the file).
    EditEvent {
        id: String,
        /// The citation's index, when a citation was chosen.
        citation: Option<usize>,
    },
    /// Open the editor on a file at a line.
    EditFile { path: PathBuf, line: Option<usize> },
    /// Put this text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Add a citation to event `id` in the chronology file, then reload. `before` is where the
    /// reader was, for the undo of this write to give back.
    AddCitation {
        id: String,
        cited: Cited,
        before: Place,
    },
    /// Add a draft event to the chronology file, then reload; `before` as for a citation.
    NewDraft { draft: Draft, before: Place },
    /// Write a review on citation `citation` (in the file's order) of event `id`: the viewer
    /// adds who and when and the source's digest; `before` as for a citation.
    Review {
        id: String,
        citation: usize,
        verdict: Verdict,
        note: Option<String>,
        before: Place,
    },
    /// Put back the chronology file as it was before the last write of this session.
    Undo,
}

/// What happened outside `update`, reported by the viewer.
#[derive(Debug)]
pub enum Happened {
    /// A load is running and has got this far.
    Progress(Progress),
    /// A load finished with a chronology.
    Loaded(Box<Chronology>),
    /// A load finished with problems.
    LoadFailed(Problems),
    /// The editor could not be run (the message says why), or another side effect failed.
    EffectFailed(String),
    /// The chronology file was written (a citation, a draft); a reload follows.
    Wrote(String),
    /// The last write was undone; a reload follows. `before` is the place its request carried:
    /// where the reader was before that write, selected again once the reload arrives.
    Undone { message: String, before: Place },
}

impl App {
    /// Takes the requests left by the last updates, oldest first.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// A load finished with the chronology `make` builds from the one shown (see
    /// [`App::replace_chronology_with`], and `kept` there).
    pub fn loaded_with(
        &mut self,
        make: impl FnOnce(Chronology) -> Chronology,
        kept: Option<&[Option<usize>]>,
    ) {
        self.loading = None;
        self.replace_chronology_with(make, kept);
    }

    /// Applies what happened outside: a load's progress or result, a failed side effect.
    pub fn happened(&mut self, what: Happened) {
        match what {
            Happened::Progress(p) => self.loading = Some(p),
            Happened::Loaded(chronology) => {
                self.loading = None;
                self.replace_chronology(*chronology);
            }
            Happened::LoadFailed(problems) => {
                self.loading = None;
                self.problems = problems.0;
                self.message = Some(if self.loaded {
                    "reload failed: the last good version stays on screen".to_string()
                } else {
                    "the chronology has problems".to_string()
                });
                if !matches!(self.mode, Mode::Prompt(_)) {
                    self.mode = Mode::Problems { selected: 0 };
                }
            }
            Happened::EffectFailed(why) => {
                // A write that did not happen selects nothing afterwards.
                self.reselect = None;
                self.message = Some(why);
            }
            Happened::Wrote(what) => {
                // Said again once the reload is shown, unless the write has more to say then.
                if self.reselect.is_none() {
                    self.reselect = Some(super::Reselect {
                        id: None,
                        citation: 0,
                        message: what.clone(),
                        back: None,
                    });
                }
                self.message = Some(what);
            }
            Happened::Undone { message, before } => {
                self.message = Some(message.clone());
                self.reselect = Some(super::Reselect {
                    id: before.id.clone(),
                    citation: before.citation,
                    message,
                    back: Some(before),
                });
            }
        }
    }

    /// Puts a freshly loaded chronology in place of the shown one, keeping the reader's place:
    /// the selected event by id (else the nearest in time), the filter's actors and tags by id,
    /// the search by its query, the focus and the citation where they still exist; and the
    /// requests not yet carried out and a quit asked for, which belong to the reader, not to the
    /// chronology.
    pub fn replace_chronology(&mut self, new: Chronology) {
        self.replace_chronology_with(|_| new, None);
    }

    /// [`App::replace_chronology`] with the chronology `make` builds from the shown one, which
    /// it is given to keep: a reload that parsed only the events that changed moves the others
    /// over rather than copying 100,000 of them. `kept`: for each new event, its place in the
    /// shown chronology when it did not change, whose search text is then kept too.
    pub fn replace_chronology_with(
        &mut self,
        make: impl FnOnce(Chronology) -> Chronology,
        kept: Option<&[Option<usize>]>,
    ) {
        let first = !self.loaded;
        let old_events = self.chronology.events.len();
        let selected = self
            .current_event()
            .and_then(|ix| self.chronology.events.get(ix))
            .map(|e| (e.id.clone(), e.date.order()));
        let filter = (!first).then(|| self.filter_ids());
        let search = self.search.as_ref().map(|s| (s.query.clone(), s.scope));
        let (focus, citation, chosen) = (self.focus, self.citation, self.citation_chosen);
        // Where the selected row is on screen, and how far its details are scrolled.
        let scroll = self
            .row_of
            .get(self.selected)
            .map(|&row| (row.saturating_sub(self.timeline_offset), self.detail_scroll));
        let keep = (self.monochrome, self.origin.clone(), self.size);
        // A selection survives a reload that left its document as it was.
        let selection = self.selection.take().and_then(|s| {
            let old = self.chronology.sources.get(s.source)?;
            Some((s, old.id.clone(), std::sync::Arc::clone(&old.text)))
        });
        let (drafts_only, reselect) = (self.drafts_only, self.reselect.take());
        let by_review = self.by_review;

        let lanes_before = self.lanes_before(kept);
        let new = make(std::mem::take(&mut self.chronology));
        let lanes = lanes_before.and_then(|before| before.still_holds(&new));
        let old_index = std::mem::take(&mut self.search_index);
        // A full load's index is folded after the first frame ([`App::catch_up`]); a patched
        // chronology's moves over the runs no change touched.
        let index = match kept {
            Some(kept) if kept.len() == new.events.len() => {
                SearchIndex::rebuilt(old_index, &new, kept)
            }
            _ => {
                // Freed before the view is built: at 100,000 events it is tens of megabytes.
                drop(old_index);
                SearchIndex::pending()
            }
        };
        let selection = selection.and_then(|(s, id, text)| {
            let now = new.sources.get(s.source)?;
            (now.id == id && now.text == text).then_some(s)
        });
        let filter = match filter {
            // The first load: the filter was resolved against this chronology already.
            None => self.filter.clone(),
            Some(ids) => ids.resolve(&new),
        };
        let mut fresh = App::unfiltered(new, filter, keep.2, index);
        fresh.monochrome = keep.0;
        fresh.origin = keep.1;
        fresh.loaded = true;
        fresh.clock = self.clock.clone();
        fresh.clocks = std::mem::take(&mut self.clocks);
        fresh.by_review = by_review;
        fresh.drafts_only = drafts_only && fresh.drafts > 0;
        fresh.keep_lanes(&self.lanes);
        // Once, with every filter the reader had: a pass over every event, and the lanes'
        // index another.
        fresh.refilter_reusing(lanes);
        fresh.after_selection(true);
        let mut same = false;
        if let Some((id, day)) = selected {
            fresh.select_by_id_or_time(&id, day);
            same = fresh
                .current_event()
                .is_some_and(|e| fresh.chronology.events[e].id == id);
            if same && citation > 0 || chosen {
                let n = fresh
                    .current_event()
                    .map_or(0, |e| fresh.chronology.events[e].citations.len());
                fresh.citation = citation.min(n.saturating_sub(1));
                fresh.citation_chosen = chosen && same;
            }
        }
        if focus != Focus::Timeline && fresh.current_event().is_some() {
            fresh.focus = focus;
        }
        fresh.show_current_passage();
        if let Some((query, scope)) = search {
            fresh.restore_search(&query, scope);
        }
        if same && let Some((above, detail)) = scroll {
            // The same event stays on the same row, its details scrolled as they were.
            if let Some(&row) = fresh.row_of.get(fresh.selected) {
                fresh.timeline_offset = row.saturating_sub(above);
                fresh.ensure_selected_visible();
            }
            fresh.detail_scroll = detail;
        }
        fresh.apply_layout();
        fresh.refresh_highlights();
        // A reload says what changed; the first load keeps what was said before it (that the
        // demo is shown).
        let summary = if first {
            self.message.take()
        } else {
            Some(reload_summary(&fresh.chronology, old_events))
        };
        // What the keys of this frame asked for stands: the viewer handles every key that has
        // arrived, then the load's result, then the requests, so a reload landing in the same
        // frame as `e` or `q` must not swallow them (it did, now and then, in a loaded pty).
        fresh.requests = std::mem::take(&mut self.requests);
        fresh.should_quit = self.should_quit;
        *self = fresh;
        self.message = summary;
        self.selection = selection;
        self.check_selection();
        self.reselect = reselect;
        self.apply_reselect();
    }

    /// Runs the kept search `query` again, in `scope`, on this chronology.
    fn restore_search(&mut self, query: &str, scope: super::Scope) {
        self.search = Some(super::SearchState {
            query: String::new(),
            needle: String::new(),
            scope,
            events: Vec::new(),
            ranges: Vec::new(),
            current: None,
        });
        self.rerun_search(query);
    }

    /// The filter's actors and tags by id, to find them again in another chronology.
    fn filter_ids(&self) -> FilterIds {
        FilterIds {
            actors: (self.filter.actors.iter())
                .filter_map(|&a| self.chronology.actors.get(a))
                .map(|a| a.id.clone())
                .collect(),
            tags: (self.filter.tags.iter())
                .filter_map(|&t| self.chronology.tags.get(t))
                .cloned()
                .collect(),
            combine: self.filter.combine,
        }
    }

    /// Selects the event with `id`, else the shown event nearest in time to `at`.
    fn select_by_id_or_time(&mut self, id: &str, at: crate::model::Order) {
        if let Some(ix) = self.chronology.events.iter().position(|e| e.id == id)
            && let Ok(p) = self.visible.binary_search(&ix)
        {
            self.selected = p;
        } else {
            let p = self
                .visible
                .partition_point(|&i| self.chronology.events[i].date.order() < at);
            let after = self.visible.get(p).copied();
            let before = p.checked_sub(1).and_then(|q| self.visible.get(q)).copied();
            let distance = |i: EventIx| {
                (self.chronology.events[i]
                    .date
                    .order()
                    .at
                    .saturating_sub(at.at))
                .unsigned_abs()
            };
            self.selected = match (before, after) {
                (Some(b), Some(a)) if distance(b) <= distance(a) => p - 1,
                (Some(_), None) => p - 1,
                _ => p.min(self.visible.len().saturating_sub(1)),
            };
        }
        self.after_selection(true);
    }

    /// `e`: asks the viewer to open the editor where the reader is.
    pub(super) fn request_edit(&mut self) {
        let Origin::File(path) = &self.origin else {
            self.message = Some(
                "this is the built-in chronology: copy it with `sourceline init DIR`, then open the copy to edit it"
                    .into(),
            );
            return;
        };
        if self.focus == Focus::Source
            && let Some(source) = self
                .source
                .source
                .and_then(|s| self.chronology.sources.get(s))
        {
            match self.line_to_edit(source) {
                Ok(line) => {
                    let base = path.parent().unwrap_or(Path::new(""));
                    self.requests.push(Request::EditFile {
                        path: base.join(&source.path),
                        line,
                    });
                }
                Err(why) => self.message = Some(why),
            }
            return;
        }
        let Some(event) = self
            .current_event()
            .and_then(|e| self.chronology.events.get(e))
        else {
            self.requests.push(Request::EditFile {
                path: path.clone(),
                line: None,
            });
            return;
        };
        self.requests.push(Request::EditEvent {
            id: event.id.clone(),
            citation: self.citation_chosen.then_some(self.citation),
        });
    }

    /// The problems pane's own keys.
    pub(super) fn update_problems(&mut self, selected: usize, action: super::Action) {
        use super::Action;
        let last = self.problems.len().saturating_sub(1);
        let selected = match action {
            Action::ProblemNext | Action::WheelDown(..) => (selected + 1).min(last),
            Action::ProblemPrev | Action::WheelUp(..) => selected.saturating_sub(1),
            Action::ProblemEdit => {
                if let (Some(p), Origin::File(path)) = (self.problems.get(selected), &self.origin) {
                    self.requests.push(Request::EditFile {
                        path: path.clone(),
                        line: problem_line(p),
                    });
                }
                selected
            }
            Action::Reload => {
                self.requests.push(Request::Reload);
                selected
            }
            other => {
                if self.overlay_common(other) {
                    return;
                }
                selected
            }
        };
        self.mode = Mode::Problems { selected };
    }
}

/// A filter's actors and tags by id, across a reload.
struct FilterIds {
    actors: Vec<String>,
    tags: Vec<String>,
    combine: crate::find::Combine,
}

impl FilterIds {
    /// The filter in `new`: the actors and tags gone dropped.
    fn resolve(self, new: &Chronology) -> Filter {
        Filter {
            actors: (self.actors.iter())
                .filter_map(|id| new.actors.iter().position(|b| b.id == *id))
                .collect(),
            tags: self.tags.iter().filter_map(|t| new.tag_index(t)).collect(),
            combine: self.combine,
        }
    }
}

/// `reloaded: 13 events (+1), 24 citations`.
fn reload_summary(chronology: &Chronology, old_events: usize) -> String {
    let n = chronology.events.len();
    let delta =
        i64::try_from(n).unwrap_or(i64::MAX) - i64::try_from(old_events).unwrap_or(i64::MAX);
    let change = match delta {
        0 => String::new(),
        d if d > 0 => format!(" (+{d})"),
        d => format!(" ({d})"),
    };
    format!(
        "reloaded: {n} events{change}, {} citations",
        chronology.citation_count()
    )
}

/// The line a problem points at, if any.
fn problem_line(p: &Problem) -> Option<usize> {
    p.position.and_then(|(line, _)| usize::try_from(line).ok())
}
