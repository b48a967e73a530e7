//! `check --fix` and `check --pin` end to end, on copies in a temporary project: `--fix` rewrites
//! only confident quotes, in their own quoting style, and never a fingerprint; `--pin` writes a
//! missing fingerprint and updates a stale one, only once every quote anchors; every other byte
//! stays; the embedded chronology is refused. A file changed between the read and the write is
//! not written: that race is tested beside `apply_fixes` and `apply_pins` (`src/cmd/check.rs`);
//! the atomic write itself (a write failing midway, a failed rename) in `src/edit/tests.rs`.

mod common;

use std::path::{Path, PathBuf};

use common::sha256_hex;

use assert_cmd::Command;
use sourceline::{Input, LoadOptions, load};

/// The drifted article (see `tests/check_messages.rs`).
const ARTICLE: &str = include_str!("drifted/article.txt");
/// The seed article, as the quotes were first copied from.
const SEED: &str = include_str!("../seeds/reuters-us-warned-iran-2024-01.txt");

/// A chronology with comments, odd spacing and every quoting style, citing the drifted article
/// (no fingerprint) and the seed (fingerprinted).
const YAML: &str = r#"# A chronology to fix.   Trailing spaces stay:   
title: "Fix me"    # the title
sources:
  - id: drifted
    title: The article, edited since
    path: article.txt     # no fingerprint yet
  - {id: seed, title: The article as first published, path: seed.txt}
actors:
  - id: us
    name: United States
events:
  - id: e1
    date: "2024-01"
    title: Typo fixed in the source, single-quoted
    actors: [us]
    citations:
      - source: drifted
        quote: 'The U.S. goverment recently issued a private warning to Iran'   # typo
      - source: drifted       # punctuation, double-quoted with an escape
        quote: "Alterman remarked, noting that President Biden\u2019s administration initially believed"
  - id: e2
    date: "2024-01"
    title: Plain, with a typo, re-wrapped with a hyphen in the source
    actors: [us]
    citations:
      - source: drifted
        quote: this warning indicates a broader U.S. intrest in establishing dialogue with Iran
      - source: drifted
        note: changed meaning, left to the author
        quote: "Biden's attempts to revive the 2015 Iran nuclear deal, which was abandoned by former President Trump in 2018, have not yielded results"
  - id: e3
    date: "2024-01"
    title: Gone, and still exact
    actors: [us]
    citations:
      - source: drifted
        quote: "The central bank raised interest rates by half a percentage point on Thursday"
      - source: seed
        quote: "private warning to Iran"
"#;

/// A temporary project holding the chronology (`yaml`, written as `c.yaml`) and both articles.
fn project(yaml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".sourceline"), "").unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("seed.txt"), SEED).unwrap();
    let path = dir.path().join("c.yaml");
    std::fs::write(&path, yaml).unwrap();
    (dir, path)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn sourceline(args: &[&str]) -> Run {
    let out = common::sourceline()
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fix(path: &Path) -> Run {
    sourceline(&["check", "--fix", path.to_str().unwrap()])
}

fn pin(path: &Path) -> Run {
    sourceline(&["check", "--pin", path.to_str().unwrap()])
}

/// `text` with each (old, new) replaced, each old occurring exactly once.
fn replaced(text: &str, edits: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (old, new) in edits {
        assert_eq!(out.matches(old).count(), 1, "{old}");
        out = out.replacen(old, new, 1);
    }
    out
}

#[test]
fn only_confident_quotes_are_rewritten_and_every_other_byte_stays() {
    let (_dir, path) = project(YAML);
    let r = fix(&path);
    // Two quotes are for the author: the check after the fixes still fails, on them only.
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let new = std::fs::read_to_string(&path).unwrap();
    // The whole file is the original with these edits and no other: `cmp` of everything
    // outside them shows nothing moved.
    let expected = replaced(
        YAML,
        &[
            (
                "'The U.S. goverment recently issued",
                "'The U.S. government recently issued",
            ),
            (
                "\"Alterman remarked, noting that President Biden\\u2019s administration initially believed\"",
                "\"Alterman remarked noting that President Biden’s administration initially believed\"",
            ),
            (
                "quote: this warning indicates a broader U.S. intrest in establishing dialogue with Iran\n",
                "quote: this warning indicates a broader U.S. interest in establishing dia- logue with Iran\n",
            ),
        ],
    );
    // No fingerprint is written: that is `--pin`'s, asked for on purpose.
    assert_eq!(new, expected);
    // The diff says what changed, and nothing else.
    for line in [
        "-        quote: 'The U.S. goverment recently issued a private warning to Iran'   # typo",
        "+        quote: 'The U.S. government recently issued a private warning to Iran'   # typo",
    ] {
        assert!(
            r.stdout.lines().any(|l| l == line),
            "{line:?} not in:\n{}",
            r.stdout
        );
    }
    let changed = r
        .stdout
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .count();
    assert_eq!(changed, 6, "{}", r.stdout);
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.starts_with("fixed: "))
            .count(),
        3,
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("sha256"), "{}", r.stderr);
    // What is left is what needs the author: the negation and the other article.
    let problems = load(Input::File(&path), &LoadOptions::default())
        .result
        .unwrap_err()
        .0;
    let left: Vec<(u64, bool)> = problems
        .iter()
        .map(|p| (p.position.unwrap().0, p.suggestion.is_some()))
        .collect();
    assert_eq!(left, [(30, true), (37, false)], "{problems:?}");
    assert!(r.stderr.ends_with("2 problems found\n"), "{}", r.stderr);

    // Run again: nothing more to fix, and the file is left as it is.
    let again = fix(&path);
    assert_eq!(again.code, Some(1));
    assert!(again.stdout.is_empty(), "{}", again.stdout);
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
}

#[test]
fn a_fixed_then_pinned_file_loads_and_keeps_crlf_line_endings() {
    let yaml = "title: T\r\nsources:\r\n  - id: drifted\r\n    title: A\r\n    path: article.txt\r\nactors:\r\n  - id: us\r\n    name: US\r\nevents:\r\n  - id: e1\r\n    date: \"2024\"\r\n    title: E\r\n    actors: [us]\r\n    citations:\r\n      - source: drifted\r\n        quote: \"The U.S. goverment recently issued a private warning to Iran\"\r\n";
    let (_dir, path) = project(yaml);
    let r = fix(&path);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let fixed = replaced(yaml, &[("goverment", "government")]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    // The diff, then the summary of the file as it now is.
    assert!(
        r.stdout.lines().last().unwrap().contains(": ok — "),
        "{}",
        r.stdout
    );
    let r = pin(&path);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("+    sha256: "), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("pinned: source \"drifted\": `sha256` written"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        replaced(
            &fixed,
            &[(
                "    path: article.txt\r\n",
                &format!(
                    "    path: article.txt\r\n    sha256: {}\r\n",
                    sha256_hex(ARTICLE)
                ),
            )]
        )
    );
    load(Input::File(&path), &LoadOptions::default())
        .result
        .unwrap();
}

#[test]
fn correcting_ones_own_copy_of_a_source_after_fix_is_no_problem() {
    let (dir, path) = project(&fingerprinted("a private warning to Iran").replace(
        &format!(
            "    sha256: \"{}\"   # when first quoted\n",
            sha256_hex(SEED)
        ),
        "",
    ));
    let r = fix(&path);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("nothing to fix"), "{}", r.stderr);
    // A typo corrected in one's own transcript of the source: still fine, nothing was pinned.
    let corrected = ARTICLE.replacen("Iran", "Iran ", 1);
    std::fs::write(dir.path().join("article.txt"), &corrected).unwrap();
    let r = sourceline(&["check", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Pinned on purpose, the next change shows.
    assert_eq!(pin(&path).code, Some(0));
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let r = sourceline(&["check", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("no longer matches its fingerprint")
            && r.stderr.contains("(`sourceline check --pin` does it)"),
        "{}",
        r.stderr
    );
}

/// A chronology citing only the drifted article, fingerprinted as the seed, with `quote`.
fn fingerprinted(quote: &str) -> String {
    format!(
        "title: T\nsources:\n  - id: drifted\n    title: A\n    path: article.txt\n    sha256: \"{}\"   # when first quoted\nactors:\n  - id: us\n    name: US\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    actors: [us]\n    citations:\n      - source: drifted\n        quote: \"{quote}\"\n      - source: drifted\n        quote: \"a private warning to Iran\"\n",
        sha256_hex(SEED)
    )
}

#[test]
fn a_stale_fingerprint_is_left_by_fix_and_updated_by_pin_once_every_quote_anchors() {
    let yaml = fingerprinted("The U.S. goverment recently issued a private warning to Iran");
    let (_dir, path) = project(&yaml);
    let before = sourceline(&["check", path.to_str().unwrap()]);
    assert_eq!(before.code, Some(1));
    assert!(
        before.stderr.contains(
            "field `sha256`: source file \"article.txt\" no longer matches its fingerprint"
        ),
        "{}",
        before.stderr
    );
    // `--fix` rewrites the quote and leaves the fingerprint, still stale.
    let r = fix(&path);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let fixed = replaced(&yaml, &[("goverment", "government")]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    assert!(
        r.stderr.contains("its 2 quotes still anchor exactly")
            && r.stderr.ends_with("1 problem found\n"),
        "{}",
        r.stderr
    );
    // `--pin` updates it, keeping its quotes and its comment.
    let r = pin(&path);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        replaced(&fixed, &[(&sha256_hex(SEED), &sha256_hex(ARTICLE))]),
    );

    // Both at once: the fixes, then the fingerprints of the file as fixed.
    let (_dir, path) = project(&yaml);
    let r = sourceline(&["check", "--fix", "--pin", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("fixed: event \"e1\"")
            && r.stderr
                .contains("pinned: source \"drifted\": `sha256` updated"),
        "{}",
        r.stderr
    );

    // A drifted quote left to the author: neither it nor the fingerprint moves.
    let yaml = fingerprinted("The official characterized the warning about the January 3 attack");
    let (_dir, path) = project(&yaml);
    let r = sourceline(&["check", "--fix", "--pin", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), yaml);
    assert!(
        r.stderr.contains("nothing to fix") && r.stderr.contains("nothing to pin"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("not pinned: no source: the chronology has 1 problem besides fingerprints"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("only approximately: event \"e1\" (line 17)"),
        "{}",
        r.stderr
    );
}

#[test]
fn pin_writes_every_block_style_source_and_says_why_not_the_others() {
    // Quotes that do not anchor have not been checked against anything: nothing is pinned.
    let (_dir, path) = project(YAML);
    let r = pin(&path);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("not pinned: no source: the chronology has 5 problems besides fingerprints"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), YAML);
    // Every quote anchors: each source in block style is pinned, the flow-style one says why not.
    let yaml = "title: T\nsources:\n  - id: drifted\n    title: A\n    path: article.txt   # the copy\n  - {id: seed, title: S, path: seed.txt}\nactors: []\nevents:\n  - id: e1\n    date: \"2024\"\n    title: E\n    citations:\n      - source: drifted\n        quote: \"a private warning to Iran\"\n      - source: seed\n        quote: \"private warning to Iran\"\n";
    std::fs::write(&path, yaml).unwrap();
    let r = pin(&path);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("pinned: source \"drifted\": `sha256` written")
            && r.stderr.contains(
                "not pinned: source \"seed\": `path:` is not on a line of its own in block style"
            ),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        yaml.replace(
            "# the copy\n",
            &format!("# the copy\n    sha256: {}\n", sha256_hex(ARTICLE))
        )
    );
}

#[test]
fn the_embedded_chronology_is_never_written() {
    for edit in ["--fix", "--pin"] {
        let r = sourceline(&["check", edit]);
        assert_eq!(r.code, Some(1));
        assert!(
            r.stderr
                .contains("the built-in chronology cannot be edited"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn a_file_with_nothing_to_fix_is_not_touched() {
    let (_dir, path) = project(YAML);
    let first = fix(&path);
    assert_eq!(first.code, Some(1));
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let again = fix(&path);
    assert!(again.stderr.contains("nothing to fix"), "{}", again.stderr);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[cfg(unix)]
#[test]
fn fix_on_a_named_pipe_is_refused_at_once() {
    use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
    // A writer ready to feed the pipe a fixable chronology: before, `--fix` read it, then opened
    // the pipe again to compare before writing, and waited there for ever.
    let (dir, _) = project(YAML);
    let fifo = dir.path().join("piped.yaml");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, YAML))
    };
    let cache = common::TestCache::new();
    let out = Command::cargo_bin("sourceline")
        .unwrap()
        .envs(cache.vars())
        .args(["check", "--fix", fifo.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    // Let the writer finish whether or not the pipe was read: open its other end without
    // blocking and let it go.
    let reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo);
    let _ = writer.join();
    drop(reader);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "it hung or went on: {stderr}");
    assert!(
        stderr.contains("piped.yaml: is a named pipe (FIFO); --fix writes only regular files"),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}
