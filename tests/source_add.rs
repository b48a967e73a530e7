//! `sourceline source add`: the real binary adds an HTML page and a PDF to a chronology, every
//! other byte of the file kept and the result passing `check`; it refuses an id clash, a
//! document outside the project, a chronology it cannot write (the embedded demo, a pipe), and
//! a pipe as the document, writing nothing.
//!
//! Each test runs in a fresh temporary HOME holding a project (a `.sourceline` marker), so the
//! walk up for a project stops there whatever the machine holds above it.

mod common;

use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// A small chronology: one source, one event citing it, lists indented by two.
const CHRONOLOGY: &str = "\
# A chronology to add sources to.
title: \"Harbour works\"
sources:
  - id: notes
    title: Field notes   # kept as written
    path: notes.txt

actors:
  - id: council
    name: Harbour council
events:
  - id: approved
    date: \"2024-03-05\"
    title: Wall approved
    actors: [council]
    citations:
      - source: notes
        quote: \"the wall was approved\"
";

const NOTES: &str = "On Tuesday the wall was approved by the council.\n";

struct Home {
    dir: tempfile::TempDir,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Home {
    /// A home holding `proj/` (a project: its marker, `chronology.yaml`, `notes.txt`, and
    /// `docs/` with the test pages and PDFs).
    fn new() -> Self {
        let home = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let docs = home.path("proj/docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(
            home.path("proj/.sourceline"),
            "chronology = \"chronology.yaml\"\n",
        )
        .unwrap();
        std::fs::write(home.path("proj/chronology.yaml"), CHRONOLOGY).unwrap();
        std::fs::write(home.path("proj/notes.txt"), NOTES).unwrap();
        for name in [
            "html/article.html",
            "html/western-1252.html",
            "pdf/paper.pdf",
            "pdf/mixed.pdf",
        ] {
            let from = Path::new(DATA).join(name);
            std::fs::copy(&from, docs.join(from.file_name().unwrap())).unwrap();
        }
        home
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn run(&self, cwd: &str, args: &[&str]) -> Run {
        let cwd = self.path(cwd);
        std::fs::create_dir_all(&cwd).unwrap();
        let out = common::sourceline()
            .args(args)
            .current_dir(cwd)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn chronology(&self) -> String {
        std::fs::read_to_string(self.path("proj/chronology.yaml")).unwrap()
    }

    fn sha256(&self, relative: &str) -> String {
        format!(
            "{:x}",
            Sha256::digest(std::fs::read(self.path(relative)).unwrap())
        )
    }
}

/// The text `after` has in place of `before`, which must be `before` with one insertion:
/// every byte before and after it unchanged.
fn inserted(before: &str, after: &str) -> (usize, String) {
    let prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = before[prefix..]
        .bytes()
        .rev()
        .zip(after[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        prefix + suffix,
        before.len(),
        "more than an insertion changed:\n{after}"
    );
    (prefix, after[prefix..after.len() - suffix].to_string())
}

#[test]
fn an_html_page_is_added_after_the_last_source_and_check_passes() {
    let home = Home::new();
    let r = home.run("proj", &["source", "add", "docs/article.html"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "added source \"article\" (html, \"Harbour wall rises by two metres\") to chronology.yaml\n"
    );
    let after = home.chronology();
    let (at, text) = inserted(CHRONOLOGY, &after);
    assert_eq!(at, CHRONOLOGY.find("\nactors:").unwrap());
    assert_eq!(
        text,
        format!(
            "  - id: article\n    title: \"Harbour wall rises by two metres\"\n    publisher: \"Harbour Gazette\"\n    date: \"2024-03-05\"\n    path: \"docs/article.html\"\n    sha256: {}\n",
            home.sha256("proj/docs/article.html")
        )
    );
    let check = home.run("proj", &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stdout.contains("2 sources"), "{}", check.stdout);
    // The same page again: a second id, made unique.
    let r = home.run(
        "proj",
        &["source", "add", "docs/article.html", "chronology.yaml"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("added source \"article-2\""),
        "{}",
        r.stdout
    );
}

#[test]
fn a_document_without_metadata_is_titled_by_its_name_from_another_folder() {
    // Run from a sub-folder with the chronology named: the path is from the chronology's
    // folder, whatever the current one.
    let home = Home::new();
    std::fs::write(
        home.path("proj/docs/Untitled Page.htm"),
        "<p>Just words.</p>\n",
    )
    .unwrap();
    let r = home.run(
        "proj/docs",
        &["source", "add", "Untitled Page.htm", "../chronology.yaml"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "added source \"untitled-page\" (html, \"Untitled Page.htm\") to ../chronology.yaml\n"
    );
    let (_, text) = inserted(CHRONOLOGY, &home.chronology());
    assert!(
        text.starts_with("  - id: untitled-page\n    title: \"Untitled Page.htm\"\n    path: \"docs/Untitled Page.htm\"\n    sha256: "),
        "{text}"
    );
    std::fs::write(home.path("proj/docs/plain.txt"), "Just words.\n").unwrap();
    let r = home.run("proj", &["source", "add", "docs/plain.txt", "--id", "mine"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        home.chronology()
            .contains("  - id: mine\n    title: \"plain.txt\"\n    path: \"docs/plain.txt\"\n")
    );
    let check = home.run("proj", &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stdout.contains("3 sources"), "{}", check.stdout);
}

#[test]
fn an_imported_chronology_gets_its_first_source() {
    // `import` writes `sources: []`: the brackets give way to the list.
    let home = Home::new();
    let timeline = r#"{"title": {"text": {"headline": "Harbour"}}, "events": [{"start_date": {"year": 2024}, "text": {"headline": "Wall rises"}}]}"#;
    std::fs::write(home.path("proj/t.json"), timeline).unwrap();
    let r = home.run("proj", &["import", "t.json", "-o", "imported.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let before = std::fs::read_to_string(home.path("proj/imported.yaml")).unwrap();
    let r = home.run(
        "proj",
        &["source", "add", "docs/article.html", "imported.yaml"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let after = std::fs::read_to_string(home.path("proj/imported.yaml")).unwrap();
    let at = before.find("sources: []\n").unwrap();
    assert_eq!(&after[..at], &before[..at]);
    assert!(
        after[at..].starts_with("sources:\n  - id: article\n"),
        "{after}"
    );
    let rest = &before[at + "sources: []\n".len()..];
    assert!(after.ends_with(rest));
    let check = home.run("proj", &["check", "imported.yaml"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stdout.contains("1 source,"), "{}", check.stdout);
}

/// Needs the loader to read PDFs (issue 25's loader side, branch `wire`): until then `check`
/// refuses a PDF as "not UTF-8 text", so `source add`, which reads its result back through the
/// loader, refuses it too and writes nothing.
#[test]
fn a_pdf_is_added_with_its_title_and_date() {
    let home = Home::new();
    let r = home.run("proj", &["source", "add", "docs/paper.pdf"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "added source \"paper\" (pdf, \"Harbour traffic paper\") to chronology.yaml\n"
    );
    let (_, text) = inserted(CHRONOLOGY, &home.chronology());
    assert_eq!(
        text,
        format!(
            "  - id: paper\n    title: \"Harbour traffic paper\"\n    date: \"2026-12-04\"\n    path: \"docs/paper.pdf\"\n    sha256: {}\n",
            home.sha256("proj/docs/paper.pdf")
        )
    );
    let check = home.run("proj", &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

/// Needs the loader to read web pages in their encoding, PDFs and `format:` (issue 25's
/// loader side, branch `wire`).
#[test]
fn a_format_the_extension_does_not_say_is_written_and_read() {
    let home = Home::new();
    // A PDF saved as `.html`: its bytes say PDF, so `format: pdf` is written.
    std::fs::copy(
        Path::new(DATA).join("pdf/paper.pdf"),
        home.path("proj/docs/saved.html"),
    )
    .unwrap();
    let r = home.run("proj", &["source", "add", "docs/saved.html"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("added source \"saved\" (pdf, \"Harbour traffic paper\")"),
        "{}",
        r.stdout
    );
    assert!(
        home.chronology()
            .contains("    path: \"docs/saved.html\"\n    format: pdf\n    sha256: ")
    );
    // A page to cite as its markup: --format text.
    let r = home.run(
        "proj",
        &[
            "source",
            "add",
            "docs/article.html",
            "--format",
            "text",
            "--id",
            "markup",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(home.chronology().contains("  - id: markup\n    title: \"article.html\"\n    path: \"docs/article.html\"\n    format: text\n"));
    // A windows-1252 page: its title decoded; the same page named html needs no format.
    let r = home.run(
        "proj",
        &[
            "source",
            "add",
            "docs/western-1252.html",
            "--format",
            "html",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(home.chronology().contains("  - id: western-1252\n    title: \"Caf\u{e9} notes\"\n    path: \"docs/western-1252.html\"\n    sha256: "));
    let check = home.run("proj", &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stdout.contains("4 sources"), "{}", check.stdout);
    // A PDF with a scanned page is added, with a note naming it.
    let r = home.run("proj", &["source", "add", "docs/mixed.pdf"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: docs/mixed.pdf: page 2 has no text layer (scanned?): run OCR"),
        "{}",
        r.stderr
    );
}

/// A refusal: exit `code`, the message says `says`, the chronology is as it was.
fn refused(home: &Home, cwd: &str, args: &[&str], code: i32, says: &str) {
    let r = home.run(cwd, args);
    assert_eq!(r.code, Some(code), "{args:?}: {}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(home.chronology(), CHRONOLOGY, "{args:?} wrote");
}

#[test]
fn an_id_that_exists_or_is_malformed_is_refused() {
    let home = Home::new();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/article.html", "--id", "notes"],
        1,
        "sourceline: there is already a source \"notes\" in chronology.yaml; nothing was written (choose another --id",
    );
    refused(
        &home,
        "proj",
        &["source", "add", "docs/article.html", "--id", "Notes_2"],
        1,
        "id \"Notes_2\" has characters other than a-z, 0-9 and -",
    );
}

#[test]
fn a_document_outside_the_project_is_refused_unless_allowed() {
    let home = Home::new();
    let elsewhere = home.path("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::copy(
        Path::new(DATA).join("html/article.html"),
        elsewhere.join("a.html"),
    )
    .unwrap();
    refused(
        &home,
        "proj",
        &["source", "add", "../elsewhere/a.html"],
        1,
        "../elsewhere/a.html: is outside the folders chronology.yaml may cite (",
    );
    refused(
        &home,
        "proj",
        &["source", "add", "../elsewhere/a.html"],
        1,
        "move it under the project, or pass --allow-sources-in DIR",
    );
    let r = home.run(
        "proj",
        &[
            "source",
            "add",
            "../elsewhere/a.html",
            "--allow-sources-in",
            "../elsewhere",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        home.chronology()
            .contains("    path: \"../elsewhere/a.html\"\n")
    );
    let check = home.run("proj", &["check", "--allow-sources-in", "../elsewhere"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

#[test]
fn outside_any_project_without_a_chronology_nothing_is_written() {
    // The other commands fall back to the built-in demo here; it cannot be written.
    let home = Home::new();
    let r = home.run("loose", &["source", "add", "../proj/docs/article.html"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("no chronology to add the source to")
            && r.stderr.contains("sourceline init DIR"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn a_missing_document_and_a_source_that_is_the_chronology_are_refused() {
    let home = Home::new();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/gone.html"],
        1,
        "docs/gone.html: cannot be found",
    );
    refused(
        &home,
        "proj",
        &["source", "add", "chronology.yaml"],
        1,
        "chronology.yaml: is a source document; sourceline never writes sources",
    );
}

#[test]
fn documents_that_cannot_be_read_are_refused_with_what_to_do() {
    let home = Home::new();
    std::fs::copy(
        Path::new(DATA).join("pdf/encrypted.pdf"),
        home.path("proj/docs/locked.pdf"),
    )
    .unwrap();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/locked.pdf"],
        1,
        "docs/locked.pdf: cannot be read as pdf: the PDF is encrypted; save an unencrypted copy",
    );
    std::fs::write(home.path("proj/docs/latin1.txt"), b"caf\xe9\n").unwrap();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/latin1.txt"],
        1,
        "docs/latin1.txt: is not UTF-8 text (bad byte at offset 3); convert it (`iconv -t UTF-8`), or pass --format html",
    );
    refused(
        &home,
        "proj",
        &["source", "add", "docs"],
        1,
        "docs: is a folder, not a regular file",
    );
}

#[cfg(unix)]
#[test]
fn pipes_are_refused_without_waiting() {
    let home = Home::new();
    let fifo = home.path("proj/docs/pipe.html");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/pipe.html"],
        1,
        "docs/pipe.html: is a named pipe (FIFO), not a regular file",
    );
    let target = home.path("proj/pipe.yaml");
    nix::unistd::mkfifo(&target, nix::sys::stat::Mode::S_IRWXU).unwrap();
    refused(
        &home,
        "proj",
        &["source", "add", "docs/article.html", "pipe.yaml"],
        1,
        "pipe.yaml: is a named pipe (FIFO), not a regular file; nothing was written",
    );
}
