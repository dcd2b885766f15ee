//! The brief cache's decode against the work it saves: a brief entry (the brief, its
//! warnings, links and assessment) decoded from its bytes, beside parsing and validating
//! the RON store and assessing it, on the seed and on a synthetic store.
//!
//! `cargo bench --bench cache` (the large store is 20,000 sources and 10,000 claims, a
//! fifth of `examples/synth`'s, so a run stays within minutes on two cores).

use std::hint::black_box;
use std::time::Duration;

use briefbench::cache::brief::{self, Need};
use briefbench::links::Links;
use briefbench::store::{self, DEFAULT_BRIEF};
use briefbench::support;
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let large = store::to_ron_string(&briefbench::synth::brief(42, 20_000, 10_000, 100));
    for (name, text, samples) in [("seed", DEFAULT_BRIEF, 50), ("synth-20k", &large, 10)] {
        let loaded = store::load_str(text, "bench.ron").expect("the store loads");
        let links = Links::build(&loaded.brief);
        let assessment = support::assess(&loaded.brief, &links);
        let body = brief::encode(&loaded, &links, &assessment);
        let mut g = c.benchmark_group(name);
        g.sample_size(samples)
            .measurement_time(Duration::from_secs(if samples < 50 { 20 } else { 5 }));
        g.bench_function("cache decode", |b| {
            b.iter_batched(
                || body.clone(),
                |parts| brief::decode(black_box(parts), "bench.ron", Need::Everything),
                criterion::BatchSize::LargeInput,
            )
        });
        g.bench_function("cache encode", |b| {
            b.iter(|| brief::encode(black_box(&loaded), &links, &assessment))
        });
        g.bench_function("parse, validate, link and assess", |b| {
            b.iter(|| {
                let loaded = store::load_str(black_box(text), "bench.ron").unwrap();
                let links = Links::build(&loaded.brief);
                support::assess(&loaded.brief, &links)
            })
        });
        g.finish();
    }
}

criterion_group!(cache, benches);
criterion_main!(cache);
