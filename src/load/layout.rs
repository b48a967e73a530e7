//! Where the `events:` list's items lie in a chronology's text, read from the lines alone.
//!
//! A YAML parser is sequential, but the `events:` list of an ordinary file is a run of
//! independent items: split at the lines where items start, each item is YAML of its own, and
//! parses alone to what it parses to inside the file. That holds when the file is block style,
//! `events:` is its last top-level key, and nothing ties one part of the file to another
//! (anchors, aliases, merge keys, directives, document markers); [`layout`] finds the items
//! only then. Loading in pieces on all cores ([`super::parallel`]) and reloading only the items
//! that changed ([`super::incremental`]) both rest on it. The rules take one line at a time
//! ([`Scan`]), so a reload can apply them to a file read as a stream, never held whole.

/// The `events:` list's items: where each begins (its 0-based line and its byte offset).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Layout {
    /// Where the `events:` line begins: the text before it is the file's head.
    pub(super) events_at: usize,
    /// Each item's first line (0-based) and byte offset, in file order; never empty.
    pub(super) items: Vec<(usize, usize)>,
}

impl Layout {
    /// Where the text before the first item ends: the head of the file, `events:` and
    /// whatever comments come before the first item.
    pub(super) fn head_end(&self) -> usize {
        self.items.first().map_or(0, |&(_, at)| at)
    }

    /// The byte range of item `i` in a text of `len` bytes: to the next item, or to the end.
    pub(super) fn item(&self, i: usize, len: usize) -> std::ops::Range<usize> {
        let start = self.items[i].1;
        let end = self.items.get(i + 1).map_or(len, |&(_, at)| at);
        start..end
    }
}

/// The items of `yaml`'s `events:` list, or `None` when its shape leaves any doubt that each
/// item parses alone as it does in the file, or when the list has no item.
pub(super) fn layout(yaml: &str) -> Option<Layout> {
    // One pass over the lines (memchr finds the ends), each through the rules of [`Scan`].
    let bytes = yaml.as_bytes();
    let mut scan = Scan::default();
    let mut items: Vec<(usize, usize)> = Vec::new();
    let ends = memchr::memchr_iter(b'\n', bytes)
        .map(|i| i + 1)
        .chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for (n, end) in ends.enumerate() {
        if start >= bytes.len() {
            break;
        }
        if scan.line(start, &yaml[start..end])? == Line::Item {
            items.push((n, start));
        }
        start = end;
    }
    let events_at = scan.finish()?;
    Some(Layout { events_at, items })
}

/// What a line is to the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// A line of the head, `events:`, or a comment or blank line before the first item.
    Before,
    /// The first line of an item.
    Item,
    /// Any other line of an item (the item begun last).
    InItem,
}

/// The rules of [`layout`], taking the text a line at a time: the same for a text in memory
/// and for a file read as a stream (a reload that never holds the whole file).
#[derive(Default)]
pub(super) struct Scan {
    /// Where the `events:` line begins, once seen.
    events_at: Option<usize>,
    /// The items' indentation, from the first item line.
    indent: Option<usize>,
    /// How many items began.
    items: usize,
}

impl Scan {
    /// Takes the next line, which begins at byte `at` of the text and ends after its `\n` (the
    /// last line may have none): what it is, or `None` when the text cannot be laid out.
    pub(super) fn line(&mut self, at: usize, line: &str) -> Option<Line> {
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let top_level = !line.starts_with([' ', '\t', '#', '-', '\n', '\r']);
        if top_level {
            if self.events_at.is_some() {
                return None; // another key after `events:`: keep it simple
            }
            let body = line.trim_end();
            if body == "events:" || body.starts_with("events: #") {
                self.events_at = Some(at);
                return (!has_references(line)).then_some(Line::Before);
            }
            return Some(Line::Before);
        }
        if self.events_at.is_none() {
            return Some(Line::Before);
        }
        if has_references(line) {
            return None;
        }
        let indent = if let Some(indent) = self.indent {
            indent
        } else {
            // The item indentation, from the first item line.
            let content = line.trim();
            if content.is_empty() || content.starts_with('#') {
                return Some(Line::Before);
            }
            let first = line.len() - line.trim_start_matches(' ').len();
            if !line[first..].starts_with("- ") {
                return None;
            }
            *self.indent.insert(first)
        };
        let is_item = line.len() > indent
            && line.as_bytes()[..indent].iter().all(|&b| b == b' ')
            && line[indent..].starts_with("- ");
        if is_item {
            self.items += 1;
            Some(Line::Item)
        } else if self.items == 0 {
            Some(Line::Before)
        } else {
            Some(Line::InItem)
        }
    }

    /// Where the `events:` line begins, once that line is taken (before the last line too).
    pub(super) fn events_line(&self) -> Option<usize> {
        self.events_at
    }

    /// Where the `events:` line begins, once every line is taken; `None` when there is no
    /// `events:` line or no item.
    pub(super) fn finish(&self) -> Option<usize> {
        self.events_at.filter(|_| self.items > 0)
    }
}

/// Whether a line may hold an anchor (`&a`), alias (`*a`) or merge key (`<<`), which tie
/// pieces together. Conservative: a false alarm only means a sequential parse.
fn has_references(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr3_iter(b'&', b'*', b'<', bytes).any(|i| {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if bytes[i] == b'<' {
            return next == b'<';
        }
        let starts_name = next.is_ascii_alphanumeric() || next == b'_';
        let after_gap = i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b'\n');
        starts_name && after_gap
    })
}
