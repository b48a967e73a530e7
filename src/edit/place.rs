//! Where a new citation or a new draft goes in the chronology's text, as an insertion patch.
//!
//! The file is read as lines, not parsed again: the loader keeps no positions (see
//! `load::event_line`), and a patch must leave every other byte as the author wrote it. So the
//! place is found the way an author finds it: the event's item under `events:`, its
//! `citations:` list, and the last line that belongs to each. The new lines copy the list's own
//! indentation and the file's line endings. Lists written in flow style (`[…]`) are refused
//! with a message rather than rewritten.

use super::Patch;
use super::cite::{Cited, Draft};
use crate::load::event_line;

/// One line of the file: where it starts, where its text ends (before `\r\n` or `\n`), and
/// where the next line starts.
struct Line<'a> {
    text: &'a str,
    end: usize,
    next: usize,
}

fn lines(yaml: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in yaml.split_inclusive('\n') {
        let text = piece.strip_suffix('\n').unwrap_or(piece);
        let text = text.strip_suffix('\r').unwrap_or(text);
        out.push(Line {
            text,
            end: start + text.len(),
            next: start + piece.len(),
        });
        start += piece.len();
    }
    out
}

fn indent(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// A line that says something (not blank, not only a comment).
fn is_content(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// For a list item line (`  - id: x`), the column its content starts at.
fn item_content(text: &str) -> Option<usize> {
    let at = indent(text);
    let rest = text[at..].strip_prefix('-')?;
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    (gap > 0 && is_content(rest)).then_some(at + 1 + gap)
}

/// The column a key on this line starts at (after a list dash, when there is one).
fn key_column(text: &str) -> usize {
    item_content(text).unwrap_or_else(|| indent(text))
}

/// The line endings the file uses.
fn newline(yaml: &str) -> &'static str {
    match yaml.find('\n') {
        Some(at) if at > 0 && yaml.as_bytes()[at - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// What follows `key:` on a line: nothing (a block follows), or a flow value.
fn value_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let rest = text.trim_start().trim_start_matches('-').trim_start();
    let value = rest.strip_prefix(key)?.strip_prefix(':')?;
    Some(if value.trim_start().starts_with('#') {
        ""
    } else {
        value.trim()
    })
}

/// The last content line in `from..to`.
fn last_content(lines: &[Line<'_>], from: usize, to: usize) -> Option<usize> {
    (from..to).rev().find(|&i| is_content(lines[i].text))
}

/// An insertion of `block` (whole lines) after line `after`.
fn insert_after(lines: &[Line<'_>], after: usize, block: String, nl: &str) -> Patch {
    let line = &lines[after];
    if line.next == line.end {
        // The last line has no line ending: end it first.
        Patch::insert(line.next, format!("{nl}{block}"))
    } else {
        Patch::insert(line.next, block)
    }
}

/// The `events:` list: the line of its key, the column of its dashes, and the line after its
/// last item (exclusive end).
fn events_list(lines: &[Line<'_>]) -> Result<(usize, usize, usize), String> {
    let key = lines
        .iter()
        .position(|l| value_after(l.text, "events").is_some() && indent(l.text) == 0)
        .ok_or("the file has no `events:` list")?;
    if !value_after(lines[key].text, "events")
        .unwrap_or("")
        .is_empty()
    {
        return Err(
            "`events:` is written in flow style ([…]); write it as a block list (`- id: …` lines) to add events"
                .into(),
        );
    }
    let first = (key + 1..lines.len())
        .find(|&i| is_content(lines[i].text))
        .filter(|&i| item_content(lines[i].text).is_some())
        .ok_or("`events:` has no items to add one after")?;
    let dash = indent(lines[first].text);
    let end = (first + 1..lines.len())
        .find(|&i| {
            let t = lines[i].text;
            is_content(t) && (indent(t) < dash || indent(t) == dash && item_content(t).is_none())
        })
        .unwrap_or(lines.len());
    Ok((key, dash, end))
}

/// Inserts `draft` as the last item of the `events:` list, lined up with the items before it.
///
/// # Errors
/// Says why the list cannot take it (no list, a flow-style list).
pub fn add_draft(yaml: &str, draft: &Draft) -> Result<Patch, String> {
    let lines = lines(yaml);
    let (key, dash, end) = events_list(&lines)?;
    let last = last_content(&lines, key + 1, end).ok_or("`events:` has no items")?;
    let item = (key + 1..=last)
        .rev()
        .find(|&i| item_content(lines[i].text).is_some() && indent(lines[i].text) == dash)
        .unwrap_or(key + 1);
    let keys = key_column(lines[item].text);
    let nl = newline(yaml);
    // Items set apart by a blank line get one too.
    let spaced = item > 0 && lines[item - 1].text.trim().is_empty();
    let mut block = if spaced {
        nl.to_string()
    } else {
        String::new()
    };
    block.push_str(&draft.yaml_item(&" ".repeat(dash), &" ".repeat(keys), nl));
    Ok(insert_after(&lines, last, block, nl))
}

/// Inserts `cited` after the last citation of event `id` (or, when it has none, a
/// `citations:` list at the end of its item).
///
/// # Errors
/// Says why: no such event, or citations written in flow style.
pub fn add_citation(yaml: &str, id: &str, cited: &Cited) -> Result<Patch, String> {
    let lines = lines(yaml);
    let (events, list_dash, list_end) = events_list(&lines)?;
    let missing = || format!("event \"{id}\" is not in the file any more; reload");
    let at = event_line(yaml, id, None).ok_or_else(missing)? - 1;
    if at <= events || at >= list_end {
        return Err(missing());
    }
    let keys = key_column(lines[at].text);
    let start = (events + 1..=at)
        .rev()
        .find(|&i| item_content(lines[i].text) == Some(keys) && indent(lines[i].text) == list_dash)
        .ok_or_else(missing)?;
    let end = (start + 1..list_end)
        .find(|&i| is_content(lines[i].text) && indent(lines[i].text) <= list_dash)
        .unwrap_or(list_end);
    let nl = newline(yaml);
    let citations = (start..end).find(|&i| {
        key_column(lines[i].text) == keys && value_after(lines[i].text, "citations").is_some()
    });
    let Some(citations) = citations else {
        let last = last_content(&lines, start, end).unwrap_or(start);
        let pad = " ".repeat(keys);
        let block = format!(
            "{pad}citations:{nl}{}",
            cited.yaml_item(&format!("{pad}  "), &format!("{pad}    "), nl)
        );
        return Ok(insert_after(&lines, last, block, nl));
    };
    if !value_after(lines[citations].text, "citations")
        .unwrap_or("")
        .is_empty()
    {
        return Err(format!(
            "event \"{id}\": `citations:` is written in flow style ([…]); write it as a block list (`- source: …` lines) to add citations"
        ));
    }
    let first = (citations + 1..end)
        .find(|&i| is_content(lines[i].text))
        .filter(|&i| item_content(lines[i].text).is_some() && indent(lines[i].text) >= keys)
        .ok_or_else(|| format!("event \"{id}\": `citations:` has no items to add one after"))?;
    let dash = indent(lines[first].text);
    let item_keys = key_column(lines[first].text);
    let block_end = (first + 1..end)
        .find(|&i| {
            let t = lines[i].text;
            is_content(t) && (indent(t) < dash || indent(t) == dash && item_content(t).is_none())
        })
        .unwrap_or(end);
    let last = last_content(&lines, first, block_end).unwrap_or(first);
    Ok(insert_after(
        &lines,
        last,
        cited.yaml_item(&" ".repeat(dash), &" ".repeat(item_keys), nl),
        nl,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::patch::apply;
    use crate::load::{Input, LoadOptions, load};

    fn cited() -> Cited {
        Cited {
            source: "s".into(),
            quote: "new \"passage\"".into(),
            prefix: None,
            range: 0..0,
        }
    }

    fn applied(yaml: &str, patch: &Patch) -> String {
        String::from_utf8(apply(yaml.as_bytes(), std::slice::from_ref(patch)).unwrap()).unwrap()
    }

    const YAML: &str = "title: t\nevents:\n  - id: a\n    date: \"2020\"\n    citations:\n      - source: s\n        quote: one\n        note: >\n          folded\n\n      # a comment\n  - id: b   # two\n    title: B\n\n# trailing comment\nsources: []\n";

    #[test]
    fn a_citation_goes_after_the_last_one_at_its_indentation() {
        let p = add_citation(YAML, "a", &cited()).unwrap();
        let out = applied(YAML, &p);
        assert!(
            out.contains("          folded\n      - source: s\n        quote: \"new \\\"passage\\\"\"\n\n      # a comment\n"),
            "{out}"
        );
    }

    #[test]
    fn an_event_without_citations_gets_a_list() {
        let p = add_citation(YAML, "b", &cited()).unwrap();
        let out = applied(YAML, &p);
        assert!(
            out.contains("    title: B\n    citations:\n      - source: s\n        quote: \"new \\\"passage\\\"\"\n\n# trailing"),
            "{out}"
        );
        assert!(add_citation(YAML, "c", &cited()).is_err());
    }

    #[test]
    fn a_draft_goes_at_the_end_of_the_events_list() {
        let d = Draft {
            id: "new".into(),
            title: "New".into(),
            date: None,
            citation: cited(),
        };
        let out = applied(YAML, &add_draft(YAML, &d).unwrap());
        assert!(
            out.contains("    title: B\n  - id: new\n    draft: true\n    title: \"New\"\n    citations:\n      - source: s\n"),
            "{out}"
        );
        // Items at the key's own column, CRLF line endings, no final line ending.
        let crlf = "events:\r\n- id: a\r\n  title: A";
        let out = applied(crlf, &add_draft(crlf, &d).unwrap());
        assert_eq!(
            out,
            "events:\r\n- id: a\r\n  title: A\r\n- id: new\r\n  draft: true\r\n  title: \"New\"\r\n  citations:\r\n    - source: s\r\n      quote: \"new \\\"passage\\\"\"\r\n"
        );
    }

    #[test]
    fn flow_lists_are_refused() {
        let flow = "events:\n  - id: a\n    citations: [{source: s, quote: q}]\n";
        assert!(
            add_citation(flow, "a", &cited())
                .unwrap_err()
                .contains("flow style")
        );
        let d = Draft {
            id: "x".into(),
            title: "X".into(),
            date: None,
            citation: cited(),
        };
        assert!(
            add_draft("events: []\n", &d)
                .unwrap_err()
                .contains("flow style")
        );
    }

    #[test]
    fn the_shipped_chronology_takes_a_citation_on_every_event() {
        let yaml = crate::embedded::YAML;
        let chronology = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        for e in &chronology.events {
            let out = applied(yaml, &add_citation(yaml, &e.id, &cited()).unwrap());
            let at = event_line(&out, &e.id, Some(e.citations.len())).unwrap();
            assert_eq!(
                out.lines().nth(at - 1).unwrap().trim(),
                "- source: s",
                "{}",
                e.id
            );
        }
    }
}
