//! The plan → chronology YAML, written by hand rather than through a serializer: the file is
//! for a person to finish (comments saying what to do and what each slide had that found no
//! field), and every string is quoted so that no text from the file can be read as YAML
//! structure, a number, `null` or `true`.

use std::fmt::Write as _;

use super::plan::{Plan, PlannedEvent, PlannedPeriod};
use crate::model::Link;
use crate::text::{is_unsafe, sanitize};

/// The chronology as YAML; `file` and `kind` name where it came from in the opening comment.
pub(super) fn write(plan: &Plan, file: &str, kind: &str) -> String {
    let mut out = String::with_capacity(256 * (plan.events.len() + 4));
    let _ = writeln!(
        out,
        "# Imported by sourceline from {} ({kind}).",
        sanitize(file)
    );
    out.push_str(
        "# Every event is a draft (`draft: true`): a TimelineJS slide cites no source. To finish\n\
         # one, add the document it rests on under `sources:`, quote the passage under the\n\
         # event's `citations:`, and remove `draft: true`. `sourceline list --drafts` lists what\n\
         # is left; `sourceline check --strict` refuses drafts. Comments keep what TimelineJS had\n\
         # and a chronology has no field for.\n",
    );
    comments(&plan.comments, "", &mut out);
    let _ = writeln!(out, "title: {}", quoted(&plan.title));
    out.push_str("sources: []\nactors: []\n");
    if !plan.periods.is_empty() {
        out.push_str("periods:\n");
        for p in &plan.periods {
            period(p, &mut out);
        }
    }
    out.push_str("events:\n");
    for e in &plan.events {
        event(e, &mut out);
    }
    out
}

fn period(p: &PlannedPeriod, out: &mut String) {
    comments(&p.comments, "  ", out);
    let _ = writeln!(out, "  - id: {}", quoted(&p.id));
    let _ = writeln!(out, "    title: {}", quoted(&p.title));
    let _ = writeln!(out, "    date: {}", quoted(&p.date.edtf()));
    if let Some(note) = &p.note {
        field("note", note, "    ", out);
    }
}

fn event(e: &PlannedEvent, out: &mut String) {
    comments(&e.comments, "  ", out);
    let _ = writeln!(out, "  - id: {}", quoted(&e.id));
    out.push_str("    draft: true\n");
    if let Some(date) = &e.date {
        let _ = writeln!(out, "    date: {}", quoted(&date.edtf()));
    }
    let _ = writeln!(out, "    title: {}", quoted(&e.title));
    if let Some(summary) = &e.summary {
        field("summary", summary, "    ", out);
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| quoted(t)).collect();
        let _ = writeln!(out, "    tags: [{}]", tags.join(", "));
    }
    if !e.links.is_empty() {
        out.push_str("    links:\n");
        for Link {
            url,
            caption,
            credit,
        } in &e.links
        {
            let _ = writeln!(out, "      - url: {}", quoted(url));
            if let Some(c) = caption {
                let _ = writeln!(out, "        caption: {}", quoted(c));
            }
            if let Some(c) = credit {
                let _ = writeln!(out, "        credit: {}", quoted(c));
            }
        }
    }
}

/// `name: value`, as a literal block when the text has several lines and nothing a block
/// cannot hold exactly (so a person can read and edit it), else quoted.
fn field(name: &str, value: &str, indent: &str, out: &mut String) {
    let block_safe = value.contains('\n')
        && !value
            .chars()
            .any(|c| is_unsafe(c) && c != '\n' || c == '\r')
        && value
            .split('\n')
            .all(|line| !line.starts_with([' ', '\t']) && !line.ends_with([' ', '\t']))
        && !value.ends_with('\n')
        && !value.starts_with('\n');
    if block_safe {
        let _ = writeln!(out, "{indent}{name}: |-");
        for line in value.split('\n') {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}  {line}");
            }
        }
    } else {
        let _ = writeln!(out, "{indent}{name}: {}", quoted(value));
    }
}

/// One comment line per entry, made safe to sit on one line.
fn comments(lines: &[String], indent: &str, out: &mut String) {
    for line in lines {
        let _ = writeln!(out, "{indent}# TimelineJS {}", sanitize(line));
    }
}

/// A YAML double-quoted scalar holding exactly `text`: `\` and `"` escaped, and every
/// character YAML does not allow raw (controls, DEL, C1, surrogates' stand-ins, U+FEFF,
/// U+2028/9, non-characters) written as an escape.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML 1.2's `c-printable`, less U+FEFF and the line separators some readers break on.
fn printable(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7E}'
        | '\u{85}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_cannot_hold_raw() {
        assert_eq!(quoted("plain"), "\"plain\"");
        assert_eq!(
            quoted("a \"q\" \\ b\nc\td"),
            "\"a \\\"q\\\" \\\\ b\\nc\\td\""
        );
        assert_eq!(
            quoted("\u{1b}[2J\u{7f}\u{85}\u{9b}\u{feff}\u{2028}"),
            "\"\\x1B[2J\\x7F\u{85}\\x9B\\uFEFF\\u2028\""
        );
        assert_eq!(quoted("null"), "\"null\"");
    }
}
