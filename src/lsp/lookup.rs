//! What a place in the YAML names, and where else the same thing is named.

use super::cursor::At;
use crate::load::tree::Node;

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Actor(String),
    Source(String),
    Event(String),
    Tag(String),
    /// The quote of citation `citation` of the `event`-th event.
    Quote {
        event: usize,
        citation: usize,
    },
    Date(String),
}

impl Target {
    /// The list an id's entry is in, and the id, for an actor, a source or an event.
    pub fn entry(&self) -> Option<(&'static str, &str)> {
        match self {
            Target::Actor(id) => Some(("actors", id)),
            Target::Source(id) => Some(("sources", id)),
            Target::Event(id) => Some(("events", id)),
            Target::Tag(_) | Target::Quote { .. } | Target::Date(_) => None,
        }
    }
}

/// What the value at `at` names, when it names something (an id, a quote, a date).
pub fn target(at: &At<'_>) -> Option<Target> {
    if at.on_key {
        return None;
    }
    let text = at.node.text();
    Some(match at.keys()[..] {
        ["actors", "id"] | ["events", "actors"] => Target::Actor(text?),
        ["sources", "id"] | ["events", "citations", "source"] => Target::Source(text?),
        ["events", "id" | "related"] => Target::Event(text?),
        ["events", "tags"] => Target::Tag(text?),
        ["events", "citations", "quote"] => Target::Quote {
            event: at.entry()?,
            citation: at.item()?,
        },
        ["events" | "periods" | "sources", "date"] | ["sources", "accessed"] => Target::Date(text?),
        _ => return None,
    })
}

/// The items of the top-level list `section`.
pub fn items<'a>(tree: &'a Node, section: &str) -> &'a [Node] {
    tree.get(section).and_then(Node::items).unwrap_or_default()
}

/// The `id:` node of the entry of `section` whose id is `id`.
pub fn definition<'a>(tree: &'a Node, section: &str, id: &str) -> Option<&'a Node> {
    items(tree, section)
        .iter()
        .filter_map(|item| item.get("id"))
        .find(|n| n.is(id))
}

/// Where `target` (an actor, a source or an event) is named: its definition's `id:` first when
/// `declaration`, then every use, in file order.
pub fn uses<'a>(tree: &'a Node, target: &Target, declaration: bool) -> Vec<&'a Node> {
    let Some((section, id)) = target.entry() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if declaration && let Some(d) = definition(tree, section, id) {
        out.push(d);
    }
    for event in items(tree, "events") {
        let named: Vec<&Node> = match target {
            Target::Actor(_) => event
                .get("actors")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .collect(),
            Target::Event(_) => event
                .get("related")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .collect(),
            _ => event
                .get("citations")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.get("source"))
                .collect(),
        };
        out.extend(named.into_iter().filter(|n| n.is(id)));
    }
    out
}

/// The text of `key` in `item`, when it is a scalar.
pub fn field(item: &Node, key: &str) -> Option<String> {
    item.get(key)?.text()
}
