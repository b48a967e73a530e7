//! The import's account of every field it met: how many times, and what became of each, so
//! nothing is dropped silently.
//!
//! Each occurrence of a field ends in exactly one [`Outcome`]: kept somewhere in the chronology
//! (named), empty (nothing to keep), or not kept (with the reason). Rows keep the order fields
//! were first met in, which follows the file's own order.

use std::collections::HashMap;
use std::fmt;

use crate::text::sanitize;

/// What became of one occurrence of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Kept, and where: `title`, `links[].url`, `a comment` …
    Kept(&'static str),
    /// Present but empty: nothing to keep.
    Empty,
    /// Not kept, and why.
    Lost(&'static str),
}

/// Counts per field and outcome.
#[derive(Debug, Default)]
pub struct Tally {
    rows: Vec<(String, Vec<(Outcome, usize)>)>,
    index: HashMap<String, usize>,
}

impl Tally {
    /// Records one occurrence of `field` and its outcome.
    pub fn add(&mut self, field: &str, outcome: Outcome) {
        self.add_n(field, outcome, 1);
    }

    /// Records `n` occurrences at once (`n` = 0 records nothing).
    pub fn add_n(&mut self, field: &str, outcome: Outcome, n: usize) {
        if n == 0 {
            return;
        }
        let row = if let Some(&i) = self.index.get(field) {
            i
        } else {
            self.index.insert(field.to_string(), self.rows.len());
            self.rows.push((field.to_string(), Vec::new()));
            self.rows.len() - 1
        };
        let outcomes = &mut self.rows[row].1;
        match outcomes.iter_mut().find(|(o, _)| *o == outcome) {
            Some((_, count)) => *count += n,
            None => outcomes.push((outcome, n)),
        }
    }

    /// Kept or empty for a text value, by whether it holds anything.
    pub fn text(&mut self, field: &str, value: &str, to: &'static str) {
        let outcome = if value.trim().is_empty() {
            Outcome::Empty
        } else {
            Outcome::Kept(to)
        };
        self.add(field, outcome);
    }

    /// Puts the rows in order of `rank` (a stable sort: equal ranks keep the order met).
    pub fn order_by(&mut self, rank: impl Fn(&str) -> u8) {
        self.rows.sort_by_key(|(field, _)| rank(field));
        self.index = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (f.clone(), i))
            .collect();
    }

    /// How many occurrences of `field` ended in `outcome`.
    pub fn count(&self, field: &str, outcome: Outcome) -> usize {
        self.index.get(field).map_or(0, |&i| {
            self.rows[i]
                .1
                .iter()
                .filter(|(o, _)| *o == outcome)
                .map(|(_, n)| n)
                .sum()
        })
    }

    /// How many occurrences of `field` were met, whatever became of them.
    pub fn found(&self, field: &str) -> usize {
        self.index
            .get(field)
            .map_or(0, |&i| self.rows[i].1.iter().map(|(_, n)| n).sum())
    }

    /// Every field met, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(f, _)| f.as_str())
    }

    /// Whether some occurrence of some field was not kept.
    pub fn lost_any(&self) -> bool {
        self.rows
            .iter()
            .any(|(_, o)| o.iter().any(|(o, _)| matches!(o, Outcome::Lost(_))))
    }
}

/// How many characters of a field's name the account shows: a name is a key or a column
/// heading from the file, and one long one would otherwise pad every row to its length.
const SHOWN_NAME_CHARS: usize = 60;

/// A field's name as the account prints it: its unsafe characters (escape sequences, bidi
/// overrides, line breaks: the key is the file's, and the account goes to a terminal) made
/// visible placeholders, as every other printed string is, and long names cut.
fn shown(field: &str) -> String {
    let safe = sanitize(field);
    let mut chars = safe.chars();
    let mut out: String = chars.by_ref().take(SHOWN_NAME_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

impl fmt::Display for Tally {
    /// One line a field: its name, how many were found, then each outcome with its count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.rows.iter().map(|(n, _)| shown(n)).collect();
        let width = names
            .iter()
            .map(|n| n.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        writeln!(f, "  {:<width$}  found  what became of them", "field")?;
        for (field, (_, outcomes)) in names.iter().zip(&self.rows) {
            let found: usize = outcomes.iter().map(|(_, n)| n).sum();
            let said: Vec<String> = outcomes
                .iter()
                .map(|(o, n)| match o {
                    Outcome::Kept(to) => format!("{n} → {to}"),
                    Outcome::Empty => format!("{n} empty"),
                    Outcome::Lost(why) => format!("{n} not kept: {why}"),
                })
                .collect();
            writeln!(f, "  {field:<width$}  {found:>5}  {}", said.join("; "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_unsafe;

    #[test]
    fn rows_keep_first_seen_order_and_sum_their_outcomes() {
        let mut t = Tally::default();
        t.add("b", Outcome::Kept("title"));
        t.text("a", " ", "summary");
        t.add("b", Outcome::Kept("title"));
        t.add("b", Outcome::Lost("why"));
        t.add_n("c", Outcome::Empty, 0);
        assert_eq!(t.fields().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(t.found("b"), 3);
        assert_eq!(t.count("b", Outcome::Kept("title")), 2);
        assert_eq!(t.count("a", Outcome::Empty), 1);
        assert!(t.lost_any());
        let text = t.to_string();
        assert!(
            text.contains("  b          3  2 → title; 1 not kept: why\n"),
            "{text}"
        );
    }

    #[test]
    fn field_names_from_the_file_are_printed_safe_and_short() {
        let mut t = Tally::default();
        t.add(
            "events[].\u{1b}]52;c;SGVsbG8=\u{7}\u{202E}x\ny\u{9b}",
            Outcome::Lost("why"),
        );
        t.add(&"k".repeat(100_000), Outcome::Lost("why"));
        t.add("short", Outcome::Empty);
        let text = t.to_string();
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text:?}");
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(
            text.contains("  events[].␛]52;c;SGVsbG8=␇\u{FFFD}x y\u{FFFD}"),
            "{text}"
        );
        assert!(text.len() < 1000, "{} bytes", text.len());
        assert!(text.contains(&format!("{}…", "k".repeat(60))), "{text}");
    }
}
