//! Times of day and time zones: `tests/times/mixed.yaml` mixes `Z`, `-05:00`, `+03:30`,
//! `[Asia/Tehran]` and a day without a time; `tests/times/local.yaml` writes times with no zone
//! at all, which a `timezone:` at the top places.

use std::fmt::Write as _;
use std::path::Path;

use sourceline::model::{Chronology, Place, Zone};
use sourceline::{Input, LoadOptions, load};

const MIXED: &str = "tests/times/mixed.yaml";
const LOCAL: &str = "tests/times/local.yaml";

fn load_file(path: &Path) -> Chronology {
    match load(Input::File(path), &LoadOptions::default()).result {
        Ok(c) => c,
        Err(problems) => panic!("{} should load, but:\n{problems}", path.display()),
    }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = common::sourceline()
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

fn ids(c: &Chronology) -> Vec<&str> {
    c.events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn events_are_ordered_by_instant_across_zones_a_day_first() {
    let c = load_file(Path::new(MIXED));
    // 3 Jan 00:00 UTC (the day), 04:30 UTC (23:30 the day before in Washington), 09:00 UTC,
    // 11:15 UTC (14:45 in Tehran), 11:35 UTC (15:05 at +03:30).
    assert_eq!(
        ids(&c),
        [
            "mourners",
            "warning-posted",
            "warning-passed",
            "first-blast",
            "second-blast"
        ]
    );
}

/// A chronology of `events` (id, date), each citing the same passage.
fn chronology(head: &str, events: &[(&str, &str)]) -> Chronology {
    let mut yaml = format!(
        "{head}title: t\nsources:\n  - id: wire\n    title: W\n    path: wire.txt\nactors: []\nevents:\n"
    );
    for (id, date) in events {
        let _ = write!(
            yaml,
            "  - id: {id}\n    date: \"{date}\"\n    title: {id}\n    citations:\n      - source: wire\n        quote: Wire reports\n"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/times/wire.txt", dir.path().join("wire.txt")).unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, yaml).unwrap();
    load_file(&file)
}

#[test]
fn ties_keep_file_order_and_a_day_precedes_times_at_its_first_instant() {
    // 14:45 at +03:30 and 11:15 UTC are one instant: file order. Midnight UTC ties with the
    // day, which comes first though written last.
    let c = chronology(
        "",
        &[
            ("tehran", "2024-01-03T14:45+03:30"),
            ("utc", "2024-01-03T11:15Z"),
            ("midnight", "2024-01-03T00:00Z"),
            ("day", "2024-01-03"),
        ],
    );
    assert_eq!(ids(&c), ["day", "midnight", "tehran", "utc"]);
}

#[test]
fn a_day_begins_at_midnight_in_the_chronology_zone() {
    let events = [("late", "2024-01-02T21:00Z"), ("day", "2024-01-03")];
    // In UTC the day begins after 21:00 the day before.
    assert_eq!(ids(&chronology("", &events)), ["late", "day"]);
    // In Tehran it begins at 20:30 UTC the day before, so before 21:00 UTC.
    assert_eq!(
        ids(&chronology("timezone: Asia/Tehran\n", &events)),
        ["day", "late"]
    );
}

fn list(args: &[&str]) -> Vec<String> {
    let (code, out, err) = run(&[&["list"], args].concat());
    assert_eq!(code, Some(0), "{err}");
    out.lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn list_shows_times_as_written_by_default() {
    assert_eq!(
        list(&[MIXED]),
        [
            "3 Jan 2024                           Mourners gather",
            "2 Jan 2024 23:30 -05:00              Warning posted in Washington",
            "3 Jan 2024 09:00 UTC                 Warning passed on",
            "3 Jan 2024 14:45 +03:30 Asia/Tehran  First blast",
            "3 Jan 2024 15:05 +03:30              Second blast",
        ]
    );
}

#[test]
fn list_tz_converts_every_time_and_moves_the_day() {
    assert_eq!(
        list(&["--tz", "UTC", MIXED]),
        [
            "3 Jan 2024            Mourners gather",
            "3 Jan 2024 04:30 UTC  Warning posted in Washington",
            "3 Jan 2024 09:00 UTC  Warning passed on",
            "3 Jan 2024 11:15 UTC  First blast",
            "3 Jan 2024 11:35 UTC  Second blast",
        ]
    );
    assert_eq!(
        list(&["--tz", "Asia/Tehran", MIXED]),
        [
            "3 Jan 2024               Mourners gather",
            "3 Jan 2024 08:00 +03:30  Warning posted in Washington",
            "3 Jan 2024 12:30 +03:30  Warning passed on",
            "3 Jan 2024 14:45 +03:30  First blast",
            "3 Jan 2024 15:05 +03:30  Second blast",
        ]
    );
    // `local` is this machine's zone, here from TZ.
    let out = common::sourceline()
        .args(["list", "--tz", "local", MIXED])
        .env("TZ", "America/New_York")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains("2 Jan 2024 23:30 -05:00  Warning posted"),
        "{out}"
    );
}

#[test]
fn list_tz_refuses_an_unknown_zone_with_the_closest_names() {
    let (code, out, err) = run(&["list", "--tz", "Asia/Tehrn", MIXED]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(
            "sourceline: --tz: unknown time zone `Asia/Tehrn`\n  help: did you mean `Asia/Tehran`?"
        ),
        "{err}"
    );
}

#[test]
fn list_json_gives_utc_sort_dates_and_starts_as_written() {
    let (code, out, err) = run(&["list", "--json", MIXED]);
    assert_eq!(code, Some(0), "{err}");
    let events: serde_json::Value = serde_json::from_str(&out).unwrap();
    let by_id = |id: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    let posted = by_id("warning-posted");
    assert_eq!(posted["sort_date"], "2024-01-03T04:30:00Z");
    assert_eq!(posted["start"], "2024-01-02T23:30:00-05:00");
    assert_eq!(posted["end"], "2024-01-02T23:30:00-05:00");
    assert_eq!(posted["display_date"], "2 Jan 2024 23:30 -05:00");
    let blast = by_id("first-blast");
    assert_eq!(blast["sort_date"], "2024-01-03T11:15:00Z");
    assert_eq!(blast["start"], "2024-01-03T14:45:00+03:30");
    assert_eq!(by_id("warning-passed")["start"], "2024-01-03T09:00:00Z");
    let day = by_id("mourners");
    assert_eq!(day["sort_date"], "2024-01-03");
    assert_eq!(
        (&day["start"], &day["end"]),
        (&"2024-01-03".into(), &"2024-01-03".into())
    );
    // `--tz` converts what is displayed only.
    let (_, out, _) = run(&["list", "--json", "--tz", "UTC", MIXED]);
    let events: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(events[1]["display_date"], "3 Jan 2024 04:30 UTC");
    assert_eq!(events[1]["start"], "2024-01-02T23:30:00-05:00");
}

mod common;

use common::{current_id, draw, press, text, type_text};
use sourceline::App;
use sourceline::Filter;
use sourceline::model::Clock;

/// The viewer on `mixed.yaml`, its local zone New York.
fn viewer(width: u16, height: u16) -> App {
    let mut app = App::new(
        load_file(Path::new(MIXED)),
        Filter::default(),
        ratatui::layout::Rect::new(0, 0, width, height),
    );
    let new_york = Zone::named("America/New_York").unwrap();
    app.set_clocks(Clock::AsWritten, Clock::zone(new_york));
    app
}

fn screen(app: &App, width: u16, height: u16) -> String {
    text(draw(app, width, height).backend().buffer()).join("\n")
}

#[test]
fn the_viewer_shows_times_as_written_and_z_cycles_to_utc_then_the_local_zone() {
    let mut app = viewer(140, 30);
    let s = screen(&app, 140, 30);
    assert!(s.contains("2 Jan 23:30 -05:00"), "{s}");
    assert!(s.contains("3 Jan 14:45 +03:30"), "{s}");
    press(&mut app, "z");
    let s = screen(&app, 140, 30);
    assert!(s.contains("3 Jan 04:30 UTC"), "{s}");
    assert!(s.contains("3 Jan 11:15 UTC"), "{s}");
    assert!(s.contains("times in UTC"), "{s}");
    press(&mut app, "z");
    let s = screen(&app, 140, 30);
    assert!(
        s.contains("3 Jan 06:15 -05:00"),
        "the blast in New York time: {s}"
    );
    assert!(s.contains("times in America/New_York"), "{s}");
    press(&mut app, "z");
    assert_eq!(app.clock, Clock::AsWritten);
    assert_eq!(app.message.as_deref(), Some("times as written"));
    // The event pane says when, with the zone's name.
    press(&mut app, "g j j j");
    assert_eq!(current_id(&app), "first-blast");
    let s = screen(&app, 140, 30);
    assert!(s.contains("3 Jan 2024 14:45 +03:30 Asia/Tehran"), "{s}");
}

#[test]
fn the_date_prompt_takes_a_time() {
    let mut app = viewer(120, 30);
    press(&mut app, ":");
    type_text(&mut app, "2024-01-03T10:00Z");
    press(&mut app, "Enter");
    assert_eq!(
        current_id(&app),
        "first-blast",
        "the first event from 10:00 UTC"
    );
    // Typed as the screen shows times: 12:00 in Tehran is 08:30 UTC.
    app.set_clocks(
        Clock::zone(Zone::named("Asia/Tehran").unwrap()),
        Clock::AsWritten,
    );
    press(&mut app, ":");
    type_text(&mut app, "2024-01-03T12:00");
    press(&mut app, "Enter");
    assert_eq!(current_id(&app), "warning-passed");
}

#[test]
fn a_converted_time_moves_to_the_year_it_falls_in() {
    let c = chronology(
        "",
        &[("eve", "2023-12-31T23:30-05:00"), ("day", "2024-01-01")],
    );
    let mut app = App::new(
        c,
        Filter::default(),
        ratatui::layout::Rect::new(0, 0, 100, 20),
    );
    let years = |app: &App| {
        app.rows
            .iter()
            .filter(|r| matches!(r, sourceline::Row::Year(_)))
            .count()
    };
    // As written the eve is in 2023; in UTC it is 04:30 on 1 January 2024, after the day.
    assert_eq!(years(&app), 2);
    app.set_clocks(Clock::zone(Zone::utc()), Clock::AsWritten);
    assert_eq!(years(&app), 1);
}

#[test]
fn the_viewer_refuses_an_unknown_tz_before_touching_the_terminal() {
    let (code, _, err) = run(&["--tz", "Nowhere/Atlantis", MIXED]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--tz: unknown time zone `Nowhere/Atlantis`"),
        "{err}"
    );
}

const AFTERNOON: &str = "tests/times/afternoon.yaml";

fn afternoon(width: u16, height: u16) -> App {
    App::new(
        load_file(Path::new(AFTERNOON)),
        Filter::default(),
        ratatui::layout::Rect::new(0, 0, width, height),
    )
}

#[test]
fn lanes_of_one_afternoon_tick_hours_and_minutes() {
    let mut app = afternoon(120, 30);
    press(&mut app, "L");
    let g = app.lanes_geometry();
    let terminal = draw(&app, 120, 30);
    let lines = text(terminal.backend().buffer());
    let axis = &lines[usize::from(g.axis.y)];
    // As written: the statement at 12:40 UTC sits at 12:40, the rest on Tehran's clock.
    for tick in ["13:00", "14:00", "14:30", "15:00"] {
        assert!(axis.contains(tick), "{tick} on the axis: {axis}");
    }
    // The blasts twenty minutes apart stand apart, each in its column of the minute.
    let view = app.lanes.viewport(g.plot.width).unwrap();
    let column = |id: &str| {
        let e = app.chronology.events.iter().find(|e| e.id == id).unwrap();
        let mark = sourceline::shape_of(&e.date, &app.clock).unwrap().mark;
        view.column(mark, g.plot.width)
    };
    assert!(column("second-blast") - column("first-blast") >= 10);
    // The 14:30 tick stands at 14:30, with the first blast fifteen minutes on.
    let tick = axis.find("14:30").unwrap();
    let tick = i64::try_from(axis[..tick].chars().count()).unwrap() - i64::from(g.plot.x);
    let expected = 15 * i64::from(g.plot.width) / view.span;
    assert!(
        (column("first-blast") - tick - expected).abs() <= 1,
        "{axis}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn lanes_and_strip_follow_the_clock() {
    let mut app = afternoon(120, 30);
    press(&mut app, "L");
    let g = app.lanes_geometry();
    let axis =
        |app: &App| text(draw(app, 120, 30).backend().buffer())[usize::from(g.axis.y)].clone();
    assert!(axis(&app).contains("14:30"), "{}", axis(&app));
    // In UTC the afternoon runs from 10:20 (13:50 in Tehran) to 12:40.
    press(&mut app, "z");
    let utc = axis(&app);
    assert!(utc.contains("11:00") && !utc.contains("14:30"), "{utc}");
    assert!(utc.contains("10:20") || utc.contains("10:30"), "{utc}");
    // The strip's ticks follow too.
    let screen = text(draw(&app, 120, 30).backend().buffer());
    let strip = app.areas.strip;
    let ticks = &screen[usize::from(strip.y + strip.height - 1)];
    assert!(
        ticks.contains("11:00") || ticks.contains("11:30"),
        "{ticks}"
    );
}

// Interop: TimelineJS export and import, and the reports.

fn export(args: &[&str]) -> String {
    let (code, out, err) = run(&[&["export"], args].concat());
    assert_eq!(code, Some(0), "{err}");
    out
}

fn slide<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["unique_id"] == id)
        .unwrap()
}

#[test]
fn timelinejs_export_writes_hours_in_the_zone_shown_and_names_it() {
    let doc: serde_json::Value = serde_json::from_str(&export(&["timelinejs", MIXED])).unwrap();
    let blast = slide(&doc, "first-blast");
    assert_eq!(
        blast["start_date"],
        serde_json::json!({"year": 2024, "month": 1, "day": 3, "hour": 14, "minute": 45})
    );
    assert_eq!(blast["display_date"], "3 Jan 2024 14:45 +03:30 Asia/Tehran");
    assert!(slide(&doc, "mourners").get("display_date").is_none());
    // In UTC the Washington post moves to the 3rd.
    let doc: serde_json::Value =
        serde_json::from_str(&export(&["timelinejs", "--tz", "UTC", MIXED])).unwrap();
    let posted = slide(&doc, "warning-posted");
    assert_eq!(
        posted["start_date"],
        serde_json::json!({"year": 2024, "month": 1, "day": 3, "hour": 4, "minute": 30})
    );
    assert_eq!(posted["display_date"], "3 Jan 2024 04:30 UTC");
    let doc: serde_json::Value =
        serde_json::from_str(&export(&["timelinejs", "--tz", "Asia/Tehran", MIXED])).unwrap();
    assert_eq!(
        slide(&doc, "warning-posted")["display_date"],
        "3 Jan 2024 08:00 +03:30 (Asia/Tehran)"
    );
}

#[test]
fn timelinejs_round_trip_keeps_hours_and_zones() {
    let dir = tempfile::tempdir().unwrap();
    for tz in [None, Some("UTC"), Some("Asia/Tehran")] {
        let json = dir.path().join("t.json");
        let mut args = vec!["timelinejs", MIXED, "-o", json.to_str().unwrap()];
        if let Some(tz) = tz {
            args.extend(["--tz", tz]);
        }
        export(&args);
        let (code, yaml, err) = run(&["import", json.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{err}");
        let back = dir.path().join("back.yaml");
        std::fs::write(&back, &yaml).unwrap();
        let imported = load_file(&back);
        let original = load_file(Path::new(MIXED));
        for e in &original.events {
            let i = imported.events.iter().find(|i| i.id == e.id).unwrap();
            // The same instant, and as written when the export wrote times as written.
            assert_eq!(i.date.order(), e.date.order(), "{} with --tz {tz:?}", e.id);
            if tz.is_none() {
                assert_eq!(i.date.edtf(), e.date.edtf());
            }
        }
        assert!(!err.contains("written without a zone"), "{err}");
    }
}

#[test]
fn timelinejs_import_keeps_the_time_and_says_it_has_no_zone() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("t.json");
    std::fs::write(
        &json,
        r#"{"events": [
            {"start_date": {"year": 2024, "month": 1, "day": 3, "hour": 14, "minute": 45, "second": 30, "millisecond": 250},
             "text": {"headline": "Blast"}},
            {"start_date": {"year": "2024", "month": "1", "day": "3", "hour": "25"},
             "text": {"headline": "Bad hour"}},
            {"start_date": {"year": 2024, "month": 1, "hour": 9},
             "text": {"headline": "No day"}}
        ]}"#,
    )
    .unwrap();
    let (code, yaml, err) = run(&["import", json.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(yaml.contains("date: \"2024-01-03T14:45:30.250\""), "{yaml}");
    assert!(yaml.contains("# timezone: America/New_York"), "{yaml}");
    // What cannot be held stays in a comment, and the account says why.
    assert!(yaml.contains("date: \"2024-01-03\""), "{yaml}");
    assert!(
        yaml.contains("# TimelineJS start_date time of day: hour 25"),
        "{yaml}"
    );
    assert!(
        err.contains("its start_date time (hour 25) cannot be held: its hour 25 does not exist"),
        "{err}"
    );
    assert!(err.contains("a time needs a day"), "{err}");
    assert!(
        err.contains("1 event has a time of day, written without a zone (TimelineJS has none): the times take the chronology's `timezone:`"),
        "{err}"
    );
    assert!(err.contains("start_date.hour"), "{err}");
}

#[test]
fn the_sheet_time_column_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text\n\
         2024,1,3,2:45 PM,2024,1,3,15:05,,Blasts,\n",
    )
    .unwrap();
    let (code, yaml, err) = run(&["import", csv.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        yaml.contains("date: \"2024-01-03T14:45/2024-01-03T15:05\""),
        "{yaml}\n{err}"
    );
}

#[test]
fn reports_show_times_in_the_zone_shown() {
    let md = export(&["markdown", MIXED]);
    assert!(md.contains("3 Jan 2024 14:45 +03:30 Asia/Tehran"), "{md}");
    assert!(md.contains("2 Jan 2024 23:30 -05:00"), "{md}");
    let md = export(&["markdown", "--tz", "UTC", MIXED]);
    assert!(md.contains("3 Jan 2024 11:15 UTC"), "{md}");
    let html = export(&["html", "--tz", "Asia/Tehran", MIXED]);
    // HTML writes a colon as `&#58;`, so no reader turns a time into a link.
    assert!(
        html.contains("3 Jan 2024 08&#58;00 +03&#58;30 (Asia/Tehran)"),
        "{html}"
    );
}

// The README.

#[test]
fn the_readme_names_the_bundled_tzdb_release() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let release = sourceline::model::TZDB_VERSION;
    assert!(
        readme.contains(&format!("release **{release}**")),
        "the README's time zone data names release {release}"
    );
    assert!(
        readme.contains(&format!("(release {release})")),
        "and so do its dependencies"
    );
}

#[test]
fn the_readme_date_table_shows_what_the_dates_show() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = readme
        .split("| Written | Meaning | Shown as |")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let mut checked = 0;
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
        let (written, shown) = (cells[0].trim(), cells[2].trim());
        let forms: Vec<&str> = written
            .split(" / ")
            .map(|f| f.trim_matches('`'))
            .filter(|f| !f.contains('…'))
            .collect();
        let shown: Vec<&str> = shown.split(" / ").collect();
        for (i, form) in forms.iter().enumerate() {
            let want = shown.get(i).or(shown.first()).unwrap();
            let date = sourceline::model::Date::parse(form)
                .unwrap_or_else(|e| panic!("README's `{form}` does not parse: {e}"));
            assert_eq!(date.to_string(), *want, "README row for `{form}`");
            checked += 1;
        }
    }
    assert!(checked >= 14, "{checked} forms checked");
}
