//! End-to-end in a pseudo-terminal: citing from the source pane on a copy made by `init`. A
//! draft made with `C` adds only its own lines and passes `check`; `u` puts the file back byte
//! for byte and the selection as it was, so `c` then cites the event that was selected; `n`
//! with a passage selected only goes to the next match; `c` adds a citation the reloaded viewer
//! shows, on the selected event even in a file whose quoted titles look like YAML; a change
//! that would not read back is refused; writes are refused on a file changed behind the
//! viewer's back and on the embedded chronology; `y` writes an OSC 52 sequence whose payload
//! is YAML.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Session;
use sourceline::{Input, LoadOptions, load};

/// `sourceline init` into a fresh folder; returns it and the chronology's path.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = common::sourceline()
        .args(["init", "mine"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let file = dir.path().join("mine/data/iran-us.yaml");
    (dir, file)
}

fn open(dir: &Path, args: &[&str]) -> Session {
    let mut s = Session::start_with(args, &[], dir);
    s.wait_for("The Islamic Republic");
    s
}

/// Opens the source pane, searches it for `phrase` and selects the match.
fn select(s: &mut Session, phrase: &str) {
    s.send(b"\r");
    s.wait_for("┏ Source");
    s.send(b"/");
    s.send(phrase.as_bytes());
    s.send(b"\r");
    s.wait_for("match 1/");
    s.send(b"v");
    s.wait_for("y copy");
}

/// Waits until `path` holds something other than `old`, and returns it.
fn changed(path: &Path, old: &[u8]) -> Vec<u8> {
    let deadline = Instant::now() + common::pty::PATIENCE;
    loop {
        let now = std::fs::read(path).unwrap();
        if now != old {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "{} never changed",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `sourceline` with `args`: exit code and stdout.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = common::sourceline().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The lines of `new` that are not in `old`, when `new` is `old` with one block of lines
/// inserted; fails otherwise.
fn inserted(old: &str, new: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    assert_eq!(head + tail, a.len(), "every old line is kept, in order");
    assert!(new.ends_with('\n') == old.ends_with('\n'));
    b[head..b.len() - tail]
        .iter()
        .map(|l| (*l).to_string())
        .collect()
}

#[test]
fn capital_c_adds_a_draft_of_only_new_lines_and_u_puts_the_file_back() {
    let (dir, file) = project();
    let before = std::fs::read(&file).unwrap();
    let mut s = open(dir.path(), &["mine/data/iran-us.yaml"]);
    select(&mut s, "first reported");
    s.send(b"ww");
    s.send(b"C");
    let after = changed(&file, &before);
    s.wait_for("new draft “first-reported-by-a”");
    s.wait_for("1 draft");
    let added = inserted(
        std::str::from_utf8(&before).unwrap(),
        std::str::from_utf8(&after).unwrap(),
    );
    assert_eq!(
        added,
        [
            "",
            "  - id: first-reported-by-a",
            "    draft: true",
            "    date: \"2024-01\"",
            "    title: \"first reported by a\"",
            "    citations:",
            "      - source: reuters-warning",
            "        quote: \"first reported by a\"",
        ]
    );
    let (code, out) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("13 events, 1 draft,"), "{out}");
    let strict = common::sourceline()
        .args(["check", "--strict", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&strict.stderr)
            .contains("event \"first-reported-by-a\": is a draft")
    );
    s.send(b"u");
    let undone = changed(&file, &after);
    assert_eq!(undone, before, "u restores the file byte for byte");
    s.wait_for("undone:");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn c_adds_the_citation_to_the_selected_event_and_the_viewer_shows_it() {
    let (dir, file) = project();
    let before = std::fs::read(&file).unwrap();
    let mut s = open(dir.path(), &["mine/data/iran-us.yaml"]);
    // The fifth event, Hamas's assault, cites one passage.
    s.send(b"jjjj");
    s.wait_for("event 5/12");
    select(&mut s, "missile strikes on an Iraqi airbase");
    s.send(b"c");
    changed(&file, &before);
    s.wait_for("added citation 2 to “hamas-assault”");
    s.wait_for("▶ [2/2] Reuters — “missile strikes on an Iraqi airbase”");
    assert!(s.screen().contains("event 5/12"), "{}", s.screen());
    let (code, out) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("24 citations"), "{out}");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_file_changed_behind_the_viewer_is_not_written() {
    let (dir, file) = project();
    let mut s = open(dir.path(), &["--no-watch", "mine/data/iran-us.yaml"]);
    let mut theirs = std::fs::read(&file).unwrap();
    theirs.extend_from_slice(b"# another program's line\n");
    std::fs::write(&file, &theirs).unwrap();
    select(&mut s, "first reported");
    s.send(b"C");
    s.wait_for("changed on disk since it was read; nothing was written");
    s.send(b"c");
    s.wait_for("changed on disk since it was read; nothing was written");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        theirs,
        "the file is untouched"
    );
    s.send(b"q");
    assert!(s.wait_exit().success());
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["iran-us.yaml"], "no temporary file is left");
}

#[test]
fn the_embedded_chronology_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path(), &[]);
    select(&mut s, "first reported");
    s.send(b"C");
    s.wait_for("cannot be edited; copy it with `sourceline init DIR`");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Standard base64, as OSC 52 carries it.
fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64");
        bits = (bits << 6 | u32::try_from(v).unwrap()) & 0xFFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xFF).unwrap());
        }
    }
    out
}

#[test]
fn y_copies_the_citation_through_osc_52() {
    let (dir, _file) = project();
    let mut s = open(dir.path(), &["mine/data/iran-us.yaml"]);
    select(&mut s, "duty to warn");
    s.send(b"w");
    s.send(b"y");
    s.wait_for("copied: source: reuters-warning, quote: \"duty to warn’\"");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    let start = raw.find("\x1b]52;c;").expect("an OSC 52 sequence") + "\x1b]52;c;".len();
    let end = start + raw[start..].find("\x1b\\").expect("the sequence ends");
    let yaml = String::from_utf8(base64(&raw[start..end])).unwrap();
    assert_eq!(
        yaml,
        "- source: reuters-warning\n  quote: \"duty to warn’\"\n"
    );
    let parsed: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(parsed[0]["quote"].as_str(), Some("duty to warn’"));
    s.send(b"q");
    assert!(s.wait_exit().success());
}

/// A chronology whose event `a` has a quoted title holding a line `    id: b # "`, and whose
/// title holds a fake `events:` block: a line scan finds `b` in the wrong places.
const HOSTILE: &str = "title: \"Notes\nevents:\n  - id: b\n    title: not an event\n  \"\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: a\n    date: \"2020\"\n    title: \"A title over lines\n    id: b # \"\n    citations:\n      - source: s\n        quote: Alpha came first\n  - id: b\n    date: \"2021\"\n    title: B\n    citations:\n      - source: s\n        quote: Beta came next\n";

/// The chronology `yaml` as `c.yaml` in a fresh folder, beside the `s.txt` it cites (three
/// sentences: "Alpha came first. Beta came next. Gamma came last."), open in the viewer
/// without a watch.
fn open_on_three_sentences(yaml: &str) -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    std::fs::write(&file, yaml).unwrap();
    std::fs::write(
        dir.path().join("s.txt"),
        "Alpha came first. Beta came next. Gamma came last.",
    )
    .unwrap();
    let s = Session::start_with(&["--no-watch", "c.yaml"], &[], dir.path());
    (dir, file, s)
}

/// The quotes of each event of the chronology at `file`, in file order.
fn quotes(file: &Path) -> Vec<(String, Vec<String>)> {
    let c = load(Input::File(file), &LoadOptions::default())
        .result
        .expect("the file still loads");
    c.events
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                e.citations.iter().map(|c| c.quote.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn c_on_a_hostile_file_adds_the_citation_to_the_selected_event_only() {
    let (_dir, file, mut s) = open_on_three_sentences(HOSTILE);
    s.wait_for("A title over lines");
    s.send(b"G");
    s.wait_for("event 2/2");
    select(&mut s, "Gamma came last");
    s.send(b"c");
    changed(&file, HOSTILE.as_bytes());
    assert_eq!(
        quotes(&file),
        [
            ("a".to_string(), vec!["Alpha came first".to_string()]),
            (
                "b".to_string(),
                vec!["Beta came next".to_string(), "Gamma came last".to_string()]
            ),
        ]
    );
    s.wait_for("added citation 2 to “b”");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_citation_that_would_not_read_back_is_refused_in_the_status_bar() {
    // `b`'s last citation ends in a kept block scalar (`|+`): a line written after its text
    // would take the scalar's trailing blank line away, so the read back refuses the change.
    let yaml = "title: T\nsources:\n  - id: s\n    title: S\n    path: s.txt\nactors: []\nevents:\n  - id: b\n    date: \"2021\"\n    title: B\n    citations:\n      - source: s\n        quote: Beta came next\n        note: |+\n          kept\n\n";
    let (_dir, file, mut s) = open_on_three_sentences(yaml);
    s.wait_for("event 1/1");
    select(&mut s, "Gamma came last");
    s.send(b"c");
    s.wait_for("c.yaml: the citation for event \"b\" would also change event \"b\"");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        yaml,
        "nothing was written"
    );
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn n_only_searches_and_after_a_draft_u_puts_back_the_selection_that_c_then_cites_from() {
    let (dir, file) = project();
    let before = std::fs::read(&file).unwrap();
    let mut s = open(dir.path(), &["--no-watch", "mine/data/iran-us.yaml"]);
    // The fifth event, Hamas's assault, cites one passage.
    s.send(b"jjjj");
    s.wait_for("event 5/12");
    select(&mut s, "Iraqi airbase");
    // A vim reflex: `n` goes to the next match (there is one, so it wraps) and writes nothing.
    s.send(b"n");
    s.wait_for("wrapped to the top");
    assert_eq!(std::fs::read(&file).unwrap(), before, "n wrote nothing");
    s.send(b"C");
    let drafted = changed(&file, &before);
    s.wait_for("new draft “iraqi-airbase”");
    s.send(b"u");
    assert_eq!(changed(&file, &drafted), before, "u puts the file back");
    s.wait_for("undone:");
    s.wait_for("event 5/12");
    s.wait_for("y copy");
    s.send(b"c");
    changed(&file, &before);
    s.wait_for("added citation 2 to “hamas-assault”");
    let c = load(Input::File(&file), &LoadOptions::default())
        .result
        .unwrap();
    let cited: Vec<(&str, usize)> = c
        .events
        .iter()
        .filter(|e| e.citations.iter().any(|c| c.quote == "Iraqi airbase"))
        .map(|e| (e.id.as_str(), e.citations.len()))
        .collect();
    assert_eq!(cited, [("hamas-assault", 2)]);
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn capital_c_on_a_hostile_file_adds_the_draft_at_the_end_of_the_real_events() {
    let (_dir, file, mut s) = open_on_three_sentences(HOSTILE);
    s.wait_for("A title over lines");
    select(&mut s, "Gamma came last");
    s.send(b"C");
    let after = String::from_utf8(changed(&file, HOSTILE.as_bytes())).unwrap();
    assert!(
        after.starts_with(HOSTILE),
        "only added at the end:\n{after}"
    );
    let ids: Vec<(String, Vec<String>)> = quotes(&file);
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&(
        "gamma-came-last".to_string(),
        vec!["Gamma came last".to_string()]
    )));
    s.wait_for("new draft “gamma-came-last”");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
