//! TimelineJS text (HTML) → plain text for a chronology.
//!
//! A chronology holds plain text, which the viewer and every export escape; so markup is not
//! kept, its text is. The field is parsed by html5ever through [`crate::extract`], the same
//! reading as an HTML source's: the tree a browser builds from `innerHTML`, every HTML5
//! character reference decoded once (`&hellip;`, `&percnt;`, `&amp;percnt;` → `&percnt;`),
//! comments and attribute values dropped, `script`, `style`, `template`, `noscript` (and the
//! rest a reader never sees) dropped with their content and counted, and the line breaks each
//! element puts around itself taken from the same table (paragraphs and headings a blank line,
//! other blocks and `<br>` a line). On top of that reading, what a chronology needs of a
//! slide: a list item starts `- `, a `<blockquote>` is written between curly quotes and a
//! `<cite>` in it becomes `— credit` on the next line, and a link keeps its words and its
//! address, `Unidisc Music (http://unidiscmusic.com)`, so no address is lost and none becomes
//! a live link in a later export. Only `http`, `https` and `mailto` addresses are kept
//! (`//host/…` is read as `https:`); a `javascript:`, `data:` or relative address is dropped,
//! its words kept, and counted. White space collapses as a browser collapses it (a no-break
//! space too: a chronology's text wraps on its own); then control characters, escape sequences
//! and bidi overrides are removed and counted: the file is untrusted. A NUL is removed before
//! the parse (the parser would drop it unseen) and counted with them.

use crate::extract::{self, Piece};

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
    let nuls = html.bytes().filter(|&b| b == 0).count();
    met.controls_removed += nuls;
    let html = if nuls > 0 {
        std::borrow::Cow::Owned(html.replace('\0', ""))
    } else {
        std::borrow::Cow::Borrowed(html)
    };
    let mut out = Builder::default();
    // The open links: each one's address and where its words begin.
    let mut links: Vec<(Option<String>, usize)> = Vec::new();
    extract::html_fragment(&html).walk(|piece| match piece {
        Piece::Text(text) => out.text(text, met),
        Piece::LineBreak => out.brk(1),
        Piece::Hidden(name) => {
            if matches!(name, "script" | "style" | "template" | "noscript") {
                met.code_removed += 1;
            }
        }
        Piece::Open { name, href, breaks } => match name {
            "li" => {
                out.brk(1);
                out.text("- ", met);
            }
            "cite" => {
                // A quote's credit follows it on the next line, after the closing mark.
                if out.close_quote() {
                    out.pending = 1;
                } else {
                    out.brk(1);
                }
                out.text("— ", met);
            }
            "blockquote" => {
                out.brk(2);
                out.quote = Quote::Waiting;
            }
            "a" => links.push((href.map(str::to_owned), out.text_len())),
            _ => out.brk(breaks),
        },
        Piece::Close { name, breaks } => match name {
            "blockquote" => {
                out.close_quote();
                out.brk(2);
            }
            "cite" => out.brk(1),
            "a" => {
                if let Some((href, from)) = links.pop() {
                    link_address(&mut out, href.as_deref(), from, met);
                }
            }
            _ => out.brk(breaks),
        },
    });
    out.finish()
}

/// After a link's words: its address in brackets when it is one worth keeping (and not the
/// words themselves), counted either way.
fn link_address(out: &mut Builder, href: Option<&str>, from: usize, met: &mut Met) {
    let words = out.text_since(from);
    match href.map(str::trim).and_then(usable_address) {
        Some(address) => {
            met.links_kept += 1;
            if words.trim() != address {
                out.text(&format!(" ({address})"), met);
            }
        }
        None if href.is_some_and(|h| !h.trim().is_empty()) => met.links_dropped += 1,
        None => {}
    }
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
    /// Adds text (decoded already), white space collapsing into what is there.
    fn text(&mut self, text: &str, met: &mut Met) {
        for c in text.chars() {
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

    /// Every HTML5 character reference, with or without its semicolon where HTML allows that;
    /// the reader written here before knew `&amp;`, numeric references and 27 names.
    #[test]
    fn every_html5_entity_decodes_once() {
        assert_eq!(
            text("5&percnt; &euro;3 &rarr; &frac12; &AElig;on &copy 2024 &amp;percnt; &hellip;").0,
            "5% \u{20AC}3 \u{2192} \u{BD} \u{C6}on \u{A9} 2024 &percnt; \u{2026}"
        );
        assert_eq!(
            to_line(
                "Caf&eacute; &#x1F600;&NotNestedGreaterGreater;",
                &mut Met::default()
            ),
            "Caf\u{E9} \u{1F600}\u{2AA2}\u{338}"
        );
    }

    /// A `<script>` goes with all it holds, however it is written; markup inside an attribute
    /// is the attribute's, not a tag.
    #[test]
    fn scripts_go_whole_and_attributes_hold_their_markup() {
        let (t, met) = text(concat!(
            "<p>Before</p><script>document.write('<p>injected</p>'); // --> </scrip",
            "</script><p>after <a title=\"<script>x</script>\" href=\"https://a.org/\">words</a></p>",
        ));
        assert_eq!(t, "Before\n\nafter words (https://a.org/)");
        assert_eq!(met.code_removed, 1);
        assert_eq!(met.links_kept, 1);
        let (t, met) = text("<SCRIPT type=module>x</SCRIPT ><noscript>enable</noscript>shown");
        assert_eq!(t, "shown");
        assert_eq!(met.code_removed, 2);
    }

    /// Line breaks come from the reader text's table: a blank line around paragraphs and
    /// headings, one line around other blocks (the reader written here before put a blank line
    /// around a `div`, a list or a table too, which no browser shows).
    #[test]
    fn blocks_break_as_the_reader_text_does() {
        assert_eq!(text("<div>a</div><div>b</div>").0, "a\nb");
        assert_eq!(
            text("<h2>Title</h2>text<ul><li>x</li></ul>after").0,
            "Title\n\ntext\n- x\nafter"
        );
        // A `<p>` that a new block closes, as a browser closes it.
        assert_eq!(text("<p>one<div>two</div>").0, "one\n\ntwo");
    }

    /// Shapes that make a hand-written or backtracking reader quadratic (an unclosed tag,
    /// attribute value, script or comment repeated), each read to the text a browser shows.
    /// How long they take is `benches/import.rs`'s `import/hostile_html` (BENCHMARKS.md).
    #[test]
    fn hostile_shapes_read_to_what_a_browser_shows() {
        let n = 50_000;
        let (t, met) = text(&"<".repeat(4 * n));
        assert_eq!(t, "<".repeat(4 * n));
        assert_eq!(met, Met::default());
        assert_eq!(text(&"&".repeat(4 * n)).0, "&".repeat(4 * n));
        // One `<a` whose attribute value never closes: no element, no text.
        assert_eq!(
            text(&"<a href=\"".repeat(n)),
            (String::new(), Met::default())
        );
        // The first `<script>` runs to the end: the rest is its content, removed with it.
        let (t, met) = text(&format!("{}after", "<script>".repeat(n)));
        assert_eq!((t.as_str(), met.code_removed), ("", 1));
        // The first `<!--` opens a comment that never closes.
        assert_eq!(text(&format!("{}after", "<!--".repeat(n))).0, "");
    }
}
