//! The tree to the text a reader sees, roughly as a browser's `innerText`: hidden elements
//! left out, block elements on lines of their own, inline elements joined as they are, white
//! space collapsed except in `pre`.

use html5ever::{LocalName, local_name, ns};

use super::dom::{Kind, NONE, Tree};

/// Elements whose content a reader never sees.
pub(super) fn hidden(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("head")
            | local_name!("title")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("datalist")
    )
}

/// Elements whose white space is kept as written.
fn preformatted(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("pre")
            | local_name!("textarea")
            | local_name!("listing")
            | local_name!("xmp")
            | local_name!("plaintext")
    )
}

/// How many line breaks an element puts around itself: 2 (a blank line) for paragraphs and
/// headings, 1 for other blocks, 0 for inline elements.
pub(super) fn breaks(name: &LocalName) -> u8 {
    match *name {
        local_name!("p")
        | local_name!("h1")
        | local_name!("h2")
        | local_name!("h3")
        | local_name!("h4")
        | local_name!("h5")
        | local_name!("h6") => 2,
        local_name!("address")
        | local_name!("article")
        | local_name!("aside")
        | local_name!("blockquote")
        | local_name!("body")
        | local_name!("caption")
        | local_name!("center")
        | local_name!("dd")
        | local_name!("details")
        | local_name!("dialog")
        | local_name!("dir")
        | local_name!("div")
        | local_name!("dl")
        | local_name!("dt")
        | local_name!("fieldset")
        | local_name!("figcaption")
        | local_name!("figure")
        | local_name!("footer")
        | local_name!("form")
        | local_name!("frameset")
        | local_name!("header")
        | local_name!("hgroup")
        | local_name!("hr")
        | local_name!("html")
        | local_name!("legend")
        | local_name!("li")
        | local_name!("listing")
        | local_name!("main")
        | local_name!("menu")
        | local_name!("nav")
        | local_name!("ol")
        | local_name!("optgroup")
        | local_name!("option")
        | local_name!("pre")
        | local_name!("plaintext")
        | local_name!("search")
        | local_name!("section")
        | local_name!("summary")
        | local_name!("table")
        | local_name!("tbody")
        | local_name!("tfoot")
        | local_name!("thead")
        | local_name!("tr")
        | local_name!("ul")
        | local_name!("xmp") => 1,
        _ => 0,
    }
}

/// A stretch of reader text and the decoded page offset it starts at.
pub(super) type DecodedRun = (u32, u32);

/// The reader text under construction.
pub(super) struct Reader {
    pub text: String,
    /// `(reader offset, decoded page offset)` where the correspondence restarts.
    pub runs: Vec<DecodedRun>,
    /// Line breaks owed before the next text (the larger request wins).
    owed: u8,
    /// A collapsed space owed before the next text on the same line.
    space: bool,
    /// The next text must start a run.
    fresh: bool,
}

impl Reader {
    fn new() -> Self {
        Self {
            text: String::new(),
            runs: Vec::new(),
            owed: 0,
            space: false,
            fresh: true,
        }
    }

    fn block(&mut self, n: u8) {
        if n == 0 {
            return;
        }
        if !self.text.is_empty() {
            self.owed = self.owed.max(n);
        }
        self.space = false;
    }

    /// Emits what is owed before the next visible character.
    fn settle(&mut self) {
        if self.owed > 0 {
            let have = self.text.bytes().rev().take_while(|&b| b == b'\n').count();
            for _ in have..usize::from(self.owed) {
                self.text.push('\n');
            }
            self.owed = 0;
            self.space = false;
        } else if self.space {
            if !self.text.is_empty() && !self.text.ends_with(['\n', '\t']) {
                self.text.push(' ');
            }
            self.space = false;
        }
    }

    fn push(&mut self, c: char, src: usize) {
        self.settle();
        // An unknown origin (white space before the first found piece) joins the run before.
        if self.fresh && src != usize::MAX {
            let reader = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
            let src = u32::try_from(src).unwrap_or(u32::MAX);
            self.runs.push((reader, src));
            self.fresh = false;
        }
        self.text.push(c);
    }

    fn line_break(&mut self) {
        self.owed = 0;
        self.space = false;
        self.text.push('\n');
    }

    fn cell(&mut self) {
        self.space = false;
        if self.owed == 0 && !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\t');
        }
    }

    /// Text of one node: `marks` say where pieces of it were found; `page` is the decoded
    /// page, to keep the offset in step across `\r\n`.
    fn text(&mut self, text: &str, marks: &[(u32, u32)], page: &str, pre: bool) {
        let page = page.as_bytes();
        let mut marks = marks.iter().peekable();
        let mut src: usize = usize::MAX;
        self.fresh = true;
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if let Some(&&(at, found)) = marks.peek()
                && at as usize == i
            {
                marks.next();
                src = found as usize;
                self.fresh = true;
            }
            let here = src;
            // Keep `src` in step with the page: a `\n` here may be `\r\n` there.
            if src != usize::MAX {
                src += c.len_utf8();
                if c == '\n' && page.get(here) == Some(&b'\r') && page.get(here + 1) == Some(&b'\n')
                {
                    src += 1;
                }
            }
            if c == '\u{AD}' {
                // A soft hyphen shows only where a line wraps; a reader copies the word whole.
                self.fresh = true;
                continue;
            }
            if pre {
                if c == '\n' || c == '\r' {
                    self.settle();
                    self.text.push('\n');
                    self.fresh = true;
                } else {
                    self.push(c, here);
                }
                continue;
            }
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                if in_space || c != ' ' {
                    self.fresh = true;
                }
                in_space = true;
                self.space = true;
                continue;
            }
            in_space = false;
            self.push(c, here);
        }
    }
}

/// The reader text of `tree`, whose text nodes were located in `page` (the decoded page).
pub(super) fn render(tree: &Tree, page: &str, limit: usize) -> Option<Reader> {
    let mut out = Reader::new();
    // Depth-first without recursion (a page may nest a million elements): `(node, leaving)`.
    let mut stack: Vec<(u32, bool)> = vec![(0, false)];
    let mut pre_depth = 0usize;
    while let Some((n, leaving)) = stack.pop() {
        let node = tree.nodes[n as usize];
        match node.kind {
            Kind::Element(name) => {
                let qual = &tree.names[name as usize];
                let html = qual.ns == ns!(html);
                let local = &qual.local;
                if leaving {
                    if html && preformatted(local) {
                        pre_depth -= 1;
                    }
                    if html {
                        out.block(breaks(local));
                    }
                    continue;
                }
                if html && hidden(local) || (!html && *local == local_name!("title")) {
                    continue;
                }
                if html {
                    match *local {
                        local_name!("br") => out.line_break(),
                        local_name!("td") | local_name!("th") => out.cell(),
                        _ => out.block(breaks(local)),
                    }
                    if preformatted(local) {
                        pre_depth += 1;
                    }
                }
                stack.push((n, true));
                push_children(tree, n, &mut stack);
            }
            Kind::Document => push_children(tree, n, &mut stack),
            Kind::Text(t) => {
                let t = &tree.texts[t as usize];
                out.text(&t.text, &t.marks, page, pre_depth > 0);
                if out.text.len() > limit {
                    return None;
                }
            }
            Kind::Other => {}
        }
    }
    Some(out)
}

/// Pushes `n`'s children so the first is popped first.
fn push_children(tree: &Tree, n: u32, stack: &mut Vec<(u32, bool)>) {
    let mut child = tree.nodes[n as usize].last;
    while child != NONE {
        stack.push((child, false));
        child = tree.nodes[child as usize].prev;
    }
}
