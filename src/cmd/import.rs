//! `import`: read a `TimelineJS` file, convert it through [`crate::interop::import`], write the
//! chronology.
//!
//! `import -o OUT` never replaces an existing OUT without `--force`: it may be a chronology
//! someone has worked on, and an import starts a new one. The chronology goes to standard
//! output when no `-o` is given; the account of what became of every field goes to standard
//! error.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::io;
use crate::interop::import::{self, Format, Imported, limits::MAX_IMPORT_BYTES};
use crate::text::sanitize;

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

/// `import`: the chronology on standard output or in OUT, the account on standard error.
pub fn run(args: &ImportArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let shown = sanitize(&name).into_owned();
    if let Some(out) = &args.output
        && let Err(why) = io::may_replace(out, args.force, std::slice::from_ref(&args.file))
    {
        eprintln!("sourceline: {why}");
        return io::problems();
    }
    let bytes = match read_limited(&args.file, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(why) => {
            eprintln!("sourceline: {shown}: {why}");
            return io::problems();
        }
    };
    let format = Format::of(&args.file, &bytes);
    let imported = match import::import(&name, &bytes, format) {
        Ok(imported) => imported,
        Err(why) => {
            eprintln!("sourceline: {shown}: {}", sanitize(&why.0));
            return io::problems();
        }
    };
    let yaml = |w: &mut dyn std::io::Write| w.write_all(imported.yaml.as_bytes());
    if let Err(why) = io::write_document(args.output.as_deref(), yaml) {
        eprintln!("sourceline: {why}");
        return io::problems();
    }
    eprint!("{}", account(&shown, &imported, args.output.as_deref()));
    ExitCode::SUCCESS
}

/// What the import made, every field's fate, the slides that need a look, and what to do next.
fn account(name: &str, imported: &Imported, written: Option<&Path>) -> String {
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

/// Why the file to import was not read; each message follows its name.
#[derive(Debug, thiserror::Error)]
pub enum ImportReadError {
    #[error("cannot open: {0}")]
    Open(std::io::Error),
    #[error("is a folder, not a TimelineJS file")]
    Folder,
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    /// More than `limit` bytes (reading stopped one byte past it).
    #[error("is over the limit of {limit} bytes for an import")]
    TooLarge { limit: usize },
}

/// The file's bytes, refusing more than `limit`. Reading stops one byte past the limit, so
/// a device or an endless pipe given as the input cannot exhaust memory.
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, ImportReadError> {
    let file = std::fs::File::open(path).map_err(ImportReadError::Open)?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(ImportReadError::Folder);
    }
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(ImportReadError::Read)?;
    if bytes.len() > limit {
        return Err(ImportReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_stops_an_import_being_read_is_a_variant_in_the_words_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let why = read_limited(dir.path(), 10).unwrap_err();
        assert!(matches!(why, ImportReadError::Folder), "{why:?}");
        assert_eq!(why.to_string(), "is a folder, not a TimelineJS file");
        let file = dir.path().join("t.json");
        std::fs::write(&file, "0123456789ab").unwrap();
        let why = read_limited(&file, 10).unwrap_err();
        assert!(
            matches!(why, ImportReadError::TooLarge { limit: 10 }),
            "{why:?}"
        );
        assert_eq!(
            why.to_string(),
            "is over the limit of 10 bytes for an import"
        );
        let why = read_limited(&dir.path().join("none.json"), 10).unwrap_err();
        assert!(
            matches!(&why, ImportReadError::Open(e) if e.kind() == std::io::ErrorKind::NotFound),
            "{why:?}"
        );
        assert_eq!(read_limited(&file, 12).unwrap(), b"0123456789ab");
    }
}
