//! `sourceline schema`: a JSON Schema (draft 2020-12) that the shipped chronology and the test
//! chronologies satisfy, and that refuses what the loader refuses for its shape (an unknown
//! field).

mod common;

use serde_json::Value;

fn schema() -> Value {
    let out = common::sourceline().arg("schema").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A YAML chronology as the JSON value yaml-language-server would validate.
fn json(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).unwrap()
}

#[test]
fn the_schema_is_draft_2020_12_with_descriptions() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$defs"]["Citation"]["properties"]["prefix"]["description"],
        "The text just before the quote, when the quote occurs more than once."
    );
    jsonschema::draft202012::new(&schema).unwrap();
}

#[test]
fn the_shipped_chronology_and_the_good_ones_validate() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    for path in ["data/iran-us.yaml", "tests/good/minimal.yaml"] {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(why) = validator.validate(&json(&text)) {
            panic!("{path}: {why} at {}", why.instance_path());
        }
    }
}

#[test]
fn a_plain_number_or_boolean_is_text_as_the_loader_reads_it() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let text = std::fs::read_to_string("data/iran-us.yaml").unwrap();
    let mut plain = json(&text);
    plain["events"][0]["date"] = 1979.into();
    plain["events"][0]["title"] = true.into();
    assert!(validator.is_valid(&plain));
    plain["events"][0]["title"] = serde_json::json!({ "nested": 1 });
    assert!(!validator.is_valid(&plain));
}

#[test]
fn an_unknown_field_is_refused_at_every_level() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let text = std::fs::read_to_string("data/iran-us.yaml").unwrap();
    let good = json(&text);
    assert!(validator.is_valid(&good));
    let mut top = good.clone();
    top["author"] = "x".into();
    assert!(!validator.is_valid(&top));
    let mut event = good.clone();
    event["events"][0]["actor"] = "iran".into();
    assert!(!validator.is_valid(&event));
    let mut citation = good;
    citation["events"][0]["citations"][0]["qoute"] = "x".into();
    let why = validator.validate(&citation).unwrap_err();
    assert!(why.to_string().contains("qoute"), "{why}");
}
