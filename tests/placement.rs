//! Where `c` and `C` (the new draft) put their lines in a hostile chronology: a quoted title
//! that holds text looking like an `id:` line or a whole `events:` block must not move the new
//! citation or draft (two fixed files, then random titles made of such lines), and a change
//! that would not read back as intended is refused.

use std::fmt::Write as _;

use sourceline::model::Chronology;
use sourceline::{
    Check, Cited, Draft, Input, LoadOptions, MemorySources, Patch, Unplaced, add_citation,
    add_draft,
};

const SOURCE: &str = "Alpha came first. Beta came next. Gamma came last.";
const SOURCES: &[(&str, &str)] = &[("s.txt", SOURCE)];

const HEAD: &str = "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\n";

/// Event `a`'s title is a double-quoted scalar over two lines; its second line reads as
/// `id: b` to anything that scans lines. So does the second line of `b`'s, which also sits at
/// the column of the list's dashes, where a line scan takes the list to end.
fn fake_id() -> String {
    format!(
        "{HEAD}events:\n  - id: a\n    date: \"2020\"\n    title: \"A title over lines\n    id: b # \"\n    citations:\n      - source: s\n        quote: Alpha came first\n  - id: b\n    date: \"2021\"\n    title: \"B over lines\n  id: b # \"\n    citations:\n      - source: s\n        quote: Beta came next\n"
    )
}

/// The chronology's title holds a whole `events:` block, before the real one.
fn fake_events() -> String {
    format!(
        "title: \"Notes\nevents:\n  - id: b\n    title: not an event\n  \"\n{}events:\n  - id: a\n    date: \"2020\"\n    title: A\n    citations:\n      - source: s\n        quote: Alpha came first\n  - id: b\n    date: \"2021\"\n    title: B\n    citations:\n      - source: s\n        quote: Beta came next\n",
        &HEAD["title: T\n".len()..]
    )
}

fn load(yaml: &str) -> Chronology {
    sourceline::load(
        Input::text("c.yaml", yaml, &MemorySources(SOURCES)),
        &LoadOptions::default(),
    )
    .result
    .unwrap()
}

fn gamma() -> Cited {
    let at = SOURCE.find("Gamma").unwrap();
    sourceline::cite("s", SOURCE, at..at + "Gamma came last".len()).unwrap()
}

fn quotes(c: &Chronology, id: &str) -> Vec<String> {
    let e = c.events.iter().find(|e| e.id == id).unwrap();
    e.citations.iter().map(|c| c.quote.to_string()).collect()
}

fn check() -> Check<'static> {
    Check {
        name: "c.yaml",
        sources: &MemorySources(SOURCES),
    }
}

fn draft() -> Draft {
    Draft {
        id: "gamma".into(),
        title: "Gamma".into(),
        date: None,
        citation: gamma(),
    }
}

fn applied(yaml: &str, p: &Patch) -> String {
    let mut out = yaml.to_string();
    out.replace_range(p.range.clone(), &p.text);
    out
}

#[test]
fn the_hostile_files_load_as_intended() {
    let c = load(&fake_id());
    assert_eq!(c.events[0].title, "A title over lines id: b # ");
    assert_eq!(c.events[1].title, "B over lines id: b # ");
    assert_eq!(c.events.len(), 2);
    let c = load(&fake_events());
    assert!(c.title.starts_with("Notes events:"), "{}", c.title);
    assert_eq!(c.events.len(), 2);
}

#[test]
fn a_citation_for_b_lands_on_b_despite_a_title_that_reads_as_its_id() {
    let yaml = fake_id();
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "b", &gamma()).unwrap(),
    );
    let c = load(&out);
    assert_eq!(quotes(&c, "a"), ["Alpha came first"]);
    assert_eq!(quotes(&c, "b"), ["Beta came next", "Gamma came last"]);
    assert_eq!(c.events[0].title, load(&yaml).events[0].title);
}

#[test]
fn a_draft_goes_after_b_despite_a_title_that_reads_as_its_id() {
    let yaml = fake_id();
    let out = applied(&yaml, &add_draft(&check(), &yaml, &draft()).unwrap());
    assert!(out.starts_with(&yaml), "only added at the end: {out}");
    let c = load(&out);
    assert_eq!(c.events.len(), 3);
    assert!(c.events.iter().any(|e| e.id == "gamma" && e.draft));
}

#[test]
fn a_fake_events_block_in_a_title_does_not_take_the_citation() {
    let yaml = fake_events();
    let out = applied(
        &yaml,
        &add_citation(&check(), &yaml, "b", &gamma()).unwrap(),
    );
    let c = load(&out);
    assert_eq!(quotes(&c, "b"), ["Beta came next", "Gamma came last"]);
    assert_eq!(c.title, load(&yaml).title);
}

#[test]
fn a_fake_events_block_in_a_title_does_not_take_the_draft() {
    let yaml = fake_events();
    let out = applied(&yaml, &add_draft(&check(), &yaml, &draft()).unwrap());
    let c = load(&out);
    assert_eq!(c.title, load(&yaml).title);
    assert_eq!(c.events.len(), 3);
    assert!(c.events.iter().any(|e| e.id == "gamma" && e.draft));
}

#[test]
fn a_citation_of_another_source_text_is_refused_not_written_elsewhere() {
    // The viewer reads back against the texts it shows: a source that says something else now
    // (its file changed since the load) leaves the quote unanchored, and nothing is written.
    let yaml = fake_id();
    let check = Check {
        name: "c.yaml",
        sources: &MemorySources(&[("s.txt", "Alpha came first. Beta came next.")]),
    };
    let err = add_citation(&check, &yaml, "b", &gamma()).unwrap_err();
    assert!(matches!(err, Unplaced::ReadBack(_)), "{err}");
    assert!(
        err.to_string().starts_with(
            "the citation for event \"b\" would leave a file that does not load: c.yaml:"
        ),
        "{err}"
    );
}

/// Lines a quoted title may hold that read as YAML structure to a line scan.
const LOOKALIKES: &[&str] = &[
    "id: b # ",
    "- id: b",
    "events:",
    "citations:",
    "- source: s",
    "quote: Alpha came first",
    "# a comment",
    "draft: true",
    "title: B",
    "",
];

/// A chronology of `titles.len()` events `e0`, `e1` … each citing the first sentence, whose
/// titles are double-quoted over several lines, each line indented by the given spaces.
fn titled(titles: &[Vec<(usize, usize)>]) -> String {
    let mut yaml = format!("{HEAD}events:\n");
    for (i, lines) in titles.iter().enumerate() {
        let mut title = String::new();
        for &(indent, k) in lines {
            let _ = write!(title, "\n{}{}", " ".repeat(indent), LOOKALIKES[k]);
        }
        let _ = write!(
            yaml,
            "  - id: e{i}\n    date: \"20{:02}\"\n    title: \"Event{title}\"\n    citations:\n      - source: s\n        quote: Alpha came first\n",
            10 + i
        );
    }
    yaml
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Whatever a title holds, the citation goes to the event asked for and the draft after the
    /// last event: the place comes from the parser, and the read back (which would refuse a
    /// wrong place) accepts it.
    #[test]
    fn titles_that_look_like_yaml_never_move_a_citation_or_a_draft(
        titles in proptest::collection::vec(
            proptest::collection::vec((2usize..7, 0..LOOKALIKES.len()), 0..4),
            1..4,
        ),
        target in 0usize..4,
    ) {
        let yaml = titled(&titles);
        proptest::prop_assume!(sourceline::load(Input::text("c.yaml", &yaml, &MemorySources(SOURCES)), &LoadOptions::default()).result.is_ok());
        let id = format!("e{}", target % titles.len());
        let out = applied(&yaml, &add_citation(&check(), &yaml, &id, &gamma()).unwrap());
        let c = load(&out);
        for e in &c.events {
            let want: &[&str] = if e.id == id {
                &["Alpha came first", "Gamma came last"]
            } else {
                &["Alpha came first"]
            };
            proptest::prop_assert_eq!(quotes(&c, &e.id), want);
        }
        let out = applied(&yaml, &add_draft(&check(), &yaml, &draft()).unwrap());
        proptest::prop_assert!(out.starts_with(&yaml));
        proptest::prop_assert_eq!(load(&out).events.len(), titles.len() + 1);
    }
}
