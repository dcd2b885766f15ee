//! Times each phase of opening a store: `cargo run --release --example phases -- FILE [RUNS]`.
//! With RUNS, the parse is first timed RUNS times by each reader, `ron` and `ron_fast` taking
//! turns (so both see the same machine), their medians printed and their briefs compared.
use std::time::Instant;

use briefbench::model::Brief;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    if let Some(runs) = std::env::args().nth(2) {
        compare_parsers(&path, runs.parse().expect("RUNS, a number"));
    }
    let t = Instant::now();
    let text = std::fs::read_to_string(&path).unwrap();
    eprintln!("read      {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let brief = briefbench::store::parse_str(&text, &path).unwrap();
    eprintln!("parse     {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let d = briefbench::validate::validate(&brief, Some(&text));
    eprintln!(
        "validate  {:>8.1} ms ({} diagnostics)",
        t.elapsed().as_secs_f64() * 1e3,
        d.len()
    );
    let t = Instant::now();
    let links = briefbench::links::Links::build(&brief);
    eprintln!("links     {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let (_, linked) = briefbench::validate::validate_and_link(&brief, Some(&text));
    eprintln!(
        "validate and link, one pass {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(linked, links);
    let t = Instant::now();
    let a = briefbench::support::assess(&brief, &links);
    eprintln!(
        "assess    {:>8.1} ms ({} clusters)",
        t.elapsed().as_secs_f64() * 1e3,
        a.clusters.len()
    );
    let t = Instant::now();
    let i = briefbench::search::Index::build(&brief, &links);
    eprintln!(
        "index     {:>8.1} ms {:?}",
        t.elapsed().as_secs_f64() * 1e3,
        i
    );
    for q in ["nvidia", "meta ai", "k"] {
        let t = Instant::now();
        let r = i.search(
            &briefbench::search::Query::parse(q),
            briefbench::search::Scope::Sources,
            None,
            20,
        );
        eprintln!(
            "search {q:>8} {:>6.1} ms ({} matched)",
            t.elapsed().as_secs_f64() * 1e3,
            r.total
        );
    }
}

fn compare_parsers(path: &str, runs: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut times: [Vec<f64>; 3] = Default::default();
    let readers: [(&str, &dyn Fn() -> Brief); 3] = [
        ("ron", &|| {
            briefbench::store::ron_options().from_str(&text).unwrap()
        }),
        ("ron_fast", &|| {
            briefbench::ron_fast::from_str(&text).expect("read by ron_fast")
        }),
        // The store's reader: ron_fast, a large store's sources read on two threads.
        ("ron_fast, split", &|| {
            briefbench::store::parse_str(&text, path).expect("read")
        }),
    ];
    for run in 0..runs {
        // Each goes first in turn: those after parse while the earlier briefs are held.
        let mut briefs = Vec::new();
        for k in 0..readers.len() {
            let k = (k + run) % readers.len();
            let t = Instant::now();
            briefs.push(readers[k].1());
            times[k].push(t.elapsed().as_secs_f64() * 1e3);
        }
        assert!(
            briefs.windows(2).all(|w| w[0] == w[1]),
            "the readers disagree"
        );
    }
    for ((name, _), times) in readers.iter().zip(times) {
        eprintln!(
            "parse by {name:<16} {:>8.1} ms (median of {runs}; {times:.0?})",
            median(times.clone())
        );
    }
    eprintln!("the parsed briefs are equal in every run");
}
