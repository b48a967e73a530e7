//! The report as one self-contained HTML file, safe to open whatever the data holds.
//!
//! The page loads nothing and runs nothing: its only resource is an inline style sheet, and a
//! Content-Security-Policy `<meta>` says so to the browser (`default-src 'none'`), so even a
//! mistake in escaping could not fetch or execute anything. Every piece of data is
//! HTML-escaped, its unsafe characters replaced as the viewer does; every `:` from the data is
//! written as `&#58;`, so no URL scheme, `javascript:` or any other, is ever spelled out in the
//! markup for a later tool to act on. The only links are `http(s)` URLs found in summaries and
//! notes, sources' `url:` and `archived:` (web addresses, as the loader requires and this
//! module checks again), and the report's own footnote anchors. Passages keep their line breaks and spacing
//! (`white-space: pre-wrap`), so the text drawn is the exact text cited. Footnotes are gathered
//! at the end, as in print, each with a link back to where it is cited.

use std::fmt::Write as _;
use std::io;

use super::report::{Entry, Footnote, Report, authors};
use super::{DRAFT_MARK, encode_url, escape_html, visible};
use crate::model::is_web_address;
use crate::model::{Chronology, Clock, EventIx, Source};
use crate::text::is_unsafe;

/// Forbids every fetch, script, frame, form and `<base>`; only the inline style sheet applies.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE: &str = "\
body{font:1rem/1.5 Georgia,'Times New Roman',serif;color:#111;background:#fff;max-width:44rem;\
margin:2rem auto;padding:0 1rem}\
h1{font-size:1.8rem;margin:0 0 .25rem}\
header p{color:#555;margin:0}\
article{border-top:1px solid #ccc;margin-top:1.5rem;padding-top:.5rem}\
h2{font-size:1.25rem;margin:.25rem 0}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;margin:.5rem 0}\
dt{font-weight:bold}dd{margin:0}\
sup a{text-decoration:none}\
blockquote{margin:.25rem 0;padding-left:1rem;border-left:3px solid #999;white-space:pre-wrap}\
.notes{border-top:2px solid #333;margin-top:2rem;font-size:.95rem}\
.notes li{margin-bottom:.75rem}.credit,.note{margin:.25rem 0}.note{color:#444}\
.draft{font-weight:bold;color:#a00;margin:.25rem 0}\
.periods,.sources{border-top:2px solid #333;margin-top:2rem;font-size:.95rem}\
@media print{body{max-width:none;margin:0;padding:0;font-size:11pt}\
a{color:inherit;text-decoration:none}.back{display:none}\
article,.notes li{break-inside:avoid}h2{break-after:avoid}}";

/// The chronology's `events` as a standalone HTML report, in date order.
pub fn html(chronology: &Chronology, events: &[EventIx]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_html(chronology, events, &Clock::AsWritten, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The HTML report written to `w` an event at a time, so memory holds one event's text; the
/// footnotes, gathered at the end, are a second walk through the events.
///
/// # Errors
/// A failure to write to `w`.
pub fn write_html(
    chronology: &Chronology,
    events: &[EventIx],
    clock: &Clock,
    w: &mut dyn io::Write,
) -> io::Result<()> {
    let report = Report::new(chronology, events, clock);
    let mut out = String::with_capacity(4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    text(report.title, &mut out);
    let _ = write!(out, "</title>\n<style>{STYLE}</style>\n</head>\n<body>\n");
    out.push_str("<header>\n<h1>");
    text(report.title, &mut out);
    let cited = report.cited();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let review = report.review_summary();
    let _ = write!(
        out,
        "</h1>\n<p>{}, {}</p>\n<p class=\"review\">Review: {} verified, {} disputed, {} stale, {} unreviewed; events: {} single-sourced, {} contested.</p>\n</header>\n<main>\n",
        plural(report.len(), "event", "events"),
        plural(cited, "cited passage", "cited passages"),
        plural(review.verified, "citation", "citations"),
        review.disputed,
        review.stale,
        review.unreviewed,
        review.single_sourced,
        review.contested,
    );
    w.write_all(out.as_bytes())?;
    for entry in report.entries() {
        out.clear();
        event(&entry, &mut out);
        w.write_all(out.as_bytes())?;
    }
    w.write_all(b"</main>\n")?;
    out.clear();
    let periods = report.periods();
    if !periods.is_empty() {
        out.push_str("<section class=\"periods\">\n<h2>Periods</h2>\n<dl>\n");
        for p in periods {
            out.push_str("<dt>");
            text(&p.title, &mut out);
            out.push_str(" (");
            text(&p.span(), &mut out);
            out.push_str(")</dt><dd>");
            if let Some(note) = p.note.as_deref().map(str::trim) {
                linked(note, &mut out);
            }
            out.push_str("</dd>\n");
        }
        out.push_str("</dl>\n</section>\n");
    }
    let sources = report.sources();
    if !sources.is_empty() {
        out.push_str("<section class=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
        for source in sources {
            out.push_str("<li>");
            source_entry(source, &mut out);
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    w.write_all(out.as_bytes())?;
    if cited > 0 {
        w.write_all(b"<section class=\"notes\">\n<h2>Citations</h2>\n<ol>\n")?;
        for entry in report.entries() {
            out.clear();
            for f in &entry.footnotes {
                footnote(f, &mut out);
            }
            w.write_all(out.as_bytes())?;
        }
        w.write_all(b"</ol>\n</section>\n")?;
    }
    w.write_all(b"</body>\n</html>\n")
}

fn event(entry: &Entry<'_>, out: &mut String) {
    out.push_str("<article id=\"event-");
    text(&entry.event.id, out);
    out.push_str("\">\n<h2>");
    text(&entry.event.title, out);
    out.push_str("</h2>\n");
    if entry.event.draft {
        let _ = writeln!(out, "<p class=\"draft\">{DRAFT_MARK}</p>");
    }
    out.push_str("<dl>\n<dt>When</dt><dd>");
    text(&entry.when, out);
    out.push_str("</dd>\n");
    for (label, value) in entry.fields() {
        let _ = write!(out, "<dt>{label}</dt><dd>");
        text(&value, out);
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    let summary = entry.event.summary.as_deref().map(str::trim);
    let summary = summary.filter(|s| !s.is_empty());
    // No "Cited:" without a citation: a draft may have neither summary nor citation.
    if summary.is_none() && entry.footnotes.is_empty() {
        out.push_str("</article>\n");
        return;
    }
    out.push_str("<p>");
    match summary {
        Some(summary) => linked(summary, out),
        None => out.push_str("Cited:"),
    }
    for (i, f) in entry.footnotes.iter().enumerate() {
        let n = f.number;
        if i > 0 {
            out.push_str("<sup>, </sup>");
        }
        let _ = write!(
            out,
            "<sup id=\"ref-{n}\"><a href=\"#note-{n}\">{n}</a></sup>"
        );
    }
    out.push_str("</p>\n</article>\n");
}

fn footnote(f: &Footnote<'_>, out: &mut String) {
    let _ = write!(out, "<li id=\"note-{}\"><blockquote>", f.number);
    text(f.passage, out);
    out.push_str("</blockquote>\n<p class=\"credit\"><cite>");
    text(&f.source.title, out);
    out.push_str("</cite>");
    if let Some(publisher) = &f.source.publisher {
        out.push_str(", ");
        text(publisher, out);
    }
    if let Some(date) = &f.source.date {
        out.push_str(", ");
        text(&date.to_string(), out);
    }
    let _ = write!(
        out,
        ", {}. <a class=\"back\" href=\"#ref-{}\" aria-label=\"back to the event\">↩</a></p>",
        f.place, f.number
    );
    if let Some(note) = f.note.map(str::trim).filter(|n| !n.is_empty()) {
        out.push_str("\n<p class=\"note\">Note: ");
        linked(note, out);
        out.push_str("</p>");
    }
    out.push_str("\n<p class=\"note\">Review: ");
    text(&f.review, out);
    out.push_str("</p></li>\n");
}

/// `<cite>Title</cite>, by A and B, Publisher, Jan 2024. Archived copy, accessed 3 Jan 2024.`,
/// the title and "Archived copy" linked to their addresses when they are web addresses.
fn source_entry(source: &Source, out: &mut String) {
    out.push_str("<cite>");
    let title = source.title.trim();
    match source.url.as_deref() {
        Some(url) if is_web_address(url) => anchor(url, title, out),
        _ => text(title, out),
    }
    out.push_str("</cite>");
    if let Some(authors) = authors(source) {
        out.push_str(", by ");
        text(&authors, out);
    }
    if let Some(publisher) = &source.publisher {
        out.push_str(", ");
        text(publisher, out);
    }
    if let Some(date) = &source.date {
        out.push_str(", ");
        text(&date.to_string(), out);
    }
    out.push('.');
    let archived = source.archived.as_deref().filter(|a| is_web_address(a));
    if let Some(archived) = archived {
        out.push(' ');
        anchor(archived, "Archived copy", out);
    }
    if let Some(accessed) = &source.accessed {
        out.push_str(if archived.is_some() {
            ", accessed "
        } else {
            " Accessed "
        });
        text(&accessed.to_string(), out);
    }
    if archived.is_some() || source.accessed.is_some() {
        out.push('.');
    }
}

/// A link to a web address, the address written as [`linked`] writes one: its scheme as is,
/// the rest escaped with `:` as a reference.
fn anchor(url: &str, label: &str, out: &mut String) {
    let url = encode_url(url);
    let scheme = url.find("://").map_or(0, |s| s + 3);
    let _ = write!(out, "<a rel=\"noreferrer\" href=\"{}", &url[..scheme]);
    text(&url[scheme..], out);
    out.push_str("\">");
    text(label, out);
    out.push_str("</a>");
}

/// Escaped data, with `:` as a reference so no scheme is spelled out and tabs as references so
/// the file holds no control character but the line break.
fn text(data: &str, out: &mut String) {
    for (i, part) in visible(data).split(':').enumerate() {
        if i > 0 {
            out.push_str("&#58;");
        }
        for (j, piece) in part.split('\t').enumerate() {
            if j > 0 {
                out.push_str("&#9;");
            }
            escape_html(piece, out);
        }
    }
}

/// Escaped data in which each `http://` or `https://` URL becomes a link; nothing else does.
fn linked(data: &str, out: &mut String) {
    let mut rest = data;
    while let Some((start, end)) = find_url(rest) {
        text(&rest[..start], out);
        let url = &rest[start..end];
        anchor(url, url, out);
        rest = &rest[end..];
    }
    text(rest, out);
}

/// The byte range of the first `http(s)://…` URL in `text`: it starts a word, runs to white
/// space, a quote, an angle bracket or a character the viewer would replace, and leaves
/// trailing sentence punctuation outside.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("http").map(|i| i + from) {
        let after = &lower[at..];
        let scheme = if after.starts_with("https://") {
            8
        } else if after.starts_with("http://") {
            7
        } else {
            0
        };
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if scheme > 0 && starts_word {
            let body = &text[at + scheme..];
            let len = body
                .find(|c: char| {
                    c.is_whitespace() || is_unsafe(c) || matches!(c, '<' | '>' | '"' | '\'' | '`')
                })
                .unwrap_or(body.len());
            let trimmed = body[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
            if !trimmed.is_empty() {
                return Some((at, at + scheme + trimmed.len()));
            }
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(data: &str) -> String {
        let mut out = String::new();
        linked(data, &mut out);
        out
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            link("see https://example.org/a?b=1&c=javascript:x."),
            "see <a rel=\"noreferrer\" href=\"https://example.org/a?b=1&amp;c=javascript&#58;x\">\
             https&#58;//example.org/a?b=1&amp;c=javascript&#58;x</a>."
        );
        assert_eq!(
            link("javascript:alert(1) data:text/html,x"),
            "javascript&#58;alert(1) data&#58;text/html,x"
        );
        assert_eq!(link("xhttp://a http:// (http://b.c)"), {
            "xhttp&#58;//a http&#58;// (<a rel=\"noreferrer\" href=\"http://b.c\">http&#58;//b.c</a>)"
        });
    }

    #[test]
    fn text_leaves_no_markup_scheme_or_control() {
        let mut out = String::new();
        text("<script>\t\u{1b}x:y\u{202E}</script>", &mut out);
        assert_eq!(out, "&lt;script&gt;&#9;␛x&#58;y\u{FFFD}&lt;/script&gt;");
    }
}
