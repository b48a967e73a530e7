//! PDFs: not read yet (the next commit reads them).
use super::{ExtractError, Extracted};
pub(super) fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Err(ExtractError::Malformed {
        reason: "PDF reading is not built yet".into(),
    })
}
