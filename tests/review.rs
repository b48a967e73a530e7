//! Reviews end to end: `tests/review/chronology.yaml` holds a citation in every state (verified,
//! stale, disputed, unreviewed; contradicting and context citations; two sources of one
//! publisher), and `check --require-review`, `list --single-sourced`, `list --review` and
//! `list --json` must each say exactly what it holds.

mod common;

use serde_json::Value;

const FILE: &str = "tests/review/chronology.yaml";

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::sourceline()
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_fixture_loads_and_check_without_the_gate_passes() {
    let (code, stdout, _) = run(&["check", FILE]);
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn require_review_names_exactly_the_unreviewed_stale_and_disputed_citations() {
    let (code, stdout, stderr) = run(&["check", "--require-review", "--format", "json", FILE]);
    assert_eq!(code, Some(1));
    let named: Vec<(u64, String, String)> = stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["entity"].as_str().unwrap().to_string(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (41, "event \"warned\"", "source \"wire-b\" is not reviewed"),
        (
            44,
            "event \"warned\"",
            "source \"blog\" is disputed (by Sam Reviewer, on 2025-03-14): an anonymous resident, not a witness",
        ),
        (
            75,
            "event \"inquiry\"",
            "source \"statement\" is stale: the source file changed since Sam Reviewer reviewed it on 2025-03-14",
        ),
        (
            82,
            "event \"inquiry\"",
            "source \"minutes\" is not reviewed",
        ),
        (85, "event \"inquiry\"", "source \"wire-a\" is not reviewed"),
    ];
    assert_eq!(named.len(), want.len(), "{stdout}{stderr}");
    for ((line, entity, message), (want_line, want_entity, want_says)) in named.iter().zip(want) {
        assert_eq!(
            (*line, entity.as_str()),
            (want_line, want_entity),
            "{message}"
        );
        assert!(message.contains(want_says), "{message}");
    }
    // As text, each at its line of the file.
    let (_, _, text) = run(&["check", "--require-review", FILE]);
    assert!(text.contains("tests/review/chronology.yaml:41:9: event \"warned\", field `citations`: the citation of source \"wire-b\" is not reviewed; refused by --require-review"), "{text}");
    assert!(text.contains("5 problems found"), "{text}");
}

#[test]
fn list_chooses_by_publishers_and_by_review_state() {
    let titles = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        all.push(FILE);
        let (code, stdout, stderr) = run(&all);
        assert_eq!(code, Some(0), "{stderr}");
        stdout
            .lines()
            .map(|l| l.split("  ").nth(1).unwrap().to_string())
            .collect()
    };
    let warned = "The ferry company was warned";
    let collapsed = "The ramp collapses";
    let inquiry = "An inquiry is opened";
    // `collapsed` cites two sources of one publisher; `warned` one supporting source.
    assert_eq!(titles(&["--single-sourced"]), [warned, collapsed]);
    assert_eq!(titles(&["--review", "stale"]), [inquiry]);
    assert_eq!(titles(&["--review", "disputed"]), [warned]);
    assert_eq!(titles(&["--review", "verified"]), [warned, collapsed]);
    assert_eq!(titles(&["--review", "unreviewed"]), [warned, inquiry]);
    assert_eq!(
        titles(&["--single-sourced", "--review", "unreviewed"]),
        [warned]
    );
}

#[test]
fn json_carries_stance_review_and_corroboration() {
    let (code, stdout, _) = run(&["list", "--json", FILE]);
    assert_eq!(code, Some(0));
    let events: Value = serde_json::from_str(&stdout).unwrap();
    let by_id = |id: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    let warned = by_id("warned");
    assert_eq!(
        warned["corroboration"],
        serde_json::json!({"supporting": 1, "publishers": 1, "verified": 1, "contested": true})
    );
    let c = &warned["citations"];
    assert_eq!(c[0]["stance"], "supports");
    assert_eq!(c[0]["review"]["status"], "verified");
    assert_eq!(c[0]["review"]["by"], "Sam Reviewer");
    assert_eq!(c[0]["review"]["on"], "2025-03-14");
    assert_eq!(c[0]["review"]["stale"], false);
    assert_eq!(c[1]["stance"], "contradicts");
    assert_eq!(c[1]["review"], Value::Null);
    assert_eq!(c[2]["review"]["status"], "disputed");
    assert_eq!(
        c[2]["review"]["note"],
        "an anonymous resident, not a witness"
    );
    let collapsed = by_id("collapsed");
    assert_eq!(
        collapsed["corroboration"],
        serde_json::json!({"supporting": 2, "publishers": 1, "verified": 2, "contested": false})
    );
    let inquiry = by_id("inquiry");
    assert_eq!(
        inquiry["corroboration"],
        serde_json::json!({"supporting": 2, "publishers": 2, "verified": 0, "contested": false})
    );
    assert_eq!(inquiry["citations"][0]["review"]["stale"], true);
    assert_eq!(inquiry["citations"][0]["review"]["status"], "verified");
    assert_eq!(inquiry["citations"][1]["stance"], "context");
}

#[test]
fn reports_say_each_citation_s_review_and_the_html_opens_with_a_summary() {
    let (code, md, _) = run(&["export", "markdown", FILE]);
    assert_eq!(code, Some(0));
    let reviews: Vec<&str> = md
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Review: "))
        .collect();
    assert_eq!(
        reviews,
        [
            "verified (Sam Reviewer, 2025-03-14)",
            "not reviewed",
            "disputed (Sam Reviewer, 2025-03-14): an anonymous resident, not a witness",
            "verified (Ann Checker, 2025-03-15)",
            "verified (Ann Checker, 2025-03-15)",
            "stale: the source changed since it was verified (Sam Reviewer, 2025-03-14)",
            "not reviewed",
            "not reviewed",
        ]
    );
    let (code, html, _) = run(&["export", "html", FILE]);
    assert_eq!(code, Some(0));
    let summary = "<p class=\"review\">Review: 3 citations verified, 1 disputed, 1 stale, 3 unreviewed; events: 2 single-sourced, 1 contested.</p>";
    let at = html.find(summary).expect(summary);
    assert!(at < html.find("<main>").unwrap(), "before the events");
    assert_eq!(html.matches("<p class=\"note\">Review: ").count(), 8);
}

#[test]
fn timelinejs_reviewed_only_keeps_the_verified_events() {
    let (code, json, stderr) = run(&["export", "timelinejs", "--reviewed-only", FILE]);
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&json).unwrap();
    let headlines: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"]["headline"].as_str().unwrap())
        .collect();
    // `warned` has a disputed citation; `inquiry` none verified as its sources are now.
    assert_eq!(headlines, ["The ramp collapses"]);
    assert!(
        stderr.contains("2 unverified events left out: --reviewed-only"),
        "{stderr}"
    );
    let (_, all, _) = run(&["export", "timelinejs", FILE]);
    let doc: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(doc["events"].as_array().unwrap().len(), 3);
}
