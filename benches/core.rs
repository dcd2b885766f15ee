//! Criterion benchmarks of the core and of drawing, on the seed and on a large synthetic
//! store (100,000 sources, 50,000 claims in 500 sections).
//!
//! `cargo bench --bench core`

use std::hint::black_box;
use std::time::Duration;

use briefbench::flags::Flags;
use briefbench::links::Links;
use briefbench::store::{self, DEFAULT_BRIEF};
use briefbench::tui::app::App;
use briefbench::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_for(text: &str) -> App {
    let loaded = store::load_str(text, "bench.ron").expect("the store loads");
    let flags = Flags::in_memory(&loaded.brief.id);
    let mut app = App::new(loaded, flags);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(160, 45));
    app
}

fn benches(c: &mut Criterion) {
    let large_text = store::to_ron_string(&briefbench::synth::brief(42, 100_000, 50_000, 500));

    let mut g = c.benchmark_group("seed");
    g.bench_function("load", |b| {
        b.iter(|| black_box(store::load_str(DEFAULT_BRIEF, "seed").unwrap()))
    });
    let seed = store::load_default().unwrap().brief;
    let links = Links::build(&seed);
    g.bench_function("assess", |b| {
        b.iter(|| black_box(briefbench::support::assess(&seed, &links)))
    });
    let app = app_for(DEFAULT_BRIEF);
    let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
    g.bench_function("frame 160x45", |b| {
        b.iter(|| {
            term.draw(|f| view::render(f, &app)).unwrap();
        })
    });
    g.finish();

    let mut g = c.benchmark_group("large");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("load", |b| {
        b.iter(|| black_box(store::load_str(&large_text, "large").unwrap()))
    });
    let large = store::load_str(&large_text, "large").unwrap().brief;
    let links = Links::build(&large);
    g.bench_function("assess", |b| {
        b.iter(|| black_box(briefbench::support::assess(&large, &links)))
    });
    let app = app_for(&large_text);
    let mut term = Terminal::new(TestBackend::new(160, 45)).unwrap();
    g.sample_size(50).measurement_time(Duration::from_secs(3));
    g.bench_function("frame 160x45", |b| {
        b.iter(|| {
            term.draw(|f| view::render(f, &app)).unwrap();
        })
    });
    g.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
