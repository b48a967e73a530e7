//! What a chronology may make the reader's machine read: sources confined to the chronology's
//! folder or project whatever the current directory, and only regular files, never waited on.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "-----BEGIN OPENSSH PRIVATE KEY----- cited passage SECRETKEYBYTES\n";

fn yaml(source_path: &str) -> String {
    format!(
        "title: t\nsources:\n  - id: s\n    title: S\n    path: \"{source_path}\"\nactors: []\nevents:\n  - id: e\n    date: \"2024\"\n    title: E\n    citations:\n      - source: s\n        quote: cited passage\n"
    )
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// Runs the real binary in `cwd` with `HOME=home`, killed (and failed) after 10 s.
fn run(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    let mut sourceline = common::sourceline();
    let mut child = sourceline
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("sourceline {args:?} still running after 10 s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A home folder holding a private key and a downloaded chronology that cites it.
struct Downloaded {
    _dir: tempfile::TempDir,
    home: PathBuf,
    chronology: PathBuf,
}

fn downloaded_home() -> Downloaded {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().canonicalize().unwrap().join("home");
    write(&home.join(".ssh/id_ed25519"), SECRET);
    let chronology = write(
        &home.join("Downloads/evil/c.yaml"),
        &yaml("../../.ssh/id_ed25519"),
    );
    Downloaded {
        _dir: dir,
        home,
        chronology,
    }
}

fn assert_refused(out: &Output, what: &str) {
    let all = text(out);
    assert_eq!(out.status.code(), Some(1), "{what}: {all}");
    assert!(all.contains("leads outside"), "{what}: {all}");
    assert!(
        !all.contains("SECRETKEYBYTES"),
        "{what} leaked the key: {all}"
    );
}

#[test]
fn a_downloaded_chronology_cannot_read_the_home_folder_from_any_directory() {
    let h = downloaded_home();
    let file = h.chronology.to_str().unwrap();
    for cwd in [
        h.home.clone(),
        h.home.join("Downloads"),
        h.home.join("Downloads/evil"),
        PathBuf::from("/"),
    ] {
        assert_refused(&run(&cwd, &h.home, &["check", file]), "check");
        assert_refused(&run(&cwd, &h.home, &["list", "--json", file]), "list");
    }
    // Relative to the current directory, as a user in their home types it.
    let out = run(&h.home, &h.home, &["check", "Downloads/evil/c.yaml"]);
    assert_refused(&out, "check from home");
}

#[test]
fn a_repository_in_the_home_folder_does_not_open_the_home_folder() {
    // A dotfiles repository makes `~` hold a `.git`: it must not count as the project.
    let h = downloaded_home();
    std::fs::create_dir(h.home.join(".git")).unwrap();
    let out = run(&h.home, &h.home, &["check", "Downloads/evil/c.yaml"]);
    assert_refused(&out, "dotfiles home");
}

#[test]
fn a_symlink_out_of_the_folder_is_followed_before_the_check() {
    let h = downloaded_home();
    let evil = h.chronology.parent().unwrap();
    std::os::unix::fs::symlink(h.home.join(".ssh/id_ed25519"), evil.join("innocent.txt")).unwrap();
    write(&h.chronology, &yaml("innocent.txt"));
    assert_refused(
        &run(&h.home, &h.home, &["check", h.chronology.to_str().unwrap()]),
        "symlink",
    );
}

#[test]
fn the_reader_can_allow_a_folder_explicitly() {
    let h = downloaded_home();
    let file = h.chronology.to_str().unwrap();
    let ssh = h.home.join(".ssh");
    let out = run(
        Path::new("/"),
        &h.home,
        &["check", "--allow-sources-in", ssh.to_str().unwrap(), file],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(
        Path::new("/"),
        &h.home,
        &["check", "--allow-sources-in", "/no/such/folder", file],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("is not a folder"), "{}", text(&out));
}

/// A project: `data/c.yaml` citing `../seeds/s.txt`, with `marker` (if any) at its top.
fn project(marker: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("project");
    write(&root.join("seeds/s.txt"), "a cited passage here\n");
    let chronology = write(&root.join("data/c.yaml"), &yaml("../seeds/s.txt"));
    match marker {
        Some(".git") => std::fs::create_dir_all(root.join(".git")).unwrap(),
        Some(file) => {
            write(&root.join(file), "");
        }
        None => {}
    }
    (dir, chronology)
}

#[test]
fn data_may_cite_seeds_inside_a_project_from_any_directory() {
    for marker in [".git", sourceline::PROJECT_MARKER] {
        let (dir, chronology) = project(Some(marker));
        for cwd in [Path::new("/"), dir.path(), chronology.parent().unwrap()] {
            let out = run(cwd, dir.path(), &["check", chronology.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{marker} from {cwd:?}: {}",
                text(&out)
            );
        }
    }
}

#[test]
fn without_a_project_marker_the_current_directory_opens_nothing() {
    let (dir, chronology) = project(None);
    let top = dir.path().join("project");
    let out = run(&top, dir.path(), &["check", "data/c.yaml"]);
    assert_refused(&out, "no marker");
    assert!(chronology.exists());
}

#[test]
fn a_source_that_is_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("s.txt");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let chronology = write(&dir.path().join("c.yaml"), &yaml("s.txt"));
    let out = run(
        dir.path(),
        dir.path(),
        &["check", chronology.to_str().unwrap()],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("is a named pipe (FIFO), not a regular file"),
        "{all}"
    );
    assert!(all.contains("source \"s\", field `path`"), "{all}");
}

#[test]
fn a_source_that_is_a_socket_or_a_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("sock")).unwrap();
    let chronology = write(&dir.path().join("c.yaml"), &yaml("sock"));
    let out = run(
        dir.path(),
        dir.path(),
        &["check", chronology.to_str().unwrap()],
    );
    assert!(text(&out).contains("is a socket"), "{}", text(&out));

    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero")).unwrap();
    write(&chronology, &yaml("zero"));
    let out = run(
        dir.path(),
        dir.path(),
        &[
            "check",
            "--allow-sources-in",
            "/dev",
            chronology.to_str().unwrap(),
        ],
    );
    assert!(
        text(&out).contains("is a character device"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_chronology_itself_may_be_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("s.txt"), "a cited passage here\n");
    let fifo = dir.path().join("c.yaml");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, yaml("s.txt")).unwrap())
    };
    let out = run(dir.path(), dir.path(), &["check", fifo.to_str().unwrap()]);
    writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ok — 1 event,"), "{}", text(&out));
}

const CREDENTIALS: &str = "https://user:SECRETTOKEN@github.com\n";
const SHADOW: &str = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";

/// Every command that reads a chronology, on `file`, from `cwd` with `HOME=home` and `extra`
/// arguments before the file: none may print `secret`.
fn assert_nothing_echoed(cwd: &Path, home: &Path, file: &Path, extra: &[&str], secret: &str) {
    let file = file.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["check"],
        &["check", "--format", "json"],
        &["list"],
        &["list", "--json"],
        &["export", "markdown"],
    ];
    for command in commands {
        let mut args: Vec<&str> = command.to_vec();
        args.extend_from_slice(extra);
        args.push(file);
        let out = run(cwd, home, &args);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {all}");
        assert!(!all.contains(secret), "{args:?} echoed the file: {all}");
    }
}

#[test]
fn a_chronology_that_links_out_of_its_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    let home = top.join("home");
    write(&home.join(".git-credentials"), CREDENTIALS);
    write(&top.join("shadow"), SHADOW);
    let project = top.join("proj");
    std::fs::create_dir_all(&project).unwrap();
    let link = project.join("chronology.yaml");
    std::os::unix::fs::symlink("../home/.git-credentials", &link).unwrap();
    let shadow = project.join("shadow.yaml");
    std::os::unix::fs::symlink(top.join("shadow"), &shadow).unwrap();
    for (file, secret) in [(&link, "SECRETTOKEN"), (&shadow, "19000")] {
        assert_nothing_echoed(&top, &home, file, &[], secret);
        let out = run(&top, &home, &["check", file.to_str().unwrap()]);
        let all = text(&out);
        assert!(
            all.contains("is a link to") && all.contains("outside the folder"),
            "{all}"
        );
        assert!(all.contains("--allow-sources-in"), "{all}");
    }
}

#[test]
fn a_file_that_is_not_a_chronology_is_never_quoted() {
    // Reached by permission (`--allow-sources-in`) or named by mistake: the loader says where
    // it stopped, never what the file holds.
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    let home = top.join("home");
    write(&home.join(".git-credentials"), CREDENTIALS);
    write(&top.join("shadow"), SHADOW);
    write(
        &top.join("config.json"),
        "{\"auths\": {\"ghcr.io\": {\"auth\": \"SECRETTOKEN\"}}}\n",
    );
    write(
        &top.join("kube.yaml"),
        "apiVersion: v1\ntoken: SECRETTOKEN\n",
    );
    let project = top.join("proj");
    std::fs::create_dir_all(&project).unwrap();
    let link = project.join("chronology.yaml");
    std::os::unix::fs::symlink("../home/.git-credentials", &link).unwrap();
    let allow = home.to_str().unwrap();
    assert_nothing_echoed(
        &top,
        &home,
        &link,
        &["--allow-sources-in", allow],
        "SECRETTOKEN",
    );
    for (file, secret) in [
        (home.join(".git-credentials"), "SECRETTOKEN"),
        (top.join("shadow"), "19000"),
        (top.join("config.json"), "SECRETTOKEN"),
        (top.join("kube.yaml"), "SECRETTOKEN"),
    ] {
        assert_nothing_echoed(&top, &home, &file, &[], secret);
        let out = run(&top, &home, &["check", file.to_str().unwrap()]);
        let all = text(&out);
        assert!(all.contains("does not read as a chronology"), "{all}");
        assert!(all.contains(":1:"), "the place is still given: {all}");
    }
}

#[test]
fn a_link_to_a_chronology_inside_the_project_or_from_the_shell_still_works() {
    let (dir, chronology) = project(Some(".git"));
    let root = chronology.parent().unwrap().parent().unwrap();
    std::os::unix::fs::symlink("data/c.yaml", root.join("main.yaml")).unwrap();
    let out = run(root, dir.path(), &["check", "main.yaml"]);
    // The sources are read relative to the link's folder, as they always were.
    assert!(text(&out).contains("source \"s\""), "{}", text(&out));
    assert!(!text(&out).contains("is a link to"), "{}", text(&out));
    std::os::unix::fs::symlink("c.yaml", chronology.with_file_name("link.yaml")).unwrap();
    let out = run(dir.path(), dir.path(), &["check", "project/data/link.yaml"]);
    assert!(out.status.success(), "{}", text(&out));
    // `/dev/stdin` is a link the system keeps to what the shell redirected.
    let out = common::sourceline()
        .args(["check", "/dev/stdin"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdin(std::fs::File::open(&chronology).unwrap())
        .output()
        .unwrap();
    // Its sources are then relative to /dev: the load gets as far as them.
    assert!(text(&out).contains("source \"s\""), "{}", text(&out));
    assert!(!text(&out).contains("is a link to"), "{}", text(&out));
}
