//! Hyphens that typesetting put at a line's end inside a word (`inter-`⏎`national`): a reader
//! copying the passage gets `international`, so anchoring must be able to match across them.

/// Reader offsets of each `-`, U+2010 (hyphen) or U+00AD (soft hyphen) that ends a line (only
/// spaces between it and the newline) with a letter before it and a letter first on the next
/// line. Whether the word is really joined (`inter-national` or `well-known`) only the quote
/// can say; this records where the choice exists.
pub(super) fn hyphen_joins(text: &str) -> Vec<usize> {
    let mut joins = Vec::new();
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let before = text[..nl].trim_end_matches([' ', '\t', '\r']);
        let Some(hyphen) = before.chars().next_back() else {
            continue;
        };
        if !matches!(hyphen, '-' | '\u{2010}' | '\u{00AD}') {
            continue;
        }
        let at = before.len() - hyphen.len_utf8();
        let letter_before = text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let letter_after = text[nl + 1..]
            .trim_start_matches([' ', '\t'])
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if letter_before && letter_after {
            joins.push(at);
        }
    }
    joins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_end_hyphens_between_letters() {
        let text = "an inter-\nnational body\nwell\u{00AD}\nknown, 1990-\n2000, a -\nb, co\u{2010}  \r\n op";
        let joins = hyphen_joins(text);
        let at: Vec<char> = joins
            .iter()
            .filter_map(|&j| text[j..].chars().next())
            .collect();
        assert_eq!(joins.len(), 3, "{at:?}");
        assert_eq!(joins[0], text.find("-\nnational").unwrap());
        assert_eq!(joins[1], text.find('\u{00AD}').unwrap());
        assert_eq!(joins[2], text.find('\u{2010}').unwrap());
    }
}
