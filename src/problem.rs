//! A problem in a chronology file, written for the person who has to fix it.
//!
//! In the spirit of ripgrep's messages: `path:line:column: what is wrong`, then the entity and
//! field it concerns, then what to do. Loading collects every problem it can find before
//! giving up, so one run of `check` shows the whole list.
//!
//! A plain type below the loader (which makes problems) and the viewer's state (which shows
//! them in its problems pane), so neither has to import the other.

use std::fmt;

use crate::text::sanitize;

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, where the YAML gives one.
    pub position: Option<(u64, u64)>,
    /// What the problem is about, e.g. `event "kerman-bombings"`.
    pub entity: Option<String>,
    /// The field, e.g. `actors`.
    pub field: Option<String>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Places in other files that explain the problem (the closest passage of a source, each
    /// occurrence of an ambiguous quote), shown as snippets under the message.
    pub related: Vec<Related>,
    /// A replacement for the offending value that would fix it, for `--fix`, `--pin` and
    /// editors.
    pub suggestion: Option<Suggestion>,
}

/// A place in another file (a source document) that a problem points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The file as messages name it (a source's path as written).
    pub file: String,
    /// 1-based line of the first line of `excerpt`.
    pub line: usize,
    /// Characters of that line left out before `excerpt` (0: it starts with the line).
    pub column: usize,
    /// The lines of the file holding the place; a long line is cut to a window around it
    /// (`column`, `more`).
    pub excerpt: String,
    /// Whether the last line goes on past `excerpt`.
    pub more: bool,
    /// The place, as a byte range in `excerpt`.
    pub span: std::ops::Range<usize>,
    /// What the place is, e.g. `closest passage`.
    pub label: String,
    /// For one occurrence of an ambiguous quote, the `prefix:` that picks it: an editor offers
    /// to add it.
    pub prefix: Option<String>,
}

/// Text that would replace the offending value, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The new value (e.g. the passage to quote), unquoted.
    pub replacement: String,
    /// Whether it may be applied without a human: by `--fix` for a quote (a clear best match,
    /// little changed), by `--pin` for a fingerprint (every quote of its source still anchors).
    pub confident: bool,
    /// Which of the problem's `related` places the replacement comes from (the passage in the
    /// source), if any.
    pub from: Option<usize>,
}

impl Problem {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            position: None,
            entity: None,
            field: None,
            message: message.into(),
            help: None,
            related: Vec::new(),
            suggestion: None,
        }
    }

    #[must_use]
    pub fn at(mut self, position: Option<(u64, u64)>) -> Self {
        self.position = position.filter(|&(line, _)| line > 0);
        self
    }

    #[must_use]
    pub fn entity(mut self, entity: Option<String>) -> Self {
        self.entity = entity;
        self
    }

    #[must_use]
    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Problem {
    /// `data/x.yaml:12:7: event "kerman-bombings", field `actors`: unknown actor "isis"`
    /// followed by an indented `help:` line. Everything from the data is sanitised.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", sanitize(&self.file))?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        match (&self.entity, &self.field) {
            (Some(e), Some(field)) => write!(f, "{}, field `{}`: ", sanitize(e), sanitize(field))?,
            (Some(e), None) => write!(f, "{}: ", sanitize(e))?,
            (None, Some(field)) => write!(f, "field `{}`: ", sanitize(field))?,
            (None, None) => {}
        }
        f.write_str(&sanitize(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", sanitize(help))?;
        }
        Ok(())
    }
}

impl Problem {
    /// The first line of the problem as [`fmt::Display`] writes it (`file:line:col: entity,
    /// field: message`), which scripts and editors parse.
    #[must_use]
    pub fn headline(&self) -> String {
        let full = self.to_string();
        match full.split_once("\n  help: ") {
            Some((head, _)) => head.to_string(),
            None => full,
        }
    }
}

/// Every problem found in one load, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
