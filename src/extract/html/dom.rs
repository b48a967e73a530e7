//! The tree html5ever builds, kept small: nodes in one vector linked by `u32` indices, element
//! names interned, attributes dropped on arrival (a reader never sees them) except on the
//! elements a caller asks to keep them for (`meta` for a page's metadata, `a` for the links of
//! an imported text). Each text node remembers where in the page each piece of its text was
//! found, for the map back.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, Namespace, QualName};

use super::locate::Locator;

/// "No node" in a link.
pub(super) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    /// An element; the payload indexes `Dom::names`.
    Element(u32),
    /// Text; the payload indexes `Dom::texts`.
    Text(u32),
    /// A comment, processing instruction or template's content: never read.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    pub kind: Kind,
    pub parent: u32,
    pub first: u32,
    pub last: u32,
    pub prev: u32,
    pub next: u32,
    /// Depth in the tree when linked (the document is 0, an element never linked 0 too).
    pub depth: u32,
}

/// A text node's characters, and where pieces of them were found in the decoded page:
/// `(byte in text, byte in page)`, in order.
#[derive(Debug, Default)]
pub(super) struct Text {
    pub text: String,
    pub marks: Vec<(u32, u32)>,
}

/// What the parser leaves: the tree, the interned names and the texts.
pub(super) struct Tree {
    pub nodes: Vec<Node>,
    pub names: Vec<QualName>,
    pub texts: Vec<Text>,
    /// The attributes of the elements whose names the parse was asked to keep them for, by
    /// element node, in the order the elements were created.
    pub kept: Vec<(u32, Vec<Attribute>)>,
}

impl Tree {
    /// The attributes kept for element `node` (none when it was not asked for).
    pub fn attributes(&self, node: u32) -> &[Attribute] {
        self.kept
            .binary_search_by_key(&node, |&(n, _)| n)
            .map_or(&[], |i| &self.kept[i].1)
    }
}

/// Which elements keep their attributes: a test on the element's name.
pub(super) type Keep = fn(&QualName) -> bool;

/// Keeps no attributes: the reader text never needs them.
pub(super) fn keep_none(_: &QualName) -> bool {
    false
}

/// The `TreeSink` html5ever drives.
pub(super) struct Dom<'a> {
    nodes: RefCell<Vec<Node>>,
    names: RefCell<Vec<QualName>>,
    name_ids: RefCell<HashMap<QualName, u32>>,
    texts: RefCell<Vec<Text>>,
    templates: RefCell<HashMap<u32, u32>>,
    annotation_points: RefCell<Vec<u32>>,
    locator: RefCell<Locator<'a>>,
    line: Cell<u64>,
    /// The element the parser is adding to (the top of its stack of open elements, as far as
    /// the sink can tell: the element inserted last, or the parent of the one popped last).
    current: Cell<u32>,
    keep: Keep,
    kept: RefCell<Vec<(u32, Vec<Attribute>)>>,
}

/// An element's name, owned so it can outlive the borrow of the node vector.
#[derive(Debug)]
pub(super) struct Name(QualName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

fn id(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE)
}

impl<'a> Dom<'a> {
    /// A tree for the parser to build, keeping the attributes of the elements `keep` names.
    pub fn new(locator: Locator<'a>, keep: Keep) -> Self {
        let document = Node {
            kind: Kind::Document,
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            depth: 0,
        };
        Self {
            nodes: RefCell::new(vec![document]),
            names: RefCell::new(Vec::new()),
            name_ids: RefCell::new(HashMap::new()),
            texts: RefCell::new(Vec::new()),
            templates: RefCell::new(HashMap::new()),
            annotation_points: RefCell::new(Vec::new()),
            locator: RefCell::new(locator),
            line: Cell::new(1),
            current: Cell::new(0),
            keep,
            kept: RefCell::new(Vec::new()),
        }
    }

    /// How deep the parser's current element is.
    pub fn depth(&self) -> u32 {
        self.nodes.borrow()[self.current.get() as usize].depth
    }

    /// What the parse leaves.
    pub fn into_tree(self) -> Tree {
        Tree {
            nodes: self.nodes.into_inner(),
            names: self.names.into_inner(),
            texts: self.texts.into_inner(),
            kept: self.kept.into_inner(),
        }
    }

    fn new_node(&self, kind: Kind) -> u32 {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            kind,
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            depth: 0,
        });
        id(nodes.len() - 1)
    }

    /// Unlinks `child` from its parent, if it has one.
    fn detach(&self, child: u32) {
        let mut nodes = self.nodes.borrow_mut();
        let Node {
            parent, prev, next, ..
        } = nodes[child as usize];
        if parent == NONE {
            return;
        }
        if prev == NONE {
            nodes[parent as usize].first = next;
        } else {
            nodes[prev as usize].next = next;
        }
        if next == NONE {
            nodes[parent as usize].last = prev;
        } else {
            nodes[next as usize].prev = prev;
        }
        let node = &mut nodes[child as usize];
        node.parent = NONE;
        node.prev = NONE;
        node.next = NONE;
    }

    /// Links `child` (detached) into `parent` before `before` (`NONE`: at the end).
    fn link(&self, parent: u32, child: u32, before: u32) {
        let mut nodes = self.nodes.borrow_mut();
        let prev = if before == NONE {
            nodes[parent as usize].last
        } else {
            nodes[before as usize].prev
        };
        let depth = nodes[parent as usize].depth.saturating_add(1);
        {
            let node = &mut nodes[child as usize];
            if node.depth == 0 && matches!(node.kind, Kind::Element(_)) {
                // First insertion: the parser pushes it on its stack next.
                self.current.set(child);
            }
            node.depth = depth;
            node.parent = parent;
            node.prev = prev;
            node.next = before;
        }
        if prev == NONE {
            nodes[parent as usize].first = child;
        } else {
            nodes[prev as usize].next = child;
        }
        if before == NONE {
            nodes[parent as usize].last = child;
        } else {
            nodes[before as usize].prev = child;
        }
    }

    /// Whether `parent`'s text is read by the tokenizer without tags (`<` is a character).
    fn reads_raw(&self, parent: u32) -> bool {
        let kind = self.nodes.borrow().get(parent as usize).map(|n| n.kind);
        let Some(Kind::Element(n)) = kind else {
            return false;
        };
        let names = self.names.borrow();
        let Some(name) = names.get(n as usize) else {
            return false;
        };
        name.ns == html5ever::ns!(html)
            && matches!(
                name.local,
                html5ever::local_name!("script")
                    | html5ever::local_name!("style")
                    | html5ever::local_name!("textarea")
                    | html5ever::local_name!("title")
                    | html5ever::local_name!("xmp")
                    | html5ever::local_name!("iframe")
                    | html5ever::local_name!("noembed")
                    | html5ever::local_name!("noframes")
                    | html5ever::local_name!("noscript")
                    | html5ever::local_name!("plaintext")
            )
    }

    /// Adds text to `parent` before `before`: to the text node already there when there is
    /// one, as the DOM merges adjacent text.
    fn insert_text(&self, parent: u32, before: u32, text: &str) {
        let raw = self.reads_raw(parent);
        let found = self.locator.borrow_mut().locate(text, self.line.get(), raw);
        let adjacent = {
            let nodes = self.nodes.borrow();
            let prev = if before == NONE {
                nodes[parent as usize].last
            } else {
                nodes[before as usize].prev
            };
            match nodes.get(prev as usize).map(|n| n.kind) {
                Some(Kind::Text(t)) => Some(t),
                _ => None,
            }
        };
        let t = if let Some(t) = adjacent {
            t
        } else {
            let t = {
                let mut texts = self.texts.borrow_mut();
                texts.push(Text::default());
                id(texts.len() - 1)
            };
            let node = self.new_node(Kind::Text(t));
            self.link(parent, node, before);
            t
        };
        let mut texts = self.texts.borrow_mut();
        let node = &mut texts[t as usize];
        if let Some((within, at)) = found {
            node.marks.push((id(node.text.len() + within), id(at)));
        }
        node.text.push_str(text);
    }

    fn insert(&self, parent: u32, before: u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(node) => {
                self.detach(node);
                self.link(parent, node, before);
            }
            NodeOrText::AppendText(text) => self.insert_text(parent, before, &text),
        }
    }
}

impl TreeSink for Dom<'_> {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'b>
        = Name
    where
        Self: 'b;

    fn finish(self) -> Tree {
        self.into_tree()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'b>(&'b self, target: &'b u32) -> Name {
        let kind = self.nodes.borrow()[*target as usize].kind;
        match kind {
            Kind::Element(n) => Name(self.names.borrow()[n as usize].clone()),
            // html5ever asks only of elements; a neutral name keeps a mistake harmless.
            _ => Name(QualName::new(
                None,
                html5ever::ns!(html),
                html5ever::local_name!("div"),
            )),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let keep = (self.keep)(&name);
        let n = {
            let mut ids = self.name_ids.borrow_mut();
            let mut names = self.names.borrow_mut();
            *ids.entry(name.clone()).or_insert_with(|| {
                names.push(name);
                id(names.len() - 1)
            })
        };
        let element = self.new_node(Kind::Element(n));
        if keep {
            self.kept.borrow_mut().push((element, attrs));
        }
        if flags.template {
            let content = self.new_node(Kind::Other);
            self.templates.borrow_mut().insert(element, content);
        }
        if flags.mathml_annotation_xml_integration_point {
            self.annotation_points.borrow_mut().push(element);
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        // Not located: the locator skips comments as markup when it looks for the next text.
        self.new_node(Kind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.new_node(Kind::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        self.insert(*parent, NONE, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &u32) -> u32 {
        if let Some(&content) = self.templates.borrow().get(target) {
            return content;
        }
        let content = self.new_node(Kind::Other);
        self.templates.borrow_mut().insert(*target, content);
        content
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let parent = self.nodes.borrow()[*sibling as usize].parent;
        if parent != NONE {
            self.insert(parent, *sibling, new_node);
        }
    }

    fn add_attrs_if_missing(&self, _target: &u32, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &u32) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        loop {
            let child = self.nodes.borrow()[*node as usize].first;
            if child == NONE {
                break;
            }
            self.detach(child);
            self.link(*new_parent, child, NONE);
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &u32) -> bool {
        self.annotation_points.borrow().contains(handle)
    }

    fn pop(&self, node: &u32) {
        let parent = self.nodes.borrow()[*node as usize].parent;
        self.current.set(if parent == NONE { 0 } else { parent });
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
}
