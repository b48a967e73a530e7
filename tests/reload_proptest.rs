//! A reload that parses only the events that changed gives exactly what a full load of the
//! new text gives: the same chronology, or the same problems at the same lines. Random edits
//! to the events (renames, dates, events added, removed and moved, broken YAML, quotes that do
//! or do not anchor, tags, related events, duplicate ids, reviews) and to the head, one after
//! another, each reload building on the last that loaded, as the viewer's do. The reload that
//! reads the text as a stream, in reads of a few bytes to a few kilobytes (so lines and items
//! straddle them), patches exactly when the reload of the whole text does, to the same
//! chronology, and what it leaves serves the next reload as well.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Read;

use proptest::prelude::*;
use sourceline::model::Chronology;
use sourceline::{
    Change, Input, LoadOptions, MemorySources, Reloadable, load, reload, reload_streamed,
};
use xxhash_rust::xxh3::xxh3_128;

const SOURCE: &str = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota. Kappa lambda mu. \
                      Nu xi omicron. Pi rho sigma. Tau upsilon phi. Chi psi omega.";
const OTHER: &str = "The committee met on Tuesday. The vote was postponed. The chair resigned.";
const QUOTES: &[&str] = &[
    "Alpha beta gamma",
    "Delta epsilon",
    "theta iota",
    "Pi rho sigma",
    "Chi psi omega",
    "not in the text at all",
    "The vote was postponed",
];

#[derive(Clone, Debug)]
struct Event {
    id: String,
    date: String,
    title: String,
    quote: usize,
    tags: Vec<String>,
    related: Vec<String>,
    /// Extra text at the end of the item (a comment, a review, broken YAML).
    tail: String,
}

#[derive(Clone, Debug)]
struct File {
    title: String,
    events: Vec<Event>,
}

impl File {
    fn text(&self) -> String {
        let mut out = format!(
            "title: {}\nsources:\n  - id: s\n    title: S\n    path: s.txt\n  - id: o\n    title: O\n    path: o.txt\nactors:\n  - id: a\n    name: A\nevents:\n",
            self.title
        );
        for e in &self.events {
            let source = if e.quote == QUOTES.len() - 1 {
                "o"
            } else {
                "s"
            };
            let _ = write!(
                out,
                "  - id: {}\n    date: {}\n    title: \"{}\"\n    actors: [a]\n",
                e.id, e.date, e.title
            );
            if !e.tags.is_empty() {
                let _ = writeln!(out, "    tags: [{}]", e.tags.join(", "));
            }
            if !e.related.is_empty() {
                let _ = writeln!(out, "    related: [{}]", e.related.join(", "));
            }
            let _ = write!(
                out,
                "    citations:\n      - source: {source}\n        quote: \"{}\"\n",
                QUOTES[e.quote]
            );
            out.push_str(&e.tail);
        }
        out
    }
}

fn event(i: usize) -> Event {
    Event {
        id: format!("e{i}"),
        date: format!("20{:02}-0{}-1{}", 10 + i % 12, 1 + i % 9, i % 10),
        title: format!("Event {i}"),
        quote: i % 5,
        tags: match i % 7 {
            0 | 3 => vec!["m".into()],
            1 => vec!["q".into(), "m".into()],
            _ => Vec::new(),
        },
        related: if i > 0 && i.is_multiple_of(4) {
            vec![format!("e{}", i - 1)]
        } else {
            Vec::new()
        },
        tail: if i % 5 == 2 {
            "\n# a comment between items\n".into()
        } else {
            String::new()
        },
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Rename(usize, String),
    Date(usize, String),
    Add(usize, usize),
    Remove(usize),
    Swap(usize, usize),
    Break(usize),
    Repair(usize),
    Quote(usize, usize),
    Tags(usize, Vec<String>),
    Relate(usize, usize),
    Unrelate(usize),
    Duplicate(usize, usize),
    Review(usize),
    Head(String),
    Nothing,
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..40;
    prop_oneof![
        4 => (i.clone(), "[A-Za-z ]{1,12}").prop_map(|(i, t)| Edit::Rename(i, t)),
        2 => (i.clone(), prop_oneof![
            Just("2020".to_string()),
            Just("2019-05-01".to_string()),
            Just("2021-02-30".to_string()),
            Just("2024-01-03T10:00Z".to_string()),
            Just("1999-12".to_string()),
        ]).prop_map(|(i, d)| Edit::Date(i, d)),
        2 => (i.clone(), 0usize..1000).prop_map(|(i, n)| Edit::Add(i, n)),
        2 => i.clone().prop_map(Edit::Remove),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => i.clone().prop_map(Edit::Break),
        2 => i.clone().prop_map(Edit::Repair),
        2 => (i.clone(), 0..QUOTES.len()).prop_map(|(i, q)| Edit::Quote(i, q)),
        1 => (i.clone(), proptest::collection::vec("[amqz]", 0..3)).prop_map(|(i, t)| Edit::Tags(i, t)),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Relate(a, b)),
        1 => i.clone().prop_map(Edit::Unrelate),
        1 => (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Duplicate(a, b)),
        1 => i.clone().prop_map(Edit::Review),
        1 => "[A-Za-z]{1,8}".prop_map(Edit::Head),
        1 => Just(Edit::Nothing),
    ]
}

impl Edit {
    /// Applies the edit; true when it changed one event's title and nothing else.
    fn apply(&self, file: &mut File) -> bool {
        let n = file.events.len();
        let at = |i: usize| if n == 0 { 0 } else { i % n };
        match self.clone() {
            Edit::Rename(i, t) if n > 0 => {
                file.events[at(i)].title = t;
                return true;
            }
            Edit::Date(i, d) if n > 0 => file.events[at(i)].date = d,
            Edit::Add(i, k) => {
                let mut e = event(k);
                e.id = format!("new{k}");
                file.events.insert(at(i).min(n), e);
            }
            Edit::Remove(i) if n > 0 => {
                file.events.remove(at(i));
            }
            Edit::Swap(a, b) if n > 0 => file.events.swap(at(a), at(b)),
            Edit::Break(i) if n > 0 => file.events[at(i)].tail = "    summary: [unclosed\n".into(),
            Edit::Repair(i) if n > 0 => file.events[at(i)].tail = String::new(),
            Edit::Quote(i, q) if n > 0 => file.events[at(i)].quote = q,
            Edit::Tags(i, t) if n > 0 => file.events[at(i)].tags = t,
            Edit::Relate(a, b) if n > 0 => {
                let id = file.events[at(b)].id.clone();
                file.events[at(a)].related.push(id);
            }
            Edit::Unrelate(i) if n > 0 => file.events[at(i)].related.clear(),
            Edit::Duplicate(a, b) if n > 0 => {
                let id = file.events[at(b)].id.clone();
                file.events[at(a)].id = id;
            }
            Edit::Review(i) if n > 0 => {
                file.events[at(i)].tail =
                    "        review: {verdict: verified, by: ann, on: 2024-05-01}\n".into();
            }
            Edit::Head(t) => file.title = t,
            _ => {}
        }
        false
    }
}

/// A reader that gives at most `step` bytes a read, as a pipe or a slow disk may.
struct Trickle<'a> {
    text: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.text.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

fn full(yaml: &str, reader: &MemorySources<'_>) -> String {
    let loaded = load(Input::text("c.yaml", yaml, reader), &LoadOptions::default());
    format!("{:?}", loaded.result)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_reload_gives_what_a_full_load_gives(
        n in 1usize..14,
        edits in proptest::collection::vec(edit(), 1..10),
    ) {
        let reader = MemorySources(&[("s.txt", SOURCE), ("o.txt", OTHER)]);
        let options = LoadOptions::default();
        let mut file = File { title: "T".into(), events: (0..n).map(event).collect() };
        let yaml = file.text();
        let first = reload(Input::text("c.yaml", &yaml, &reader), &options, None);
        prop_assert_eq!(
            format!("{:?}", first.result.as_ref().map(|_| ()).map_err(Clone::clone)),
            format!("{:?}", load(Input::text("c.yaml", &yaml, &reader), &options).result.map(|_| ()))
        );
        let mut shown: Option<Chronology> = match first.result {
            Ok(change) => Some(change.into_chronology(Cow::Owned(Chronology::default()))),
            Err(_) => None,
        };
        let mut previous: Option<Reloadable> = first.next;
        // Whether the text before this edit loaded: after one that did not, the reloadable is
        // of an older text, and an edit of a title alone may follow other changes to it.
        let mut last_loaded = true;
        for (i, edit) in edits.into_iter().enumerate() {
            let was_clean = previous.is_some() && last_loaded;
            let title_only = edit.apply(&mut file);
            let yaml = file.text();
            let expected = full(&yaml, &reader);
            let reloaded = reload(Input::text("c.yaml", &yaml, &reader), &options, previous.as_ref());
            let patched = matches!(reloaded.result, Ok(Change::Patched(_)));
            let streamed = previous.as_ref().and_then(|previous| {
                let step = [1, 3, 64, 4096][i % 4];
                let mut read = Trickle { text: yaml.as_bytes(), step };
                reload_streamed("c.yaml", &mut read, &reader, &options, previous)
            });
            prop_assert_eq!(streamed.is_some(), patched, "streamed or not, after {:?}", edit);
            // Owned and borrowed in turn: an owned chronology is patched in place when no
            // event moves, a borrowed one always copied from.
            let result = reloaded.result.map(|change| {
                let old = shown.as_ref().expect("a patch has a chronology to apply to");
                if i % 2 == 0 {
                    change.into_chronology(Cow::Owned(old.clone()))
                } else {
                    change.into_chronology(Cow::Borrowed(old))
                }
            });
            prop_assert_eq!(&format!("{result:?}"), &expected, "after {:?}", edit);
            // The streamed patch: the same chronology, the digest of the text, and every
            // other step goes on from what it leaves.
            let mut next_streamed = None;
            if let Some(streamed) = streamed {
                prop_assert!(streamed.text.is_none());
                let digest = streamed.digest.expect("a streamed reload says what it read");
                prop_assert_eq!((digest.len, digest.xxh3), (yaml.len() as u64, xxh3_128(yaml.as_bytes())));
                let old = shown.as_ref().expect("a patch has a chronology to apply to");
                let change = streamed.result.expect("a streamed reload is a patch");
                let chronology = change.into_chronology(Cow::Borrowed(old));
                prop_assert_eq!(&format!("{:?}", Ok::<_, ()>(chronology)), &expected);
                next_streamed = streamed.next;
                prop_assert!(next_streamed.is_some());
            }
            if was_clean && title_only && result.is_ok() {
                prop_assert!(patched, "a renamed event was not patched: {:?}", edit);
            }
            last_loaded = result.is_ok();
            if let Ok(chronology) = result {
                shown = Some(chronology);
                previous = if i % 2 == 1 && next_streamed.is_some() {
                    next_streamed
                } else {
                    reloaded.next
                };
                prop_assert!(previous.is_some());
            }
        }
    }
}
