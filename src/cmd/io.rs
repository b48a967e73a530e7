//! What the commands share at the edge of the process: exit codes, standard output, the files
//! they write, and how errors look.
//!
//! Exit codes: 0 success; 1 the chronology has problems (they are all printed), a flag names an
//! unknown actor or tag, or a file cannot be imported or an output written; 2 a usage error
//! (from clap, or a project without one chronology to open).
//!
//! Output files are written through [`crate::edit::atomic`] (a temporary file beside the
//! target, renamed over it), so an interrupted run never leaves half a file; a device or pipe
//! named as the output (`-o /dev/null`) is written through, never replaced, and a link's target
//! is replaced, not the link. Whether an existing output may be replaced is the command's to
//! say ([`may_replace`]), because what sits at the target differs: `import` starts a new
//! chronology, where someone's work may already stand; `export` rebuilds a generated file.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use color_eyre::eyre::Result;

use crate::text::sanitize;

/// Exit code 1: the user's files or flags have a problem, and it was printed.
pub fn problems() -> ExitCode {
    ExitCode::from(1)
}

/// Exit code 2: the command line cannot be carried out as written, as clap's usage errors.
pub fn usage() -> ExitCode {
    ExitCode::from(2)
}

/// Whether standard error is a terminal that wants colour (none under `NO_COLOR`).
pub fn colour_on_stderr() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Installs color-eyre: coloured only on a terminal and never under `NO_COLOR`.
///
/// # Errors
/// If a hook was already installed.
pub fn install_error_hook() -> Result<()> {
    let theme = if colour_on_stderr() {
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

/// Writes what `fill` writes to standard output, buffered. A closed pipe (`| head`) is not an
/// error worth reporting, so it is none.
///
/// # Errors
/// Any other failure to write.
pub fn to_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    match fill(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Why an output was not written. Paths are shown sanitised: they come from the command line,
/// which may have copied them from a hostile file name.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: is a folder; name a file to write", shown(.0))]
    Folder(PathBuf),
    /// The output would replace the chronology or one of its sources.
    #[error(
        "{}: is the file the output is made from (the chronology or one of its sources); nothing was written",
        shown(.0)
    )]
    Protected(PathBuf),
    /// It exists, and `--force` was not given.
    #[error("{} already exists; nothing was written (pass --force to replace it)", shown(.0))]
    Exists(PathBuf),
    #[error("{}: cannot write ({source}); nothing was written", shown(path))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// Whether `out` may be written: refused when it exists and `replace` is off, and always when
/// it is one of `protected` (the files the output is made from).
///
/// # Errors
/// [`OutputError::Folder`], [`OutputError::Protected`] or [`OutputError::Exists`].
pub fn may_replace(out: &Path, replace: bool, protected: &[PathBuf]) -> Result<(), OutputError> {
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(OutputError::Folder(out.to_path_buf()));
    }
    let real = std::fs::canonicalize(out).ok();
    if real.is_some()
        && protected
            .iter()
            .any(|p| std::fs::canonicalize(p).ok() == real)
    {
        return Err(OutputError::Protected(out.to_path_buf()));
    }
    if !replace {
        return Err(OutputError::Exists(out.to_path_buf()));
    }
    Ok(())
}

/// Writes what `fill` writes to `out`, buffered, through the atomic write (which writes through
/// a device or pipe and replaces only regular files).
///
/// # Errors
/// [`OutputError::Write`]: nothing was written.
pub fn write_file(
    out: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    crate::edit::atomic::write_output(out, |file| {
        let mut buffered = BufWriter::new(file);
        fill(&mut buffered)?;
        buffered.flush()
    })
    .map_err(|source| OutputError::Write {
        path: out.to_path_buf(),
        source,
    })
}

/// Writes the document `fill` makes to `out` if given, else to standard output; `Err` is the
/// sentence to print.
pub fn write_document(
    out: Option<&Path>,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    match out {
        Some(out) => write_file(out, fill),
        None => to_stdout(fill).map_err(OutputError::Stdout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_to_replace_is_a_variant_in_the_words_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_path_buf();
        let why = may_replace(&folder, true, &[]).unwrap_err();
        assert!(
            matches!(&why, OutputError::Folder(p) if *p == folder),
            "{why:?}"
        );
        assert_eq!(
            why.to_string(),
            format!("{}: is a folder; name a file to write", folder.display())
        );
        let file = dir.path().join("out.yaml");
        std::fs::write(&file, "x").unwrap();
        let why = may_replace(&file, false, &[]).unwrap_err();
        assert!(
            matches!(&why, OutputError::Exists(p) if *p == file),
            "{why:?}"
        );
        assert_eq!(
            why.to_string(),
            format!(
                "{} already exists; nothing was written (pass --force to replace it)",
                file.display()
            )
        );
        let why = may_replace(&file, true, std::slice::from_ref(&file)).unwrap_err();
        assert!(
            matches!(&why, OutputError::Protected(p) if *p == file),
            "{why:?}"
        );
        may_replace(&file, true, &[]).unwrap();
        may_replace(&dir.path().join("new.yaml"), false, &[]).unwrap();
    }
}
