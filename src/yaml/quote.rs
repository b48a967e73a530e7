//! The one way a string is written as a YAML double-quoted scalar, and the one rule for which
//! characters a chronology file never holds as they are.
//!
//! Three writers (a citation from the viewer, `check --fix`, `import`) used to escape each in
//! its own way, and disagreed: U+202E went raw into a file from two of them, where a reviewer
//! reading the YAML sees the rest of the line reversed. One function now decides for all.
//!
//! What is escaped: every C0 and C1 control and DEL (YAML forbids most of them raw, and a
//! terminal acts on them), the line and paragraph separators (some readers break lines on
//! them), U+FFFE and U+FFFF (not YAML characters), and every invisible format character
//! (Unicode category Cf: the bidi marks, embeddings, overrides and isolates, zero-width space,
//! soft hyphen, the byte-order mark, tag characters) — except the zero-width joiner and
//! non-joiner, which Persian words and emoji sequences are written with. Everything else,
//! Persian, CJK and emoji included, is written as it is, so the file stays readable.
//!
//! Escapes are the short ones where YAML has them (`\0 \t \n \r \" \\`), else `\xXX` up to
//! U+00FF, `\uXXXX` in the basic plane and `\UXXXXXXXX` beyond it.

use std::fmt::Write as _;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` is never written raw in a chronology file: a double-quoted scalar writes it as
/// an escape, and a plain, single-quoted or block scalar (which have no escapes) cannot hold
/// it, so a writer that keeps one of those styles must switch to [`double_quoted`].
pub fn must_escape(c: char) -> bool {
    match c {
        '\u{200C}' | '\u{200D}' => false,
        '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}' => true,
        c => c.is_control() || c.general_category() == GeneralCategory::Format,
    }
}

/// `text` as a YAML double-quoted scalar on one line, which reads back as exactly `text`.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if !must_escape(c) => out.push(c),
            c => {
                let n = u32::from(c);
                let _ = match n {
                    0..=0xFF => write!(out, "\\x{n:02X}"),
                    0x100..=0xFFFF => write!(out, "\\u{n:04X}"),
                    _ => write!(out, "\\U{n:08X}"),
                };
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases the three quoters this replaced were tested with. Changed: ESC in a citation
    /// was `\u001B` (now `\x1B`, as `--fix` and `import` wrote it), and `import` wrote NEL
    /// (U+0085) raw, which YAML 1.1 readers take for a line break.
    #[test]
    fn the_short_escapes_and_the_hex_ones() {
        assert_eq!(double_quoted("plain"), "\"plain\"");
        assert_eq!(double_quoted("null"), "\"null\"");
        assert_eq!(
            double_quoted("a \"q\" \\ b\nc\td"),
            "\"a \\\"q\\\" \\\\ b\\nc\\td\""
        );
        assert_eq!(double_quoted("x\u{1b}y\u{202E}"), "\"x\\x1By\\u202E\"");
        assert_eq!(
            double_quoted("\u{1b}[2J\u{7f}\u{85}\u{9b}\u{feff}\u{2028}"),
            "\"\\x1B[2J\\x7F\\x85\\x9B\\uFEFF\\u2028\""
        );
        assert_eq!(
            double_quoted("a \"b\" \\ c: #d \u{201C}e\u{201D}"),
            "\"a \\\"b\\\" \\\\ c: #d \u{201C}e\u{201D}\""
        );
        assert_eq!(
            double_quoted("\0\t\n\r\u{1b}\u{7f}\u{85}\u{ad}\u{202E}\u{feff}\u{2028}\u{E0067}"),
            "\"\\0\\t\\n\\r\\x1B\\x7F\\x85\\xAD\\u202E\\uFEFF\\u2028\\U000E0067\""
        );
    }

    #[test]
    fn controls_and_bidi_are_escaped_and_writing_is_not() {
        let bidi = ['\u{061C}', '\u{200E}', '\u{200F}']
            .into_iter()
            .chain('\u{202A}'..='\u{202E}')
            .chain('\u{2066}'..='\u{2069}');
        let controls = ('\0'..='\u{1F}').chain('\u{7F}'..='\u{9F}');
        let invisible = ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{2028}', '\u{2029}'];
        for c in controls.chain(bidi).chain(invisible) {
            assert!(must_escape(c), "U+{:04X}", u32::from(c));
        }
        for text in [
            "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            "\u{65E5}\u{672C}\u{8A9E}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} \u{1F389}\u{FE0F}",
            "Tehr\u{101}n \u{201C}q\u{201D} \u{2013} \u{E9}",
        ] {
            assert_eq!(double_quoted(text), format!("\"{text}\""));
        }
    }
}
