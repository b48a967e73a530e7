//! Where a suggested passage starts and ends. The character search ends wherever the edits
//! cost least, which can be inside a word ("chines" for "machines") or one word short: for "…
//! lives in Israel" against "… lives in southern Israel", substituting "southern" for "Israel"
//! costs fewer characters than inserting "southern", so the match stops before "Israel" and the
//! diff would tell the author a false story. So the edges move out to whole words, then, within
//! [`REACH_WORDS`] words each way, to where the passage keeps the most of the quote's words,
//! fewest character edits breaking ties.

use std::ops::Range;

use super::diff::words_kept;

/// How far, in characters, an edge may move to reach a word boundary; beyond it (a long run of
/// letters: a URL, text without spaces) the edge stays where the match ended.
const MAX_WIDEN: usize = 24;
/// How many words an edge may move, each way, to keep more of the quote's words.
const REACH_WORDS: usize = 3;

/// `range` of `text` moved out to character boundaries, then to word boundaries (at most
/// [`MAX_WIDEN`] characters each side), without spaces at either end.
pub(super) fn widen(text: &str, range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start.min(text.len()), range.end.min(text.len()));
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for _ in 0..MAX_WIDEN {
        let before = text[..start].chars().next_back();
        if !(word(before) && word(text[start..].chars().next())) {
            break;
        }
        start -= before.map_or(0, char::len_utf8);
    }
    for _ in 0..MAX_WIDEN {
        let after = text[end..].chars().next();
        if !(word(text[..end].chars().next_back()) && word(after)) {
            break;
        }
        end += after.map_or(0, char::len_utf8);
    }
    let end = end.max(start);
    let trimmed = text[start..end].trim_matches(' ');
    let start = start + (text[start..end].len() - text[start..end].trim_start_matches(' ').len());
    start..start + trimmed.len()
}

/// The edges near those of `range` (word edges, with or without the punctuation around the
/// word, at most [`REACH_WORDS`] words away) that lose fewest words of `quote` (both folded
/// alike), then cost fewest edits (`distance_to`).
pub(super) fn refine(
    text: &str,
    quote: &str,
    range: Range<usize>,
    distance_to: impl Fn(Range<usize>) -> usize,
) -> Range<usize> {
    if range.is_empty() {
        return range;
    }
    let words = quote.split(' ').count();
    let lost = |r: &Range<usize>| words.saturating_sub(words_kept(quote, &text[r.clone()]));
    // The cost of `r` if lower than `than`; the edit distance only when the words tie or win.
    let cheaper = |r: &Range<usize>, than: (usize, usize)| {
        let lost = lost(r);
        if lost > than.0 {
            return None;
        }
        let cost = (lost, distance_to(r.clone()));
        (cost < than).then_some(cost)
    };
    let mut best_cost = (lost(&range), distance_to(range.clone()));
    let mut best = range;
    let punctuation = |c: char| !c.is_alphanumeric() && c != ' ';
    let ends = ends_near(text, &best).into_iter().flat_map(|end| {
        // Each word end with and without the punctuation that closes the word.
        let bare = text[..end].trim_end_matches(punctuation).len();
        std::iter::once(end).chain((bare > best.start).then_some(bare))
    });
    for end in ends.collect::<Vec<_>>() {
        if let Some(cost) = cheaper(&(best.start..end), best_cost) {
            (best, best_cost) = (best.start..end, cost);
        }
    }
    let starts = starts_near(text, &best).into_iter().flat_map(|start| {
        let bare = text.len() - text[start..].trim_start_matches(punctuation).len();
        std::iter::once(start).chain((bare < best.end).then_some(bare))
    });
    for start in starts.collect::<Vec<_>>() {
        if let Some(cost) = cheaper(&(start..best.end), best_cost) {
            (best, best_cost) = (start..best.end, cost);
        }
    }
    best
}

/// Word ends (before a space or the text's end) within [`REACH_WORDS`] words of the end of
/// `range`, on both sides, never at or before its start. Folded text has single spaces.
fn ends_near(text: &str, range: &Range<usize>) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut at = range.end;
    for _ in 0..REACH_WORDS {
        let mut i = at;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        while i < bytes.len() && bytes[i] != b' ' {
            i += 1;
        }
        ends.push(i);
        at = i;
    }
    let mut at = range.end;
    for _ in 0..REACH_WORDS {
        let Some(space) = text[range.start..at].rfind(' ') else {
            break;
        };
        let end = range.start
            + text[range.start..range.start + space]
                .trim_end_matches(' ')
                .len();
        if end <= range.start {
            break;
        }
        ends.push(end);
        at = end;
    }
    ends
}

/// Word starts (after a space or at the text's start) within [`REACH_WORDS`] words of the start
/// of `range`, on both sides, never at or after its end.
fn starts_near(text: &str, range: &Range<usize>) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut at = range.start;
    for _ in 0..REACH_WORDS {
        let mut i = at;
        while i > 0 && bytes[i - 1] == b' ' {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        while i > 0 && bytes[i - 1] != b' ' {
            i -= 1;
        }
        starts.push(i);
        at = i;
    }
    let mut at = range.start;
    for _ in 0..REACH_WORDS {
        let Some(space) = text[at..range.end].find(' ') else {
            break;
        };
        let start = at + space + 1;
        if start >= range.end {
            break;
        }
        starts.push(start);
        at = start;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edit distance by the textbook programme, for the tests.
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut next = vec![i + 1];
            for (j, &cb) in b.iter().enumerate() {
                next.push(
                    (row[j] + usize::from(ca != cb))
                        .min(row[j + 1] + 1)
                        .min(next[j] + 1),
                );
            }
            row = next;
        }
        row[b.len()]
    }

    #[test]
    fn widening_reaches_word_edges_and_character_boundaries() {
        let text = "the machines of tehrān work";
        let at = text.find("chines").unwrap();
        assert_eq!(&text[widen(text, at..at + 6)], "machines");
        let a = text.find('ā').unwrap();
        assert_eq!(&text[widen(text, a + 1..a + 2)], "tehrān");
        assert_eq!(&text[widen(text, 3..4)], "");
        assert_eq!(&text[widen(text, 3..5)], "machines");
        assert_eq!(widen(text, 100..200), text.len()..text.len());
    }

    #[test]
    fn edges_move_to_keep_the_quote_s_words() {
        let text = "claimed around 1,200 lives in southern israel, along with missile strikes";
        let quote = "claimed around 1,200 lives in israel";
        let short = 0..text.find(" israel").unwrap();
        let r = refine(text, quote, short, |r| distance(quote, &text[r]));
        assert_eq!(&text[r], "claimed around 1,200 lives in southern israel");
    }

    #[test]
    fn edges_stay_when_nothing_is_gained() {
        let text = "many injuries, as standard practice. however, some";
        let quote = "many injuries, as routine.";
        let at = text.find(" practice").unwrap();
        let r = refine(text, quote, 0..at, |r| distance(quote, &text[r]));
        assert_eq!(&text[r], "many injuries, as standard");
    }

    #[test]
    fn candidates_stay_inside_the_text() {
        let text = "one two three four five";
        assert_eq!(ends_near(text, &(4..7)), [13, 18, 23]);
        assert_eq!(starts_near(text, &(8..13)), [4, 0]);
        assert_eq!(starts_near(text, &(0..13)), [4, 8]);
        assert_eq!(ends_near(text, &(8..23)), [18, 13]);
    }
}
