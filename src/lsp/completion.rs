//! Completion from the line being typed, which seldom parses yet: actor ids in `actors:`,
//! source ids in `source:`, event ids in `related:`, tags in `tags:`, and the field names of
//! the level the cursor is at (from the JSON Schema, so they are the loader's).

use std::sync::LazyLock;

use lsp_types::{CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse};
use serde_json::Value;

use super::analysis::Snapshot;
use super::lookup;
use super::position::offset_in;
use crate::load::tree::Node;

static SCHEMA: LazyLock<Value> = LazyLock::new(crate::load::json_schema);

pub fn completion(s: &Snapshot<'_>, p: &CompletionParams) -> Option<CompletionResponse> {
    let offset = offset_in(s.text, p.text_document_position.position);
    let line_start = s.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &s.text[line_start..offset];
    let items = match context(s.text, line_start, before)? {
        Context::Value(key) => values(s, &key),
        Context::Field(path) => fields(&path),
    };
    Some(CompletionResponse::Array(items))
}

/// What is being typed.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// A value of the field `key` of an event or citation.
    Value(String),
    /// A field name, under the keys `path` (`["events", "citations"]`).
    Field(Vec<String>),
}

/// Reads the line up to the cursor (`before`), and the lines above it for the level.
fn context(text: &str, line_start: usize, before: &str) -> Option<Context> {
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();
    let (dash, rest) = match trimmed.strip_prefix("- ") {
        Some(r) => (true, r.trim_start()),
        None => (false, trimmed),
    };
    let column = before.len() - rest.len();
    if let Some((key, _)) = rest.split_once(':') {
        let key = key.trim();
        return (column > 0 && !key.contains(['{', '[', ' ']))
            .then(|| Context::Value(key.to_string()));
    }
    if rest.contains(['{', '[', ',']) {
        return None;
    }
    // `- ` alone: an item of the list whose key is on a line above.
    if dash && rest.is_empty() {
        let parent = parents(text, line_start, indent + 1).into_iter().last()?;
        return Some(Context::Value(parent));
    }
    Some(Context::Field(parents(text, line_start, column)))
}

/// The keys of the mappings enclosing a key at `column` on the line starting at `line_start`:
/// each line above that opens a block (`key:` alone) less indented than the last one found.
fn parents(text: &str, line_start: usize, column: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut limit = column;
    for line in text[..line_start].lines().rev() {
        if limit == 0 {
            break;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let rest = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
        let key_column = line.len() - rest.len();
        if key_column >= limit {
            continue;
        }
        limit = key_column;
        if let Some(key) = rest.strip_suffix(':').filter(|k| !k.contains([' ', ':'])) {
            out.push(key.to_string());
        }
    }
    out.reverse();
    out
}

/// The ids or tags a field takes, from the last text that parsed.
fn values(s: &Snapshot<'_>, key: &str) -> Vec<CompletionItem> {
    let Some(tree) = s.analysis.last_tree() else {
        return Vec::new();
    };
    let (section, detail) = match key {
        "actors" => ("actors", "name"),
        "source" => ("sources", "title"),
        "related" => ("events", "title"),
        "tags" => return tags(tree),
        _ => return Vec::new(),
    };
    lookup::items(tree, section)
        .iter()
        .filter_map(|item| {
            let id = lookup::field(item, "id")?;
            Some(CompletionItem {
                label: crate::text::sanitize(&id).into_owned(),
                detail: lookup::field(item, detail).map(|d| crate::text::sanitize(&d).into_owned()),
                kind: Some(CompletionItemKind::REFERENCE),
                ..CompletionItem::default()
            })
        })
        .collect()
}

/// Every tag in use, once, in order of first use.
fn tags(tree: &Node) -> Vec<CompletionItem> {
    let mut seen: Vec<String> = Vec::new();
    for event in lookup::items(tree, "events") {
        for tag in event.get("tags").and_then(Node::items).unwrap_or_default() {
            if let Some(t) = tag.text()
                && !seen.contains(&t)
            {
                seen.push(t);
            }
        }
    }
    seen.into_iter()
        .map(|t| CompletionItem {
            label: crate::text::sanitize(&t).into_owned(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            ..CompletionItem::default()
        })
        .collect()
}

/// The field names under `path`, from the JSON Schema, each with its description.
fn fields(path: &[String]) -> Vec<CompletionItem> {
    let mut schema = &*SCHEMA;
    for key in path {
        let Some(next) = resolve(schema)
            .get("properties")
            .and_then(|p| p.get(key))
            .map(resolve)
            .map(|p| p.get("items").map_or(p, resolve))
        else {
            return Vec::new();
        };
        schema = next;
    }
    let Some(Value::Object(properties)) = resolve(schema).get("properties") else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, p)| CompletionItem {
            label: name.clone(),
            kind: Some(CompletionItemKind::FIELD),
            detail: resolve(p)
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            insert_text: Some(format!("{name}: ")),
            ..CompletionItem::default()
        })
        .collect()
}

/// A schema with its `$ref` (to `#/$defs/…`) followed.
fn resolve(schema: &Value) -> &Value {
    let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
        return schema;
    };
    reference
        .strip_prefix("#/$defs/")
        .and_then(|name| SCHEMA.get("$defs")?.get(name))
        .unwrap_or(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Context> {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        context(&text, line_start, &text[line_start..offset])
    }

    #[test]
    fn the_line_and_the_lines_above_say_what_is_typed() {
        let head = "title: T\nevents:\n  - id: e1\n    date: \"2024\"\n";
        assert_eq!(
            at(&format!("{head}    actors: [us, |")),
            Some(Context::Value("actors".into()))
        );
        assert_eq!(
            at(&format!("{head}    related:\n      - |")),
            Some(Context::Value("related".into()))
        );
        assert_eq!(
            at(&format!("{head}    ti|")),
            Some(Context::Field(vec!["events".into()]))
        );
        assert_eq!(
            at(&format!(
                "{head}    citations:\n      - source: s\n        q|"
            )),
            Some(Context::Field(vec!["events".into(), "citations".into()]))
        );
        assert_eq!(at("ti|"), Some(Context::Field(vec![])));
        // A top-level key's value is no id.
        assert_eq!(at("actors: |"), None);
    }

    #[test]
    fn field_names_come_from_the_schema_at_each_level() {
        let names = |path: &[&str]| -> Vec<String> {
            let path: Vec<String> = path.iter().map(ToString::to_string).collect();
            fields(&path).into_iter().map(|i| i.label).collect()
        };
        assert!(names(&[]).contains(&"timezone".to_string()));
        assert!(names(&["events"]).contains(&"related".to_string()));
        assert_eq!(
            names(&["events", "citations"]),
            ["note", "prefix", "quote", "review", "source", "stance"]
        );
        assert!(names(&["sources"]).contains(&"sha256".to_string()));
    }
}
