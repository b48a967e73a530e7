//! A piece of HTML that goes inside a page (the text of an imported timeline slide), parsed by html5ever as a
//! browser parses `innerHTML` into a `<body>`, and walked in document order.
//!
//! The importer writes its own plain text from the walk (a quote's marks, a link's address
//! beside its words), so what it gets is the tree, not a finished text: each element with the
//! line breaks it puts around itself ([`breaks`], the table the reader text of a page uses),
//! each text as the parser decoded it (every HTML5 character reference, once), and each element
//! a reader never sees (`script`, `style` …) named and skipped whole.

use html5ever::{LocalName, QualName, local_name, ns};

use super::dom::{Kind, NONE, Tree};
use super::render::{breaks, hidden};
use crate::extract::decode;

/// A parsed fragment. See the module documentation.
pub struct Fragment {
    tree: Tree,
}

/// One step of a walk through a [`Fragment`], in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// An element begins: its local name (lowercase), its `href` when it is an HTML `a`, and
    /// the line breaks it puts around its content (0 inline, 1 a line of its own, 2 a blank
    /// line: paragraphs and headings). Elements outside HTML (SVG, maths) are inline.
    Open {
        name: &'a str,
        href: Option<&'a str>,
        breaks: u8,
    },
    /// The element opened last ends.
    Close { name: &'a str, breaks: u8 },
    /// A `<br>`: a line ends here.
    LineBreak,
    /// Text, its white space as written.
    Text(&'a str),
    /// An element whose content a reader never sees (`script`, `style`, `template`,
    /// `noscript`, `title` …), skipped with everything in it.
    Hidden(&'a str),
}

/// Parses `html` (Unicode already, so a `<meta charset>` in it means nothing).
pub fn fragment(html: &str) -> Fragment {
    let page = decode::utf8(html);
    let keep_links = |name: &QualName| name.ns == ns!(html) && name.local == local_name!("a");
    Fragment {
        tree: super::parse::parse_fragment(&page, keep_links),
    }
}

impl Fragment {
    /// Calls `visit` with each piece of the fragment in document order.
    pub fn walk(&self, mut visit: impl FnMut(Piece<'_>)) {
        let tree = &self.tree;
        // Depth-first without recursion (the parser caps nesting, but a walk needs no stack
        // frames for it): `(node, leaving)`.
        let mut stack: Vec<(u32, bool)> = vec![(0, false)];
        while let Some((n, leaving)) = stack.pop() {
            let Some(node) = tree.nodes.get(n as usize) else {
                continue;
            };
            match node.kind {
                Kind::Element(name) => {
                    let qual = &tree.names[name as usize];
                    let html = qual.ns == ns!(html);
                    let local: &LocalName = &qual.local;
                    let breaks = if html { breaks(local) } else { 0 };
                    if leaving {
                        visit(Piece::Close {
                            name: local,
                            breaks,
                        });
                        continue;
                    }
                    if (html && hidden(local)) || (!html && *local == local_name!("title")) {
                        visit(Piece::Hidden(local));
                        continue;
                    }
                    if html && *local == local_name!("br") {
                        visit(Piece::LineBreak);
                        continue;
                    }
                    let href = if html && *local == local_name!("a") {
                        tree.attributes(n)
                            .iter()
                            .find(|a| a.name.ns == ns!() && a.name.local == local_name!("href"))
                            .map(|a| &*a.value)
                    } else {
                        None
                    };
                    visit(Piece::Open {
                        name: local,
                        href,
                        breaks,
                    });
                    stack.push((n, true));
                    push_children(tree, n, &mut stack);
                }
                Kind::Document => push_children(tree, n, &mut stack),
                Kind::Text(t) => visit(Piece::Text(&tree.texts[t as usize].text)),
                Kind::Other => {}
            }
        }
    }
}

/// Pushes `n`'s children so the first is popped first.
fn push_children(tree: &Tree, n: u32, stack: &mut Vec<(u32, bool)>) {
    let mut child = tree.nodes[n as usize].last;
    while child != NONE {
        stack.push((child, false));
        child = tree.nodes[child as usize].prev;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        fragment(html).walk(|p| {
            out.push(match p {
                Piece::Open { name, href, breaks } => format!(
                    "<{name}{}:{breaks}>",
                    href.map_or(String::new(), |h| format!(" {h}"))
                ),
                Piece::Close { name, .. } => format!("</{name}>"),
                Piece::LineBreak => "br".into(),
                Piece::Text(t) => format!("{t:?}"),
                Piece::Hidden(name) => format!("hidden {name}"),
            });
        });
        out
    }

    #[test]
    fn a_fragment_walks_as_written_with_references_decoded() {
        assert_eq!(
            pieces(
                "<p>It&rsquo;s &hellip; 5&percnt;<br>next <a href=\"https://a.org/?x=1&amp;y=2\">link</a></p><div>d</div>"
            ),
            [
                "<html:1>",
                "<p:2>",
                "\"It\u{2019}s \u{2026} 5%\"",
                "br",
                "\"next \"",
                "<a https://a.org/?x=1&y=2:0>",
                "\"link\"",
                "</a>",
                "</p>",
                "<div:1>",
                "\"d\"",
                "</div>",
                "</html>",
            ]
        );
    }

    #[test]
    fn script_and_title_stay_in_place_and_are_skipped_whole() {
        // Parsed as a document, a leading <script> or <title> would move to a <head>.
        assert_eq!(
            pieces("<script>alert('<p>x</p>')</script><title>t</title>text<style>p{}</style>"),
            [
                "<html:1>",
                "hidden script",
                "hidden title",
                "\"text\"",
                "hidden style",
                "</html>",
            ]
        );
        assert_eq!(
            pieces("<script>never closed"),
            ["<html:1>", "hidden script", "</html>"]
        );
    }
}
