//! What `-o` does to what is already there, through the binary: a link stays a link (its
//! target is replaced), a device or pipe is written through and never replaced, a link to
//! nothing is refused; a new file's mode follows the umask, a replaced file keeps its own.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], cwd: &Path) -> Output {
    common::sourceline()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Runs the binary under `umask`, as a shell with that umask would.
fn run_with_umask(umask: &str, args: &[&str], cwd: &Path) -> Output {
    let cache = common::TestCache::new();
    Command::new("sh")
        .envs(cache.vars())
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_symlink()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn houston() -> String {
    format!(
        "{}/tests/browser/knightlab/houston.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_link_to_a_device_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    for args in [
        &["export", "markdown", "-o", "null"][..],
        &["export", "html", "-o", "null"],
        &["import", &houston(), "-o", "null", "--force"],
    ] {
        let out = run(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(is_link(&null), "{args:?} replaced the link with a file");
        assert_eq!(std::fs::read_link(&null).unwrap(), Path::new("/dev/null"));
    }
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_link_to_standard_output_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout).unwrap();
    let out = run(&["export", "markdown", "-o", "stdout"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(is_link(&stdout), "the link was replaced with a file");
    // The report went where the link leads: this test's pipe.
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.starts_with("# "), "{printed}");
    assert!(printed.contains("[^1]"), "{printed}");
}

#[test]
fn a_link_to_a_file_stays_a_link_and_its_target_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("report.md"), "old report\n").unwrap();
    std::fs::set_permissions(
        site.join("report.md"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let link = dir.path().join("report.md");
    std::os::unix::fs::symlink("site/report.md", &link).unwrap();
    let out = run(&["export", "markdown", "-o", "report.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(is_link(&link));
    let written = std::fs::read_to_string(site.join("report.md")).unwrap();
    assert!(written.contains("[^1]"), "{written}");
    assert_eq!(
        mode(&site.join("report.md")),
        0o640,
        "a replaced file keeps its mode"
    );
    // No temporary file is left in either folder.
    for folder in [dir.path(), site.as_path()] {
        let names: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".sourceline-"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }
}

#[test]
fn a_link_to_nothing_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("gone.md");
    std::os::unix::fs::symlink("missing/gone.md", &link).unwrap();
    let out = run(&["export", "markdown", "-o", "gone.md"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("gone.md: cannot write (is a symbolic link to a file that does not exist"),
        "{}",
        stderr(&out)
    );
    assert!(is_link(&link));
}

#[test]
fn a_new_output_gets_the_umask_and_a_replaced_one_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let name = format!("report-{umask}.html");
        let out = run_with_umask(umask, &["export", "html", "-o", &name], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            mode(&dir.path().join(&name)),
            want,
            "export under umask {umask}"
        );
        let name = format!("imported-{umask}.yaml");
        let out = run_with_umask(umask, &["import", &houston(), "-o", &name], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            mode(&dir.path().join(&name)),
            want,
            "import under umask {umask}"
        );
    }
    // Replaced: the file's own mode, whatever the umask.
    let kept = dir.path().join("report-077.html");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o604)).unwrap();
    let out = run_with_umask(
        "022",
        &["export", "html", "-o", "report-077.html"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&kept), 0o604);
}
