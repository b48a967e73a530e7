use std::path::{Path, PathBuf};

use super::*;
use crate::yaml::patch;

fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "c.yaml" && n != "s.txt")
        .collect()
}

impl Snapshot {
    /// `path` as it is now. The viewer and `check` never read a snapshot apart from their load:
    /// they take the bytes the load read, so a write applies to what was checked.
    fn read(path: &Path) -> Result<Self, Refused> {
        std::fs::read(path)
            .map(|bytes| Self::of(path.to_path_buf(), &bytes))
            .map_err(|e| Refused::Io(path.to_path_buf(), e.to_string()))
    }
}

const YAML: &str = "# comment kept\r\ntitle: 'quoted'   # trailing\r\nevents:\r\n  - id: a\r\n";

#[test]
fn a_patch_changes_only_its_bytes() {
    let (_dir, path) = file(YAML);
    let snap = Snapshot::read(&path).unwrap();
    let at = YAML.find("  - id: a").unwrap();
    let after = snap
        .write(&[Patch::insert(at, "  - id: new\r\n")], &[])
        .unwrap();
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(on_disk, after.after);
    assert_eq!(after.before, YAML.as_bytes());
    assert_eq!(after.snapshot, Snapshot::of(path.clone(), &on_disk));
    assert_eq!(&on_disk[..at], &YAML.as_bytes()[..at]);
    assert_eq!(&on_disk[at + 13..], &YAML.as_bytes()[at..]);
}

#[test]
fn overlapping_or_outside_patches_are_refused() {
    let bytes = b"abcdef";
    let two = [
        Patch {
            range: 1..3,
            text: "x".into(),
        },
        Patch {
            range: 2..4,
            text: "y".into(),
        },
    ];
    let err = patch::apply(bytes, &two).unwrap_err();
    assert_eq!(err, PatchError::Overlaps(2..4));
    assert_eq!(err.to_string(), "patch 2..4 overlaps the one before it");
    let outside = [Patch {
        range: 5..9,
        text: String::new(),
    }];
    let err = patch::apply(bytes, &outside).unwrap_err();
    assert_eq!(
        err,
        PatchError::OutOfRange {
            range: 5..9,
            len: 6
        }
    );
    assert_eq!(err.to_string(), "patch 5..9 outside the file's 6 bytes");
    // A write refused for it carries the kind, and the file is not touched.
    let (dir, path) = file("abcdef");
    let refused = Snapshot::read(&path).unwrap().write(&outside, &[]);
    assert_eq!(refused.unwrap_err(), Refused::BadPatch(err));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(leftovers(dir.path()).is_empty());
    let ok = [
        Patch::insert(6, "!"),
        Patch {
            range: 0..1,
            text: "A".into(),
        },
    ];
    assert_eq!(patch::apply(bytes, &ok).unwrap(), b"Abcdef!");
}

#[test]
fn a_file_changed_since_it_was_read_is_not_written() {
    let (_dir, path) = file(YAML);
    let snap = Snapshot::read(&path).unwrap();
    std::fs::write(&path, "someone else's edit\n").unwrap();
    let err = snap.write(&[Patch::insert(0, "x")], &[]).unwrap_err();
    assert_eq!(err, Refused::Changed(path.clone()));
    assert!(
        err.to_string()
            .contains("changed on disk since it was read")
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "someone else's edit\n"
    );
}

#[test]
fn a_file_changed_to_as_many_other_bytes_is_not_written() {
    // The snapshot holds the length and a digest of what was read, not the bytes: a change
    // that keeps the length is seen all the same.
    let (_dir, path) = file(YAML);
    let snap = Snapshot::read(&path).unwrap();
    let edited = YAML.replace("id: a", "id: b");
    assert_eq!(edited.len(), YAML.len());
    std::fs::write(&path, &edited).unwrap();
    let mut asked = false;
    let err = snap
        .write_with(&[], |_| {
            asked = true;
            Ok::<_, Refused>(vec![Patch::insert(0, "x")])
        })
        .unwrap_err();
    assert_eq!(err, Refused::Changed(path.clone()));
    assert!(
        !asked,
        "no patch is computed on bytes other than those read"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}

#[test]
fn a_patch_is_computed_on_the_bytes_read_at_write_time() {
    let (_dir, path) = file(YAML);
    let snap = Snapshot::read(&path).unwrap();
    let wrote = snap
        .write_with(&[], |bytes| {
            assert_eq!(bytes, YAML.as_bytes());
            let at = YAML.find("  - id: a").unwrap();
            Ok::<_, String>(vec![Patch::insert(at, "  - id: new\r\n")])
        })
        .unwrap();
    assert!(
        String::from_utf8(wrote.after)
            .unwrap()
            .contains("id: new\r\n  - id: a")
    );
    // The change's own error is given back, and nothing written.
    let err = wrote
        .snapshot
        .write_with(&[], |_| Err::<Vec<Patch>, _>("not placed".to_string()))
        .unwrap_err();
    assert_eq!(err, "not placed");
}

#[test]
fn a_source_document_is_never_written() {
    let (dir, path) = file(YAML);
    let source = dir.path().join("s.txt");
    std::fs::write(&source, "article").unwrap();
    let snap = Snapshot::read(&source).unwrap();
    let err = snap
        .write(&[Patch::insert(0, "x")], &[PathBuf::from(&source)])
        .unwrap_err();
    assert!(matches!(err, Refused::SourceDocument(_)), "{err}");
    assert_eq!(std::fs::read_to_string(&source).unwrap(), "article");
    assert!(path.exists());
}

#[test]
fn a_write_that_fails_midway_leaves_the_original_and_no_temporary_file() {
    let (dir, path) = file(YAML);
    let err = atomic::write(&path, |f| {
        std::io::Write::write_all(f, b"half of the new ")?;
        Err(std::io::Error::other("disk full"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), YAML);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_failed_rename_leaves_the_original() {
    // Renaming a file over a non-empty folder fails on every platform.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("c.yaml");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), "x").unwrap();
    assert!(atomic::write(&target, |f| std::io::Write::write_all(f, b"new")).is_err());
    assert!(target.join("inside").is_file());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn the_write_is_a_rename_and_keeps_permissions() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let (_dir, path) = file(YAML);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    Snapshot::read(&path)
        .unwrap()
        .write(&[Patch::insert(0, "# new\n")], &[])
        .unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    assert_ne!(meta.ino(), inode, "a new file was renamed over the old one");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
}

#[test]
fn undo_restores_the_file_byte_for_byte() {
    let (_dir, path) = file(YAML);
    let before = Snapshot::read(&path).unwrap();
    let wrote = before.write(&[Patch::insert(0, "# added\n")], &[]).unwrap();
    wrote.snapshot.replace(wrote.before, &[]).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), YAML.as_bytes());
    // Undo is refused too once someone else changed the file.
    let wrote = before.write(&[Patch::insert(0, "# again\n")], &[]).unwrap();
    std::fs::write(&path, "edited\n").unwrap();
    assert!(matches!(
        wrote.snapshot.replace(wrote.before, &[]),
        Err(Refused::Changed(_))
    ));
}

#[cfg(unix)]
#[test]
fn a_file_that_became_a_pipe_is_refused_at_once() {
    use std::os::unix::fs::FileTypeExt as _;
    // A write compares the file with what was read first: reading a FIFO nobody writes to
    // would wait for ever (and freeze the viewer, whose writes run between frames).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.yaml");
    nix::unistd::mkfifo(&path, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let snap = Snapshot::of(path.clone(), YAML.as_bytes());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(snap.write(&[Patch::insert(0, "# x\n")], &[])));
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the write waited on the pipe");
    let err = result.unwrap_err();
    assert!(
        matches!(err, Refused::NotAFile(_, "a named pipe (FIFO)")),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[cfg(unix)]
#[test]
fn only_a_regular_file_is_renamed_over_and_a_link_stays_a_link() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let err = atomic::write(&fifo, |f| std::io::Write::write_all(f, b"new")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "is a named pipe (FIFO), not a regular file"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let (dir, path) = file(YAML);
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink("c.yaml", &link).unwrap();
    atomic::write(&link, |f| std::io::Write::write_all(f, b"new")).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    assert_eq!(leftovers(dir.path()), ["link.yaml"]);
}
