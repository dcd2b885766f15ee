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
    let (mut slow, mut fast) = (Vec::new(), Vec::new());
    let time = |times: &mut Vec<f64>, read: &dyn Fn() -> Brief| {
        let t = Instant::now();
        let brief = read();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        brief
    };
    let by_ron = || -> Brief { briefbench::store::ron_options().from_str(&text).unwrap() };
    let by_fast = || -> Brief { briefbench::ron_fast::from_str(&text).expect("read by ron_fast") };
    for run in 0..runs {
        // Each goes first in every other run: the second parses while the first's brief is
        // still held.
        let (a, b) = if run % 2 == 0 {
            (time(&mut slow, &by_ron), time(&mut fast, &by_fast))
        } else {
            let b = time(&mut fast, &by_fast);
            (time(&mut slow, &by_ron), b)
        };
        assert!(a == b, "the two readers disagree");
    }
    eprintln!(
        "parse by ron          {:>8.1} ms (median of {runs}; {slow:.0?})",
        median(slow.clone())
    );
    eprintln!(
        "parse by ron_fast     {:>8.1} ms (median of {runs}; {fast:.0?})",
        median(fast.clone())
    );
    eprintln!("the parsed briefs are equal in every run");
}
