//! End-to-end in a pseudo-terminal: reviewing on a copy made by `init`. `m` writes a review
//! under the focused citation (the reviewer given, today's date, the source file's SHA-256)
//! and changes nothing else; `check --require-review` then names every other citation but not
//! that one; `M` on it asks before replacing the review, then takes a note; each `u` puts the
//! file back byte for byte.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::Session;
use sha2::{Digest, Sha256};

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
    b[head..b.len() - tail]
        .iter()
        .map(|l| (*l).to_string())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut out, b| {
            use std::fmt::Write as _;
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[test]
fn m_writes_a_review_under_the_focused_citation_and_u_takes_it_back() {
    let (dir, file) = project();
    let before = std::fs::read(&file).unwrap();
    let source = std::fs::read(
        dir.path()
            .join("mine/seeds/reuters-us-warned-iran-2024-01.txt"),
    )
    .unwrap();
    let today = sourceline::model::today_utc().to_string();
    let mut s = Session::start_with(
        &["--reviewer", "Sam Reviewer", "mine/data/iran-us.yaml"],
        &[],
        dir.path(),
    );
    s.wait_for("The Islamic Republic");
    s.wait_for("0 of 1 verified");
    s.send(b"m");
    s.wait_for("verified citation 1 of “islamic-republic”");
    let after = changed(&file, &before);
    let added = inserted(
        std::str::from_utf8(&before).unwrap(),
        std::str::from_utf8(&after).unwrap(),
    );
    assert_eq!(
        added,
        [
            "        review:".to_string(),
            "          status: verified".into(),
            "          by: \"Sam Reviewer\"".into(),
            format!("          on: \"{today}\""),
            format!("          sha256: {}", hex(&source)),
        ]
    );
    // Right under the first event's only citation (after its note).
    let text = String::from_utf8(after.clone()).unwrap();
    assert!(
        text.contains("from the public record.\"\n        review:\n"),
        "{text}"
    );
    s.wait_for("verified citation 1 of “islamic-republic”");
    s.wait_for("1 of 1 verified");
    // The gate no longer names that citation, and still names the next event's.
    let gate = common::sourceline()
        .args(["check", "--require-review", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let gate = String::from_utf8_lossy(&gate.stdout);
    assert!(
        !gate.contains("\"event \\\"islamic-republic\\\"\""),
        "{gate}"
    );
    assert!(gate.contains("\"event \\\"nuclear-deal\\\"\""), "{gate}");

    // `M` on the reviewed citation asks first; `y`, a note, Enter replace the review.
    s.send(b"M");
    s.wait_for("replace the review (verified by Sam Reviewer on");
    s.send(b"y");
    s.wait_for("dispute — why?");
    s.send(b"no year given");
    s.send(b"\r");
    let disputed = changed(&file, &after);
    let replaced = String::from_utf8(disputed.clone()).unwrap();
    assert!(
        replaced.contains(&format!(
            "        review:\n          status: disputed\n          by: \"Sam Reviewer\"\n          on: \"{today}\"\n          sha256: {}\n          note: \"no year given\"\n\n",
            hex(&source)
        )),
        "{replaced}"
    );
    assert_eq!(
        replaced
            .replacen("status: disputed", "status: verified", 1)
            .replacen("          note: \"no year given\"\n", "", 1),
        text,
        "only the review changed"
    );

    s.send(b"u");
    let undone = changed(&file, &disputed);
    assert_eq!(undone, after, "u puts back the verified review");
    s.wait_for("undone:");
    s.send(b"u");
    let undone = changed(&file, &after);
    assert_eq!(undone, before, "u restores the file byte for byte");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
