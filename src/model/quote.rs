//! A citation's quote, held without a copy when its source says exactly the same.
//!
//! Most quotes are found verbatim in their source, and the source's text is in memory anyway:
//! at the generated 100,000 events the 200,000 quotes were 26 MB of strings (29 MB with the
//! allocator's own), each the same bytes as a range of a source's text. A quote found so is
//! held as that range of the shared text ([`Quote::shared_with`], at load time); one that
//! differs (other quote marks, dashes or white space) keeps its own string. Either way it reads
//! as the `str` the author wrote.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// The quote as the author typed it: a `str` (through `Deref`), whichever way it is held.
#[derive(Clone)]
pub struct Quote(Held);

#[derive(Clone)]
enum Held {
    /// Typed otherwise than its source says, or not found in it.
    Own(Box<str>),
    /// Exactly the bytes `start..end` of its source's text (positions in 32 bits keep it as
    /// small as a `String`; a longer text keeps its own copy).
    Shared {
        text: Arc<String>,
        start: u32,
        end: u32,
    },
    /// Read from the snapshot cache as "the citation's passage", until linked to its source's
    /// text ([`Quote::link`]); reads as empty. A chronology never holds one: an entry that
    /// leaves one unlinked is refused.
    Unlinked,
}

impl Default for Quote {
    fn default() -> Self {
        Self(Held::Own(Box::default()))
    }
}

impl Quote {
    /// The quote as a `str`.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Held::Own(s) => s,
            // Checked on char boundaries when made (`shared_with`, `link`): `get` cannot fail.
            Held::Shared { text, start, end } => {
                text.get(*start as usize..*end as usize).unwrap_or_default()
            }
            Held::Unlinked => "",
        }
    }

    /// This quote, held as `range` of `text` when those are its very bytes (no copy of its
    /// own); otherwise as it is.
    #[must_use]
    pub fn shared_with(self, text: &Arc<String>, range: Range<usize>) -> Self {
        if matches!(self.0, Held::Shared { .. }) || text.get(range.clone()) != Some(self.as_str()) {
            return self;
        }
        Self::in_text(text, range).unwrap_or(self)
    }

    /// Whether the quote is held as a range of its source's text (it is then written to the
    /// snapshot cache as that range, [`Quote::stored`]).
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Held::Shared { .. })
    }

    /// A quote read back from the snapshot cache as its citation's passage: `range` of its
    /// source's `text`. `None` when that range is empty or not on character boundaries of the
    /// text (a damaged entry, refused).
    pub fn link(&mut self, text: &Arc<String>, range: Range<usize>) -> Option<()> {
        if !matches!(self.0, Held::Unlinked) {
            return Some(());
        }
        *self = Self::in_text(text, range).filter(|q| !q.is_empty())?;
        Some(())
    }

    /// Whether the quote still waits for [`Quote::link`].
    pub fn is_unlinked(&self) -> bool {
        matches!(self.0, Held::Unlinked)
    }

    fn in_text(text: &Arc<String>, range: Range<usize>) -> Option<Self> {
        text.get(range.clone())?;
        Some(Self(Held::Shared {
            text: Arc::clone(text),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    /// How the snapshot cache stores it: its text, or only that it is its citation's passage.
    fn stored(&self) -> Stored<'_> {
        match &self.0 {
            Held::Shared { .. } => Stored::Passage,
            _ => Stored::Text(self.as_str().into()),
        }
    }
}

/// A quote in the snapshot cache (postcard): the citation's range already says where a shared
/// one is, so its bytes are not written twice.
#[derive(serde::Serialize, serde::Deserialize)]
enum Stored<'a> {
    Text(#[serde(borrow)] std::borrow::Cow<'a, str>),
    Passage,
}

impl serde::Serialize for Quote {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.stored().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Quote {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Stored::deserialize(deserializer)? {
            Stored::Text(text) => Self::from(text.into_owned()),
            Stored::Passage => Self(Held::Unlinked),
        })
    }
}

impl Deref for Quote {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Quote {
    fn as_ref(&self) -> &str {
        self
    }
}

impl From<String> for Quote {
    fn from(text: String) -> Self {
        Self(Held::Own(text.into_boxed_str()))
    }
}

impl From<&str> for Quote {
    fn from(text: &str) -> Self {
        Self(Held::Own(text.into()))
    }
}

impl PartialEq for Quote {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Quote {}

impl PartialEq<str> for Quote {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Quote {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Quote {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Quote;

    fn text() -> Arc<String> {
        Arc::new("Alpha. Delta \u{201c}epsilon\u{201d} zeta.".to_string())
    }

    /// A quote is shared only when the range holds its very bytes; it reads the same either
    /// way.
    #[test]
    fn a_quote_is_shared_only_when_its_source_says_exactly_the_same() {
        let text = text();
        let at = text.find("Delta").unwrap();
        let shared = Quote::from("Delta").shared_with(&text, at..at + 5);
        assert!(shared.is_shared());
        assert_eq!(shared, "Delta");
        let typed = Quote::from("Delta \"epsilon\"");
        let passage = at..text.find(" zeta").unwrap();
        let kept = typed.clone().shared_with(&text, passage);
        assert!(!kept.is_shared(), "other quote marks: its own string");
        assert_eq!(kept, typed);
        // Out of the text, or off a character boundary: kept as it is.
        assert!(!Quote::from("x").shared_with(&text, 90..91).is_shared());
        let inside = text.find('\u{201c}').unwrap() + 1;
        assert!(
            !Quote::from("")
                .shared_with(&text, inside..inside)
                .is_shared()
        );
    }

    /// Through the snapshot cache's form, a shared quote is written as its citation's passage
    /// and linked again to the text; one of its own keeps its text; a range that cannot be
    /// linked is refused.
    #[test]
    fn a_shared_quote_goes_through_the_cache_as_its_passage() {
        let text = text();
        let at = text.find("zeta").unwrap();
        let shared = Quote::from("zeta").shared_with(&text, at..at + 4);
        let bytes = postcard::to_allocvec(&shared).unwrap();
        assert!(bytes.len() < 4, "no text written: {bytes:?}");
        let mut back: Quote = postcard::from_bytes(&bytes).unwrap();
        assert!(back.is_unlinked());
        assert_eq!(back, "");
        assert!(back.clone().link(&text, 0..0).is_none(), "empty");
        let inside = text.find('\u{201c}').unwrap() + 1;
        assert!(
            back.clone().link(&text, inside..at).is_none(),
            "off a boundary"
        );
        assert!(back.clone().link(&text, at..999).is_none(), "past the end");
        back.link(&text, at..at + 4).unwrap();
        assert_eq!(back, shared);
        assert!(back.is_shared());

        let own = Quote::from("Delta \"epsilon\"");
        let bytes = postcard::to_allocvec(&own).unwrap();
        let back: Quote = postcard::from_bytes(&bytes).unwrap();
        assert!(!back.is_unlinked() && !back.is_shared());
        assert_eq!(back, own);
    }
}
