//! The drifted corpus: chronologies whose quotes were copied from an earlier version of
//! `tests/drifted/article.txt`, the seed article since edited (a word changed, a typo fixed, a
//! comma dropped, a number written out, "not" turned into "now", lines re-wrapped and a word
//! broken by a hyphen, a sentence moved), or from another text entirely.
//!
//! Each `tests/drifted/NAME.yaml` says in `# want:` lines, one per quote in order, what the quote
//! must get: `ok` (it still anchors), `confident` (a suggestion `check --fix` applies),
//! `doubtful` (a suggestion left to the author), `none` (no suggestion), `ambiguous` (its
//! occurrences listed). The snapshot `tests/snapshots/check_messages__check@NAME.yaml.snap` pins
//! the whole output of `sourceline check` on it; a change leaves a `.snap.new` to review
//! (`cargo insta review`). `want:` is checked apart from the snapshots, so accepting a snapshot
//! can never turn a refusal into a guess.

mod common;

use std::path::{Path, PathBuf};

use sourceline::{Input, LoadOptions, Problem, load};

const DIR: &str = "tests/drifted";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = common::sourceline()
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_drifted_chronology_gives_its_pinned_check_output() {
    insta::glob!("drifted/*.yaml", |path| {
        // As a reader types it, so messages name the files that way.
        let path = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let r = run(&["check", path.to_str().unwrap()]);
        assert!(!r.stderr.contains('\x1b'), "piped output has no colour");
        insta::assert_snapshot!(
            "check",
            format!(
                "exit {:?}\n--- stdout\n{}--- stderr\n{}",
                r.code, r.stdout, r.stderr
            )
        );
    });
}

/// The `# want:` lines of a case, and the 1-based line of each `quote:`.
fn wants(path: &Path) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(path).unwrap();
    let wants: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# want: "))
        .map(str::to_string)
        .collect();
    let quotes: Vec<u64> = (1..)
        .zip(text.lines())
        .filter(|(_, l)| l.trim_start().starts_with("quote:"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        wants.len(),
        quotes.len(),
        "{}: one want a quote",
        path.display()
    );
    wants.into_iter().zip(quotes).collect()
}

#[test]
fn every_quote_gets_the_answer_it_wants() {
    let files = corpus();
    assert!(files.len() >= 10, "{} cases", files.len());
    let mut wrong = Vec::new();
    for path in &files {
        let problems: Vec<Problem> = match load(Input::File(path), &LoadOptions::default()).result {
            Ok(_) => Vec::new(),
            Err(p) => p.0,
        };
        for (want, line) in wants(path) {
            let problem = problems.iter().find(|p| {
                p.position.map(|p| p.0) == Some(line)
                    && p.field.as_deref() == Some("citations.quote")
            });
            let got = match problem {
                None => "ok",
                Some(p) if p.message.contains(" times ") => "ambiguous",
                Some(p) => match &p.suggestion {
                    Some(s) if s.confident => "confident",
                    Some(_) => "doubtful",
                    None => "none",
                },
            };
            if got != want {
                wrong.push(format!(
                    "{}:{line}: wants {want}, got {got}",
                    path.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_stale_fingerprint_says_which_quotes_still_anchor() {
    let problems = load(
        Input::File(Path::new("tests/drifted/fingerprint-stale.yaml")),
        &LoadOptions::default(),
    )
    .result
    .unwrap_err()
    .0;
    let sha = problems
        .iter()
        .find(|p| p.field.as_deref() == Some("sha256"))
        .expect("a problem at `sha256:`");
    assert_eq!(sha.position, Some((12, 13)));
    assert!(sha.message.contains("no longer matches its fingerprint"));
    let help = sha.help.as_deref().unwrap();
    assert!(
        help.contains("1 of its 4 quotes still anchor exactly"),
        "{help}"
    );
    assert!(
        help.contains(
            "only approximately: event \"warning\" (line 25), event \"warning\" (line 27)"
        ),
        "{help}"
    );
    assert!(
        help.contains("not at all: event \"warning\" (line 29)"),
        "{help}"
    );
    // Not every quote still anchors exactly, so `--pin` may not take the digest as it is.
    assert!(!sha.suggestion.as_ref().unwrap().confident);
    // Each quote that no longer anchors says why.
    let changed = problems
        .iter()
        .filter(|p| {
            p.help
                .as_deref()
                .unwrap()
                .starts_with("the source changed since")
        })
        .count();
    assert_eq!(changed, 3);
}

/// The prefixes `check --format json` lists for the first problem of `path`, each with the
/// 1-based line and column of its occurrence in the source.
fn listed_prefixes(path: &str) -> Vec<(String, u64, u64)> {
    let r = run(&["check", "--format", "json", path]);
    let problem: serde_json::Value =
        serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    problem["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|place| {
            let label = place["label"].as_str().unwrap();
            let pasted = &label[label.find("prefix: ").expect(label)..];
            // Ready to paste: the label's `prefix: "…"` is YAML as it stands.
            let yaml: serde_yaml::Value = serde_yaml::from_str(pasted).unwrap();
            (
                yaml["prefix"].as_str().unwrap().to_string(),
                place["line"].as_u64().unwrap(),
                place["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_listed_prefix_pasted_into_the_yaml_makes_check_pass_at_its_occurrence() {
    let listed = listed_prefixes("tests/drifted/ambiguous.yaml");
    assert_eq!(listed.len(), 2, "{listed:?}");
    let yaml = std::fs::read_to_string("tests/drifted/ambiguous.yaml").unwrap();
    let article = std::fs::read_to_string("tests/drifted/article.txt").unwrap();
    for (prefix, line, column) in listed {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".sourceline"), "").unwrap();
        std::fs::write(dir.path().join("article.txt"), &article).unwrap();
        // The paste: the line under the quote, as an author would add it.
        let pasted = yaml.replace(
            "        quote: \"the Islamic\"\n",
            &format!(
                "        quote: \"the Islamic\"\n        prefix: {}\n",
                serde_json::to_string(&prefix).unwrap()
            ),
        );
        assert_ne!(pasted, yaml);
        let file = dir.path().join("c.yaml");
        std::fs::write(&file, &pasted).unwrap();
        let r = run(&["check", file.to_str().unwrap()]);
        assert_eq!(r.code, Some(0), "prefix {prefix:?}: {}", r.stderr);
        // And it picks the occurrence it was listed for.
        let c = load(Input::File(&file), &LoadOptions::default())
            .result
            .unwrap();
        let range = c.events[0].citations[0].range.clone();
        let before = &article[..range.start];
        let at_line = before.matches('\n').count() as u64 + 1;
        let at_column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count() as u64
            + 1;
        assert_eq!((at_line, at_column), (line, column), "prefix {prefix:?}");
    }
}

#[test]
fn json_objects_parse_and_carry_every_field() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "tests/drifted/fingerprint-stale.yaml",
    ]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr, "4 problems found\n");
    let objects: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 4);
    for o in &objects {
        for key in [
            "file",
            "line",
            "column",
            "end",
            "entity",
            "field",
            "severity",
            "message",
            "help",
            "suggestion",
        ] {
            assert!(o.get(key).is_some(), "no {key} in {o}");
        }
        assert_eq!(o["file"], "tests/drifted/fingerprint-stale.yaml");
        assert_eq!(o["severity"], "error");
    }
    assert_eq!(objects[0]["field"], "sha256");
    assert_eq!(
        objects[0]["suggestion"]["replacement"],
        common::sha256_hex(std::fs::read_to_string("tests/drifted/article.txt").unwrap())
    );
    // The typo: a confident suggestion, with the place in the source it comes from.
    let typo = &objects[1];
    assert_eq!(
        (typo["line"].as_u64(), typo["column"].as_u64()),
        (Some(25), Some(16))
    );
    assert_eq!(typo["end"]["line"], 25);
    assert_eq!(typo["end"]["column"], 78);
    let s = &typo["suggestion"];
    assert_eq!(
        s["replacement"],
        "The U.S. government recently issued a private warning to Iran"
    );
    assert_eq!(s["confident"], true);
    assert_eq!(s["source"]["file"], "tests/drifted/article.txt");
    assert_eq!(s["source"]["line"], 4);
    assert_eq!(s["source"]["column"], 14);
    assert_eq!(s["source"]["text"], s["replacement"]);
    // Nothing close: no suggestion.
    assert!(objects[3]["suggestion"].is_null());

    // A good file: nothing on stdout, the summary on stderr.
    let r = run(&[
        "check",
        "--format",
        "json",
        "tests/drifted/rewrapped-lines.yaml",
    ]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains(": ok — "), "{}", r.stderr);
}

#[test]
fn the_readme_examples_of_check_are_what_check_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut shown = 0;
    for (at, _) in readme.match_indices("```\n$ sourceline check tests/") {
        let command_start = at + "```\n$ ".len();
        let command_end = command_start + readme[command_start..].find('\n').unwrap();
        let args: Vec<&str> = readme[command_start..command_end]
            .split_whitespace()
            .skip(1)
            .collect();
        let body = &readme[command_end + 1..];
        let body = &body[..body.find("```").unwrap()];
        let r = run(&args);
        assert_eq!(r.stderr, body, "README.md's example of `{args:?}` is stale");
        shown += 1;
    }
    assert!(shown >= 3, "the README shows {shown} examples of check");
}
