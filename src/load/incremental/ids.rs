//! The events' ids as a reload needs them: each by its number in the file, and each number by
//! its id.
//!
//! One string for all of them rather than one allocation each: at 100,000 events, boxing every
//! id took about 10 ms of the reload, and as long again to free. The lookup by id is built on
//! first use ([`Ids::find`]), which the viewer's load thread does after the chronology is on
//! its way ([`super::Reloadable::prepare`]), and a reload that leaves every id where it was
//! shares it with the next one rather than building it again.

use std::sync::OnceLock;

use xxhash_rust::xxh3::xxh3_64;

/// The ids of a file's events, in file order.
#[derive(Default)]
pub(super) struct Ids {
    /// Every id, one after the other (not necessarily in file order).
    text: String,
    /// Where each id lies in `text`, in file order.
    spans: Vec<(u32, u32)>,
    /// Each id's hash and number, sorted: an id is found by its hash, then compared. The hash
    /// only narrows the search (a collision costs a comparison more), so any fast one will do.
    by_hash: OnceLock<Vec<(u64, u32)>>,
}

impl Ids {
    /// The ids given, in file order; `None` past `u32::MAX` bytes of them.
    pub(super) fn new<'a>(ids: impl Iterator<Item = &'a str>) -> Option<Self> {
        let mut out = Self::default();
        for id in ids {
            let span = out.push(id)?;
            out.spans.push(span);
        }
        Some(out)
    }

    /// `n` ids given in any order, each with its number in the file: read in the order the
    /// events lie in memory (a chronology's, by date), which at 100,000 events is several
    /// times faster than reading them in file order.
    pub(super) fn numbered<'a>(
        n: usize,
        ids: impl Iterator<Item = (u32, &'a str)>,
    ) -> Option<Self> {
        let mut out = Self {
            spans: vec![(0, 0); n],
            ..Self::default()
        };
        for (f, id) in ids {
            let span = out.push(id)?;
            *out.spans.get_mut(f as usize)? = span;
        }
        Some(out)
    }

    /// Adds `id` to the text, and gives where it lies.
    fn push(&mut self, id: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.text.len()).ok()?;
        self.text.push_str(id);
        Some((start, u32::try_from(self.text.len()).ok()?))
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Event `i`'s id.
    pub(super) fn get(&self, i: usize) -> &str {
        let (start, end) = self.spans[i];
        &self.text[start as usize..end as usize]
    }

    /// The number of the event with id `id`.
    pub(super) fn find(&self, id: &str) -> Option<u32> {
        let by_hash = self.by_hash();
        let hash = xxh3_64(id.as_bytes());
        let first = by_hash.partition_point(|&(h, _)| h < hash);
        by_hash[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i)
            .find(|&i| self.get(i as usize) == id)
    }

    /// The lookup by id, built now if it was not.
    pub(super) fn by_hash(&self) -> &[(u64, u32)] {
        self.by_hash.get_or_init(|| {
            let mut by_hash: Vec<(u64, u32)> = (0..self.len())
                .map(|i| {
                    let number = u32::try_from(i).unwrap_or(u32::MAX);
                    (xxh3_64(self.get(i).as_bytes()), number)
                })
                .collect();
            by_hash.sort_unstable();
            by_hash
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn each_id_is_found_by_its_number_and_back() {
        let ids = Ids::new(["a", "", "bb", "c", "a2"].into_iter()).unwrap();
        assert_eq!(ids.len(), 5);
        assert_eq!(ids.get(1), "");
        assert_eq!(ids.get(2), "bb");
        for i in 0..ids.len() {
            assert_eq!(ids.find(ids.get(i)), u32::try_from(i).ok());
        }
        assert_eq!(ids.find("b"), None);
        assert_eq!(ids.find("a22"), None);
        let numbered = Ids::numbered(3, [(2, "c"), (0, "a"), (1, "b")].into_iter()).unwrap();
        assert_eq!(
            (0..3).map(|i| numbered.get(i)).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(numbered.find("c"), Some(2));
    }
}
