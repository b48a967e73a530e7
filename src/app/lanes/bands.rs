//! The chronology's periods as bands on the overview strip, under the density: where each one
//! starts and ends on the strip's axis. Computed here so the renderer only draws; a chronology
//! has a handful of periods, so this costs the same at any number of events.

use super::Viewport;
use super::shape::{first, last};
use crate::app::App;
use crate::model::{Clock, Date, Period};

/// One period's columns on the strip, clamped to it; an open end runs to the strip's edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// Its place in `Chronology::periods`.
    pub period: usize,
    /// First and last column, inclusive, inside the strip.
    pub from: u16,
    pub to: u16,
    /// The period goes on before the first column or after the last (an open end, or beyond
    /// the strip's extent).
    pub open_before: bool,
    pub open_after: bool,
}

/// The bands of `periods` on `view` at `width` columns (times on `clock`), longest first, so
/// that a period nested in another is drawn over it and stays visible; periods wholly outside
/// the strip are left out.
pub fn bands(periods: &[Period], view: &Viewport, width: u16, clock: &Clock) -> Vec<Band> {
    let edge = i64::from(width) - 1;
    let mut out: Vec<(i64, Band)> = periods
        .iter()
        .enumerate()
        .filter_map(|(period, p)| {
            let (start, end) = match p.date {
                Date::Point(d) => (Some(first(d, clock)), Some(last(d, clock))),
                Date::Interval { start, end } => {
                    (start.map(|d| first(d, clock)), end.map(|d| last(d, clock)))
                }
            };
            if start.is_none() && end.is_none() {
                return None;
            }
            let from = start.map_or(i64::MIN, |d| view.column(d, width));
            let to = end.map_or(i64::MAX, |d| view.column(d, width));
            if width == 0 || to < 0 || from > edge || from > to {
                return None;
            }
            let clamp = |c: i64| u16::try_from(c.clamp(0, edge)).unwrap_or(0);
            let band = Band {
                period,
                from: clamp(from),
                to: clamp(to),
                open_before: from < 0,
                open_after: to > edge,
            };
            Some((to.saturating_sub(from), band))
        })
        .collect();
    out.sort_by_key(|&(length, band)| (std::cmp::Reverse(length), band.period));
    out.into_iter().map(|(_, band)| band).collect()
}

impl App {
    /// The period bands at `width` columns, on the same axis as the strip's density.
    pub fn strip_bands(&self, width: u16) -> Vec<Band> {
        self.lanes
            .fit(width)
            .map(|view| bands(&self.chronology.periods, &view, width, &self.clock))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::axis::{DAY_FLOOR, MINUTES_PER_DAY};
    use super::*;

    fn period(date: &str) -> Period {
        Period {
            id: "p".into(),
            title: "P".into(),
            date: Date::parse(date).unwrap(),
            note: None,
        }
    }

    /// 2000-01-01 to 2009-12-31 over 100 columns.
    fn decade() -> Viewport {
        let start = first(
            crate::model::Point::new(2000, None, None).unwrap(),
            &Clock::AsWritten,
        );
        let end = last(
            crate::model::Point::new(2009, None, None).unwrap(),
            &Clock::AsWritten,
        );
        assert_eq!((end + 1 - start) % MINUTES_PER_DAY, 0);
        Viewport {
            start,
            span: end - start + 1,
            floor: DAY_FLOOR,
        }
    }

    #[test]
    fn a_period_covers_its_share_of_the_axis() {
        let b = bands(&[period("2002/2003")], &decade(), 100, &Clock::AsWritten);
        assert_eq!(b.len(), 1);
        assert!((19..=21).contains(&b[0].from), "{b:?}");
        assert!((38..=40).contains(&b[0].to), "{b:?}");
        assert!(!b[0].open_before && !b[0].open_after);
    }

    #[test]
    fn open_ends_and_overhangs_reach_the_edge() {
        let b = bands(
            &[period("2005/.."), period("../2001"), period("1990/2001")],
            &decade(),
            100,
            &Clock::AsWritten,
        );
        let by = |p: usize| *b.iter().find(|b| b.period == p).unwrap();
        assert_eq!(
            (by(0).to, by(0).open_after, by(0).open_before),
            (99, true, false)
        );
        assert_eq!((by(1).from, by(1).open_before), (0, true));
        assert_eq!((by(2).from, by(2).open_before), (0, true));
    }

    #[test]
    fn periods_outside_the_strip_are_left_out_and_nested_ones_come_last() {
        let b = bands(
            &[period("2003"), period("1980/1985"), period("2001/2008")],
            &decade(),
            100,
            &Clock::AsWritten,
        );
        let order: Vec<usize> = b.iter().map(|b| b.period).collect();
        assert_eq!(order, [2, 0]);
        assert!(bands(&[period("2003")], &decade(), 0, &Clock::AsWritten).is_empty());
    }
}
