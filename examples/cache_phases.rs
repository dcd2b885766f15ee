//! Times the cached search path: `cargo run --release --example cache_phases -- FILE`.
use std::time::Instant;

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("FILE"));
    let cache =
        briefbench::search::cache::Cache::new(briefbench::search::cache::default_dir().unwrap());
    let t = Instant::now();
    let content = std::fs::read(&path).unwrap();
    eprintln!("read brief {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let h = briefbench::search::cache::fingerprint(&content);
    eprintln!(
        "hash       {:>8.1} ms {h:x}",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let bytes = std::fs::read(cache.file_for(&path)).unwrap();
    eprintln!(
        "read cache {:>8.1} ms {}",
        t.elapsed().as_secs_f64() * 1e3,
        bytes.len()
    );
    let t = Instant::now();
    let ix = cache
        .load(&path, &briefbench::cache::Key::of_content(&content))
        .unwrap();
    eprintln!(
        "load       {:>8.1} ms (incl. read+hash)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let r = ix.search(
        &briefbench::search::Query::parse("nvidia"),
        briefbench::search::Scope::Sources,
        None,
        20,
    );
    eprintln!(
        "search     {:>8.1} ms {}",
        t.elapsed().as_secs_f64() * 1e3,
        r.total
    );
    let t = Instant::now();
    drop(ix);
    eprintln!("drop       {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
}
