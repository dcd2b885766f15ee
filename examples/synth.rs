//! Writes a deterministic large brief, for benchmarks:
//! `cargo run --release --example synth -- OUT.ron [SOURCES] [CLAIMS] [SECTIONS]`
//! Also writes OUT.titles.txt, one source text per line, for comparing with `fzf --filter`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: synth OUT.ron [SOURCES=100000] [CLAIMS=50000] [SECTIONS=500]");
        std::process::exit(2);
    };
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let brief = briefbench::synth::brief(42, num(1, 100_000) as u32, num(2, 50_000), num(3, 500));
    std::fs::write(out, briefbench::store::to_ron_string(&brief)).expect("write the store");
    let titles: String = brief
        .sources
        .iter()
        .map(|s| s.text.clone() + "\n")
        .collect();
    std::fs::write(format!("{out}.titles.txt"), titles).expect("write the titles");
    eprintln!(
        "{out}: {} sources, {} claims",
        brief.sources.len(),
        brief.claim_count()
    );
}
