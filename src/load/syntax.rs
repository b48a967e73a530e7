//! A YAML error, turned into a problem a user can act on.
//!
//! serde-saphyr's messages speak to programmers and point at a position only; this module
//! adds what the text around that position makes clear: the entity the error falls in, the
//! field when a value stands where a list belongs, and a help line. It reads the raw text,
//! because a file that does not parse has no structure to ask.
//!
//! A file with none of a chronology's top-level keys is not treated as a broken chronology but
//! as some other file: a link, a typo or a shell completion can name `~/.git-credentials` or
//! `/etc/shadow`, and serde-saphyr's messages quote what they stumble on (``unknown field
//! `root:*:19000:…` ``). Its problem says where parsing stopped and nothing of what is there.

use super::limits;
use crate::problem::Problem;
use crate::text::nearby::Ranking;

/// The keys a chronology's top level may hold.
const TOP_KEYS: [&str; 5] = ["title", "sources", "actors", "periods", "events"];

/// Whether `yaml` has a line starting with one of a chronology's top-level keys (`title:`,
/// `events:` …, quoted or after a flow mapping's `{`): a broken chronology does, another file
/// (credentials, a key, JSON settings) almost never.
pub(super) fn reads_as_chronology(yaml: &str) -> bool {
    let yaml = yaml.strip_prefix('\u{FEFF}').unwrap_or(yaml);
    yaml.lines().any(|line| {
        let line = line.strip_prefix('{').map_or(line, str::trim_start);
        let line = line.strip_prefix(['"', '\'']).unwrap_or(line);
        TOP_KEYS.iter().any(|key| {
            line.strip_prefix(key).is_some_and(|rest| {
                rest.strip_prefix(['"', '\''])
                    .unwrap_or(rest)
                    .trim_start_matches([' ', '\t'])
                    .starts_with(':')
            })
        })
    })
}

/// Turns a serde-saphyr error into a problem, naming the entity it occurred in when the text
/// makes that clear; for a file that is no chronology, only where parsing stopped.
pub(super) fn yaml_problem(name: &str, yaml: &str, e: &serde_saphyr::Error) -> Problem {
    let location = e.location();
    let position = location.map(|l| (l.line(), l.column()));
    if !reads_as_chronology(yaml) {
        return Problem::new(
            name,
            "does not read as a chronology: no line starts with `title:`, `sources:`, `actors:`, `periods:` or `events:`, so none of it is shown",
        )
        .at(position)
        .help("name the chronology's YAML file (see \"The chronology format\" in the README)");
    }
    if let serde_saphyr::Error::SerdeUnknownField {
        field, expected, ..
    } = e.without_snippet()
    {
        let problem = Problem::new(name, format!("unknown field `{field}`"))
            .at(position)
            .help(unknown_field_help(field, expected));
        return with_entity(problem, yaml, position);
    }
    let mut message = e.without_snippet().to_string();
    if let Some(limit) = limits::describe_breach(&message, yaml.len()) {
        message = format!("refused: {limit}");
    } else if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    // serde-saphyr speaks to programmers here; the user has no options to set.
    if let Some(cut) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(cut);
    }
    let line_text = position.and_then(|(line, _)| {
        yaml.lines()
            .nth(usize::try_from(line).ok()?.checked_sub(1)?)
    });
    // The key on the offending line, when it is a `key: value` line.
    let key = line_text.and_then(|l| {
        let (key, value) = l.trim_start().trim_start_matches("- ").split_once(':')?;
        let key = key.trim();
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| (key.to_string(), value.trim().to_string()))
    });
    // A value where a list belongs is the one case where the line tells the field.
    let (help, field) = if message.contains("expected sequence start") {
        match key {
            Some((key, value)) => (
                format!(
                    "`{key}` takes a list: write `{key}: [{value}]`, or one `- item` per line below it"
                ),
                Some(key),
            ),
            None => (
                "this field takes a list: write `[a, b]`, or one `- item` per line".to_string(),
                None,
            ),
        }
    } else {
        let help = if message.contains("missing field") {
            "add the field"
        } else if message.starts_with("refused: ") {
            "the file exceeds a safety limit of the loader (see \"Input limits\" in the README)"
        } else if message.contains("duplicate mapping key") {
            "remove one of the two keys"
        } else {
            "fix the YAML at that position"
        };
        (help.to_string(), None)
    };
    let problem = with_entity(
        Problem::new(name, message).at(position).help(help),
        yaml,
        position,
    );
    match field {
        Some(field) => problem.field(&field),
        None => problem,
    }
}

/// What to say of a misspelt field: the one most likely meant, then a handful of the others.
fn unknown_field_help(field: &str, expected: &[&str]) -> String {
    let ranking = Ranking::of(field, expected.iter().copied());
    let near = ranking.nearby(None);
    let listed = near.listed(|f| format!("`{f}`"));
    match (near.did_you_mean(|f| format!("`{f}`")), listed) {
        (meant, Some(listed)) if near.meant.is_some() => {
            format!("{meant}the others here: {listed}")
        }
        (meant, None) if near.meant.is_some() => meant.trim_end().to_string(),
        (_, Some(listed)) => format!("check its spelling; the fields here: {listed}"),
        (_, None) => "remove it: nothing else is allowed here".to_string(),
    }
}

/// `problem` naming the entity its position falls in, when the text makes that clear.
fn with_entity(problem: Problem, yaml: &str, position: Option<(u64, u64)>) -> Problem {
    problem.entity(position.and_then(|(line, _)| entity_around(yaml, line)))
}

/// The entity a YAML error at `line` falls in, found by reading upward for `- id:` under its
/// section. Only used to enrich parse errors, where no structure is available.
fn entity_around(yaml: &str, line: u64) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().take(usize::try_from(line).ok()?).collect();
    let mut id = None;
    for l in lines.iter().rev() {
        let trimmed = l.trim_start();
        if id.is_none() {
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
            if let Some(v) = body.strip_prefix("id:") {
                let v = v.trim().trim_matches(['"', '\'']);
                if !v.is_empty() && l.starts_with(' ') {
                    id = Some(v.to_string());
                }
            }
        }
        if !l.starts_with([' ', '\t', '#', '-']) && !l.is_empty() {
            let kind = match l.split(':').next()?.trim() {
                "events" => "event",
                "actors" => "actor",
                "sources" => "source",
                _ => return None,
            };
            return Some(match id {
                Some(id) => format!("{kind} \"{id}\""),
                None => kind.to_string(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::reads_as_chronology;

    #[test]
    fn a_chronology_reads_as_one_and_other_files_do_not() {
        for yes in [
            "title: T\n",
            "\u{FEFF}# notes\nevents: []\n",
            "\"sources\" : []\n",
            "{title: T, events: []}\n",
            "---\nactors:\n  - id: a\n",
            "title: \"unclosed\n",
        ] {
            assert!(reads_as_chronology(yes), "{yes:?}");
        }
        for no in [
            "https://user:SECRETTOKEN@github.com\n",
            "root:*:19000:0:99999:7:::\n",
            "{\"auths\": {\"x\": {\"auth\": \"t\"}}}\n",
            "apiVersion: v1\n  title: nested\n",
            "titles: x\n",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n",
            "",
        ] {
            assert!(!reads_as_chronology(no), "{no:?}");
        }
    }
}
