//! The passage of each cited source that carries a claim: the sentence, or two adjacent
//! sentences, holding the most of the claim's weighted terms. The assessment judges that
//! passage, not a bag of the whole source: a term found only elsewhere in a source counts
//! less ("scattered") than one in the passage, and a passage that says "not" or "may"
//! where the claim asserts is named.

use std::ops::Range;

use super::terms::{Bag, Term, Vocab};
use super::{Context, Evidence, EvidenceField};

/// A term found in a cited source but outside its best passage counts this much of a term
/// found in it: the source has the word, but not in the place that makes the claim. On
/// WiCE 0.75 separated the labels best (AUROC 0.810 at 0.5 and 0.75, 0.803 at 0.9 and 1.0
/// lost 0.02 of balanced accuracy): people accept a claim put together from two places of
/// one article, a little less readily than from one.
pub const SCATTERED: f32 = 0.75;
/// Passages kept as evidence, at least (more when more sources are cited: one each).
const EVIDENCE_KEPT: usize = 3;
/// Claims rarely have more terms than a mask holds; terms past it count by the whole bag.
const MASK_BITS: usize = 128;

/// One sentence of a source, as the rules match it.
#[derive(Debug)]
pub(crate) struct Passage {
    pub range: Range<usize>,
    /// `None` for the one passage of a one-sentence text: its bag is the whole text's.
    pub bag: Option<Bag>,
}

/// How many words after a negation or a hedge it reaches: "did not buy the firm" negates
/// "buy" and "firm", not the rest of a long sentence.
const SCOPE: usize = 4;

/// Cuts a source's readable text into passages. Every word of `text` must be in `vocab`
/// already (see [`Vocab::known_bag`]).
/// A text of one sentence (most posts) is its own passage and need not be read again.
pub(crate) fn passages(text: &str, vocab: &Vocab) -> Vec<Passage> {
    let ranges = super::passages::sentences(text);
    if ranges.len() == 1 {
        return ranges
            .into_iter()
            .map(|range| Passage { range, bag: None })
            .collect();
    }
    ranges
        .into_iter()
        .map(|range| Passage {
            bag: Some(vocab.known_bag(&text[range.clone()])),
            range,
        })
        .collect()
}

/// The words (ids, sorted) of a passage that a negation, and a hedge, reach: those within
/// [`SCOPE`] words after a "not", "no", "never", "denied"…, and after a "may",
/// "reportedly", "allegedly"…. Read only for the passages that carry a claim.
fn scoped(sentence: &str, vocab: &Vocab) -> (Vec<u32>, Vec<u32>) {
    let (mut negated, mut hedged) = (Vec::new(), Vec::new());
    let (mut neg_left, mut hedge_left) = (0, 0);
    for raw in sentence.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let is_neg = is_cue(word, NEGATORS) || word.ends_with("n't") || word.ends_with("n’t");
        let is_hedge = is_cue(word, HEDGES);
        if neg_left > 0 || hedge_left > 0 {
            for id in super::terms::words(raw).filter_map(|w| vocab.known_word(w)) {
                if neg_left > 0 {
                    negated.push(id);
                }
                if hedge_left > 0 {
                    hedged.push(id);
                }
            }
        }
        neg_left = if is_neg {
            SCOPE
        } else {
            neg_left.saturating_sub(1)
        };
        hedge_left = if is_hedge {
            SCOPE
        } else {
            hedge_left.saturating_sub(1)
        };
        if raw.ends_with([',', ';', ':']) {
            // A clause ends: what follows is not negated by what came before.
            neg_left = 0;
            hedge_left = 0;
        }
    }
    for v in [&mut negated, &mut hedged] {
        v.sort_unstable();
        v.dedup();
    }
    (negated, hedged)
}

const NEGATORS: &[&str] = &[
    "denied", "denies", "deny", "false", "neither", "never", "no", "none", "nor", "not", "nothing",
    "untrue",
];
const HEDGES: &[&str] = &[
    "alleged",
    "allegedly",
    "could",
    "may",
    "might",
    "possibly",
    "reportedly",
    "rumor",
    "rumored",
    "rumour",
    "rumoured",
    "speculated",
    "unconfirmed",
];

/// Whether `word` is one of `list` (lower-case ASCII, sorted), in any case ("Never",
/// "NOT"), except that "may" counts only in lower case: "May" is the month. Compared in a
/// buffer on the stack: this runs on every word of every source.
fn is_cue(word: &str, list: &[&str]) -> bool {
    const LONGEST: usize = 11;
    let n = word.len();
    if !(2..=LONGEST).contains(&n) || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; LONGEST];
    buf[..n].copy_from_slice(word.as_bytes());
    buf[..n].make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(&buf[..n]) else {
        return false;
    };
    !(lower == "may" && word != "may") && list.binary_search(&lower).is_ok()
}

/// Whether `text` has a word of `list` (see [`is_cue`]).
fn has_word(text: &str, list: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| is_cue(w, list))
}

/// Whether a sentence negates what it says.
pub fn is_negated(text: &str) -> bool {
    has_word(text, NEGATORS) || text.contains("n't") || text.contains("n’t")
}

/// Whether a sentence hedges what it says.
pub fn is_hedged(text: &str) -> bool {
    has_word(text, HEDGES) || text.contains("plans to") || text.contains("expected to")
}

/// What the passages of a claim's cited sources give it.
#[derive(Debug, Default)]
pub(super) struct Judgement {
    /// Per term: 1.0 in a cited source's best passage, [`SCATTERED`] only elsewhere in a
    /// cited source, 0.0 in none.
    pub credit: Vec<f32>,
    /// The best passages, best first.
    pub evidence: Vec<Evidence>,
    /// Per cited source, the terms (indices) it supplied anywhere.
    pub supplied: Vec<(u32, Vec<usize>)>,
    /// A best passage that negates, where the claim does not: its source.
    pub negated: Option<u32>,
    /// A best passage that hedges, where the claim does not: its source.
    pub hedged: Option<u32>,
}

fn weight(terms: &[Term], mask: u128) -> f32 {
    terms
        .iter()
        .take(MASK_BITS)
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, t)| t.weight())
        .sum()
}

/// Which of `terms` (of those in `maybe`) `bag` holds.
fn mask_of(terms: &[Term], bag: &Bag, maybe: u128) -> u128 {
    terms
        .iter()
        .take(MASK_BITS)
        .enumerate()
        .filter(|&(i, t)| maybe & (1 << i) != 0 && bag.contains(t))
        .fold(0, |m, (i, _)| m | (1 << i))
}

/// A window of one or two sentences of one source.
struct Window {
    source: u32,
    first: usize,
    last: usize,
    mask: u128,
    weight: f32,
}

pub(super) fn judge(cx: &Context, terms: &[Term], cited: &[u32], claim_text: &str) -> Judgement {
    let mut best_any: u128 = 0;
    let mut anywhere: u128 = 0;
    let mut bests: Vec<Window> = Vec::new();
    let mut others: Vec<Window> = Vec::new();
    let mut supplied = Vec::new();
    // Terms past the mask are looked up in the whole source.
    let mut whole = vec![false; terms.len()];
    for &n in cited {
        let Some(p) = cx.profile(n) else { continue };
        for (i, t) in terms.iter().enumerate().skip(MASK_BITS) {
            whole[i] |= p.contains(t);
        }
        // Terms the source's signature turns away are in none of its bags.
        let maybe = cx.may_hold(n, terms);
        let meta = mask_of(terms, &p.meta, maybe);
        let hits: Vec<u128> = p
            .passages
            .iter()
            .map(|s| mask_of(terms, s.bag.as_ref().unwrap_or(&p.english), maybe))
            .collect();
        let all = hits.iter().fold(meta, |a, h| a | h);
        anywhere |= all;
        supplied.push((
            n,
            (0..terms.len().min(MASK_BITS))
                .filter(|i| all & (1 << i) != 0)
                .collect(),
        ));
        let mut windows: Vec<Window> = Vec::new();
        for i in 0..hits.len() {
            for last in [i, i + 1] {
                if last >= hits.len()
                    || (last > i && (hits[last] & !hits[i] == 0 || hits[i] & !hits[last] == 0))
                {
                    // Two sentences make a passage only when each adds to the other.
                    continue;
                }
                let mask = hits[i] | hits[last];
                let w = weight(terms, mask);
                if w > 0.0 {
                    windows.push(Window {
                        source: n,
                        first: i,
                        last,
                        mask,
                        weight: w,
                    });
                }
            }
        }
        // Best first; among equals the earlier, shorter passage.
        windows.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.first.cmp(&b.first))
                .then(a.last.cmp(&b.last))
        });
        let mut kept: Vec<Window> = Vec::new();
        for w in windows {
            if kept.len() >= EVIDENCE_KEPT {
                break;
            }
            if kept.iter().all(|k| w.last < k.first || w.first > k.last) {
                kept.push(w);
            }
        }
        let mut kept = kept.into_iter();
        if let Some(best) = kept.next() {
            best_any |= best.mask | meta;
            bests.push(best);
        } else {
            best_any |= meta;
        }
        others.extend(kept);
    }
    let credit: Vec<f32> = (0..terms.len())
        .map(|i| {
            if i >= MASK_BITS {
                if whole[i] { 1.0 } else { 0.0 }
            } else if best_any & (1 << i) != 0 {
                1.0
            } else if anywhere & (1 << i) != 0 || whole[i] {
                SCATTERED
            } else {
                0.0
            }
        })
        .collect();
    let credit = credit_runs(terms, credit);

    // Only a passage that carries at least half the claim speaks for or against it; it
    // negates (or hedges) the claim when it negates one of the very terms they share.
    let total: f32 = terms.iter().map(Term::weight).sum();
    let (mut negated, mut hedged) = (None, None);
    let mut claim_cues = None;
    for w in bests
        .iter()
        .filter(|w| total > 0.0 && w.weight >= total / 2.0)
    {
        let (Some(p), Some(source)) = (cx.profile(w.source), cx.source(w.source)) else {
            continue;
        };
        let text = super::english_of(source);
        let span = p.passages[w.first].range.start..p.passages[w.last].range.end;
        let Some(passage) = text.get(span) else {
            continue;
        };
        let (neg, hedge) = scoped(passage, &cx.vocab);
        let reaches = |reached: &[u32]| {
            terms.iter().take(MASK_BITS).enumerate().any(|(i, t)| {
                w.mask & (1 << i) != 0 && t.key.is_some_and(|id| reached.binary_search(&id).is_ok())
            })
        };
        let (claim_negated, claim_hedged) =
            *claim_cues.get_or_insert_with(|| (is_negated(claim_text), is_hedged(claim_text)));
        if negated.is_none() && !claim_negated && reaches(&neg) {
            negated = Some(w.source);
        }
        if hedged.is_none() && !claim_hedged && reaches(&hedge) {
            hedged = Some(w.source);
        }
    }

    bests.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    others.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let keep = EVIDENCE_KEPT.max(bests.len());
    let evidence = bests
        .iter()
        .chain(&others)
        .take(keep)
        .filter_map(|w| evidence_of(cx, terms, w))
        .collect();
    Judgement {
        credit,
        evidence,
        supplied,
        negated,
        hedged,
    }
}

/// A person named by surname alone is named: when the last name of a run ("Saba" of "Maher
/// Saba") is found, the names before it are too. A missing surname stays missing.
fn credit_runs(terms: &[Term], mut credit: Vec<f32>) -> Vec<f32> {
    for i in 0..terms.len() {
        let Some(run) = terms[i].run else { continue };
        let last = (i..terms.len())
            .take_while(|&k| terms[k].run == Some(run))
            .last()
            .unwrap_or(i);
        if last != i && credit[last] > credit[i] {
            credit[i] = credit[last];
        }
    }
    credit
}

fn evidence_of(cx: &Context, terms: &[Term], w: &Window) -> Option<Evidence> {
    let p = cx.profile(w.source)?;
    let source = cx.source(w.source)?;
    let text = match p.field {
        EvidenceField::Text => source.text.as_str(),
        EvidenceField::Gloss => source.gloss.as_deref()?,
    };
    let (start, end) = (
        p.passages[w.first].range.start,
        p.passages[w.last].range.end,
    );
    Some(Evidence {
        source: w.source,
        field: p.field,
        text: text.get(start..end)?.to_string(),
        start,
        end,
        terms: terms
            .iter()
            .take(MASK_BITS)
            .enumerate()
            .filter(|(i, _)| w.mask & (1 << i) != 0)
            .map(|(_, t)| t.shown.clone())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        assert!(NEGATORS.windows(2).all(|w| w[0] < w[1]));
        assert!(HEDGES.windows(2).all(|w| w[0] < w[1]));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,80}") {
            let _ = (is_negated(&s), is_hedged(&s));
        }
    }

    #[test]
    fn negation_and_hedges() {
        assert!(!is_negated("Álvaro said so"));
        assert!(is_negated("Never again"));
        assert!(is_negated("Meta did not buy the firm."));
        assert!(is_negated("Meta hasn't bought it."));
        assert!(is_negated("The company denied the report."));
        assert!(!is_negated("Meta bought the notable firm."));
        assert!(is_hedged("Meta may buy the firm."));
        assert!(is_hedged("Meta reportedly plans to buy it."));
        assert!(!is_hedged("Meta bought the firm in May."));
        assert!(is_negated("META WILL NOT BUY IT"));
        assert!(is_hedged("Reportedly, Meta bought it."));
    }
}
