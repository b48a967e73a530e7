//! Sources as they come: a chronology citing web pages and PDFs (tests/sources/chronology.yaml,
//! over the pages and PDFs of tests/data), checked and listed by the real binary, and the
//! problems a scanned, locked or damaged PDF, a mistyped `format:` or a quote hidden in markup
//! gives.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::sha256_hex;
use serde_json::Value;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn sourceline(args: &[&str]) -> Output {
    common::sourceline()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The fixture chronology, with its sources allowed wherever the repository is checked out
/// (its `.git` makes it a project; a copy without one still reads them).
fn fixture_args<'a>(command: &'a str, data: &'a str, chronology: &'a str) -> Vec<&'a str> {
    vec![command, "--allow-sources-in", data, chronology]
}

/// A project in a temporary folder holding `chronology` as `c.yaml` and copies of `files`
/// (paths under tests/), each under its file name.
fn project(files: &[&str], chronology: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    for rel in files {
        let from = repo("tests").join(rel);
        let name = from.file_name().unwrap().to_owned();
        std::fs::copy(&from, dir.path().join(name)).unwrap();
    }
    let path = dir.path().join("c.yaml");
    std::fs::write(&path, chronology).unwrap();
    (dir, path)
}

/// A chronology with one source per `(id, path, extra lines)` and one event citing each
/// `(source, quote)`.
fn chronology(sources: &[(&str, &str, &str)], quotes: &[(&str, &str)]) -> String {
    let mut yaml = String::from("title: T\nsources:\n");
    for (id, path, extra) in sources {
        let _ = write!(
            yaml,
            "  - id: {id}\n    title: {id}\n    path: {path}\n{extra}"
        );
    }
    yaml.push_str(
        "actors: []\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n",
    );
    for (source, quote) in quotes {
        let _ = write!(
            yaml,
            "      - source: {source}\n        quote: {}\n",
            serde_json::to_string(quote).unwrap()
        );
    }
    yaml
}

/// The line (1-based) of `yaml` holding `needle`.
fn line_of(yaml: &str, needle: &str) -> usize {
    1 + yaml[..yaml.find(needle).unwrap()].matches('\n').count()
}

/// The quotes a reader copies from each PDF, with their page (tests/data/pdf-quotes.tsv).
fn pdf_quotes() -> Vec<(String, u64, String)> {
    std::fs::read_to_string(repo("tests/data/pdf-quotes.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut c = l.splitn(3, '\t');
            let file = c.next().unwrap().to_owned();
            let page = c.next().unwrap().parse().unwrap();
            (file, page, c.next().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn a_chronology_citing_web_pages_and_pdfs_passes_check() {
    let data = repo("tests/data");
    let chronology = repo("tests/sources/chronology.yaml");
    let out = sourceline(&fixture_args(
        "check",
        data.to_str().unwrap(),
        chronology.to_str().unwrap(),
    ));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ok — 31 events, 1 actor, 10 sources, 50 citations"),
        "{stdout}"
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// The program reads web pages and PDFs through the extraction cache in its cache folder (each
/// test run's own, tests/common/bin.rs; an in-process load uses none): one entry for each of the
/// fixture's five pages and four PDFs (its text file is never cached), none at all with
/// `SOURCELINE_CACHE=off`.
#[test]
fn the_program_keeps_what_pages_and_pdfs_read_as_in_its_cache_folder() {
    let data = repo("tests/data");
    let chronology = repo("tests/sources/chronology.yaml");
    let args = fixture_args(
        "check",
        data.to_str().unwrap(),
        chronology.to_str().unwrap(),
    );
    let entries = |switch: Option<&str>| {
        let mut run = common::sourceline();
        if let Some(switch) = switch {
            run.env("SOURCELINE_CACHE", switch);
        }
        let out = run.args(&args).arg("--no-cache").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!run.cache().join("sourceline/snapshot").exists());
        std::fs::read_dir(run.cache().join("sourceline/extract")).map_or(0, Iterator::count)
    };
    assert_eq!(entries(None), 9);
    assert_eq!(entries(Some("off")), 0);
}

/// Every citation of the fixture as `list --json` gives it.
fn listed() -> Vec<Value> {
    let data = repo("tests/data");
    let chronology = repo("tests/sources/chronology.yaml");
    let mut args = fixture_args("list", data.to_str().unwrap(), chronology.to_str().unwrap());
    args.insert(1, "--json");
    let out = sourceline(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    events
        .iter()
        .flat_map(|e| e["citations"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn every_pdf_quote_anchors_on_its_page_and_json_says_which() {
    let files: HashMap<&str, &str> = [
        ("paper", "paper.pdf"),
        ("exam", "scripts.pdf"),
        ("mixed", "mixed.pdf"),
        ("owner-only", "owner-only.pdf"),
    ]
    .into();
    let citations = listed();
    let quotes = pdf_quotes();
    assert!(quotes.len() >= 28, "{} quotes", quotes.len());
    for (file, page, quote) in &quotes {
        let cited = citations
            .iter()
            .find(|c| {
                c["quote"] == quote.as_str()
                    && files.get(c["source"].as_str().unwrap()) == Some(&file.as_str())
            })
            .unwrap_or_else(|| panic!("{file}: {quote:?} is not cited by the fixture"));
        assert_eq!(cited["page"].as_u64(), Some(*page), "{file}: {quote:?}");
        assert!(cited.get("line").is_none(), "{cited}");
    }
}

#[test]
fn web_page_citations_give_the_line_of_the_file_and_text_ones_neither() {
    let citations = listed();
    let traps = std::fs::read_to_string(repo("tests/data/html/traps.html")).unwrap();
    let scripts = std::fs::read_to_string(repo("tests/data/html/scripts.html")).unwrap();
    // How each passage begins in the reader text, and in the file.
    let begins: &[(&str, &str, &str)] = &[
        ("traps", "The mayor asked", "The mayor asked"),
        ("traps", "It\u{2019}s the first", "It&rsquo;s the first"),
        ("traps", "Costs are", "Costs are"),
        ("traps", "Council approves", "Council approves"),
        ("traps", "&percnt; shows", "<code>&amp;percnt;"),
        ("traps", "We will not", "We will not"),
        ("traps", "International", "Inter&shy;national"),
        ("traps", "Second", "<li>Second"),
        ("five-scripts", "Городской", "Городской"),
        ("five-scripts", "وافق", "وافق"),
        ("five-scripts", "شورای", "شورای"),
        ("five-scripts", "市议会", "市议会"),
        ("five-scripts", "市議会", "市議会"),
    ];
    let mut html = 0;
    for c in &citations {
        let source = c["source"].as_str().unwrap();
        let passage = c["passage"].as_str().unwrap();
        match source {
            "traps" | "five-scripts" => {}
            "western" | "cyrillic" | "letters" => {
                assert!(
                    c["line"].as_u64().is_some() && c.get("page").is_none(),
                    "{c}"
                );
                continue;
            }
            "notes" => {
                assert!(c.get("line").is_none() && c.get("page").is_none(), "{c}");
                continue;
            }
            _ => continue,
        }
        let (_, _, in_file) = begins
            .iter()
            .find(|(s, lead, _)| *s == source && passage.starts_with(lead))
            .unwrap_or_else(|| panic!("{source}: {passage:?}"));
        let file = if source == "traps" { &traps } else { &scripts };
        let line = 1 + file[..file.find(in_file).unwrap()].matches('\n').count();
        assert_eq!(
            c["line"].as_u64(),
            Some(line as u64),
            "{source}: {passage:?}"
        );
        assert!(c.get("page").is_none(), "{c}");
        html += 1;
    }
    assert_eq!(html, begins.len());
}

/// Words and phrases that are in the files but never in what a reader sees: a quote of them is
/// not found (never "found twice", never found in markup).
const HIDDEN: &[(&str, &str)] = &[
    ("traps", "Harbour council minutes"),
    ("traps", "title only words"),
    ("traps", "meta description words zephyr"),
    ("traps", "open graph words quagga"),
    ("traps", "style sheet words xylophone"),
    ("traps", "generated content words"),
    ("traps", "the mayor resigned in disgrace"),
    ("traps", "tracking words okapi"),
    ("traps", "structured data words narwhal"),
    ("traps", "the treasurer kept a second ledger"),
    ("traps", "attribute words wombat"),
    ("traps", "tooltip words axolotl"),
    ("traps", "alt text words capybara"),
    ("traps", "noscript words: enable scripts"),
    ("traps", "template words platypus"),
    ("traps", "data attribute words"),
    ("traps", "written by script words"),
    ("traps", "profile"),
    ("scripts", "評議会は秘密の会合を開いた"),
    ("scripts", "Секретное заседание"),
    ("scripts", "Five scripts"),
];

#[test]
fn words_only_in_scripts_comments_attributes_and_the_head_are_not_found() {
    let yaml = chronology(
        &[("traps", "traps.html", ""), ("scripts", "scripts.html", "")],
        HIDDEN,
    );
    let (_dir, path) = project(&["data/html/traps.html", "data/html/scripts.html"], &yaml);
    let out = sourceline(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (source, quote) in HIDDEN {
        let line = line_of(&yaml, &serde_json::to_string(quote).unwrap());
        let headline = format!(
            "c.yaml:{line}:16: event \"e1\", field `citations.quote`: quote not found in source \"{source}\""
        );
        assert!(err.contains(&headline), "{quote:?}: {headline}\n{err}");
    }
    assert!(!err.contains(" times in source"), "{err}");
    assert!(
        err.ends_with(&format!("{} problems found\n", HIDDEN.len())),
        "{err}"
    );
}

#[test]
fn a_pdf_without_text_a_locked_one_and_a_damaged_one_say_what_to_do() {
    let yaml = chronology(
        &[
            ("scanned", "scanned.pdf", ""),
            ("mixed", "mixed.pdf", ""),
            ("encrypted", "encrypted.pdf", ""),
            ("truncated", "truncated.pdf", ""),
            ("owner-only", "owner-only.pdf", ""),
        ],
        &[
            ("scanned", "the harbour wall"),
            ("mixed", "The second page is a picture of the harbour wall"),
            ("mixed", "The third page has text again."),
            ("encrypted", "The first page has a text layer."),
            ("truncated", "On the Efficient Flow of Harbour Traffic"),
            ("owner-only", "The first page has a text layer."),
        ],
    );
    let (_dir, path) = project(
        &[
            "data/pdf/scanned.pdf",
            "data/pdf/mixed.pdf",
            "data/pdf/encrypted.pdf",
            "data/pdf/truncated.pdf",
            "data/pdf/owner-only.pdf",
        ],
        &yaml,
    );
    let out = sourceline(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let at = |file: &str| format!("c.yaml:{}:11: ", line_of(&yaml, &format!("path: {file}")));
    for (file, says, help) in [
        (
            "scanned.pdf",
            "source file \"scanned.pdf\" has no text to quote: its one page has no text layer (it is a picture, such as a scan)",
            "help: run OCR over it to give it a text layer (e.g. `ocrmypdf in.pdf out.pdf`) and cite the result",
        ),
        (
            "encrypted.pdf",
            "source file \"encrypted.pdf\" cannot be read: the PDF is encrypted; save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and cite that",
            "help: sourceline reads PDFs that open without a password",
        ),
        (
            "truncated.pdf",
            "source file \"truncated.pdf\" cannot be read: not a readable PDF (",
            "help: check that it opens in a PDF viewer",
        ),
    ] {
        let headline = format!(
            "{}source \"{}\", field `path`: {says}",
            at(file),
            &file[..file.len() - 4]
        );
        assert!(err.contains(&headline), "{headline}\n{err}");
        assert!(err.contains(help), "{help}\n{err}");
    }
    assert!(
        err.contains("download it again, or repair it (e.g. `qpdf in.pdf out.pdf`)"),
        "{err}"
    );
    // A quote not found where some pages have no text says they may hold it.
    let quote = line_of(&yaml, "The second page");
    assert!(
        err.contains(&format!(
            "c.yaml:{quote}:16: event \"e1\", field `citations.quote`: quote not found in source \"mixed\""
        )),
        "{err}"
    );
    assert!(
        err.contains("help: page 2 of this PDF has no text layer (scanned, or pictures): if the passage is there, run OCR over the file (e.g. `ocrmypdf in.pdf out.pdf`) and cite the result"),
        "{err}"
    );
    // The rest loads: the third page of the mixed PDF, the PDF locked against editing only.
    assert!(err.ends_with("4 problems found\n"), "{err}");
    assert!(!err.contains("panicked"), "a caught panic printed:\n{err}");
}

#[test]
fn a_format_is_named_or_told_from_the_file_and_a_wrong_one_is_one_problem() {
    let yaml = chronology(
        &[
            ("odd", "mixed.pdf", "    format: docx\n"),
            ("as-text", "mixed.pdf", "    format: text\n"),
            ("sniffed", "page-saved-as.txt", ""),
            ("named", "traps.html", "    format: HTML\n"),
        ],
        &[
            ("odd", "The first page has a text layer."),
            ("as-text", "The first page has a text layer."),
            ("sniffed", "The mayor asked & left."),
            ("named", "how many minds he had"),
        ],
    );
    let (dir, path) = project(&["data/pdf/mixed.pdf", "data/html/traps.html"], &yaml);
    // A page saved without its extension: its first bytes say it is HTML.
    std::fs::write(
        dir.path().join("page-saved-as.txt"),
        "<!doctype html><p>The mayor <a href=\"x\">asked</a> &amp; left.</p>",
    )
    .unwrap();
    let out = sourceline(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    let format_line = line_of(&yaml, "format: docx");
    assert!(
        err.contains(&format!(
            "c.yaml:{format_line}:13: source \"odd\", field `format`: `format` is \"docx\", which is not a format sourceline reads"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: write `format: html`, `format: pdf` or `format: text`"),
        "{err}"
    );
    let as_text = line_of(&yaml, "path: mixed.pdf\n    format: text");
    assert!(
        err.contains(&format!(
            "c.yaml:{as_text}:11: source \"as-text\", field `path`: source file \"mixed.pdf\" is not UTF-8 text (invalid byte at offset 10); it looks like a PDF, but the source says `format: text`"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: remove `format: text` (or write `format: pdf`) to read it as a PDF"),
        "{err}"
    );
    // One problem each, and none for their citations; the others anchor.
    assert!(err.ends_with("2 problems found\n"), "{err}");
}

#[test]
fn a_text_source_that_is_not_utf8_keeps_its_words() {
    let yaml = chronology(&[("latin", "latin1.txt", "")], &[("latin", "caf")]);
    let (dir, path) = project(&[], &yaml);
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9").unwrap();
    let out = sourceline(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("source file \"latin1.txt\" is not UTF-8 text (invalid byte at offset 3); convert it to UTF-8"),
        "{err}"
    );
    assert!(
        err.contains(
            "help: convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 old.txt > new.txt`"
        ),
        "{err}"
    );
}

#[test]
fn sha256_is_of_the_files_own_bytes_for_a_web_page_and_a_pdf() {
    let page = std::fs::read(repo("tests/data/html/traps.html")).unwrap();
    let pdf = std::fs::read(repo("tests/data/pdf/paper.pdf")).unwrap();
    let quotes = [
        ("page", "how many minds he had"),
        ("pdf", "cuts waiting times by a fifth"),
    ];
    // `--pin` writes the digests of the files.
    let yaml = chronology(
        &[("page", "traps.html", ""), ("pdf", "paper.pdf", "")],
        &quotes,
    );
    let (_dir, path) = project(&["data/html/traps.html", "data/pdf/paper.pdf"], &yaml);
    let out = sourceline(&["check", "--pin", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pinned = std::fs::read_to_string(&path).unwrap();
    assert!(
        pinned.contains(&format!(
            "path: traps.html\n    sha256: {}\n",
            sha256_hex(&page)
        )),
        "{pinned}"
    );
    assert!(
        pinned.contains(&format!(
            "path: paper.pdf\n    sha256: {}\n",
            sha256_hex(&pdf)
        )),
        "{pinned}"
    );
    let out = sourceline(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A digest of the text read from them is not theirs.
    let text_digest = |bytes: &[u8], format| {
        let extracted = sourceline::extract::extract(bytes, format).unwrap();
        sha256_hex(extracted.text())
    };
    let yaml = chronology(
        &[
            (
                "page",
                "traps.html",
                &format!(
                    "    sha256: {}\n",
                    text_digest(&page, sourceline::extract::Format::Html)
                ),
            ),
            (
                "pdf",
                "paper.pdf",
                &format!(
                    "    sha256: {}\n",
                    text_digest(&pdf, sourceline::extract::Format::Pdf)
                ),
            ),
        ],
        &quotes,
    );
    std::fs::write(&path, &yaml).unwrap();
    let out = sourceline(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("source file \"traps.html\" no longer matches its fingerprint")
            && err.contains("source file \"paper.pdf\" no longer matches its fingerprint"),
        "{err}"
    );
}

#[test]
fn every_hyphen_the_reader_records_as_a_join_is_matched_across() {
    use sourceline::anchor::{Outcome, Request, anchor_all};
    use sourceline::extract::{Format, extract};
    let mut joins = 0;
    for file in ["pdf/paper.pdf", "pdf/scripts.pdf"] {
        let bytes = std::fs::read(repo("tests/data").join(file)).unwrap();
        let e = extract(&bytes, Format::Pdf).unwrap();
        let text = e.text();
        for &j in e.hyphen_joins() {
            // The word split there, written whole.
            let before: String = text[..j]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = text[j..]
                .split_once('\n')
                .unwrap()
                .1
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let word = format!("{before}{after}");
            let outcome = anchor_all(
                text,
                &[Request {
                    quote: &word,
                    prefix: None,
                }],
            )
            .remove(0);
            match outcome {
                Outcome::Found(r) => assert!(r.contains(&j), "{file}: {word:?} at {r:?}"),
                Outcome::Ambiguous { .. } => {}
                other => panic!("{file}: {word:?}: {other:?}"),
            }
            joins += 1;
        }
    }
    assert!(joins >= 1, "the test PDFs split words at line ends");
}
