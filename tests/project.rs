//! With no FILE, the commands open the project's chronology (the one `.sourceline` records, or
//! the single one in the project), and the embedded demo only outside any project, saying so.
//!
//! Each test runs the real binary with HOME set to a fresh temporary folder, so the walk up for
//! `.sourceline` stops there whatever the machine holds above it.

mod common;

use std::path::PathBuf;

struct Home {
    dir: tempfile::TempDir,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Runs sourceline in the folder `cwd` below this home.
    fn run(&self, cwd: &str, args: &[&str]) -> Run {
        let cwd = self.path(cwd);
        std::fs::create_dir_all(&cwd).unwrap();
        let out = common::sourceline()
            .args(args)
            .current_dir(cwd)
            .env("HOME", self.dir.path())
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// `sourceline init proj`, then `edit` applied to the project's chronology.
    fn project(&self, edit: impl FnOnce(&str) -> String) -> PathBuf {
        let r = self.run("", &["init", "proj"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let yaml = self.path("proj/data/iran-us.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, edit(&text)).unwrap();
        yaml
    }
}

/// The shipped chronology with one quote its source does not say.
fn broken(text: &str) -> String {
    let quote = "\"the 2015 Iran nuclear deal\"";
    assert!(text.contains(quote));
    text.replacen(quote, "\"words the article never printed\"", 1)
}

/// The shipped chronology with one event retitled, to tell it from the demo.
fn retitled(text: &str) -> String {
    let title = "title: The Islamic Republic is established";
    assert!(text.contains(title));
    text.replacen(title, "title: The author's own first event", 1)
}

#[test]
fn check_in_a_project_checks_its_chronology_not_the_demo() {
    let home = Home::new();
    home.project(broken);
    for cwd in ["proj", "proj/data", "proj/seeds"] {
        let r = home.run(cwd, &["check"]);
        assert_eq!(r.code, Some(1), "{cwd}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("iran-us.yaml"), "{cwd}: {}", r.stderr);
        assert!(
            r.stderr.contains("words the article never printed"),
            "{}",
            r.stderr
        );
        assert!(!r.stdout.contains("embedded"), "{}", r.stdout);
    }
    // Named from the top, as git names paths.
    let r = home.run("proj", &["check", "--format", "json"]);
    assert!(r.stdout.contains("\"data/iran-us.yaml\""), "{}", r.stdout);
}

#[test]
fn init_records_the_chronology_in_the_marker() {
    let home = Home::new();
    // init says that inside the project no FILE is needed.
    let said = home.run("", &["init", "proj"]);
    assert!(
        said.stdout.contains("inside proj, plain `sourceline`"),
        "{}",
        said.stdout
    );
    std::fs::remove_dir_all(home.path("proj")).unwrap();
    home.project(retitled);
    let marker = std::fs::read_to_string(home.path("proj/.sourceline")).unwrap();
    assert!(
        marker.contains("chronology = \"data/iran-us.yaml\""),
        "{marker}"
    );
    // A second chronology in the project does not make the default ambiguous: it is recorded.
    std::fs::copy(
        home.path("proj/data/iran-us.yaml"),
        home.path("proj/data/copy.yaml"),
    )
    .unwrap();
    let r = home.run("proj/seeds", &["list"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("The author's own first event"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn without_a_record_the_single_chronology_is_used_or_the_candidates_listed() {
    let home = Home::new();
    home.project(retitled);
    // A marker from before markers recorded anything.
    std::fs::write(home.path("proj/.sourceline"), "# sourceline project\n").unwrap();
    let r = home.run("proj", &["export", "markdown"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("own first event"), "{}", r.stdout);

    std::fs::write(
        home.path("proj/data/other.yml"),
        "title: other\nevents: []\n",
    )
    .unwrap();
    let r = home.run("proj/data", &["list"]);
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("holds 2 chronologies (data/iran-us.yaml, data/other.yml)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("give FILE"), "{}", r.stderr);
    // FILE still wins.
    let r = home.run("proj/data", &["list", "iran-us.yaml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("own first event"), "{}", r.stdout);
}

#[test]
fn a_record_leading_out_of_the_project_is_refused() {
    let home = Home::new();
    home.project(retitled);
    std::fs::write(home.path("outside.yaml"), "title: x\nevents: []\n").unwrap();
    std::fs::write(
        home.path("proj/.sourceline"),
        "chronology = \"../outside.yaml\"\n",
    )
    .unwrap();
    let r = home.run("proj", &["check"]);
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(".sourceline: records chronology"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("leads outside the project"),
        "{}",
        r.stderr
    );
}

#[test]
fn outside_any_project_the_demo_serves_and_says_so() {
    let home = Home::new();
    for args in [
        &["check"][..],
        &["list"],
        &["export", "markdown"],
        &["check", "--format", "json"],
    ] {
        let r = home.run("elsewhere", args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("no project here: using the embedded demo chronology"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = home.run("elsewhere", &["check"]);
    assert!(
        r.stdout.starts_with("data/iran-us.yaml (embedded): ok"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn the_viewer_opens_the_projects_chronology_and_the_demo_says_so() {
    use common::pty::Session;
    let home = Home::new();
    home.project(retitled);
    let home_dir = home.dir.path().to_str().unwrap();
    let mut s = Session::start_with(&[], &[("HOME", home_dir)], &home.path("proj/data"));
    s.wait_for("The author's own first event");
    s.send(b"q");
    assert!(s.wait_exit().success());

    std::fs::create_dir_all(home.path("elsewhere")).unwrap();
    let mut s = Session::start_with(&[], &[("HOME", home_dir)], &home.path("elsewhere"));
    s.wait_for("The Islamic Republic is established");
    s.wait_for("no project here");
    s.send(b"q");
    assert!(s.wait_exit().success());
}
