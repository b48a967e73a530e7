//! End-to-end: the real binary in a pseudo-terminal. Start, move, open the help, quit, and check
//! what the screen showed and that the terminal was given back (alternate screen left, cursor
//! shown). The screen is decoded with vt100, as a terminal would.

#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing (a hang, not a speed test).
const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    master: Box<dyn portable_pty::MasterPty + Send>,
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    raw: Vec<u8>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Self::start_with(args, &[], &std::env::temp_dir())
    }

    fn start_with(args: &[&str], env: &[(&str, &str)], cwd: &std::path::Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sourceline"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
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
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "screen never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
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
            assert!(Instant::now() < deadline, "sourceline did not exit");
        }
    }
}

#[test]
fn start_move_help_quit_restores_the_terminal() {
    let mut s = Session::start(&[]);
    s.wait_for("The Islamic Republic");
    assert!(
        s.parser.screen().alternate_screen(),
        "the viewer uses the alternate screen"
    );
    assert!(s.screen().contains("Timeline — 12 of 12 events"));
    s.send(b"jjjjjjj");
    s.wait_for("event 8/12");
    s.send(b"\r");
    s.wait_for("two suicide bombings");
    s.send(b"?");
    s.wait_for("Keys — ? or Esc to close");
    s.send(b"\x1b");
    // Esc alone is ambiguous for a moment to a terminal parser; give it time.
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "cursor shown again");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1049h") && raw.contains("\x1b[?1049l"));
}

#[test]
fn a_bad_file_is_reported_without_touching_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "title: x\nevents: [\n").unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()]);
    let status = s.wait_exit();
    assert!(!status.success());
    assert!(s.screen().contains("bad.yaml:2"), "{}", s.screen());
    assert!(!String::from_utf8_lossy(&s.raw).contains("\x1b[?1049h"));
}

/// Whether the pty is back in cooked mode (line editing and echo on), as a shell expects.
fn cooked(s: &Session) -> bool {
    use nix::sys::termios::{LocalFlags, Termios};
    let termios: Termios = s.master.get_termios().expect("termios of the pty");
    termios
        .local_flags
        .contains(LocalFlags::ICANON | LocalFlags::ECHO)
}

#[test]
fn quitting_leaves_raw_mode() {
    let mut s = Session::start(&[]);
    s.wait_for("The Islamic Republic");
    assert!(!cooked(&s), "the viewer runs in raw mode");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(cooked(&s), "raw mode is off after quitting");
}

#[test]
fn a_panic_restores_the_terminal_before_the_report_is_printed() {
    let mut s = Session::start_with(
        &[],
        &[
            ("SOURCELINE_TEST_PANIC_ON_KEY", "1"),
            ("RUST_BACKTRACE", "0"),
        ],
        &std::env::temp_dir(),
    );
    s.wait_for("The Islamic Republic");
    s.send(b"j");
    let status = s.wait_exit();
    assert!(!status.success(), "a panic is a failure exit");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "cursor shown");
    assert!(cooked(&s), "raw mode off");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    let left = raw.rfind("\x1b[?1049l").expect("alternate screen left");
    let report = raw
        .rfind("panic requested")
        .expect("the panic report is printed");
    assert!(
        report > left,
        "the report comes after the terminal is restored"
    );
    assert!(
        s.screen()
            .contains("panic requested by SOURCELINE_TEST_PANIC_ON_KEY")
    );
    assert!(
        raw.contains("\x1b[?1000l") || raw.contains("\x1b[?1006l"),
        "mouse capture off"
    );
}

#[test]
fn the_viewer_never_writes_to_its_input_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    // The project marker lets `data/` cite `../seeds/`, as `.git` does in the repository.
    std::fs::write(dir.path().join(sourceline::load::PROJECT_MARKER), "").unwrap();
    let yaml = dir.path().join("data/iran-us.yaml");
    let seed = dir.path().join("seeds/reuters-us-warned-iran-2024-01.txt");
    std::fs::copy(format!("{root}/data/iran-us.yaml"), &yaml).unwrap();
    std::fs::copy(
        format!("{root}/seeds/reuters-us-warned-iran-2024-01.txt"),
        &seed,
    )
    .unwrap();
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = [&yaml, &seed]
        .iter()
        .map(|p| {
            (
                std::fs::read(p).unwrap(),
                std::fs::metadata(p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    let mut s = Session::start_with(&["data/iran-us.yaml"], &[], dir.path());
    s.wait_for("The Islamic Republic");
    s.send(b"jjjjjjj\r]}}\r");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"a");
    std::thread::sleep(Duration::from_millis(200));
    s.send(b"hamas\r/olive\r:2018\rx?");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"q");
    assert!(s.wait_exit().success());
    let after: Vec<(Vec<u8>, std::time::SystemTime)> = [&yaml, &seed]
        .iter()
        .map(|p| {
            (
                std::fs::read(p).unwrap(),
                std::fs::metadata(p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert_eq!(before, after, "bytes and modification times unchanged");
}
