//! Sources as a reader sees them: the pages and PDFs of tests/data (made for these tests; see
//! tests/data/README.md) through `sourceline::extract`, compared with what a reader copies
//! (tests/data/pdf-quotes.tsv) and with poppler's `pdftotext`.

use std::path::{Path, PathBuf};
use std::process::Command;

use sourceline::extract::{ExtractError, Extracted, Format, extract};
use sourceline::{Fold, fold};
use unicode_normalization::UnicodeNormalization;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

fn read(rel: &str) -> (Vec<u8>, Extracted) {
    let path = data(rel);
    let bytes = std::fs::read(&path).unwrap();
    let format = Format::detect(&path, &bytes);
    let e = extract(&bytes, format).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (bytes, e)
}

/// Text as anchoring will compare it: hyphens recorded as joins removed with their line
/// break, NFKC, typography folded (quotes, dashes, white space).
fn comparable(text: &str, joins: &[usize]) -> String {
    let mut joined = String::with_capacity(text.len());
    let mut from = 0;
    for &j in joins {
        if j < from {
            continue;
        }
        joined.push_str(&text[from..j]);
        let nl = text[j..].find('\n').map_or(text.len(), |p| j + p + 1);
        from = nl;
    }
    joined.push_str(&text[from..]);
    let nfkc: String = joined.nfkc().collect();
    fold(&nfkc, Fold::TYPOGRAPHY).text
}

fn quote(q: &str) -> String {
    comparable(q, &[]).trim().to_owned()
}

/// The quotes a reader copies from each PDF, with their page.
fn pdf_quotes() -> Vec<(String, u32, String)> {
    std::fs::read_to_string(data("pdf-quotes.tsv"))
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
fn html_shows_what_a_reader_sees_and_nothing_else() {
    let (bytes, e) = read("html/traps.html");
    let text = comparable(e.text(), &[]);
    for seen in [
        "The mayor asked him how many minds he had, and the engineer replied that he had only one.",
        "It's the first time since 1998 that the wall has been raised - by 2 metres & more.",
        "Costs are €4.2 million, \"within budget\", said the clerk.",
        "Council approves the new harbour wall",
        "&percnt; shows as written, and <b> is not a tag.",
        "We will not be moved, said the fishermen's union.",
        "Second bold item",
        "International observers attended.",
        "Line one of the notice",
    ] {
        assert!(text.contains(&quote(seen)), "{seen:?} missing from\n{text}");
    }
    for hidden in [
        "title only words",
        "zephyr",
        "quagga",
        "xylophone",
        "generated content words",
        "the mayor resigned in disgrace",
        "okapi",
        "narwhal",
        "the treasurer kept a second ledger",
        "wombat",
        "axolotl",
        "capybara",
        "enable scripts",
        "platypus",
        "data attribute words",
        "written by script words",
        "href",
        "<a",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} shows in\n{text}");
    }
    // Each passage knows the line of the file where it begins.
    let source = String::from_utf8(bytes).unwrap();
    for passage in [
        "how many minds",
        "said the fishermen",
        "Second",
        "Line one",
        "Costs are",
    ] {
        let at = e.text().find(passage).unwrap();
        let in_file = source.find(passage).unwrap();
        let line = 1 + source[..in_file].matches('\n').count();
        assert_eq!(e.original_line(at), Some(line), "{passage}");
        assert_eq!(e.original_offset(at), Some(in_file), "{passage}");
    }
}

#[test]
fn html_in_five_scripts_and_two_legacy_encodings() {
    let (_, e) = read("html/scripts.html");
    for q in [
        "Городской совет утвердил строительство новой набережной в понедельник.",
        "وافق المجلس البلدي على بناء الجدار الجديد يوم الثلاثاء.",
        "شورای شهر ساخت دیوار جدید بندر را تصویب کرد.",
        "市议会周二批准了新港口墙的建设。",
        "市議会は火曜日に新しい港の壁の建設を承認した。",
    ] {
        assert!(e.text().contains(q), "{q}");
    }
    assert!(!e.text().contains("秘密"));
    assert!(!e.text().contains("Секретное"));

    let (_, e) = read("html/western-1252.html");
    assert_eq!(e.encoding(), "windows-1252");
    assert!(
        e.text().contains("crème brûlée – “the best in town”"),
        "{}",
        e.text()
    );
    assert_eq!(e.original_line(e.text().find("Naïve").unwrap()), Some(5));

    let (_, e) = read("html/cyrillic-1251.html");
    assert_eq!(e.encoding(), "windows-1251");
    assert!(e.text().contains("Мэр спросил его, сколько у него мнений."));
    assert_eq!(e.original_line(e.text().find("Мэр").unwrap()), Some(5));
}

#[test]
fn pdf_quotes_anchor_on_their_page() {
    let mut read_files: Vec<(String, Extracted)> = Vec::new();
    for (file, page, q) in pdf_quotes() {
        if !read_files.iter().any(|(f, _)| *f == file) {
            read_files.push((file.clone(), read(&format!("pdf/{file}")).1));
        }
        let e = &read_files.iter().find(|(f, _)| *f == file).unwrap().1;
        let pages = e.pages();
        let i = pages.iter().position(|p| p.number == page).unwrap();
        let end = pages.get(i + 1).map_or(e.text().len(), |p| p.start);
        let start = pages[i].start;
        let joins: Vec<usize> = e
            .hyphen_joins()
            .iter()
            .filter(|&&j| j >= start && j < end)
            .map(|j| j - start)
            .collect();
        let on_page = comparable(&e.text()[start..end], &joins);
        assert!(
            on_page.contains(&quote(&q)),
            "{file} page {page}: {q:?} not in\n{on_page}"
        );
    }
}

#[test]
fn pdf_records_hyphens_that_split_words_at_a_line_end() {
    let (_, e) = read("pdf/paper.pdf");
    let at = e
        .text()
        .find("inter\u{2010}\nnational")
        .expect("the split word");
    assert!(e.hyphen_joins().contains(&(at + "inter".len())));
    assert!(!e.text().contains('\u{AD}'), "soft hyphens are not text");
    assert!(e.text().contains("fitted") && e.text().contains("The first"));
}

#[test]
fn pdf_pages_without_text_are_named() {
    let (_, e) = read("pdf/scanned.pdf");
    assert_eq!(e.textless_pages(), [1]);
    assert!(e.text().trim().is_empty());
    let (_, e) = read("pdf/mixed.pdf");
    assert_eq!(e.textless_pages(), [2]);
    assert_eq!(e.pages().len(), 3);
    assert_eq!(e.page_of(e.text().find("third").unwrap()), Some(3));
    assert_eq!(e.page_of(0), Some(1));
}

#[test]
fn damaged_and_locked_pdfs_are_clear_errors() {
    let err = |rel: &str| {
        let bytes = std::fs::read(data(rel)).unwrap();
        extract(&bytes, Format::Pdf).unwrap_err()
    };
    assert!(matches!(
        err("pdf/truncated.pdf"),
        ExtractError::Malformed { .. }
    ));
    assert_eq!(err("pdf/encrypted.pdf"), ExtractError::Encrypted);
    assert!(
        err("pdf/encrypted.pdf")
            .to_string()
            .contains("qpdf --decrypt")
    );
    assert!(matches!(
        err("html/traps.html"),
        ExtractError::Malformed { .. }
    ));
    // locked against editing only: opens, as in any viewer
    let (_, e) = read("pdf/owner-only.pdf");
    assert!(e.text().contains("The first page has a text layer."));
}

/// poppler's `pdftotext`, or `None` (with a note) where it is not installed; CI installs it
/// (`.ci/pdf-deps`), so there its absence fails.
fn pdftotext(path: &Path) -> Option<String> {
    match Command::new("pdftotext").arg(path).arg("-").output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!(
            "pdftotext {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "pdftotext is missing ({e}): CI installs poppler-utils with .ci/pdf-deps"
            );
            eprintln!("note: pdftotext not installed ({e}); comparison with poppler skipped");
            None
        }
    }
}

#[test]
fn pdf_text_holds_what_pdftotext_finds() {
    for file in ["paper.pdf", "scripts.pdf", "mixed.pdf"] {
        let path = data(&format!("pdf/{file}"));
        let Some(poppler) = pdftotext(&path) else {
            return;
        };
        let (_, e) = read(&format!("pdf/{file}"));
        let ours = comparable(e.text(), e.hyphen_joins());
        // Every quote poppler's text holds, ours holds too.
        for (f, _, q) in pdf_quotes().into_iter().filter(|(f, _, _)| f == file) {
            let q = quote(&q);
            let theirs = comparable(&poppler.replace('\u{AD}', ""), &[]);
            if theirs.contains(&q) {
                assert!(ours.contains(&q), "{f}: pdftotext finds {q:?}, we do not");
            }
        }
        // And nearly every word of poppler's (bidi marks and soft hyphens aside).
        let words = |t: &str| -> Vec<String> {
            t.split_whitespace()
                .map(|w| {
                    w.chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect()
        };
        let ours_words = words(&ours);
        let theirs = comparable(&poppler.replace('\u{AD}', ""), &[]);
        let theirs_words = words(&theirs);
        let missing: Vec<&String> = theirs_words
            .iter()
            .filter(|w| !ours_words.contains(w))
            .collect();
        assert!(
            missing.len() * 20 <= theirs_words.len(),
            "{file}: {} of pdftotext's {} words missing: {missing:?}",
            missing.len(),
            theirs_words.len()
        );
    }
}
