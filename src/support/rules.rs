//! The rules, one small function each. A rule returns the reasons it found, with the
//! points each takes off the claim's score; `assess_claim` adds them up.

use std::collections::BTreeMap;

use super::terms::{self, Bag, Term, TermKind};
use super::{ClaimAssessment, Code, Context, Reason, Tier, Verdict};
use crate::cite;

/// A line without closing punctuation and at most this many words reads as a heading.
const HEADING_WORDS: usize = 10;
/// A sentence of at most this many words with no key term at all is a transition.
const TRANSITION_WORDS: usize = 6;
/// A neighbour's source must cover this much more of the claim than its own to be flagged.
const SHIFT_MARGIN: f32 = 0.3;

/// What the rules know about the claim being assessed.
struct Claim<'a> {
    flat: usize,
    terms: Vec<Term>,
    /// Cited numbers that name a source.
    cited: Vec<u32>,
    /// Cited numbers with no source.
    dangling: Vec<u32>,
    text: &'a str,
}

pub(super) fn assess_claim(cx: &Context, flat: usize, text: &str) -> ClaimAssessment {
    let numbers = &cx.links.cites[flat];
    let (cited, dangling): (Vec<u32>, Vec<u32>) =
        numbers.iter().partition(|&&n| cx.index_of(n).is_some());
    let plain = cite::strip(text);
    let claim = Claim {
        flat,
        terms: terms::key_terms(&plain, &cx.vocab),
        cited,
        dangling,
        text: &plain,
    };

    let transition = is_transition(&claim);
    let mut reasons = Vec::new();
    let mut found = Vec::new();
    if numbers.is_empty() {
        if !transition {
            reasons.push(no_citation(&claim));
        }
    } else {
        reasons.extend(dangling_marker(&claim));
        if !claim.cited.is_empty() {
            let bag = union_bag(cx, &claim.cited);
            let coverage = Coverage::of(&claim.terms, &bag);
            found = coverage.found.iter().map(|t| t.shown.clone()).collect();
            reasons.extend(missing_terms(&claim, &coverage));
            reasons.extend(single_source(cx, &claim));
            reasons.extend(same_story(cx, &claim));
            reasons.extend(social_only(cx, &claim));
            reasons.extend(duplicate_source(cx, &claim));
            reasons.extend(cannot_check(cx, &claim));
            reasons.extend(source_after_brief(cx, &claim));
            reasons.extend(shifted_citation(cx, &claim, &coverage));
        }
    }

    let all_dangling = !numbers.is_empty() && claim.cited.is_empty();
    let score = if transition && numbers.is_empty() {
        100
    } else if all_dangling {
        0
    } else {
        let off: u32 = reasons.iter().map(|r| u32::from(r.penalty)).sum();
        100u32.saturating_sub(off) as u8
    };
    ClaimAssessment {
        verdict: Verdict::of_score(score),
        score,
        reasons,
        found,
        transition,
    }
}

/// Headings ("Key Takeaways", "Durable Distribution Advantage:") and pure transitions
/// ("In short:", "Here is why.") make no claim of their own to cite. A short sentence that
/// names anything checkable ("However, a significant productization gap remains.") is a
/// claim.
fn is_transition(claim: &Claim) -> bool {
    let words = claim.text.split_whitespace().count();
    let closed = claim
        .text
        .trim_end()
        .ends_with(['.', '!', '?', '"', '”', ')']);
    (!closed && words <= HEADING_WORDS) || (words <= TRANSITION_WORDS && claim.terms.is_empty())
}

fn no_citation(claim: &Claim) -> Reason {
    Reason {
        code: Code::NoCitation,
        message: "States a fact but cites no source.".into(),
        sources: vec![],
        terms: claim.terms.iter().map(|t| t.shown.clone()).collect(),
        penalty: 100,
    }
}

fn dangling_marker(claim: &Claim) -> Option<Reason> {
    if claim.dangling.is_empty() {
        return None;
    }
    let list = numbers(&claim.dangling);
    Some(Reason {
        code: Code::DanglingMarker,
        message: format!("Cites {list}, but the brief lists no such source."),
        sources: claim.dangling.clone(),
        terms: vec![],
        penalty: if claim.cited.is_empty() { 100 } else { 20 },
    })
}

/// Which of the claim's terms a set of sources contains.
struct Coverage<'a> {
    found: Vec<&'a Term>,
    missing: Vec<&'a Term>,
    /// Share of the terms' weight that was found, 0.0 to 1.0 (1.0 for a claim with none).
    share: f32,
}

impl<'a> Coverage<'a> {
    fn of(terms: &'a [Term], bag: &Bag) -> Coverage<'a> {
        let (found, missing): (Vec<&Term>, Vec<&Term>) =
            terms.iter().partition(|t| bag.contains(t));
        let weight = |ts: &[&Term]| ts.iter().map(|t| t.kind.weight()).sum::<f32>();
        let total = weight(&found) + weight(&missing);
        let share = if total == 0.0 {
            1.0
        } else {
            weight(&found) / total
        };
        Coverage {
            found,
            missing,
            share,
        }
    }
}

fn union_bag(cx: &Context, numbers: &[u32]) -> Bag {
    let bags: Vec<&Bag> = numbers
        .iter()
        .filter_map(|&n| cx.profile(n))
        .map(|p| &p.bag)
        .collect();
    Bag::union(&bags)
}

fn missing_terms(claim: &Claim, cov: &Coverage) -> Option<Reason> {
    let names_missing = cov.missing.iter().any(|t| t.kind != TermKind::Word);
    if cov.missing.is_empty() || (cov.share >= 0.6 && !names_missing) {
        return None;
    }
    let shown = |ts: &[&Term]| ts.iter().map(|t| t.shown.clone()).collect::<Vec<_>>();
    let missing = shown(&cov.missing);
    let message = if cov.found.is_empty() {
        format!(
            "None of its key terms appear in {}: {}.",
            numbers(&claim.cited),
            missing.join(", ")
        )
    } else {
        format!(
            "{} of {} key terms appear in none of {}: {}.",
            cov.missing.len(),
            cov.missing.len() + cov.found.len(),
            numbers(&claim.cited),
            missing.join(", ")
        )
    };
    Some(Reason {
        code: Code::MissingTerms,
        message,
        sources: claim.cited.clone(),
        terms: missing,
        penalty: ((1.0 - cov.share) * 60.0).round() as u8
            + if cov.found.is_empty() { 20 } else { 0 },
    })
}

/// Cited sources grouped into independent stories (a cluster counts once).
fn stories(cx: &Context, claim: &Claim) -> BTreeMap<usize, Vec<u32>> {
    let mut out: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for &n in &claim.cited {
        // Sources outside any cluster are their own story: key them past every cluster id.
        let key = cx
            .cluster
            .get(&n)
            .copied()
            .unwrap_or(usize::MAX / 2 + n as usize);
        out.entry(key).or_default().push(n);
    }
    out
}

fn single_source(cx: &Context, claim: &Claim) -> Option<Reason> {
    let stories = stories(cx, claim);
    if stories.len() != 1 {
        return None;
    }
    let message = if claim.cited.len() == 1 {
        format!("Rests on a single source, {}.", numbers(&claim.cited))
    } else {
        format!(
            "Its {} sources all relay one story: one independent source.",
            claim.cited.len()
        )
    };
    Some(Reason {
        code: Code::SingleSource,
        message,
        sources: claim.cited.clone(),
        terms: vec![],
        penalty: 15,
    })
}

fn same_story(cx: &Context, claim: &Claim) -> Option<Reason> {
    let groups: Vec<Vec<u32>> = stories(cx, claim)
        .into_values()
        .filter(|g| g.len() > 1)
        .collect();
    if groups.is_empty() {
        return None;
    }
    let text = groups
        .iter()
        .map(|g| numbers(g))
        .collect::<Vec<_>>()
        .join("; ");
    Some(Reason {
        code: Code::SameStory,
        message: format!("Near-duplicates of one report, counted once: {text}."),
        sources: groups.concat(),
        terms: vec![],
        penalty: 5,
    })
}

fn social_only(cx: &Context, claim: &Claim) -> Option<Reason> {
    let all_social = claim
        .cited
        .iter()
        .all(|&n| cx.profile(n).is_some_and(|p| p.tier == Tier::Social));
    all_social.then(|| Reason {
        code: Code::SocialOnly,
        message: format!(
            "Every source is a social post that relays no outlet: {}.",
            numbers(&claim.cited)
        ),
        sources: claim.cited.clone(),
        terms: vec![],
        penalty: 15,
    })
}

fn duplicate_source(cx: &Context, claim: &Claim) -> Option<Reason> {
    let mut pairs = Vec::new();
    for &n in &claim.cited {
        for &m in cx.duplicate_of.get(&n).map_or(&[][..], Vec::as_slice) {
            if n < m || !claim.cited.contains(&m) {
                pairs.push((n, m));
            }
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let text = pairs
        .iter()
        .map(|(a, b)| format!("[{a}] is [{b}]"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Reason {
        code: Code::DuplicateSource,
        message: format!("The same source is listed under two numbers: {text}."),
        sources: pairs.iter().flat_map(|&(a, b)| [a, b]).collect(),
        terms: vec![],
        penalty: 5,
    })
}

fn cannot_check(cx: &Context, claim: &Claim) -> Option<Reason> {
    let unreadable: Vec<u32> = claim
        .cited
        .iter()
        .copied()
        .filter(|&n| cx.profile(n).is_some_and(|p| p.unreadable))
        .collect();
    if unreadable.is_empty() {
        return None;
    }
    let langs: Vec<String> = unreadable
        .iter()
        .filter_map(|&n| cx.source(n).map(|s| format!("[{n}] {}", s.lang)))
        .collect();
    Some(Reason {
        code: Code::CannotCheck,
        message: format!(
            "Not in English and no gloss to check against: {}.",
            langs.join(", ")
        ),
        sources: unreadable,
        terms: vec![],
        penalty: 15,
    })
}

fn source_after_brief(cx: &Context, claim: &Claim) -> Option<Reason> {
    let late: Vec<u32> = claim
        .cited
        .iter()
        .copied()
        .filter(|&n| {
            cx.source(n)
                .is_some_and(|s| s.date.as_str() > cx.brief.date.as_str())
        })
        .collect();
    if late.is_empty() {
        return None;
    }
    Some(Reason {
        code: Code::SourceAfterBrief,
        message: format!(
            "Dated after the brief ({}): {}.",
            cx.brief.date,
            numbers(&late)
        ),
        sources: late,
        terms: vec![],
        penalty: 20,
    })
}

/// The claim's terms fit a nearby source clearly better than its own: the marker may have
/// slipped by one, or belong to the sentence before or after.
fn shifted_citation(cx: &Context, claim: &Claim, own: &Coverage) -> Option<Reason> {
    if claim.terms.len() < 3 {
        return None;
    }
    let mut candidates: Vec<(u32, String)> = Vec::new();
    for &n in &claim.cited {
        for m in [n.wrapping_sub(1), n + 1] {
            candidates.push((m, format!("the number next to [{n}]")));
        }
    }
    for (step, label) in [
        (claim.flat.wrapping_sub(1), "the claim before"),
        (claim.flat + 1, "the claim after"),
    ] {
        for &m in cx.links.cites.get(step).map_or(&[][..], Vec::as_slice) {
            candidates.push((m, format!("cited by {label}")));
        }
    }
    let best = candidates
        .into_iter()
        .filter(|(m, _)| !claim.cited.contains(m))
        .filter_map(|(m, why)| {
            let p = cx.profile(m)?;
            let cov = Coverage::of(&claim.terms, &p.bag);
            Some((m, why, cov))
        })
        .filter(|(_, _, cov)| {
            cov.share >= 0.5
                && cov.share >= own.share + SHIFT_MARGIN
                && cov.found.len() >= own.found.len() + 2
        })
        .max_by(|a, b| a.2.share.total_cmp(&b.2.share).then(b.0.cmp(&a.0)))?;
    let (m, why, cov) = best;
    let fit: Vec<String> = cov.found.iter().map(|t| t.shown.clone()).collect();
    Some(Reason {
        code: Code::ShiftedCitation,
        message: format!(
            "Its terms fit [{m}] ({why}) better than its own {}: {} found there.",
            numbers(&claim.cited),
            fit.join(", ")
        ),
        sources: vec![m],
        terms: fit,
        penalty: 25,
    })
}

/// `[3]`, `[3], [4]`.
fn numbers(ns: &[u32]) -> String {
    ns.iter()
        .map(|n| format!("[{n}]"))
        .collect::<Vec<_>>()
        .join(", ")
}
