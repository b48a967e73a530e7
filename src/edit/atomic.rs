//! Replacing a file all at once: write a temporary file beside it, sync, rename over.
//!
//! The temporary file is in the same folder so the rename stays on one file system (and so is
//! atomic); it takes the original's permissions. If anything fails before the rename, the
//! temporary file is removed and the original is untouched.

use std::fs::File;
use std::io;
use std::path::Path;

/// Replaces `path` with what `fill` writes.
///
/// # Errors
/// Any failure to create, write, sync or rename; the original is then unchanged.
pub fn write(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let mut temp = tempfile::Builder::new()
        .prefix(".sourceline-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
