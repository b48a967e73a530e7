//! The lanes' speed target, measured where criterion's figures (`benches/lanes.rs`) are too
//! noisy to: on a shared host whose load comes and goes, the *fastest* of many frames is what a
//! frame costs, and measuring 1,000 and 100,000 events in turns lets both see the same load.
//! It takes a minute:
//!
//! ```sh
//! cargo bench --bench lanes_alternating
//! ```
//!
//! It prints the fastest frame of the list, of the lanes at full extent and zoomed in six times,
//! and the fastest zoom, pan and step keys, at both sizes, and the ratio of the lanes frame at
//! 100,000 events to the one at 1,000 (the target is at most 1.5; BENCHMARKS.md records a run).
//! A measurement, not a test: it prints the figures and never fails on them.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
#[allow(dead_code)]
mod suite;

use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sourceline::{Action, App};

const SIZES: [usize; 2] = [1_000, 100_000];
const RUNS: usize = 300;

/// The benchmarks' chronology (`benches/lanes.rs`), the middle event selected.
fn app(events: usize) -> App {
    let generated = generator::generate(suite::spec(events));
    let chronology =
        generator::load("g.yaml", &generated.yaml, &generated.source_texts()).expect("loads");
    suite::app_for(chronology)
}

/// The fastest of `RUNS` runs of `f` on each app, in µs, the apps taking turns run by run so
/// both meet the same load.
fn fastest(apps: &mut [App; 2], mut f: impl FnMut(&mut App)) -> [f64; 2] {
    let mut best = [f64::MAX; 2];
    for _ in 0..RUNS {
        for (app, best) in apps.iter_mut().zip(&mut best) {
            let start = Instant::now();
            f(app);
            *best = best.min(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    best
}

fn frames(apps: &mut [App; 2], terminal: &mut Terminal<TestBackend>) -> [f64; 2] {
    fastest(apps, |app| {
        terminal
            .draw(|frame| sourceline::render(frame, app))
            .unwrap();
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`: a minute of timing in a debug
    // build measures nothing, so it only says how to run it.
    if !std::env::args().any(|a| a == "--bench") {
        println!("lanes_alternating: a measurement; run `cargo bench --bench lanes_alternating`");
        return;
    }
    let mut apps = SIZES.map(app);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut ratios = Vec::new();
    for round in 0..5 {
        let list = frames(&mut apps, &mut terminal);
        for a in &mut apps {
            a.update(Action::ToggleLanes);
        }
        let lanes = frames(&mut apps, &mut terminal);
        for a in &mut apps {
            for _ in 0..6 {
                a.update(Action::ZoomIn);
            }
        }
        let zoomed = frames(&mut apps, &mut terminal);
        let zoom = fastest(&mut apps, |a| {
            a.update(Action::ZoomIn);
            a.update(Action::ZoomOut);
        });
        let pan = fastest(&mut apps, |a| {
            let axis = a.lanes_geometry().axis;
            a.update(Action::WheelDown(axis.x + 10, axis.y));
            a.update(Action::WheelUp(axis.x + 10, axis.y));
        });
        let step = fastest(&mut apps, |a| {
            a.update(Action::NextInLane);
            a.update(Action::PrevInLane);
        });
        println!(
            "round {round} (µs, 1,000 / 100,000 events): list frame {:.0} / {:.0}, lanes frame \
             {:.0} / {:.0}, zoomed {:.0} / {:.0}; zoom in+out {:.1} / {:.1}, pan {:.1} / {:.1}, \
             next+previous {:.1} / {:.1}",
            list[0],
            list[1],
            lanes[0],
            lanes[1],
            zoomed[0],
            zoomed[1],
            zoom[0],
            zoom[1],
            pan[0],
            pan[1],
            step[0],
            step[1],
        );
        ratios.push((lanes[1] / lanes[0]).max(zoomed[1] / zoomed[0]));
        for a in &mut apps {
            a.update(Action::ZoomFit);
            a.update(Action::ToggleLanes);
        }
    }
    let ratio = median(ratios);
    println!(
        "lanes frame, 100,000 / 1,000 events (median of the rounds' worse): {ratio:.2} \
         (target: at most 1.5)"
    );
}
