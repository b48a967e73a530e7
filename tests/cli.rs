//! The commands as a user runs them: output, exit codes, filters.
//!
//! Exit codes: 0 success, 1 a chronology with problems or a bad filter id, 2 a usage error.

mod common;

use std::path::Path;

use sourceline::{Input, LoadOptions, load};

fn sourceline() -> common::Sourceline {
    let mut cmd = common::sourceline();
    // What a user sees by default: no colour codes, no backtraces under error messages.
    cmd.env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = sourceline().args(args).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Stdout of a run that must succeed.
fn stdout(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    r.stdout
}

const MINIMAL: &str = "tests/good/minimal.yaml";

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_summarises_the_embedded_chronology_and_exits_0() {
    // Only the shape of the summary: the shipped data may grow.
    let text = stdout(&["check"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("data/iran-us.yaml (embedded): ok — "),
        "{text}"
    );
    assert!(text.contains(" events, "), "{text}");
    // The same file from disk, from the project folder.
    let text = stdout(&["check", "data/iran-us.yaml"]);
    assert!(text.starts_with("data/iran-us.yaml: ok — "), "{text}");
    assert!(text.contains(" events, "), "{text}");
}

#[test]
fn check_summarises_a_good_file() {
    assert_eq!(
        stdout(&["check", MINIMAL]),
        "tests/good/minimal.yaml: ok — 12 events, 2 actors, 2 sources, 12 citations\n"
    );
}

#[test]
fn the_summary_says_one_of_each_in_the_singular_and_counts_periods() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.txt"), "the talks ended\n").unwrap();
    let one = "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors:\n  - id: a\n    name: A\nperiods:\n  - id: p\n    title: P\n    date: \"2024\"\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    actors: [a]\n    citations:\n      - source: s\n        quote: the talks\n";
    std::fs::write(dir.path().join("c.yaml"), one).unwrap();
    let r = sourceline()
        .args(["check", "c.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "c.yaml: ok — 1 event, 1 actor, 1 source, 1 citation, 1 period\n"
    );
    let two = one.replace(
        "events:\n",
        "  - id: q\n    title: Q\n    date: \"2023\"\nevents:\n  - id: d\n    draft: true\n    title: D\n",
    );
    std::fs::write(dir.path().join("c.yaml"), two).unwrap();
    let r = sourceline()
        .args(["check", "c.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "c.yaml: ok — 2 events, 1 draft, 1 actor, 1 source, 1 citation, 2 periods\n"
    );
}

#[test]
fn check_prints_every_problem_and_exits_1() {
    let r = run(&["check", "tests/bad/problems-in-four-events.yaml"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    for needle in [
        "tests/bad/problems-in-four-events.yaml:15:20: event \"talks\", field `actors`: unknown actor \"isis\"",
        "tests/bad/problems-in-four-events.yaml:20:11: event \"second\", field `date`: bad date: `2023-13`: month 13 does not exist",
        "tests/bad/problems-in-four-events.yaml:30:16: event \"third\", field `citations.quote`: quote not found",
        "tests/bad/problems-in-four-events.yaml:34:22: event \"fourth\", field `related`: unknown event \"nowhere\"",
    ] {
        assert!(
            r.stderr.contains(needle),
            "{needle:?} not in:\n{}",
            r.stderr
        );
    }
    assert_eq!(r.stderr.matches("\n   = help: ").count(), 4, "{}", r.stderr);
    assert!(r.stderr.ends_with("\n4 problems found\n"), "{}", r.stderr);
}

#[test]
fn the_readme_example_of_check_is_what_check_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let prompt = "$ sourceline check tests/";
    let mut seen = 0;
    for (at, _) in readme.match_indices(prompt) {
        let line_end = at + readme[at..].find('\n').unwrap();
        let file = &readme[at + "$ sourceline check ".len()..line_end];
        let start = line_end + 1;
        let shown = &readme[start..start + readme[start..].find("```").unwrap()];
        let r = run(&["check", file]);
        assert_eq!(r.code, Some(1), "{file}");
        assert_eq!(
            r.stderr, shown,
            "README.md's example output of `check {file}` is stale"
        );
        seen += 1;
    }
    assert!(
        seen >= 2,
        "the README shows `check` on the drifted and ambiguous examples"
    );
}

#[test]
fn check_prints_exactly_the_corpus_message_for_every_bad_file() {
    // What `check` prints is the loader's message (pinned by the snapshots of
    // tests/bad_inputs.rs), drawn with its snippets, and a count.
    let mut failures = Vec::new();
    for path in common::bad_files() {
        let name = path.to_str().unwrap();
        let Err(problems) = load(Input::File(&path), &LoadOptions::default()).result else {
            panic!("{name} loaded, but it is in the bad corpus");
        };
        let count = problems.0.len();
        let r = run(&["check", name]);
        let yaml = std::fs::read_to_string(&path).ok();
        let want = format!(
            "{}{count} problem{} found\n",
            sourceline::diagnostic::render(&problems, yaml.as_deref(), false),
            if count == 1 { "" } else { "s" }
        );
        if r.code != Some(1) || !r.stdout.is_empty() || r.stderr != want {
            failures.push(format!(
                "{name}: exit {:?}\n--- stderr\n{}--- wanted\n{want}--- stdout\n{}",
                r.code, r.stderr, r.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn missing_paths_and_directories_exit_1_with_a_reason() {
    let r = run(&["check", "no/such/file.yaml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("no/such/file.yaml: does not exist"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    let r = run(&["check", "tests/bad"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("tests/bad: is a directory"),
        "{}",
        r.stderr
    );

    let r = run(&["list", "tests/bad"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("tests/bad: is a directory"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    // The viewer reports a bad file before touching the terminal.
    let r = run(&["tests/bad/unknown-actor.yaml"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("unknown actor \"isis\""), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// list on the minimal chronology

#[test]
fn list_prints_the_events_in_order_one_per_line() {
    let text = stdout(&["list", MINIMAL]);
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        ("1979", "Year precision", None),
        ("14 Jul 2015", "Nuclear deal", None),
        ("c. 2018", "Approximate year", None),
        ("May 2019?", "Uncertain month", None),
        ("c. 2020?", "Approximate and uncertain year", None),
        ("Jan 2021 – Sep 2022", "Closed interval", None),
        ("Jan 2024", "Month precision", None),
        (
            "1 Jan 2024",
            "Same first day as the month, later in the file",
            None,
        ),
        (
            "before 2 Jan 2024",
            "Open start",
            Some("[United States, Iran]"),
        ),
        ("3 Jan 2024", "Day precision", Some("[Iran]")),
        (
            "before 3 Jan 2024",
            "Open start ending on the day of an earlier event",
            None,
        ),
        ("after 25 Jan 2024", "Open end", None),
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, (date, title, actors)) in lines.iter().zip(expected) {
        // `DATE<padding>  TITLE[  [ACTORS]]`
        let (left, right) = line.split_once("  ").unwrap();
        assert_eq!(left, date, "{line}");
        let right = right.trim_start();
        match actors {
            Some(actors) => assert_eq!(right, format!("{title}  {actors}"), "{line}"),
            None => assert_eq!(right, title, "{line}"),
        }
    }
    // Dates are padded so titles line up.
    let title_columns: Vec<usize> = lines
        .iter()
        .zip(expected)
        .map(|(l, (_, title, _))| l[..l.find(title).unwrap()].chars().count())
        .collect();
    assert!(
        title_columns.windows(2).all(|w| w[0] == w[1]),
        "{title_columns:?}\n{text}"
    );
}

#[test]
fn list_json_gives_each_citation_its_exact_passage_and_byte_range() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["list", "--json", MINIMAL])).expect("valid JSON");
    let events = json.as_array().expect("an array of events");
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "revolution",
            "deal",
            "approx",
            "unsure",
            "both",
            "sanctions",
            "talks-month",
            "new-year",
            "warning",
            "kerman",
            "tied-open",
            "aftermath"
        ]
    );
    let source_text = |id: &str| -> Vec<u8> {
        let file = match id {
            "src" => "source.txt",
            "memo" => "memo.txt",
            other => panic!("unknown source {other}"),
        };
        std::fs::read(Path::new("tests/good").join(file)).unwrap()
    };
    for event in events {
        let citations = event["citations"].as_array().unwrap();
        assert!(!citations.is_empty(), "{event}");
        for c in citations {
            let start = usize::try_from(c["start"].as_u64().expect("start")).unwrap();
            let end = usize::try_from(c["end"].as_u64().expect("end")).unwrap();
            let passage = c["passage"].as_str().expect("passage");
            assert!(start < end, "{c}");
            let bytes = source_text(c["source"].as_str().unwrap());
            assert_eq!(&bytes[start..end], passage.as_bytes(), "{c}");
            assert!(c["quote"].is_string(), "{c}");
        }
    }
    let by_id = |id: &str| events.iter().find(|e| e["id"] == id).unwrap();
    let kerman = by_id("kerman");
    assert_eq!(kerman["date"], "2024-01-03");
    assert_eq!(kerman["display_date"], "3 Jan 2024");
    assert_eq!(kerman["actors"], serde_json::json!(["iran"]));
    assert_eq!(
        kerman["related"],
        serde_json::json!(["warning", "aftermath"])
    );
    // Typed with straight quotes and hyphens; the passage is the source's curly original.
    let cite = &kerman["citations"][0];
    assert_eq!(cite["quote"], "a \"terrorist threat\" - one of several -");
    assert_eq!(
        cite["passage"],
        "a \u{201C}terrorist threat\u{201D} \u{2013} one of several \u{2013}"
    );
    assert_eq!(
        by_id("talks-month")["citations"][0]["passage"],
        "but the timing\nwas not routine at all."
    );
    assert_eq!(
        by_id("approx")["citations"][0]["passage"],
        "memo.\r\nSecond line \u{2013} with a dash."
    );
    assert_eq!(by_id("warning")["date"], "../2024-01-02");
    assert_eq!(by_id("aftermath")["date"], "2024-01-25/..");
}

#[test]
fn list_filters_the_minimal_chronology_by_actor() {
    let text = stdout(&["list", "--actor", "iran", MINIMAL]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("Open start  [United States, Iran]"));
    assert!(lines[1].contains("Day precision  [Iran]"));
}

#[test]
fn an_unknown_actor_filter_fails_and_names_the_valid_ids() {
    let r = run(&["list", "--actor", "nobody", MINIMAL]);
    assert_ne!(r.code, Some(0));
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("unknown actor id \"nobody\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("valid ids: iran, united-states"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// usage errors

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--no-such-flag"][..],
        &["check", "--no-such-flag"],
        &["list", "--no-such-flag", MINIMAL],
        &["list", "--actor"],
        &["check", MINIMAL, "extra"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// The shipped chronology (these pin its contents; update them when data/iran-us.yaml changes).

#[test]
fn list_is_in_chronological_order() {
    let text = stdout(&["list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 12);
    assert!(lines[0].starts_with("1979") && lines[0].contains("Islamic Republic"));
    assert!(lines[1].starts_with("14 Jul 2015") && lines[1].contains("nuclear deal"));
    let warning = lines
        .iter()
        .position(|l| l.contains("privately warns"))
        .unwrap();
    let kerman = lines.iter().position(|l| l.contains("Kerman")).unwrap();
    assert!(warning < kerman, "the warning comes before the bombings");
    assert!(lines[warning].starts_with("before 2 Jan 2024"));
    assert!(lines[kerman].contains("[Islamic State, Iran]"));
}

#[test]
fn list_json_resolves_citations_to_exact_passages() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&["list", "--json"])).unwrap();
    let events = json.as_array().unwrap();
    assert_eq!(events.len(), 12);
    let kerman = events
        .iter()
        .find(|e| e["id"] == "kerman-bombings")
        .unwrap();
    assert_eq!(kerman["date"], "2024-01-03");
    assert_eq!(kerman["display_date"], "3 Jan 2024");
    let cite = &kerman["citations"][0];
    assert_eq!(cite["source"], "reuters-warning");
    let seed = std::fs::read_to_string("seeds/reuters-us-warned-iran-2024-01.txt").unwrap();
    let (start, end) = (
        usize::try_from(cite["start"].as_u64().unwrap()).unwrap(),
        usize::try_from(cite["end"].as_u64().unwrap()).unwrap(),
    );
    assert_eq!(&seed[start..end], cite["passage"].as_str().unwrap());
    assert!(
        cite["passage"]
            .as_str()
            .unwrap()
            .starts_with("two suicide bombings")
    );
    // A quote typed with straight quotes resolves to the curly original.
    let warning = events.iter().find(|e| e["id"] == "us-warning").unwrap();
    assert!(
        warning["citations"][0]["passage"]
            .as_str()
            .unwrap()
            .contains("“terrorist threat”")
    );
}

#[test]
fn list_filters_by_actor_tag_and_text() {
    let hamas = stdout(&["list", "--actor", "hamas"]);
    assert_eq!(hamas.lines().count(), 1);
    assert!(hamas.contains("Hamas attacks southern Israel"));
    let both = stdout(&["list", "--actor", "hamas", "--actor", "islamic-state"]);
    assert_eq!(both.lines().count(), 2, "repeated --actor matches any");
    let analysis = stdout(&["list", "--tag", "analysis"]);
    assert_eq!(analysis.lines().count(), 2);
    let olive = stdout(&["list", "--grep", "OLIVE branch"]);
    assert_eq!(olive.lines().count(), 1);
    assert!(olive.contains("Jon Alterman"));
    let none = stdout(&["list", "--grep", "no such words"]);
    assert!(none.is_empty());
}

#[test]
fn unknown_ids_are_errors_listing_the_valid_ones() {
    let r = run(&["list", "--actor", "nobody"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("unknown actor id \"nobody\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hamas") && r.stderr.contains("iran"),
        "{}",
        r.stderr
    );
    let r = run(&["list", "--tag", "sports"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("unknown tag \"sports\"; tags in use: ") && r.stderr.contains("analysis"),
        "{}",
        r.stderr
    );
    // A typo gets the one meant first, then a handful of the others.
    let r = run(&["list", "--tag", "analysys"]);
    assert!(
        r.stderr
            .contains("unknown tag \"analysys\"; did you mean \"analysis\"? other tags in use: "),
        "{}",
        r.stderr
    );
    let r = run(&["list", "--actor", "irann"]);
    assert!(
        r.stderr
            .contains("unknown actor id \"irann\"; did you mean \"iran\"? other valid ids: "),
        "{}",
        r.stderr
    );
}
