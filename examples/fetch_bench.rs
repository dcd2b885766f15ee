//! The fetch figures: 100 generated article pages served from two loopback hosts
//! (127.0.0.1 and 127.0.0.2, so that 4 jobs can run with at most 2 per host), fetched with
//! 4 jobs into a fresh cache; then again, served from the cache; the extraction time per
//! page; the cache's size.
//!
//! `nice -n 10 cargo run --release --example fetch_bench`

#[path = "../tests/common/web.rs"]
#[allow(dead_code)]
mod web;

use std::time::Instant;

use briefbench::fetch::{self, Cache, Outcome};

const PAGES: usize = 100;

fn main() {
    let servers = [
        web::Server::start_on("127.0.0.1"),
        web::Server::start_on("127.0.0.2"),
    ];
    let urls: Vec<(u32, String)> = (0..PAGES)
        .map(|i| (i as u32 + 1, servers[i % 2].url(&format!("/page/{i}"))))
        .collect();
    let (requests, bad) = fetch::run::requests(&urls);
    assert!(bad.is_empty());
    let dir = tempfile::tempdir().expect("a temporary data dir");
    let cache = Cache::in_data_dir(dir.path());
    let options = fetch::Options {
        jobs: 4,
        ..fetch::Options::default()
    };

    let t = Instant::now();
    let first = fetch::run(&requests, &cache, &options, &|_| {}, &|_, _| {});
    let cold = t.elapsed();
    let fetched = first
        .iter()
        .filter(|o| matches!(o, Outcome::Fetched(_)))
        .count();
    let hits: usize = servers.iter().map(|s| s.total_hits()).sum();

    let t = Instant::now();
    let second = fetch::run(&requests, &cache, &options, &|_| {}, &|_, _| {});
    let warm = t.elapsed();
    let cached = second
        .iter()
        .filter(|o| matches!(o, Outcome::Cached(_)))
        .count();
    let hits_after: usize = servers.iter().map(|s| s.total_hits()).sum();

    // Extraction alone: the generated page, and the article fixture with its nav and ads.
    let bench = web::bench_page("7");
    let article = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fetch/article.html"
    ))
    .expect("the article fixture");
    let per_page = |html: &str| {
        let n = 200;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(fetch::extract::html(html, "http://127.0.0.1/x"));
        }
        t.elapsed() / n
    };
    let (bench_t, article_t) = (per_page(&bench), per_page(&article));

    let size: u64 = std::fs::read_dir(cache.dir())
        .expect("the cache dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();

    println!(
        "{PAGES} pages, 4 jobs, 2 hosts: {cold:.2?} cold ({fetched} fetched, {hits} requests incl. robots.txt)"
    );
    println!(
        "second run: {warm:.2?} ({cached} from the cache, {} requests)",
        hits_after - hits
    );
    println!(
        "extraction: {bench_t:.2?} a generated page ({} KB), {article_t:.2?} the article fixture ({} KB)",
        bench.len() / 1024,
        article.len() / 1024
    );
    println!(
        "cache: {} files, {} KB ({} bytes a page)",
        PAGES,
        size / 1024,
        size / PAGES as u64
    );
}
