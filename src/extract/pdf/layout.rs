//! Glyphs, as `pdf-extract` reports them one by one with their position, to lines of text.
//!
//! The order is the order the page draws them. Typesetters (TeX, word processors, browsers)
//! draw a two-column page column by column and a line left to right, so that order is the
//! reading order; sorting glyphs by position, as some extractors do, interleaves the columns
//! line by line. A glyph starts a new line when it sits half a line above or below the one
//! before (a new column starts higher up), and is preceded by a space when a gap separates it
//! from the one before on its line.
//!
//! What a reader copies differs from the drawn glyphs, and is made so here: a ligature glyph
//! (ﬁ, ﬂ …) and an Arabic presentation form are their letters; a glyph inside an
//! `/ActualText` span is that text (`actual_text`); a soft hyphen is invisible except at a
//! line's end; control characters (unmapped glyphs) are not text; and right-to-left script,
//! drawn left to right as it shows, is put back in reading order (`bidi`).

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use unicode_normalization::UnicodeNormalization;

use super::actual_text::{END, MARK, START};
use super::bidi;
use crate::extract::Page;

/// Where the last glyph ended.
#[derive(Clone, Copy)]
struct Last {
    end: f64,
    y: f64,
    size: f64,
}

/// The `OutputDev` that builds the reader text.
pub(super) struct Layout {
    pub text: String,
    pub pages: Vec<Page>,
    pub textless: Vec<u32>,
    /// Set when the text outgrew `limit` (extraction was stopped).
    pub over_limit: bool,
    limit: usize,
    /// The texts of the `/ActualText` spans, by number.
    actual: Vec<String>,
    /// The open span's number, while its glyphs are being skipped.
    in_span: Option<usize>,
    /// No glyph of the open span has been placed yet (the first decides the break before it).
    span_fresh: bool,
    height: f64,
    page: u32,
    last: Option<Last>,
    /// The line being built, and where each of its clusters (a glyph's characters) starts.
    line: String,
    clusters: Vec<usize>,
    pending: Pending,
}

/// What comes before the next glyph on the line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    Nothing,
    Space,
    /// A soft hyphen: shown as `-` if the line ends here, dropped if the word goes on.
    SoftHyphen,
}

impl Layout {
    pub fn new(limit: usize, actual: Vec<String>) -> Self {
        Self {
            text: String::new(),
            pages: Vec::new(),
            textless: Vec::new(),
            over_limit: false,
            limit,
            actual,
            in_span: None,
            span_fresh: false,
            height: 0.0,
            page: 0,
            last: None,
            line: String::new(),
            clusters: Vec::new(),
            pending: Pending::Nothing,
        }
    }

    /// A fresh layout with the same span texts, for reading again page by page.
    pub fn restart(self) -> Self {
        Self::new(self.limit, self.actual)
    }

    /// Where the current page's text begins.
    fn page_start(&self) -> usize {
        self.pages.last().map_or(0, |p| p.start)
    }

    /// Drops what a page that failed half-way left, and records it as without text.
    pub fn abandon_page(&mut self, number: u32) {
        self.line.clear();
        self.clusters.clear();
        if self.pages.last().is_some_and(|p| p.number == number) {
            let start = self.page_start();
            self.text.truncate(start);
        } else {
            self.pages.push(Page {
                number,
                start: self.text.len(),
            });
        }
        self.textless.retain(|&n| n != number);
        self.textless.push(number);
        self.last = None;
        self.in_span = None;
        self.pending = Pending::Nothing;
    }

    /// Ends the line: a pending soft hyphen shows, the line goes in reading order to the text.
    fn line_break(&mut self) {
        if self.pending == Pending::SoftHyphen {
            self.cluster("-");
        }
        self.pending = Pending::Nothing;
        if self.line.is_empty() {
            return;
        }
        bidi::to_reading_order(&mut self.line, &self.clusters);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(&self.line);
        self.line.clear();
        self.clusters.clear();
    }

    /// Adds one glyph's characters.
    fn cluster(&mut self, s: &str) {
        if self.pending == Pending::Space && !self.line.is_empty() {
            self.clusters.push(self.line.len());
            self.line.push(' ');
        }
        self.pending = Pending::Nothing;
        self.clusters.push(self.line.len());
        self.line.push_str(s);
    }

    /// Adds a glyph's characters as a reader copies them.
    fn glyph(&mut self, chars: &str) {
        let mut visible = String::new();
        for c in chars.chars() {
            match c {
                '\u{AD}' => self.pending = Pending::SoftHyphen,
                c if c.is_whitespace() => self.space(),
                c if c.is_control() => {}
                c => push_copied(&mut visible, c),
            }
        }
        if !visible.is_empty() {
            if self.pending == Pending::SoftHyphen {
                self.pending = Pending::Nothing;
            }
            self.cluster(&visible);
        }
    }

    /// A space before the next glyph, unless a soft hyphen is pending (its glyph keeps its
    /// width even where it is not shown, which looks like a gap).
    fn space(&mut self) {
        if self.pending == Pending::Nothing {
            self.pending = Pending::Space;
        }
    }

    /// Decides, from a glyph's position, whether a line break or a space comes before it.
    fn place(&mut self, x: f64, y: f64, size: f64) {
        if let Some(last) = self.last {
            let line = last.size.max(size);
            if (y - last.y).abs() > line * 0.5 {
                self.line_break();
            } else if x > last.end + line * 0.15 || x < last.end - line {
                // A gap, or a jump back along the line (a right-aligned label drawn before the
                // text at its left): words apart either way.
                self.space();
            }
        }
    }
}

/// Pushes `c` as a reader copies it: a Latin ligature or an Arabic presentation form (glyph
/// variants Unicode keeps for old encodings) as its letters.
fn push_copied(out: &mut String, c: char) {
    if matches!(c, '\u{FB00}'..='\u{FB06}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        out.extend(std::iter::once(c).nfkc());
    } else {
        out.push(c);
    }
}

fn too_long() -> OutputError {
    OutputError::FormatError(std::fmt::Error)
}

impl OutputDev for Layout {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.line_break();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.height = media_box.ury - media_box.lly;
        self.page = page_num;
        self.pages.push(Page {
            number: page_num,
            start: self.text.len(),
        });
        self.last = None;
        self.in_span = None;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.line_break();
        if self.text[self.page_start()..].trim().is_empty() {
            self.textless.push(self.page);
        }
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The glyph's origin on the page, y growing downwards, and its size: the text matrix
        // scales the font by the square root of its determinant.
        let x = trm.m31;
        let y = self.height - trm.m32;
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let mut size = (font_size * scale).abs();
        if !size.is_finite() || size < 0.01 {
            size = 1.0;
        }
        if self.in_span.is_none() {
            self.place(x, y, size);
            self.glyph(char);
        } else if self.span_fresh {
            self.place(x, y, size);
            self.span_fresh = false;
        }
        let advance = width * size;
        self.last = Some(Last {
            end: x + if advance.is_finite() { advance } else { 0.0 },
            y,
            size,
        });
        if self.text.len() + self.line.len() > self.limit {
            self.over_limit = true;
            return Err(too_long());
        }
        Ok(())
    }

    fn fill(
        &mut self,
        _ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let is = |v: f64, k: i32| (v - f64::from(k)).abs() < 0.5;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if let Some(&PathOp::Rect(x, kind, index, _)) = path.ops.last()
            && is(x, MARK)
            && index >= 0.0
        {
            let index = index as usize;
            if is(kind, START) {
                self.in_span = Some(index);
                self.span_fresh = true;
            } else if is(kind, END) && self.in_span == Some(index) {
                self.in_span = None;
                if let Some(text) = self.actual.get(index).cloned() {
                    self.glyph(&text);
                }
            }
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
