//! The one place where a source file's bytes become the text a reader sees.
//!
//! Every extraction of a load comes through [`extract_source`], once per file and format
//! ([`super::files`] reads each file's bytes once and drops them after), and goes through the
//! extraction cache ([`crate::extract::Cache`]): a web page or PDF whose bytes were read before
//! is not parsed again, so reopening a chronology that cites a 300-page PDF costs about what
//! one citing a text file does.

use std::sync::OnceLock;

use crate::extract::{Cache, ExtractError, Extracted, Format, extract_cached};

/// The cache this process uses, found once from the environment (`SOURCELINE_CACHE`,
/// `XDG_CACHE_HOME`); `None` when it is switched off or there is no cache folder.
fn cache() -> Option<&'static Cache> {
    static CACHE: OnceLock<Option<Cache>> = OnceLock::new();
    CACHE.get_or_init(Cache::from_env).as_ref()
}

/// Reads `bytes`, the file a source names at `_path` (as the chronology writes it), as
/// `format`.
///
/// # Errors
/// The bytes cannot be read as that format (see [`ExtractError`]).
pub(super) fn extract_source(
    bytes: &[u8],
    format: Format,
    _path: &str,
) -> Result<Extracted, ExtractError> {
    extract_cached(bytes, format, cache())
}
