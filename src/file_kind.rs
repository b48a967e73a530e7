//! What kind of file a path names, for every place that must not treat a pipe or a device as a
//! document.
//!
//! A FIFO opened for reading waits for a writer, for ever if none comes; a device reads without
//! end or, written by renaming over it, is replaced by a plain file. So the loader (sources),
//! the writers (`--fix`, the viewer's writes, `-o`) and the viewer's reload ask here first, and
//! read through [`open_regular`], which opens without blocking and looks at the opened handle:
//! a separate `stat` before a blocking `open` could be raced.

use std::fs::{File, Metadata, OpenOptions};
use std::path::Path;

/// What a file that is not a regular file is, in words (`a named pipe (FIFO)`).
pub fn describe(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if meta.is_dir() {
        return "a folder";
    }
    "a special file"
}

/// Why [`open_regular`] gave no file.
#[derive(Debug)]
pub enum NotOpened {
    /// It is something else, named by [`describe`].
    NotRegular(&'static str),
    Io(std::io::Error),
}

/// Opens `path` for reading, at once whatever it is, and only if it is a regular file.
///
/// # Errors
/// It is not a regular file (a FIFO is refused instead of waited on; a socket, which cannot be
/// opened, is named too), or cannot be opened.
pub fn open_regular(path: &Path) -> Result<File, NotOpened> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        // Opening a socket fails (ENXIO): name what it is rather than the errno.
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => NotOpened::NotRegular(describe(&meta)),
            _ => NotOpened::Io(e),
        }
    })?;
    let meta = file.metadata().map_err(NotOpened::Io)?;
    if meta.is_file() {
        Ok(file)
    } else {
        Err(NotOpened::NotRegular(describe(&meta)))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_without_a_writer_is_refused_at_once_and_a_file_opens() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert!(matches!(
            open_regular(&fifo),
            Err(NotOpened::NotRegular("a named pipe (FIFO)"))
        ));
        assert!(matches!(
            open_regular(dir.path()),
            Err(NotOpened::NotRegular("a folder"))
        ));
        assert!(matches!(
            open_regular(Path::new("/dev/null")),
            Err(NotOpened::NotRegular("a character device"))
        ));
        std::fs::write(dir.path().join("f"), "x").unwrap();
        assert!(open_regular(&dir.path().join("f")).is_ok());
        assert!(matches!(
            open_regular(&dir.path().join("missing")),
            Err(NotOpened::Io(_))
        ));
    }
}
