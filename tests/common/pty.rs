//! The real binary in a pseudo-terminal, its screen decoded with vt100 as a terminal would.
//! The binary is `super::SOURCELINE`, which the including crate names: the tests the one cargo
//! built for them, `examples/latency.rs` the release build it times through this same session.
#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing (a hang, not a speed test).
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Session {
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    pub parser: vt100::Parser,
    pub output: Receiver<Vec<u8>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub raw: Vec<u8>,
    /// How long `wait_for` and `wait_exit` wait: [`PATIENCE`] unless changed.
    pub patience: Duration,
    /// The session's cache folder (`XDG_CACHE_HOME`), empty at start and removed with the
    /// session, so the binary never writes to the user's caches (an `env` given to
    /// [`Session::start_with`] wins over it).
    pub cache: tempfile::TempDir,
}

impl Session {
    pub fn start(args: &[&str]) -> Session {
        Self::start_with(args, &[], &std::env::temp_dir())
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)], cwd: &std::path::Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let cache = tempfile::tempdir().expect("a temporary cache folder");
        let mut cmd = CommandBuilder::new(super::SOURCELINE);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CACHE_HOME", cache.path());
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(cwd);
        let child = pty.slave.spawn_command(cmd).expect("spawn sourceline");
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
        Session {
            master: pty.master,
            parser: vt100::Parser::new(40, 120, 0),
            output: rx,
            writer,
            child,
            raw: Vec::new(),
            patience: PATIENCE,
            cache,
        }
    }

    pub fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + self.patience;
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "screen never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until `gone` has left the screen.
    pub fn wait_gone(&mut self, gone: &str) {
        let deadline = Instant::now() + self.patience;
        while self.screen().contains(gone) {
            assert!(
                Instant::now() < deadline,
                "{gone:?} stayed:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the viewer has taken the screen back from the editor `runs` times: it enters
    /// the alternate screen once at start and once after each editor. Keys sent before that
    /// would be the editor's (a real one reads them), and a screen read before it may still be
    /// the one from before the editor ran.
    pub fn wait_back_from_editor(&mut self, runs: usize) {
        let deadline = Instant::now() + self.patience;
        loop {
            let entered = count(&self.raw, b"\x1b[?1049h");
            if entered > runs && self.parser.screen().alternate_screen() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the viewer did not take the screen back after {runs} editor runs (entered the \
                 alternate screen {entered} times); the screen shows:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + self.patience;
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(status) = self.child.try_wait().unwrap() {
                // Drain what is left.
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(200)) {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "sourceline did not exit; the screen shows:\n{}",
                self.screen()
            );
        }
    }
}

/// How many times `needle` occurs in `haystack`.
fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}
