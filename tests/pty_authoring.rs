//! End-to-end in a pseudo-terminal: the authoring loop. A copy made by `init` is edited on disk
//! (in place, by rename-over, broken then fixed) and through `e` with a recording editor; the
//! viewer must follow without a key pressed, keep the reader's place, never lose the last good
//! version, and hand the terminal to the editor and take it back.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Session;

const TITLE: &str = "title: Hamas attacks southern Israel\n";

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
    assert!(std::fs::read_to_string(&file).unwrap().contains(TITLE));
    (dir, file)
}

fn replace(file: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} not in the file");
    text.replacen(from, to, 1)
}

fn open(dir: &Path, env: &[(&str, &str)]) -> Session {
    let mut s = Session::start_with(&["mine/data/iran-us.yaml"], env, dir);
    s.wait_for("The Islamic Republic");
    // The fifth event: Hamas's assault of 7 October.
    s.send(b"jjjj");
    s.wait_for("event 5/12");
    s
}

#[test]
fn a_save_in_place_reloads_without_a_key_and_keeps_the_selection() {
    let (dir, file) = project();
    let mut s = open(dir.path(), &[]);
    std::fs::write(
        &file,
        replace(&file, TITLE, "title: Hamas attacks (saved in place)\n"),
    )
    .unwrap();
    s.wait_for("Hamas attacks (saved in place)");
    s.wait_for("reloaded: 12 events, 23 citations");
    assert!(s.screen().contains("event 5/12"), "{}", s.screen());
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_rename_over_save_and_a_new_event_reload() {
    let (dir, file) = project();
    let mut s = open(dir.path(), &[]);
    // As vim and most editors save: write a new file beside, rename it over the old one.
    let text = replace(&file, TITLE, "title: Hamas attacks (renamed over)\n");
    let extra = "\n  - id: added-later\n    date: \"2024-02-01\"\n    title: An event added while the viewer ran\n    actors: [iran]\n    citations:\n      - source: reuters-warning\n        quote: \"prior to a tragic attack this month\"\n";
    let swap = file.with_extension("yaml.swp");
    std::fs::write(&swap, format!("{text}{extra}")).unwrap();
    std::fs::rename(&swap, &file).unwrap();
    s.wait_for("Hamas attacks (renamed over)");
    s.wait_for("reloaded: 13 events (+1)");
    assert!(s.screen().contains("event 5/13"), "{}", s.screen());
    // And again after the rename: the watch follows the name, not the old file.
    std::fs::write(&file, replace(&file, "(renamed over)", "(and again)")).unwrap();
    s.wait_for("Hamas attacks (and again)");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_broken_save_keeps_the_last_good_version_and_lists_the_problems() {
    let (dir, file) = project();
    let good = std::fs::read_to_string(&file).unwrap();
    let mut s = open(dir.path(), &[]);
    let broken = replace(&file, "date: \"2023-10-07\"", "date: \"2023-13-07\"").replacen(
        "actors: [hamas, israel]",
        "actors: [hamas, isis]",
        1,
    );
    // A plain write is seen half-done at times (truncated, then filled): wait for the end state.
    std::fs::write(&file, &broken).unwrap();
    s.wait_for("unknown actor \"isis\"");
    s.wait_for("month 13 does not exist");
    s.wait_for("2 problems");
    let screen = s.screen();
    assert!(screen.contains("iran-us.yaml:"), "{screen}");
    // The timeline behind the pane is the last good one.
    assert!(screen.contains("Hamas attacks southern Israel"), "{screen}");
    // A syntax error is a problem too, and a half-written (empty) file never crashes.
    std::fs::write(&file, "title: [unclosed\n").unwrap();
    s.wait_for("1 problem ");
    std::fs::write(&file, "").unwrap();
    s.wait_for("the file is empty");
    std::fs::write(&file, &good).unwrap();
    s.wait_gone("problem");
    s.wait_for("reloaded: 12 events");
    assert!(s.screen().contains("event 5/12"), "{}", s.screen());
    s.send(b"q");
    assert!(s.wait_exit().success());
}

/// An editor named `vi` (so it gets `+LINE -- FILE`) that records its arguments and edits the
/// file it was given.
fn recording_editor(dir: &Path, sed: &str) -> (PathBuf, PathBuf) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("editor-args");
    let script = bin.join("vi");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\nprintf -- '--end--\\n' >> '{}'\nfor last in \"$@\"; do :; done\nsed -i '{sed}' \"$last\"\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (script, log)
}

fn calls(log: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .split("--end--\n")
        .filter(|c| !c.is_empty())
        .map(|c| c.lines().map(str::to_string).collect())
        .collect()
}

#[test]
fn e_opens_the_editor_at_the_event_and_the_viewer_comes_back_with_the_edit() {
    let (dir, file) = project();
    let (editor, log) = recording_editor(
        dir.path(),
        "s/title: Hamas attacks southern Israel$/title: Hamas attacks (edited in the editor)/",
    );
    let yaml = std::fs::read_to_string(&file).unwrap();
    let line = yaml
        .lines()
        .position(|l| l == "  - id: hamas-assault")
        .unwrap()
        + 1;
    let mut s = open(
        dir.path(),
        &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
    );
    s.send(b"e");
    s.wait_for("Hamas attacks (edited in the editor)");
    let real = file.canonicalize().unwrap();
    assert_eq!(
        calls(&log),
        [vec![
            format!("+{line}"),
            "--".to_string(),
            dir.path()
                .canonicalize()
                .unwrap()
                .join("mine/data/iran-us.yaml")
                .display()
                .to_string()
        ]],
        "{}",
        real.display()
    );
    assert!(
        s.parser.screen().alternate_screen(),
        "back on the viewer's screen"
    );
    assert!(s.screen().contains("event 5/12"), "{}", s.screen());
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    let left = raw
        .find("\x1b[?1049l")
        .expect("the editor got the main screen");
    assert!(
        raw[left..].contains("\x1b[?1049h"),
        "and the viewer took it back"
    );

    // On a citation (after `]`), at the citation's line.
    s.send(b"]e");
    let deadline = Instant::now() + common::pty::PATIENCE;
    while calls(&log).len() < 2 {
        assert!(Instant::now() < deadline, "the editor was not run again");
        s.pump(Duration::from_millis(50));
    }
    let yaml = std::fs::read_to_string(&file).unwrap();
    let citation = calls(&log)[1][0]
        .trim_start_matches('+')
        .parse::<usize>()
        .unwrap();
    assert!(
        yaml.lines()
            .nth(citation - 1)
            .unwrap()
            .contains("- source: reuters-warning"),
        "line {citation}"
    );
    // Keys typed while the editor still runs are the editor's: wait for the viewer first.
    s.wait_back_from_editor(2);
    s.wait_for("event 5/12");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn e_in_the_problems_pane_opens_the_problem_line() {
    let (dir, file) = project();
    let (editor, log) = recording_editor(dir.path(), "s/\"2023-13-07\"/\"2023-10-07\"/");
    let mut s = open(
        dir.path(),
        &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
    );
    let broken = replace(&file, "date: \"2023-10-07\"", "date: \"2023-13-07\"");
    let line = broken
        .lines()
        .position(|l| l.contains("2023-13-07"))
        .unwrap()
        + 1;
    std::fs::write(&file, &broken).unwrap();
    // A plain write can be seen half-done (an empty file is a problem too): wait for this one.
    s.wait_for("month 13 does not exist");
    s.send(b"\r");
    let deadline = Instant::now() + common::pty::PATIENCE;
    while calls(&log).is_empty() {
        assert!(Instant::now() < deadline, "the editor was not run");
        s.pump(Duration::from_millis(50));
    }
    assert_eq!(calls(&log)[0][0], format!("+{line}"));
    // The editor fixes the date; back in the viewer, the reload clears the problems.
    s.wait_back_from_editor(1);
    s.wait_for("event 5/12");
    s.wait_gone("problem");
    s.send(b"q");
    assert!(s.wait_exit().success());
}

#[test]
fn hostile_source_names_reach_the_editor_as_inert_absolute_paths() {
    for name in ["+:!touch pwned", "-c"] {
        let (dir, file) = project();
        let seeds = dir.path().join("mine/seeds");
        std::fs::rename(
            seeds.join("reuters-us-warned-iran-2024-01.txt"),
            seeds.join(name),
        )
        .unwrap();
        std::fs::write(
            &file,
            replace(
                &file,
                "../seeds/reuters-us-warned-iran-2024-01.txt",
                &format!("\"../seeds/{name}\""),
            ),
        )
        .unwrap();
        let (editor, log) = recording_editor(dir.path(), "s/x/x/");
        let mut s = open(
            dir.path(),
            &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
        );
        // Enter reads the passage in the source pane; `e` there opens the source document.
        s.send(b"\r");
        s.wait_for("┏ Source");
        s.send(b"e");
        let deadline = Instant::now() + common::pty::PATIENCE;
        while calls(&log).is_empty() {
            assert!(Instant::now() < deadline, "the editor was not run");
            s.pump(Duration::from_millis(50));
        }
        let args = &calls(&log)[0];
        let last = args.last().unwrap();
        assert!(last.starts_with('/') && last.ends_with(name), "{args:?}");
        assert_eq!(args[args.len() - 2], "--", "{args:?}");
        assert!(!args.iter().any(|a| a == name), "{args:?}");
        assert!(!dir.path().join("pwned").exists());
        s.wait_back_from_editor(1);
        s.wait_for("Source");
        s.send(b"q");
        assert!(s.wait_exit().success());
    }
}

#[test]
fn a_bad_file_opens_the_viewer_on_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "title: x\nevents: [\n").unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()]);
    s.wait_for("1 problem");
    assert!(s.screen().contains("bad.yaml:2"), "{}", s.screen());
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn q_during_a_long_load_quits_at_once_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let generated = common::generator::generate(common::generator::Spec {
        events: 60_000,
        actors: 40,
        sources: 10,
        seed: 3,
    });
    for (path, text) in &generated.sources {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let file = dir.path().join("big.yaml");
    std::fs::write(&file, &generated.yaml).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()]);
    s.wait_for("Loading");
    s.wait_for("MB parsed");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn a_chronology_briefly_replaced_by_a_pipe_is_a_problem_and_the_next_save_reloads() {
    let (dir, file) = project();
    let good = std::fs::read_to_string(&file).unwrap();
    let mut s = open(dir.path(), &[]);
    // A named pipe nobody writes to, in the chronology's place: a reload that opened it as a
    // file waited there for ever, and every later reload queued behind it.
    std::fs::remove_file(&file).unwrap();
    nix::unistd::mkfifo(&file, nix::sys::stat::Mode::S_IRWXU).unwrap();
    s.wait_for("is a named pipe (FIFO), not a regular file");
    // The last good version stays behind the pane; a reload by hand (Ctrl-r, as F5) meets the
    // same pipe and does not wedge either.
    assert!(s.screen().contains("event 5/12"), "{}", s.screen());
    s.send(b"\x12");
    s.wait_for("is a named pipe (FIFO), not a regular file");
    std::fs::remove_file(&file).unwrap();
    std::fs::write(
        &file,
        good.replacen(TITLE, "title: Hamas attacks (a file again)\n", 1),
    )
    .unwrap();
    s.wait_for("Hamas attacks (a file again)");
    s.wait_gone("named pipe");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
