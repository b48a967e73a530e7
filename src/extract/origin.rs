//! Where reader text came from in the original file, kept lean: runs, not a number per byte.

/// One stretch of reader text whose origin is known: it begins at reader byte `reader`, which
/// came from original byte `original` on line `line` (1-based); it ends where the next run
/// begins. Runs never span a line of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    pub reader: u32,
    pub original: u32,
    pub line: u32,
}

/// The map from reader text back to the original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The reader text is the original from byte `base` on (plain text; `base` skips a
    /// byte-order mark).
    Identity { base: usize },
    /// Sorted runs. When `exact`, reader and original advance together inside a run (the
    /// original is UTF-8 and the run's text is copied from it); otherwise every byte of a run
    /// maps to the run's start.
    Runs { runs: Vec<Run>, exact: bool },
    /// No way back (a PDF: its text is drawn from compressed streams, cited by page).
    None,
}

impl Origin {
    /// The run holding reader byte `at`, if any.
    fn run(runs: &[Run], at: usize) -> Option<&Run> {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let after = runs.partition_point(|r| r.reader <= at);
        runs.get(after.checked_sub(1)?)
    }

    /// The original byte offset reader byte `at` came from. `text` is the reader text (the
    /// identity map counts in it).
    pub fn offset(&self, text: &str, at: usize) -> Option<usize> {
        let at = at.min(text.len());
        match self {
            Self::Identity { base } => Some(base + at),
            Self::Runs { runs, exact } => {
                let run = Self::run(runs, at)?;
                let within = if *exact { at - run.reader as usize } else { 0 };
                Some(run.original as usize + within)
            }
            Self::None => None,
        }
    }

    /// The line (1-based) of the original file reader byte `at` came from.
    ///
    /// For the identity map this counts the newlines before `at` (memchr's speed, gigabytes a
    /// second); a caller with many offsets in a large text should sweep them in order instead.
    pub fn line(&self, text: &str, at: usize) -> Option<usize> {
        let at = at.min(text.len());
        match self {
            Self::Identity { .. } => {
                Some(1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count())
            }
            Self::Runs { runs, .. } => Self::run(runs, at).map(|r| r.line as usize),
            Self::None => None,
        }
    }

    /// How many runs the map holds (its size is twelve bytes a run).
    pub fn len(&self) -> usize {
        match self {
            Self::Runs { runs, .. } => runs.len(),
            Self::Identity { .. } | Self::None => 0,
        }
    }

    /// Whether the map holds no runs.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_counts_lines_and_skips_the_bom() {
        let o = Origin::Identity { base: 3 };
        let text = "a\nb\nc";
        assert_eq!(o.offset(text, 2), Some(5));
        assert_eq!(o.line(text, 0), Some(1));
        assert_eq!(o.line(text, 2), Some(2));
        assert_eq!(o.line(text, 4), Some(3));
        assert_eq!(o.line(text, 99), Some(3));
    }

    #[test]
    fn runs_map_by_binary_search() {
        let runs = vec![
            Run {
                reader: 0,
                original: 10,
                line: 2,
            },
            Run {
                reader: 5,
                original: 40,
                line: 4,
            },
        ];
        let text = "hello world";
        let exact = Origin::Runs {
            runs: runs.clone(),
            exact: true,
        };
        assert_eq!(exact.offset(text, 3), Some(13));
        assert_eq!(exact.offset(text, 7), Some(42));
        assert_eq!(exact.line(text, 4), Some(2));
        assert_eq!(exact.line(text, 5), Some(4));
        let coarse = Origin::Runs { runs, exact: false };
        assert_eq!(coarse.offset(text, 7), Some(40));
        assert_eq!(Origin::None.line(text, 1), None);
        assert_eq!(
            Origin::Runs {
                runs: vec![],
                exact: true
            }
            .line(text, 1),
            None
        );
    }
}
