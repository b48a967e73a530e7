//! `check`: the summary, or every problem (as text with snippets, or JSON lines); `--fix` and
//! `--pin` first, when asked.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{ChronologyArgs, Target, io};
use crate::load::{self, Input, LoadOptions, Problems};
use crate::model::{Chronology, Place};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub chronology: ChronologyArgs,
    #[command(flatten)]
    pub gates: Gates,
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

/// What `check` refuses beyond problems, for a publishing pipeline: each adds problems of its
/// own to a chronology that loads.
#[derive(Debug, Clone, Copy, Args)]
pub struct Gates {
    /// Fail on draft events too (`draft: true`), for a publishing pipeline.
    #[arg(long)]
    pub strict: bool,
    /// Fail unless every citation is verified against its source as it is now: name each one
    /// unreviewed, stale (its source changed since) or disputed, for a publishing gate in CI.
    #[arg(long)]
    pub require_review: bool,
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
    gates: Gates,
    fix: bool,
    pin: bool,
    format: Format,
}

impl Check {
    /// `Err` is the exit code after the reason was printed.
    fn from_args(args: &CheckArgs) -> Result<Self, ExitCode> {
        Ok(Self {
            target: args.chronology.target(true)?,
            gates: args.gates,
            fix: args.fix,
            pin: args.pin,
            format: args.format,
        })
    }
}

/// `check`: a one-line summary, or every problem; with `--fix` or `--pin`, the edits first.
pub fn run(args: &CheckArgs) -> ExitCode {
    let args = match Check::from_args(args) {
        Ok(check) => check,
        Err(code) => return code,
    };
    let name = args.target.name();
    if (args.fix || args.pin)
        && let Some(path) = &args.target.file
        && let Err(why) = fixable(path, if args.fix { "--fix" } else { "--pin" })
    {
        eprintln!("sourceline: {}", crate::text::sanitize(&why.to_string()));
        return io::problems();
    }
    let loaded = args.target.load();
    let text = loaded.text.as_deref();
    if args.fix || args.pin {
        return check_edits(&args, &name, text, loaded.result);
    }
    check_result(&args, &name, text, loaded.result)
}

/// Whether `--fix` or `--pin` may write `path`: only a regular file (or a link to one), asked before
/// anything is read. A pipe's text cannot be written back, and reading it again to compare
/// before the write would wait for ever for a writer.
fn fixable(path: &Path, flag: &'static str) -> Result<(), NotFixable> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(NotFixable {
            path: path.to_path_buf(),
            kind: crate::file_kind::describe(&meta),
            flag,
        }),
        // A missing file is reported by the load, as without --fix.
        _ => Ok(()),
    }
}

/// `--fix` or `--pin` given a file that is not a regular file (`kind` names it).
#[derive(Debug, thiserror::Error)]
#[error(
    "{}: is {kind}; {flag} writes only regular files, so nothing was read or written (run `check` without {flag})",
    path.display()
)]
struct NotFixable {
    path: PathBuf,
    kind: &'static str,
    flag: &'static str,
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
            let mut problems = Vec::new();
            if args.gates.strict {
                problems.extend(strict_problems(name, yaml.unwrap_or_default(), &c));
            }
            if args.gates.require_review {
                problems.extend(super::gate::unreviewed(name, yaml.unwrap_or_default(), &c));
            }
            problems.sort_by_key(|p| p.position.unwrap_or((u64::MAX, 0)));
            if !problems.is_empty() {
                print_problems(&Problems(problems), yaml, args.format);
                return io::problems();
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
            io::problems()
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
    args: &Check,
    name: &str,
    text: Option<&str>,
    mut result: Result<Chronology, Problems>,
) -> ExitCode {
    let Some(path) = args.target.file.as_deref() else {
        eprintln!("sourceline: {}", crate::edit::Refused::Embedded);
        return io::problems();
    };
    let Some(text) = text else {
        // Unreadable: nothing to edit, and the problem says why.
        return check_result(args, name, None, result);
    };
    let mut text = text.to_string();
    let allowed = &args.target.options.allowed;
    let asked = [(args.fix, Edit::Fix), (args.pin, Edit::Pin)];
    for edit in asked
        .into_iter()
        .filter_map(|(on, edit)| on.then_some(edit))
    {
        let (done_word, skipped_word, nothing) = edit.words();
        let problems = result.as_ref().err().map_or(&[][..], |p| &p.0[..]);
        let applied = match edit {
            Edit::Fix => apply_fixes(path, &text, problems),
            Edit::Pin => apply_pins(path, &text, problems, allowed),
        };
        let edited = match applied {
            Ok(edited) => edited,
            Err(why) => {
                eprintln!("sourceline: {}", crate::text::sanitize(&why.to_string()));
                return io::problems();
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
        // The file as written, read back: its text is the one just written, not a second reading.
        let reader = load::disk_sources(path, allowed);
        result = load::load(Input::text(name, &text, &reader), &LoadOptions::default()).result;
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
    path: &Path,
    yaml: &str,
    problems: &[load::Problem],
) -> Result<Fixed, EditError> {
    let plan = load::fix::plan(&Input::File(path).name(), yaml, problems)?;
    write_plan(path, yaml, plan)
}

/// [`apply_fixes`] for `--pin`: a fingerprint for every source, read through the sources' rules
/// (`allowed`: the `--allow-sources-in` folders)
/// where the load's problems do not carry the digest.
///
/// # Errors
/// As [`apply_fixes`].
pub fn apply_pins(
    path: &Path,
    yaml: &str,
    problems: &[load::Problem],
    allowed: &[PathBuf],
) -> Result<Fixed, EditError> {
    let reader = load::disk_sources(path, allowed);
    let plan = load::pin::plan(&Input::File(path).name(), yaml, problems, &reader)?;
    write_plan(path, yaml, plan)
}

/// Writes `plan`'s patches of `yaml` to `path`, never to one of its sources.
fn write_plan(path: &Path, yaml: &str, plan: load::fix::Plan) -> Result<Fixed, EditError> {
    if plan.patches.is_empty() {
        return Ok(Fixed {
            text: yaml.to_string(),
            plan,
        });
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let documents: Vec<PathBuf> = plan.sources.iter().map(|s| base.join(s)).collect();
    let snapshot = crate::edit::Snapshot::of(path.to_path_buf(), yaml.as_bytes());
    let written = snapshot
        .write(&plan.patches, &documents)
        .map_err(EditError::Refused)?;
    let text = String::from_utf8(written.after)?;
    Ok(Fixed { text, plan })
}

/// Why `--fix` or `--pin` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The edits would not read back as intended (a bug).
    #[error(transparent)]
    Plan(#[from] load::fix::FixError),
    /// The write was refused: the file changed since it was read, is a source, or the file
    /// system refused.
    #[error("{0}")]
    Refused(crate::edit::Refused),
    /// What was written is not UTF-8 (a bug: it was made from UTF-8 text).
    #[error(transparent)]
    NotUtf8(#[from] std::string::FromUtf8Error),
}

/// What `check --strict` refuses, each at its event's line, in file order: drafts, and times
/// that no zone places (no offset, no zone, no `timezone:`), whose order among the others is
/// a guess.
fn strict_problems(name: &str, yaml: &str, c: &Chronology) -> Vec<load::Problem> {
    let floating = |e: &crate::model::Event| {
        e.date
            .points()
            .any(|p| p.time().is_some_and(|t| t.place == Place::Floating))
    };
    let mut problems: Vec<load::Problem> = c
        .events
        .iter()
        .filter(|e| e.draft || floating(e))
        .map(|e| {
            let line = load::event_line(yaml, &e.id, None)
                .and_then(|l| u64::try_from(l).ok());
            let problem = if e.draft {
                load::Problem::new(name, "is a draft (`draft: true`), refused by --strict")
                    .help("finish it (a date, citations) and remove `draft: true`, or leave it out of what you publish")
            } else {
                load::Problem::new(
                    name,
                    format!(
                        "`{}` is a local time with no zone, ordered as if it were UTC; refused by --strict",
                        e.date.edtf()
                    ),
                )
                .help("add the offset or zone the source gives (`T14:45+03:30`, `T14:45[Asia/Tehran]`), or set `timezone:` at the top of the file")
            };
            problem
                .at(line.map(|l| (l, 1)))
                .entity(Some(format!("event \"{}\"", e.id)))
        })
        .collect();
    problems.sort_by_key(|p| p.position.unwrap_or((u64::MAX, 0)));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Refused;
    use crate::load::fingerprint::sha256_hex;

    /// The drifted article of `tests/check_messages.rs` and the seed it was edited from.
    const ARTICLE: &str = include_str!("../../tests/drifted/article.txt");
    const SEED: &str = include_str!("../../seeds/reuters-us-warned-iran-2024-01.txt");

    /// A project holding the chronology `yaml` as `c.yaml`, the article and the seed.
    fn project(yaml: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".sourceline"), "").unwrap();
        std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
        std::fs::write(dir.path().join("seed.txt"), SEED).unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, yaml).unwrap();
        (dir, path)
    }

    /// What the load of the chronology at `path` found.
    fn problems(path: &Path) -> Vec<load::Problem> {
        load::load(Input::File(path), &LoadOptions::default())
            .result
            .unwrap_err()
            .0
    }

    /// `err` refuses the write because `path` changed since it was read, and says so; the
    /// file is still as the other program left it (`edited`).
    fn assert_refused_as_changed(err: &EditError, path: &Path, edited: &str) {
        assert!(
            matches!(err, EditError::Refused(Refused::Changed(p)) if p == path),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("changed on disk since it was read; nothing was written"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(path).unwrap(), edited);
    }

    #[test]
    fn a_file_changed_before_its_pins_are_written_is_not_written() {
        // Fingerprinted as the seed, citing the article: `--pin` would update the digest.
        let yaml = format!(
            "title: T\nsources:\n  - id: drifted\n    title: A\n    path: article.txt\n    sha256: \"{}\"   # when first quoted\nactors:\n  - id: us\n    name: US\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    actors: [us]\n    citations:\n      - source: drifted\n        quote: \"a private warning to Iran\"\n      - source: drifted\n        quote: \"a private warning to Iran\"\n",
            sha256_hex(SEED)
        );
        let (_dir, path) = project(&yaml);
        let problems = problems(&path);
        let edited = format!("{yaml}# saved by an editor meanwhile\n");
        std::fs::write(&path, &edited).unwrap();
        let err = apply_pins(&path, &yaml, &problems, &[]).unwrap_err();
        assert_refused_as_changed(&err, &path, &edited);
    }

    #[test]
    fn a_file_changed_between_read_and_write_is_not_written() {
        // A typo the article corrected: `--fix` would rewrite the quote.
        let (dir, path) = project(
            "title: T\nsources:\n  - id: drifted\n    title: A\n    path: article.txt\nactors:\n  - id: us\n    name: US\nevents:\n  - id: e1\n    date: \"2024-01\"\n    title: E\n    actors: [us]\n    citations:\n      - source: drifted\n        quote: 'The U.S. goverment recently issued a private warning to Iran'\n",
        );
        // What `check --fix` read…
        let read = std::fs::read_to_string(&path).unwrap();
        let problems = problems(&path);
        // …then an editor saves the file before the fixes are written.
        let edited = format!("{read}# saved by an editor meanwhile\n");
        std::fs::write(&path, &edited).unwrap();
        let err = apply_fixes(&path, &read, &problems).unwrap_err();
        assert_refused_as_changed(&err, &path, &edited);
        // Nothing left beside it either (no temporary file).
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".sourceline", "article.txt", "c.yaml", "seed.txt"]);
    }

    #[test]
    fn a_folder_is_not_fixable_and_says_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let why = fixable(dir.path(), "--pin").unwrap_err();
        assert_eq!(why.kind, "a folder");
        assert_eq!(why.flag, "--pin");
        assert_eq!(
            why.to_string(),
            format!(
                "{}: is a folder; --pin writes only regular files, so nothing was read or written (run `check` without --pin)",
                dir.path().display()
            )
        );
        let file = dir.path().join("c.yaml");
        std::fs::write(&file, "title: t\n").unwrap();
        fixable(&file, "--fix").unwrap();
    }
}
