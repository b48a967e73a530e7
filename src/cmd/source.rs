//! `source add FILE [CHRONOLOGY]`: a document made into a new source entry of the chronology,
//! through [`crate::edit::source`], and written as every write is (by byte range, read back,
//! atomically, refused when the file changed since it was read).
//!
//! With no CHRONOLOGY and no project, the default of the other commands is the built-in demo,
//! which cannot be written: that is a usage error (exit 2), as a missing argument is, with
//! what to do. Every refusal of the document or the write exits 1 and writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::{ChronologyArgs, io};
use crate::edit::Snapshot;
use crate::edit::place::Check;
use crate::edit::source::{self, Document, NewSource};
use crate::extract::Format;
use crate::load::{self, MAX_FILE_BYTES, Reading};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    pub command: SourceCommand,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a document (HTML, PDF or text) as a new source of the chronology.
    ///
    /// The entry gets an id (from the file's name unless --id), the title, publisher and date
    /// the document gives (its file name as the title when it gives none), its path from the
    /// chronology's folder and its sha256. The document must lie where the chronology may cite
    /// it: its folder, its project, or an --allow-sources-in folder.
    Add(AddArgs),
}

#[derive(Debug, Args)]
#[command(mut_arg("file", |a| a
    .value_name("CHRONOLOGY")
    .help("Chronology YAML file to add the source to (default: the project's, which `.sourceline` records)")))]
pub struct AddArgs {
    /// The document to add.
    #[arg(value_name = "FILE")]
    pub document: PathBuf,
    /// The new source's id (default: made from the file's name, made unique).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Read the document as this format (default: from its extension and first bytes); written
    /// as `format:` when it differs from what the extension says.
    #[arg(long, value_enum, value_name = "F")]
    pub format: Option<FormatArg>,
    #[command(flatten)]
    pub chronology: ChronologyArgs,
}

/// `--format`'s values, the labels a chronology writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Html,
    Pdf,
    Text,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Html => Format::Html,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Text => Format::Text,
        }
    }
}

/// What `source` prints when there is no chronology to write to.
const NO_CHRONOLOGY: &str = "no chronology to add the source to: no CHRONOLOGY was given and there is no project here, and the built-in demo cannot be edited; name the chronology (`sourceline source add FILE CHRONOLOGY`), or make a project with `sourceline init DIR`";

/// `source`: runs its subcommand.
pub fn run(args: &SourceArgs) -> ExitCode {
    match &args.command {
        SourceCommand::Add(args) => add(args),
    }
}

fn fail(why: &str) -> ExitCode {
    eprintln!("sourceline: {}", sanitize(why));
    io::problems()
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// `source add`: the entry written, or why not.
fn add(args: &AddArgs) -> ExitCode {
    let target = match args.chronology.target(false) {
        Ok(target) => target,
        Err(code) => return code,
    };
    let Some(path) = target.file.as_deref() else {
        eprintln!("sourceline: {NO_CHRONOLOGY}");
        return io::usage();
    };
    if let Some(why) = target.options.unusable_folders().first() {
        return fail(why);
    }
    let allowed = &target.options.allowed;
    let name = shown(path);
    let read = load::confine_chronology(path, allowed)
        .and_then(|real| load::read_text(&real, MAX_FILE_BYTES, Reading::RegularOnly));
    let yaml = match read {
        Ok(yaml) => yaml,
        Err(why) => return fail(&format!("{name}: {why}; nothing was written")),
    };
    let document =
        match source::read_document(&args.document, path, allowed, args.format.map(Format::from)) {
            Ok(document) => document,
            Err(why) => return fail(&format!("{}: {why}", shown(&args.document))),
        };
    let existing = match source::existing(&yaml) {
        Ok(existing) => existing,
        Err(why) => return fail(&format!("{name}: {why}")),
    };
    let entry = match entry(args.id.as_deref(), &document, &existing.ids, &name) {
        Ok(entry) => entry,
        Err(why) => return fail(&why.to_string()),
    };
    let reader = load::disk_sources(path, allowed);
    let check = Check {
        name: &name,
        sources: &reader,
    };
    let patches = match source::add_source(&check, &yaml, &entry) {
        Ok(patches) => patches,
        Err(why) => return fail(&format!("{name}: {why}")),
    };
    // Never written: the document itself (it may be the chronology), nor any source.
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut protected: Vec<PathBuf> = existing.paths.iter().map(|p| base.join(p)).collect();
    protected.push(document.real.clone());
    let snapshot = Snapshot::of(path.to_path_buf(), yaml.as_bytes());
    if let Err(why) = snapshot.write(&patches, &protected) {
        return fail(&why.to_string());
    }
    println!("{}", sanitize(&added(&entry, &document, &name)));
    for note in notes(&document) {
        eprintln!("note: {}", sanitize(&note));
    }
    ExitCode::SUCCESS
}

/// The entry for `document`: its id as [`source::choose_id`] decides, the title it gives (else
/// its file name), and `format:` only when the loader would read it otherwise.
fn entry(
    given: Option<&str>,
    document: &Document,
    taken: &[String],
    name: &str,
) -> Result<NewSource, source::IdError> {
    let meta = &document.metadata;
    Ok(NewSource {
        id: source::choose_id(given, &document.stem, taken, name)?,
        title: meta.title.clone().unwrap_or_else(|| document.name.clone()),
        publisher: meta.publisher.clone(),
        date: meta.date.clone(),
        path: document.path.clone(),
        format: (document.format != document.inferred).then_some(document.format),
        sha256: document.sha256.clone(),
    })
}

/// Longest title the confirmation shows.
const SHOWN_TITLE_CHARS: usize = 60;

/// `added source "id" (html, "Title…") to chronology.yaml`.
fn added(entry: &NewSource, document: &Document, name: &str) -> String {
    let mut title: String = entry.title.chars().take(SHOWN_TITLE_CHARS).collect();
    if entry.title.chars().count() > SHOWN_TITLE_CHARS {
        title.push('…');
    }
    format!(
        "added source \"{}\" ({}, \"{title}\") to {name}",
        entry.id,
        document.format.label()
    )
}

/// What the author should know about the document: pages a quote cannot be found on.
fn notes(document: &Document) -> Vec<String> {
    if document.textless.is_empty() {
        return Vec::new();
    }
    let pages: Vec<String> = document.textless.iter().map(u32::to_string).collect();
    vec![format!(
        "{}: page{} {} {} no text layer (scanned?): run OCR (e.g. `ocrmypdf`) and add the result to quote from {}",
        document.path,
        if pages.len() == 1 { "" } else { "s" },
        pages.join(", "),
        if pages.len() == 1 { "has" } else { "have" },
        if pages.len() == 1 { "it" } else { "them" },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Metadata;

    fn document(format: Format, inferred: Format, metadata: Metadata) -> Document {
        Document {
            real: PathBuf::from("/p/docs/report.html"),
            path: "docs/report.html".into(),
            stem: "report".into(),
            name: "report.html".into(),
            format,
            inferred,
            sha256: "ab".repeat(32),
            metadata,
            textless: Vec::new(),
        }
    }

    #[test]
    fn format_is_written_only_when_the_loader_would_read_otherwise() {
        let plain = document(Format::Html, Format::Html, Metadata::default());
        let e = entry(None, &plain, &[], "c.yaml").unwrap();
        assert_eq!(
            (e.id.as_str(), e.title.as_str(), e.format),
            ("report", "report.html", None)
        );
        // `report.html` whose bytes are a PDF.
        let pdf = document(Format::Pdf, Format::Html, Metadata::default());
        assert_eq!(
            entry(None, &pdf, &[], "c.yaml").unwrap().format,
            Some(Format::Pdf)
        );
    }

    #[test]
    fn what_the_document_says_fills_the_entry_and_the_confirmation() {
        let meta = Metadata {
            title: Some(format!("{}\u{e9}!", "\u{e9}".repeat(59))),
            publisher: Some("Gazette".into()),
            date: Some("2024-03-05".into()),
        };
        let doc = document(Format::Html, Format::Html, meta);
        let e = entry(Some("gazette"), &doc, &["report".into()], "c.yaml").unwrap();
        assert_eq!(e.publisher.as_deref(), Some("Gazette"));
        assert_eq!(e.date.as_deref(), Some("2024-03-05"));
        assert_eq!(
            added(&e, &doc, "c.yaml"),
            format!(
                "added source \"gazette\" (html, \"{}\u{2026}\") to c.yaml",
                "\u{e9}".repeat(60)
            )
        );
    }

    #[test]
    fn scanned_pages_are_named_in_a_note() {
        let mut doc = document(Format::Pdf, Format::Pdf, Metadata::default());
        assert!(notes(&doc).is_empty());
        doc.textless = vec![2];
        assert_eq!(
            notes(&doc),
            [
                "docs/report.html: page 2 has no text layer (scanned?): run OCR (e.g. `ocrmypdf`) and add the result to quote from it"
            ]
        );
        doc.textless = vec![1, 3];
        assert!(notes(&doc)[0].contains("pages 1, 3 have no text layer"));
    }
}
