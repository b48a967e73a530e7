//! The unified diff of a change made by patches, as `check --fix` prints it.
//!
//! Diffing the whole file before and after (Myers' algorithm, in `similar`) costs the file's
//! lines times the lines changed: 20,000 rewritten quotes in a 3 MB file took most of
//! `--fix`'s time, 100,000 in 17 MB minutes. But the patches say where the changes are: only
//! the lines each patch touches are diffed (by `similar`, a few lines at a time), and the lines
//! between are the same by construction. The hunks are grouped and headed by `similar` as
//! before, so the output is what diffing the whole file printed.

use std::fmt::Write as _;
use std::ops::Range;

use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices, group_diff_ops, udiff};

use super::Patch;

/// The unified diff from `old` to `new`, which is `old` with `patches` applied (sorted by
/// start, not overlapping), headed `--- name` and `+++ name`, with `context` lines around each
/// change; empty when nothing changed.
#[must_use]
pub fn unified(old: &str, new: &str, patches: &[Patch], name: &str, context: usize) -> String {
    let old_lines = lines(old);
    let new_lines = lines(new);
    // Where each old line starts, then the text's end.
    let mut starts = Vec::with_capacity(old_lines.len() + 1);
    let mut at = 0;
    for line in &old_lines {
        starts.push(at);
        at += line.len();
    }
    starts.push(old.len());
    let mut ops: Vec<DiffOp> = Vec::new();
    // Old lines compared so far; how many bytes and lines the new text is ahead by.
    let (mut done, mut bytes_ahead, mut lines_ahead) = (0usize, 0isize, 0isize);
    let mut next = 0;
    while next < patches.len() {
        // The region: the old lines the patches touch, grown while the next patch starts in
        // it, and while its new text would not end where a line of the new text ends.
        let first = line_of(&starts, patches[next].range.start);
        let mut end = end_line(&starts, &patches[next].range).max(first);
        let mut last = next;
        let new_range = loop {
            while let Some(p) = patches.get(last + 1)
                && line_of(&starts, p.range.start) < end.max(first + 1)
            {
                last += 1;
                end = end.max(end_line(&starts, &p.range));
            }
            let growth: isize = patches[next..=last].iter().map(growth).sum();
            let from = offset(starts[first], bytes_ahead);
            let to = offset(starts[end], bytes_ahead + growth);
            let ends_a_line = to == new.len()
                || new[..to].ends_with('\n')
                || (new[..to].ends_with('\r') && !new[to..].starts_with('\n'));
            if ends_a_line || end >= old_lines.len() {
                bytes_ahead += growth;
                break from..to;
            }
            end += 1;
        };
        let new_first = offset(first, lines_ahead);
        let new_count = lines(&new[new_range]).len();
        if first > done {
            ops.push(DiffOp::Equal {
                old_index: done,
                new_index: offset(done, lines_ahead),
                len: first - done,
            });
        }
        let old_region = &old_lines[first..end];
        let new_region = &new_lines[new_first..(new_first + new_count).min(new_lines.len())];
        for op in capture_diff_slices(Algorithm::Myers, old_region, new_region) {
            ops.push(moved(op, first, new_first));
        }
        lines_ahead += as_isize(new_region.len()) - as_isize(old_region.len());
        done = end;
        next = last + 1;
    }
    if done < old_lines.len() {
        ops.push(DiffOp::Equal {
            old_index: done,
            new_index: offset(done, lines_ahead),
            len: old_lines.len() - done,
        });
    }
    format(&ops, &old_lines, &new_lines, name, context)
}

/// The lines of `text` as `similar` splits them: after `\n`, `\r\n` or a lone `\r`, each
/// with its line break.
fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(&text[start..=i]);
        start = i + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The index of the line holding byte `at` (the number of lines, at the end).
fn line_of(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

/// The index of the first line after those a patch of `range` touches: a range that ends
/// where a line starts leaves that line alone.
fn end_line(starts: &[usize], range: &Range<usize>) -> usize {
    match starts.binary_search(&range.end) {
        Ok(line) | Err(line) => line,
    }
}

/// How many bytes a patch adds (fewer than none when it shortens the text).
fn growth(p: &Patch) -> isize {
    as_isize(p.text.len()) - as_isize(p.range.len())
}

fn as_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// `at` moved by `by`.
fn offset(at: usize, by: isize) -> usize {
    at.saturating_add_signed(by)
}

/// An operation on a region's lines, moved to the region's place in the files.
fn moved(op: DiffOp, old_first: usize, new_first: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + old_first,
            new_index: new_index + new_first,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + old_first,
            old_len,
            new_index: new_index + new_first,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + old_first,
            new_index: new_index + new_first,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + old_first,
            old_len,
            new_index: new_index + new_first,
            new_len,
        },
    }
}

/// The hunks of `ops` as `similar`'s unified diff of lines writes them.
fn format(ops: &[DiffOp], old: &[&str], new: &[&str], name: &str, context: usize) -> String {
    let mut out = String::new();
    for hunk in group_diff_ops(ops.to_vec(), context) {
        if !hunk.iter().any(|op| op.tag() != DiffTag::Equal) {
            continue;
        }
        if out.is_empty() {
            let _ = write!(out, "--- {name}\n+++ {name}\n");
        }
        let _ = writeln!(out, "{}", udiff::UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            let line = |out: &mut String, sign: char, text: &str| {
                out.push(sign);
                out.push_str(text);
                if !text.ends_with(['\n', '\r']) {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            };
            match op.tag() {
                DiffTag::Equal => old[old_range].iter().for_each(|t| line(&mut out, ' ', t)),
                DiffTag::Delete => old[old_range].iter().for_each(|t| line(&mut out, '-', t)),
                DiffTag::Insert => new[new_range].iter().for_each(|t| line(&mut out, '+', t)),
                DiffTag::Replace => {
                    old[old_range].iter().for_each(|t| line(&mut out, '-', t));
                    new[new_range].iter().for_each(|t| line(&mut out, '+', t));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::patch::apply;

    /// The diff from the patches, and the one from diffing the whole texts.
    fn both(old: &str, patches: &[Patch]) -> (String, String) {
        let new = String::from_utf8(apply(old.as_bytes(), patches).unwrap()).unwrap();
        let whole = similar::TextDiff::from_lines(old, &new)
            .unified_diff()
            .context_radius(2)
            .header("f", "f")
            .to_string();
        (unified(old, &new, patches, "f", 2), whole)
    }

    #[test]
    fn patches_diff_as_the_whole_texts_do() {
        let old = "a\nb: \"x\"\nc\nd\ne\nf\ng\nh: \"y\"\ni\nj\nk\nl\nm\nn: 'z'\n";
        let at = |s: &str| old.find(s).unwrap();
        let cases: Vec<Vec<Patch>> = vec![
            vec![Patch {
                range: at("\"x\"")..at("\"x\"") + 3,
                text: "\"xx\"".into(),
            }],
            // Two changes close enough to share a hunk, one far away, an insertion.
            vec![
                Patch::insert(at("c\n"), "inserted: 1\n"),
                Patch {
                    range: at("\"x\"")..at("\"x\"") + 3,
                    text: "\"new\"".into(),
                },
                Patch {
                    range: at("\"y\"")..at("\"y\"") + 3,
                    text: "\"why\"".into(),
                },
                Patch {
                    range: at("'z'")..at("'z'") + 3,
                    text: "'zed'".into(),
                },
            ],
            // A patch that joins two lines, and one at the very end.
            vec![
                Patch {
                    range: at("d\n") + 1..at("d\n") + 2,
                    text: String::new(),
                },
                Patch::insert(old.len(), "o: 1"),
            ],
        ];
        for patches in &cases {
            let mut sorted = patches.clone();
            sorted.sort_by_key(|p| p.range.start);
            let (ours, whole) = both(old, &sorted);
            assert_eq!(ours, whole, "{patches:?}");
        }
        // CRLF, no newline at the end, a change on the last line.
        let crlf = "a\r\nb: 1\r\nc: 2";
        let (ours, whole) = both(
            crlf,
            &[Patch {
                range: crlf.len() - 1..crlf.len(),
                text: "3".into(),
            }],
        );
        assert_eq!(ours, whole);
        assert_eq!(both("a\n", &[]).0, "");
    }

    #[test]
    fn many_patches_cost_their_lines() {
        // 100,000 one-line changes to a 100,000-line text: Myers over the whole texts does
        // 10^10 steps; by patch, a few per change.
        let mut old = String::new();
        for i in 0..100_000 {
            let _ = writeln!(old, "k{i}: \"v\"");
        }
        let mut patches = Vec::new();
        let mut at = 0;
        for i in 0..100_000 {
            let line = format!("k{i}: \"v\"\n");
            let v = at + line.find('"').unwrap();
            patches.push(Patch {
                range: v..v + 3,
                text: "\"w\"".into(),
            });
            at += line.len();
        }
        let new = String::from_utf8(apply(old.as_bytes(), &patches).unwrap()).unwrap();
        let diff = unified(&old, &new, &patches, "f", 2);
        assert_eq!(diff.matches("\n-k").count(), 100_000);
        assert_eq!(diff.matches("\n+k").count(), 100_000);
        assert!(diff.starts_with("--- f\n+++ f\n@@ -1,100000 +1,100000 @@\n-k0: \"v\"\n"));
    }
}
