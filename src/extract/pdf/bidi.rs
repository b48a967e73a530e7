//! Right-to-left lines back in reading order.
//!
//! A PDF draws Arabic, Persian and Hebrew as they show, left to right on the page, so glyphs
//! come out last word first. The full Unicode bidirectional algorithm answers the opposite
//! question (from reading order to display); here a line is put back by its clusters (a
//! glyph's characters stay together, so a lam-alef stays lam then alef): a line that is mostly
//! right-to-left is reversed, then the runs of numbers and left-to-right words in it are
//! turned back; a line that is mostly left-to-right has only its right-to-left runs reversed.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Rtl,
    Ltr,
    Number,
    Neutral,
}

fn class(cluster: &str) -> Class {
    for c in cluster.chars() {
        match c {
            '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
                if !c.is_numeric() =>
            {
                return Class::Rtl;
            }
            c if c.is_numeric() => return Class::Number,
            c if c.is_alphabetic() => return Class::Ltr,
            _ => {}
        }
    }
    Class::Neutral
}

/// Reorders `line` (its clusters start at `starts`) into reading order when it holds
/// right-to-left script; leaves it alone otherwise.
pub(super) fn to_reading_order(line: &mut String, starts: &[usize]) {
    let mut clusters: Vec<(&str, Class)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = starts.get(i + 1).copied().unwrap_or(line.len());
            let text = &line[s..end];
            (text, class(text))
        })
        .collect();
    let rtl = clusters.iter().filter(|c| c.1 == Class::Rtl).count();
    if rtl == 0 {
        return;
    }
    let ltr = clusters.iter().filter(|c| c.1 == Class::Ltr).count();
    if rtl >= ltr {
        clusters.reverse();
        reverse_runs(&mut clusters, |c| matches!(c, Class::Ltr | Class::Number));
    } else {
        reverse_runs(&mut clusters, |c| c == Class::Rtl);
        // Numbers inside a reversed run read left to right again.
        reverse_runs(&mut clusters, |c| c == Class::Number);
    }
    let ordered: String = clusters.iter().map(|c| c.0).collect();
    *line = ordered;
}

/// Reverses each maximal run of clusters `of` a kind, with the neutral clusters between two of
/// them.
fn reverse_runs(clusters: &mut [(&str, Class)], of: impl Fn(Class) -> bool) {
    let mut i = 0;
    while i < clusters.len() {
        if !of(clusters[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut j = i + 1;
        while j < clusters.len() {
            match clusters[j].1 {
                c if of(c) => {
                    end = j + 1;
                    j += 1;
                }
                Class::Neutral => j += 1,
                _ => break,
            }
        }
        clusters[start..end].reverse();
        i = end.max(start + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(clusters: &[&str]) -> String {
        let mut line = clusters.concat();
        let mut starts = Vec::new();
        let mut at = 0;
        for c in clusters {
            starts.push(at);
            at += c.len();
        }
        to_reading_order(&mut line, &starts);
        line
    }

    #[test]
    fn right_to_left_lines_come_back_in_reading_order() {
        // drawn left to right: "." then the words last first, then "2 ." (numbers stay)
        assert_eq!(order(&["ب", "ا", " ", "لا", "ج", " ", "1", "2"]), "12 جلا اب");
        assert_eq!(order(&["a", "b", " ", "ب", "ا", " ", "c"]), "ab اب c");
        assert_eq!(order(&["a", "b", " ", "c"]), "ab c");
    }
}
