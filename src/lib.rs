//! sourceline: a terminal timeline viewer that checks every claim against its source.
//!
//! Data flows one way: a chronology file, the embedded demo or text is read by [`load()`] (its
//! YAML validated, every quote anchored in its source) into a [`model::Chronology`], which is
//! immutable; an [`App`] holds what the viewer shows and changes only through
//! [`App::update`], and [`render()`] draws it. The same chronology goes out through [`export`]
//! and comes in from other tools through [`import`]. The binary in `main.rs` is
//! [`Cli`] → [`run()`] and nothing else.
//!
//! What is public here is what other programs (and this crate's tests, benches, examples and
//! fuzz targets) need; everything else is the crate's own, so it can change shape freely. The
//! README's Architecture section draws the modules behind this face.
//!
//! ```no_run
//! use sourceline::{Input, LoadOptions, load};
//!
//! let loaded = load(Input::Embedded, &LoadOptions::default());
//! match loaded.result {
//!     Ok(chronology) => println!("{} events", chronology.events.len()),
//!     Err(problems) => eprintln!("{}", sourceline::diagnostic::render(&problems, None, false)),
//! }
//! ```

pub mod anchor;
pub mod diagnostic;
pub mod embedded;
pub mod extract;
pub mod model;

/// The language server behind `sourceline lsp`, for a program that serves it over its own
/// connection (the tests serve it over memory channels).
pub mod lsp;

/// The chronology in other formats: `TimelineJS` 3 JSON for the web, a report in Markdown and
/// HTML whose footnotes hold every cited passage, and `list`'s text and JSON.
pub mod export {
    pub use crate::interop::list;
    pub use crate::interop::{
        DRAFT_MARK, GroupBy, html, markdown, timelinejs, write_html, write_markdown,
        write_timelinejs,
    };
}

pub use app::{
    Action, App, Focus, Happened, Mode, Origin, Place, Progress, Request, help, keymap,
    lanes::{Grouping, shape_of},
    select::Selection,
    timeline::Row,
};
pub use cmd::{Cli, install_error_hook, run};
pub use edit::cite::{CiteError, Cited, Draft, cite};
pub use edit::place::{Check, Unplaced, add_citation, add_draft};
pub use find::{Combine, Filter, SearchIndex};
pub use interop::import;
pub use load::incremental::Digest as ReloadDigest;
pub use load::incremental::Patch as ReloadPatch;
pub use load::{
    Change, Input, LoadOptions, LoadProgress, Loaded, MemorySources, PROJECT_MARKER, Reading,
    Reloadable, Reloaded, Snapshots, SourceReader, load, reload, reload_streamed,
};
pub use problem::{Problem, Problems, Related, Suggestion};
pub use text::{Fold, Folded, fold, is_unsafe, sanitize};
pub use ui::render;
pub use ui::theme::Theme;
pub use yaml::{Patch, double_quoted, must_escape};

pub(crate) mod app;
pub(crate) mod cmd;
pub(crate) mod edit;
pub(crate) mod file_kind;
pub(crate) mod find;
pub(crate) mod interop;
pub(crate) mod load;
pub(crate) mod problem;
pub(crate) mod project;
pub(crate) mod text;
pub(crate) mod ui;
pub(crate) mod viewer;
pub(crate) mod yaml;
