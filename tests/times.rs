//! Times of day and time zones: `tests/times/mixed.yaml` mixes `Z`, `-05:00`, `+03:30`,
//! `[Asia/Tehran]` and a day without a time; `tests/times/local.yaml` writes times with no zone
//! at all, which a `timezone:` at the top places.

use std::path::Path;
use std::process::Command;

use sourceline::load::{self, Input, LoadOptions};
use sourceline::model::{Chronology, Place, Zone};

const MIXED: &str = "tests/times/mixed.yaml";
const LOCAL: &str = "tests/times/local.yaml";

fn load_file(path: &Path) -> Chronology {
    match load::load(Input::File(path), &LoadOptions::default()).result {
        Ok(c) => c,
        Err(problems) => panic!("{} should load, but:\n{problems}", path.display()),
    }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `local.yaml` with `timezone: ZONE` at the top, written beside its source.
fn local_in(zone: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/times/wire.txt", dir.path().join("wire.txt")).unwrap();
    let yaml = std::fs::read_to_string(LOCAL).unwrap();
    let file = dir.path().join("local.yaml");
    std::fs::write(&file, format!("timezone: {zone}\n{yaml}")).unwrap();
    (dir, file)
}

#[test]
fn every_date_time_form_loads_and_writes_back_as_written() {
    let c = load_file(Path::new(MIXED));
    let edtf = |id: &str| {
        c.events
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.date.edtf())
            .unwrap()
    };
    assert_eq!(edtf("first-blast"), "2024-01-03T14:45[Asia/Tehran]");
    assert_eq!(edtf("warning-posted"), "2024-01-02T23:30-05:00");
    assert_eq!(edtf("second-blast"), "2024-01-03T15:05+03:30");
    assert_eq!(edtf("warning-passed"), "2024-01-03T09:00Z");
    assert_eq!(edtf("mourners"), "2024-01-03");
    assert_eq!(c.timezone, None);
}

#[test]
fn a_timezone_places_the_times_written_without_one() {
    let (_dir, file) = local_in("Asia/Tehran");
    let c = load_file(&file);
    let tehran = Zone::named("Asia/Tehran").unwrap();
    assert_eq!(c.timezone, Some(tehran));
    let blast = c.events.iter().find(|e| e.id == "first-blast").unwrap();
    let point = blast.date.anchor().unwrap();
    assert_eq!(point.time().unwrap().place, Place::Chronology(tehran));
    // 14:45 in Tehran (+03:30) is 11:15 UTC.
    assert_eq!(point.begins(), 1_704_280_500_000);
}

#[test]
fn strict_names_each_time_that_no_zone_places() {
    let (code, _, err) = run(&["check", "--strict", LOCAL]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "local.yaml:8:1: event \"first-blast\": `2024-01-03T14:45` is a local time with no zone"
        ),
        "{err}"
    );
    assert!(
        err.contains("local.yaml:20:1: event \"second-blast\": `2024-01-03T15:05`"),
        "{err}"
    );
    assert!(!err.contains("mourners"), "a day needs no zone: {err}");
    assert!(err.contains("help: add the offset or zone"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
    // Without --strict they pass; with a `timezone:` --strict passes too.
    let (code, _, err) = run(&["check", LOCAL]);
    assert_eq!(code, Some(0), "{err}");
    let (_dir, file) = local_in("Asia/Tehran");
    let (code, _, err) = run(&["check", "--strict", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_bad_timezone_is_one_problem_at_its_value_with_the_closest_names() {
    let (_dir, file) = local_in("Asia/Teheran");
    let (code, _, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("local.yaml:1:11: field `timezone`: unknown time zone `Asia/Teheran`: `timezone:` takes an IANA zone name"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `Asia/Tehran`?"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}
