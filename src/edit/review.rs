//! Writing a citation's `review:` (the viewer's `m` and `M`): a block under the citation,
//! inserted after its last line, or put in place of the review it already has, then read back
//! before anyone writes it.
//!
//! The citation is found by the parser's positions, as [`super::place`] finds events; the new
//! lines copy the citation's own indentation and the file's line endings. Read back, the
//! patched text must parse, equal the file before it value for value once both have the
//! citation's review taken out, hold the review meant, and load with the citation carrying
//! it. Otherwise nothing is written.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::Patch;
use super::place::{
    Check, Unplaced, column, events, insert_after, is_flow, layout, line_start, newline, parse,
};
use crate::load::tree::{self, Node, Scalar, Value};
use crate::load::{self, Input, LoadOptions};
use crate::model::{Review, Verdict};
use crate::yaml::double_quoted;

/// The review to write on citation `citation` (0-based, in the file's order) of event `event`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reviewing {
    pub event: String,
    pub citation: usize,
    pub review: Review,
}

impl Reviewing {
    /// The `review:` block, its key at `pad`.
    fn yaml(&self, pad: &str, nl: &str) -> String {
        let r = &self.review;
        let mut out = format!(
            "{pad}review:{nl}{pad}  status: {}{nl}{pad}  by: {}{nl}{pad}  on: \"{}\"{nl}{pad}  sha256: {}{nl}",
            r.status.label(),
            double_quoted(&r.by),
            r.on,
            r.sha256,
        );
        if let Some(note) = &r.note {
            let _ = write!(out, "{pad}  note: {}{nl}", double_quoted(note));
        }
        out
    }
}

/// The patch writing `reviewing` into `yaml`, read back as [`Check`] says.
///
/// # Errors
/// No such event or citation, one written in flow style, or a change that does not read back.
pub fn set_review(check: &Check<'_>, yaml: &str, reviewing: &Reviewing) -> Result<Patch, Unplaced> {
    let root = parse(yaml)?;
    let (index, patch) = review_patch(yaml, &root, reviewing)?;
    verify(check, yaml, &root, index, &patch, reviewing)?;
    Ok(patch)
}

/// The patch, and the event's index in the file's `events:` list.
fn review_patch(yaml: &str, root: &Node, r: &Reviewing) -> Result<(usize, Patch), Unplaced> {
    let (_, items) = events(yaml, root)?;
    let id = &r.event;
    let mut found = items
        .iter()
        .enumerate()
        .filter(|(_, e)| e.get("id").is_some_and(|n| n.is(id)));
    let (index, event) = found.next().ok_or_else(|| {
        layout(format!(
            "event \"{id}\" is not in the file any more; reload"
        ))
    })?;
    if found.next().is_some() {
        return Err(layout(format!(
            "event \"{id}\" is written twice; give each event its own id"
        )));
    }
    let citation = event
        .get("citations")
        .filter(|list| !is_flow(yaml, list))
        .and_then(Node::items)
        .and_then(|items| items.get(r.citation))
        .filter(|c| matches!(c.value, Value::Map(_)) && !is_flow(yaml, c))
        .ok_or_else(|| {
            layout(format!(
                "event \"{id}\": its citation {} is not a block mapping in the file (`source: …` lines); reload, or write the review in an editor",
                r.citation + 1
            ))
        })?;
    let nl = newline(yaml);
    let keys = column(yaml, citation.start);
    let block = r.yaml(&" ".repeat(keys), nl);
    let Some((key, value)) = citation.entry("review") else {
        return Ok((index, insert_after(yaml, citation.end, block, nl)));
    };
    // Replaced whole lines: from the key's line to the end of the value's last line.
    let from = line_start(yaml, key.start);
    if !yaml[from..key.start].trim().is_empty() || is_flow(yaml, value) {
        return Err(layout(format!(
            "event \"{id}\": the citation's `review:` is not on lines of its own; edit it in an editor"
        )));
    }
    let content = yaml[..value.end.max(key.end)]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .len();
    let (to, block) = match yaml[content..].find('\n') {
        Some(i) => (content + i + 1, block),
        None => (yaml.len(), block.trim_end_matches(['\r', '\n']).to_string()),
    };
    Ok((
        index,
        Patch {
            range: from..to,
            text: block,
        },
    ))
}

/// Checks the patched text reads back as the file with the review written and nothing else.
fn verify(
    check: &Check<'_>,
    yaml: &str,
    before: &Node,
    index: usize,
    patch: &Patch,
    r: &Reviewing,
) -> Result<(), Unplaced> {
    let what = format!("the review of event \"{}\"", r.event);
    let fail = |why: &str| Unplaced::ReadBack(format!("{what} {why}"));
    let bytes = crate::yaml::patch::apply(yaml.as_bytes(), std::slice::from_ref(patch))
        .map_err(|e| fail(&format!("could not be written ({e})")))?;
    let text = String::from_utf8(bytes).map_err(|_| fail("would split a character of the file"))?;
    let mut after = tree::parse(&text)
        .map_err(|e| fail(&format!("would leave a file that does not parse ({e})")))?;
    let mut before = before.clone();
    take_review(&mut before, index, r.citation);
    let written = take_review(&mut after, index, r.citation)
        .ok_or_else(|| fail("would not land where it belongs"))?;
    if let Some(path) = before.difference(&after) {
        return Err(fail(&format!(
            "would also change `{}`",
            path.trim_start_matches('.')
        )));
    }
    if !says(&written, &r.review) {
        return Err(fail("would not read back as written"));
    }
    let loaded = load::load(
        Input::text(check.name, &text, check.sources),
        &LoadOptions::default(),
    )
    .result
    .map_err(|p| {
        fail(&format!(
            "would leave a file that does not load{}",
            p.0.first()
                .map_or_else(String::new, |f| format!(": {}", f.headline()))
        ))
    })?;
    let holds = loaded
        .events
        .iter()
        .find(|e| e.id == r.event)
        .and_then(|e| e.citations.get(r.citation))
        .is_some_and(|c| c.review.as_deref() == Some(&r.review));
    if holds {
        Ok(())
    } else {
        Err(fail("would not load on the chosen citation"))
    }
}

/// Takes the `review:` entry out of citation `citation` of event `index`, returning its value.
fn take_review(root: &mut Node, index: usize, citation: usize) -> Option<Node> {
    let entries = root
        .get_mut("events")?
        .items_mut()?
        .get_mut(index)?
        .get_mut("citations")?
        .items_mut()?
        .get_mut(citation)?
        .entries_mut()?;
    let at = entries.iter().position(|(k, _)| k.is("review"))?;
    Some(entries.remove(at).1)
}

/// Whether the parsed `review:` value is exactly `review`.
fn says(node: &Node, review: &Review) -> bool {
    let Value::Map(entries) = &node.value else {
        return false;
    };
    let text = |k: &str| node.get(k).and_then(Node::text);
    // The schema-free parser reads the key `on` as YAML 1.1's `true`; the loader as `on`.
    let on = entries
        .iter()
        .find(|(k, _)| k.is("on") || matches!(k.value, Value::Scalar(Scalar::Bool(true))))
        .and_then(|(_, v)| v.text());
    entries.len() == 4 + usize::from(review.note.is_some())
        && text("status").as_deref() == Some(review.status.label())
        && text("by").as_deref() == Some(review.by.as_str())
        && on.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) == Some(review.on)
        && text("sha256").as_deref() == Some(review.sha256.as_str())
        && text("note") == review.note
}

/// The review of `verdict` by `by`, today, of bytes with digest `sha256`.
pub fn review_now(verdict: Verdict, by: &str, sha256: &str, note: Option<String>) -> Review {
    Review {
        status: verdict,
        by: by.to_string(),
        on: crate::model::today_utc(),
        sha256: sha256.to_ascii_lowercase(),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::MemorySources;

    const SOURCE: &str = "The ramp collapsed on Monday.\n";

    fn yaml(review: &str) -> String {
        format!(
            "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nevents:\n  - id: a\n    date: \"2024\"\n    title: A\n    citations:\n      - source: s\n        quote: \"The ramp collapsed\"\n{review}      - source: s\n        quote: \"on Monday\"\n# the end\n"
        )
    }

    fn reviewing(citation: usize, status: Verdict, note: Option<&str>) -> Reviewing {
        Reviewing {
            event: "a".into(),
            citation,
            review: review_now(
                status,
                "Sam \"Q\" Reviewer",
                &crate::load::fingerprint::sha256_hex(SOURCE),
                note.map(Into::into),
            ),
        }
    }

    fn written(yaml: &str, r: &Reviewing) -> Result<String, Unplaced> {
        let sources = [("s.txt", SOURCE)];
        let reader = MemorySources(&sources);
        let check = Check {
            name: "c.yaml",
            sources: &reader,
        };
        let patch = set_review(&check, yaml, r)?;
        Ok(
            String::from_utf8(crate::yaml::patch::apply(yaml.as_bytes(), &[patch]).unwrap())
                .unwrap(),
        )
    }

    #[test]
    fn a_review_goes_under_its_citation_and_replaces_one_there() {
        let before = yaml("");
        let r = reviewing(0, Verdict::Verified, None);
        let after = written(&before, &r).unwrap();
        let block = r.yaml("        ", "\n");
        assert_eq!(after, yaml(&block));
        let disputed = reviewing(0, Verdict::Disputed, Some("not what it says"));
        let again = written(&after, &disputed).unwrap();
        assert_eq!(again, yaml(&disputed.yaml("        ", "\n")));
        let second = written(&before, &reviewing(1, Verdict::Verified, None)).unwrap();
        assert!(
            second.contains(
                "        quote: \"on Monday\"\n        review:\n          status: verified\n"
            ),
            "{second}"
        );
    }

    #[test]
    fn no_such_event_or_citation_is_refused() {
        let before = yaml("");
        let mut r = reviewing(5, Verdict::Verified, None);
        assert!(matches!(written(&before, &r), Err(Unplaced::Layout(_))));
        r.citation = 0;
        r.event = "b".into();
        assert!(matches!(written(&before, &r), Err(Unplaced::Layout(_))));
    }
}
