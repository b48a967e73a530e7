//! What a document says about itself: its title, publisher and date, for `source add` to write
//! into a new source entry.
//!
//! Web pages say it in `<meta>` tags (Open Graph's `og:title`, `og:site_name` and
//! `article:published_time`, which news sites fill for link previews; Dublin Core's `dc.date`
//! and Google Scholar's `citation_*` on papers) and in `<title>`; PDFs in their Info dictionary
//! (`Title`, `CreationDate`, which Chromium fills from the page's `<title>` when it prints).
//! Both are read through the same parsers as the reader text (html5ever, with the page's
//! encoding; the PDF crate, behind the same guards), so metadata costs no second way of
//! reading a file.
//!
//! The document is untrusted and the result goes into a chronology and onto a terminal: every
//! text has its control characters, escapes and bidi overrides removed and its white space
//! collapsed to single spaces, and is cut at [`MAX_METADATA_BYTES`]. Metadata is a
//! convenience: a file that cannot be read gives none, never an error or a panic.

use super::limits::MAX_METADATA_BYTES;

/// What a document says about itself. Each field is `None` when it says nothing usable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// When it was published (a web page) or made (a PDF), as a chronology writes a date:
    /// `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when the document says no more.
    pub date: Option<String>,
}

/// `raw` as one clean line: unsafe characters removed, white space collapsed, cut at
/// [`MAX_METADATA_BYTES`]; `None` when nothing is left.
pub(super) fn clean(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !crate::text::is_unsafe(c) {
            let gap = usize::from(space);
            if out.len() + gap + c.len_utf8() > MAX_METADATA_BYTES - '…'.len_utf8() {
                out.push('…');
                break;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The date at the start of `text` written `YYYY-MM-DD` (or with `/`, as Google Scholar's
/// `citation_date` has it), `YYYY-MM` or `YYYY`, followed by nothing or by a time
/// (`2024-01-03T09:30:00+01:00`): the day as written, in the writer's own time zone.
pub(super) fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (date, rest) = text.split_at(text.find(['T', 't', ' ']).unwrap_or(text.len()));
    if !rest.is_empty() && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    let shapes = [4, 2, 2];
    if parts.len() > 3
        || parts
            .iter()
            .zip(shapes)
            .any(|(p, len)| p.len() != len || !digits(p))
    {
        return None;
    }
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    day(number(0)?, number(1), number(2))
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, everything after the year optional) as a
/// chronology's date.
pub(super) fn pdf_date(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: &str = &text[..text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len())];
    let field = |from: usize, len: usize| digits.get(from..from + len)?.parse::<u32>().ok();
    day(field(0, 4)?, field(4, 2), field(6, 2))
}

/// `year`, `year-month` or `year-month-day` when such a day exists.
fn day(year: u32, month: Option<u32>, day: Option<u32>) -> Option<String> {
    let year_i = i32::try_from(year).ok()?;
    match (month, day) {
        (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(year_i, m, d)
            .map(|_| format!("{year:04}-{m:02}-{d:02}")),
        (Some(m), None) => (1..=12).contains(&m).then(|| format!("{year:04}-{m:02}")),
        _ => Some(format!("{year:04}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_safe_line_and_bounded() {
        assert_eq!(
            clean("  Harbour\n\twall\u{1b}[2J \u{202E}rises\u{7} ").as_deref(),
            Some("Harbour wall[2J rises")
        );
        assert_eq!(clean(" \u{0}\n "), None);
        let long = clean(&"\u{e9}".repeat(5000)).unwrap();
        assert!(long.len() <= MAX_METADATA_BYTES, "{}", long.len());
        assert!(long.ends_with("\u{e9}\u{2026}"));
        // A space before the cut (found by the `metadata` fuzz target: one byte over).
        let spaced = clean(&format!("{} bc", "a".repeat(MAX_METADATA_BYTES - 3))).unwrap();
        assert_eq!(
            spaced,
            format!("{}\u{2026}", "a".repeat(MAX_METADATA_BYTES - 3))
        );
    }

    #[test]
    fn dates_as_documents_write_them() {
        for (written, date) in [
            ("2024-01-03T23:30:00-05:00", Some("2024-01-03")),
            ("2024-01-03", Some("2024-01-03")),
            ("2024/01/03", Some("2024-01-03")),
            ("2024-01", Some("2024-01")),
            ("2024", Some("2024")),
            (" 2024-02-29 10:00 ", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2024-13-01", None),
            ("24-01-03", None),
            ("2024-1-3", None),
            ("January 3, 2024", None),
            ("2024-01-03Tx", None),
            ("", None),
        ] {
            assert_eq!(iso_date(written).as_deref(), date, "{written:?}");
        }
        for (written, date) in [
            ("D:20261204195821+00'00'", Some("2026-12-04")),
            ("D:20240229", Some("2024-02-29")),
            ("D:202402", Some("2024-02")),
            ("D:2024", Some("2024")),
            ("20240103120000Z", Some("2024-01-03")),
            ("D:20241304", None),
            ("D:20240230", None),
            ("D:24", None),
            ("D:", None),
        ] {
            assert_eq!(pdf_date(written).as_deref(), date, "{written:?}");
        }
    }
}
