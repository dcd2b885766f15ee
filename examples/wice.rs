//! The assessment measured against people, on WiCE's development split (human labels of
//! whether a cited web article supports a Wikipedia sentence):
//!
//! ```sh
//! cargo run --release --example wice -- ../shared/corpus/wice
//! ```
//!
//! Every claim becomes a one-claim brief that cites its whole article as source [1]; the
//! article's sentences are joined into the source's text, each one's byte range kept so
//! that evidence passages can be compared with the sentences people marked. Prints:
//! - the AUROC of the score (supported against partially or not supported);
//! - the balanced accuracy of the verdicts (`supported` against the rest), and each
//!   verdict's precision;
//! - token precision, recall and F1 of the missing terms against the tokens people marked
//!   unsupported (`non_supported_tokens_dev.jsonl`);
//! - evidence recall@1 and @3 against `supporting_sentences` (a hit when a returned passage
//!   overlaps a sentence any annotator marked).
//!
//! `--dump` prints every claim's label, score and reasons on stderr; `--features PATH`
//! writes one row of named features a claim (TSV) for `benches/wice_fit.py`, which fits a
//! combination of them and reports it out of fold.
//!
//! The corpus is read from where it lies; none of its text is kept in this repository.

use std::path::Path;
use std::time::Instant;

use briefbench::links::Links;
use briefbench::model::{Brief, Claim, SCHEMA_VERSION, Section, SectionKind, Source, SourceKind};
use briefbench::support::{self, ClaimAssessment, Verdict, terms};
use serde_json::Value;

/// One labelled claim with its article.
struct Case {
    claim: String,
    sentences: Vec<String>,
    label: String,
    /// Sentence indices any annotator marked as supporting.
    supporting: Vec<usize>,
    /// For the token file: the claim's tokens and which of them people marked unsupported.
    tokens: Vec<(String, bool)>,
}

fn read_cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON object a line");
            let strings = |key: &str| -> Vec<String> {
                v[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|s| s.as_str().unwrap_or_default().to_string())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut supporting: Vec<usize> = v["supporting_sentences"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|a| a.as_array().into_iter().flatten())
                .filter_map(|n| n.as_u64().map(|n| n as usize))
                .collect();
            supporting.sort_unstable();
            supporting.dedup();
            let tokens = strings("claim_tokens")
                .into_iter()
                .zip(
                    v["non_supported_spans"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|b| b.as_bool().unwrap_or(false)),
                )
                .collect();
            Case {
                claim: v["claim"].as_str().unwrap_or_default().to_string(),
                sentences: strings("evidence"),
                label: v["label"].as_str().unwrap_or_default().to_string(),
                supporting,
                tokens,
            }
        })
        .collect()
}

/// The article as one source text, and each sentence's byte range in it.
fn article(sentences: &[String]) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for s in sentences {
        // WiCE's first line is page metadata ("(meta data) TITLE: …"): keep it, it is
        // what the page says about itself.
        let s = s.trim();
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(s);
        ranges.push(start..text.len());
    }
    (text, ranges)
}

fn judge(case: &Case) -> (ClaimAssessment, Vec<std::ops::Range<usize>>) {
    let (text, ranges) = article(&case.sentences);
    let brief = Brief {
        schema: SCHEMA_VERSION,
        id: "wice".into(),
        title: "WiCE".into(),
        date: "2099-01-01".into(),
        subtitle: None,
        summary: None,
        guessed: Default::default(),
        sections: vec![Section {
            id: "s".into(),
            heading: None,
            kind: SectionKind::Body,
            claims: vec![Claim {
                id: "s.1".into(),
                start: Default::default(),
                text: format!("{} [1]", case.claim.trim()),
            }],
        }],
        sources: vec![Source {
            number: 1,
            date: "2000-01-01".into(),
            kind: SourceKind::News,
            lang: "en".into(),
            url: None,
            title: None,
            outlet: None,
            author: None,
            text,
            gloss: None,
            // WiCE gives no date for an article: the stand-in above is marked guessed, so
            // it neither dates the claim's facts nor counts as the article's date.
            guessed: [briefbench::model::Guessed::Date].into(),
        }],
    };
    let links = Links::build(&brief);
    let mut a = support::assess(&brief, &links);
    (a.claims.remove(0), ranges)
}

/// Area under the ROC curve: the chance that a random positive outscores a random
/// negative (ties count half).
fn auroc(scored: &[(f64, bool)]) -> f64 {
    let pos: Vec<f64> = scored.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f64> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    let mut wins = 0.0;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()).max(1) as f64
}

fn key(word: &str) -> String {
    terms::stem(&terms::fold(word))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--dump`: every claim's label, score and reasons on stderr, to see where we differ.
    let dump = args.iter().any(|a| a == "--dump");
    // `--features PATH`: one row of named features a claim (TSV), to fit and check a
    // combination of them out of fold (see BENCHMARKS.md).
    let features_to = args
        .iter()
        .position(|a| a == "--features")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mut feature_rows = String::from(FEATURE_HEADER);
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--features"))
        .map(|(_, a)| a)
        .cloned()
        .unwrap_or_else(|| "../shared/corpus/wice".into());
    let dir = Path::new(&dir);
    let started = Instant::now();

    // Claims with their whole article.
    let cases = read_cases(&dir.join("claim_dev.jsonl"));
    let mut scored = Vec::new();
    let mut confusion = [[0usize; 4]; 2]; // [supported?][verdict]
    let (mut hit1, mut hit3, mut with_evidence) = (0, 0, 0);
    for case in &cases {
        let (a, ranges) = judge(case);
        let positive = case.label == "supported";
        scored.push((f64::from(a.score), positive));
        if features_to.is_some() {
            feature_rows.push_str(&feature_row(&a, case, positive));
        }
        if dump {
            eprintln!(
                "{:<20} {:>3} {:?} | {}",
                case.label, a.score, a.verdict, case.claim
            );
            for r in &a.reasons {
                eprintln!("      {} -{}: {:?}", r.code.as_str(), r.penalty, r.terms);
            }
        }
        let v = match a.verdict {
            Verdict::Supported => 0,
            Verdict::Weak => 1,
            Verdict::Unsupported => 2,
            #[allow(unreachable_patterns)]
            _ => 3,
        };
        confusion[usize::from(positive)][v] += 1;
        if !case.supporting.is_empty() {
            with_evidence += 1;
            let hits = |k: usize| {
                a.evidence.iter().take(k).any(|e| {
                    case.supporting.iter().any(|&i| {
                        ranges
                            .get(i)
                            .is_some_and(|r| r.start < e.end && e.start < r.end)
                    })
                })
            };
            hit1 += usize::from(hits(1));
            hit3 += usize::from(hits(3));
        }
    }
    let positives = confusion[1].iter().sum::<usize>();
    let negatives = confusion[0].iter().sum::<usize>();
    let tpr = confusion[1][0] as f64 / positives.max(1) as f64;
    let tnr = (negatives - confusion[0][0]) as f64 / negatives.max(1) as f64;
    println!(
        "WiCE dev: {} claims ({positives} supported, {negatives} partially or not)",
        cases.len()
    );
    println!("AUROC of the score           {:.3}", auroc(&scored));
    println!(
        "balanced accuracy            {:.3}  (supported called supported {:.0}%, the rest flagged {:.0}%)",
        (tpr + tnr) / 2.0,
        tpr * 100.0,
        tnr * 100.0
    );
    for (i, name) in ["supported", "weak", "unsupported", "uncited"]
        .iter()
        .enumerate()
    {
        let total = confusion[0][i] + confusion[1][i];
        if total == 0 {
            continue;
        }
        // Precision of `supported` is the share truly supported; of the others, the share
        // people found not fully supported.
        let right = if i == 0 {
            confusion[1][i]
        } else {
            confusion[0][i]
        };
        println!(
            "  {name:<12} {total:>4} claims, precision {:.2}",
            right as f64 / total as f64
        );
    }

    // Missing terms against the tokens people marked unsupported.
    let token_cases = read_cases(&dir.join("non_supported_tokens_dev.jsonl"));
    // Two readings: the missing terms alone, and the unsupported phrases built from them.
    let (mut words, mut phrases) = ([0usize; 3], [0usize; 3]); // tp, fp, fn
    for case in &token_cases {
        let (a, _) = judge(case);
        let missing: Vec<String> = a
            .missing
            .iter()
            .flat_map(|t| terms::words(t).map(key).collect::<Vec<_>>())
            .collect();
        // The unsupported phrases, found in order in the claim's text.
        let mut spans = Vec::new();
        let mut from = 0;
        for p in &a.unsupported {
            if let Some(k) = case.claim[from..].find(p.as_str()) {
                spans.push(from + k..from + k + p.len());
                from += k + p.len();
            }
        }
        if dump {
            let people: Vec<&str> = case
                .tokens
                .iter()
                .filter(|t| t.1)
                .map(|t| t.0.as_str())
                .collect();
            let ours: Vec<&str> = spans.iter().map(|s| &case.claim[s.clone()]).collect();
            eprintln!("TOKENS people {people:?} ours {ours:?} | {}", case.claim);
        }
        // The tokens, found in order in the claim's text.
        let mut cursor = 0;
        for (tok, unsupported) in &case.tokens {
            let at = case.claim[cursor..].find(tok.as_str()).map(|k| cursor + k);
            if let Some(at) = at {
                cursor = at + tok.len();
            }
            let by_word = terms::words(tok).any(|w| missing.contains(&key(w)));
            let by_phrase =
                at.is_some_and(|at| spans.iter().any(|s| s.start < at + tok.len() && at < s.end));
            for (predicted, counts) in [(by_word, &mut words), (by_phrase, &mut phrases)] {
                match (predicted, *unsupported) {
                    (true, true) => counts[0] += 1,
                    (true, false) => counts[1] += 1,
                    (false, true) => counts[2] += 1,
                    _ => {}
                }
            }
        }
    }
    for (name, [tp, fp, fn_]) in [("missing terms", words), ("unsupported phrases", phrases)] {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        println!(
            "{name:<20} vs tokens precision {p:.3} recall {r:.3} F1 {:.3}  ({} sub-claims)",
            2.0 * p * r / (p + r).max(f64::EPSILON),
            token_cases.len()
        );
    }
    println!(
        "evidence recall@1            {:.3}",
        hit1 as f64 / with_evidence.max(1) as f64
    );
    println!(
        "evidence recall@3            {:.3}  ({with_evidence} claims with marked sentences)",
        hit3 as f64 / with_evidence.max(1) as f64
    );
    println!("took {:.2} s", started.elapsed().as_secs_f64());
    if let Some(path) = features_to {
        std::fs::write(&path, feature_rows).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
}

const FEATURE_HEADER: &str = "label\tscore\tfound_names\tfound_words\tmissing_names\tmissing_words\tscattered_names\tscattered_words\tbest_terms\tnegated\thedged\tdate_unstated\tclaim_words\tsentences\n";

/// A name or figure as the claim shows it: a capital or a digit.
fn is_name(shown: &str) -> bool {
    shown
        .chars()
        .any(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn feature_row(a: &ClaimAssessment, case: &Case, positive: bool) -> String {
    let count =
        |list: &[support::Word], names: bool| list.iter().filter(|t| is_name(t) == names).count();
    let scattered: Vec<support::Word> = a
        .reasons
        .iter()
        .filter(|r| r.code == support::Code::Scattered)
        .flat_map(|r| r.terms.clone())
        .collect();
    let has = |code: support::Code| usize::from(a.reasons.iter().any(|r| r.code == code));
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
        usize::from(positive),
        a.score,
        count(&a.found, true),
        count(&a.found, false),
        count(&a.missing, true),
        count(&a.missing, false),
        count(&scattered, true),
        count(&scattered, false),
        a.evidence.first().map_or(0, |e| e.terms.len()),
        has(support::Code::Negated),
        has(support::Code::Hedged),
        has(support::Code::DateNotStated),
        case.claim.split_whitespace().count(),
        case.sentences.len(),
    )
}
