//! Replacing a file all at once: write a temporary file beside it, sync, rename over.
//!
//! The temporary file is in the same folder so the rename stays on one file system (and so is
//! atomic). If anything fails before the rename, the temporary file is removed and the original
//! is untouched.
//!
//! Only a regular file is renamed over. A symbolic link is followed, and its target replaced,
//! so the link stays a link (`report.html -> /srv/www/report.html` keeps publishing). Anything
//! else is not a document: a rename would put a plain file where `/dev/null` or a named pipe
//! was. [`write`] refuses it; [`write_output`], for the `-o` of `import` and `export`, writes
//! through a character device or a pipe as a shell's `>` does.
//!
//! Permissions: a replaced file keeps its own; a new file gets `0666` less the umask, as any
//! program's new file does (`tempfile` alone would give `0600`, which a web server cannot
//! read). The temporary file stays `0600` until it takes the original's mode, so the new text
//! of a private file is never readable by others, even for a moment.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Replaces `path` (or, when it is a symbolic link, the regular file it leads to) with what
/// `fill` writes, or creates it.
///
/// # Errors
/// `path` is not a regular file (nor a link to one, nor absent) or is a link that leads
/// nowhere, or creating, writing, syncing or renaming failed; the original is then unchanged.
pub fn write(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let target = resolve(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => None,
        Ok(meta) if !meta.is_file() => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "is {}, not a regular file",
                    crate::file_kind::describe(&meta)
                ),
            ));
        }
        Ok(meta) => Some(meta.permissions()),
        Err(_) => None,
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sourceline-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        // Given to open(2), which takes the umask off, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = existing {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes an output file (`-o`): a character device or a pipe (`/dev/null`, `/dev/stdout`, a
/// FIFO), or a link to one, is opened and written through, never replaced; anything else is
/// [`write`]ten.
///
/// # Errors
/// As [`write`]; a block device or a socket is refused.
pub fn write_output(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_fifo() {
            // Not created, not truncated: the node stays as it is.
            let mut through = std::fs::OpenOptions::new().write(true).open(path)?;
            fill(&mut through)?;
            return std::io::Write::flush(&mut through);
        }
    }
    write(path, fill)
}

/// The file a write to `path` replaces: `path`, or the end of the symbolic links it starts.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| {
                if e.kind() == io::ErrorKind::NotFound {
                    io::Error::new(
                        io::ErrorKind::NotFound,
                        "is a symbolic link to a file that does not exist; create the file, or name another",
                    )
                } else {
                    e
                }
            })
        }
        _ => Ok(path.to_path_buf()),
    }
}
