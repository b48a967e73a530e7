//! The plan → chronology YAML, written by hand rather than through a serializer: the file is
//! for a person to finish (comments saying what to do and what each slide had that found no
//! field), and every string is quoted ([`crate::yaml::double_quoted`]) so that no text from the
//! file can be read as YAML structure, a number, `null` or `true`.

use std::fmt::Write as _;

use super::planned::{Plan, PlannedEvent, PlannedPeriod};
use crate::model::Link;
use crate::text::sanitize;
use crate::yaml::{double_quoted, must_escape};

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
    if plan.events.iter().any(PlannedEvent::has_floating_time) {
        out.push_str(
            "# TimelineJS times have no zone: say where they were, e.g.\n# timezone: America/New_York\n",
        );
    }
    let _ = writeln!(out, "title: {}", double_quoted(&plan.title));
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
    let _ = writeln!(out, "  - id: {}", double_quoted(&p.id));
    let _ = writeln!(out, "    title: {}", double_quoted(&p.title));
    let _ = writeln!(out, "    date: {}", double_quoted(&p.date.edtf()));
    if let Some(note) = &p.note {
        field("note", note, "    ", out);
    }
}

fn event(e: &PlannedEvent, out: &mut String) {
    comments(&e.comments, "  ", out);
    let _ = writeln!(out, "  - id: {}", double_quoted(&e.id));
    out.push_str("    draft: true\n");
    if let Some(date) = &e.date {
        let _ = writeln!(out, "    date: {}", double_quoted(&date.edtf()));
    }
    let _ = writeln!(out, "    title: {}", double_quoted(&e.title));
    if let Some(summary) = &e.summary {
        field("summary", summary, "    ", out);
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| double_quoted(t)).collect();
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
            let _ = writeln!(out, "      - url: {}", double_quoted(url));
            if let Some(c) = caption {
                let _ = writeln!(out, "        caption: {}", double_quoted(c));
            }
            if let Some(c) = credit {
                let _ = writeln!(out, "        credit: {}", double_quoted(c));
            }
        }
    }
}

/// `name: value`, as a literal block when the text has several lines and nothing a block
/// cannot hold exactly (so a person can read and edit it), else quoted.
fn field(name: &str, value: &str, indent: &str, out: &mut String) {
    let block_safe = value.contains('\n')
        && !value.chars().any(|c| c != '\n' && must_escape(c))
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
        let _ = writeln!(out, "{indent}{name}: {}", double_quoted(value));
    }
}

/// One comment line per entry, made safe to sit on one line.
fn comments(lines: &[String], indent: &str, out: &mut String) {
    for line in lines {
        let _ = writeln!(out, "{indent}# TimelineJS {}", sanitize(line));
    }
}
