//! `check`: the summary, or every problem (as text with snippets, or JSON lines); `--fix` and
//! `--pin` first, when asked.

use std::io::Write as _;
use std::process::ExitCode;

use super::*;

/// `check`: a one-line summary, or every problem; with `--fix` or `--pin`, the edits first.
pub fn check(args: &CheckArgs) -> ExitCode {
    let file = args.file.as_deref();
    let name = display_name(file);
    let (text, result) = match file {
        Some(path) if args.sources.allow.iter().all(|d| d.is_dir()) => {
            let loaded = load::load_file_with_text(path, &args.sources.allow);
            (loaded.text, loaded.result)
        }
        // A bad `--allow-sources-in`: `load` says so.
        Some(_) => (None, load(file, &args.sources)),
        None => (Some(embedded::YAML.to_string()), load(None, &args.sources)),
    };
    if args.fix || args.pin {
        return check_edits(args, &name, text, result);
    }
    check_result(args, &name, text.as_deref(), result)
}

/// Reports a load as `check` does: the summary (exit 0), or every problem (exit 1).
fn check_result(
    args: &CheckArgs,
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
                return ExitCode::from(1);
            }
            let parts = [
                (c.events.len(), "event", "events"),
                (drafts, "draft", "drafts"),
                (c.actors.len(), "actor", "actors"),
                (c.sources.len(), "source", "sources"),
                (c.citation_count(), "citation", "citations"),
                (c.periods.len(), "period", "periods"),
            ];
            // Drafts and periods only when there are some.
            let counts: Vec<String> = parts
                .into_iter()
                .filter(|&(n, one, _)| n > 0 || !matches!(one, "draft" | "period"))
                .map(|(n, one, many)| counted(n, one, many))
                .collect();
            let summary = format!(
                "{}: ok — {}",
                crate::text::sanitize(name),
                counts.join(", ")
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
            ExitCode::from(1)
        }
    }
}

/// `1 event`, `2 events`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints every problem (as text with snippets on stderr, coloured on a terminal unless
/// `NO_COLOR` is set, or as JSON lines on stdout), then the count on stderr.
fn print_problems(problems: &Problems, yaml: Option<&str>, format: Format) {
    use std::io::IsTerminal as _;
    match format {
        Format::Text => {
            let colour = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let text = crate::diagnostic::render(problems, yaml, colour);
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

/// The edits `check` makes when asked: `--fix` rewrites quotes, `--pin` writes fingerprints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Fix,
    Pin,
}

impl Edit {
    /// How each line of the report names what was done, and what was not.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Edit::Fix => ("fixed", "not fixed", "nothing to fix"),
            Edit::Pin => ("pinned", "not pinned", "nothing to pin"),
        }
    }
}

/// `check --fix` and `--pin`: writes the fixes, then the fingerprints (of the file as fixed),
/// printing each one's diff, then checks the file as it now is.
fn check_edits(
    args: &CheckArgs,
    name: &str,
    text: Option<String>,
    mut result: Result<Chronology, Problems>,
) -> ExitCode {
    let Some(path) = args.file.as_deref() else {
        eprintln!("sourceline: {}", crate::edit::Refused::Embedded);
        return ExitCode::from(1);
    };
    let Some(mut text) = text else {
        // Unreadable: nothing to edit, and the problem says why.
        return check_result(args, name, None, result);
    };
    let asked = [(args.fix, Edit::Fix), (args.pin, Edit::Pin)];
    for edit in asked
        .into_iter()
        .filter_map(|(on, edit)| on.then_some(edit))
    {
        let (done_word, skipped_word, nothing) = edit.words();
        let problems = result.as_ref().err().map_or(&[][..], |p| &p.0[..]);
        let applied = match edit {
            Edit::Fix => apply_fixes(path, &text, problems),
            Edit::Pin => apply_pins(path, &text, problems, &args.sources),
        };
        let edited = match applied {
            Ok(edited) => edited,
            Err(why) => {
                eprintln!("sourceline: {}", crate::text::sanitize(&why));
                return ExitCode::from(1);
            }
        };
        for skipped in &edited.plan.skipped {
            eprintln!("{skipped_word}: {}", crate::text::sanitize(skipped));
        }
        if edited.plan.patches.is_empty() {
            eprintln!("{nothing}");
            continue;
        }
        let diff = crate::edit::diff::unified(&text, &edited.text, &edited.plan.patches, name, 2);
        let diff: String = diff.lines().fold(String::new(), |mut out, l| {
            out.push_str(&crate::text::sanitize(l));
            out.push('\n');
            out
        });
        match args.format {
            Format::Text => print!("{diff}"),
            Format::Json => eprint!("{diff}"),
        }
        for done in &edited.plan.done {
            eprintln!("{done_word}: {}", crate::text::sanitize(done));
        }
        text = edited.text;
        drop(result);
        let reader = load::disk_sources(path, &args.sources.allow);
        result = load::load_str(name, &text, &reader);
    }
    check_result(args, name, Some(&text), result)
}

/// What `check --fix` or `--pin` did to a file.
#[derive(Debug)]
pub struct Fixed {
    /// The file's text now (the text read, when nothing was to be changed).
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
    path: &std::path::Path,
    yaml: &str,
    problems: &[load::Problem],
) -> Result<Fixed, String> {
    let plan = load::fix::plan(&display_name(Some(path)), yaml, problems)?;
    write_plan(path, yaml, plan)
}

/// [`apply_fixes`] for `--pin`: a fingerprint for every source, read through `sources`' rules
/// where the load's problems do not carry the digest.
///
/// # Errors
/// As [`apply_fixes`].
pub fn apply_pins(
    path: &std::path::Path,
    yaml: &str,
    problems: &[load::Problem],
    sources: &SourceArgs,
) -> Result<Fixed, String> {
    let reader = load::disk_sources(path, &sources.allow);
    let plan = load::pin::plan(&display_name(Some(path)), yaml, problems, &reader)?;
    write_plan(path, yaml, plan)
}

/// Writes `plan`'s patches of `yaml` to `path`, never to one of its sources.
fn write_plan(path: &std::path::Path, yaml: &str, plan: load::fix::Plan) -> Result<Fixed, String> {
    if plan.patches.is_empty() {
        return Ok(Fixed {
            text: yaml.to_string(),
            plan,
        });
    }
    let base = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
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
