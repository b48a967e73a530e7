//! A change to a file as byte-range replacements, applied to the bytes that were read.

use std::ops::Range;

/// Replace `range` of the original bytes with `text` (an empty range inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub range: Range<usize>,
    pub text: String,
}

impl Patch {
    /// Inserts `text` at byte `at`.
    #[must_use]
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self {
            range: at..at,
            text: text.into(),
        }
    }
}

/// Why patches do not fit the bytes they were computed for: always a bug in the code that
/// computed them, so each names the patch for the report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// The range ends before it starts, or after the last byte.
    #[error("patch {range:?} outside the file's {len} bytes")]
    OutOfRange { range: Range<usize>, len: usize },
    /// The range starts inside the one sorted before it.
    #[error("patch {0:?} overlaps the one before it")]
    Overlaps(Range<usize>),
}

/// The bytes after the patches; every byte outside their ranges is copied unchanged.
///
/// # Errors
/// A patch out of range, or two that overlap (two inserts at one place keep their order).
pub fn apply(original: &[u8], patches: &[Patch]) -> Result<Vec<u8>, PatchError> {
    let mut sorted: Vec<&Patch> = patches.iter().collect();
    sorted.sort_by_key(|p| (p.range.start, p.range.end));
    let mut out =
        Vec::with_capacity(original.len() + patches.iter().map(|p| p.text.len()).sum::<usize>());
    let mut at = 0;
    for p in sorted {
        if p.range.start > p.range.end || p.range.end > original.len() {
            return Err(PatchError::OutOfRange {
                range: p.range.clone(),
                len: original.len(),
            });
        }
        if p.range.start < at {
            return Err(PatchError::Overlaps(p.range.clone()));
        }
        out.extend_from_slice(&original[at..p.range.start]);
        out.extend_from_slice(p.text.as_bytes());
        at = p.range.end;
    }
    out.extend_from_slice(&original[at..]);
    Ok(out)
}
