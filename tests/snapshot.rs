//! The snapshot cache end to end, through the binary: a second opening reads the stored
//! chronology (the entry's file is read, not written again), and every way an entry can stop
//! matching (a source changed, the YAML changed, the entry cut short, damaged, of another
//! layout, or another chronology's) gives the chronology the files give now and writes the
//! entry again; two processes on one cold cache both succeed and leave a sound entry.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_sourceline");

/// A chronology (tests/good/minimal.yaml and its sources) copied into a folder of its own, and
/// an empty cache folder.
struct Setup {
    dir: TempDir,
    cache: TempDir,
}

impl Setup {
    fn new() -> Self {
        let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/good");
        let dir = tempfile::tempdir().unwrap();
        for name in ["minimal.yaml", "source.txt", "memo.txt"] {
            fs::copy(good.join(name), dir.path().join(name)).unwrap();
        }
        Self {
            dir,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .arg(self.file("minimal.yaml"))
            .env("XDG_CACHE_HOME", self.cache.path())
            .env_remove("SOURCELINE_CACHE")
            .current_dir(self.dir.path());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn list(&self) -> String {
        let out = self.run(&["list", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn uncached_list(&self) -> String {
        let out = self.run(&["list", "--json", "--no-cache"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The snapshot entries, by path.
    fn entries(&self) -> Vec<PathBuf> {
        let folder = self.cache.path().join("sourceline/snapshot");
        let mut entries: Vec<PathBuf> = fs::read_dir(folder)
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        entries.retain(|p| p.extension().is_some_and(|e| e == "bin"));
        entries.sort();
        entries
    }

    /// The one entry for the chronology as it is now: its path and inode.
    fn entry(&self) -> (PathBuf, u64) {
        let newest = self
            .entries()
            .into_iter()
            .max_by_key(|p| fs::metadata(p).unwrap().modified().unwrap())
            .expect("an entry was written");
        let ino = fs::metadata(&newest).unwrap().ino();
        (newest, ino)
    }
}

/// Whether the entry at `path` is still the file with inode `ino`: a hit reads the entry and
/// leaves it; a miss writes a new file renamed over it.
fn same_file(path: &Path, ino: u64) -> bool {
    fs::metadata(path).is_ok_and(|m| m.ino() == ino)
}

#[test]
fn a_second_opening_reads_the_entry_and_shows_the_same_chronology() {
    let s = Setup::new();
    let cold = s.list();
    let (path, ino) = s.entry();
    assert_eq!(s.list(), cold);
    assert!(
        same_file(&path, ino),
        "the entry was read, not written again"
    );
    assert_eq!(s.uncached_list(), cold);
    let check = s.run(&["check"]);
    assert!(check.status.success());
    assert!(same_file(&path, ino), "check reads it too");
}

#[test]
fn no_cache_and_the_switch_neither_read_nor_write_it() {
    let s = Setup::new();
    s.uncached_list();
    assert!(s.entries().is_empty(), "--no-cache wrote {:?}", s.entries());
    let out = s
        .command(&["check"])
        .env("SOURCELINE_CACHE", "off")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(s.entries().is_empty());
}

#[test]
fn a_changed_source_is_read_again() {
    let s = Setup::new();
    s.list();
    // The passage `revolution` cites is gone from the source: the load must now say so.
    let source = fs::read_to_string(s.file("source.txt")).unwrap();
    assert!(source.contains("The revolution of 1979"));
    fs::write(s.file("source.txt"), source.replace("revolution", "revolt")).unwrap();
    let check = s.run(&["check"]);
    assert!(!check.status.success(), "a stale chronology was served");
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("revolution"), "{stderr}");
}

#[test]
fn a_source_changed_within_the_same_size_is_read_again() {
    let s = Setup::new();
    s.list();
    let source = fs::read_to_string(s.file("source.txt")).unwrap();
    let changed = source.replace("The revolution of 1979", "The revolutiom of 1979");
    assert_eq!(changed.len(), source.len());
    fs::write(s.file("source.txt"), changed).unwrap();
    assert!(!s.run(&["check"]).status.success(), "a stale chronology");
}

#[test]
fn a_changed_chronology_is_loaded_and_stored_anew() {
    let s = Setup::new();
    s.list();
    let yaml = fs::read_to_string(s.file("minimal.yaml")).unwrap();
    fs::write(
        s.file("minimal.yaml"),
        yaml.replace("Minimal chronology", "Renamed chronology"),
    )
    .unwrap();
    let out = s.run(&["check"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok"));
    assert_eq!(s.entries().len(), 2, "one entry per text");
    let listed = s.list();
    assert_eq!(listed, s.uncached_list());
}

/// Damages the entry with `damage`, then checks the next opening is right and writes it anew.
fn recovers_from(damage: impl Fn(&mut Vec<u8>)) {
    let s = Setup::new();
    let cold = s.list();
    let (path, _) = s.entry();
    let sound = fs::read(&path).unwrap();
    let mut bytes = sound.clone();
    damage(&mut bytes);
    fs::write(&path, &bytes).unwrap();
    let ino = fs::metadata(&path).unwrap().ino();
    assert_eq!(s.list(), cold);
    assert!(
        !same_file(&path, ino),
        "the damaged entry was written again"
    );
    assert_eq!(fs::read(&path).unwrap().len(), sound.len());
    let ino = fs::metadata(&path).unwrap().ino();
    assert_eq!(s.list(), cold);
    assert!(same_file(&path, ino), "and is read next time");
}

#[test]
fn a_truncated_entry_is_a_miss() {
    recovers_from(|b| b.truncate(b.len() / 2));
    recovers_from(|b| b.truncate(10));
    recovers_from(Vec::clear);
}

#[test]
fn a_corrupted_entry_is_a_miss() {
    recovers_from(|b| {
        let mid = b.len() / 2;
        b[mid] ^= 0x40;
    });
    recovers_from(|b| {
        let last = b.len() - 1;
        b[last] ^= 1;
    });
}

#[test]
fn an_entry_of_another_layout_is_a_miss() {
    // The layout number follows the 8-byte magic.
    recovers_from(|b| b[8] = b[8].wrapping_add(1));
}

#[test]
fn another_chronologys_entry_under_this_name_is_a_miss() {
    let s = Setup::new();
    let cold = s.list();
    let (path, _) = s.entry();
    // An entry of another chronology (another key in its header) put in this one's place, as
    // an entry of another version would be.
    let yaml = fs::read_to_string(s.file("minimal.yaml")).unwrap();
    fs::write(
        s.file("minimal.yaml"),
        yaml.replace("Year precision", "Another title"),
    )
    .unwrap();
    let other = s.list();
    let (other_path, _) = s.entry();
    assert_ne!(other_path, path);
    fs::write(s.file("minimal.yaml"), &yaml).unwrap();
    fs::copy(&other_path, &path).unwrap();
    assert_eq!(s.list(), cold);
    assert_ne!(cold, other);
}

#[test]
fn two_processes_on_one_cold_cache_both_succeed() {
    let s = Setup::new();
    let expected = s.uncached_list();
    for _ in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                s.command(&["list", "--json"])
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
        }
        let (path, ino) = s.entry();
        assert_eq!(s.list(), expected);
        assert!(same_file(&path, ino), "the entry they left is sound");
        assert_eq!(s.entries().len(), 1);
        fs::remove_file(path).unwrap();
    }
}
