//! The report as Markdown that GitHub (GFM) and pandoc render alike: one section per event and
//! its citations as footnotes (`[^n]` … `[^n]: …`), the passage a block quote inside the note.
//!
//! The data is escaped where CommonMark (and GitHub's extensions) would read it as markup, and
//! nowhere else, so the raw file reads as the text it holds (`Iran's "deal" (2015): …`, not
//! `Iran\'s \"deal\" \(2015\)\: …`):
//! - everywhere, what opens inline markup: `\` `` ` `` `*` `_` `[` `]` `<` (emphasis, code,
//!   links, footnotes, images through `![`, raw HTML and autolinks), `|` (GFM tables), `~`
//!   (strikethrough, fences), `$` (GitHub's math), and `&` where it could begin an entity;
//! - at the start of a line, where a block begins (a paragraph's every line, a quote's every
//!   line): `#` `>` `-` `+` `=` and the `.` or `)` after a number (headings, quotes, lists,
//!   setext underlines); a line's trailing run of `#`, which would close a heading;
//! - line-start white space as character references (`&#32;`), so an indented line of a
//!   passage cannot become a code block.
//!
//! A backslash before ASCII punctuation is an escape in every dialect, so the text renders as
//! exactly the data's characters. `http(s)://` addresses become links in GitHub, as they do in
//! the HTML report; no other scheme does. Placing the footnote definitions right after their
//! event keeps the Markdown readable as text; both renderers gather them at the end.

use std::fmt::Write as _;
use std::io;

use super::report::{Entry, Footnote, Report, authors};
use super::{DRAFT_MARK, encode_url, visible};
use crate::model::is_web_address;
use crate::model::{Chronology, Clock, EventIx, Source};
use crate::text::sanitize;

/// The chronology's `events` as a Markdown report, in date order.
pub fn markdown(chronology: &Chronology, events: &[EventIx]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_markdown(chronology, events, &Clock::AsWritten, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The Markdown report written to `w` an event at a time, so memory holds one event's text.
///
/// # Errors
/// A failure to write to `w`.
pub fn write_markdown(
    chronology: &Chronology,
    events: &[EventIx],
    clock: &Clock,
    w: &mut dyn io::Write,
) -> io::Result<()> {
    let report = Report::new(chronology, events, clock);
    let mut out = String::from("# ");
    inline(report.title, &mut out);
    out.push('\n');
    w.write_all(out.as_bytes())?;
    for entry in report.entries() {
        out.clear();
        event(&entry, &mut out);
        w.write_all(out.as_bytes())?;
    }
    out.clear();
    let periods = report.periods();
    if !periods.is_empty() {
        out.push_str("\n## Periods\n\n");
        for p in periods {
            out.push_str("- **");
            inline(&p.title, &mut out);
            out.push_str("** (");
            inline(&p.span(), &mut out);
            out.push(')');
            if let Some(note) = p.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                out.push_str(": ");
                inline(note, &mut out);
            }
            out.push('\n');
        }
    }
    let sources = report.sources();
    if !sources.is_empty() {
        out.push_str("\n## Sources\n\n");
        for source in sources {
            out.push_str("- ");
            source_entry(source, &mut out);
            out.push('\n');
        }
    }
    w.write_all(out.as_bytes())
}

/// `*[Title](<url>)*, by A and B, Publisher, Jan 2024. [Archived copy](<…>), accessed 3 Jan
/// 2024.` The addresses are web addresses (the loader's rule, checked again here), in angle
/// brackets so no character of theirs can end the link.
fn source_entry(source: &Source, out: &mut String) {
    out.push('*');
    let title = source.title.trim();
    match source.url.as_deref() {
        Some(url) if is_web_address(url) => {
            out.push('[');
            inline(title, out);
            let _ = write!(out, "](<{}>)", encode_url(url));
        }
        _ => inline(title, out),
    }
    out.push('*');
    if let Some(authors) = authors(source) {
        out.push_str(", by ");
        inline(&authors, out);
    }
    if let Some(publisher) = &source.publisher {
        out.push_str(", ");
        inline(publisher, out);
    }
    if let Some(date) = &source.date {
        out.push_str(", ");
        inline(&date.to_string(), out);
    }
    out.push('.');
    let archived = source.archived.as_deref().filter(|a| is_web_address(a));
    if let Some(archived) = archived {
        let _ = write!(out, " [Archived copy](<{}>)", encode_url(archived));
    }
    if let Some(accessed) = &source.accessed {
        out.push_str(if archived.is_some() {
            ", accessed "
        } else {
            " Accessed "
        });
        inline(&accessed.to_string(), out);
    }
    if archived.is_some() || source.accessed.is_some() {
        out.push('.');
    }
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

/// `[^n]: *Title*, Publisher, Jan 2024, line 5:` (a PDF's `p. 12:`) then the passage quoted,
/// then the note.
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
    let _ = write!(out, ", {}:\n\n", f.place);
    block(f.passage, "    > ", "    > ", out);
    out.push('\n');
    if let Some(note) = f.note.map(str::trim).filter(|n| !n.is_empty()) {
        out.push('\n');
        block(note, "    Note: ", "    ", out);
        out.push('\n');
    }
    out.push('\n');
    block(&f.review, "    Review: ", "    ", out);
    out.push('\n');
}

/// Text that must stay on one line (a heading, a list item): line breaks become spaces. It
/// follows the line's own marker (`# `, `- **When:** `), so it begins no block.
fn inline(text: &str, out: &mut String) {
    escape_line(&sanitize(text), false, out);
}

/// Text whose line breaks are kept, each line after `prefix` (`first` for the first line). An
/// empty line stays empty, bar the prefix's marker (`>`), so it separates paragraphs as it did.
/// Every line begins a block but a first line that follows words (`Note: `).
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
            let starts_block = lead.trim_end().is_empty() || lead.trim_end().ends_with('>');
            escape_line(line, starts_block, out);
        }
    }
}

/// Escapes one line of data; `starts_block` when a block may begin where it begins.
fn escape_line(line: &str, starts_block: bool, out: &mut String) {
    // Where the trailing run of `#` (and white space) begins: a heading's closing sequence.
    let closing = line.trim_end_matches(['#', ' ', '\t']).len();
    let mut chars = line.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        if !matches!(c, ' ' | '\t') {
            break;
        }
        let _ = write!(out, "&#{};", u32::from(c));
        chars.next();
    }
    let mut first = starts_block;
    // Within the digits that open a block, where `1.` or `1)` would begin a list.
    let mut number = false;
    while let Some((at, c)) = chars.next() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' | '$' => true,
            '&' => chars
                .peek()
                .is_some_and(|&(_, n)| n == '#' || n.is_ascii_alphanumeric()),
            '#' => first || at >= closing,
            '>' | '-' | '+' | '=' => first,
            '.' | ')' => number,
            _ => false,
        };
        number = (first || number) && c.is_ascii_digit();
        first = false;
        if escape {
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
        escape_line(text, true, &mut out);
        out
    }

    fn mid_line(text: &str) -> String {
        let mut out = String::new();
        escape_line(text, false, &mut out);
        out
    }

    #[test]
    fn only_what_markdown_reads_as_markup_is_escaped() {
        assert_eq!(
            mid_line("Iran's \"deal\" (2015-2018): c. 5.5 -- now! @k :+1: a, b; c? d/e 5% ^x^"),
            "Iran's \"deal\" (2015-2018): c. 5.5 -- now! @k :+1: a, b; c? d/e 5% ^x^"
        );
        assert_eq!(
            mid_line("*now* _x_ [x](javascript:y) ![i](u) <b> `c` a|b ~s~ $1$ \\ &amp; &#32; & co"),
            r"\*now\* \_x\_ \[x\](javascript:y) !\[i\](u) \<b> \`c\` a\|b \~s\~ \$1\$ \\ \&amp; \&#32; & co"
        );
    }

    #[test]
    fn block_openers_are_escaped_where_a_block_begins() {
        for (line, want) in [
            ("# h", r"\# h"),
            ("> q", r"\> q"),
            ("- item", r"\- item"),
            ("+ item", r"\+ item"),
            ("===", r"\==="),
            ("---", r"\---"),
            ("1. one", r"1\. one"),
            ("2015) x", r"2015\) x"),
            ("2015 x. y)", "2015 x. y)"),
            ("a - b > c = d + e", "a - b > c = d + e"),
            ("C# and F#", r"C# and F\#"),
        ] {
            assert_eq!(escaped(line), want, "{line}");
        }
        assert_eq!(mid_line("# not at the start"), "# not at the start");
        assert_eq!(
            mid_line("Title ##"),
            r"Title \#\#",
            "a heading's closing run"
        );
    }

    #[test]
    fn line_start_white_space_cannot_open_a_code_block() {
        assert_eq!(escaped("    code?"), "&#32;&#32;&#32;&#32;code?");
        assert_eq!(escaped("\tx y"), "&#9;x y");
        assert_eq!(escaped("  - x"), r"&#32;&#32;\- x");
    }

    #[test]
    fn blocks_prefix_every_line_and_keep_paragraph_breaks() {
        let mut out = String::new();
        block("one\ntwo\n\n  three", "    > ", "    > ", &mut out);
        assert_eq!(out, "    > one\n    > two\n    >\n    > &#32;&#32;three");
    }
}
