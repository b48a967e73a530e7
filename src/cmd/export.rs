//! `export timelinejs|markdown|html`: read the chronology, convert through [`crate::interop`],
//! write.
//!
//! The conversions are pure functions; this module only does their I/O. `-o OUT` replaces OUT,
//! a generated file rebuilt on each run, but never the chronology it is made from or one of
//! that chronology's sources, whatever the flags ([`io::may_replace`]).
//!
//! Messages go to standard error; standard output carries only the document when no `-o` is
//! given, so `sourceline export html > report.html` and pipes work.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{ClockArgs, SelectArgs, Target, io};
use crate::find::{self, ByReview, Filter, Wanted};
use crate::interop::{self, GroupBy};
use crate::model::Clock;
use crate::model::{Chronology, EventIx};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, not code"
)]
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// TimelineJS 3 JSON: a title slide, one slide per event, periods as eras.
    Timelinejs(TimelinejsArgs),
    /// A report in Markdown (GitHub and pandoc footnotes), every citation's passage verbatim.
    Markdown(ReportArgs),
    /// The report as one self-contained HTML page: no network, no script, readable printed.
    Html(ReportArgs),
}

#[allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, not code"
)]
#[derive(Debug, Args)]
pub struct TimelinejsArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// What TimelineJS groups the slides by: one row per actor, per tag, or none.
    #[arg(long, value_name = "actor|tag|none", default_value = "none")]
    pub group_by: GroupBy,
    /// Only verified events: a supporting citation verified against its source as it is now,
    /// and none disputed (the others are left out, and counted).
    #[arg(long)]
    pub reviewed_only: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Only events mentioning TEXT, as `list --grep`.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Only draft events, as `list --drafts`, each marked "DRAFT — not yet sourced".
    #[arg(long)]
    pub drafts: bool,
    /// Keep draft events, each marked "DRAFT — not yet sourced" (by default an export leaves
    /// them out, and says how many).
    #[arg(long)]
    pub include_drafts: bool,
    /// Write to OUT (default: standard output). OUT is replaced if it exists, but never when
    /// it is the chronology or one of its sources.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// What an export writes.
#[derive(Clone, Copy)]
enum Form {
    Timelinejs(GroupBy),
    Markdown,
    Html,
}

/// What becomes of draft events.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drafts {
    /// Left out, and counted (the default: a draft is not yet sourced).
    LeaveOut,
    /// Kept (`--include-drafts`).
    Keep,
    /// Only they are kept (`--drafts`).
    Only,
}

/// The events an export chooses, as its flags say.
struct Selection {
    wanted: Wanted,
    grep: Option<String>,
    drafts: Drafts,
    /// Only verified events (`--reviewed-only`).
    by_review: ByReview,
}

/// An export's flags, turned into what it does.
struct Export {
    target: Target,
    selection: Selection,
    form: Form,
    output: Option<PathBuf>,
    /// How times are written (`--tz`).
    clock: Clock,
}

impl Export {
    /// `Err` is the exit code after the reason was printed.
    fn from_args(args: &ExportArgs) -> Result<Self, ExitCode> {
        let (report, form, reviewed_only) = match &args.format {
            ExportFormat::Timelinejs(t) => {
                (&t.report, Form::Timelinejs(t.group_by), t.reviewed_only)
            }
            ExportFormat::Markdown(r) => (r, Form::Markdown, false),
            ExportFormat::Html(r) => (r, Form::Html, false),
        };
        let drafts = if report.drafts {
            Drafts::Only
        } else if report.include_drafts {
            Drafts::Keep
        } else {
            Drafts::LeaveOut
        };
        Ok(Self {
            target: report.select.chronology.target(true)?,
            selection: Selection {
                wanted: report.select.wanted(),
                grep: report.grep.clone(),
                drafts,
                by_review: ByReview {
                    reviewed_only,
                    ..ByReview::default()
                },
            },
            form,
            output: report.output.clone(),
            clock: report.clock.clock()?,
        })
    }
}

/// `export timelinejs|markdown|html`: the chosen events of the chronology, in that form.
pub fn run(args: &ExportArgs) -> ExitCode {
    let export = match Export::from_args(args) {
        Ok(export) => export,
        Err(code) => return code,
    };
    let (chronology, filter) = match export.target.open(&export.selection.wanted) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let timelinejs = matches!(export.form, Form::Timelinejs(_));
    let (events, left_out) = select(&chronology, &filter, &export.selection, timelinejs);
    for why in left_out {
        eprintln!("sourceline: {why}");
    }
    // The document is written as it is made, never held whole: a report of a million events
    // would otherwise be a string of gigabytes.
    let document = |w: &mut dyn Write| -> std::io::Result<()> {
        match export.form {
            Form::Timelinejs(group_by) => {
                interop::write_timelinejs(&chronology, &events, group_by, &export.clock, w)
            }
            Form::Markdown => interop::write_markdown(&chronology, &events, &export.clock, w),
            Form::Html => interop::write_html(&chronology, &events, &export.clock, w),
        }
    };
    if let Some(out) = &export.output {
        let mut protected: Vec<PathBuf> = Vec::new();
        if let Some(file) = &export.target.file {
            let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
            protected.push(file.clone());
            protected.extend(chronology.sources.iter().map(|s| base.join(&s.path)));
        }
        if let Err(why) = io::may_replace(out, true, &protected) {
            eprintln!("sourceline: {why}");
            return io::problems();
        }
    }
    if let Err(why) = io::write_document(export.output.as_deref(), document) {
        eprintln!("sourceline: {why}");
        return io::problems();
    }
    if let Some(out) = &export.output {
        eprintln!(
            "sourceline: wrote {} ({} of {} events)",
            sanitize(&out.display().to_string()),
            events.len(),
            chronology.events.len()
        );
    }
    ExitCode::SUCCESS
}

/// The events an export writes, and a line for each reason some are left out: the filter flags
/// choose as `list` chooses; drafts go unless asked for (`--include-drafts`, or `--drafts` for
/// only them), since a draft is not yet sourced; and the web timeline, which places every slide on a
/// date, cannot show an undated one.
fn select(
    chronology: &Chronology,
    filter: &Filter,
    selection: &Selection,
    dated_only: bool,
) -> (Vec<EventIx>, Vec<String>) {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut events = find::choose(chronology, filter, false, selection.grep.as_deref());
    let mut left_out = Vec::new();
    let unmatched = chronology.events.len() - events.len();
    if unmatched > 0 {
        let flags: Vec<&str> = [
            (!selection.wanted.actors.is_empty(), "--actor"),
            (!selection.wanted.tags.is_empty(), "--tag"),
            (selection.grep.is_some(), "--grep"),
        ]
        .into_iter()
        .filter_map(|(given, flag)| given.then_some(flag))
        .collect();
        left_out.push(format!(
            "{} left out: not matching {}",
            plural(unmatched, "event", "events"),
            flags.join(" and ")
        ));
    }
    let before = events.len();
    match selection.drafts {
        Drafts::Only => {
            events.retain(|&e| chronology.events[e].draft);
            if events.len() < before {
                left_out.push(format!(
                    "{} left out: --drafts exports only drafts",
                    plural(before - events.len(), "finished event", "finished events")
                ));
            }
        }
        Drafts::LeaveOut => {
            events.retain(|&e| !chronology.events[e].draft);
            if events.len() < before {
                left_out.push(format!(
                    "{} left out; --include-drafts keeps them",
                    plural(before - events.len(), "draft", "drafts")
                ));
            }
        }
        Drafts::Keep => {}
    }
    let before = events.len();
    selection.by_review.retain(chronology, &mut events);
    if events.len() < before {
        left_out.push(format!(
            "{} left out: --reviewed-only exports only events with a verified citation and none disputed",
            plural(before - events.len(), "unverified event", "unverified events")
        ));
    }
    if dated_only {
        let before = events.len();
        events.retain(|&e| !chronology.events[e].date.is_undated());
        if events.len() < before {
            left_out.push(format!(
                "{} left out: TimelineJS places every slide on a date; date them to show them",
                plural(before - events.len(), "undated draft", "undated drafts")
            ));
        }
    }
    (events, left_out)
}
