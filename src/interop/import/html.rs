//! TimelineJS text (HTML) → plain text for a chronology.
//!
//! A chronology holds plain text, which the viewer and every export escape; so markup is not
//! kept, its text is. Paragraphs and line breaks stay as line breaks, a quote's `<cite>` becomes
//! `— credit`, a link keeps its words and its address: `Unidisc Music (http://unidiscmusic.com)`,
//! so no address is lost and none becomes a live link in a later export. Only `http`, `https`
//! and `mailto` addresses are kept (`//host/…` is read as `https:`); a `javascript:`, `data:` or
//! relative address is dropped, its words kept, and counted. `<script>` and `<style>` lose their
//! content too (it is code, not text). Entities are decoded, then control characters, escape
//! sequences and bidi overrides are removed and counted: the file is untrusted.
//!
//! The reader is linear in the input whatever it holds: a tag ends at the next `>` (quotes in
//! attributes are not honoured, which can only leave stray attribute text), and every search
//! for an end (`>`, `-->`, `</script`) that fails consumes the rest of the input.

use memchr::memmem;

/// What the conversion met, for the import's summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Met {
    /// Links whose address was kept beside their words.
    pub links_kept: usize,
    /// Links whose address was dropped (unsafe or relative); their words are kept.
    pub links_dropped: usize,
    /// `<script>` and `<style>` elements removed with their content.
    pub code_removed: usize,
    /// Control characters, escape sequences and bidi overrides removed.
    pub controls_removed: usize,
}

impl std::ops::AddAssign for Met {
    fn add_assign(&mut self, o: Met) {
        self.links_kept += o.links_kept;
        self.links_dropped += o.links_dropped;
        self.code_removed += o.code_removed;
        self.controls_removed += o.controls_removed;
    }
}

/// Plain text with paragraphs (blank lines) and line breaks.
pub fn to_text(html: &str, met: &mut Met) -> String {
    let mut out = Builder::default();
    let bytes = html.as_bytes();
    let mut link: Option<(Option<String>, usize)> = None;
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| i + p) else {
            out.text(&html[i..], met);
            break;
        };
        out.text(&html[i..lt], met);
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = memmem::find(&bytes[lt + 4..], b"-->").map_or(html.len(), |p| lt + 4 + p + 3);
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &bytes[lt..]).map(|p| lt + p) else {
            // No tag can end: the rest is text.
            out.text(rest, met);
            break;
        };
        let inner = &html[lt + 1..gt];
        i = gt + 1;
        let Some(tag) = Tag::parse(inner) else {
            // `a < b > c`: not a tag, so it is text.
            out.text(&html[lt..=gt], met);
            continue;
        };
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style" | "template" | "noscript", false) => {
                met.code_removed += 1;
                let end = format!("</{}", tag.name);
                i = find_ignoring_case(&bytes[i..], end.as_bytes()).map_or(html.len(), |p| {
                    let after = i + p;
                    memchr::memchr(b'>', &bytes[after..]).map_or(html.len(), |q| after + q + 1)
                });
            }
            ("li", false) => {
                out.brk(1);
                out.text("- ", met);
            }
            ("cite", false) => {
                // A quote's credit follows it on the next line, after the closing mark.
                if out.close_quote() {
                    out.pending = 1;
                } else {
                    out.brk(1);
                }
                out.text("— ", met);
            }
            ("blockquote", false) => {
                out.brk(2);
                out.quote = Quote::Waiting;
            }
            ("blockquote", true) => {
                out.close_quote();
                out.brk(2);
            }
            (
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                | "section" | "article" | "header" | "footer" | "pre" | "hr" | "figure"
                | "figcaption",
                _,
            ) => out.brk(2),
            ("br" | "tr" | "dt" | "dd" | "li" | "cite", _) => out.brk(1),
            ("a", false) => {
                link = Some((tag.href.as_deref().map(decode_entities), out.text_len()));
            }
            ("a", true) => {
                if let Some((href, from)) = link.take() {
                    let words = out.text_since(from);
                    match href.as_deref().map(str::trim).and_then(usable_address) {
                        Some(address) => {
                            met.links_kept += 1;
                            if words.trim() != address {
                                out.text(&format!(" ({address})"), met);
                            }
                        }
                        None if href.as_deref().is_some_and(|h| !h.trim().is_empty()) => {
                            met.links_dropped += 1;
                        }
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
    out.finish()
}

/// One line: every break a space (for a title).
pub fn to_line(html: &str, met: &mut Met) -> String {
    to_text(html, met)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A link target worth keeping as text: `http(s)` or `mailto`, `//host` read as `https:`.
pub fn usable_address(href: &str) -> Option<String> {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    let address = if href.starts_with("//") {
        format!("https:{href}")
    } else if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
    {
        href.to_string()
    } else {
        return None;
    };
    (!address
        .chars()
        .any(|c| c.is_whitespace() || crate::text::is_unsafe(c)))
    .then_some(address)
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

impl Tag {
    /// `a href="x"`, `/p`, `br/`: a tag's name, whether it closes, and an `href`; `None` when
    /// the text between `<` and `>` is not a tag (`< b`).
    fn parse(inner: &str) -> Option<Tag> {
        let (closing, body) = match inner.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, inner),
        };
        if body.starts_with('!') || body.starts_with('?') {
            return Some(Tag {
                name: String::new(),
                closing,
                href: None,
            });
        }
        let name: String = body
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() || !body.as_bytes()[0].is_ascii_alphabetic() {
            return None;
        }
        let href = (name == "a")
            .then(|| attribute(&body[name.len()..], "href"))
            .flatten();
        Some(Tag {
            name,
            closing,
            href,
        })
    }
}

/// The value of attribute `name` (quoted or not), entities still encoded.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = attrs[attrs.len() - after.len() + 1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut from = 0;
    while let Some(p) = memchr::memchr(*first, &haystack[from..]) {
        let at = from + p;
        if haystack
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Decodes `&amp;`, `&#39;`, `&#x2019;` and the common named entities; leaves the rest as
/// written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .char_indices()
            .take(34)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &rest[e + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        _ => return None,
    })
}

/// Where a `<blockquote>` is: its text is written between curly quotes.
#[derive(Default, PartialEq, Eq)]
enum Quote {
    #[default]
    None,
    /// Opened, no text yet: the opening mark goes before the first character.
    Waiting,
    Open,
}

/// Text pieces and breaks, joined at the end: white space collapses as a browser collapses it,
/// and the strongest break between two pieces wins.
#[derive(Default)]
struct Builder {
    quote: Quote,
    out: String,
    /// The break waiting to be written before the next text: 0 none, 1 line, 2 paragraph.
    pending: u8,
    /// Whether white space was met since the last text written.
    space: bool,
}

impl Builder {
    fn text(&mut self, html: &str, met: &mut Met) {
        let decoded = decode_entities(html);
        for c in decoded.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else if crate::text::is_unsafe(c) {
                met.controls_removed += 1;
            } else {
                self.flush();
                if self.quote == Quote::Waiting {
                    self.out.push('“');
                    self.quote = Quote::Open;
                }
                self.out.push(c);
            }
        }
    }

    fn flush(&mut self) {
        if self.out.is_empty() {
            self.pending = 0;
        } else if self.pending > 0 {
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out
                .push_str(if self.pending > 1 { "\n\n" } else { "\n" });
        } else if self.space {
            self.out.push(' ');
        }
        self.pending = 0;
        self.space = false;
    }

    /// Ends an open quote with its mark; whether one was open.
    fn close_quote(&mut self) -> bool {
        let open = self.quote == Quote::Open;
        if open {
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out.push('”');
        }
        self.quote = Quote::None;
        open
    }

    fn brk(&mut self, strength: u8) {
        self.pending = self.pending.max(strength);
    }

    fn text_len(&self) -> usize {
        self.out.len()
    }

    fn text_since(&self, from: usize) -> String {
        self.out.get(from..).unwrap_or("").to_string()
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> (String, Met) {
        let mut met = Met::default();
        (to_text(html, &mut met), met)
    }

    #[test]
    fn paragraphs_breaks_and_entities() {
        assert_eq!(
            text(
                "<p>Houston&#39;s voice  caught\n the world.</p><p>Second&nbsp;one &amp; more</p>"
            )
            .0,
            "Houston's voice caught the world.\n\nSecond one & more"
        );
        assert_eq!(
            text("Whitney Houston<br/> 1963 - 2012").0,
            "Whitney Houston\n1963 - 2012"
        );
        assert_eq!(
            to_line("Whitney Houston<br/> 1963 - 2012", &mut Met::default()),
            "Whitney Houston 1963 - 2012"
        );
        assert_eq!(text("a < b and c > d").0, "a < b and c > d");
        assert_eq!(text("x &unknown; &#x2019; &#8212;").0, "x &unknown; ’ —");
    }

    #[test]
    fn links_keep_their_words_and_safe_addresses() {
        let (t, met) = text(
            "<a href=\"http://unidiscmusic.com\">Unidisc Music</a>, <a href='//www.flickr.com/x'>tm</a>, <A HREF=JAVASCRIPT:alert(1)>click</A>, <a href=\"/rel\">rel</a>, <a href=\"https://a.org\">https://a.org</a>",
        );
        assert_eq!(
            t,
            "Unidisc Music (http://unidiscmusic.com), tm (https://www.flickr.com/x), click, rel, https://a.org"
        );
        assert_eq!(met.links_kept, 3);
        assert_eq!(met.links_dropped, 2);
    }

    #[test]
    fn scripts_and_controls_are_removed_and_counted() {
        let (t, met) = text(
            "before<script>alert('<p>x</p>')</ScRiPt >after<style>p{}</style> \u{1b}[2Jz\u{202E}&#27;",
        );
        // The escape character goes; what followed it is harmless text.
        assert_eq!(t, "beforeafter [2Jz");
        assert_eq!(met.code_removed, 2);
        assert_eq!(met.controls_removed, 3);
        assert_eq!(text("<script>never closed").0, "");
        assert_eq!(text("a<!-- hidden -->b<!-- open").0, "ab");
    }

    #[test]
    fn quotes_and_lists_read_as_text() {
        assert_eq!(
            text("<blockquote><p>There is no demand.</p><cite>Edith Clarke</cite></blockquote>").0,
            "“There is no demand.”\n— Edith Clarke"
        );
        assert_eq!(
            text("<p>Before</p><blockquote><p>one</p><p>two</p></blockquote>after").0,
            "Before\n\n“one\n\ntwo”\n\nafter"
        );
        assert_eq!(text("<blockquote></blockquote>x").0, "x");
        assert_eq!(text("<ul><li>one</li><li>two</li></ul>").0, "- one\n- two");
    }

    #[test]
    fn hostile_shapes_stay_linear() {
        for hostile in [
            "<".repeat(200_000),
            "<a href=\"".repeat(50_000),
            "<script>".repeat(50_000),
            "&".repeat(200_000),
            "<!--".repeat(50_000),
        ] {
            let started = std::time::Instant::now();
            let _ = text(&hostile);
            assert!(started.elapsed().as_secs() < 2, "{}", &hostile[..10]);
        }
    }
}
