//! The command line: one definition per flag drives parsing and `--help`.
//!
//! Exit codes: 0 success; 1 the chronology has problems (they are all printed); 2 usage error
//! (from clap).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::{Result, WrapErr, bail};

use crate::find::{Filter, SearchIndex};
use crate::load::{self, Problems};
use crate::model::{Chronology, EventIx};
use crate::{embedded, output};

mod check;
pub use check::{Fixed, apply_fixes, apply_pins, check};

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
    pub view: ViewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a chronology: print a summary and exit 0, or every problem and exit 1.
    Check(CheckArgs),
    /// Print the chronology in order, one event a line (or as JSON).
    List(ListArgs),
    /// Write a copy of the built-in chronology, its source article and a project marker into
    /// DIR, to edit (never overwrites).
    Init {
        /// Folder to write into (created if needed).
        dir: PathBuf,
    },
    #[allow(
        clippy::doc_markdown,
        reason = "TimelineJS is a product's name, not code"
    )]
    /// Read a TimelineJS 3 file (JSON, or the Google Sheets template as CSV) into a chronology
    /// of draft events, and say what became of every field.
    Import(ImportArgs),
    #[allow(
        clippy::doc_markdown,
        reason = "TimelineJS is a product's name, not code"
    )]
    /// Write the chronology for the web (TimelineJS 3 JSON) or as a report (Markdown, HTML)
    /// whose footnotes hold every cited passage verbatim.
    Export(ExportArgs),
}

#[allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, not code"
)]
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// TimelineJS file: `.json` (TimelineJS 3) or `.csv` (the sheet template, downloaded as
    /// CSV).
    pub file: PathBuf,
    /// Write the chronology to OUT (default: standard output). An existing OUT is kept
    /// unless --force.
    #[arg(short, long, value_name = "OUT.yaml")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
}

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
    pub group_by: crate::interop::GroupBy,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Chronology YAML file (default: the embedded Iran–US chronology).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Only events mentioning TEXT, as `list --grep`.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Only draft events, as `list --drafts`.
    #[arg(long)]
    pub drafts: bool,
    /// Write to OUT (default: standard output). OUT is replaced if it exists, but never when
    /// it is the chronology or one of its sources.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Chronology YAML file (default: the embedded Iran–US chronology).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Do not watch the files; reload only with F5 or Ctrl-r.
    #[arg(long)]
    pub no_watch: bool,
}

/// Where sources may be read from beyond the chronology's folder and project.
#[derive(Debug, Args, Default)]
pub struct SourceArgs {
    /// Also read sources inside DIR (repeatable). Without it, sources must lie in the
    /// chronology's folder or its project (the nearest folder above with `.git` or `.sourceline`).
    #[arg(long = "allow-sources-in", value_name = "DIR")]
    pub allow: Vec<PathBuf>,
}

#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only events involving this actor id (repeatable: any of them).
    #[arg(long = "actor", value_name = "ID")]
    pub actors: Vec<String>,
    /// Only events with this tag (repeatable: any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Chronology YAML file (default: the embedded Iran–US chronology).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Fail on draft events too (`draft: true`), for a publishing pipeline.
    #[arg(long)]
    pub strict: bool,
    /// Fix in the file what needs no judgement: quotes whose source changed a little (only
    /// confident matches). Prints a diff of the changes.
    #[arg(long)]
    pub fix: bool,
    /// Write each source's `sha256:` fingerprint (new or updated), once every quote anchors:
    /// later changes to a source then show. Prints a diff of the changes.
    #[arg(long)]
    pub pin: bool,
    /// How problems are printed: `text` (with snippets, on stderr) or `json` (one object a line,
    /// on stdout).
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: Format,
}

/// How `check` prints problems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style messages with snippets of the chronology and its sources.
    #[default]
    Text,
    /// One JSON object per problem a line, for editors and CI.
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Chronology YAML file (default: the embedded Iran–US chronology).
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Only events mentioning TEXT (case, accents and quote/dash variants ignored), as `/` does.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Print JSON: every event with its resolved citations (source, quote, byte range).
    #[arg(long)]
    pub json: bool,
    /// Only draft events (`draft: true`): the work still to do.
    #[arg(long)]
    pub drafts: bool,
}

/// Loads the named file, or the embedded chronology.
///
/// # Errors
/// Every problem in the file.
pub fn load(file: Option<&std::path::Path>, sources: &SourceArgs) -> Result<Chronology, Problems> {
    let name = display_name(file);
    let bad: Vec<load::Problem> = sources
        .allow
        .iter()
        .filter(|dir| !dir.is_dir())
        .map(|dir| {
            load::Problem::new(
                &name,
                format!(
                    "--allow-sources-in {}: is not a folder",
                    crate::text::sanitize(&dir.display().to_string())
                ),
            )
        })
        .collect();
    if !bad.is_empty() {
        return Err(Problems(bad));
    }
    match file {
        Some(path) => load::load_file_allowing(path, &sources.allow),
        None => embedded::load(),
    }
}

/// Path of a chronology given on the command line, or the embedded one's name.
pub fn display_name(path: Option<&std::path::Path>) -> String {
    path.map_or_else(|| embedded::NAME.to_string(), |p| p.display().to_string())
}

/// Resolves `--actor` and `--tag` against the chronology.
///
/// # Errors
/// An unknown id, with the one most likely meant and a handful of the valid ones.
pub fn build_filter(chronology: &Chronology, args: &FilterArgs) -> Result<Filter> {
    let mut filter = Filter::default();
    for id in &args.actors {
        let Some(ix) = chronology.actors.iter().position(|a| &a.id == id) else {
            let valid = chronology.actors.iter().map(|a| a.id.as_str());
            bail!("{}", unknown("actor id", id, "valid ids", valid));
        };
        filter.actors.push(ix);
    }
    for tag in &args.tags {
        let Some(ix) = chronology.tag_index(tag) else {
            let in_use = chronology.tags.iter().map(String::as_str);
            bail!("{}", unknown("tag", tag, "tags in use", in_use));
        };
        filter.tags.push(ix);
    }
    Ok(filter)
}

/// `unknown tag "sport"; did you mean "sports"? tags in use: …`, sanitised.
fn unknown<'a>(
    what: &str,
    typed: &str,
    valid: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> String {
    let ranking = crate::text::nearby::Ranking::of(typed, names);
    let near = ranking.nearby(None);
    let mut out = format!("unknown {what} \"{typed}\"; ");
    out.push_str(&near.did_you_mean(|n| format!("\"{n}\"")));
    let _ = match near.listed(str::to_string) {
        Some(listed) if near.meant.is_some() => write!(out, "other {valid}: {listed}"),
        Some(listed) => write!(out, "{valid}: {listed}"),
        None if near.meant.is_some() => Ok(()),
        None => write!(out, "there are no {valid}"),
    };
    crate::text::sanitize(out.trim_end()).into_owned()
}

/// Prints every problem and a count to stderr.
pub fn report(problems: &Problems) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{problems}");
    let n = problems.0.len();
    let _ = writeln!(err, "{n} problem{} found", if n == 1 { "" } else { "s" });
}

/// Loads a chronology and resolves the filter flags against it; `Err` is the exit code after
/// the problem (a bad file, an unknown id: the user's to fix, so no error report) was printed.
fn open(
    file: Option<&std::path::Path>,
    sources: &SourceArgs,
    args: &FilterArgs,
) -> Result<(Chronology, Filter), ExitCode> {
    let chronology = match load(file, sources) {
        Ok(c) => c,
        Err(problems) => {
            report(&problems);
            return Err(ExitCode::from(1));
        }
    };
    match build_filter(&chronology, args) {
        Ok(filter) => Ok((chronology, filter)),
        Err(e) => {
            eprintln!("sourceline: {e}");
            Err(ExitCode::from(1))
        }
    }
}

/// The events `list` prints and `report` writes: those the filter shows, then only the drafts
/// (`--drafts`) and only those matching `grep`, as `/` matches. One function, so that the two
/// commands always choose alike.
pub fn choose(
    chronology: &Chronology,
    filter: &Filter,
    drafts: bool,
    grep: Option<&str>,
) -> Vec<EventIx> {
    let mut events = filter.apply(chronology);
    if drafts {
        events.retain(|&e| chronology.events[e].draft);
    }
    if let Some(text) = grep {
        let hits = SearchIndex::build(chronology).matching(text);
        events.retain(|e| hits.binary_search(e).is_ok());
    }
    events
}

/// `list`: the (filtered) chronology as text or JSON.
///
/// # Errors
/// An unknown filter id, or a failure to write to stdout.
pub fn list(args: &ListArgs) -> Result<ExitCode> {
    let (chronology, filter) = match open(args.file.as_deref(), &args.sources, &args.filter) {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let events = choose(&chronology, &filter, args.drafts, args.grep.as_deref());
    let text = if args.json {
        output::json(&chronology, &events) + "\n"
    } else {
        output::text(&chronology, &events)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.wrap_err("cannot write to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Installs color-eyre: coloured only on a terminal and never under `NO_COLOR`.
///
/// # Errors
/// If a hook was already installed.
pub fn install_error_hook() -> Result<()> {
    use std::io::IsTerminal as _;
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = if colour {
        color_eyre::config::Theme::dark()
    } else {
        color_eyre::config::Theme::new()
    };
    color_eyre::config::HookBuilder::default()
        .theme(theme)
        .display_env_section(false)
        .display_location_section(false)
        .install()
}

/// The viewer on the named or embedded chronology.
///
/// # Errors
/// An unknown filter id, or a terminal failure.
pub fn view(args: &ViewArgs) -> Result<ExitCode> {
    use std::io::IsTerminal as _;
    // A file that cannot be opened at all gives nothing to show or watch: say so before the
    // terminal is touched. So does any problem when there is no terminal to show it in.
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let unreadable = args
        .file
        .as_deref()
        .is_some_and(|f| std::fs::metadata(f).map_or(true, |m| m.is_dir()));
    if (!interactive || unreadable)
        && let Err(code) = open(args.file.as_deref(), &args.sources, &args.filter)
    {
        return Ok(code);
    }
    if let Some(bad) = args.sources.allow.iter().find(|d| !d.is_dir()) {
        eprintln!(
            "sourceline: --allow-sources-in {}: is not a folder",
            crate::text::sanitize(&bad.display().to_string())
        );
        return Ok(ExitCode::from(1));
    }
    let options = crate::viewer::Options {
        file: args.file.clone(),
        allow: args.sources.allow.clone(),
        watch: !args.no_watch,
        monochrome: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let resolve = |c: &Chronology| build_filter(c, &args.filter).map_err(|e| e.to_string());
    match crate::viewer::run(options, &resolve) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.to_string().starts_with("unknown ") => {
            eprintln!("sourceline: {e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e),
    }
}

/// `init`: writes the copy and says how to open it.
pub fn init(dir: &std::path::Path) -> ExitCode {
    match crate::init::init(dir) {
        Ok(chronology) => {
            let shown = crate::text::sanitize(&chronology.display().to_string()).into_owned();
            println!("wrote {shown}, its source in {}, and a project marker", {
                let seeds = dir.join("seeds");
                crate::text::sanitize(&seeds.display().to_string()).into_owned()
            });
            println!("open it with:  sourceline {shown}");
            println!("then press e to edit an event; the viewer reloads when you save");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("sourceline: {}", crate::text::sanitize(&why));
            ExitCode::from(1)
        }
    }
}
