//! Times the store's check and its links, apart and in one pass, taking turns:
//! `cargo run --release --example validate_bench -- FILE [ROUNDS]`. Prints medians.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let rounds: usize = std::env::args()
        .nth(2)
        .map_or(9, |r| r.parse().expect("ROUNDS"));
    let text = std::fs::read_to_string(&path).unwrap();
    let brief = briefbench::store::parse_str(&text, &path).unwrap();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let (mut apart, mut together) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        let d = briefbench::validate::validate(&brief, Some(&text));
        let l = briefbench::links::Links::build(&brief);
        apart.push(ms(t));
        drop((d, l));
        let t = Instant::now();
        let both = briefbench::validate::validate_and_link(&brief, Some(&text));
        together.push(ms(t));
        drop(both);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(apart), median(together));
    println!(
        "validate, then links: {a:.1} ms; validate_and_link: {b:.1} ms ({:.2}x)",
        b / a
    );
}
