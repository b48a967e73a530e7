//! Reading the source documents a chronology names, and the chronology file itself.
//!
//! A chronology is untrusted (it is often downloaded), but the files it names are the reader's.
//! Two rules keep the one from reaching the other:
//!
//! - **Confinement.** A source must lie inside the chronology's folder, or inside the chronology's
//!   *project*: the nearest folder above it that holds a `.git` or a [`PROJECT_MARKER`], found by
//!   walking up from the chronology file (never from the current directory, which is the
//!   reader's, and often their home). Walking stops below the home folder and the filesystem
//!   root: a dotfiles repository in `~` must not open all of `~`. Anything else needs the
//!   reader's own `--allow-sources-in DIR`. Paths are resolved (symlinks included) before the
//!   check.
//! - **The chronology too, when it is a link.** An archive can carry `chronology.yaml` as a
//!   link to `~/.git-credentials`; what the reader named is the link, so its target is held to
//!   the same rule as a source, counted from the folder holding the link
//!   ([`confine_chronology`]). The links the system keeps in `/dev` and `/proc` (`/dev/stdin`,
//!   `<(…)`) lead to what the reader's own shell opened, and are followed.
//! - **Regular files only.** A FIFO, socket or device named as a source (archives can carry
//!   them) is refused by looking at the opened handle, which is opened without blocking
//!   ([`crate::file_kind`]): a separate `stat` could be raced, and a blocking open of a FIFO
//!   waits forever for a writer.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::limits::MAX_SOURCE_BYTES;
use super::read_error::{IoReason, ReadError};
use crate::file_kind::{NotOpened, open_regular};
use crate::model::{Format, Page, Source};

/// The file `sourceline init` writes at the top of a project: sources anywhere below the folder
/// holding it may be cited by chronologies below it (as with a `.git` folder).
pub const PROJECT_MARKER: &str = ".sourceline";

/// How the loader reads the source documents a chronology names.
pub trait SourceReader {
    /// The bytes of the file at `path` (as written in the chronology), as they are: the loader
    /// reads them as the source's format and fingerprints them.
    ///
    /// # Errors
    /// Why it cannot be read; its `Display` is the sentence for the problem list.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;

    /// The source at `path` as already read, when this reader holds it so (the viewer's
    /// loaded sources): used as it is, neither read nor extracted again, and its fingerprint
    /// not checked again (it was when it was read). `None`: read the file.
    fn shown(&self, path: &str) -> Option<Shown> {
        let _ = path;
        None
    }

    /// Which file `path` names, and its size, when that can be told without reading it: the
    /// loader reads a file named by several sources once, and refuses one that would take the
    /// sources past their budget before reading it. `None`: read it to know.
    fn identify(&self, path: &str) -> Option<Identity> {
        let _ = path;
        None
    }

    /// Where to report how far the load has got, if anyone is watching.
    fn progress(&self) -> Option<&std::sync::Arc<super::LoadProgress>> {
        None
    }
}

/// A source already read ([`SourceReader::shown`]): its reader text, format and pages.
#[derive(Clone, Debug)]
pub struct Shown {
    pub text: Arc<String>,
    pub format: Format,
    pub pages: Arc<Vec<Page>>,
    /// The file's SHA-256 when it was read, if it was taken: reviews are stale against it.
    pub sha256: Option<String>,
}

/// A file as [`SourceReader::identify`] tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub key: FileKey,
    /// Its size in bytes, as it is now.
    pub len: u64,
}

/// What makes two paths the same file: its device and inode where there are such, else its
/// canonical path (or, for sources in memory, the path as written).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileKey {
    Inode { device: u64, inode: u64 },
    Path(PathBuf),
}

/// Reads sources from disk, relative to the chronology file's folder, confined as the module
/// documentation describes.
pub struct DiskSources {
    /// The chronology's folder, as given (relative paths in messages stay readable).
    pub base: PathBuf,
    /// Folders a source may be in (canonical), in the order messages name them.
    pub roots: Vec<PathBuf>,
}

impl DiskSources {
    /// Sources of the chronology in folder `base`, plus the reader's `allowed` folders.
    /// Folders that cannot be resolved (they do not exist) allow nothing.
    pub fn new(base: PathBuf, allowed: &[PathBuf]) -> Self {
        let base_dir = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base.clone()
        };
        let mut roots = Vec::new();
        if let Ok(dir) = fs::canonicalize(&base_dir) {
            roots.push(project_root(&dir, home().as_deref()).unwrap_or(dir));
        }
        roots.extend(allowed.iter().filter_map(|d| fs::canonicalize(d).ok()));
        Self { base, roots }
    }
}

/// Where to read the chronology the reader named as `path`: `path` itself, or, when it is a
/// symbolic link, its target, which must then lie where a source of a chronology in the link's
/// folder may (its folder, its project, or one of the `allowed` folders).
///
/// # Errors
/// The link leads outside ([`ReadError::LinkOutside`]), or nowhere
/// ([`ReadError::LinkNowhere`]).
pub fn confine_chronology(path: &Path, allowed: &[PathBuf]) -> Result<PathBuf, ReadError> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let system = fs::canonicalize(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &folder
    })
    .is_ok_and(|dir| dir.starts_with("/dev") || dir.starts_with("/proc"));
    if !is_link || system {
        return Ok(path.to_path_buf());
    }
    let real = fs::canonicalize(path).map_err(|e| ReadError::LinkNowhere(IoReason::from(&e)))?;
    let roots = DiskSources::new(folder, allowed).roots;
    if roots.iter().any(|root| real.starts_with(root)) {
        return Ok(real);
    }
    Err(ReadError::LinkOutside { real })
}

/// The canonical home folder, where walking up stops.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| fs::canonicalize(h).ok())
}

/// The nearest folder at or above `dir` (canonical) holding a project marker, stopping before
/// `home` and the filesystem root, which never count as projects.
#[must_use]
pub fn project_root(dir: &Path, home: Option<&Path>) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        if Some(folder) == home || folder.parent().is_none() {
            return None;
        }
        // `.git` is a folder in a clone and a file in a worktree or submodule.
        if folder.join(".git").exists() || folder.join(PROJECT_MARKER).is_file() {
            return Some(folder.to_path_buf());
        }
    }
    None
}

impl SourceReader for DiskSources {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let real = self.resolve(path)?;
        read_bytes(&real, MAX_SOURCE_BYTES, Reading::RegularOnly)
    }

    fn identify(&self, path: &str) -> Option<Identity> {
        let real = self.resolve(path).ok()?;
        let meta = fs::metadata(&real).ok().filter(fs::Metadata::is_file)?;
        #[cfg(unix)]
        let key = {
            use std::os::unix::fs::MetadataExt as _;
            FileKey::Inode {
                device: meta.dev(),
                inode: meta.ino(),
            }
        };
        #[cfg(not(unix))]
        let key = FileKey::Path(real);
        Some(Identity {
            key,
            len: meta.len(),
        })
    }
}

impl DiskSources {
    /// The file a source path leads to, resolved and confined as the module documentation
    /// describes.
    fn resolve(&self, path: &str) -> Result<PathBuf, ReadError> {
        if Path::new(path).is_absolute() {
            return Err(ReadError::Absolute);
        }
        let full = self.base.join(path);
        let real = fs::canonicalize(&full).map_err(|e| ReadError::Unresolved {
            reason: IoReason::from(&e),
            looked_for: full.clone(),
        })?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(ReadError::Outside {
                real,
                roots: self.roots.clone(),
            });
        }
        Ok(real)
    }
}

/// Sources held in memory (the embedded chronology, tests), looked up by their written path:
/// each is the file's content, read as its format says as a file on disk would be.
pub struct MemorySources<'a>(pub &'a [(&'a str, &'a str)]);

impl SourceReader for MemorySources<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.0
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.as_bytes().to_vec())
            .ok_or(ReadError::NotEmbedded)
    }

    fn identify(&self, path: &str) -> Option<Identity> {
        let (_, text) = self.0.iter().find(|(p, _)| *p == path)?;
        Some(Identity {
            key: FileKey::Path(PathBuf::from(path)),
            len: text.len() as u64,
        })
    }
}

/// The sources of a chronology as it was loaded ([`SourceReader::shown`]): the viewer reads a
/// change back against the texts it shows, whatever files they were read from (a PDF's text
/// is not the PDF). Fingerprints are not checked again.
pub struct ShownSources<'a>(pub &'a [Source]);

impl SourceReader for ShownSources<'_> {
    fn read(&self, _path: &str) -> Result<Vec<u8>, ReadError> {
        Err(ReadError::NotEmbedded)
    }

    fn shown(&self, path: &str) -> Option<Shown> {
        self.0.iter().find(|s| s.path == path).map(|s| Shown {
            text: Arc::clone(&s.text),
            format: s.format,
            pages: Arc::clone(&s.pages),
            sha256: s.sha256.clone(),
        })
    }
}

/// What a file may be, which depends on who named it and when.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reading {
    /// A chronology named by the reader: a pipe (`check <(…)`) is their choice, so only folders
    /// are refused.
    #[default]
    AnyFile,
    /// A source named by the chronology, or a chronology read again (the viewer's reload): only
    /// a regular file, opened without blocking, so a pipe never makes the loader wait.
    RegularOnly,
}

/// Reads a whole UTF-8 file with a size limit.
///
/// # Errors
/// It is not a file that may be read this way, is over `limit`, is not UTF-8, or reading failed.
pub fn read_text(path: &Path, limit: u64, reading: Reading) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(path, limit, reading)?).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads a whole file with a size limit.
///
/// # Errors
/// It is not a file that may be read this way, is over `limit`, or reading failed.
pub fn read_bytes(path: &Path, limit: u64, reading: Reading) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_bounded(path, limit, reading)?;
    // Sized up front: growing by doubling would briefly hold the file twice over.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::GrewPastLimit { limit });
    }
    Ok(bytes)
}

/// Opens a file to read as [`read_bytes`] does, with its length when opened; the caller stops
/// past `limit` bytes as it reads (a file may grow).
///
/// # Errors
/// As [`read_bytes`], but for reading.
pub(super) fn open_bounded(
    path: &Path,
    limit: u64,
    reading: Reading,
) -> Result<(File, u64), ReadError> {
    let file = match reading {
        Reading::RegularOnly => open_regular(path).map_err(|e| match e {
            NotOpened::NotRegular(what) => ReadError::NotAFile(what),
            NotOpened::Io(e) => e.into(),
        })?,
        Reading::AnyFile => File::open(path)?,
    };
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            len: meta.len(),
            limit,
        });
    }
    Ok((file, meta.len()))
}
