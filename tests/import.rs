//! `sourceline import`: Knight Lab's own files import and pass `check`, the account names every
//! field of them, hostile and broken files give a clean import or a clear error, and an
//! export imports back to the same ids, titles and dates.
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Value, json};
use sourceline::export::GroupBy;
use sourceline::import::{
    Format, Imported, Outcome, import, limits::MAX_DEPTH, limits::MAX_SLIDES,
    limits::MAX_TEXT_BYTES,
};
use sourceline::model::Chronology;
use sourceline::{Input, LoadOptions, MemorySources, export, load};

const KNIGHT_LAB: &str = "tests/browser/knightlab";

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{KNIGHT_LAB}/{name}")).unwrap()
}

fn import_json(doc: &Value) -> Result<Imported, String> {
    import("t.json", doc.to_string().as_bytes(), Format::Json).map_err(|e| e.0)
}

/// The imported YAML, loaded as `check` loads it.
fn loaded(imported: &Imported) -> Chronology {
    load(
        Input::text("imported.yaml", &imported.yaml, &MemorySources(&[])),
        &LoadOptions::default(),
    )
    .result
    .unwrap_or_else(|p| panic!("{p}\n{}", imported.yaml))
}

#[test]
fn every_knight_lab_file_imports_and_passes_check() {
    for (name, events, periods, title) in [
        ("houston.json", 18, 0, "Whitney Houston 1963 - 2012"),
        ("eras.json", 20, 3, "Eras Test"),
        ("my-own-timeline.csv", 10, 0, "MY OWN CSV"),
    ] {
        let format = Format::of(std::path::Path::new(name), &[]);
        let imported = import(name, &read(name), format).unwrap();
        let c = loaded(&imported);
        assert_eq!(c.events.len(), events, "{name}");
        assert!(c.events.iter().all(|e| e.draft), "{name}");
        assert!(c.sources.is_empty() && c.actors.is_empty(), "{name}");
        assert_eq!(c.periods.len(), periods, "{name}");
        assert_eq!(c.title, title, "{name}");
        assert_eq!((imported.events, imported.periods), (events, periods));
        // Knight Lab's files have nothing the model cannot hold.
        assert!(
            imported.notices.is_empty(),
            "{name}: {:?}",
            imported.notices
        );
        assert!(!imported.tally.lost_any(), "{name}:\n{}", imported.tally);
    }
}

#[test]
fn knight_lab_content_arrives_where_it_belongs() {
    let c = loaded(&import("houston.json", &read("houston.json"), Format::Json).unwrap());
    let first = &c.events[0];
    assert_eq!(
        (first.id.as_str(), first.title.as_str()),
        ("a-musical-heritage", "A Musical Heritage")
    );
    assert_eq!(first.date.edtf(), "1963-08-09");
    let recording = c.events.iter().find(|e| e.id == "first-recording").unwrap();
    assert_eq!(recording.date.edtf(), "1978");
    assert_eq!(recording.links[0].url, "https://youtu.be/fSrO91XO1Ck");
    assert_eq!(
        recording.links[0].credit.as_deref(),
        Some("Unidisc Music (http://unidiscmusic.com)")
    );
    let yaml = import("houston.json", &read("houston.json"), Format::Json)
        .unwrap()
        .yaml;
    // The relative media address and the title slide's media are kept as comments.
    assert!(yaml.contains("  # TimelineJS media: /static/img/examples/houston/family.jpg\n"));
    assert!(yaml.contains(
        "# TimelineJS title slide media.url: //www.flickr.com/photos/tm_10001/2310475988/\n"
    ));

    let c = loaded(&import("eras.json", &read("eras.json"), Format::Json).unwrap());
    let eras: Vec<(&str, String)> = c
        .periods
        .iter()
        .map(|p| (p.title.as_str(), p.date.edtf()))
        .collect();
    assert_eq!(
        eras,
        [
            ("Era Test 600-650", "0600/0650".to_string()),
            ("Era Test 650-700", "0650/0700".to_string()),
            ("Era Test 700-720", "0700/0720".to_string()),
        ]
    );
    let hijra = c
        .events
        .iter()
        .find(|e| e.title.starts_with("Muhammad"))
        .unwrap();
    assert_eq!(hijra.date.edtf(), "0622-08-09/0622-08-23");

    let c = loaded(
        &import(
            "my-own-timeline.csv",
            &read("my-own-timeline.csv"),
            Format::Csv,
        )
        .unwrap(),
    );
    let ids: Vec<&str> = c.events.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.contains(&"rozsa-peter-writes-recursion"), "{ids:?}");
    assert!(ids.contains(&"the-mother-of-the-internet"), "{ids:?}");
    let ada = c.events.iter().find(|e| e.id == "ada-lovelace").unwrap();
    assert_eq!(ada.date.edtf(), "1815-12-10/1852-11-27");
    let summary = ada.summary.as_deref().unwrap();
    assert!(
        summary.starts_with("Women have been programming since before it was a thing. Take Ada Lovelace (https://en.wikipedia.org/wiki/Ada_Lovelace): Daughter of Lord Byron"),
        "{summary}"
    );
    assert!(summary.ends_with("\n\nThis slide demonstrates a simple \"image\" media type."));
    // A quote given as the slide's media is its text.
    let clarke = c
        .events
        .iter()
        .find(|e| e.id.starts_with("edith-clarke"))
        .unwrap();
    assert_eq!(
        clarke.summary.as_deref(),
        Some(
            "“There is no demand for women engineers, as such, as there are for women doctors; but there's always a demand for anyone who can do a good piece of work.”\n— Edith Clarke, first female professor of electrical engineering in the United States"
        )
    );
    let eniac = c
        .events
        .iter()
        .find(|e| e.id == "and-the-women-who-made-it-work")
        .unwrap();
    assert_eq!(eniac.date.edtf(), "1943-07/1946");
}

/// What an import keeps is also shown: the media link of a slide is in `list --json` and in
/// the viewer's event pane, with its credit.
#[test]
fn imported_links_are_listed_and_shown() {
    let c = loaded(&import("houston.json", &read("houston.json"), Format::Json).unwrap());
    let all: Vec<usize> = (0..c.events.len()).collect();
    let listed: Value = serde_json::from_str(&sourceline::export::list::json(
        &c,
        &all,
        &sourceline::model::Clock::AsWritten,
    ))
    .unwrap();
    let recording = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "first-recording")
        .unwrap();
    assert_eq!(recording["links"][0]["url"], "https://youtu.be/fSrO91XO1Ck");
    assert_eq!(recording["draft"], true, "imported slides are drafts");
    let mut app = sourceline::App::new(
        c,
        sourceline::Filter::default(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    common::select_id(&mut app, "first-recording");
    let screen = common::text(&common::buffer(&app, 120, 40)).join("\n");
    assert!(screen.contains("Links"), "{screen}");
    assert!(
        screen.contains("• https://youtu.be/fSrO91XO1Ck"),
        "{screen}"
    );
    assert!(screen.contains("(Unidisc Music"), "{screen}");
}

/// Every field path a TimelineJS JSON file holds, with its count: a date's year, month and day
/// are the date itself; every other key is a field.
fn json_fields(doc: &Value) -> HashMap<String, usize> {
    fn walk(value: &Value, path: &str, out: &mut HashMap<String, usize>) {
        let Value::Object(map) = value else {
            *out.entry(path.to_string()).or_default() += 1;
            return;
        };
        for (key, v) in map {
            let sub = format!("{path}.{key}");
            if matches!(key.as_str(), "year" | "month" | "day") {
                continue;
            }
            if matches!(key.as_str(), "start_date" | "end_date" | "background") {
                *out.entry(sub.clone()).or_default() += 1;
                if key != "background" {
                    walk(v, &sub, out);
                }
                continue;
            }
            walk(v, &sub, out);
        }
    }
    let mut out = HashMap::new();
    for (key, v) in doc.as_object().unwrap() {
        match (key.as_str(), v) {
            ("events" | "eras", Value::Array(items)) => {
                for item in items {
                    walk(item, &format!("{key}[]"), &mut out);
                }
            }
            ("title", _) => walk(v, "title", &mut out),
            _ => *out.entry(key.clone()).or_default() += 1,
        }
    }
    out
}

#[test]
fn the_account_counts_every_field_of_each_file() {
    for name in ["houston.json", "eras.json"] {
        let doc: Value = serde_json::from_slice(&read(name)).unwrap();
        let imported = import(name, &read(name), Format::Json).unwrap();
        let fields = json_fields(&doc);
        for (field, count) in &fields {
            assert_eq!(
                imported.tally.found(field),
                *count,
                "{name}: {field}\n{}",
                imported.tally
            );
        }
        let tallied: Vec<&str> = imported
            .tally
            .fields()
            .filter(|f| !f.contains(" in text"))
            .collect();
        assert_eq!(tallied.len(), fields.len(), "{name}: {tallied:?}");
    }
    // The sheet: every cell that holds something is counted under its column.
    let imported = import(
        "my-own-timeline.csv",
        &read("my-own-timeline.csv"),
        Format::Csv,
    )
    .unwrap();
    let t = &imported.tally;
    assert_eq!(t.found("Headline"), 10);
    assert_eq!(t.found("Year, Month, Day"), 10);
    assert_eq!(t.found("End Year, End Month, End Day"), 3);
    assert_eq!(t.found("Media"), 10);
    assert_eq!(t.count("Media", Outcome::Kept("links[].url")), 9);
    assert_eq!(t.found("Media Credit"), 8);
    assert_eq!(t.found("Media Caption"), 6);
    assert_eq!(t.found("Background"), 1);
    assert_eq!(t.found("title row: Headline"), 1);
    assert_eq!(t.found("title row: Background"), 1);
    let shown = t.to_string();
    assert!(shown.contains("links[].url"), "{shown}");
}

#[test]
fn a_timelinejs_2_file_is_refused_naming_the_format() {
    let v2 = json!({"timeline": {"headline": "Old", "type": "default", "date": [
        {"startDate": "2012,1,26", "headline": "A slide"}
    ]}});
    let err = import_json(&v2).unwrap_err();
    assert!(err.starts_with("is a TimelineJS 2 file (its slides are in `timeline.date[]`); sourceline reads TimelineJS 3 JSON"), "{err}");
}

#[test]
fn dates_the_model_cannot_hold_are_named_per_slide() {
    let doc = json!({
        "scale": "cosmological",
        "events": [
            {"start_date": {"year": "-13800000000"}, "text": {"headline": "Big Bang"}},
            {"start_date": {"year": -500, "month": "3"}, "text": {"headline": "A BCE year"}},
            {"start_date": {"year": "1963", "month": "13"}, "text": {"headline": "Bad month"}},
            {"start_date": {"year": 2024, "month": 1, "day": 3, "hour": "10", "minute": "30", "millisecond": ""},
             "end_date": {"year": 2023}, "text": {"headline": "Ends before it starts"}},
            {"text": {"headline": "No date"}},
            {"start_date": {"year": 2015}, "display_date": "the mid-2010s", "text": {"headline": "Worded"}}
        ]
    });
    let imported = import_json(&doc).unwrap();
    let c = loaded(&imported);
    let undated: Vec<&str> = c
        .events
        .iter()
        .filter(|e| e.date.edtf() == "../..")
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(undated, ["Big Bang", "A BCE year", "Bad month", "No date"]);
    let notices = imported.notices.join("\n");
    for needle in [
        "slide 1 \"Big Bang\": its start date cannot be held: its year -13800000000 is outside the years a chronology holds (0 to 9999); imported undated, the date kept in a comment",
        "slide 2 \"A BCE year\": its start date cannot be held: its year -500 is outside",
        "slide 3 \"Bad month\": its start date cannot be held: its month 13 does not exist (1 to 12)",
        "slide 4 \"Ends before it starts\": its end date is not used: it is before the start; kept in a comment",
        "slide 5 \"No date\" has no start date: imported undated",
    ] {
        assert!(notices.contains(needle), "{needle:?} not in:\n{notices}");
    }
    for comment in [
        "  # TimelineJS start_date as written: year -13800000000\n",
        "  # TimelineJS start_date as written: year -500, month 3\n",
        "  # TimelineJS end_date as written: year 2023\n",
        "  # TimelineJS display_date: the mid-2010s\n",
        "# TimelineJS scale: \"cosmological\"\n",
    ] {
        assert!(
            imported.yaml.contains(comment),
            "{comment:?} not in:\n{}",
            imported.yaml
        );
    }
    let kept = c
        .events
        .iter()
        .find(|e| e.title == "Ends before it starts")
        .unwrap();
    // The time is kept on the date (TimelineJS gives no zone: none is written).
    assert_eq!(kept.date.edtf(), "2024-01-03T10:30");
    assert!(!imported.yaml.contains("time of day: hour 10"));
    let t = &imported.tally;
    assert_eq!(
        t.count("events[].start_date.millisecond", Outcome::Empty),
        1
    );
    assert_eq!(
        t.count(
            "scale",
            Outcome::Lost("a chronology's dates are calendar years 0 to 9999")
        ),
        1
    );
}

#[test]
fn hostile_content_imports_clean() {
    let doc = json!({
        "title": {"text": {"headline": "Evil\u{1b}]0;pwned\u{7}<script>alert(1)</script>"}},
        "events": [
            {"start_date": {"year": 2024}, "unique_id": "../../etc/passwd",
             "text": {"headline": "<img src=x onerror=alert(1)>Click\u{202E}me",
                      "text": "<p>Read <a href=\"javascript:alert(document.cookie)\">this</a> and <a href=' JaVaScRiPt:x'>that</a>.</p><script>steal()</script><style>*{}</style>\u{0}\u{1b}[2J"},
             "media": {"url": "javascript:alert(1)", "caption": "<b>cap</b>", "credit": "cred"},
             "group": "\"quoted\": {yaml: [structure]}\nnext: line"},
            {"start_date": {"year": 2024}, "text": {"headline": "null"},
             "media": {"url": "data:text/html,<script>x</script>"}},
            {"start_date": {"year": 2024}, "text": {"headline": "null"}, "unique_id": "true"}
        ]
    });
    let imported = import_json(&doc).unwrap();
    let yaml = &imported.yaml;
    for bad in [
        "javascript:",
        "JaVaScRiPt",
        "<script",
        "\u{1b}",
        "\u{202E}",
        "\u{0}",
        "\u{7}",
        "data:text",
    ] {
        assert!(!yaml.contains(bad), "{bad:?} in:\n{yaml}");
    }
    let c = loaded(&imported);
    assert_eq!(c.title, "Evil]0;pwned");
    let ids: Vec<&str> = c.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["etc-passwd", "null", "true"]);
    let e = &c.events[0];
    assert_eq!(e.title, "Clickme");
    assert_eq!(e.summary.as_deref(), Some("Read this and that.\n\n[2J"));
    assert!(e.links.is_empty());
    assert_eq!(
        c.tag_names(e),
        ["\"quoted\": {yaml: [structure]} next: line"]
    );
    let t = &imported.tally;
    assert_eq!(
        t.count(
            "links in text",
            Outcome::Lost("the address (not http, https or mailto); the words are kept")
        ),
        2
    );
    assert_eq!(t.found("<script> and <style> in text"), 3);
    assert_eq!(t.found("control characters in text"), 5);
    assert_eq!(
        t.count(
            "events[].media.url",
            Outcome::Lost("not an http(s) address (javascript:, data: …)")
        ),
        2
    );
}

/// Slide text is read as an HTML source is (html5ever, through `sourceline::extract`): every
/// HTML5 character reference decodes, and a `<script>` goes with what it holds, even where a
/// hand-written reader would stop early.
#[test]
fn slide_text_reads_as_a_browser_reads_it() {
    let doc = json!({
        "events": [
            {"start_date": {"year": 2024},
             "text": {"headline": "Rates&nbsp;&rarr; up 5&percnt;",
                      "text": "<p>Prices rose &hellip; &frac12;&percnt; said <a title=\"a > b\" href=\"https://bank.example/r\">the bank</a>.</p><script>document.write('<p>fake news</p>')</script><p>After &amp;percnt;</p>"}}
        ]
    });
    let imported = import_json(&doc).unwrap();
    let c = loaded(&imported);
    let e = &c.events[0];
    assert_eq!(e.title, "Rates \u{2192} up 5%");
    assert_eq!(
        e.summary.as_deref(),
        Some(
            "Prices rose \u{2026} \u{BD}% said the bank (https://bank.example/r).\n\nAfter &percnt;"
        )
    );
    assert!(!imported.yaml.contains("fake news"), "{}", imported.yaml);
    assert_eq!(imported.tally.found("<script> and <style> in text"), 1);
}

#[test]
fn broken_and_oversized_files_are_refused_clearly() {
    let err = |bytes: &[u8], format| import("f", bytes, format).unwrap_err().0;
    assert!(
        err(b"{\"events\": [\xff]}", Format::Json)
            .starts_with("is not UTF-8 text (byte 12 is not valid)")
    );
    assert!(
        err(b"Year,Headline\n\xc3\x28,x\n", Format::Csv).starts_with("is not UTF-8 text (byte 14")
    );
    let deep = format!(
        "{{\"events\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(
        err(deep.as_bytes(), Format::Json),
        format!("nests objects and lists deeper than {MAX_DEPTH} levels (TimelineJS needs 4)")
    );
    assert!(err(b"[1, 2]", Format::Json).contains("its top level is not an object"));
    assert!(err(b"{\"title\": {}}", Format::Json).contains("it has no `events` list"));
    assert!(err(b"{\"events\": []}", Format::Json).contains("has no slides to import"));
    assert!(err(b"{\"events\": [", Format::Json).starts_with("is not valid JSON"));
    assert!(
        err(b"Year,Headline\n2020,\"open\n", Format::Csv)
            .contains("line 2: a quoted cell is never closed")
    );
    let long = json!({"events": [{"start_date": {"year": 2020}, "text": {"headline": "x".repeat(MAX_TEXT_BYTES + 1)}}]});
    assert_eq!(
        err(long.to_string().as_bytes(), Format::Json),
        format!(
            "slide 1's `text.headline` is {} bytes long, over the limit of {MAX_TEXT_BYTES} bytes for one text",
            MAX_TEXT_BYTES + 1
        )
    );
    let slide = json!({"start_date": {"year": "2001"}, "text": {"headline": "Same"}});
    let many = json!({"events": vec![slide.clone(); 100_000]});
    let text = many.to_string();
    let message = err(text.as_bytes(), Format::Json);
    assert_eq!(
        message,
        format!("has 100000 slides, over the limit of {MAX_SLIDES}")
    );
    let rows = format!("Year,Headline\n{}", "2001,Same\n".repeat(100_000));
    let message = err(rows.as_bytes(), Format::Csv);
    assert_eq!(
        message,
        format!("has more than {MAX_SLIDES} rows, over the limit")
    );
    // At the limit, one headline for every slide: every id made unique (each in one try:
    // `import::ids`'s tests; how long it takes: `benches/import.rs`).
    let full = json!({"events": vec![slide; MAX_SLIDES]});
    let imported = import_json(&full).unwrap();
    assert_eq!(imported.events, MAX_SLIDES);
    assert!(imported.yaml.contains("  - id: \"same-10000\"\n"));
    assert!(!imported.yaml.contains("same-10001"));
}

#[test]
fn export_then_import_gives_back_ids_titles_and_dates() {
    let yaml = "title: \"Round <trip> & back\"\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors:\n  - id: a\n    name: \"A & B\"\nperiods:\n  - id: open-ended\n    title: Open ended\n    date: \"2023-10-07/..\"\n  - id: until\n    title: Until then\n    date: \"../2014\"\n  - id: one-year\n    title: One year\n    date: \"2021\"\nevents:\n";
    let mut yaml = yaml.to_string();
    for (i, date) in [
        "2015~",
        "2015?",
        "2015%",
        "../2024-01-02",
        "2024-01-25/..",
        "2021/2022~",
        "2021-01/2022-09",
        "2024-01-03",
        "1979",
        "2018-05",
        "0602",
    ]
    .iter()
    .enumerate()
    {
        let _ = write!(
            yaml,
            "  - id: e{i}\n    date: \"{date}\"\n    title: \"Event {i}: <b>not bold</b> & 'quoted' \\\"twice\\\"\"\n    actors: [a]\n    tags: [\"tag {i}\"]\n    links:\n      - url: https://example.org/{i}?a=1&b=2\n        caption: \"Caption <{i}>\"\n    citations:\n      - source: s\n        quote: passage\n"
        );
    }
    let sources = MemorySources(&[("s.txt", "a passage here")]);
    let original = load(
        Input::text("r.yaml", &yaml, &sources),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let all: Vec<usize> = (0..original.events.len()).collect();
    for group_by in [GroupBy::Tag, GroupBy::Actor, GroupBy::None] {
        let doc = export::timelinejs(&original, &all, group_by);
        let back = loaded(&import_json(&doc).unwrap());
        assert_eq!(back.title, original.title);
        let shape = |c: &Chronology| -> Vec<(String, String, String)> {
            c.events
                .iter()
                .map(|e| (e.id.clone(), e.title.clone(), e.date.edtf()))
                .collect()
        };
        assert_eq!(shape(&back), shape(&original), "{group_by}");
        for (b, o) in back.events.iter().zip(&original.events) {
            assert_eq!(b.links, o.links, "{}", o.id);
            if group_by == GroupBy::Tag {
                assert_eq!(back.tag_names(b), original.tag_names(o));
            }
        }
        let periods = |c: &Chronology| -> Vec<(String, String)> {
            c.periods
                .iter()
                .map(|p| (p.title.clone(), p.date.edtf()))
                .collect()
        };
        assert_eq!(periods(&back), periods(&original));
    }
}

#[test]
fn the_shipped_chronology_round_trips() {
    let original = load(Input::Embedded, &LoadOptions::default())
        .result
        .unwrap();
    let all: Vec<usize> = (0..original.events.len()).collect();
    let doc = export::timelinejs(&original, &all, GroupBy::Tag);
    let imported = import_json(&doc).unwrap();
    let back = loaded(&imported);
    let shape = |c: &Chronology| -> Vec<(String, String, String)> {
        c.events
            .iter()
            .map(|e| (e.id.clone(), e.title.clone(), e.date.edtf()))
            .collect()
    };
    assert_eq!(shape(&back), shape(&original));
    let periods = |c: &Chronology| -> Vec<(String, String, Option<String>)> {
        c.periods
            .iter()
            .map(|p| {
                (
                    p.title.clone(),
                    p.date.edtf(),
                    p.note.as_deref().map(|n| n.trim().to_string()),
                )
            })
            .collect()
    };
    assert_eq!(periods(&back), periods(&original));
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    assert!(!imported.tally.lost_any(), "{}", imported.tally);
}

#[test]
fn the_first_sheet_template_and_its_legacy_columns_still_import() {
    let csv = "Start Date,End Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Tag\n\
               ,,The title,Intro,,,,,title,\n\
               \"8/9/1963\",,Born,,,,,,,Music\n\
               1985-02,1987,Debut,,https://example.org/v,,,,,\n\
               -500,,Too early,,,,,,,\n\
               ,,Second title,,,,,,title,\n";
    let imported = import("old.csv", csv.as_bytes(), Format::Csv).unwrap();
    let c = loaded(&imported);
    assert_eq!(c.title, "The title");
    let shape: Vec<(String, String)> = c
        .events
        .iter()
        .map(|e| (e.title.clone(), e.date.edtf()))
        .collect();
    assert_eq!(
        shape,
        [
            ("Too early".to_string(), "../..".to_string()),
            ("Second title".to_string(), "../..".to_string()),
            ("Born".to_string(), "1963-08-09".to_string()),
            ("Debut".to_string(), "1985-02/1987".to_string()),
        ]
    );
    let born = c.events.iter().find(|e| e.title == "Born").unwrap();
    assert_eq!(c.tag_names(born), ["Music"]);
    let t = &imported.tally;
    assert_eq!(t.count("Start Date", Outcome::Kept("date")), 2);
    assert_eq!(t.count("Tag", Outcome::Kept("tags")), 1);
    let notices = imported.notices.join("\n");
    assert!(
        notices.contains(
            "row 6 is a second title row: it is read as an event, as TimelineJS reads it"
        ),
        "{notices}"
    );
    assert!(
        notices.contains("row 5 \"Too early\": its start date cannot be held"),
        "{notices}"
    );
}

#[test]
fn sheets_read_numbers_and_dates_as_timelinejs_does() {
    // Commas and spaces in numbers go; an end equal to the start is one date.
    let csv = "Year,Month,Day,End Year,End Month,End Day,Headline,Group,Start Date\n\
               \" 1,963 \",8,9,1963,8,9,Same day,,1960\n";
    let imported = import("n.csv", csv.as_bytes(), Format::Csv).unwrap();
    let c = loaded(&imported);
    assert_eq!(c.events[0].date.edtf(), "1963-08-09");
    let t = &imported.tally;
    assert_eq!(
        t.count(
            "End Year, End Month, End Day",
            Outcome::Kept("date (the same as the start: one date)")
        ),
        1
    );
    // A first-template column beside the current ones is kept aside, not read.
    assert_eq!(
        t.count(
            "Start Date",
            Outcome::Kept("a comment (the Year columns give the date)")
        ),
        1
    );
    assert!(
        imported.yaml.contains("  # TimelineJS Start Date: 1960\n"),
        "{}",
        imported.yaml
    );
}

/// TimelineJS's Google Doc media type builds `<iframe src='…'>` by joining strings, so a `'` in
/// a media address would run script in the published page. Import keeps the link but writes
/// the quote marks percent-encoded; the export after it carries none.
#[test]
fn a_quote_mark_in_a_media_address_never_reaches_the_export() {
    let evil = "https://docs.google.com/document/d/x/edit?usp=sharing&'onload='alert(1)`x`";
    let doc = json!({"events": [
        {"start_date": {"year": 2024}, "text": {"headline": "A"}, "media": {"url": evil}},
        {"start_date": {"year": 2024}, "text": {"headline": "B"},
         "media": {"url": "https://en.wikipedia.org/wiki/Rock_'n'_roll"}}
    ]});
    let imported = import_json(&doc).unwrap();
    assert!(!imported.yaml.contains("'onload"), "{}", imported.yaml);
    let c = loaded(&imported);
    assert_eq!(
        c.events[0].links[0].url,
        "https://docs.google.com/document/d/x/edit?usp=sharing&%27onload=%27alert(1)%60x%60"
    );
    assert_eq!(
        c.events[1].links[0].url,
        "https://en.wikipedia.org/wiki/Rock_%27n%27_roll"
    );
    let out = export::timelinejs(&c, &[0, 1], GroupBy::None);
    for slide in out["events"].as_array().unwrap() {
        let url = slide["media"]["url"].as_str().unwrap();
        assert!(!url.contains(['\'', '`', '"']), "{url}");
    }
}

/// An export that keeps drafts marks them; every imported event is a draft already, so the
/// mark is not kept as text: a draft exported and imported again is the draft it was.
#[test]
fn the_draft_mark_of_an_export_is_not_imported_as_text() {
    let yaml = "title: t\nsources: []\nactors: []\nevents:\n  - id: d\n    draft: true\n    date: \"2024\"\n    title: D\n    summary: What it says.\n";
    let c = load(
        Input::text("d.yaml", yaml, &MemorySources(&[])),
        &LoadOptions::default(),
    )
    .result
    .unwrap();
    let doc = export::timelinejs(&c, &[0], GroupBy::None);
    let text = doc["events"][0]["text"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("<p><strong>DRAFT — not yet sourced</strong></p>"),
        "{text}"
    );
    let back = loaded(&import_json(&doc).unwrap());
    assert!(back.events[0].draft);
    assert_eq!(back.events[0].summary.as_deref(), Some("What it says."));
}
