//! The time a `j` takes to answer on a 20,000-claim brief with no headings (one section):
//! `update` with the key, then a full frame drawn into a 150×42 `TestBackend`, as the loop
//! does it. The section's claims all sit in one pane, so any per-frame work over every claim
//! of the section (wrapping, measuring) shows here. The seed brief is measured too, as a
//! reference.
//!
//! `cargo bench --bench keystroke`

use std::hint::black_box;
use std::time::{Duration, Instant};

use briefbench::flags::Flags;
use briefbench::store::{self, DEFAULT_BRIEF};
use briefbench::tui::action::Action;
use briefbench::tui::app::App;
use briefbench::tui::update::update;
use briefbench::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 150;
const HEIGHT: u16 = 42;

fn app_for(text: &str) -> App {
    let loaded = store::load_str(text, "bench.ron").expect("the store loads");
    let flags = Flags::in_memory(&loaded.brief.id);
    let mut app = App::new(loaded, flags);
    let _ = update(&mut app, Action::Resize(WIDTH, HEIGHT));
    app
}

/// A brief of 20,000 claims in one section without a heading, as an import of a long
/// document with no headings gives.
fn one_section_brief() -> String {
    let mut brief = briefbench::synth::brief(42, 2_000, 20_000, 1);
    brief.sections[0].heading = None;
    store::to_ron_string(&brief)
}

/// Presses `j` `iters` times, each followed by a frame; timed per `j` + frame. At the last
/// claim it goes back to the top, outside the timing.
fn j_through(app: &mut App, term: &mut Terminal<TestBackend>, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let before = app.nav().at;
        let t = Instant::now();
        let _ = update(app, Action::Down);
        term.draw(|f| view::render(f, app)).unwrap();
        total += t.elapsed();
        if app.nav().at == before {
            let _ = update(app, Action::Top);
        }
        black_box(&*app);
    }
    total
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("keystroke");
    g.measurement_time(Duration::from_secs(10));

    let mut app = app_for(DEFAULT_BRIEF);
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    g.bench_function("j on the seed, 150x42", |b| {
        b.iter_custom(|iters| j_through(&mut app, &mut term, iters))
    });

    let mut app = app_for(&one_section_brief());
    assert_eq!(app.doc().brief().sections.len(), 1);
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    g.sample_size(10);
    g.bench_function("j on 20,000 claims in one section, 150x42", |b| {
        b.iter_custom(|iters| j_through(&mut app, &mut term, iters))
    });
    g.finish();
}

criterion_group!(keystroke, benches);
criterion_main!(keystroke);
