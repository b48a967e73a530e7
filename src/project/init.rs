//! A new project to edit: a copy of the embedded chronology, written by `sourceline init DIR`
//! (the command, [`crate::cmd`], only says what was written and how to open it).
//!
//! The built-in chronology cannot be edited in place (it lives in the binary), and an empty
//! template teaches less than a working one. So `init` writes the shipped chronology, its source
//! article and a project marker, in the same layout as the repository (`data/` citing
//! `../seeds/`), which the marker makes a project (see `load::DiskSources`) whose chronology
//! commands open when given no FILE (the marker records it; see [`super::find`]). It never
//! overwrites: if any of the files exists, nothing is written.

use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::embedded;
use crate::load::PROJECT_MARKER;

/// Where the chronology goes, relative to DIR (as the marker records it).
const CHRONOLOGY: &str = "data/iran-us.yaml";

/// The files `init` writes in `dir`, with their contents, chronology first.
#[must_use]
pub fn files(dir: &Path) -> Vec<(PathBuf, Cow<'static, str>)> {
    let chronology = dir.join(CHRONOLOGY);
    let mut files = vec![(chronology, Cow::Borrowed(embedded::YAML))];
    for (path, text) in embedded::SOURCES {
        // The written path is relative to `data/`.
        files.push((dir.join("data").join(path), Cow::Borrowed(*text)));
    }
    // The marker records the chronology, so that commands given no FILE open it.
    files.push((
        dir.join(PROJECT_MARKER),
        Cow::Owned(super::marker_text(CHRONOLOGY)),
    ));
    files.into_iter().map(|(p, t)| (normalise(&p), t)).collect()
}

/// `a/data/../seeds/x` → `a/seeds/x`, without touching the disk (the folders may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Some of the files are there already; nothing was written.
    #[error(
        "{} already exist{}; nothing was written. Choose a new folder, or move them away",
        shown(.0),
        if .0.len() == 1 { "s" } else { "" }
    )]
    Exists(Vec<PathBuf>),
    /// Writing `path` failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn shown(paths: &[PathBuf]) -> String {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    paths.join(", ")
}

/// Writes the files; returns the chronology's path.
///
/// # Errors
/// The files that already exist (nothing is then written), or the one that could not be
/// written.
pub fn init(dir: &Path) -> Result<PathBuf, InitError> {
    let files = files(dir);
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(p, _)| p.symlink_metadata().is_ok())
        .map(|(p, _)| p.clone())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    for (path, text) in &files {
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        };
        write().map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(files[0].0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Input, LoadOptions, load};

    #[test]
    fn writes_a_project_that_loads_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("mine");
        let chronology = init(&target).unwrap();
        assert_eq!(chronology, target.join("data/iran-us.yaml"));
        assert!(
            target
                .join("seeds/reuters-us-warned-iran-2024-01.txt")
                .is_file()
        );
        assert!(target.join(PROJECT_MARKER).is_file());
        let loaded = load(Input::File(&chronology), &LoadOptions::default())
            .result
            .unwrap();
        assert_eq!(
            loaded.events.len(),
            load(Input::Embedded, &LoadOptions::default())
                .result
                .unwrap()
                .events
                .len()
        );

        std::fs::write(&chronology, "mine").unwrap();
        let err = init(&target).unwrap_err();
        assert!(
            matches!(&err, InitError::Exists(paths) if paths.len() == files(&target).len() && paths[0] == chronology),
            "{err:?}"
        );
        let err = err.to_string();
        assert!(err.contains("iran-us.yaml"), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(std::fs::read_to_string(&chronology).unwrap(), "mine");
    }

    #[test]
    fn writes_nothing_when_any_file_exists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PROJECT_MARKER), "x").unwrap();
        assert!(init(dir.path()).is_err());
        assert!(!dir.path().join("data").exists());
    }
}
