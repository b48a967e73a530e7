//! `check --fix`: the edits to make to a chronology file, computed purely from the text that was
//! read and the problems its load found.
//!
//! What is fixed, and only that: a quote that no longer anchors is replaced by the passage that
//! now stands in the source, when the suggestion is confident (see `validate::suggest`); a
//! doubtful one stays a problem for the author. Fingerprints (`sha256:`) are left alone: taking
//! one is a statement that the citations were checked against the file, made on purpose with
//! `check --pin` ([`super::pin`]), as a newsroom pins its sources at publication. A fix that
//! pinned every source unasked made correcting a typo in one's own copy of a source an error.
//!
//! Each edit is a byte-range patch of one value ([`crate::yaml::Patch`]), so every other byte
//! (comments, order, line endings, the quoting style of the other values) stays as it was, and
//! a rewritten quote keeps its own quoting style where the new text allows ([`scalar::encode`]).
//! Nothing is patched on trust: the value found at a problem's position must read back as the
//! value the loader read there, and the patched text must parse with every new value in place
//! ([`plan`] checks both), or the edit is not made.

use std::collections::HashMap;

use super::schema::{FileDoc, Located};
use super::{parse, strip_bom};
use crate::problem::Problem;
use crate::text::lines::Lines;
use crate::yaml::Patch;
use crate::yaml::patch::apply;
use crate::yaml::scalar;

/// The edits for one file, and what could not be done.
#[derive(Debug, Default)]
pub struct Plan {
    pub patches: Vec<Patch>,
    /// Each edit in words, in file order (`event "x": quote rewritten`).
    pub done: Vec<String>,
    /// What was fixable but left alone, and why.
    pub skipped: Vec<String>,
    /// The sources' paths as written (relative to the chronology's folder): never written.
    pub sources: Vec<String>,
}

/// Why an edit was not made (it is then listed as skipped), or why nothing is to be written
/// (the patched text would not read back). Messages follow the entity they are about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// The parser's position for the value is not in the text (a bug, or another text).
    #[error("its position is not in the file")]
    NoPosition,
    /// The value is not a scalar on one line that the patch can replace.
    #[error(
        "it is written in a form `--fix` does not edit (a block or multi-line plain scalar); paste the new value yourself"
    )]
    UneditableForm,
    /// `--pin` inserts `sha256:` on a line after `path:`, which needs `path:` on its own line.
    #[error("`path:` is not on a line of its own in block style; add `sha256:` yourself")]
    PathNotOwnLine,
    /// The patches overlap or fall outside the text.
    #[error(transparent)]
    Patch(#[from] crate::yaml::patch::PatchError),
    /// The patched text is not UTF-8.
    #[error(transparent)]
    NotUtf8(#[from] std::string::FromUtf8Error),
    /// The patched text no longer parses.
    #[error("{0}")]
    Unparsable(Box<Problem>),
    /// The patched text parses, but a value is not the new one.
    #[error("the fixed file would not read back as intended ({want:?} became {got:?})")]
    NotAsIntended { want: String, got: Option<String> },
}

/// A value the patched file must hold.
pub(super) enum Target {
    Quote { event: usize, citation: usize },
    Sha { source: usize },
}

/// The edits `--fix` makes to `yaml` (the file's text as read, called `name` in messages),
/// given `problems`, the problems its load found (none when it loaded).
///
/// # Errors
/// The patched text would not read back with the new values in place (a bug; nothing is to be
/// written).
pub fn plan(name: &str, yaml: &str, problems: &[Problem]) -> Result<Plan, FixError> {
    let mut plan = Plan::default();
    // A file that does not parse has nothing this can fix.
    let Ok(doc) = parse::<Located>(name, strip_bom(yaml)) else {
        return Ok(plan);
    };
    plan.sources = source_paths(&doc);
    let mut quotes: HashMap<(u64, u64), (usize, usize, String)> = HashMap::new();
    for (e, event) in doc.events.iter().enumerate() {
        let citations = event.value.citations.as_ref().map(|c| &c.value[..]);
        for (c, citation) in citations.unwrap_or_default().iter().enumerate() {
            if let Some(q) = &citation.value.quote
                && let Some(at) = q.pos()
            {
                quotes.insert(at, (e, c, q.value.clone()));
            }
        }
    }
    let mut targets: Vec<(Target, String)> = Vec::new();
    // Found once: each position is then a binary search away, not a scan from the top.
    let lines = Lines::new(yaml);
    for p in problems {
        let (Some(at), Some("citations.quote"), Some(s)) =
            (p.position, p.field.as_deref(), &p.suggestion)
        else {
            continue;
        };
        let Some((event, citation, written)) = quotes.get(&at) else {
            continue;
        };
        if !s.confident {
            continue;
        }
        let entity = p.entity.as_deref().unwrap_or("");
        match replace_value(&lines, at, written, &s.replacement) {
            Ok(patch) => {
                plan.patches.push(patch);
                plan.done.push(format!(
                    "{entity}: quote rewritten to the passage in the source"
                ));
                let target = Target::Quote {
                    event: *event,
                    citation: *citation,
                };
                targets.push((target, s.replacement.clone()));
            }
            Err(why) => plan.skipped.push(format!("{entity}: {why}")),
        }
    }
    plan.patches.sort_by_key(|p| p.range.start);
    if !plan.patches.is_empty() {
        read_back(name, yaml, &plan.patches, &targets)?;
    }
    Ok(plan)
}

/// The sources' paths as written, which no edit may write.
pub(super) fn source_paths(doc: &FileDoc<Located>) -> Vec<String> {
    doc.sources
        .iter()
        .filter_map(|s| s.value.path.as_ref().map(|p| p.value.clone()))
        .collect()
}

/// The patch replacing the scalar at `at`, which must read as `written`, by `new` in the same
/// style.
pub fn replace_value(
    lines: &Lines<'_>,
    at: (u64, u64),
    written: &str,
    new: &str,
) -> Result<Patch, FixError> {
    let yaml = lines.text();
    let start = offset(lines, at).ok_or(FixError::NoPosition)?;
    let (style, range) = scalar::span(yaml, start).ok_or(FixError::UneditableForm)?;
    if scalar::decode(style, &yaml[range.clone()]).as_deref() != Some(written) {
        return Err(FixError::UneditableForm);
    }
    Ok(Patch {
        range,
        text: scalar::encode(new, style),
    })
}

/// The byte offset of a parser position.
pub(super) fn offset(lines: &Lines<'_>, at: (u64, u64)) -> Option<usize> {
    lines.place(at).map(|p| p.offset)
}

/// Parses the patched text and checks that every target holds its new value.
pub(super) fn read_back(
    name: &str,
    yaml: &str,
    patches: &[Patch],
    targets: &[(Target, String)],
) -> Result<(), FixError> {
    let bytes = apply(yaml.as_bytes(), patches)?;
    let text = String::from_utf8(bytes)?;
    let doc: FileDoc<Located> =
        parse::<Located>(name, strip_bom(&text)).map_err(FixError::Unparsable)?;
    for (target, want) in targets {
        let got = match target {
            Target::Quote { event, citation } => doc
                .events
                .get(*event)
                .and_then(|e| e.value.citations.as_ref())
                .and_then(|c| c.value.get(*citation))
                .and_then(|c| c.value.quote.as_ref())
                .map(|q| q.value.as_str()),
            Target::Sha { source } => doc
                .sources
                .get(*source)
                .and_then(|s| s.value.sha256.as_ref())
                .map(|s| s.value.as_str()),
        };
        if got != Some(want.as_str()) {
            return Err(FixError::NotAsIntended {
                want: want.clone(),
                got: got.map(str::to_string),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::MemorySources;

    const SOURCE: &str = "The envoy said the talks had ended for now, after a long night.\n";

    fn yaml(quote_line: &str, sha: &str) -> String {
        format!(
            "# top comment\ntitle: T\nsources:\n  - id: src   # the one\n    title: S\n    path: s.txt{sha}\nactors:\n  - id: a\n    name: A\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n      - source: src\n        quote: {quote_line}\n"
        )
    }

    fn fixed(text: &str) -> (Plan, String) {
        let reader = MemorySources(&[("s.txt", SOURCE)]);
        let problems = match crate::load::load_str("c.yaml", text, &reader) {
            Ok(_) => Vec::new(),
            Err(p) => p.0,
        };
        let plan = plan("c.yaml", text, &problems).unwrap();
        let new = String::from_utf8(apply(text.as_bytes(), &plan.patches).unwrap()).unwrap();
        (plan, new)
    }

    #[test]
    fn a_typo_is_fixed_in_each_style_and_no_fingerprint_is_written() {
        for (quote, want) in [
            (
                "\"the talks had endd for now\"  # typo",
                "\"the talks had ended for now\"  # typo",
            ),
            (
                "'the talks had endd for now'",
                "'the talks had ended for now'",
            ),
            ("the talks had endd for now", "the talks had ended for now"),
        ] {
            let text = yaml(quote, "");
            let (plan, new) = fixed(&text);
            assert_eq!(
                plan.done,
                ["event \"e1\": quote rewritten to the passage in the source"]
            );
            assert_eq!(new, yaml(want, ""));
            let reader = MemorySources(&[("s.txt", SOURCE)]);
            crate::load::load_str("c.yaml", &new, &reader).unwrap();
        }
    }

    #[test]
    fn a_stale_fingerprint_is_left_to_pin() {
        let stale = format!("\n    sha256: {}", "0".repeat(64));
        let text = yaml("\"the talks had endd for now\"", &stale);
        let (plan, new) = fixed(&text);
        assert_eq!(plan.done.len(), 1, "the quote only: {plan:?}");
        assert!(new.contains(&stale), "{new}");
    }

    #[test]
    fn columns_count_characters_in_a_flow_mapping() {
        let text = yaml("ignored", "").replace(
            "      - source: src\n        quote: ignored\n",
            "      - {note: \"\u{e9}t\u{e9} \u{1F600}\", source: src, quote: \"the talks had endd for now\"}\n",
        );
        let (plan, new) = fixed(&text);
        assert_eq!(plan.done.len(), 1, "{plan:?}");
        assert!(
            new.contains("source: src, quote: \"the talks had ended for now\"}\n"),
            "{new}"
        );
    }

    #[test]
    fn each_refusal_is_a_variant_with_the_words_it_had() {
        let text = "quote: |\n  the talks\nother: \"x\"\n";
        let lines = Lines::new(text);
        assert_eq!(
            replace_value(&lines, (1, 8), "the talks\n", "new"),
            Err(FixError::UneditableForm)
        );
        assert_eq!(
            replace_value(&lines, (99, 1), "x", "new"),
            Err(FixError::NoPosition)
        );
        // A value that does not read as the one the loader read is not replaced.
        assert_eq!(
            replace_value(&lines, (3, 8), "y", "new"),
            Err(FixError::UneditableForm)
        );
        assert_eq!(
            FixError::UneditableForm.to_string(),
            "it is written in a form `--fix` does not edit (a block or multi-line plain scalar); paste the new value yourself"
        );
        // A patch that would leave another value than intended is refused, in words.
        let source = yaml("\"the talks had ended\"", "");
        let at = source.find("\"the talks").unwrap();
        let patch = Patch {
            range: at..at + "\"the talks had ended\"".len(),
            text: "\"something else\"".into(),
        };
        let target = (
            Target::Quote {
                event: 0,
                citation: 0,
            },
            "the talks ended".to_string(),
        );
        let why = read_back("c.yaml", &source, &[patch], &[target]).unwrap_err();
        assert_eq!(
            why,
            FixError::NotAsIntended {
                want: "the talks ended".into(),
                got: Some("something else".into())
            }
        );
        assert_eq!(
            why.to_string(),
            "the fixed file would not read back as intended (\"the talks ended\" became Some(\"something else\"))"
        );
    }

    #[test]
    fn block_quotes_are_left_alone() {
        let text = "title: T\nsources:\n  - {id: src, title: S, path: s.txt}\nactors:\n  - id: a\n    name: A\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n      - source: src\n        quote: >\n          the talks had endd for now\n";
        let (plan, new) = fixed(text);
        assert!(plan.patches.is_empty(), "{plan:?}");
        assert_eq!(new, text);
        assert_eq!(plan.skipped.len(), 1, "{plan:?}");
    }

    #[test]
    fn twenty_thousand_fixes_after_a_million_lines_cost_their_lines() {
        // Each position was turned into a byte offset by counting lines from the top: 20,000
        // times a million lines, minutes. The line starts are now found once.
        let n = 20_000;
        let mut yaml =
            String::from("title: T\nsources: [{id: s, title: S, path: s.txt}]\nactors: []\n");
        yaml.push_str(&"\n".repeat(1_000_000));
        yaml.push_str("events:\n");
        let first = yaml.matches('\n').count() + 1;
        let mut problems = Vec::with_capacity(n);
        for i in 0..n {
            let line = format!(
                "  - {{id: e{i}, date: '2024', title: E, citations: [{{source: s, quote: \"old {i}\"}}]}}\n"
            );
            let column = line.find('"').unwrap() + 1;
            let mut p = Problem::new("c.yaml", "quote not found in source \"s\"")
                .at(Some((
                    u64::try_from(first + i).unwrap(),
                    u64::try_from(column).unwrap(),
                )))
                .entity(Some(format!("event \"e{i}\"")))
                .field("citations.quote");
            p.suggestion = Some(crate::problem::Suggestion {
                replacement: format!("new {i}"),
                confident: true,
                from: None,
            });
            problems.push(p);
            yaml.push_str(&line);
        }
        let plan = plan("c.yaml", &yaml, &problems).unwrap();
        let rewritten = plan
            .done
            .iter()
            .filter(|d| d.ends_with("quote rewritten to the passage in the source"))
            .count();
        assert_eq!(
            rewritten,
            n,
            "{:?}",
            &plan.skipped[..plan.skipped.len().min(3)]
        );
        let new = String::from_utf8(apply(yaml.as_bytes(), &plan.patches).unwrap()).unwrap();
        assert!(new.contains("quote: \"new 19999\"}]}\n"));
    }
}
