//! The one place where a source file's bytes become the text a reader sees.
//!
//! Every extraction of a load comes through [`extract_source`], once per file and format
//! ([`super::files`] reads each file's bytes once and drops them after), so a cache of
//! extracted texts keyed by the bytes' content has one place to sit: a hit there skips the
//! parse of a 300-page PDF.

use crate::extract::{self, ExtractError, Extracted, Format};

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
    extract::extract(bytes, format)
}
