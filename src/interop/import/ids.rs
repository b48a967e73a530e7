//! Ids for imported events and periods: made from `unique_id` or the headline, fitted to the
//! chronology's id rule (`a-z0-9-`) and made unique.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization as _;

/// Longest id made from a headline, in characters: long enough to read, short enough to type.
const ID_CHARS: usize = 48;

/// `Rózsa Péter writes recursion` → `rozsa-peter-writes-recursion`: lowercase ASCII letters
/// and digits, accents dropped, anything else a single `-`, cut at a word to [`ID_CHARS`].
pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() > ID_CHARS {
            break;
        }
    }
    if out.len() > ID_CHARS {
        let cut = out[..ID_CHARS]
            .rfind('-')
            .filter(|&at| at > 0)
            .unwrap_or(ID_CHARS);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_string()
}

/// Ids handed out so far, and for each base the next number to try: a file of many slides
/// with one headline takes each id in one step, not one per earlier slide.
#[derive(Default)]
pub(super) struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-2`, `base-3` … the first not taken; then taken.
pub(super) fn unique(base: String, ids: &mut Ids) -> String {
    if ids.taken.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.taken.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fit_the_id_rule() {
        assert_eq!(
            slug("Rózsa Péter writes recursion"),
            "rozsa-peter-writes-recursion"
        );
        assert_eq!(
            slug("\"The Mother of the Internet\""),
            "the-mother-of-the-internet"
        );
        assert_eq!(
            slug("...And the women who made it work"),
            "and-the-women-who-made-it-work"
        );
        assert_eq!(slug("مرحبا"), "");
        assert_eq!(slug("Kerman-Bombings"), "kerman-bombings");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= ID_CHARS && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn ids_are_made_unique() {
        let mut taken = Ids::default();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a-2");
        assert_eq!(unique("a".into(), &mut taken), "a-3");
    }

    /// A file of many slides with one headline (the import's limit is 10,000) takes each id
    /// in one try, not one per earlier slide: the numbers tried, counted by `next`, grow by one
    /// per id plus one per number taken some other way. (The time of a whole import of such a
    /// file is `benches/import.rs`'s `import/one_headline_10k`.)
    #[test]
    fn one_headline_many_times_takes_one_try_per_id() {
        let mut ids = Ids::default();
        assert_eq!(unique("same-3".into(), &mut ids), "same-3");
        assert_eq!(unique("same".into(), &mut ids), "same");
        for _ in 0..999 {
            unique("same".into(), &mut ids);
        }
        assert!(ids.taken.contains("same-1001") && !ids.taken.contains("same-1002"));
        // Tried: 2 to 1001, each once (3 was taken, so 999 ids took 1,000 tries).
        assert_eq!(ids.next["same"], 1002);
        assert_eq!(ids.taken.len(), 1001);
    }
}
