//! Model → other formats: TimelineJS 3 JSON for the web viewer, and a report in Markdown and
//! HTML for reading, printing and sharing. Each export is a function of a [`Chronology`] and
//! the events to include (the caller's filter) that writes the document to a writer as it is
//! made, an event at a time, so that no export of a large chronology is held whole in memory;
//! where to write is the caller's choice. And back: [`import`] turns TimelineJS JSON or its sheet's CSV into
//! chronology YAML (its own decisions are in its module doc). [`list`] is `sourceline list`'s
//! output: aligned text (a line per event) and a JSON array.
//!
//! Decisions shared by every format:
//! - **Dates read as the viewer reads them.** Wherever a date is spelled out it is
//!   [`Date::describe`], the event pane's "When" line, so an approximate, uncertain or open date
//!   carries the same words ("c. 2015 (approximate)", "before 2 Jan 2024 — exact day unknown")
//!   in the terminal, the report and TimelineJS. Machine fields keep the date's own precision:
//!   a month stays a month, never a made-up 1st of the month.
//! - **Passages are verbatim.** A cited passage is `&source.text[citation.range]`, the bytes the
//!   viewer highlights, never the quote as the author typed it. Each format escapes what it must
//!   so that what a reader sees is exactly those characters.
//! - **Data is untrusted.** The characters the viewer replaces (controls, escape sequences, bidi
//!   overrides) get the same visible placeholders here, line breaks and tabs excepted; then each
//!   format escapes its own active characters. No data becomes markup, a link target or script.
//!
//! Periods map as follows. TimelineJS: one entry of the top-level `eras` list per period that
//! holds an exported event, `start_date`/`end_date` from the interval's ends as for events, and
//! `text.headline` from its title (TimelineJS draws eras as labelled bands under the markers and
//! gives them no slide, so a period never becomes an event). A period with an open end cannot be
//! an era as it stands, since TimelineJS requires both ends: it is bounded by the earliest or
//! latest exported event it contains, and its headline says "from"/"until" in the timeline's
//! words. Import reads eras back as periods (the open end too, from those words), so the round
//! trip keeps them.

#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

mod html;
pub mod import;
pub mod list;
mod markdown;
mod report;
mod timelinejs;

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::str::FromStr;

pub use html::{html, write_html};
pub use markdown::{markdown, write_markdown};
pub use timelinejs::{timelinejs, write_timelinejs};

#[cfg(doc)]
use crate::model::{Chronology, Date};
use crate::text::{is_unsafe, sanitize};

/// How every export marks a draft event it is asked to keep: a draft is the author's to-do,
/// not yet backed by a cited passage, and a reader must not take it for a sourced claim.
pub const DRAFT_MARK: &str = "DRAFT — not yet sourced";

/// What TimelineJS groups events by: one row (labelled at the left of the navigation) per value.
/// Events without an actor or a tag share a row labelled "No actor" or "No tag", so that every
/// row has a label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// The event's first actor, the one the chronology lists as acting.
    Actor,
    /// The event's first tag.
    Tag,
    /// One row for everything.
    #[default]
    None,
}

impl GroupBy {
    /// Every choice with its name, for parsing and for help text.
    pub const CHOICES: [(&'static str, GroupBy); 3] = [
        ("actor", GroupBy::Actor),
        ("tag", GroupBy::Tag),
        ("none", GroupBy::None),
    ];
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::CHOICES
            .iter()
            .find(|(_, g)| g == self)
            .map_or("none", |(n, _)| n);
        f.write_str(name)
    }
}

impl FromStr for GroupBy {
    type Err = String;

    /// # Errors
    /// A message naming the choices.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::CHOICES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|&(_, g)| g)
            .ok_or_else(|| format!("`{s}` is not a grouping: use actor, tag or none"))
    }
}

/// Untrusted text with the viewer's placeholders for unsafe characters, line breaks and tabs
/// kept so multi-line passages keep their shape. `\r\n` becomes `\n`: line endings are the
/// output's, not the source's.
fn visible(text: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe(c) && !keep(c) {
            // One character at a time through the viewer's own filter, so the placeholders
            // cannot drift from what the terminal shows.
            out.push_str(&sanitize(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A link address as it may stand in markup built by anyone, TimelineJS's string-joined
/// `<iframe src='…'>` included: every character that could end an attribute (either quote, a
/// backtick, `<`, `>`), that a browser would skip or reread (white space, controls, `\`), is
/// percent-encoded as UTF-8 bytes. The loader already refuses such addresses; this holds for a
/// chronology built some other way too.
fn encode_url(url: &str) -> Cow<'_, str> {
    encode_url_chars(url, |c| {
        c.is_whitespace() || is_unsafe(c) || matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')
    })
}

/// `url` with each character `encode` picks percent-encoded as its UTF-8 bytes.
pub(crate) fn encode_url_chars(url: &str, encode: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !url.chars().any(&encode) {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        if encode(c) {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_by_names_round_trip() {
        for (name, g) in GroupBy::CHOICES {
            assert_eq!(name.parse::<GroupBy>(), Ok(g));
            assert_eq!(g.to_string(), name);
        }
        assert!(
            "actors"
                .parse::<GroupBy>()
                .unwrap_err()
                .contains("actor, tag or none")
        );
    }

    #[test]
    fn visible_keeps_lines_and_tabs_and_replaces_the_rest() {
        assert_eq!(visible("a\n\tb"), "a\n\tb");
        assert_eq!(visible("a\r\nb"), "a\nb");
        assert_eq!(visible("x\u{1b}[2J\u{202E}y\u{7f}"), "x␛[2J\u{FFFD}y␡");
    }

    #[test]
    fn urls_lose_every_character_that_could_end_an_attribute() {
        assert_eq!(
            encode_url("https://d.example/edit?usp=sharing&'onload='alert(1)"),
            "https://d.example/edit?usp=sharing&%27onload=%27alert(1)"
        );
        assert_eq!(
            encode_url("https://a/\"`<b>\\ \u{1b}\u{202E}"),
            "https://a/%22%60%3Cb%3E%5C%20%1B%E2%80%AE"
        );
        assert!(matches!(encode_url("https://a/b?c=d"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_html_covers_markup_and_both_quotes() {
        let mut out = String::new();
        escape_html(r#"<a href="x" title='y'>&</a>"#, &mut out);
        assert_eq!(
            out,
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
