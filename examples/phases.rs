//! Times each phase of opening a store: `cargo run --release --example phases -- FILE`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
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
