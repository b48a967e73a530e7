//! An HTML page's bytes to text: which encoding (the byte-order mark, else `<meta charset>` or
//! its `http-equiv` form in the first 1,024 bytes, else UTF-8 when the bytes are UTF-8, else
//! windows-1252), and the way from a decoded offset back to the original byte and line.
//!
//! `encoding_rs` decodes; the `<meta>` prescan is written here because no kept crate does it
//! (html5ever leaves encoding to its caller). It follows the HTML standard's "prescan a byte
//! stream" closely enough for real pages: comments and other tags skipped, attributes read with
//! their quoting, the `content` attribute's `charset=` extracted.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

use super::limits::SNIFF_BYTES;

/// A page decoded, with the start of each line in both the decoded text and the file.
pub(super) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// `(decoded, original)` offsets of each line's first byte; line `n` is at index `n - 1`.
    line_starts: Vec<(u32, u32)>,
    /// Whether decoded and original advance together within a line (UTF-8 without errors).
    pub exact: bool,
    /// Where the last conversion ended, so converting offsets in order costs the text once.
    cache: std::cell::Cell<(usize, usize)>,
}

/// Decodes an HTML page. Never fails: bad bytes become U+FFFD, as in a browser.
pub(super) fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => (sniff(bytes), 0),
    };
    let body = &bytes[bom..];
    // One pass of the decoder over the whole page (`decode_to_string` touches every memory
    // page of the string's spare capacity on each call, so per-line calls were quadratic). Then the lines are paired up: in every encoding a
    // newline in the file decodes to one `\n` and nothing else does.
    let (decoded, had_errors) = encoding.decode_without_bom_handling(body);
    let text = decoded.into_owned();
    let mut line_starts = vec![(0, offset32(bom))];
    line_starts.extend(
        memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|d| d + 1)
            .zip(line_ends(body, encoding))
            .map(|(d, o)| (offset32(d), offset32(bom + o))),
    );
    Decoded {
        text,
        encoding,
        line_starts,
        exact: encoding == UTF_8 && !had_errors,
        cache: std::cell::Cell::new((usize::MAX, 0)),
    }
}

fn offset32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Text that is already Unicode (a field of an imported timeline, read from JSON) as a page: no byte-order
/// mark or `<meta charset>` applies, and offsets are its own.
pub(super) fn utf8(text: &str) -> Decoded {
    let mut line_starts = vec![(0, 0)];
    line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| {
        let next = offset32(at + 1);
        (next, next)
    }));
    Decoded {
        text: text.to_owned(),
        encoding: UTF_8,
        line_starts,
        exact: true,
        cache: std::cell::Cell::new((usize::MAX, 0)),
    }
}

/// Offsets just past each newline of `body` in `encoding` (in every ASCII-compatible
/// encoding byte 0x0A is a newline and never part of another character; UTF-16 has it as a
/// code unit).
fn line_ends<'a>(
    body: &'a [u8],
    encoding: &'static Encoding,
) -> Box<dyn Iterator<Item = usize> + 'a> {
    let unit = |pair: [u8; 2]| move |(i, c): (usize, &[u8])| (c == pair).then_some(2 * i + 2);
    if encoding == UTF_16LE {
        Box::new(
            body.chunks_exact(2)
                .enumerate()
                .filter_map(unit([b'\n', 0])),
        )
    } else if encoding == UTF_16BE {
        Box::new(
            body.chunks_exact(2)
                .enumerate()
                .filter_map(unit([0, b'\n'])),
        )
    } else {
        Box::new(memchr::memchr_iter(b'\n', body).map(|i| i + 1))
    }
}

impl Decoded {
    /// The original byte offset and the line (1-based) of decoded offset `at`.
    pub fn original(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let line = self.line_starts.partition_point(|&(d, _)| d as usize <= at);
        let (line_dec, line_orig) = self.line_starts[line.saturating_sub(1)];
        let (line_dec, line_orig) = (line_dec as usize, line_orig as usize);
        if self.exact {
            return (line_orig + (at - line_dec), line);
        }
        // Re-encode the part of the line before `at`: exact for the legacy encodings, which
        // round-trip. Continue from the last answer when it lies on the same line before `at`.
        let (cached_dec, cached_orig) = self.cache.get();
        let (from_dec, from_orig) = if cached_dec >= line_dec && cached_dec <= at {
            (cached_dec, cached_orig)
        } else {
            (line_dec, line_orig)
        };
        let orig = from_orig + self.encoded_len(from_dec, at);
        self.cache.set((at, orig));
        (orig, line)
    }

    /// Where line `line` (1-based; past the last: the last) begins and ends (past its newline)
    /// in the decoded text.
    pub fn line_span(&self, line: usize) -> (usize, usize) {
        let i = line.clamp(1, self.line_starts.len()) - 1;
        let start = self.line_starts[i].0 as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&(d, _)| d as usize);
        (start, end)
    }

    /// The length in the original encoding of decoded text `from..to` (both on char
    /// boundaries of a line).
    fn encoded_len(&self, from: usize, to: usize) -> usize {
        let Some(part) = self.text.get(from..to) else {
            return 0;
        };
        if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            return part.encode_utf16().count() * 2;
        }
        self.encoding.encode(part).0.len()
    }
}

/// The encoding an HTML page without a byte-order mark declares, or UTF-8 when its bytes are
/// UTF-8, or windows-1252 (what browsers assume of an undeclared Western page).
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if let Some(declared) = prescan(&bytes[..bytes.len().min(SNIFF_BYTES)]) {
        return declared;
    }
    if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// The encoding a `<meta>` in `head` declares, per the HTML standard's prescan.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += 4 + memchr::memmem::find(&rest[4..], b"-->").map_or(rest.len(), |p| p + 3);
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && matches!(rest[5], b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'/');
        if is_meta {
            let (found, used) = meta_charset(&rest[5..]);
            if let Some(label) = found
                && let Some(enc) = Encoding::for_label(label)
            {
                return Some(if enc == UTF_16LE || enc == UTF_16BE {
                    UTF_8
                } else if enc == X_USER_DEFINED {
                    WINDOWS_1252
                } else {
                    enc
                });
            }
            i += 5 + used;
            continue;
        }
        let other_tag = rest[0] == b'<'
            && rest
                .get(1)
                .is_some_and(|&b| matches!(b, b'!' | b'/' | b'?') || b.is_ascii_alphabetic());
        if other_tag {
            i += memchr::memchr(b'>', rest).map_or(rest.len(), |p| p + 1);
            continue;
        }
        i += 1;
    }
    None
}

/// Reads a `<meta>`'s attributes from just after `<meta`: the charset label it declares (by
/// `charset`, or by `http-equiv="content-type"` with a `content` naming one) and the bytes
/// read.
fn meta_charset(tag: &[u8]) -> (Option<&[u8]>, usize) {
    let mut at = 0;
    let mut charset = None;
    let mut content = None;
    let mut content_type = false;
    while let Some((name, value, next)) = attribute(tag, at) {
        at = next;
        if name.eq_ignore_ascii_case(b"charset") {
            charset.get_or_insert(value);
        } else if name.eq_ignore_ascii_case(b"http-equiv") {
            content_type |= value.eq_ignore_ascii_case(b"content-type");
        } else if name.eq_ignore_ascii_case(b"content") {
            content.get_or_insert(value);
        }
    }
    let end = memchr::memchr(b'>', &tag[at.min(tag.len())..]).map_or(tag.len(), |p| at + p + 1);
    let found = charset.or_else(|| {
        if content_type {
            content.and_then(charset_in_content)
        } else {
            None
        }
    });
    (found.map(trim_ascii), end)
}

fn trim_ascii(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

/// One attribute of a tag from `at`: name, value and where the next one starts; `None` at `>`
/// or the end.
fn attribute(tag: &[u8], mut at: usize) -> Option<(&[u8], &[u8], usize)> {
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    while at < tag.len() && (space(tag[at]) || tag[at] == b'/') {
        at += 1;
    }
    if at >= tag.len() || tag[at] == b'>' {
        return None;
    }
    let name_start = at;
    while at < tag.len() && !space(tag[at]) && !matches!(tag[at], b'=' | b'>' | b'/') {
        at += 1;
    }
    let name = &tag[name_start..at];
    while at < tag.len() && space(tag[at]) {
        at += 1;
    }
    if tag.get(at) != Some(&b'=') {
        return Some((name, &[], at));
    }
    at += 1;
    while at < tag.len() && space(tag[at]) {
        at += 1;
    }
    match tag.get(at) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let start = at + 1;
            let end = memchr::memchr(q, &tag[start..]).map_or(tag.len(), |p| start + p);
            Some((name, &tag[start..end], (end + 1).min(tag.len())))
        }
        _ => {
            let start = at;
            while at < tag.len() && !space(tag[at]) && tag[at] != b'>' {
                at += 1;
            }
            Some((name, &tag[start..at], at))
        }
    }
}

/// The `charset=` value inside a `content` attribute (`text/html; charset=windows-1251`).
fn charset_in_content(content: &[u8]) -> Option<&[u8]> {
    let lower: Vec<u8> = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&lower[from..], b"charset") {
        let mut at = from + p + 7;
        while at < content.len() && content[at].is_ascii_whitespace() {
            at += 1;
        }
        if content.get(at) != Some(&b'=') {
            from = at;
            continue;
        }
        at += 1;
        while at < content.len() && content[at].is_ascii_whitespace() {
            at += 1;
        }
        return match content.get(at) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = memchr::memchr(q, &content[at + 1..])?;
                Some(&content[at + 1..at + 1 + end])
            }
            Some(_) => {
                let end = content[at..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b';')
                    .map_or(content.len(), |p| at + p);
                Some(&content[at..end])
            }
            None => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8]) -> &'static str {
        decode(bytes).encoding.name()
    }

    #[test]
    fn encoding_from_bom_meta_or_bytes() {
        assert_eq!(name(b"\xEF\xBB\xBF<p>x"), "UTF-8");
        assert_eq!(name(b"\xFF\xFE<\0p\0>\0"), "UTF-16LE");
        assert_eq!(
            name(b"<meta charset=\"windows-1251\"><p>\xcf"),
            "windows-1251"
        );
        assert_eq!(name(b"<META CHARSET=koi8-r>"), "KOI8-R");
        assert_eq!(
            name(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            "Shift_JIS"
        );
        assert_eq!(
            name(b"<meta content='text/html;charset=iso-8859-2' http-equiv='content-type'>"),
            "ISO-8859-2"
        );
        // content without http-equiv declares nothing; a commented meta neither
        assert_eq!(
            name(b"<meta content=\"charset=koi8-r\"><p>\xe9"),
            "windows-1252"
        );
        assert_eq!(
            name(b"<!-- <meta charset=koi8-r> --><p>caf\xc3\xa9"),
            "UTF-8"
        );
        assert_eq!(name(b"<p>caf\xe9"), "windows-1252");
        assert_eq!(name(b"<meta charset=utf-16><p>x"), "UTF-8");
        assert_eq!(name(b"<meta charset=bogus><p>x"), "UTF-8");
    }

    #[test]
    fn many_lines_decode_in_one_pass() {
        // 2,000,000 lines: decoding line by line touched every memory page of the string's
        // spare capacity at each line (billions of writes); one pass is instant.
        let page = "a\n".repeat(2_000_000);
        let d = decode(page.as_bytes());
        assert_eq!(d.text.len(), page.len());
        assert_eq!(d.original(page.len() - 1), (page.len() - 1, 2_000_000));
        assert_eq!(d.line_span(1_000_000), (1_999_998, 2_000_000));
    }

    #[test]
    fn offsets_map_back_through_the_encoding() {
        // windows-1252: é is one byte in the file, two in the text
        let d = decode(b"<p>\xe9t\xe9\r\nsecond line");
        assert_eq!(d.text, "<p>été\r\nsecond line");
        let second = d.text.find("second").unwrap();
        assert_eq!(d.original(second), (8, 2));
        let t = d.text.find("t\u{e9}").unwrap();
        assert_eq!(d.original(t), (4, 1));
        // UTF-16LE with its BOM
        let mut bytes = vec![0xFF, 0xFE];
        for u in "ab\ncd".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "ab\ncd");
        assert_eq!(d.original(4), (2 + 8, 2));
        // UTF-8: exact
        let d = decode("x\n\u{e9}t\u{e9}".as_bytes());
        assert!(d.exact);
        assert_eq!(d.original(4), (4, 2));
    }

    #[test]
    fn unicode_text_ignores_what_it_declares() {
        let d = utf8("<meta charset=koi8-r>\n<p>caf\u{e9}");
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.text, "<meta charset=koi8-r>\n<p>caf\u{e9}");
        assert_eq!(d.original(25), (25, 2));
    }
}
