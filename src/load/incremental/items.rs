//! What a reload keeps of the last text to find what changed in the next one: the head's text,
//! and each event item's length and hash, not the whole text (60 MB at 100,000 events, held
//! for as long as the viewer stays open).
//!
//! A non-cryptographic hash is enough here. The hashes live in memory only, within one process,
//! and are compared with hashes of the next text of the same file; nobody but the file's author
//! chooses that text, and whoever writes it can write what they like in it anyway. Two items of
//! different text with the same 128-bit hash and length by chance is not a risk worth a slower
//! hash: xxh3 hashes the whole text in a few milliseconds.

use xxhash_rust::xxh3::xxh3_128;

use crate::load::layout::Layout;

/// An item's text as the next reload compares it: its length and 128-bit hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Key {
    len: u64,
    /// The hash's bytes: a `u128` would align the key to 16 bytes, a third larger.
    hash: [u8; 16],
}

impl Key {
    pub(super) fn of(text: &str) -> Self {
        Self::of_bytes(text.as_bytes())
    }

    /// The key of a text's bytes (those of a text read as a stream, checked as UTF-8 already).
    pub(super) fn of_bytes(text: &[u8]) -> Self {
        Self {
            len: text.len() as u64,
            hash: xxh3_128(text).to_le_bytes(),
        }
    }
}

/// A text's event items as compared: what comes before them, and each one's key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Items {
    /// The text before the first item: the head, `events:`, and any comment before the first
    /// item. Small, and compared whole.
    pub(super) head: String,
    /// Where the `events:` line begins in `head`: the head proper is the text before it.
    pub(super) events_at: usize,
    /// Each item, in file order.
    pub(super) keys: Vec<Key>,
}

impl Items {
    /// The items of `text`, laid out as `layout`.
    pub(super) fn of(text: &str, layout: &Layout) -> Self {
        Self {
            head: text[..layout.head_end()].to_owned(),
            events_at: layout.events_at,
            keys: (0..layout.items.len())
                .map(|i| Key::of(&text[layout.item(i, text.len())]))
                .collect(),
        }
    }

    /// The head proper: the text before `events:`.
    pub(super) fn head_proper(&self) -> &str {
        &self.head[..self.events_at]
    }
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn keys_tell_texts_apart_by_length_and_content() {
        assert_eq!(Key::of("  - id: a\n"), Key::of("  - id: a\n"));
        assert_ne!(Key::of("  - id: a\n"), Key::of("  - id: b\n"));
        assert_ne!(Key::of("  - id: a\n"), Key::of("  - id: a\n\n"));
    }
}
