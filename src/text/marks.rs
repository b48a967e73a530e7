//! Accents written in another order than Unicode's: `ậ` as `a`, circumflex, dot below is the
//! same text as `a`, dot below, circumflex (canonical equivalence), but decomposing one
//! character at a time keeps the order written. Such a letter is folded as one piece, its
//! marks sorted by their combining class as normalisation does. Text in the usual order (all
//! but a few hand-typed letters) never gets here.

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

/// The length of the letter at `at` (`c`) with the combining marks after it, when its
/// decomposition has marks out of Unicode's order; `None` when it is in order (or has no
/// marks after it), so it folds one character at a time.
///
/// A run of marks is looked at from its letter, or from its first mark when the letter was
/// ASCII (copied before this is asked), never again from each mark in it: a letter with a
/// million marks costs two passes over them, not a million.
pub(super) fn unordered(text: &str, at: usize, c: char) -> Option<usize> {
    let after = at + c.len_utf8();
    // ASCII carries no marks: most text stops here.
    if text.as_bytes().get(after).is_none_or(u8::is_ascii) {
        return None;
    }
    if canonical_combining_class(c) != 0
        && text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| canonical_combining_class(p) != 0)
    {
        return None;
    }
    let marks = text[after..]
        .char_indices()
        .find(|&(_, m)| canonical_combining_class(m) == 0)
        .map_or(text.len() - after, |(i, _)| i);
    if marks == 0 {
        return None;
    }
    let unit = &text[at..after + marks];
    let mut last = 0;
    let mut ordered = true;
    for ch in unit.chars() {
        decompose_compatible(ch, |d| {
            let class = canonical_combining_class(d);
            if class != 0 && class < last {
                ordered = false;
            }
            last = class;
        });
    }
    (!ordered).then_some(unit.len())
}

/// The decomposition of `unit` (a letter and its marks) with each run of marks sorted by
/// combining class, keeping the written order among marks of one class (Unicode's canonical
/// ordering).
pub(super) fn reordered(unit: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(unit.len());
    for ch in unit.chars() {
        decompose_compatible(ch, |d| chars.push(d));
    }
    let mut start = 0;
    while start < chars.len() {
        if canonical_combining_class(chars[start]) == 0 {
            start += 1;
            continue;
        }
        let end = chars[start..]
            .iter()
            .position(|&d| canonical_combining_class(d) == 0)
            .map_or(chars.len(), |i| start + i);
        chars[start..end].sort_by_key(|&d| canonical_combining_class(d));
        start = end;
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_out_of_order_are_sorted_and_in_order_left_alone() {
        let written = "a\u{302}\u{323}x";
        assert_eq!(unordered(written, 0, 'a'), Some(5));
        assert_eq!(reordered(&written[..5]), ['a', '\u{323}', '\u{302}']);
        assert_eq!(unordered("a\u{323}\u{302}", 0, 'a'), None);
        assert_eq!(unordered("\u{1EA1}\u{302}", 0, '\u{1EA1}'), None);
        assert_eq!(unordered("ab", 0, 'a'), None);
        // A precomposed letter whose own accent sorts after the mark written after it.
        assert_eq!(unordered("\u{E2}\u{323}", 0, '\u{E2}'), Some(4));
        assert_eq!(reordered("\u{E2}\u{323}"), ['a', '\u{323}', '\u{302}']);
        // After ASCII, from the first mark; inside a run, never again.
        assert_eq!(unordered(written, 1, '\u{302}'), Some(4));
        assert_eq!(unordered(written, 3, '\u{323}'), None);
    }
}
