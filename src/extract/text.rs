//! Plain text: the reader text is the file itself (less a byte-order mark), so the map back is
//! the identity.

use super::{ExtractError, Extracted, Format, Origin, check_size, limits};

/// Reads UTF-8 text. A byte-order mark is dropped (the map skips it); nothing else changes.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    check_size(bytes, limits::MAX_PLAIN_BYTES, Format::Text)?;
    let (base, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    let text = std::str::from_utf8(body).map_err(|e| ExtractError::NotUtf8 {
        offset: base + e.valid_up_to(),
    })?;
    let joins = super::joins::hyphen_joins(text);
    Ok(Extracted {
        format: Format::Text,
        text: text.to_owned(),
        origin: Origin::Identity { base },
        pages: Vec::new(),
        textless: Vec::new(),
        joins,
        encoding: "UTF-8",
        original_len: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_passes_through_less_its_bom() {
        let e = extract(b"\xEF\xBB\xBFone\r\ntwo").unwrap();
        assert_eq!(e.text(), "one\r\ntwo");
        assert_eq!(e.original_offset(5), Some(8));
        assert_eq!(e.original_line(5), Some(2));
        assert!(e.pages().is_empty());
    }

    #[test]
    fn not_utf8_names_the_offset_in_the_file() {
        let err = extract(b"\xEF\xBB\xBFok \xFF").unwrap_err();
        assert_eq!(err, ExtractError::NotUtf8 { offset: 6 });
        assert!(err.to_string().contains("offset 6"));
    }
}
