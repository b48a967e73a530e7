//! Which chronology a command opens when it is given no FILE.
//!
//! A CI step written `sourceline check` must check the project's chronology, never the demo
//! that ships in the binary: so inside a *project* (the nearest folder at or above the current
//! one holding a [`PROJECT_MARKER`], found as git finds `.git`), FILE defaults to the project's
//! chronology, and the embedded demo serves only outside any project. The walk up stops before
//! the home folder and the filesystem root, which never count as projects (as for the
//! confinement of sources in `load::DiskSources`). Only the marker counts here, not `.git`: the
//! viewer started in any git clone would otherwise stop opening the demo.
//!
//! The project's chronology is, in order:
//! - the one the marker records, in one line `chronology = "data/x.yaml"` (a path relative to
//!   the project folder, which `sourceline init` writes, see [`super::init()`]). The line may also
//!   be written `chronology: data/x.yaml`. A marker without such a line (empty, or written by an
//!   older `init`) records nothing; a recorded path must stay inside the project.
//! - else the single chronology in the project: a `.yaml`/`.yml` file with a top-level
//!   `events:` line. The search is bounded ([`MAX_DEPTH`] folders down, [`MAX_ENTRIES`] entries)
//!   and skips hidden folders, `target/` and `node_modules/`, and symlinks; more than one found
//!   is an error that lists them.
//!
//! Paths are given relative to the current folder, as git prints them, so that messages say
//! `data/x.yaml: ok` at the project's top.

use std::fmt;
use std::fs::{self, File};
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Component, Path, PathBuf};

use crate::load::PROJECT_MARKER;

/// What `check`, `list` and `export` print on stderr when they fall back to the demo.
pub const DEMO_NOTE: &str =
    "no project here: using the embedded demo chronology (`sourceline init DIR` makes your own)";

/// How deep below the project folder the search for a chronology goes.
pub const MAX_DEPTH: usize = 4;
/// How many folder entries the search looks at, at most.
pub const MAX_ENTRIES: usize = 5_000;
/// How much of a YAML file is read looking for its `events:` line.
const MAX_SNIFF_BYTES: u64 = 8 << 20;
/// How much of a marker is read: it is one line, plus comments.
const MAX_MARKER_BYTES: u64 = 64 << 10;
/// The key of the marker's record.
const KEY: &str = "chronology";

/// The chronology to open when no FILE was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// The project's, relative to the current folder.
    File(PathBuf),
    /// The embedded demo: there is no project here.
    Embedded,
}

/// Why a project has no one chronology to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoDefault {
    /// The marker records a path that is absolute, leaves the project or names no file.
    BadRecord {
        marker: PathBuf,
        record: String,
        why: &'static str,
    },
    /// No chronology in the project.
    Empty { root: PathBuf },
    /// Several, relative to the project folder, sorted.
    Several {
        root: PathBuf,
        candidates: Vec<PathBuf>,
    },
}

impl fmt::Display for NoDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = |root: &Path| {
            format!(
                "give FILE, or record the chronology in {} as the line {KEY} = \"PATH\"",
                root.join(PROJECT_MARKER).display()
            )
        };
        match self {
            Self::BadRecord {
                marker,
                record,
                why,
            } => write!(
                f,
                "{}: records {KEY} = \"{record}\", which {why}; write a path inside the project, relative to its folder, or give FILE",
                marker.display()
            ),
            Self::Empty { root } => write!(
                f,
                "{}: this project holds no chronology (a .yaml file with a top-level `events:` line, at most {MAX_DEPTH} folders down); {}",
                root.display(),
                record(root)
            ),
            Self::Several { root, candidates } => {
                let names: Vec<String> =
                    candidates.iter().map(|c| c.display().to_string()).collect();
                write!(
                    f,
                    "{}: this project holds {} chronologies ({}); {}",
                    root.display(),
                    candidates.len(),
                    names.join(", "),
                    record(root)
                )
            }
        }
    }
}

impl std::error::Error for NoDefault {}

/// The chronology to open with no FILE, seen from the current folder.
///
/// # Errors
/// A project without exactly one chronology to open.
pub fn default_chronology() -> Result<Chosen, NoDefault> {
    let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize) else {
        return Ok(Chosen::Embedded);
    };
    default_from(&cwd, crate::load::home().as_deref())
}

/// [`default_chronology`] from the canonical folder `cwd`, the walk stopping before `home`.
///
/// # Errors
/// A project without exactly one chronology to open.
pub fn default_from(cwd: &Path, home: Option<&Path>) -> Result<Chosen, NoDefault> {
    let Some(root) = marked_root(cwd, home) else {
        return Ok(Chosen::Embedded);
    };
    // From the current folder back up to the project's.
    let up: PathBuf = cwd
        .strip_prefix(&root)
        .map(|below| below.components().map(|_| Component::ParentDir).collect())
        .unwrap_or_default();
    let marker = root.join(PROJECT_MARKER);
    if let Some(record) = read_marker(&marker).as_deref().and_then(record) {
        return match inside(&root, &record) {
            Ok(relative) => Ok(Chosen::File(up.join(relative))),
            Err(why) => Err(NoDefault::BadRecord {
                marker,
                record,
                why,
            }),
        };
    }
    let mut found = chronologies_in(&root);
    match found.len() {
        0 => Err(NoDefault::Empty { root }),
        1 => Ok(Chosen::File(up.join(found.remove(0)))),
        _ => Err(NoDefault::Several {
            root,
            candidates: found,
        }),
    }
}

/// The nearest folder at or above `dir` holding a marker file; never `home` or the root.
fn marked_root(dir: &Path, home: Option<&Path>) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        if Some(folder) == home || folder.parent().is_none() {
            return None;
        }
        if folder.join(PROJECT_MARKER).is_file() {
            return Some(folder.to_path_buf());
        }
    }
    None
}

/// The marker's text (`None` when it cannot be read: then it records nothing).
fn read_marker(path: &Path) -> Option<String> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_MARKER_BYTES).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The path a marker records: the first `chronology = "PATH"` (or `chronology: PATH`) line.
#[must_use]
pub fn record(marker: &str) -> Option<String> {
    marker.lines().find_map(|line| {
        let rest = line.trim().strip_prefix(KEY)?.trim_start();
        let value = rest
            .strip_prefix('=')
            .or_else(|| rest.strip_prefix(':'))?
            .trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|&q| value.strip_prefix(q).and_then(|v| v.strip_suffix(q)))
            .unwrap_or(value);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The marker `init` writes: what it is for, and the chronology to open by default.
#[must_use]
pub fn marker_text(chronology: &str) -> String {
    format!(
        "# sourceline project: chronologies below this folder may cite source documents\n\
         # anywhere below it (see \"Input limits\" in sourceline's README). Commands given no\n\
         # FILE inside the project open the chronology recorded here (a path relative to this\n\
         # folder):\n\
         {KEY} = \"{chronology}\"\n"
    )
}

/// `record` as a path relative to `root`, if it names a file inside it (symlinks resolved).
fn inside(root: &Path, record: &str) -> Result<PathBuf, &'static str> {
    let path = Path::new(record);
    if !path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err("leads outside the project (write it relative, without `..`)");
    }
    let real = fs::canonicalize(root.join(path)).map_err(|_| "does not exist")?;
    if !real.starts_with(root) {
        return Err("leads outside the project (through a symlink)");
    }
    if !real.is_file() {
        return Err("is not a file");
    }
    Ok(path.to_path_buf())
}

/// The chronologies below `root`, relative to it and sorted; the search bounded as the module
/// documentation says.
fn chronologies_in(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut seen = 0;
    let mut folders = vec![(PathBuf::new(), 0)];
    // Breadth first, so the bound cuts the deepest folders.
    let mut next = 0;
    while let Some((folder, depth)) = folders.get(next).cloned() {
        next += 1;
        let Ok(entries) = fs::read_dir(root.join(&folder)) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            seen += 1;
            if seen > MAX_ENTRIES {
                found.sort();
                return found;
            }
            // Not followed: a symlink may lead anywhere, and a loop would never end.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            let relative = folder.join(&name);
            if kind.is_dir() {
                let skip = name.to_string_lossy().starts_with('.')
                    || name == "target"
                    || name == "node_modules";
                if !skip && depth < MAX_DEPTH {
                    folders.push((relative, depth + 1));
                }
            } else if kind.is_file()
                && matches!(
                    relative.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                )
                && has_events(&root.join(&relative))
            {
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}

/// Whether the YAML file has a top-level `events:` key (a line starting with it).
fn has_events(path: &Path) -> bool {
    let Some(file) = open_regular(path) else {
        return false;
    };
    let mut reader = BufReader::new(file.take(MAX_SNIFF_BYTES));
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        let text = if first {
            line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line)
        } else {
            &line
        };
        first = false;
        if let Some(rest) = text.strip_prefix(b"events") {
            let rest = rest.trim_ascii_start();
            if rest.starts_with(b":") {
                return true;
            }
        }
    }
}

/// Opens a regular file without blocking (a FIFO named like a chronology must not hang the
/// search); anything else is `None`.
fn open_regular(path: &Path) -> Option<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    fn from(dir: &Path, below: &str) -> Result<Chosen, NoDefault> {
        let root = fs::canonicalize(dir).unwrap();
        // The temporary folder's parent plays the home folder: the walk stops there.
        default_from(&root.join(below), root.parent())
    }

    const CHRONOLOGY: &str = "title: t\nevents:\n  - id: a\n";

    #[test]
    fn records_are_read_from_a_line_in_either_spelling() {
        assert_eq!(
            record("chronology = \"data/a.yaml\"\n"),
            Some("data/a.yaml".into())
        );
        assert_eq!(record("# c\n  chronology: 'b.yml'"), Some("b.yml".into()));
        assert_eq!(record("chronology = c.yaml"), Some("c.yaml".into()));
        assert_eq!(
            record(&marker_text("data/x.yaml")),
            Some("data/x.yaml".into())
        );
        // An old marker, an empty one, an empty value, another key: no record.
        assert_eq!(record("# sourceline project\n"), None);
        assert_eq!(record(""), None);
        assert_eq!(record("chronology = \"\""), None);
        assert_eq!(record("chronologies = x"), None);
    }

    #[test]
    fn outside_a_project_the_demo_serves() {
        let dir = project(&[("a.yaml", CHRONOLOGY)]);
        assert_eq!(from(dir.path(), ""), Ok(Chosen::Embedded));
    }

    #[test]
    fn the_recorded_chronology_is_opened_from_below_too() {
        let dir = project(&[
            (PROJECT_MARKER, &marker_text("data/b.yaml")),
            ("data/a.yaml", CHRONOLOGY),
            ("data/b.yaml", CHRONOLOGY),
            ("notes/x/keep", ""),
        ]);
        assert_eq!(from(dir.path(), ""), Ok(Chosen::File("data/b.yaml".into())));
        assert_eq!(
            from(dir.path(), "notes/x"),
            Ok(Chosen::File("../../data/b.yaml".into()))
        );
    }

    #[test]
    fn a_record_must_name_a_file_inside_the_project() {
        for (record, why) in [
            ("../outside.yaml", "leads outside"),
            ("/etc/passwd", "leads outside"),
            ("data/missing.yaml", "does not exist"),
            ("data", "is not a file"),
        ] {
            let dir = project(&[
                (PROJECT_MARKER, &marker_text(record)),
                ("data/a.yaml", CHRONOLOGY),
            ]);
            let err = from(dir.path(), "").unwrap_err().to_string();
            assert!(err.contains(why), "{record}: {err}");
            assert!(err.contains(PROJECT_MARKER), "{err}");
        }
    }

    #[test]
    fn without_a_record_the_single_chronology_is_found() {
        let dir = project(&[
            (PROJECT_MARKER, "# an old marker\n"),
            ("notes.yaml", "title: not a chronology\n"),
            ("config.yml", "x:\n  events: 1\n"),
            ("deep/er/data/story.yml", &format!("\u{feff}{CHRONOLOGY}")),
            ("target/debug/copy.yaml", CHRONOLOGY),
            ("node_modules/m/copy.yaml", CHRONOLOGY),
            (".git/copy.yaml", CHRONOLOGY),
            ("a/b/c/d/e/too-deep.yaml", CHRONOLOGY),
        ]);
        assert_eq!(
            from(dir.path(), "deep"),
            Ok(Chosen::File("../deep/er/data/story.yml".into()))
        );
    }

    #[test]
    fn several_or_none_is_an_error_naming_them() {
        let dir = project(&[
            (PROJECT_MARKER, ""),
            ("b.yaml", CHRONOLOGY),
            ("data/a.yaml", CHRONOLOGY),
        ]);
        let err = from(dir.path(), "").unwrap_err();
        let NoDefault::Several { candidates, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(candidates, &[PathBuf::from("b.yaml"), "data/a.yaml".into()]);
        assert!(
            err.to_string()
                .contains("2 chronologies (b.yaml, data/a.yaml)")
        );

        let dir = project(&[(PROJECT_MARKER, "")]);
        let err = from(dir.path(), "").unwrap_err();
        assert!(matches!(err, NoDefault::Empty { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_and_fifos_do_not_hang() {
        let outside = project(&[("elsewhere.yaml", CHRONOLOGY)]);
        let dir = project(&[(PROJECT_MARKER, ""), ("real.yaml", CHRONOLOGY)]);
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("elsewhere.yaml"),
            dir.path().join("link.yaml"),
        )
        .unwrap();
        nix::unistd::mkfifo(&dir.path().join("pipe.yaml"), nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert_eq!(from(dir.path(), ""), Ok(Chosen::File("real.yaml".into())));
        // A record leading out through a symlink is refused.
        fs::write(dir.path().join(PROJECT_MARKER), marker_text("link.yaml")).unwrap();
        let err = from(dir.path(), "").unwrap_err().to_string();
        assert!(err.contains("through a symlink"), "{err}");
    }
}
