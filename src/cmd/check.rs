//! `check`: the summary, or every problem (as text with snippets, or JSON lines), and `--fix`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{ChronologyArgs, Target, io};
use crate::load::{self, Input, LoadOptions, Problems};
use crate::model::Chronology;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub chronology: ChronologyArgs,
    /// Fail on draft events too (`draft: true`), for a publishing pipeline.
    #[arg(long)]
    pub strict: bool,
    /// Fix in the file what needs no judgement: quotes whose source changed a little (only
    /// confident matches), missing or stale `sha256:` fingerprints. Prints a diff of the changes.
    #[arg(long)]
    pub fix: bool,
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

/// `check`'s flags, turned into what it does.
struct Check {
    target: Target,
    strict: bool,
    fix: bool,
    format: Format,
}

impl Check {
    /// `Err` is the exit code after the reason was printed.
    fn from_args(args: &CheckArgs) -> Result<Self, ExitCode> {
        Ok(Self {
            target: args.chronology.target(true)?,
            strict: args.strict,
            fix: args.fix,
            format: args.format,
        })
    }
}

/// `check`: a one-line summary, or every problem; with `--fix`, the fixes first.
pub fn run(args: &CheckArgs) -> ExitCode {
    let args = match Check::from_args(args) {
        Ok(check) => check,
        Err(code) => return code,
    };
    let name = args.target.name();
    if args.fix
        && let Some(path) = &args.target.file
        && let Err(why) = fixable(path)
    {
        eprintln!("sourceline: {}", crate::text::sanitize(&why));
        return io::problems();
    }
    let loaded = args.target.load();
    let text = loaded.text.as_deref();
    if args.fix {
        return check_fix(&args, &name, text, loaded.result);
    }
    check_result(&args, &name, text, loaded.result)
}

/// Whether `--fix` may write `path`: only a regular file (or a link to one), asked before
/// anything is read. A pipe's text cannot be written back, and reading it again to compare
/// before the write would wait for ever for a writer.
fn fixable(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(format!(
            "{}: is {}; --fix writes only regular files, so nothing was read or written (run `check` without --fix)",
            path.display(),
            crate::file_kind::describe(&meta)
        )),
        // A missing file is reported by the load, as without --fix.
        _ => Ok(()),
    }
}

/// Reports a load as `check` does: the summary (exit 0), or every problem (exit 1).
fn check_result(
    args: &Check,
    name: &str,
    yaml: Option<&str>,
    result: Result<Chronology, Problems>,
) -> ExitCode {
    match result {
        Ok(c) => {
            let drafts = c.events.iter().filter(|e| e.draft).count();
            if args.strict && drafts > 0 {
                let problems = Problems(draft_problems(name, yaml.unwrap_or_default(), &c));
                print_problems(&problems, yaml, args.format);
                return io::problems();
            }
            let summary = format!(
                "{}: ok — {} events{}, {} actors, {} source(s), {} citations",
                crate::text::sanitize(name),
                c.events.len(),
                match drafts {
                    0 => String::new(),
                    1 => ", 1 draft".to_string(),
                    n => format!(", {n} drafts"),
                },
                c.actors.len(),
                c.sources.len(),
                c.citation_count()
            );
            // Standard output holds only problems under `--format json`.
            match args.format {
                Format::Text => println!("{summary}"),
                Format::Json => eprintln!("{summary}"),
            }
            // The process ends here: freeing a large chronology string by string would only
            // delay the exit (0.1 s at 100,000 events).
            std::mem::forget(c);
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(&problems, yaml, args.format);
            io::problems()
        }
    }
}

/// Prints every problem (as text with snippets on stderr, coloured on a terminal unless
/// `NO_COLOR` is set, or as JSON lines on stdout), then the count on stderr.
fn print_problems(problems: &Problems, yaml: Option<&str>, format: Format) {
    match format {
        Format::Text => {
            let text = crate::diagnostic::render(problems, yaml, io::colour_on_stderr());
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        Format::Json => {
            let text = crate::diagnostic::json_lines(problems, yaml);
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
    }
    let n = problems.0.len();
    eprintln!("{n} problem{} found", if n == 1 { "" } else { "s" });
}

/// `check --fix`: writes the fixes, prints their diff, then checks the file as it now is.
fn check_fix(
    args: &Check,
    name: &str,
    text: Option<&str>,
    result: Result<Chronology, Problems>,
) -> ExitCode {
    let Some(path) = &args.target.file else {
        eprintln!("sourceline: {}", crate::edit::Refused::Embedded);
        return io::problems();
    };
    let Some(text) = text else {
        // Unreadable: nothing to fix, and the problem says why.
        return check_result(args, name, None, result);
    };
    let problems = result.as_ref().err().map_or(&[][..], |p| &p.0[..]);
    let fixed = match apply_fixes(path, text, problems, &args.target.options.allowed) {
        Ok(fixed) => fixed,
        Err(why) => {
            eprintln!("sourceline: {}", crate::text::sanitize(&why));
            return io::problems();
        }
    };
    for skipped in &fixed.plan.skipped {
        eprintln!("not fixed: {}", crate::text::sanitize(skipped));
    }
    if fixed.plan.patches.is_empty() {
        eprintln!("nothing to fix");
        return check_result(args, name, Some(text), result);
    }
    let diff = similar::TextDiff::from_lines(text, &fixed.text)
        .unified_diff()
        .context_radius(2)
        .header(name, name)
        .to_string();
    let diff: String = diff.lines().fold(String::new(), |mut out, l| {
        out.push_str(&crate::text::sanitize(l));
        out.push('\n');
        out
    });
    match args.format {
        Format::Text => print!("{diff}"),
        Format::Json => eprint!("{diff}"),
    }
    for done in &fixed.plan.done {
        eprintln!("fixed: {}", crate::text::sanitize(done));
    }
    drop(result);
    // The file as written, read back: its text is the one just written, not a second reading.
    let reader = load::disk_sources(path, &args.target.options.allowed);
    let written = Input::text(name, &fixed.text, &reader);
    let result = load::load(written, &LoadOptions::default()).result;
    check_result(args, name, Some(&fixed.text), result)
}

/// What `check --fix` did to a file.
#[derive(Debug)]
pub struct Fixed {
    /// The file's text now (the text read, when nothing was to be fixed).
    pub text: String,
    pub plan: load::fix::Plan,
}

/// Plans the fixes of `yaml`, the text read from `path` whose load found `problems`, and
/// writes them to `path` through [`crate::edit`]: atomically, and only if the file is still
/// what was read.
///
/// # Errors
/// Why nothing was written (the file changed since it was read, the file system refused, or
/// the fixed text would not read back as intended).
pub fn apply_fixes(
    path: &Path,
    yaml: &str,
    problems: &[load::Problem],
    allowed: &[PathBuf],
) -> Result<Fixed, String> {
    let name = Input::File(path).name();
    let reader = load::disk_sources(path, allowed);
    let plan = load::fix::plan(&name, yaml, problems, &reader)?;
    if plan.patches.is_empty() {
        return Ok(Fixed {
            text: yaml.to_string(),
            plan,
        });
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let documents: Vec<PathBuf> = plan.sources.iter().map(|s| base.join(s)).collect();
    let snapshot = crate::edit::Snapshot {
        path: path.to_path_buf(),
        bytes: yaml.as_bytes().to_vec(),
    };
    let written = snapshot
        .write(&plan.patches, &documents)
        .map_err(|refused| refused.to_string())?;
    let text = String::from_utf8(written.bytes).map_err(|e| e.to_string())?;
    Ok(Fixed { text, plan })
}

/// Each draft as a problem at its line, for `check --strict`.
fn draft_problems(name: &str, yaml: &str, c: &Chronology) -> Vec<load::Problem> {
    c.events
        .iter()
        .filter(|e| e.draft)
        .map(|e| {
            let line = load::event_line(yaml, &e.id, None)
                .and_then(|l| u64::try_from(l).ok());
            load::Problem::new(name, "is a draft (`draft: true`), refused by --strict")
                .at(line.map(|l| (l, 1)))
                .entity(Some(format!("event \"{}\"", e.id)))
                .help("finish it (a date, citations) and remove `draft: true`, or leave it out of what you publish")
        })
        .collect()
}
