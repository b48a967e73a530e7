//! The lanes view and the overview strip at 1,000, 10,000 and 100,000 generated events: one
//! frame, each key (zoom, step in a lane, change lane, pan), and rebuilding the lanes when the
//! filter changes. Frames and keys must not grow with the number of events: they are drawn from
//! per-lane lists sorted by day, a few binary searches per column. `cargo bench --bench lanes`
//! runs it; BENCHMARKS.md records it.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/suite.rs"]
mod suite;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sourceline::Action;

/// The lanes' index built again for the app's view, as a new filter or chronology builds it.
fn rebuild(app: &mut sourceline::App) {
    app.lanes.rebuild(
        black_box(&app.chronology),
        black_box(&app.visible),
        &app.filter,
        &app.clock,
    );
}

fn bench_size(c: &mut Criterion, n: usize) {
    let generated = generator::generate(suite::spec(n));
    let chronology =
        generator::load("g.yaml", &generated.yaml, &generated.source_texts()).expect("loads");
    let mut app = suite::app_for(chronology);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut group = c.benchmark_group("strip");
    group.bench_with_input(BenchmarkId::new("timeline_frame_120x40", n), &n, |b, _| {
        b.iter(|| {
            terminal
                .draw(|frame| sourceline::render(frame, black_box(&app)))
                .unwrap();
        });
    });
    app.update(Action::ToggleStrip);
    group.bench_with_input(
        BenchmarkId::new("timeline_frame_no_strip", n),
        &n,
        |b, _| {
            b.iter(|| {
                terminal
                    .draw(|frame| sourceline::render(frame, black_box(&app)))
                    .unwrap();
            });
        },
    );
    app.update(Action::ToggleStrip);
    // The strip's index alone (the lanes view off), as every opening and filter builds it.
    group.bench_with_input(BenchmarkId::new("rebuild", n), &n, |b, _| {
        b.iter(|| rebuild(&mut app));
    });
    group.finish();

    app.update(Action::ToggleLanes);
    let mut group = c.benchmark_group("lanes");
    group.bench_with_input(BenchmarkId::new("frame_120x40", n), &n, |b, _| {
        b.iter(|| {
            terminal
                .draw(|frame| sourceline::render(frame, black_box(&app)))
                .unwrap();
        });
    });
    for _ in 0..6 {
        app.update(Action::ZoomIn);
    }
    group.bench_with_input(BenchmarkId::new("frame_zoomed_120x40", n), &n, |b, _| {
        b.iter(|| {
            terminal
                .draw(|frame| sourceline::render(frame, black_box(&app)))
                .unwrap();
        });
    });
    group.bench_with_input(BenchmarkId::new("zoom_in_out", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::ZoomIn);
            app.update(Action::ZoomOut);
        });
    });
    let axis = app.lanes_geometry().axis;
    group.bench_with_input(BenchmarkId::new("pan", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::WheelDown(axis.x + 10, axis.y));
            app.update(Action::WheelUp(axis.x + 10, axis.y));
        });
    });
    group.bench_with_input(BenchmarkId::new("next_in_lane", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::NextInLane);
            app.update(Action::PrevInLane);
        });
    });
    group.bench_with_input(BenchmarkId::new("lane_down_up", n), &n, |b, _| {
        b.iter(|| {
            app.update(Action::LaneDown);
            app.update(Action::LaneUp);
        });
    });
    group.bench_with_input(BenchmarkId::new("rebuild", n), &n, |b, _| {
        b.iter(|| rebuild(&mut app));
    });
    group.finish();
}

fn lanes(c: &mut Criterion) {
    for n in suite::sizes() {
        bench_size(c, n);
    }
}

criterion_group!(benches, lanes);
criterion_main!(benches);
