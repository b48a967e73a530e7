//! `import` and `export`: read, convert through [`crate::interop`], write.
//!
//! The conversions are pure functions; this module only does their I/O. Output files are
//! written through [`crate::edit::atomic`] (a temporary file beside the target, renamed over
//! it), so an interrupted run never leaves half a file; a device or pipe named as the output
//! (`-o /dev/null`) is written through, never replaced, and a link's target is replaced, not
//! the link. What may be replaced differs by
//! command, because what sits at the target differs:
//! - `import -o OUT` never replaces an existing OUT without `--force`: it may be a chronology
//!   someone has worked on, and an import starts a new one;
//! - `export -o OUT` replaces OUT, a generated file rebuilt on each run, but never the
//!   chronology it is made from or one of that chronology's sources, whatever the flags.
//!
//! Messages go to standard error; standard output carries only the document when no `-o` is
//! given, so `sourceline export html > report.html` and pipes work.

use std::io::{BufWriter, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use color_eyre::eyre::Result;

use crate::cli::{self, ExportArgs, ExportFormat, ImportArgs, ReportArgs};
use crate::interop::import::{self, Format, Imported, limits::MAX_IMPORT_BYTES};
use crate::interop::{self, GroupBy};
use crate::model::{Chronology, EventIx};
use crate::text::sanitize;

/// `import`: the chronology on standard output or in OUT, the account on standard error.
pub fn import(args: &ImportArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let shown = sanitize(&name).into_owned();
    if let Some(out) = &args.output
        && let Err(why) = may_replace(out, args.force, std::slice::from_ref(&args.file))
    {
        eprintln!("sourceline: {why}");
        return ExitCode::from(1);
    }
    let bytes = match read_limited(&args.file, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(why) => {
            eprintln!("sourceline: {shown}: {why}");
            return ExitCode::from(1);
        }
    };
    let format = Format::of(&args.file, &bytes);
    let imported = match import::import(&name, &bytes, format) {
        Ok(imported) => imported,
        Err(why) => {
            eprintln!("sourceline: {shown}: {}", sanitize(&why.0));
            return ExitCode::from(1);
        }
    };
    let result = match &args.output {
        Some(out) => write_file(out, |w| w.write_all(imported.yaml.as_bytes())),
        None => to_stdout(|w| w.write_all(imported.yaml.as_bytes())),
    };
    if let Err(why) = result {
        eprintln!("sourceline: {why}");
        return ExitCode::from(1);
    }
    let written = args.output.as_ref();
    eprint!(
        "{}",
        account(&shown, &imported, written.map(PathBuf::as_path))
    );
    ExitCode::SUCCESS
}

/// What the import made, every field's fate, the slides that need a look, and what to do next.
pub fn account(name: &str, imported: &Imported, written: Option<&Path>) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = format!(
        "{name}: {} → {} and {}{}\n",
        imported.kind,
        plural(imported.events, "draft event", "draft events"),
        plural(imported.periods, "period", "periods"),
        written.map_or_else(String::new, |w| format!(
            ", written to {}",
            sanitize(&w.display().to_string())
        )),
    );
    out.push_str(&imported.tally.to_string());
    if !imported.notices.is_empty() {
        out.push_str("to look at:\n");
        for notice in &imported.notices {
            out.push_str("  ");
            out.push_str(&sanitize(notice));
            out.push('\n');
        }
    }
    out.push_str(
        "next: add the documents the events rest on under `sources:`, cite them, and remove `draft: true`\n",
    );
    out
}

/// `export timelinejs|markdown|html`: the chosen events of the chronology, in that form.
///
/// # Errors
/// A failure to write to standard output.
pub fn export(args: &ExportArgs) -> Result<ExitCode> {
    let (report, group_by) = match &args.format {
        ExportFormat::Timelinejs(t) => (&t.report, Some(t.group_by)),
        ExportFormat::Markdown(r) | ExportFormat::Html(r) => (r, None),
    };
    let file = match cli::chronology_file(report.file.as_deref(), true) {
        Ok(file) => file,
        Err(code) => return Ok(code),
    };
    let file = file.as_deref();
    let chronology = match cli::load(file, &report.sources) {
        Ok(c) => c,
        Err(problems) => {
            cli::report(&problems);
            return Ok(ExitCode::from(1));
        }
    };
    let timelinejs = matches!(args.format, ExportFormat::Timelinejs(_));
    let events = match select(&chronology, report, timelinejs) {
        Ok((events, left_out)) => {
            for why in left_out {
                eprintln!("sourceline: {why}");
            }
            events
        }
        Err(e) => {
            eprintln!("sourceline: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    // The document is written as it is made, never held whole: a report of a million events
    // would otherwise be a string of gigabytes.
    let document = |w: &mut dyn Write| -> std::io::Result<()> {
        match &args.format {
            ExportFormat::Timelinejs(_) => interop::write_timelinejs(
                &chronology,
                &events,
                group_by.unwrap_or(GroupBy::None),
                w,
            ),
            ExportFormat::Markdown(_) => interop::write_markdown(&chronology, &events, w),
            ExportFormat::Html(_) => interop::write_html(&chronology, &events, w),
        }
    };
    match &report.output {
        Some(out) => {
            let mut protected: Vec<PathBuf> = Vec::new();
            if let Some(file) = file {
                let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
                protected.push(file.to_path_buf());
                protected.extend(chronology.sources.iter().map(|s| base.join(&s.path)));
            }
            if let Err(why) =
                may_replace(out, true, &protected).and_then(|()| write_file(out, document))
            {
                eprintln!("sourceline: {why}");
                return Ok(ExitCode::from(1));
            }
            eprintln!(
                "sourceline: wrote {} ({} of {} events)",
                sanitize(&out.display().to_string()),
                events.len(),
                chronology.events.len()
            );
        }
        None => {
            if let Err(why) = to_stdout(document) {
                eprintln!("sourceline: {why}");
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The events an export writes, and a line for each reason some are left out: the filter flags
/// choose as `list` chooses; drafts go unless asked for (`--include-drafts`, or `--drafts` for
/// only them), since a draft is not yet sourced; and the web timeline, which places every slide on a
/// date, cannot show an undated one.
///
/// # Errors
/// An unknown actor or tag, with the valid ones.
fn select(
    chronology: &Chronology,
    args: &ReportArgs,
    dated_only: bool,
) -> Result<(Vec<EventIx>, Vec<String>)> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let filter = cli::build_filter(chronology, &args.filter)?;
    let mut events = cli::choose(chronology, &filter, false, args.grep.as_deref());
    let mut left_out = Vec::new();
    let unmatched = chronology.events.len() - events.len();
    if unmatched > 0 {
        let flags: Vec<&str> = [
            (!args.filter.actors.is_empty(), "--actor"),
            (!args.filter.tags.is_empty(), "--tag"),
            (args.grep.is_some(), "--grep"),
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
    if args.drafts {
        events.retain(|&e| chronology.events[e].draft);
        if events.len() < before {
            left_out.push(format!(
                "{} left out: --drafts exports only drafts",
                plural(before - events.len(), "finished event", "finished events")
            ));
        }
    } else if !args.include_drafts {
        events.retain(|&e| !chronology.events[e].draft);
        if events.len() < before {
            left_out.push(format!(
                "{} left out; --include-drafts keeps them",
                plural(before - events.len(), "draft", "drafts")
            ));
        }
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
    Ok((events, left_out))
}

/// Whether `out` may be written: refused when it exists and `replace` is off, and always when
/// it is one of `protected` (the files the output is made from).
fn may_replace(out: &Path, replace: bool, protected: &[PathBuf]) -> Result<(), String> {
    let shown = || sanitize(&out.display().to_string()).into_owned();
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(format!("{}: is a folder; name a file to write", shown()));
    }
    let real = std::fs::canonicalize(out).ok();
    if real.is_some()
        && protected
            .iter()
            .any(|p| std::fs::canonicalize(p).ok() == real)
    {
        return Err(format!(
            "{}: is the file the output is made from (the chronology or one of its sources); nothing was written",
            shown()
        ));
    }
    if !replace {
        return Err(format!(
            "{} already exists; nothing was written (pass --force to replace it)",
            shown()
        ));
    }
    Ok(())
}

/// Writes what `fill` writes to `out`, buffered, through the atomic write (which writes through
/// a device or pipe and replaces only regular files).
fn write_file(
    out: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    crate::edit::atomic::write_output(out, |file| {
        let mut buffered = BufWriter::new(file);
        fill(&mut buffered)?;
        buffered.flush()
    })
    .map_err(|e| {
        format!(
            "{}: cannot write ({e}); nothing was written",
            sanitize(&out.display().to_string())
        )
    })
}

/// Writes what `fill` writes to standard output, buffered.
fn to_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    match fill(&mut out).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// The file's bytes, refusing more than `limit`. Reading stops one byte past the limit, so
/// a device or an endless pipe given as the input cannot exhaust memory.
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err("is a folder, not a TimelineJS file".into());
    }
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > limit {
        return Err(format!("is over the limit of {limit} bytes for an import"));
    }
    Ok(bytes)
}
