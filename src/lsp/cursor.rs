//! What the cursor is on: the path of keys and list indexes from the top of the YAML to the
//! node at a byte offset (`events`, 3, `citations`, 0, `quote`).

use crate::load::tree::{Node, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The node at an offset and how it is reached.
pub struct At<'a> {
    pub path: Vec<Step>,
    pub node: &'a Node,
    /// Whether the offset is on a key (its name) rather than on a value.
    pub on_key: bool,
}

impl At<'_> {
    /// The path's keys, list indexes left out: `["events", "citations", "quote"]`.
    pub fn keys(&self) -> Vec<&str> {
        self.path
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .collect()
    }

    /// The index of the first list item on the path (the event, source or actor).
    pub fn entry(&self) -> Option<usize> {
        self.path.iter().find_map(|s| match s {
            Step::Index(i) => Some(*i),
            Step::Key(_) => None,
        })
    }

    /// The index of the second list item on the path (the citation in its event).
    pub fn item(&self) -> Option<usize> {
        self.path
            .iter()
            .filter_map(|s| match s {
                Step::Index(i) => Some(*i),
                Step::Key(_) => None,
            })
            .nth(1)
    }
}

/// The deepest node whose bytes hold `offset` (its end counted: the cursor just after a word
/// is on it).
pub fn at(root: &Node, offset: usize) -> Option<At<'_>> {
    let mut path = Vec::new();
    let mut node = root;
    if !(node.start..=node.end).contains(&offset) {
        return None;
    }
    loop {
        let next = match &node.value {
            Value::Scalar(_) => None,
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .find(|(_, n)| (n.start..=n.end).contains(&offset))
                .map(|(i, n)| (Step::Index(i), n, false)),
            Value::Map(entries) => entries.iter().find_map(|(k, v)| {
                let key = Step::Key(k.text().unwrap_or_default());
                if (k.start..=k.end).contains(&offset) {
                    Some((key, k, true))
                } else if (v.start..=v.end).contains(&offset) {
                    Some((key, v, false))
                } else {
                    None
                }
            }),
        };
        match next {
            Some((step, child, on_key)) => {
                path.push(step);
                node = child;
                if on_key {
                    return Some(At {
                        path,
                        node,
                        on_key: true,
                    });
                }
            }
            None => {
                return Some(At {
                    path,
                    node,
                    on_key: false,
                });
            }
        }
    }
}

/// The list under the top-level `key`, item `i`.
pub fn entry<'a>(root: &'a Node, key: &str, i: usize) -> Option<&'a Node> {
    root.get(key)?.items()?.get(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_names_the_keys_and_items_down_to_the_value() {
        let text =
            "events:\n  - id: e1\n    citations:\n      - source: s\n        quote: \"a b\"\n";
        let root = crate::load::tree::parse(text).unwrap();
        let at = at(&root, text.find("a b").unwrap()).unwrap();
        assert_eq!(at.keys(), ["events", "citations", "quote"]);
        assert_eq!(
            (at.entry(), at.item(), at.on_key),
            (Some(0), Some(0), false)
        );
        let on_key = super::at(&root, text.find("source").unwrap()).unwrap();
        assert!(on_key.on_key);
    }
}
