//! The chronology's YAML as the parser reads it, every node with the bytes it is written at:
//! for finding where to add a citation or a draft, and for checking, once it is added, that
//! nothing else changed.
//!
//! Finding places by scanning lines goes wrong on text that only looks like YAML (a quoted
//! title over several lines holding `id: b` or a whole `events:` block): only the parser knows
//! where a scalar ends. So the file is read once more, schema-free, into [`Node`]s that keep
//! the parser's position of each node (through `serde_saphyr::Spanned`) and the end of the last
//! scalar inside it. The parser gives a collection only its start (a block collection has no
//! closing token), so the end of an item is the end of its last scalar; the caller writes after
//! that line and reads the result back, which catches the rare layouts this misjudges (a flow
//! collection closed on a later line, a `|+` block scalar).
//!
//! Reading uses the loader's own options (budget, duplicate keys, merge keys), so it accepts
//! exactly the files the loader parses.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::schema::{Located, options};
use super::strip_bom;

/// A YAML node and where it is written.
#[derive(Clone, Debug)]
pub struct Node {
    /// Byte where the parser places the node: a scalar's first character (its quote, for a
    /// quoted one), a block collection's first key or dash, a flow collection's bracket.
    pub start: usize,
    /// Byte after the node's last scalar (after its closing quote, for a quoted one).
    pub end: usize,
    pub value: Value,
}

/// What a node holds.
#[derive(Clone, Debug)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A scalar as the parser types it.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
}

impl Node {
    /// The scalar as text (`2020` for the number), `None` for null or a collection.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Scalar(Scalar::Str(s)) => Some(s.clone()),
            Value::Scalar(Scalar::Bool(b)) => Some(b.to_string()),
            Value::Scalar(Scalar::Int(n)) => Some(n.to_string()),
            Value::Scalar(Scalar::Float(x)) => Some(x.to_string()),
            _ => None,
        }
    }

    /// The value under `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key and value of `key`, when this is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.is(key)),
            _ => None,
        }
    }

    /// Whether this scalar reads as `text` (a key, an id; `2020` for the number too).
    pub fn is(&self, text: &str) -> bool {
        match &self.value {
            Value::Scalar(Scalar::Str(s)) => s == text,
            _ => self.text().as_deref() == Some(text),
        }
    }

    /// The items, when this is a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key`, to change it, when this is a mapping that has it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries_mut()?
            .iter_mut()
            .find(|(k, _)| k.is(key))
            .map(|(_, v)| v)
    }

    /// The entries, to change them, when this is a mapping.
    pub fn entries_mut(&mut self) -> Option<&mut Vec<(Node, Node)>> {
        match &mut self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, to change them, when this is a sequence.
    pub fn items_mut(&mut self) -> Option<&mut Vec<Node>> {
        match &mut self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// Where this node's value differs from `other`'s, positions aside: `None` when they are
    /// equal, else a path to the first difference (`events[0].title`).
    pub fn difference(&self, other: &Node) -> Option<String> {
        match (&self.value, &other.value) {
            (Value::Scalar(a), Value::Scalar(b)) => (a != b).then(String::new),
            (Value::Seq(a), Value::Seq(b)) => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    if let Some(path) = x.difference(y) {
                        return Some(format!("[{i}]{path}"));
                    }
                }
                (a.len() != b.len()).then(|| format!("[{}]", a.len().min(b.len())))
            }
            (Value::Map(a), Value::Map(b)) => {
                let name = |k: &Node| k.text().unwrap_or_else(|| "?".into());
                for ((ka, va), (kb, vb)) in a.iter().zip(b) {
                    if ka.difference(kb).is_some() {
                        return Some(format!(".{}", name(ka)));
                    }
                    if let Some(path) = va.difference(vb) {
                        return Some(format!(".{}{path}", name(ka)));
                    }
                }
                let longer = if a.len() > b.len() { a } else { b };
                longer
                    .get(a.len().min(b.len()))
                    .map(|(k, _)| format!(".{}", name(k)))
            }
            _ => Some(String::new()),
        }
    }
}

/// Why a text has no tree: each message is a phrase the caller puts inside its own sentence.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// Not YAML the loader would parse: the parser's message.
    #[error(transparent)]
    Yaml(#[from] serde_saphyr::Error),
    /// Empty, or only comments.
    #[error("the file holds no YAML document")]
    NoDocument,
    /// A position off a character boundary or past the end: a parser bug, refused here rather
    /// than a panic where the text is sliced.
    #[error("the parser placed a value outside the text")]
    OutsideText,
}

/// Parses `yaml` into nodes whose positions are bytes of `yaml` (a byte-order mark counted).
///
/// # Errors
/// The text is not YAML the loader would parse, or holds no document.
pub fn parse(yaml: &str) -> Result<Node, TreeError> {
    let text = strip_bom(yaml);
    let bom = yaml.len() - text.len();
    let options = options::<Located>(text.len());
    let mut root = serde_saphyr::from_str_with_options::<Option<Node>>(text, options)?
        .ok_or(TreeError::NoDocument)?;
    if bom > 0 {
        root.shift(bom);
    }
    // Callers slice the text at these positions: one off a character boundary is refused here
    // rather than panicking there.
    if root.fits(yaml) {
        Ok(root)
    } else {
        Err(TreeError::OutsideText)
    }
}

impl Node {
    /// Whether the node's positions, and its children's, are character boundaries of `text`.
    fn fits(&self, text: &str) -> bool {
        self.start <= self.end
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
            && match &self.value {
                Value::Scalar(_) => true,
                Value::Seq(items) => items.iter().all(|n| n.fits(text)),
                Value::Map(entries) => entries.iter().all(|(k, v)| k.fits(text) && v.fits(text)),
            }
    }

    /// Moves every position of the node and its children `by` bytes.
    fn shift(&mut self, by: usize) {
        self.start += by;
        self.end += by;
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else {
            return Err(de::Error::custom("the parser gave no byte position"));
        };
        let start = usize::try_from(start).map_err(de::Error::custom)?;
        let own_end = start + usize::try_from(len).map_err(de::Error::custom)?;
        let end = match &spanned.value {
            Value::Scalar(_) => own_end,
            Value::Seq(items) => items.iter().map(|n| n.end).fold(own_end, usize::max),
            Value::Map(entries) => entries.iter().map(|(_, v)| v.end).fold(own_end, usize::max),
        };
        Ok(Node {
            start,
            end,
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Int(i128::from(v))))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Int(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Int(i128::from(v))))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i128::try_from(v)
            .map(|n| Value::Scalar(Scalar::Int(n)))
            .map_err(E::custom)
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Str(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Str(v)))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Null))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Scalar(Scalar::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\u{FEFF}title: \"two\n  lines\"\nevents:\n  - id: a\n    note: >\n      folded\n\n    citations:\n      - {source: s, quote: 'q'}\n  - id: 2020\n";

    #[test]
    fn nodes_carry_the_bytes_they_are_written_at() {
        let root = parse(YAML).unwrap();
        let title = root.get("title").unwrap();
        assert_eq!(&YAML[title.start..title.end], "\"two\n  lines\"");
        assert_eq!(title.text().as_deref(), Some("two lines"));
        let events = root.get("events").unwrap();
        assert!(YAML[events.start..].starts_with('-'));
        let items = events.items().unwrap();
        assert_eq!(&YAML[items[0].start..items[0].start + 2], "id");
        let citations = items[0].get("citations").unwrap();
        let item = &citations.items().unwrap()[0];
        assert_eq!(&YAML[item.start..item.end], "{source: s, quote: 'q'");
        assert_eq!(items[1].get("id").unwrap().text().as_deref(), Some("2020"));
        assert_eq!(&YAML[events.end - 4..events.end], "2020");
    }

    #[test]
    fn differences_are_found_by_value_and_named_by_path() {
        let base = parse("events:\n  - id: a\n    title: x\n").unwrap();
        let differs = |yaml: &str| base.difference(&parse(yaml).unwrap());
        assert_eq!(differs("# moved\nevents:\n- id: a\n  title: \"x\"\n"), None);
        assert_eq!(
            differs("events:\n  - id: a\n    title: y\n").as_deref(),
            Some(".events[0].title")
        );
        assert_eq!(
            differs("events:\n  - id: a\n    title: x\n  - id: b\n").as_deref(),
            Some(".events[1]")
        );
        assert_eq!(
            differs("events:\n  - id: a\n    title: x\n    draft: true\n").as_deref(),
            Some(".events[0].draft")
        );
    }

    #[test]
    fn a_text_without_a_tree_says_which_kind() {
        let err = parse("a: [\n").unwrap_err();
        assert!(matches!(err, TreeError::Yaml(_)), "{err:?}");
        for empty in ["", "\u{FEFF}", "# only a comment\n"] {
            let err = parse(empty).unwrap_err();
            assert!(matches!(err, TreeError::NoDocument), "{empty:?}: {err:?}");
            assert_eq!(err.to_string(), "the file holds no YAML document");
        }
    }
}
