//! `check --pin`: a fingerprint (`sha256:`) for every source, taken on purpose.
//!
//! A fingerprint says the citations were checked against the file as it is: a newsroom takes
//! them at publication, and later edits to a source then show (see [`super::fingerprint`]).
//! So pinning is its own step, never a side effect of `--fix`, and it is refused while the
//! chronology has any problem other than its fingerprints: a quote that does not anchor has not
//! been checked against anything. When the only problems are stale fingerprints whose quotes all
//! still anchor (the loader's suggestion says so), they are replaced.
//!
//! For each source: a missing `sha256:` is written on its own line after `path:`, indented like
//! it; a stale one is replaced by the digest of the file the load checked; a malformed one by
//! the file's digest. Edits are byte-range patches read back before anything is written, as
//! `--fix`'s are ([`super::fix`]).

use std::collections::HashMap;

use super::fingerprint::sha256_hex;
use super::fix::{FixError, Plan, Target, offset, read_back, replace_value, source_paths};
use super::schema::Located;
use super::{SourceReader, parse, strip_bom};
use crate::problem::Problem;
use crate::text::lines::Lines;
use crate::yaml::Patch;
use crate::yaml::scalar;

/// The edits `--pin` makes to `yaml` (the file's text as read, called `name` in messages),
/// given `problems`, the problems its load found (none when it loaded), reading the sources
/// through `reader` for the digests the problems do not carry.
///
/// # Errors
/// The patched text would not read back with the new values in place (a bug; nothing is to be
/// written).
pub fn plan(
    name: &str,
    yaml: &str,
    problems: &[Problem],
    reader: &dyn SourceReader,
) -> Result<Plan, FixError> {
    let mut plan = Plan::default();
    let Ok(doc) = parse::<Located>(name, strip_bom(yaml)) else {
        return Ok(plan);
    };
    plan.sources = source_paths(&doc);
    let others = problems
        .iter()
        .filter(|p| p.field.as_deref() != Some("sha256"))
        .count();
    if others > 0 {
        plan.skipped.push(format!(
            "no source: the chronology has {others} problem{} besides fingerprints, and a fingerprint says every quote was checked against its source; fix {}, then pin",
            if others == 1 { "" } else { "s" },
            if others == 1 { "it" } else { "them" },
        ));
        return Ok(plan);
    }
    // The digest of each stale fingerprint, as the load found it, by where it is written.
    let stale: HashMap<(u64, u64), &str> = problems
        .iter()
        .filter_map(|p| Some((p.position?, p.suggestion.as_ref()?)))
        .map(|(at, s)| (at, s.replacement.as_str()))
        .collect();
    let lines = Lines::new(yaml);
    let mut targets: Vec<(Target, String)> = Vec::new();
    for (s, source) in doc.sources.iter().enumerate() {
        let d = &source.value;
        let Some(file) = &d.path else {
            continue;
        };
        let entity = match &d.id {
            Some(id) => format!("source \"{}\"", id.value),
            None => format!("source #{}", s + 1),
        };
        let written = d.sha256.as_ref();
        let at = written.and_then(super::schema::At::pos);
        let known = at.and_then(|at| stale.get(&at)).map(|d| (*d).to_string());
        let malformed = at.is_some_and(|at| problems.iter().any(|p| p.position == Some(at)));
        if written.is_some() && known.is_none() && !malformed {
            continue; // it matches: the load would have said otherwise
        }
        let digest = match known {
            Some(digest) => digest,
            // Unreadable sources are problems of their own, which stop pinning above.
            None => match reader.read(&file.value) {
                Ok(bytes) => sha256_hex(&bytes),
                Err(_) => continue,
            },
        };
        let (patch, what) = match (written, at) {
            (Some(w), Some(at)) => (
                replace_value(&lines, at, &w.value, &digest),
                "`sha256` updated",
            ),
            _ => (
                insert_after(
                    &lines,
                    file.pos(),
                    &file.value,
                    &format!("sha256: {digest}"),
                ),
                "`sha256` written",
            ),
        };
        match patch {
            Ok(patch) => {
                plan.patches.push(patch);
                plan.done.push(format!("{entity}: {what}"));
                targets.push((Target::Sha { source: s }, digest));
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

/// The patch inserting `line` after the line of the `key: value` whose value (reading as
/// `written`) is at `at`, indented like that key.
fn insert_after(
    lines: &Lines<'_>,
    at: Option<(u64, u64)>,
    written: &str,
    line: &str,
) -> Result<Patch, FixError> {
    const FORM: FixError = FixError::PathNotOwnLine;
    let yaml = lines.text();
    let start = at
        .and_then(|at| offset(lines, at))
        .ok_or(FixError::NoPosition)?;
    let (style, range) = scalar::span(yaml, start).ok_or(FORM)?;
    if scalar::decode(style, &yaml[range.clone()]).as_deref() != Some(written) {
        return Err(FORM);
    }
    let line_start = yaml[..start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &yaml[line_start..start];
    let key = lead.trim_end();
    let Some(before_key) = key.strip_suffix("path:") else {
        return Err(FORM);
    };
    // The key may follow the list item's dash: `  - path: x`.
    if !before_key.chars().all(|c| c == ' ' || c == '-') || before_key.matches('-').count() > 1 {
        return Err(FORM);
    }
    let indent = before_key.chars().count();
    let rest_of_line = &yaml[range.end..];
    let line_end = rest_of_line
        .find('\n')
        .map_or(yaml.len(), |i| range.end + i);
    let tail = yaml[range.end..line_end].trim();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return Err(FORM);
    }
    let crlf = yaml[..line_end].ends_with('\r');
    let eol = if crlf { "\r\n" } else { "\n" };
    let new_line = format!("{}{line}{eol}", " ".repeat(indent));
    Ok(if line_end == yaml.len() {
        Patch::insert(line_end, format!("{eol}{}", new_line.trim_end_matches(eol)))
    } else {
        Patch::insert(line_end + 1, new_line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::MemorySources;
    use crate::yaml::patch::apply;

    const SOURCE: &str = "The envoy said the talks had ended for now, after a long night.\n";

    fn yaml(quote: &str, sha: &str) -> String {
        format!(
            "# top comment\ntitle: T\nsources:\n  - id: src   # the one\n    title: S\n    path: s.txt{sha}\nactors:\n  - id: a\n    name: A\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n      - source: src\n        quote: {quote}\n"
        )
    }

    fn pinned(text: &str) -> (Plan, String) {
        let reader = MemorySources(&[("s.txt", SOURCE)]);
        let problems = match crate::load::load_str("c.yaml", text, &reader) {
            Ok(_) => Vec::new(),
            Err(p) => p.0,
        };
        let plan = plan("c.yaml", text, &problems, &reader).unwrap();
        let new = String::from_utf8(apply(text.as_bytes(), &plan.patches).unwrap()).unwrap();
        (plan, new)
    }

    #[test]
    fn a_missing_fingerprint_is_written_under_path() {
        let text = yaml("\"the talks had ended\"  # exact", "");
        let (plan, new) = pinned(&text);
        assert_eq!(plan.done, ["source \"src\": `sha256` written"]);
        let digest = sha256_hex(SOURCE);
        assert_eq!(
            new,
            yaml(
                "\"the talks had ended\"  # exact",
                &format!("\n    sha256: {digest}")
            )
        );
        let reader = MemorySources(&[("s.txt", SOURCE)]);
        crate::load::load_str("c.yaml", &new, &reader).unwrap();
        // Pinned already: nothing to do.
        assert!(pinned(&new).0.patches.is_empty());
    }

    #[test]
    fn a_stale_or_malformed_fingerprint_is_replaced_in_its_own_style() {
        for written in [
            format!("\n    sha256: \"{}\"   # old", "0".repeat(64)),
            "\n    sha256: not-a-digest".to_string(),
        ] {
            let (plan, new) = pinned(&yaml("the talks had ended", &written));
            assert_eq!(plan.done, ["source \"src\": `sha256` updated"], "{written}");
            assert!(new.contains(&sha256_hex(SOURCE)), "{new}");
            assert_eq!(new.contains("\"   # old"), written.contains("# old"));
        }
    }

    #[test]
    fn nothing_is_pinned_while_a_quote_does_not_anchor() {
        let text = yaml("\"the talks had endd for now\"", "");
        let (plan, new) = pinned(&text);
        assert!(plan.patches.is_empty());
        assert_eq!(new, text);
        assert!(
            plan.skipped[0]
                .starts_with("no source: the chronology has 1 problem besides fingerprints"),
            "{plan:?}"
        );
    }

    #[test]
    fn a_flow_style_source_is_left_and_says_why() {
        let text = "title: T\nsources:\n  - {id: src, title: S, path: s.txt}\nactors: []\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n      - source: src\n        quote: the talks\n";
        let (plan, new) = pinned(text);
        assert!(plan.patches.is_empty(), "{plan:?}");
        assert_eq!(new, text);
        assert!(
            plan.skipped[0].starts_with("source \"src\": `path:` is not on a line of its own"),
            "{plan:?}"
        );
    }
}
