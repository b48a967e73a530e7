//! Where an event or one of its citations is written in the chronology's text, for opening the
//! editor at its line.
//!
//! The model keeps no positions (reading them costs a third of the parse, and only the editor
//! wants them), so the line is found in the text when asked: the `id:` line of the event under
//! the top-level `events:` key, and the n-th list item under its `citations:`. A file that
//! changed since it was loaded may not hold the event any more; the answer is then `None` and
//! the editor opens at the top.

/// The 1-based line of event `id`, or of its citation `citation` (0-based) when given and
/// found; `None` when the event is not in `yaml`.
#[must_use]
pub fn event_line(yaml: &str, id: &str, citation: Option<usize>) -> Option<usize> {
    let lines: Vec<&str> = yaml.lines().collect();
    let events = lines.iter().position(|l| {
        l.strip_prefix("events:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    })?;
    let at = (events + 1..lines.len()).find(|&i| id_of(lines[i]) == Some(id))?;
    let Some(n) = citation else {
        return Some(at + 1);
    };
    // The event's item ends at the next line indented no deeper than its `- `.
    let item_indent = (0..=at)
        .rev()
        .find(|&i| lines[i].trim_start().starts_with("- "))
        .map_or(0, |i| indent(lines[i]));
    let end = (at + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= item_indent
        })
        .unwrap_or(lines.len());
    let citations = (at..end).find(|&i| {
        let t = lines[i].trim_start().trim_start_matches("- ");
        t.starts_with("citations:")
    })?;
    let mut item = None;
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().take(end).skip(citations + 1) {
        let t = line.trim_start();
        if !t.starts_with("- ") {
            continue;
        }
        let depth = indent(line);
        let first = *item.get_or_insert(depth);
        if depth == first {
            if seen == n {
                return Some(i + 1);
            }
            seen += 1;
        }
    }
    Some(at + 1)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The id written on a `id: x` or `- id: "x"` line.
fn id_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let rest = t.strip_prefix("id:")?;
    let value = rest.split(" #").next()?.trim();
    Some(
        value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value),
    )
}

/// Where each citation of each event is written: its list item's 1-based line and column, by
/// event id, read once from the YAML tree (one call for all the citations a gate names, where
/// [`event_line`] per citation would scan the file each time). Empty when the text does not
/// parse.
#[must_use]
pub fn citation_positions(yaml: &str) -> std::collections::HashMap<String, Vec<(u64, u64)>> {
    let mut out = std::collections::HashMap::new();
    let Ok(root) = super::tree::parse(yaml) else {
        return out;
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let at = |byte: usize| {
        let line = starts.partition_point(|&s| s <= byte).max(1);
        let column = yaml[starts[line - 1]..byte].chars().count() + 1;
        (line as u64, column as u64)
    };
    for event in root.get("events").and_then(|e| e.items()).unwrap_or(&[]) {
        let Some(id) = event.get("id").and_then(super::tree::Node::text) else {
            continue;
        };
        let items = event
            .get("citations")
            .and_then(|c| c.items())
            .unwrap_or(&[]);
        out.entry(id)
            .or_insert_with(|| items.iter().map(|c| at(c.start)).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Input, LoadOptions, load};

    const YAML: &str = "title: t\nsources:\n  - id: kerman\n    path: x\nevents:\n  - id: deal\n    date: \"2015\"\n    citations:\n      - source: s\n        quote: a\n      - quote: b\n        source: s\n  - date: \"2018\"\n    id: \"kerman\"   # same id as a source\n    citations:\n      - source: s\n        quote: c\n";

    #[test]
    fn finds_events_and_their_citations() {
        assert_eq!(event_line(YAML, "deal", None), Some(6));
        assert_eq!(event_line(YAML, "deal", Some(0)), Some(9));
        assert_eq!(event_line(YAML, "deal", Some(1)), Some(11));
        assert_eq!(event_line(YAML, "deal", Some(5)), Some(6));
        // The source with the same id comes before `events:` and is not taken.
        assert_eq!(event_line(YAML, "kerman", None), Some(14));
        assert_eq!(event_line(YAML, "kerman", Some(0)), Some(16));
        assert_eq!(event_line(YAML, "gone", None), None);
        assert_eq!(event_line("", "x", Some(1)), None);
    }

    #[test]
    fn finds_every_event_of_the_shipped_chronology() {
        let yaml = crate::embedded::YAML;
        let chronology = load(Input::Embedded, &LoadOptions::default())
            .result
            .unwrap();
        for e in &chronology.events {
            let line = event_line(yaml, &e.id, None).unwrap();
            assert!(yaml.lines().nth(line - 1).unwrap().contains(&e.id));
            for n in 0..e.citations.len() {
                let at = event_line(yaml, &e.id, Some(n)).unwrap();
                assert!(at > line, "{} citation {n}", e.id);
                assert!(
                    yaml.lines()
                        .nth(at - 1)
                        .unwrap()
                        .trim_start()
                        .starts_with("- ")
                );
            }
        }
    }
}
