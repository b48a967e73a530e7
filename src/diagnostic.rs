//! Problems as a compiler shows them: the first line as before (`file:line:col: entity, field:
//! message`, which scripts and editors parse), then the offending YAML line with a caret under
//! the value, then snippets of the source documents the problem points at, then `help:`.
//!
//! Drawing uses `annotate-snippets`, the crate rustc and cargo render with: its layout (gutter,
//! line numbers, multi-line spans, labels) is what authors already read every day, and it is
//! maintained by the Rust project. Colour only on a terminal and never under `NO_COLOR`; the
//! plain form is what pipes, CI logs and tests see. Everything from data is sanitised first.
//!
//! `--format json` is here too: one object a line, the same fields, for editors and CI.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::json;

use crate::problem::{Problem, Problems, Related};
use crate::text::sanitize;

/// Renders every problem, each followed by its snippets, separated by blank lines. `yaml` is
/// the chronology's text when it is known (not for a file that could not be read).
#[must_use]
pub fn render(problems: &Problems, yaml: Option<&str>, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lines = yaml.map(Lines::new);
    let mut out = String::new();
    for (i, problem) in problems.0.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&render_one(problem, lines.as_ref(), &renderer));
    }
    out
}

/// The chronology's text with where each line starts, found once: a large file with many
/// problems would otherwise be walked from the top for each one.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `n` (1-based), without its line break.
    fn get(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&next| next - 1);
        let line = self.text.get(start..end)?;
        // `str::lines` ends a line at "\n" and also drops a "\r" before it, but not a last one.
        Some(if self.starts.get(n).is_some() {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        })
    }
}

fn render_one(problem: &Problem, yaml: Option<&Lines<'_>>, renderer: &Renderer) -> String {
    let mut out = problem.headline();
    out.push('\n');
    let mut group = Group::with_level(Level::ERROR);
    let mut any = false;
    // Owned, sanitised texts must outlive the group that borrows them.
    let here = yaml.and_then(|y| value_at(y, problem.position?));
    let related: Vec<(String, String, Range<usize>, String)> = problem
        .related
        .iter()
        .map(|r| {
            let (excerpt, span) = sanitize_span(&r.excerpt, r.span.clone());
            (
                sanitize(&r.file).into_owned(),
                excerpt,
                span,
                sanitize(&r.label).into_owned(),
            )
        })
        .collect();
    if let Some((line_no, line, span)) = &here {
        group = group.element(
            Snippet::source(line.as_str())
                .line_start(*line_no)
                .path(sanitize(&problem.file).into_owned())
                .fold(false)
                .annotation(AnnotationKind::Primary.span(span.clone())),
        );
        any = true;
    }
    for (r, (file, excerpt, span, label)) in problem.related.iter().zip(&related) {
        group = group.element(
            Snippet::source(excerpt.as_str())
                .line_start(r.line)
                .path(file.as_str())
                .fold(true)
                .annotation(
                    AnnotationKind::Context
                        .span(span.clone())
                        .label(label.as_str()),
                ),
        );
        any = true;
    }
    let help = problem.help.as_deref().map(|h| sanitize(h).into_owned());
    if any {
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push('\n');
    } else if let Some(help) = &help {
        out.push_str("  help: ");
        out.push_str(help);
        out.push('\n');
    }
    out
}

/// The line at a 1-based `(line, column)` of `yaml`, sanitised, with the span of the value that
/// starts at the column (to the end of the line, less a trailing comment).
fn value_at(yaml: &Lines<'_>, (line, column): (u64, u64)) -> Option<(usize, String, Range<usize>)> {
    let line_no = usize::try_from(line).ok()?;
    let text = yaml.get(line_no)?;
    let text = sanitize(text).into_owned();
    // Columns count characters.
    let start = text
        .char_indices()
        .nth(usize::try_from(column).ok()?.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let rest = &text[start..];
    // Inside `[…]` or `{…}` a plain value ends at the next `,`, `]` or `}`.
    let before = &text[..start];
    let flow = before.matches(['[', '{']).count() > before.matches([']', '}']).count();
    let end = start + value_len(rest, flow);
    let span = if end > start {
        start..end
    } else {
        start..(start + rest.chars().next().map_or(0, char::len_utf8))
    };
    Some((line_no, text, span))
}

/// Length of the YAML value at the start of `rest`: a quoted scalar to its closing quote, a
/// plain one to a ` #` comment (in a flow collection, to the next `,`, `]` or `}`), trailing
/// blanks trimmed.
fn value_len(rest: &str, flow: bool) -> usize {
    if rest.starts_with(['"', '\'']) {
        // An unclosed quote on this line: the value runs on past it.
        return crate::yaml::scalar::span(rest, 0).map_or(rest.trim_end().len(), |(_, r)| r.end);
    }
    let mut cut = rest.find(" #").unwrap_or(rest.len());
    if flow {
        cut = cut.min(rest.find([',', ']', '}']).unwrap_or(rest.len()));
    }
    rest[..cut].trim_end().len()
}

/// Sanitises `text` and moves `span` with it (a replaced control character changes lengths).
fn sanitize_span(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let clamp = |i: usize| {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (a, b) = (clamp(span.start), clamp(span.end.max(span.start)));
    let before = sanitize_lines(&text[..a]);
    let inside = sanitize_lines(&text[a..b]);
    let after = sanitize_lines(&text[b..]);
    let start = before.len();
    let end = start + inside.len();
    (format!("{before}{inside}{after}"), start..end)
}

/// Sanitises each line, keeping the line breaks (which `sanitize` would make visible).
fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| sanitize(line.strip_suffix('\r').unwrap_or(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One JSON object a line per problem: file, line, column, end (of the value, when the YAML
/// is known), entity, field, severity, message, help, related places and the suggestion.
#[must_use]
pub fn json_lines(problems: &Problems, yaml: Option<&str>) -> String {
    let lines = yaml.map(Lines::new);
    let mut out = String::new();
    for p in &problems.0 {
        let end =
            lines
                .as_ref()
                .and_then(|y| value_at(y, p.position?))
                .map(|(line, text, span)| {
                    let column = text[..span.end].chars().count() + 1;
                    json!({ "line": line, "column": column })
                });
        let value = json!({
            "file": p.file,
            "line": p.position.map(|(l, _)| l),
            "column": p.position.map(|(_, c)| c),
            "end": end,
            "entity": p.entity,
            "field": p.field,
            "severity": "error",
            "message": p.message,
            "help": p.help,
            "related": p.related.iter().map(place).collect::<Vec<_>>(),
            "suggestion": p.suggestion.as_ref().map(|s| json!({
                "replacement": s.replacement,
                "confident": s.confident,
                "source": s.from.and_then(|i| p.related.get(i)).map(place),
            })),
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

/// A related place as JSON: file, 1-based line and column (in characters) where it starts and
/// ends, its text and label.
fn place(r: &Related) -> serde_json::Value {
    let at = |i: usize| {
        let mut i = i.min(r.excerpt.len());
        while !r.excerpt.is_char_boundary(i) {
            i -= 1;
        }
        let before = &r.excerpt[..i];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        json!({
            "line": r.line + before.matches('\n').count(),
            "column": before[line_start..].chars().count() + 1,
        })
    };
    let start = at(r.span.start);
    json!({
        "file": r.file,
        "line": start["line"],
        "column": start["column"],
        "end": at(r.span.end),
        "text": r.excerpt.get(r.span.clone()),
        "label": r.label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: t\nevents:\n  - id: e1\n    citations:\n      - source: s\n        quote: \"the duty to warn\"   # copied\n";

    fn problem() -> Problem {
        let mut p = Problem::new("c.yaml", "quote not found in source \"s\"")
            .at(Some((6, 16)))
            .entity(Some("event \"e1\"".into()))
            .field("citations.quote")
            .help("quote the passage as the source has it");
        p.related.push(Related {
            file: "s.txt".into(),
            line: 12,
            excerpt: "It adhered to a longstanding\n\"duty to warn\" policy.\n".into(),
            span: 16..43,
            label: "closest passage".into(),
        });
        p
    }

    #[test]
    fn the_first_line_is_unchanged_and_snippets_follow() {
        let p = problem();
        let text = render(&Problems(vec![p.clone()]), Some(YAML), false);
        let first = text.lines().next().unwrap();
        assert_eq!(first, p.headline());
        assert_eq!(
            first,
            "c.yaml:6:16: event \"e1\", field `citations.quote`: quote not found in source \"s\""
        );
        assert!(
            text.contains(" 6 |           quote: \"the duty to warn\"   # copied"),
            "{text}"
        );
        assert!(
            text.contains("12 |   It adhered to a longstanding\n"),
            "{text}"
        );
        assert!(text.contains("^^^^^^^^^^^^^^^^^^"), "{text}");
        assert!(text.contains("s.txt:12"), "{text}");
        assert!(text.contains("closest passage"), "{text}");
        assert!(text.contains("help: quote the passage"), "{text}");
        assert!(!text.contains('\x1b'), "plain has no colour: {text}");
        let styled = render(&Problems(vec![p]), Some(YAML), true);
        assert!(styled.contains('\x1b'));
    }

    #[test]
    fn without_the_yaml_the_message_is_as_before() {
        let mut p = problem();
        p.related.clear();
        assert_eq!(
            render(&Problems(vec![p.clone()]), None, false),
            format!("{p}\n")
        );
    }

    #[test]
    fn control_characters_in_snippets_are_inert() {
        let mut p = problem();
        p.related[0].excerpt = "a\x1b]52;c;SGVsbG8=\x07 passage \x1b[2J here\n".into();
        p.related[0].span = 18..25;
        let yaml = YAML.replace("the duty", "\x1b[31mthe duty");
        let text = render(&Problems(vec![p]), Some(&yaml), false);
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    }

    #[test]
    fn json_has_one_object_a_line_with_every_field() {
        let text = json_lines(
            &Problems(vec![problem(), Problem::new("c.yaml", "empty")]),
            Some(YAML),
        );
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["line"], 6);
        assert_eq!(lines[0]["column"], 16);
        assert_eq!(lines[0]["end"]["column"], 34);
        assert_eq!(lines[0]["field"], "citations.quote");
        assert_eq!(lines[0]["related"][0]["line"], 12);
        assert_eq!(lines[0]["related"][0]["column"], 17);
        assert_eq!(lines[0]["related"][0]["end"]["line"], 13);
        assert_eq!(lines[0]["related"][0]["end"]["column"], 15);
        assert_eq!(
            lines[0]["related"][0]["text"],
            "longstanding\n\"duty to warn\""
        );
        assert!(lines[1]["line"].is_null());
    }

    #[test]
    fn lines_are_those_of_str_lines() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nb\r", "\r\n\n x"] {
            let lines = Lines::new(text);
            for (i, want) in text.lines().enumerate() {
                assert_eq!(lines.get(i + 1), Some(want), "{text:?} line {}", i + 1);
            }
            assert_eq!(lines.get(0), None);
        }
    }

    #[test]
    fn odd_positions_never_panic() {
        for pos in [(0, 0), (1, 0), (1, 999), (99, 1), (6, 40)] {
            let p = Problem::new("c.yaml", "x").at(Some(pos));
            let _ = render(&Problems(vec![p.clone()]), Some(YAML), false);
            let _ = json_lines(&Problems(vec![p]), Some("é\u{301}\n"));
        }
    }
}
