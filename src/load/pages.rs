//! A PDF's pages in messages and citations: which page a passage is on, and a list of pages
//! written as a reader writes it (`2, 5–7`).

use crate::model::Page;

/// The page (1-based) that reader-text byte `at` is on, given the pages in order; `None` for
/// a source without pages.
pub(super) fn page_of(pages: &[Page], at: usize) -> Option<u32> {
    let after = pages.partition_point(|p| p.start <= at);
    pages.get(after.checked_sub(1)?).map(|p| p.number)
}

/// Page numbers in order as a list with runs shortened: `1–3, 5`.
pub(super) fn page_list(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(match j - i {
            0 => pages[i].to_string(),
            1 => format!("{}, {}", pages[i], pages[j]),
            _ => format!("{}\u{2013}{}", pages[i], pages[j]),
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// `page 2` or `pages 2, 5–7`.
pub(super) fn pages_named(pages: &[u32]) -> String {
    let s = if pages.len() == 1 { "" } else { "s" };
    format!("page{s} {}", page_list(pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_shorten_runs() {
        assert_eq!(page_list(&[1, 2, 3, 5, 7, 8]), "1\u{2013}3, 5, 7, 8");
        assert_eq!(pages_named(&[2]), "page 2");
        assert_eq!(pages_named(&[2, 4]), "pages 2, 4");
        assert_eq!(page_list(&[]), "");
    }

    #[test]
    fn a_passage_is_on_the_page_it_begins_on() {
        let pages = [
            Page {
                number: 1,
                start: 0,
            },
            Page {
                number: 2,
                start: 10,
            },
        ];
        assert_eq!(page_of(&pages, 0), Some(1));
        assert_eq!(page_of(&pages, 9), Some(1));
        assert_eq!(page_of(&pages, 10), Some(2));
        assert_eq!(page_of(&[], 3), None);
    }
}
