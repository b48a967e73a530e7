//! YAML scalars as bytes of the file: where the one written at a line and column ends, what it
//! says, and how to write a new value in the same style.
//!
//! `check --fix` replaces a value by its byte range so that every other byte stays as it was,
//! and messages show text to paste: both need the scalar's own syntax, which the parser does not
//! hand back (it gives the start of a value, not its end). This reads only what a citation's
//! value can be: a plain scalar on one line, or a single- or double-quoted one over one or more
//! lines. Anything else (block scalars, a plain scalar continued on the next line, an alias) is
//! not read, and a caller then leaves the value alone. The caller also checks that what is read
//! here equals what the parser read ([`decode`] against the loaded value), so a misreading
//! never becomes an edit.

use std::ops::Range;

use super::quote::{double_quoted, must_escape};

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// `'…'`, a quote doubled inside.
    Single,
    /// `"…"`, with backslash escapes.
    Double,
}

/// The style and byte range of the scalar that starts at byte `start` of `text`; `None` for
/// what this module does not read (see the module documentation).
pub fn span(text: &str, start: usize) -> Option<(Style, Range<usize>)> {
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices();
    match chars.next()? {
        (_, '"') => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return Some((Style::Double, start..start + i + 1)),
                    _ => escaped = false,
                }
            }
            None
        }
        (_, '\'') => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Some((Style::Single, start..start + i + 1));
                }
                i += 1;
            }
            None
        }
        (_, c) if "|>&*!%@`{[".contains(c) => None,
        _ => {
            let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
            let mut end = line.len();
            for (i, _) in line.match_indices(" #").chain(line.match_indices("\t#")) {
                end = end.min(i);
            }
            let value = line[..end].trim_end();
            (!value.is_empty()).then(|| (Style::Plain, start..start + value.len()))
        }
    }
}

/// The value a scalar written as `raw` (quotes included) stands for; `None` where this module
/// is unsure (a double-quoted line ending in an escaped break, a bad escape).
pub fn decode(style: Style, raw: &str) -> Option<String> {
    match style {
        Style::Plain => Some(raw.trim().to_string()),
        Style::Single => {
            let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
            Some(fold_lines(inner).replace("''", "'"))
        }
        Style::Double => {
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            if inner.lines().any(|l| l.trim_end().ends_with('\\')) && inner.contains('\n') {
                return None;
            }
            unescape(&fold_lines(inner))
        }
    }
}

/// A quoted scalar's lines folded: a single break becomes a space, each empty line a newline,
/// white space around breaks dropped.
fn fold_lines(inner: &str) -> String {
    if !inner.contains('\n') {
        return inner.to_string();
    }
    let lines: Vec<&str> = inner.split('\n').collect();
    let last = lines.len() - 1;
    let mut out = String::new();
    let mut empties = 0;
    for (i, line) in lines.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = match i {
            0 => line.trim_end_matches([' ', '\t']),
            i if i == last => line.trim_start_matches([' ', '\t']),
            _ => line.trim_matches([' ', '\t']),
        };
        if i > 0 && i < last && line.is_empty() {
            empties += 1;
            continue;
        }
        if i > 0 {
            if empties == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empties));
            }
            empties = 0;
        }
        out.push_str(line);
    }
    out
}

/// Double-quoted escapes resolved.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Option<char> {
            let digits: String = chars.by_ref().take(n).collect();
            (digits.len() == n)
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
                .and_then(char::from_u32)
        };
        out.push(match chars.next()? {
            '0' => '\0',
            'a' => '\x07',
            'b' => '\x08',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\x0B',
            'f' => '\x0C',
            'r' => '\r',
            'e' => '\x1B',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{A0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            _ => return None,
        });
    }
    Some(out)
}

/// `value` written as a scalar of `style`, or double-quoted where that style cannot hold it
/// (a character [`must_escape`] says the file never holds raw, or YAML syntax in a plain value).
pub fn encode(value: &str, style: Style) -> String {
    match style {
        Style::Plain if plain_is_safe(value) => value.to_string(),
        Style::Single if !value.chars().any(must_escape) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        _ => double_quoted(value),
    }
}

/// Whether `value` reads back as itself, a string, when written plain in a block or flow
/// context. Conservative: anything doubtful is quoted.
fn plain_is_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let looks_typed = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) || value.parse::<f64>().is_ok()
        || value.starts_with("0x")
        || value.starts_with("0o")
        || value.starts_with('.');
    !looks_typed
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.contains([',', '[', ']', '{', '}', '\t'])
        && !value.chars().any(must_escape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Input, LoadOptions, MemorySources, load};
    use proptest::prelude::*;

    /// The title the loader reads from `title` (YAML text), or the loader's problems.
    fn read_back(title: &str) -> Result<String, String> {
        let yaml = format!(
            "title: {title}\nsources: []\nactors: []\nevents:\n  - id: e\n    draft: true\n    title: x\n"
        );
        load(
            Input::text("c.yaml", &yaml, &MemorySources(&[])),
            &LoadOptions::default(),
        )
        .result
        .map(|c| c.title)
        .map_err(|p| format!("{p:?}"))
    }

    proptest! {
        /// A value `--fix` writes in an author's style (plain, single- or double-quoted) reads
        /// back through the real loader as itself, and never holds raw what must be escaped.
        #[test]
        fn any_text_reads_back_in_every_style(
            text in prop_oneof![any::<String>(), "[ a-z:#'\"\\\\\u{202E}\u{85}\r\t-]{1,12}"],
        ) {
            prop_assume!(!text.trim().is_empty());
            for style in [Style::Plain, Style::Single, Style::Double] {
                let written = encode(&text, style);
                prop_assert!(!written.chars().any(must_escape), "{:?}", written);
                match read_back(&written) {
                    Ok(title) => prop_assert_eq!(&title, &text, "{:?} as {:?}", written, style),
                    Err(p) => return Err(TestCaseError::fail(format!("{written:?}\n{p}"))),
                }
            }
        }
    }

    #[test]
    fn spans_end_at_the_closing_quote_or_before_a_comment() {
        let cases = [
            ("\"a \\\" b\" # c", Style::Double, "\"a \\\" b\""),
            ("'it''s' # c", Style::Single, "'it''s'"),
            ("plain words  # c\nnext", Style::Plain, "plain words"),
            ("\"two\n  lines\"\n", Style::Double, "\"two\n  lines\""),
        ];
        for (text, style, raw) in cases {
            let (s, r) = span(text, 0).unwrap();
            assert_eq!((s, &text[r]), (style, raw), "{text:?}");
        }
        assert_eq!(span(">\n  folded\n", 0), None);
        assert_eq!(span("\"unclosed", 0), None);
        assert_eq!(span("*alias", 0), None);
    }

    #[test]
    fn decoding_folds_lines_and_resolves_escapes() {
        assert_eq!(
            decode(Style::Double, "\"a\\tb \\u00e9\\x41 \\\"q\\\"\"").as_deref(),
            Some("a\tb \u{e9}A \"q\"")
        );
        assert_eq!(
            decode(Style::Single, "'one\n    two\n\n    three'").as_deref(),
            Some("one two\nthree")
        );
        assert_eq!(decode(Style::Double, "\"bad \\q\""), None);
        assert_eq!(decode(Style::Double, "\"joined\\\n  here\""), None);
    }

    #[test]
    fn encoding_keeps_the_style_where_it_can() {
        assert_eq!(encode("it's", Style::Single), "'it''s'");
        assert_eq!(
            encode("a \"b\" \\ c", Style::Double),
            "\"a \\\"b\\\" \\\\ c\""
        );
        assert_eq!(encode("plain words", Style::Plain), "plain words");
        for risky in [
            "key: value",
            "a #b",
            "- x",
            "123",
            "true",
            "[x]",
            " x",
            "x\u{7}",
        ] {
            assert!(encode(risky, Style::Plain).starts_with('"'), "{risky}");
        }
        assert_eq!(encode("bell\u{7}", Style::Single), "\"bell\\x07\"");
        for value in ["it's \"both\" \\ \u{2028} \u{e9}\u{1b}", "x", ""] {
            for style in [Style::Plain, Style::Single, Style::Double] {
                let raw = encode(value, style);
                let (s, r) = span(&raw, 0).unwrap_or((Style::Plain, 0..0));
                if r.is_empty() {
                    continue;
                }
                assert_eq!(decode(s, &raw[r]).as_deref(), Some(value), "{raw}");
            }
        }
    }
}
