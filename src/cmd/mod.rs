//! The command line: the only code that sees clap's types.
//!
//! One file per command. Each turns its parsed flags, once, into the objects the library takes
//! (a [`Target`] with its [`LoadOptions`], a [`Wanted`] filter, an output path), as ripgrep's
//! `HiArgs::from_low_args` does, and then works with those alone: nothing below this module
//! knows a flag. One definition per flag drives parsing and `--help`; the flags several
//! commands take are declared once, in [`ChronologyArgs`] (FILE, `--allow-sources-in`),
//! [`SelectArgs`] (`--actor`, `--tag`, and a chronology) and [`ClockArgs`] (`--tz`), and
//! flattened into each. `--grep` and `--drafts` stay
//! with `list` and `export`, whose help words them each for its own command.
//!
//! Exit codes are in [`io`].

pub mod check;
mod export;
mod gate;
mod import;
mod init;
mod io;
mod list;
mod lsp;
mod schema;
mod source;
mod view;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::Result;

use crate::find::{ByReview, Filter, Wanted};
use crate::load::{self, Input, LoadOptions, Loaded, Problems};
use crate::model::{Chronology, Clock, ReviewState};

pub use io::install_error_hook;

/// A terminal timeline viewer that checks every claim against its source.
#[derive(Debug, Parser)]
#[command(
    name = "sourceline",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub view: view::ViewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a chronology: print a summary and exit 0, or every problem and exit 1.
    Check(check::CheckArgs),
    /// Print the chronology in order, one event a line (or as JSON).
    List(list::ListArgs),
    /// Write a copy of the built-in chronology, its source article and a project marker into
    /// DIR, to edit (never overwrites).
    Init(init::InitArgs),
    #[allow(
        clippy::doc_markdown,
        reason = "TimelineJS is a product's name, not code"
    )]
    /// Read a TimelineJS 3 file (JSON, or the Google Sheets template as CSV) into a chronology
    /// of draft events, and say what became of every field.
    Import(import::ImportArgs),
    #[allow(
        clippy::doc_markdown,
        reason = "TimelineJS is a product's name, not code"
    )]
    /// Write the chronology for the web (TimelineJS 3 JSON) or as a report (Markdown, HTML)
    /// whose footnotes hold every cited passage verbatim.
    Export(export::ExportArgs),
    /// Work on the chronology's sources: `source add FILE` adds a document as a new source.
    Source(source::SourceArgs),
    /// Serve editors over the Language Server Protocol on standard input and output: each
    /// open chronology checked as it is typed, with quick fixes, completion, hover and go to
    /// definition.
    Lsp(lsp::LspArgs),
    /// Print the JSON Schema (draft 2020-12) of the chronology format, for editors that
    /// validate YAML against one.
    Schema(schema::SchemaArgs),
}

/// Runs the command the flags name (the viewer when they name none).
///
/// # Errors
/// A failure to write to standard output or to draw to the terminal; every problem with the
/// user's files and flags is printed and becomes an exit code instead.
pub fn run(cli: Cli) -> Result<ExitCode> {
    // A damaged PDF makes its reader panic; the panic is caught and becomes the source's
    // problem, and this keeps it from printing too. The viewer installs it again after
    // `ratatui::init`, whose hook must not see caught panics either.
    crate::extract::install_panic_filter();
    // The program's sources are read through the user's extraction cache (the library's loads
    // use none unless told).
    crate::load::use_extraction_cache(crate::extract::Cache::from_env());
    match cli.command {
        Some(Command::Check(args)) => Ok(check::run(&args)),
        Some(Command::List(args)) => list::run(&args),
        Some(Command::Init(args)) => Ok(init::run(&args)),
        Some(Command::Import(args)) => Ok(import::run(&args)),
        Some(Command::Export(args)) => Ok(export::run(&args)),
        Some(Command::Source(args)) => Ok(source::run(&args)),
        Some(Command::Lsp(args)) => Ok(lsp::run(&args)),
        Some(Command::Schema(args)) => Ok(schema::run(&args)?),
        None => view::run(&cli.view),
    }
}

/// Which chronology, and where its sources may be read from.
#[derive(Debug, Args)]
pub struct ChronologyArgs {
    /// Chronology YAML file (default: the project's, which `.sourceline` records; outside
    /// any project, the embedded demo).
    pub file: Option<PathBuf>,
    /// Also read sources inside DIR (repeatable). Without it, sources must lie in the
    /// chronology's folder or its project (the nearest folder above with `.git` or `.sourceline`).
    #[arg(long = "allow-sources-in", value_name = "DIR")]
    pub allow: Vec<PathBuf>,
    /// Load from the files alone: neither read nor write the snapshot cache of loaded
    /// chronologies (`SOURCELINE_CACHE=off` also turns it off, with the extraction cache).
    #[arg(long = "no-cache")]
    pub no_cache: bool,
}

/// Which events, by actor and by tag, of which chronology (the viewer, `list`, `export`).
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Only events involving this actor id (repeatable: any of them).
    #[arg(long = "actor", value_name = "ID")]
    pub actors: Vec<String>,
    /// Only events with this tag (repeatable: any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    // After `--actor` and `--tag`, where `--help` has always listed `--allow-sources-in`.
    #[command(flatten)]
    pub chronology: ChronologyArgs,
}

impl SelectArgs {
    fn wanted(&self) -> Wanted {
        Wanted {
            actors: self.actors.clone(),
            tags: self.tags.clone(),
        }
    }
}

/// Which events by where their review stands (`list`).
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only events resting on one publisher or none (of their supporting citations that are
    /// not disputed; a source without `publisher` counts as its own).
    #[arg(long)]
    pub single_sourced: bool,
    /// Only events with a citation in this review state.
    #[arg(long = "review", value_enum, value_name = "STATE")]
    pub review: Option<ReviewStateArg>,
}

/// A review state as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewStateArg {
    /// No review recorded.
    Unreviewed,
    /// Verified against the source as it is now.
    Verified,
    /// Disputed by its reviewer.
    Disputed,
    /// Reviewed against a version of the source it no longer is.
    Stale,
}

impl ReviewArgs {
    fn by_review(&self) -> ByReview {
        ByReview {
            single_sourced: self.single_sourced,
            state: self.review.map(|s| match s {
                ReviewStateArg::Unreviewed => ReviewState::Unreviewed,
                ReviewStateArg::Verified => ReviewState::Verified,
                ReviewStateArg::Disputed => ReviewState::Disputed,
                ReviewStateArg::Stale => ReviewState::Stale,
            }),
            ..ByReview::default()
        }
    }
}

/// How times are shown (the viewer, `list`, `export`).
#[derive(Debug, Args)]
pub struct ClockArgs {
    /// Show every time converted to ZONE: an IANA name (`Asia/Tehran`, `America/New_York`),
    /// `UTC`, or `local` for this machine's zone. Days shift with the conversion; days without
    /// a time and times written with no zone stay as written. Default: times as written.
    #[arg(long = "tz", value_name = "ZONE")]
    pub tz: Option<String>,
}

impl ClockArgs {
    /// The clock `--tz` names, as written without it.
    ///
    /// # Errors
    /// The exit code after an unknown zone was named, with the closest names.
    fn clock(&self) -> Result<Clock, ExitCode> {
        let Some(name) = &self.tz else {
            return Ok(Clock::AsWritten);
        };
        Clock::parse(name, local_clock).map_err(|why| {
            eprintln!(
                "sourceline: --tz: {}\n  help: {}, or `local`",
                crate::text::sanitize(&why.to_string()),
                why.help()
            );
            io::usage()
        })
    }
}

/// This machine's zone (from `TZ` or the system's setting), named by its IANA name when it has
/// one; UTC when none can be read. The one place the machine's zone is read.
pub fn local_clock() -> Clock {
    let tz = jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC);
    let name = tz.iana_name().unwrap_or("local").to_string();
    Clock::custom(tz, name)
}

/// The chronology a command works on, as its flags chose it.
pub struct Target {
    /// FILE, else the project's (see [`crate::project`]); `None`, outside any project, for the
    /// embedded demo.
    pub file: Option<PathBuf>,
    pub options: LoadOptions,
}

impl ChronologyArgs {
    /// FILE, else the project's, else, outside any project, the embedded demo, which is said on
    /// stderr when `say` (the viewer says it on screen).
    ///
    /// # Errors
    /// The exit code after the reason was printed: a project without one chronology to open is a
    /// usage error, as a missing argument is.
    fn target(&self, say: bool) -> Result<Target, ExitCode> {
        let options = LoadOptions {
            allowed: self.allow.clone(),
            snapshots: if self.no_cache {
                None
            } else {
                load::Snapshots::from_env()
            },
            ..LoadOptions::default()
        };
        let file = match &self.file {
            Some(file) => Some(file.clone()),
            None => match crate::project::default_chronology() {
                Ok(crate::project::Chosen::File(path)) => Some(path),
                Ok(crate::project::Chosen::Embedded) => {
                    if say {
                        eprintln!("sourceline: {}", crate::project::DEMO_NOTE);
                    }
                    None
                }
                Err(why) => {
                    eprintln!("sourceline: {}", crate::text::sanitize(&why.to_string()));
                    return Err(io::usage());
                }
            },
        };
        Ok(Target { file, options })
    }
}

impl Target {
    fn input(&self) -> Input<'_> {
        Input::file_or_embedded(self.file.as_deref())
    }

    /// How messages name the chronology.
    fn name(&self) -> String {
        self.input().name().into_owned()
    }

    fn load(&self) -> Loaded<'_> {
        load::load(self.input(), &self.options)
    }

    /// Loads the chronology and resolves the filter against it; `Err` is the exit code after
    /// the problem (a bad file, an unknown id: the user's to fix, so no error report) was
    /// printed.
    fn open(&self, wanted: &Wanted) -> Result<(Chronology, Filter), ExitCode> {
        let chronology = match self.load().result {
            Ok(c) => c,
            Err(problems) => {
                report(&problems);
                return Err(io::problems());
            }
        };
        match wanted.resolve(&chronology) {
            Ok(filter) => Ok((chronology, filter)),
            Err(unknown) => {
                eprintln!("sourceline: {unknown}");
                Err(io::problems())
            }
        }
    }
}

/// Prints every problem and a count to stderr.
fn report(problems: &Problems) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{problems}");
    let n = problems.0.len();
    let _ = writeln!(err, "{n} problem{} found", if n == 1 { "" } else { "s" });
}
