//! Typing a query one character at a time over 100,000 sources: the time from keystroke
//! to ranked results, as the search popup does it (narrowing when the query only grows).
//! Reports median, p95 and worst per keystroke, with and without narrowing, side by side.
//!
//! `cargo bench --bench search_keystrokes`

use std::time::Instant;

use briefbench::links::Links;
use briefbench::search::{Index, Query, Results, Scope, narrows};

const QUERIES: &[&str] = &[
    "nvidia",
    "shoppi",
    "kenya ",
    "gpu cl",
    "lang:d",
    "晶片市場投資",
    "regula",
    "tencen",
    "метаин",
    "chipsx",
];
const ROUNDS: usize = 5;
const LIMIT: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let sources: u32 = std::env::var("BB_SOURCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let brief = briefbench::synth::brief(42, sources, 1_000, 10);
    let links = Links::build(&brief);
    let t = Instant::now();
    let index = Index::build(&brief, &links);
    println!(
        "index of {} sources built in {:.1} ms",
        brief.sources.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let verbose = std::env::var_os("BB_VERBOSE").is_some();
    for narrowing in [true, false] {
        let mut times = Vec::new();
        for _ in 0..ROUNDS {
            for q in QUERIES {
                let mut prev_q = Query::default();
                let mut prev: Option<Results> = None;
                let chars: Vec<char> = q.chars().collect();
                for n in 1..=chars.len() {
                    let typed: String = chars[..n].iter().collect();
                    let t = Instant::now();
                    let query = Query::parse(&typed);
                    let within = match (&prev, narrowing && narrows(&prev_q, &query)) {
                        (Some(r), true) => Some(r.matched.as_slice()),
                        _ => None,
                    };
                    let r = index.search(&query, Scope::Sources, within, LIMIT);
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    times.push(ms);
                    if verbose {
                        eprintln!(
                            "{typed:>8} {ms:>7.2} ms  {} matched, {} good",
                            r.matched.len(),
                            r.total
                        );
                    }
                    std::hint::black_box(&r.hits);
                    prev = Some(r);
                    prev_q = query;
                }
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<18} keystrokes {:>4}  median {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms",
            if narrowing {
                "narrowing"
            } else {
                "fresh each time"
            },
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times.last().copied().unwrap_or(0.0)
        );
    }
}
