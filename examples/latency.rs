//! Measures what a person at the terminal feels, through a pseudo-terminal running the release
//! binary: time to the first frame, to the loaded timeline, from a save to the new screen, and
//! from a key pressed during a reload to its answer on screen.
//!
//! `cargo build --release && cargo run --release --example latency -- DIR FILE [ROUNDS]`
//!
//! DIR (holding the chronology FILE, a path relative to DIR, and its sources) is copied to a
//! temporary folder, so the original is never touched. Figures go to standard output, one line each; BENCHMARKS.md
//! records them.

#[path = "../tests/common/pty.rs"]
#[allow(dead_code, reason = "the tests' session; the example uses part of it")]
mod pty;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pty::Session;

/// The binary timed (the session runs it): the release build, as a person would run it.
const SOURCELINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/sourceline");

/// The release binary on `file`, given time enough to load a large one.
fn start(file: &Path) -> Session {
    assert!(Path::new(SOURCELINE).is_file(), "build --release first");
    let cwd = std::env::current_dir().unwrap();
    let mut session = Session::start_with(&[file.to_str().expect("a UTF-8 path")], &[], &cwd);
    session.patience = Duration::from_secs(120);
    session
}

/// Waits until the screen shows `text`; returns when it did.
fn until(session: &mut Session, text: &str) -> Instant {
    session.wait_for(text);
    Instant::now()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: latency DIR FILE [ROUNDS]";
    let from = PathBuf::from(args.next().expect(usage));
    let relative = PathBuf::from(args.next().expect(usage));
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&from, dir.path());
    let file = dir.path().join(relative);
    let text = std::fs::read_to_string(&file).unwrap();
    for round in 0..rounds {
        let started = Instant::now();
        let mut t = start(&file);
        let first = until(&mut t, "─");
        let loaded = until(&mut t, "event 1/");
        println!(
            "round {round}: first frame {}, loaded {}",
            ms(first - started),
            ms(loaded - started)
        );
        // A save: the title of the first event changes; time until it is on screen.
        let marker = format!("Z{round}Z");
        let at = text
            .find("\nevents:")
            .and_then(|e| text[e..].find("title: ").map(|t| e + t + 7));
        let at = at.expect("an event title");
        let edited = format!("{}{marker} {}", &text[..at], &text[at..]);
        let saved = Instant::now();
        std::fs::write(&file, &edited).unwrap();
        if text.len() > 1_000_000 {
            // During that reload, a key: time until it is answered.
            until(&mut t, "reloading");
            let pressed = Instant::now();
            t.send(b"j");
            let answered = until(&mut t, "event 2/");
            println!(
                "round {round}: key during reload answered in {}",
                ms(answered - pressed)
            );
        }
        // A large file's first event may be scrolled away by the key: the summary says it is in.
        let shown = if text.len() > 1_000_000 {
            until(&mut t, "reloaded")
        } else {
            until(&mut t, &marker)
        };
        println!("round {round}: save to new screen {}", ms(shown - saved));
        std::fs::write(&file, &text).unwrap();
        until(&mut t, "reloaded");
        t.send(b"q");
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
