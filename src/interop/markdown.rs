//! The report as Markdown that GitHub (GFM) and pandoc render alike: one section per event and
//! its citations as footnotes (`[^n]` … `[^n]: …`), the passage a block quote inside the note.
//!
//! Every ASCII punctuation character from the data is backslash-escaped, save `, ; ? / %`,
//! which neither dialect gives a meaning. Escaping less is not safe across both: pandoc turns
//! `'` and `"` into curly quotes, `--` into a dash, `@key` into a citation, `$…$` into math, and
//! passes `<…>` through as raw HTML; GitHub turns `:name:` into an emoji. Both accept a
//! backslash before any ASCII punctuation, so the escaped text renders as exactly the data's
//! characters. Line-start white space is written as character references (`&#32;`), so an
//! indented line of a passage cannot become a code block. Placing the footnote definitions right
//! after their event keeps the Markdown readable as text; both renderers gather them at the end.

use std::fmt::Write as _;
use std::io;

use super::report::{Entry, Footnote, Report};
use super::{DRAFT_MARK, visible};
use crate::model::{Chronology, EventIx};
use crate::text::sanitize;

/// The chronology's `events` as a Markdown report, in date order.
pub fn markdown(chronology: &Chronology, events: &[EventIx]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_markdown(chronology, events, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The Markdown report written to `w` an event at a time, so memory holds one event's text.
///
/// # Errors
/// A failure to write to `w`.
pub fn write_markdown(
    chronology: &Chronology,
    events: &[EventIx],
    w: &mut dyn io::Write,
) -> io::Result<()> {
    let report = Report::new(chronology, events);
    let mut out = String::from("# ");
    inline(report.title, &mut out);
    out.push('\n');
    w.write_all(out.as_bytes())?;
    for entry in report.entries() {
        out.clear();
        event(&entry, &mut out);
        w.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// One event's section, its footnote definitions after it.
fn event(entry: &Entry<'_>, out: &mut String) {
    out.push_str("\n## ");
    inline(&entry.event.title, out);
    if entry.event.draft {
        let _ = write!(out, "\n\n**{DRAFT_MARK}**");
    }
    out.push_str("\n\n- **When:** ");
    inline(&entry.when, out);
    for (label, value) in entry.fields() {
        let _ = write!(out, "\n- **{label}:** ");
        inline(&value, out);
    }
    let summary = entry.event.summary.as_deref().map(str::trim);
    let summary = summary.filter(|s| !s.is_empty());
    // No "Cited:" without a citation: a draft may have neither summary nor citation.
    if summary.is_some() || !entry.footnotes.is_empty() {
        out.push_str("\n\n");
        match summary {
            Some(summary) => block(summary, "", "", out),
            None => out.push_str("Cited:"),
        }
        for f in &entry.footnotes {
            let _ = write!(out, "[^{}]", f.number);
        }
    }
    out.push('\n');
    for f in &entry.footnotes {
        footnote(f, out);
    }
}

/// `[^n]: *Title*, Publisher, Jan 2024, line 5:` then the passage quoted, then the note.
fn footnote(f: &Footnote<'_>, out: &mut String) {
    let _ = write!(out, "\n[^{}]: *", f.number);
    inline(f.source.title.trim(), out);
    out.push('*');
    if let Some(publisher) = &f.source.publisher {
        out.push_str(", ");
        inline(publisher, out);
    }
    if let Some(date) = &f.source.date {
        out.push_str(", ");
        inline(&date.to_string(), out);
    }
    let _ = write!(out, ", line {}:\n\n", f.line);
    block(f.passage, "    > ", "    > ", out);
    out.push('\n');
    if let Some(note) = f.note.map(str::trim).filter(|n| !n.is_empty()) {
        out.push('\n');
        block(note, "    Note: ", "    ", out);
        out.push('\n');
    }
}

/// Text that must stay on one line (a heading, a list item): line breaks become spaces.
fn inline(text: &str, out: &mut String) {
    escape_line(&sanitize(text), out);
}

/// Text whose line breaks are kept, each line after `prefix` (`first` for the first line). An
/// empty line stays empty, bar the prefix's marker (`>`), so it separates paragraphs as it did.
fn block(text: &str, first: &str, prefix: &str, out: &mut String) {
    for (i, line) in visible(text).split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let lead = if i == 0 { first } else { prefix };
        if line.trim().is_empty() {
            out.push_str(lead.trim_end());
        } else {
            out.push_str(lead);
            escape_line(line, out);
        }
    }
}

fn escape_line(line: &str, out: &mut String) {
    let mut leading = true;
    for c in line.chars() {
        if leading && matches!(c, ' ' | '\t') {
            let _ = write!(out, "&#{};", u32::from(c));
            continue;
        }
        leading = false;
        if c.is_ascii_punctuation() && !matches!(c, ',' | ';' | '?' | '/' | '%') {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_line(text, &mut out);
        out
    }

    #[test]
    fn active_characters_are_escaped_and_inert_ones_left() {
        assert_eq!(
            escaped("Iran's \"deal\" -- *now* [x](javascript:y) <b> @k $1$ :+1:"),
            r#"Iran\'s \"deal\" \-\- \*now\* \[x\]\(javascript\:y\) \<b\> \@k \$1\$ \:\+1\:"#
        );
        assert_eq!(escaped("a, b; c? d/e 5%"), "a, b; c? d/e 5%");
        assert_eq!(escaped("# 1. - > |"), r"\# 1\. \- \> \|");
    }

    #[test]
    fn line_start_white_space_cannot_open_a_code_block() {
        assert_eq!(escaped("    code?"), "&#32;&#32;&#32;&#32;code?");
        assert_eq!(escaped("\tx y"), "&#9;x y");
    }

    #[test]
    fn blocks_prefix_every_line_and_keep_paragraph_breaks() {
        let mut out = String::new();
        block("one\ntwo\n\n  three", "    > ", "    > ", &mut out);
        assert_eq!(out, "    > one\n    > two\n    >\n    > &#32;&#32;three");
    }
}
