//! The importer never panics and never writes a chronology `check` refuses: arbitrary bytes,
//! Knight Lab's files damaged byte by byte, and TimelineJS documents built from the format's own
//! keys with hostile values all give an import that loads, or an error. (The same property is
//! a fuzz target: `fuzz/fuzz_targets/import.rs`.)
#![allow(
    clippy::doc_markdown,
    reason = "TimelineJS is a product's name, written as its makers write it, not code"
)]

use proptest::prelude::*;
use serde_json::{Map, Value};
use sourceline::import::{Format, import};
use sourceline::{Input, LoadOptions, MemorySources, load};

fn holds(bytes: &[u8]) {
    for format in [Format::Json, Format::Csv] {
        match import("p", bytes, format) {
            Ok(imported) => {
                if let Err(problems) = load(
                    Input::text("p.yaml", &imported.yaml, &MemorySources(&[])),
                    &LoadOptions::default(),
                )
                .result
                {
                    panic!("{problems}\n{}", imported.yaml);
                }
                let _ = imported.tally.to_string();
            }
            Err(e) => assert!(!e.0.is_empty()),
        }
    }
}

const FILES: [&[u8]; 3] = [
    include_bytes!("browser/knightlab/houston.json"),
    include_bytes!("browser/knightlab/eras.json"),
    include_bytes!("browser/knightlab/my-own-timeline.csv"),
];

/// Text a TimelineJS value may hold: markup, entities, addresses, controls, numbers as text.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
        Just("<a href='//h/x'>".to_string()),
        Just("&#x1b;[2J&amp;&#0;&#xD800;&bogus;".to_string()),
        Just("\u{202E}\u{1b}\u{0}\r\n\u{2028}\u{feff}".to_string()),
        Just("<blockquote><p>q</p><cite>c</cite></blockquote>".to_string()),
        Just("-13800000000".to_string()),
        Just("1963".to_string()),
        Just(String::new()),
        Just("  ".to_string()),
        Just("null".to_string()),
        Just("\"x\": [y]\n- z".to_string()),
        "\\PC{0,30}",
        "[<>&;#a-z0-9 \"'=/]{0,40}",
    ]
}

/// A value for any key: text, a number, or something of the wrong shape.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        hostile_text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        (-3000i64..3000).prop_map(Value::from),
        (0i64..14).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::Null),
        Just(Value::Bool(true)),
        Just(Value::Array(vec![])),
    ]
}

fn object(keys: &'static [&'static str], inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    proptest::collection::vec((proptest::sample::select(keys), inner), 0..6)
        .prop_map(|pairs| {
            let map: Map<String, Value> =
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            Value::Object(map)
        })
        .boxed()
}

fn date() -> BoxedStrategy<Value> {
    object(
        &[
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "millisecond",
            "display_date",
            "format",
            "bogus",
        ],
        value().boxed(),
    )
}

fn slide() -> BoxedStrategy<Value> {
    let part = prop_oneof![
        3 => value(),
        2 => date(),
        1 => object(&["headline", "text", "other"], value().boxed()),
        1 => object(&["url", "caption", "credit", "thumbnail"], value().boxed()),
    ]
    .boxed();
    object(
        &[
            "start_date",
            "end_date",
            "text",
            "media",
            "group",
            "display_date",
            "unique_id",
            "background",
            "autolink",
            "extra",
        ],
        part,
    )
}

fn document() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(slide(), 0..8),
        proptest::option::of(slide()),
        proptest::option::of(proptest::collection::vec(slide(), 0..3)),
        proptest::option::of(value()),
    )
        .prop_map(|(events, title, eras, scale)| {
            let mut doc = Map::new();
            doc.insert("events".into(), Value::Array(events));
            if let Some(t) = title {
                doc.insert("title".into(), t);
            }
            if let Some(e) = eras {
                doc.insert("eras".into(), Value::Array(e));
            }
            if let Some(s) = scale {
                doc.insert("scale".into(), s);
            }
            Value::Object(doc)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        holds(&bytes);
    }

    #[test]
    fn damaged_knight_lab_files(
        file in 0..FILES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..8),
    ) {
        let mut bytes = FILES[file].to_vec();
        for (at, kind, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                2 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        holds(&bytes);
    }

    #[test]
    fn documents_of_the_formats_keys(doc in document()) {
        holds(doc.to_string().as_bytes());
    }

    #[test]
    fn sheets_of_the_templates_columns(
        rows in proptest::collection::vec(proptest::collection::vec(hostile_text(), 0..20), 0..6),
    ) {
        let mut csv = String::from("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Extra\n");
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
        holds(csv.as_bytes());
    }
}
