//! The one way in: what a chronology is read from ([`Input`]), how ([`LoadOptions`]), and what
//! came of it ([`Loaded`]).
//!
//! Every reader of a chronology goes through [`load`]: the commands, the viewer's background
//! loader, the tests, benches and fuzz targets. So each choice is made once, here:
//! - a command given no file opens the chronology built into the binary
//!   ([`Input::file_or_embedded`]), named in messages as [`embedded::NAME`];
//! - a folder allowed for sources must be a folder: a mistyped `--allow-sources-in` would
//!   otherwise allow nothing, and the source it was for would be refused for a reason that hides
//!   the typo;
//! - a file is read once, and its text is handed back with the result, because whoever writes
//!   it back (`check --fix`, the viewer's citations) must patch the very bytes the loader read: a
//!   second read could differ from the first, and a pipe cannot be read twice;
//! - progress is counted through the options for every input, not by one kind of source reader.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::snapshot::{Recording, Snapshots};
use super::sources::{self, MemorySources, Reading, SourceReader};
use super::{
    LoadProgress, MAX_FILE_BYTES, Problem, Problems, disk_sources, load_str_keeping, load_str_with,
    syntax,
};
use crate::embedded;
use crate::model::Chronology;

/// What a chronology is read from.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    /// A file the reader named; its sources are read beside it, only inside its folder, its
    /// project, or a folder of [`LoadOptions::allowed`] (`super::DiskSources`).
    File(&'a Path),
    /// The chronology built into the binary, with its source.
    Embedded,
    /// Text already in memory (a file as `check --fix` wrote it, a test's chronology), called
    /// `name` in messages, its sources read by `sources` (which decides where they may lie).
    Text {
        name: &'a str,
        yaml: &'a str,
        sources: &'a dyn SourceReader,
    },
}

impl<'a> Input<'a> {
    /// Text in memory called `name`, its sources read by `sources`.
    #[must_use]
    pub fn text(name: &'a str, yaml: &'a str, sources: &'a dyn SourceReader) -> Self {
        Self::Text {
            name,
            yaml,
            sources,
        }
    }

    /// The file named, or, when none is, the embedded chronology.
    #[must_use]
    pub fn file_or_embedded(file: Option<&'a Path>) -> Self {
        file.map_or(Self::Embedded, Self::File)
    }

    /// How messages name the input: the path as given, or the embedded chronology's name.
    #[must_use]
    pub fn name(&self) -> Cow<'a, str> {
        match *self {
            Self::File(path) => Cow::Owned(path.display().to_string()),
            Self::Embedded => Cow::Borrowed(embedded::NAME),
            Self::Text { name, .. } => Cow::Borrowed(name),
        }
    }
}

/// How to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Folders a file's sources may also lie in (`--allow-sources-in`), beyond its folder and
    /// project. Each must be a folder; a [`Input::Text`]'s reader decides alone where its
    /// sources may lie.
    pub allowed: Vec<PathBuf>,
    /// What a file may be: anything but a folder when the reader names it, only a regular file
    /// when the viewer reads it again.
    pub reading: Reading,
    /// Counters to advance as the load goes, for a progress bar.
    pub progress: Option<Arc<LoadProgress>>,
    /// Take every source file's digest, reviewed or not: the viewer writes a review with the
    /// source's digest, and must have it before the first review exists.
    pub digests: bool,
    /// Where a file or the embedded chronology loaded before is read back from, and a load
    /// without problems is stored (`None`: always load). Text in memory never goes through it.
    pub snapshots: Option<Snapshots>,
}

impl LoadOptions {
    /// Why each allowed folder cannot be used, one sentence each, in the order given.
    #[must_use]
    pub fn unusable_folders(&self) -> Vec<String> {
        self.allowed
            .iter()
            .filter(|dir| !dir.is_dir())
            .map(|dir| {
                format!(
                    "--allow-sources-in {}: is not a folder",
                    crate::text::sanitize(&dir.display().to_string())
                )
            })
            .collect()
    }
}

/// What a load gave: the chronology or every problem, and the text it read.
pub struct Loaded<'a> {
    /// The text the chronology was made from. `None` when nothing could be read (the result then
    /// says why), and when the text does not read as a chronology at all: it may be anything the
    /// reader has (a credentials file named by mistake), so none of its lines is shown.
    pub text: Option<Cow<'a, str>>,
    pub result: Result<Chronology, Problems>,
}

/// Loads `input` as `options` say.
///
/// The result holds every problem found, each with file, position, entity and field where
/// known; a file that cannot be read, or an allowed folder that is not one, is a problem too.
pub fn load<'a>(input: Input<'a>, options: &LoadOptions) -> Loaded<'a> {
    let name = input.name();
    if let Some(problems) = unusable_folders(&name, options) {
        return unread(problems);
    }
    match input {
        Input::File(path) => match read_file(&name, path, options) {
            Ok(yaml) => {
                let reader = disk_sources(path, &options.allowed);
                through_snapshots(&name, Cow::Owned(yaml), &reader, options)
            }
            Err(problems) => unread(problems),
        },
        Input::Embedded => through_snapshots(
            &name,
            Cow::Borrowed(embedded::YAML),
            &MemorySources(embedded::SOURCES),
            options,
        ),
        Input::Text { yaml, sources, .. } => {
            from_text(&name, Cow::Borrowed(yaml), sources, options)
        }
    }
}

/// What stops a load (or a reload) before any text is read: an allowed folder that is not
/// one.
pub(super) fn unusable_folders(name: &str, options: &LoadOptions) -> Option<Problems> {
    let unusable = options.unusable_folders();
    (!unusable.is_empty())
        .then(|| Problems(unusable.iter().map(|why| Problem::new(name, why)).collect()))
}

/// The chronology file's text, read as every load reads it: confined to the allowed folders
/// and bounded in size; why not, as a problem of the file.
pub(super) fn read_file(
    name: &str,
    path: &Path,
    options: &LoadOptions,
) -> Result<String, Problems> {
    sources::confine_chronology(path, &options.allowed)
        .and_then(|real| sources::read_text(&real, MAX_FILE_BYTES, options.reading))
        .map_err(|why| Problems(vec![Problem::new(name, why.to_string())]))
}

fn unread<'a>(problems: Problems) -> Loaded<'a> {
    Loaded {
        text: None,
        result: Err(problems),
    }
}

/// [`from_text`], through the snapshot cache when the options name one: a hit is the
/// chronology stored for this very text and these very sources; a miss loads, and a load
/// without problems is stored.
fn through_snapshots<'a>(
    name: &str,
    yaml: Cow<'a, str>,
    sources: &(dyn SourceReader + Sync),
    options: &LoadOptions,
) -> Loaded<'a> {
    let Some(snapshots) = &options.snapshots else {
        return from_text(name, yaml, sources, options);
    };
    if let Some(chronology) = snapshots.get(&yaml, options.digests, sources) {
        if let Some(progress) = &options.progress {
            let len = yaml.len() as u64;
            progress.bytes_total.store(len, Ordering::Relaxed);
            progress.bytes_done.store(len, Ordering::Relaxed);
        }
        return Loaded {
            text: Some(yaml),
            result: Ok(chronology),
        };
    }
    // The entry says where each event of the file went, for a reload that parses only the
    // events that changed ([`super::incremental`]).
    let recording = Recording::new(sources);
    if let Some(progress) = &options.progress {
        progress
            .bytes_total
            .store(yaml.len() as u64, Ordering::Relaxed);
    }
    let observed = Observed::new(&recording, options);
    let result = load_str_keeping(name, &yaml, &observed, options.digests, true);
    let result = result.map(|(chronology, kept)| {
        let position = kept.map(|k| k.position).unwrap_or_default();
        snapshots.put_with(
            &yaml,
            options.digests,
            &recording.files(),
            &chronology,
            &position,
        );
        chronology
    });
    let shown = result.is_ok() || syntax::reads_as_chronology(&yaml);
    Loaded {
        text: shown.then_some(yaml),
        result,
    }
}

fn from_text<'a>(
    name: &str,
    yaml: Cow<'a, str>,
    sources: &dyn SourceReader,
    options: &LoadOptions,
) -> Loaded<'a> {
    if let Some(progress) = &options.progress {
        progress
            .bytes_total
            .store(yaml.len() as u64, Ordering::Relaxed);
    }
    let observed = Observed {
        sources,
        progress: options.progress.as_ref(),
    };
    let result = load_str_with(name, &yaml, &observed, options.digests);
    let shown = result.is_ok() || syntax::reads_as_chronology(&yaml);
    Loaded {
        text: shown.then_some(yaml),
        result,
    }
}

/// A source reader whose progress is the load's, whatever the reader.
pub(super) struct Observed<'a> {
    sources: &'a dyn SourceReader,
    progress: Option<&'a Arc<LoadProgress>>,
}

impl<'a> Observed<'a> {
    pub(super) fn new(sources: &'a dyn SourceReader, options: &'a LoadOptions) -> Self {
        Self {
            sources,
            progress: options.progress.as_ref(),
        }
    }
}

impl SourceReader for Observed<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, super::ReadError> {
        self.sources.read(path)
    }

    fn shown(&self, path: &str) -> Option<super::Shown> {
        self.sources.shown(path)
    }

    // Forwarded, or every file would be read once per source naming it.
    fn identify(&self, path: &str) -> Option<super::Identity> {
        self.sources.identify(path)
    }

    fn progress(&self) -> Option<&Arc<LoadProgress>> {
        self.progress.or_else(|| self.sources.progress())
    }
}
