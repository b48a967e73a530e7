//! End-to-end: the real binary in a pseudo-terminal. Start, move, open the help, quit, and check
//! what the screen showed and that the terminal was given back (alternate screen left, cursor
//! shown). The screen is decoded with vt100, as a terminal would.

#![cfg(unix)]

mod common;

use common::pty::Session;

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
    // Esc alone is ambiguous to a terminal parser until the next byte: one read with `q`
    // after it is Alt-q. So `q` goes only once the Esc has closed the help.
    s.send(b"\x1b");
    s.wait_gone("Keys — ? or Esc to close");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "cursor shown again");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1049h") && raw.contains("\x1b[?1049l"));
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
    assert!(
        printed_after_leaving(&s, "panic requested"),
        "the report is printed, after the terminal is restored"
    );
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
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
    std::fs::write(dir.path().join(sourceline::PROJECT_MARKER), "").unwrap();
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
    s.send(b"jjjjjjj\r]}}\ra");
    s.send(b"hamas\r/olive\r:2018\rx?");
    s.wait_for("Keys — ? or Esc to close");
    // `q` only once the Esc has closed the help (see above).
    s.send(b"\x1b");
    s.wait_gone("Keys — ? or Esc to close");
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

/// `--actor` naming no actor of the chronology, found only once the viewer has loaded it: the
/// terminal is given back first, then the message, and the exit code is 1, as for `list`.
#[test]
fn an_unknown_actor_is_reported_after_the_terminal_is_given_back() {
    let mut s = Session::start(&["--actor", "nobody"]);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "{status:?}");
    assert!(
        printed_after_leaving(&s, "sourceline: unknown actor id \"nobody\"; valid ids: "),
        "the unknown id is named, with the valid ones, after the terminal is restored"
    );
}

/// Whether `text` was printed after the alternate screen was left for the last time.
fn printed_after_leaving(s: &Session, text: &str) -> bool {
    let raw = String::from_utf8_lossy(&s.raw);
    let left = raw.rfind("\x1b[?1049l").expect("alternate screen left");
    raw.rfind(text).is_some_and(|at| at > left)
}

/// A folder for `--allow-sources-in` that is none is refused before the terminal is touched.
#[test]
fn a_folder_to_allow_that_is_none_is_refused_before_the_screen_is_taken() {
    let mut s = Session::start(&["--allow-sources-in", "/no/such/folder"]);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "{status:?}");
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    assert!(
        raw.contains("sourceline: --allow-sources-in /no/such/folder: is not a folder"),
        "{raw:?}"
    );
    assert!(
        !raw.contains("\x1b[?1049h"),
        "the alternate screen was never entered"
    );
}
