//! The one place where a source file's bytes become the text a reader sees.
//!
//! Every extraction of a load comes through [`extract_source`], once per file and format
//! ([`super::files`] reads each file's bytes once and drops them after), and goes through the
//! extraction cache ([`crate::extract::Cache`]) once the program has chosen one
//! ([`use_extraction_cache`]): a web page or PDF whose bytes were read before is not parsed
//! again, so reopening a chronology that cites a 300-page PDF costs about what one citing a text
//! file does.

use std::sync::OnceLock;

use crate::extract::{Cache, ExtractError, Extracted, Format, extract_cached};

/// The cache every load of this process reads sources through, once chosen.
static CACHE: OnceLock<Option<Cache>> = OnceLock::new();

/// Chooses the extraction cache for every load of this process (the first choice stands). The
/// program makes it, from the environment (`SOURCELINE_CACHE`, `XDG_CACHE_HOME`), before it
/// loads anything; the library never reads the environment for it, so a test or another
/// program that loads chronologies in-process reads every source afresh and writes nothing to
/// the user's cache folder unless it chooses so, as it passes a snapshot cache in
/// [`super::LoadOptions`].
pub(crate) fn use_extraction_cache(cache: Option<Cache>) {
    let _ = CACHE.set(cache);
}

/// The chosen cache; `None` when none was chosen, it is switched off, or there is no cache
/// folder.
fn cache() -> Option<&'static Cache> {
    CACHE.get().and_then(Option::as_ref)
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

#[cfg(test)]
mod tests {
    /// The library's own tests load web pages and PDFs in-process: nothing chose a cache for
    /// them, so none is read or written (the user's cache folder least of all).
    #[test]
    fn a_load_in_process_uses_no_cache_unless_one_was_chosen() {
        assert_eq!(super::cache(), None);
    }
}
