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
    if out.ends_with(".md") {
        std::fs::write(out, markdown(&brief)).expect("write the brief");
        eprintln!(
            "{out}: {} sources, {} claims (Markdown)",
            brief.sources.len(),
            brief.claim_count()
        );
        return;
    }
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

/// The brief as a research tool would export it: headings, paragraphs, a numbered
/// reference list. Markers to sources that do not exist are left out (an import refuses them).
fn markdown(brief: &briefbench::model::Brief) -> String {
    use briefbench::model::Start;
    let n = brief.sources.len() as u32;
    let mut out = format!("# {}\n", brief.title);
    for section in &brief.sections {
        out.push_str(&format!(
            "\n## {}\n\n",
            section.heading.as_deref().unwrap_or("Summary")
        ));
        for (i, claim) in section.claims.iter().enumerate() {
            let mut text = claim.text.clone();
            for m in briefbench::cite::parse(&claim.text).iter().rev() {
                if m.numbers.iter().any(|&k| k == 0 || k > n) {
                    text.replace_range(m.span.clone(), "");
                }
            }
            if i > 0 {
                out.push_str(if claim.start == Start::Paragraph {
                    "\n\n"
                } else {
                    " "
                });
            }
            out.push_str(text.trim());
        }
        out.push('\n');
    }
    out.push_str("\n## References\n\n");
    for s in &brief.sources {
        out.push_str(&format!("{}. {} - {}\n", s.number, s.text, s.date));
    }
    out
}
