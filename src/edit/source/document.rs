//! The document an author asks to add, read as the loader will read it, and what the new entry
//! says of it.
//!
//! Confinement is the loader's ([`crate::load::DiskSources`]): a chronology may cite files in
//! its folder, its project (the nearest folder above it with `.git` or `.sourceline`), and the
//! `--allow-sources-in` folders. A document elsewhere is refused here rather than written into
//! an entry every `check` would refuse. Paths are compared resolved (symbolic links followed),
//! so the entry names the file a link leads to, by a path from the chronology's folder.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::extract::{self, ExtractError, Format, Metadata};
use crate::file_kind::{NotOpened, open_regular};
use crate::load::{MAX_SOURCE_BYTES, disk_sources};
use crate::text::sanitize;

/// A document ready to become a source entry.
#[derive(Debug)]
pub struct Document {
    /// The file, resolved.
    pub real: PathBuf,
    /// The path the entry writes: from the chronology's folder, with `/`.
    pub path: String,
    /// The file's name without its extension, to make an id of.
    pub stem: String,
    /// The file's name (without control characters or bidi overrides), the title when the
    /// document gives none.
    pub name: String,
    /// How it is read.
    pub format: Format,
    /// How the loader reads it when no `format:` is written.
    pub inferred: Format,
    pub sha256: String,
    pub metadata: Metadata,
    /// PDF pages without text (scanned): quotes there cannot anchor until OCR is run.
    pub textless: Vec<u32>,
}

/// Why a document cannot be added. Each message follows the document's path.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("cannot be found ({0}); check the path")]
    Missing(std::io::Error),
    #[error(
        "is outside the folders {chronology} may cite ({}); move it under the project, or pass --allow-sources-in DIR",
        roots.iter().map(|r| sanitize(&r.display().to_string()).into_owned()).collect::<Vec<_>>().join(", ")
    )]
    Outside {
        chronology: String,
        roots: Vec<PathBuf>,
    },
    #[error("is {0}, not a regular file; a source is a document (HTML, PDF or text)")]
    NotAFile(&'static str),
    #[error(
        "is {len} bytes, more than the limit of {limit} bytes for a source; cite a smaller file or an extract of it"
    )]
    TooLarge { len: u64, limit: u64 },
    #[error("cannot be read ({0})")]
    Io(std::io::Error),
    #[error("has a path that is not UTF-8, which a chronology cannot hold; rename it")]
    NotUtf8Path,
    /// A text file that is not UTF-8.
    #[error(
        "is not UTF-8 text (bad byte at offset {offset}); convert it (`iconv -t UTF-8`), or pass --format html or --format pdf if that is what it is"
    )]
    NotUtf8 { offset: usize },
    /// The file is there but its text cannot be read as `format`.
    #[error("cannot be read as {format}: {why}")]
    Unreadable {
        format: &'static str,
        why: ExtractError,
    },
}

/// Reads `file` for the chronology at `chronology` (as the author named it; its sources are
/// found from its folder), allowed also in `allowed`, read as `format` when given.
///
/// # Errors
/// The file is missing, outside what the chronology may cite, not a regular file, too large,
/// or unreadable in its format.
pub fn read_document(
    file: &Path,
    chronology: &Path,
    allowed: &[PathBuf],
    format: Option<Format>,
) -> Result<Document, DocumentError> {
    let real = std::fs::canonicalize(file).map_err(DocumentError::Missing)?;
    let reader = disk_sources(chronology, allowed);
    if !reader.roots.iter().any(|root| real.starts_with(root)) {
        return Err(DocumentError::Outside {
            chronology: sanitize(&chronology.display().to_string()).into_owned(),
            roots: reader.roots,
        });
    }
    let base = if reader.base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &reader.base
    };
    let base_real = std::fs::canonicalize(base).map_err(DocumentError::Io)?;
    let path = relative(&base_real, &real).ok_or(DocumentError::NotUtf8Path)?;
    let bytes = read_limited(&real, MAX_SOURCE_BYTES)?;
    let inferred = Format::detect(&real, &bytes);
    let format = format.unwrap_or(match Format::sniff(&bytes) {
        Format::Text => inferred,
        sniffed => sniffed,
    });
    let extracted = extract::extract(&bytes, format).map_err(|why| match why {
        ExtractError::NotUtf8 { offset } => DocumentError::NotUtf8 { offset },
        why => DocumentError::Unreadable {
            format: format.label(),
            why,
        },
    })?;
    let textless = extracted.textless_pages().to_vec();
    drop(extracted);
    let name: String = real
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(DocumentError::NotUtf8Path)?
        .chars()
        .filter(|&c| !crate::text::is_unsafe(c))
        .collect();
    let stem = real
        .file_stem()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    Ok(Document {
        metadata: extract::metadata(&bytes, format),
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        real,
        path,
        stem,
        name,
        format,
        inferred,
        textless,
    })
}

/// The path from folder `from` to `to` (both resolved) with `/` between its parts; `None`
/// when a part is not UTF-8 or the two share no root.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    for part in &to[common..] {
        parts.push(part.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

/// The file's bytes, refusing anything but a regular file (opened without blocking, so a FIFO
/// never makes this wait) and more than `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, DocumentError> {
    let file = open_regular(path).map_err(|e| match e {
        NotOpened::NotRegular(what) => DocumentError::NotAFile(what),
        NotOpened::Io(e) => DocumentError::Io(e),
    })?;
    let len = file.metadata().map_err(DocumentError::Io)?.len();
    if len > limit {
        return Err(DocumentError::TooLarge { len, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(DocumentError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(DocumentError::TooLarge {
            len: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_use_slashes() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/p/data", "/p/data/a.html").as_deref(), Some("a.html"));
        assert_eq!(
            r("/p/data", "/p/seeds/x/b.pdf").as_deref(),
            Some("../seeds/x/b.pdf")
        );
        assert_eq!(
            r("/p/data/deep", "/p/c.txt").as_deref(),
            Some("../../c.txt")
        );
    }
}
