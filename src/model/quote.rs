//! A citation's quote, held without a copy when its source says exactly the same.
//!
//! Most quotes are found verbatim in their source, and the source's text is in memory anyway:
//! at the generated 100,000 events the 200,000 quotes were 26 MB of strings (29 MB with the
//! allocator's own), each the same bytes as a range of a source's text. A quote found so is
//! held as that range of the shared text ([`Quote::settle`], at anchoring); one that differs
//! (other quote marks, dashes or white space) keeps its own string. Either way it reads as the
//! `str` the author wrote. Until anchoring, the quotes of a run of events share one string
//! ([`Quote::pack`]), so the parser's own strings for them are let go run by run.

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
    Source {
        text: Arc<String>,
        start: u32,
        end: u32,
    },
    /// The bytes `start..end` of the quotes of a run of events packed together as the run is
    /// checked ([`Quote::pack`]), until anchoring settles it ([`Quote::settle`]).
    Packed {
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
            // Checked on char boundaries when made (`pack`, `settle`, `link`): `get` cannot
            // fail.
            Held::Source { text, start, end } | Held::Packed { text, start, end } => {
                text.get(*start as usize..*end as usize).unwrap_or_default()
            }
            Held::Unlinked => "",
        }
    }

    /// Packs `quotes` (those of a run of events, as the parser gave them, each its own string)
    /// into one string they share, freeing theirs. Anchoring lets go of each quote's own bytes
    /// only once every event is parsed; let go here, as each run is checked, the next run's
    /// parse reuses their memory rather than leaving it in holes among the events' strings (at
    /// 100,000 events, 29 MB that the allocator could not give back).
    pub fn pack(quotes: &mut [&mut Quote]) {
        let len: usize = quotes.iter().map(|q| q.len()).sum();
        let mut text = String::with_capacity(len);
        let mut spans = Vec::with_capacity(quotes.len());
        for q in quotes.iter() {
            let start = text.len();
            text.push_str(q);
            // A run's quotes past 4 GiB stay as they are.
            let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(text.len())) else {
                return;
            };
            spans.push((start, end));
        }
        let text = Arc::new(text);
        for (q, (start, end)) in quotes.iter_mut().zip(spans) {
            **q = Self(Held::Packed {
                text: Arc::clone(&text),
                start,
                end,
            });
        }
    }

    /// This quote once anchoring found it at `found` in its source's `text`: held as that
    /// range when those are its very bytes (no copy of its own); otherwise as its own string (a
    /// packed quote lets go of its run's string).
    #[must_use]
    pub fn settle(self, text: &Arc<String>, found: Range<usize>) -> Self {
        if !matches!(self.0, Held::Source { .. })
            && text.get(found.clone()) == Some(self.as_str())
            && let Some(shared) = Self::in_text(text, found)
        {
            return shared;
        }
        self.unpacked()
    }

    /// This quote, held as its own string if it was packed. (A quote not found is a problem:
    /// the load gives no chronology, and the run's packed string goes with it.)
    #[must_use]
    fn unpacked(self) -> Self {
        match self.0 {
            Held::Packed { .. } => Self::from(self.as_str()),
            _ => self,
        }
    }

    /// Whether the quote still shares its run's packed string ([`Quote::pack`]).
    #[cfg(test)]
    pub(crate) fn is_packed(&self) -> bool {
        matches!(self.0, Held::Packed { .. })
    }

    /// Whether the quote is held as a range of its source's text (the snapshot cache then
    /// stores it as its citation's passage, not its bytes).
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Held::Source { .. })
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
    #[cfg(test)]
    pub(crate) fn is_unlinked(&self) -> bool {
        matches!(self.0, Held::Unlinked)
    }

    fn in_text(text: &Arc<String>, range: Range<usize>) -> Option<Self> {
        text.get(range.clone())?;
        Some(Self(Held::Source {
            text: Arc::clone(text),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    /// How the snapshot cache stores it: its text, or only that it is its citation's passage.
    fn stored(&self) -> Stored<'_> {
        match &self.0 {
            Held::Source { .. } => Stored::Passage,
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

    /// Held any way, a quote takes no more room in a citation than the `String` it replaced.
    #[test]
    fn a_quote_is_the_size_of_a_string() {
        assert_eq!(size_of::<Quote>(), size_of::<String>());
    }

    /// A quote is shared only when the range holds its very bytes; it reads the same either
    /// way.
    #[test]
    fn a_quote_is_shared_only_when_its_source_says_exactly_the_same() {
        let text = text();
        let at = text.find("Delta").unwrap();
        let shared = Quote::from("Delta").settle(&text, at..at + 5);
        assert!(shared.is_shared());
        assert_eq!(shared, "Delta");
        let typed = Quote::from("Delta \"epsilon\"");
        let passage = at..text.find(" zeta").unwrap();
        let kept = typed.clone().settle(&text, passage);
        assert!(!kept.is_shared(), "other quote marks: its own string");
        assert_eq!(kept, typed);
        // Out of the text, or off a character boundary: kept as it is.
        assert!(!Quote::from("x").settle(&text, 90..91).is_shared());
        let inside = text.find('\u{201c}').unwrap() + 1;
        let empty = Quote::from("").settle(&text, inside..inside);
        assert!(!empty.is_shared());
    }

    /// A run's quotes share one string once packed, and read as before; anchoring then holds
    /// each as its passage of the source, or as a string of its own, never the run's.
    #[test]
    fn packed_quotes_read_as_typed_and_settle_into_the_source_or_their_own() {
        let text = text();
        let typed = ["Delta", "Delta \"epsilon\"", "", "zeta."];
        let mut quotes: Vec<Quote> = typed.iter().map(|&q| Quote::from(q)).collect();
        Quote::pack(&mut quotes.iter_mut().collect::<Vec<_>>());
        assert!(quotes.iter().all(Quote::is_packed));
        assert_eq!(quotes, typed);
        let at = |p: &str| text.find(p).unwrap();
        let found = [
            Some(at("Delta")..at("Delta") + 5),
            Some(at("Delta")..at(" zeta")),
            None,
            Some(at("zeta")..text.len()),
        ];
        let settled: Vec<Quote> = quotes
            .into_iter()
            .zip(found)
            .map(|(q, found)| match found {
                Some(found) => q.settle(&text, found),
                None => q.unpacked(),
            })
            .collect();
        assert_eq!(settled, typed);
        let held: Vec<bool> = settled.iter().map(Quote::is_shared).collect();
        assert_eq!(held, [true, false, false, true]);
        assert!(settled.iter().all(|q| !q.is_packed()));
    }

    /// Through the snapshot cache's form, a shared quote is written as its citation's passage
    /// and linked again to the text; one of its own keeps its text; a range that cannot be
    /// linked is refused.
    #[test]
    fn a_shared_quote_goes_through_the_cache_as_its_passage() {
        let text = text();
        let at = text.find("zeta").unwrap();
        let shared = Quote::from("zeta").settle(&text, at..at + 4);
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

        // Its own, or packed with others: written as its text.
        let mut packed = [Quote::from("Delta \"epsilon\""), Quote::from("zeta")];
        Quote::pack(&mut packed.iter_mut().collect::<Vec<_>>());
        for own in [Quote::from("Delta \"epsilon\""), packed[0].clone()] {
            let bytes = postcard::to_allocvec(&own).unwrap();
            let back: Quote = postcard::from_bytes(&bytes).unwrap();
            assert!(!back.is_unlinked() && !back.is_shared());
            assert_eq!(back, own);
        }
    }
}
