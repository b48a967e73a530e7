//! The loader never panics: arbitrary text, and the shipped chronology damaged in the ways files
//! get damaged (fields dropped, lines truncated, duplicated or swapped, types changed, unicode
//! inserted), always give a `Chronology` or a list of problems.

use proptest::prelude::*;
use sourceline::{Input, LoadOptions, MemorySources, embedded};

fn load(yaml: &str) {
    match sourceline::load(
        Input::text("p.yaml", yaml, &MemorySources(embedded::SOURCES)),
        &LoadOptions::default(),
    )
    .result
    {
        Ok(c) => {
            for e in &c.events {
                for cit in &e.citations {
                    assert!(c.sources[cit.source].text.get(cit.range.clone()).is_some());
                }
            }
        }
        Err(problems) => {
            assert!(
                !problems.0.is_empty(),
                "an error carries at least one problem"
            );
            let _ = problems.to_string();
        }
    }
}

#[derive(Clone, Debug)]
enum Damage {
    DropLines(usize, usize),
    Truncate(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, String),
    ReplaceValue(usize, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    let noise = prop_oneof![
        Just("\u{202E}".to_string()),
        Just("\t".to_string()),
        Just(": ".to_string()),
        Just("- ".to_string()),
        Just("&a *a".to_string()),
        Just("[".to_string()),
        Just("\"".to_string()),
        Just("漢字🇮🇷".to_string()),
        Just("\u{0}".to_string()),
        Just("\r\n".to_string()),
        "\\PC{0,12}",
    ];
    let value = prop_oneof![
        Just("42".to_string()),
        Just("[1, 2]".to_string()),
        Just("{a: b}".to_string()),
        Just("~".to_string()),
        Just("\"2023-02-29\"".to_string()),
        Just("../..".to_string()),
        Just(String::new()),
        "\\PC{0,20}",
    ];
    prop_oneof![
        (0usize..300, 1usize..6).prop_map(|(a, n)| Damage::DropLines(a, n)),
        (0usize..20_000).prop_map(Damage::Truncate),
        (0usize..300).prop_map(Damage::Duplicate),
        (0usize..300, 0usize..300).prop_map(|(a, b)| Damage::Swap(a, b)),
        (0usize..20_000, noise).prop_map(|(at, s)| Damage::Insert(at, s)),
        (0usize..300, value).prop_map(|(line, v)| Damage::ReplaceValue(line, v)),
    ]
}

fn apply(yaml: &str, damage: &Damage) -> String {
    let mut lines: Vec<String> = yaml.lines().map(str::to_string).collect();
    let n = lines.len();
    if n == 0 || yaml.is_empty() {
        // Earlier damage can leave nothing; what is left is damaged enough.
        return yaml.to_string();
    }
    match damage {
        Damage::DropLines(a, k) => {
            let a = a % n;
            lines.drain(a..(a + k).min(n));
        }
        Damage::Truncate(at) => {
            let mut at = at % yaml.len();
            while !yaml.is_char_boundary(at) {
                at -= 1;
            }
            return yaml[..at].to_string();
        }
        Damage::Duplicate(a) => {
            let line = lines[a % n].clone();
            lines.insert(a % n, line);
        }
        Damage::Swap(a, b) => lines.swap(a % n, b % n),
        Damage::Insert(at, s) => {
            let mut at = at % yaml.len();
            while !yaml.is_char_boundary(at) {
                at -= 1;
            }
            return format!("{}{s}{}", &yaml[..at], &yaml[at..]);
        }
        Damage::ReplaceValue(a, v) => {
            let line = &mut lines[a % n];
            if let Some(colon) = line.find(": ") {
                line.truncate(colon + 2);
                line.push_str(v);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        load(&text);
    }

    #[test]
    fn arbitrary_bytes_from_disk_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.yaml");
        std::fs::write(&path, &bytes).unwrap();
        let _ = sourceline::load(Input::File(&path), &LoadOptions::default()).result;
    }

    #[test]
    fn damaged_chronologies_never_panic(damages in proptest::collection::vec(damage(), 1..4)) {
        let mut yaml = embedded::YAML.to_string();
        for d in &damages {
            yaml = apply(&yaml, d);
        }
        load(&yaml);
    }
}
