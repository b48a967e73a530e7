//! Measures what a person at the terminal feels, through a pseudo-terminal running the release
//! binary: time to the first frame, to the loaded timeline, from a save to the new screen, and
//! from a key pressed during a reload to its answer on screen.
//!
//! `cargo build --release && cargo run --release --example latency -- DIR FILE [ROUNDS]`
//!
//! DIR (holding the chronology FILE, a path relative to DIR, and its sources) is copied to a
//! temporary folder, so the original is never touched. Figures go to standard output, one line each; BENCHMARKS.md
//! records them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Term {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    _child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Term {
    fn start(file: &Path) -> Term {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/sourceline");
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg(file);
        cmd.env("TERM", "xterm-256color");
        let child = pty
            .slave
            .spawn_command(cmd)
            .expect("spawn (build --release first)");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        std::mem::forget(pty.master);
        Term {
            parser: vt100::Parser::new(40, 120, 0),
            output: rx,
            writer,
            _child: child,
        }
    }

    /// Waits until the screen contains `text`; returns when it did.
    fn until(&mut self, text: &str) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if self.parser.screen().contents().contains(text) {
                return Instant::now();
            }
            assert!(Instant::now() < deadline, "never showed {text:?}");
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(1)) {
                self.parser.process(&bytes);
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
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
        let mut t = Term::start(&file);
        let first = t.until("─");
        let loaded = t.until("event 1/");
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
            t.until("reloading");
            let pressed = Instant::now();
            t.send(b"j");
            let answered = t.until("event 2/");
            println!(
                "round {round}: key during reload answered in {}",
                ms(answered - pressed)
            );
        }
        // A large file's first event may be scrolled away by the key: the summary says it is in.
        let shown = if text.len() > 1_000_000 {
            t.until("reloaded")
        } else {
            t.until(&marker)
        };
        println!("round {round}: save to new screen {}", ms(shown - saved));
        std::fs::write(&file, &text).unwrap();
        t.until("reloaded");
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
