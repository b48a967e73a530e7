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
//!
//! What is drawn stays small whatever the file: a line longer than `LONG` bytes is cut to a
//! window around what the problem points at (`CONTEXT` characters on each side, "…" where it
//! was cut), so a 50 MB title is not handed to the renderer whole; and past [`REPEATS`] problems
//! alike (same field, message and help), the rest are counted rather than drawn. Positions are
//! found through one line index (`Lines`), so a file with many problems on one line reads
//! that line once, not once per problem.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::json;

use crate::problem::{Problem, Problems, Related};
use crate::text::lines::{CONTEXT, LONG, Lines, window};
use crate::text::sanitize;

/// Characters of the place itself kept in a cut line.
const LONGEST_SPAN: usize = 320;
/// Problems alike drawn in full; the rest are counted in one line.
pub const REPEATS: usize = 10;

/// Renders every problem, each followed by its snippets, separated by blank lines. `yaml` is
/// the chronology's text when it is known (not for a file that could not be read). Past
/// [`REPEATS`] problems alike, one line counts the rest.
#[must_use]
pub fn render(problems: &Problems, yaml: Option<&str>, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let lines = yaml.map(Lines::new);
    let alike = |p: &Problem| (p.field.clone(), p.message.clone(), p.help.clone());
    let mut left: HashMap<_, usize> = HashMap::new();
    for p in &problems.0 {
        *left.entry(alike(p)).or_default() += 1;
    }
    let mut drawn: HashMap<_, usize> = HashMap::new();
    let mut out = String::new();
    for problem in &problems.0 {
        let key = alike(problem);
        let n = drawn.entry(key.clone()).or_default();
        *n += 1;
        if *n > REPEATS {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&render_one(problem, lines.as_ref(), &renderer));
        let all = left.get(&key).copied().unwrap_or(0);
        if *n == REPEATS && all > REPEATS {
            let _ = writeln!(
                out,
                "… and {} more like this (`--format json` lists every one)",
                thousands(all - REPEATS)
            );
        }
    }
    out
}

/// `79990` as `79,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn render_one(problem: &Problem, yaml: Option<&Lines<'_>>, renderer: &Renderer) -> String {
    let mut out = problem.headline();
    out.push('\n');
    let mut group = Group::with_level(Level::ERROR);
    // Owned, sanitised texts must outlive the group that borrows them.
    let here = yaml.and_then(|y| value_at(y, problem.position?));
    let file = sanitize(&problem.file).into_owned();
    let related: Vec<(String, Shown, String)> = problem
        .related
        .iter()
        .map(|r| {
            (
                sanitize(&r.file).into_owned(),
                shown(&r.excerpt, r.span.clone(), r.column > 0, r.more),
                sanitize(&r.label).into_owned(),
            )
        })
        .collect();
    // Where each snippet's header says it is, and where it is (they differ for a cut line).
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(value) = &here {
        headers.push(value.shown.header(&file, value.line, value.column));
        group = group.element(
            Snippet::source(value.shown.text.as_str())
                .line_start(value.line)
                .path(file.as_str())
                .fold(false)
                .annotation(AnnotationKind::Primary.span(value.shown.span.clone())),
        );
    }
    for (r, (path, shown, label)) in problem.related.iter().zip(&related) {
        let before = &r.excerpt[..r.span.start.min(r.excerpt.len())];
        // The span's column: on the excerpt's first line, the characters cut before it count.
        let column = match before.rfind('\n') {
            Some(n) => before[n + 1..].chars().count() + 1,
            None => r.column + before.chars().count() + 1,
        };
        headers.push(shown.header(path, r.line + shown.lines_dropped, column));
        group = group.element(
            Snippet::source(shown.text.as_str())
                .line_start(r.line + shown.lines_dropped)
                .path(path.as_str())
                .fold(true)
                .annotation(
                    AnnotationKind::Context
                        .span(shown.span.clone())
                        .label(label.as_str()),
                ),
        );
    }
    let help = problem.help.as_deref().map(|h| sanitize(h).into_owned());
    if !headers.is_empty() {
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        out.push_str(&true_headers(renderer.render(&[group]), &headers));
        out.push('\n');
    } else if let Some(help) = &help {
        out.push_str("  help: ");
        out.push_str(help);
        out.push('\n');
    }
    out
}

/// `rendered` with each snippet's header (`path:line:column`, in the order of `headers`) made
/// to say where its snippet really is: the renderer counts columns in the text it was given,
/// which for a cut line starts at the window.
fn true_headers(mut rendered: String, headers: &[(String, String)]) -> String {
    let mut from = 0;
    for (drawn, real) in headers {
        let Some(at) = rendered
            .get(from..)
            .and_then(|rest| rest.find(drawn.as_str()))
        else {
            continue;
        };
        let at = from + at;
        rendered.replace_range(at..at + drawn.len(), real);
        from = at + real.len();
    }
    rendered
}

/// A text as a snippet shows it: sanitised, cut to a window when long.
struct Shown {
    text: String,
    /// What the snippet points at, in `text`.
    span: Range<usize>,
    /// Whole lines left out before the window.
    lines_dropped: usize,
}

impl Shown {
    /// The header the renderer writes for this snippet of `path` whose span starts on `line`,
    /// and the one it should write, the span being at 1-based `column` of its line.
    fn header(&self, path: &str, line: usize, column: usize) -> (String, String) {
        let before = &self.text[..self.span.start];
        let drawn = before.rfind('\n').map_or(before, |n| &before[n + 1..]);
        let line = line + before.matches('\n').count();
        (
            format!("{path}:{line}:{}", drawn.chars().count() + 1),
            format!("{path}:{line}:{column}"),
        )
    }
}

/// `text` as a snippet shows it, sanitised, with `span` moved along: whole when it is short,
/// else cut to a window around the span, with "…" where a line was cut (`cut_before`,
/// `cut_after`: it was cut already, before it came here).
fn shown(text: &str, span: Range<usize>, cut_before: bool, cut_after: bool) -> Shown {
    let mut lines_dropped = 0;
    let (text, span, cut_before, cut_after) = if text.len() > LONG {
        let w = window(text, span, CONTEXT, LONGEST_SPAN);
        lines_dropped = text[..w.range.start].matches('\n').count();
        let local = w.span.start - w.range.start..w.span.end - w.range.start;
        (
            &text[w.range.clone()],
            local,
            (cut_before && lines_dropped == 0) || w.cut_before,
            (cut_after && w.range.end == text.len()) || w.cut_after,
        )
    } else {
        (text, span, cut_before, cut_after)
    };
    let (mut shown, mut span) = sanitize_span(text, span);
    if cut_before {
        shown.insert(0, '…');
        span = span.start + "…".len()..span.end + "…".len();
    }
    if cut_after {
        shown.push('…');
    }
    Shown {
        text: shown,
        span,
        lines_dropped,
    }
}

/// The chronology line a problem's position is on, as a snippet shows it.
struct Value {
    /// 1-based line number.
    line: usize,
    /// The line (or a window of it), and the value's span in it.
    shown: Shown,
    /// 1-based columns (in characters) of the value and just after it.
    column: usize,
    end_column: usize,
}

/// The line at a 1-based `(line, column)` of `yaml`, with the span of the value that starts at
/// the column (to the end of the line, less a trailing comment).
fn value_at(yaml: &Lines<'_>, (line, column): (u64, u64)) -> Option<Value> {
    let line_no = usize::try_from(line).ok()?;
    let text = yaml.get(line_no)?;
    let line_start = text.as_ptr() as usize - yaml.text().as_ptr() as usize;
    // Columns count characters (from 1: a 0 is read as 1); past the line's end is its end.
    let place = yaml.place((line, column.max(1)));
    let (start, column) = match place {
        Some(p) => (
            (p.offset - line_start).min(text.len()),
            usize::try_from(column.max(1)).unwrap_or(usize::MAX),
        ),
        None => (text.len(), text.chars().count() + 1),
    };
    let rest = &text[start..];
    let len = value_len(rest, place.is_some_and(|p| p.in_flow));
    let end = start + len;
    let span = if end > start {
        start..end
    } else {
        start..(start + rest.chars().next().map_or(0, char::len_utf8))
    };
    let end_column = column.saturating_add(text[span.clone()].chars().count());
    Some(Value {
        line: line_no,
        shown: shown(text, span, false, false),
        column,
        end_column,
    })
}

/// The byte range in `yaml` of the value a problem at `position` points at, as `check`
/// underlines it: what an editor underlines too.
#[must_use]
pub fn value_range(yaml: &Lines<'_>, position: (u64, u64)) -> Option<Range<usize>> {
    let line_no = usize::try_from(position.0).ok()?;
    let text = yaml.get(line_no)?;
    let line_start = text.as_ptr() as usize - yaml.text().as_ptr() as usize;
    let place = yaml.place((position.0, position.1.max(1)));
    let start = place.map_or(text.len(), |p| (p.offset - line_start).min(text.len()));
    let rest = &text[start..];
    let end = start + value_len(rest, place.is_some_and(|p| p.in_flow));
    Some(line_start + start..line_start + end)
}

/// Length of the YAML value at the start of `rest`: a quoted scalar to its closing quote, a
/// plain one to a ` #` comment (in a flow collection, to the next `,`, `]` or `}`), trailing
/// blanks trimmed. Reads no further than the value: a line may hold thousands of them.
fn value_len(rest: &str, flow: bool) -> usize {
    if rest.starts_with(['"', '\'']) {
        // An unclosed quote on this line: the value runs on past it.
        return crate::yaml::scalar::span(rest, 0).map_or(rest.trim_end().len(), |(_, r)| r.end);
    }
    let bytes = rest.as_bytes();
    let cut = bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| {
            (b == b'#' && i > 0 && bytes[i - 1] == b' ')
                || (flow && matches!(b, b',' | b']' | b'}'))
        })
        .map_or(rest.len(), |i| if bytes[i] == b'#' { i - 1 } else { i });
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
        let end = lines
            .as_ref()
            .and_then(|y| value_at(y, p.position?))
            .map(|value| json!({ "line": value.line, "column": value.end_column }));
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
        // On the excerpt's first line, the characters cut before it count too.
        let (line_start, cut) = before.rfind('\n').map_or((0, r.column), |n| (n + 1, 0));
        json!({
            "line": r.line + before.matches('\n').count(),
            "column": cut + before[line_start..].chars().count() + 1,
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
            column: 0,
            more: false,
            excerpt: "It adhered to a longstanding\n\"duty to warn\" policy.\n".into(),
            span: 16..43,
            label: "closest passage".into(),
            prefix: None,
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
    fn problems_alike_past_ten_are_counted_in_one_line() {
        let alike = |line| {
            Problem::new("c.yaml", "unknown actor \"isis\"")
                .at(Some((line, 1)))
                .field("actors")
                .help("define it")
        };
        let mut all: Vec<Problem> = (1..=1_234).map(alike).collect();
        all.push(Problem::new("c.yaml", "another").at(Some((2_000, 1))));
        let text = render(&Problems(all), None, false);
        assert_eq!(text.matches("unknown actor").count(), 10, "{text}");
        assert!(
            text.contains("… and 1,224 more like this (`--format json` lists every one)\n"),
            "{text}"
        );
        assert!(text.ends_with("c.yaml:2000:1: another\n"), "{text}");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn a_cut_snippet_says_where_it_really_is() {
        let mut p = problem();
        // An excerpt that starts 5,000 characters into its line, and a line of 3,000.
        p.related[0].column = 5_000;
        p.related[0].excerpt = format!("{} the place{}", "x".repeat(3_000), "y".repeat(3_000));
        p.related[0].span = 3_001..3_010;
        for colour in [false, true] {
            let text = render(&Problems(vec![p.clone()]), Some(YAML), colour);
            assert!(text.contains("s.txt:12:8002"), "{text}");
            assert!(text.contains("xxx the placeyyy"), "{text}");
            assert!(text.len() < 2_000, "{text}");
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
