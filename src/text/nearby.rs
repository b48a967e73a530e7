//! Names near a misspelt one: `did you mean "shevchenko"?` before any list of valid names.
//!
//! A one-letter typo in an actor id or a field name used to get the whole list of valid names,
//! three hundred of them in a large chronology. Like rustc and cargo, the closest name comes
//! first when it is close enough to be the one meant, then a handful of the others, nearest
//! first. Distance is `strsim`'s optimal string alignment (a swap of two neighbouring letters
//! is one edit, as in `qoute`); a name is close enough when it is at most a third of the typed
//! name's length away (at least one edit), or equal but for case. Names are short; one longer
//! than [`LONGEST`] is not measured (it is as far as its length says), so a hostile megabyte
//! id costs nothing.

/// Other names listed after the closest, at most.
pub const HANDFUL: usize = 5;
/// Longest name measured, in bytes.
pub const LONGEST: usize = 64;

/// The names nearest a typed one, kept to be asked again (a file may misspell one id often):
/// the nearest few, best first, and how many there are in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranking {
    /// (edits, name), nearest first, then in alphabetical order; a few more than a message
    /// shows, so that one left out (an event's own id) can be replaced.
    nearest: Vec<(usize, String)>,
    total: usize,
    /// Edits within which a name is the one meant.
    reach: usize,
}

/// What to say about a name that is not among the valid ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nearby<'a> {
    /// The one most likely meant, when one is close enough.
    pub meant: Option<&'a str>,
    /// Up to [`HANDFUL`] others, nearest first.
    pub others: Vec<&'a str>,
    /// How many names there are in all.
    pub total: usize,
}

impl Ranking {
    /// The names of `names` nearest `typed`.
    pub fn of<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut ranked: Vec<(usize, &str)> = names
            .into_iter()
            .map(|name| (distance(typed, name), name))
            .collect();
        ranked.sort_unstable();
        ranked.dedup_by_key(|(_, name)| *name);
        Ranking {
            total: ranked.len(),
            nearest: ranked
                .into_iter()
                .take(HANDFUL + 2)
                .map(|(d, name)| (d, name.to_string()))
                .collect(),
            reach: (typed.chars().count() / 3).max(1),
        }
    }

    /// Without ranking: the first names in the order given (when ranking would cost too much).
    pub fn unranked<'a>(names: impl IntoIterator<Item = &'a str>, total: usize) -> Self {
        Ranking {
            nearest: names
                .into_iter()
                .take(HANDFUL + 2)
                .map(|name| (usize::MAX, name.to_string()))
                .collect(),
            total,
            reach: 0,
        }
    }

    /// What to say, leaving out `exclude` (an event cannot be related to itself).
    pub fn nearby(&self, exclude: Option<&str>) -> Nearby<'_> {
        let mut names = self
            .nearest
            .iter()
            .filter(|(_, name)| Some(name.as_str()) != exclude)
            .peekable();
        let meant = names
            .next_if(|(d, _)| *d <= self.reach)
            .map(|(_, name)| name.as_str());
        let excluded = exclude.is_some_and(|e| self.nearest.iter().any(|(_, n)| n == e));
        Nearby {
            meant,
            others: names.take(HANDFUL).map(|(_, name)| name.as_str()).collect(),
            total: self.total - usize::from(excluded),
        }
    }
}

impl Nearby<'_> {
    /// `did you mean "x"? ` when one is close, else nothing: the start of a help line.
    pub fn did_you_mean(&self, quote: impl Fn(&str) -> String) -> String {
        self.meant
            .map(|m| format!("did you mean {}? ", quote(m)))
            .unwrap_or_default()
    }

    /// The others as a list, `a, b, c, … (300 in all)` when some are left out; `None` when
    /// there are none.
    pub fn listed(&self, quote: impl Fn(&str) -> String) -> Option<String> {
        if self.others.is_empty() {
            return None;
        }
        let mut list: Vec<String> = self.others.iter().map(|n| quote(n)).collect();
        let shown = self.others.len() + usize::from(self.meant.is_some());
        if shown < self.total {
            list.push(format!("… ({} in all)", self.total));
        }
        Some(list.join(", "))
    }
}

/// Edits between two names; a difference of case alone counts as none.
fn distance(typed: &str, name: &str) -> usize {
    if typed.len() > LONGEST || name.len() > LONGEST {
        return typed.len().max(name.len());
    }
    if typed.to_lowercase() == name.to_lowercase() {
        return 0;
    }
    strsim::osa_distance(typed, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn a_one_letter_typo_names_the_one_meant_then_a_handful() {
        let names: Vec<String> = (0..300)
            .map(|i| format!("actor-{i:03}"))
            .chain(["shevchenko".to_string(), "shevchuk".to_string()])
            .collect();
        let ranking = Ranking::of("shevchenk", names.iter().map(String::as_str));
        let near = ranking.nearby(None);
        assert_eq!(near.meant, Some("shevchenko"));
        assert_eq!(near.others.len(), HANDFUL);
        assert_eq!(near.others[0], "shevchuk");
        assert_eq!(near.total, 302);
        assert_eq!(
            near.did_you_mean(|n| format!("\"{n}\"")),
            "did you mean \"shevchenko\"? "
        );
        assert!(near.listed(plain).unwrap().ends_with(", … (302 in all)"));
        // Left out, the next nearest takes its place.
        let without = ranking.nearby(Some("shevchenko"));
        assert_eq!((without.meant, without.total), (Some("shevchuk"), 301));
        assert_eq!(without.others[0], "actor-000");
    }

    #[test]
    fn swaps_and_case_are_near_and_strangers_are_not() {
        let fields = ["source", "quote", "prefix", "note"];
        let meant = |typed| {
            Ranking::of(typed, fields)
                .nearby(None)
                .meant
                .map(str::to_string)
        };
        assert_eq!(meant("qoute").as_deref(), Some("quote"));
        assert_eq!(meant("Quote").as_deref(), Some("quote"));
        assert_eq!(meant("author"), None);
        let ranking = Ranking::of("isis", ["us", "iran"]);
        let few = ranking.nearby(None);
        assert_eq!(
            (few.meant, few.listed(plain).as_deref()),
            (None, Some("iran, us"))
        );
        assert_eq!(
            Ranking::of("x", [] as [&str; 0]).nearby(None).listed(plain),
            None
        );
        let long = "x".repeat(1_000_000);
        assert_eq!(
            Ranking::of(&long, [long.as_str(), "a"]).nearby(None).meant,
            None
        );
    }
}
