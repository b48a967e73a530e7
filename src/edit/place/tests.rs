use super::*;
use crate::edit::cite::cite;
use crate::load::{Input, LoadOptions, MemorySources, load};
use crate::yaml::patch::apply;

const SOURCE: &str = "one, then a new \"passage\" and folded text.";
const SOURCES: &[(&str, &str)] = &[("s.txt", SOURCE)];
const HEAD: &str = "title: t\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\n";

fn check() -> Check<'static> {
    Check {
        name: "c.yaml",
        sources: &MemorySources(SOURCES),
    }
}

fn cited() -> Cited {
    let at = SOURCE.find("new").unwrap();
    cite("s", SOURCE, at..at + "new \"passage\"".len()).unwrap()
}

fn draft() -> Draft {
    Draft {
        id: "new".into(),
        title: "New".into(),
        date: None,
        citation: cited(),
    }
}

fn applied(yaml: &str, patch: &Patch) -> String {
    String::from_utf8(apply(yaml.as_bytes(), std::slice::from_ref(patch)).unwrap()).unwrap()
}

fn yaml() -> String {
    format!(
        "{HEAD}events:\n  - id: a\n    date: \"2020\"\n    title: A\n    citations:\n      - source: s\n        quote: one\n        note: >\n          folded\n\n      # a comment\n  - id: b   # two\n    draft: true\n    title: B\n\n# trailing comment\nperiods: []\n"
    )
}

#[test]
fn a_citation_goes_after_the_last_one_at_its_indentation() {
    let yaml = yaml();
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "a", &cited()).unwrap(),
    );
    assert!(
        out.contains("          folded\n      - source: s\n        quote: \"new \\\"passage\\\"\"\n\n      # a comment\n"),
        "{out}"
    );
}

#[test]
fn an_event_without_citations_gets_a_list() {
    let yaml = yaml();
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "b", &cited()).unwrap(),
    );
    assert!(
        out.contains("    title: B\n    citations:\n      - source: s\n        quote: \"new \\\"passage\\\"\"\n\n# trailing"),
        "{out}"
    );
    assert!(matches!(
        add_citation(&check(), &yaml, "c", &cited()),
        Err(Unplaced::Layout(why)) if why == "event \"c\" is not in the file any more; reload"
    ));
}

#[test]
fn an_empty_citations_key_takes_the_list_under_it() {
    let yaml = format!(
        "{HEAD}events:\n  - id: a\n    draft: true\n    title: A\n    citations:   # to do\n    tags: [x]\n"
    );
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "a", &cited()).unwrap(),
    );
    assert!(
        out.contains("    citations:   # to do\n      - source: s\n        quote: \"new \\\"passage\\\"\"\n    tags: [x]\n"),
        "{out}"
    );
}

#[test]
fn a_draft_goes_at_the_end_of_the_events_list() {
    let yaml = yaml();
    let out = applied(&yaml, &add_draft(&check(), &yaml, &draft()).unwrap());
    assert!(
        out.contains("    title: B\n  - id: new\n    draft: true\n    title: \"New\"\n    citations:\n      - source: s\n"),
        "{out}"
    );
    // Items at the key's own column, CRLF line endings, no final line ending.
    let crlf = format!(
        "{}events:\r\n- id: a\r\n  draft: true\r\n  title: A",
        HEAD.replace('\n', "\r\n")
    );
    let out = applied(&crlf, &add_draft(&check(), &crlf, &draft()).unwrap());
    assert_eq!(
        out,
        format!(
            "{crlf}\r\n- id: new\r\n  draft: true\r\n  title: \"New\"\r\n  citations:\r\n    - source: s\r\n      quote: \"new \\\"passage\\\"\"\r\n"
        )
    );
}

#[test]
fn flow_lists_are_refused() {
    let flow = format!(
        "{HEAD}events:\n  - id: a\n    title: A\n    date: \"2020\"\n    citations: [{{source: s, quote: one}}]\n"
    );
    let err = add_citation(&check(), &flow, "a", &cited()).unwrap_err();
    assert!(err.to_string().contains("flow style"), "{err}");
    let flow = format!("{HEAD}events:\n  - {{id: a, draft: true, title: A}}\n");
    let err = add_citation(&check(), &flow, "a", &cited()).unwrap_err();
    assert!(err.to_string().contains("flow style ({…})"), "{err}");
    let err = add_draft(&check(), &format!("{HEAD}events: []\n"), &draft()).unwrap_err();
    assert!(err.to_string().contains("flow style"), "{err}");
}

#[test]
fn a_change_that_would_alter_another_value_is_refused() {
    // A kept block scalar (`|+`) keeps its trailing blank line: the new citation, written after
    // the scalar's last line of text, would move that line out of it.
    let yaml = format!(
        "{HEAD}events:\n  - id: a\n    date: \"2020\"\n    title: A\n    citations:\n      - source: s\n        quote: one\n        note: |+\n          kept\n\n  - id: b\n    draft: true\n    title: B\n"
    );
    let err = add_citation(&check(), &yaml, "a", &cited()).unwrap_err();
    assert_eq!(
        err,
        Unplaced::ReadBack(
            "the citation for event \"a\" would also change event \"a\" (citations[0].note)".into()
        )
    );
    assert!(
        err.to_string()
            .ends_with("; nothing was written (add it in an editor)")
    );
}

#[test]
fn a_citation_that_would_not_load_or_anchor_elsewhere_is_refused() {
    let yaml = yaml();
    let mut unknown = cited();
    unknown.source = "nope".into();
    let err = add_citation(&check(), &yaml, "a", &unknown).unwrap_err();
    assert!(
        err.to_string()
            .contains("would leave a file that does not load: c.yaml:"),
        "{err}"
    );
    let mut elsewhere = cited();
    elsewhere.range.start += 1;
    let err = add_citation(&check(), &yaml, "a", &elsewhere).unwrap_err();
    assert!(
        err.to_string()
            .contains("would not load as the selected passage"),
        "{err}"
    );
}

#[test]
fn the_shipped_chronology_takes_a_citation_on_every_event() {
    let yaml = crate::embedded::YAML;
    let chronology = load(Input::Embedded, &LoadOptions::default())
        .result
        .unwrap();
    let text = &chronology.sources[0].text;
    let at = text.find("olive branch").unwrap();
    let cited = cite(
        &chronology.sources[0].id,
        text,
        at..at + "olive branch".len(),
    )
    .unwrap();
    let check = Check {
        name: "iran-us.yaml",
        sources: &MemorySources(crate::embedded::SOURCES),
    };
    for e in &chronology.events {
        let out = applied(yaml, &add_citation(&check, yaml, &e.id, &cited).unwrap());
        let at = crate::load::event_line(&out, &e.id, Some(e.citations.len())).unwrap();
        assert!(
            out.lines()
                .nth(at - 1)
                .unwrap()
                .trim()
                .starts_with("- source: "),
            "{}",
            e.id
        );
    }
}

#[test]
fn a_list_at_its_key_s_own_column_keeps_that_layout() {
    let yaml = format!(
        "{HEAD}events:\n- id: a\n  date: \"2020\"\n  title: A\n  citations:\n  - source: s\n    quote: one\n"
    );
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "a", &cited()).unwrap(),
    );
    assert!(
        out.ends_with("    quote: one\n  - source: s\n    quote: \"new \\\"passage\\\"\"\n"),
        "{out}"
    );
}
