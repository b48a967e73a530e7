//! What the scale and lanes suites share, so that their figures describe the same chronologies
//! and the same screen: the sizes run, the generated chronology's shape, and the app that
//! frames and keys are timed on.

use ratatui::layout::Rect;
use sourceline::model::Chronology;
use sourceline::{Action, App, Filter};

use super::generator;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// `SOURCELINE_BENCH_SIZES=100000 cargo bench --bench NAME` runs only the sizes listed
/// (comma-separated).
pub fn sizes() -> Vec<usize> {
    std::env::var("SOURCELINE_BENCH_SIZES").map_or_else(
        |_| SIZES.to_vec(),
        |list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        },
    )
}

/// The chronology of `events` events that both suites generate.
pub fn spec(events: usize) -> generator::Spec {
    generator::Spec {
        events,
        actors: 300,
        sources: 50,
        seed: 1,
    }
}

/// A 120×40 viewer on `chronology`, the middle event selected.
pub fn app_for(chronology: Chronology) -> App {
    let mut app = App::new(chronology, Filter::default(), Rect::new(0, 0, 120, 40));
    let middle = app.visible.len() / 2;
    app.update(Action::Select(middle));
    app
}
