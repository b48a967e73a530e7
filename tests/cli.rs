//! The commands as a user runs them: output, exit codes, filters.

use assert_cmd::Command;

fn sourceline() -> Command {
    let mut cmd = Command::cargo_bin("sourceline").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = sourceline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_summarises_the_embedded_chronology_and_exits_0() {
    let text = stdout(&["check"]);
    assert_eq!(
        text.trim(),
        "data/iran-us.yaml (embedded): ok — 12 events, 13 actors, 1 source(s), 21 citations"
    );
    // The same file from disk, from the project folder.
    assert!(stdout(&["check", "data/iran-us.yaml"]).contains("ok — 12 events"));
}

#[test]
fn check_prints_every_problem_and_exits_1() {
    let out = sourceline()
        .args(["check", "tests/bad/several-problems.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown actor \"isis\""));
    assert!(err.contains("month 13"));
    assert!(err.contains("quote not found"));
    assert!(err.trim_end().ends_with("3 problems found"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_paths_and_directories_exit_1_with_a_reason() {
    let out = sourceline()
        .args(["check", "no/such/file.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.yaml: does not exist"));
    let out = sourceline().args(["list", "tests"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tests: is a directory"));
    // The viewer reports a bad file before touching the terminal.
    let out = sourceline()
        .arg("tests/bad/unknown-actor.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

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
    let out = sourceline()
        .args(["list", "--actor", "nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown actor id \"nobody\""), "{err}");
    assert!(err.contains("hamas") && err.contains("iran"), "{err}");
    let out = sourceline()
        .args(["list", "--tag", "sports"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tags in use: analysis"));
}

#[test]
fn usage_errors_exit_2() {
    let out = sourceline().arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
