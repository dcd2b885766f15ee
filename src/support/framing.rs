//! Framing words: how a brief characterises what happened ("strategically", "coherent",
//! "leadership continuity", "materially reshaped"), as against what can be checked in a
//! source (names, figures, dates, places, events, technical nouns).
//!
//! A framing word missing from the sources is not evidence that a fact is unsupported:
//! sources rarely repeat the writer's adjectives. They weigh little in the score and the
//! Why panel lists them apart, so the analyst sees they were read and not counted as facts.

/// Evaluative and interpretive words common in AI-written briefs. Sorted: `binary_search`.
const FRAMING: &[&str] = &[
    "aggressive",
    "ambition",
    "ambitious",
    "apparent",
    "bold",
    "boldly",
    "coherence",
    "coherent",
    "compelling",
    "comprehensive",
    "consistent",
    "continuity",
    "credibility",
    "crucial",
    "decisive",
    "dominance",
    "dominant",
    "dramatic",
    "durable",
    "dynamic",
    "ecosystem",
    "emblematic",
    "emphasis",
    "formidable",
    "fundamental",
    "holistic",
    "imperative",
    "landscape",
    "leadership",
    "leverage",
    "leveraging",
    "meaningful",
    "momentum",
    "narrative",
    "notable",
    "noteworthy",
    "paradigm",
    "pivotal",
    "positioning",
    "posture",
    "profound",
    "remarkable",
    "reshape",
    "reshaped",
    "reshaping",
    "robust",
    "seamless",
    "signal",
    "signals",
    "strategic",
    "striking",
    "substantial",
    "trajectory",
    "transformative",
    "underscore",
    "underscores",
    "unprecedented",
    "vision",
    "vital",
];

/// Whether a folded, lower-case word frames rather than states: an entry of the list, or
/// an adverb in `-ly` (manner and degree: "strategically", "materially", "rapidly").
pub fn is_framing(folded: &str) -> bool {
    FRAMING.binary_search(&folded).is_ok()
        || (folded.len() > 5 && folded.ends_with("ly") && !NOT_ADVERBS.contains(&folded))
}

/// Words in `-ly` that name things.
const NOT_ADVERBS: &[&str] = &[
    "assembly", "family", "italy", "monopoly", "supply", "anomaly",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted() {
        assert!(FRAMING.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn framing_and_facts() {
        for w in [
            "strategically",
            "coherently",
            "continuity",
            "materially",
            "pivotal",
        ] {
            assert!(is_framing(w), "{w}");
        }
        for w in [
            "investigations",
            "kenya",
            "supply",
            "family",
            "chips",
            "only",
        ] {
            assert!(!is_framing(w), "{w}");
        }
    }
}
