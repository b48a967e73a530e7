//! A PDF's pages in the source pane: going to a page typed in the date prompt (`p12`), and
//! which page the reader is on, for the pane's title.
//!
//! The date prompt takes a page rather than a prompt of its own: `:` is "go to" in every pane,
//! and in a PDF's source pane the place to go to is a page. A page is found among the dividers
//! laid out with the wrapped lines ([`super::wrap::wrap_pages`]) and the page on screen by
//! binary searches, so nothing here costs more for a longer document.

use std::ops::Range;

use super::{App, Focus, wrap};
use crate::model::{Format, Source};

/// A page as the prompt takes it: `p12`, `p 12`, `p. 12`, `page 12` (any case).
pub fn parse_page(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    let rest = ["page", "p.", "p"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))?;
    let digits = rest.trim_start();
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The pages shown in the source pane's title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PagesInView {
    /// The page at the top of the view.
    pub top: u32,
    /// The current passage's page, when it is another: the page to cite, wherever the reader
    /// has scrolled.
    pub passage: Option<u32>,
}

impl App {
    /// The shown source, when it is a PDF.
    fn shown_pdf(&self) -> Option<&Source> {
        self.source
            .source
            .and_then(|s| self.chronology.sources.get(s))
            .filter(|s| s.format == Format::Pdf)
    }

    /// Whether the date prompt, opened now, also takes a page: in the source pane of a PDF.
    pub fn prompt_takes_pages(&self) -> bool {
        self.focus == Focus::Source && self.shown_pdf().is_some()
    }

    /// The page at the top of the source pane: a divider's own page, else the page of the
    /// first byte shown.
    fn page_at_top(&self, source: &Source) -> Option<u32> {
        let top = self.source.scroll;
        self.source.divider_at(top).or_else(|| {
            let at = self.source.lines.get(top).map_or(0, |l| l.start);
            source.page_at(at)
        })
    }

    /// The page of the current passage, when it is in the shown source and that is a PDF.
    pub(super) fn passage_page(&self) -> Option<u32> {
        self.current_citation()
            .and_then(|r| self.chronology.citation(r))
            .filter(|c| Some(c.source) == self.source.source)
            .and_then(|c| self.chronology.page_of(c))
    }

    /// The pages the source pane's title names; `None` unless a PDF is shown.
    pub fn pages_in_view(&self) -> Option<PagesInView> {
        let top = self.page_at_top(self.shown_pdf()?)?;
        Some(PagesInView {
            top,
            passage: self.passage_page().filter(|&p| p != top),
        })
    }

    /// The display lines the source pane shows.
    pub(super) fn shown_lines(&self) -> Range<usize> {
        self.source.scroll..self.source.scroll + self.source_height().max(1)
    }

    /// Scrolls the source pane to the start of `page`, its divider at the top, and focuses it.
    /// The error, for the prompt, says why not: no PDF shown, or no such page.
    pub(super) fn go_to_page(&mut self, page: u32) -> Result<(), String> {
        let Some(source) = self
            .source
            .source
            .and_then(|s| self.chronology.sources.get(s))
        else {
            return Err("no source is shown: open a citation's source first".into());
        };
        // Sanitised where it is drawn, as every message is.
        let path = &source.path;
        let kind = match source.format {
            Format::Pdf => None,
            Format::Html => Some("a web page"),
            Format::Text => Some("a text file"),
        };
        if let Some(kind) = kind {
            return Err(format!(
                "{path}: {kind} has no pages; only a PDF's are numbered"
            ));
        }
        let (Some(first), Some(last)) = (source.pages.first(), source.pages.last()) else {
            return Err(format!("{path}: no pages were read from this PDF"));
        };
        let Some(start) = source
            .pages
            .iter()
            .find(|p| p.number == page)
            .map(|p| p.start)
        else {
            return Err(format!(
                "{path}: no page {page}; the PDF has pages {}–{}",
                first.number, last.number
            ));
        };
        let line = self
            .source
            .dividers
            .iter()
            .find(|d| d.page == page)
            .map_or_else(|| wrap::line_of(&self.source.lines, start), |d| d.line);
        self.focus = Focus::Source;
        self.source.scroll = line;
        self.clamp_source();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_page;

    #[test]
    fn a_page_is_written_as_a_reader_cites_it() {
        for text in [
            "p12",
            "p 12",
            "p. 12",
            "P12",
            "page 12",
            " Page  12 ",
            "p.12",
        ] {
            assert_eq!(parse_page(text), Some(12), "{text:?}");
        }
        for text in [
            "12",
            "pizza",
            "p",
            "page",
            "p-3",
            "p 1x",
            "2018",
            "p 99999999999",
            "",
        ] {
            assert_eq!(parse_page(text), None, "{text:?}");
        }
    }
}
