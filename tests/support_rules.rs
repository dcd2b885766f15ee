//! Each comparison and rule of the assessment on small briefs written for the purpose: a
//! claim with and without the thing the rule looks for, so that each test fails if the
//! rule goes.

mod common;

use briefbench::links::Links;
use briefbench::model::{Source, SourceKind, Start};
use briefbench::support::{self, ClaimAssessment, Code, Verdict};

use common::source;

fn news(number: u32, text: &str) -> Source {
    source(number, SourceKind::News, text)
}

/// Each claim its own paragraph, so that no closing marker covers another claim.
fn assess(claims: &[&str], sources: Vec<Source>) -> Vec<ClaimAssessment> {
    let brief = common::brief_of(claims, Start::Paragraph, sources);
    let links = Links::build(&brief);
    support::assess(&brief, &links).claims
}

fn has(a: &ClaimAssessment, code: Code) -> bool {
    a.reasons.iter().any(|r| r.code == code)
}

fn reason(a: &ClaimAssessment, code: Code) -> &support::Reason {
    a.reasons
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no {} in {:?}", code.as_str(), a.reasons))
}

#[test]
fn hedged_figures_money_and_number_words_match_as_values() {
    let a = assess(
        &[
            "The plant employs over fifty engineers [1].",
            "The plant employs over fifty engineers [2].",
            "Northvolt raised $5bn from investors [3].",
            "The team has twenty-five researchers [4].",
        ],
        vec![
            news(1, "The plant employs 51 engineers."),
            news(2, "The plant employs 90 engineers."),
            news(3, "Northvolt raised 5 billion dollars from investors."),
            news(4, "A team of 25 researchers."),
        ],
    );
    // Figures are shown as the claim writes them.
    assert!(a[0].found.contains(&"fifty".into()), "{:?}", a[0]);
    // 90 is not "over fifty" as a writer would put it.
    assert!(a[1].missing.contains(&"fifty".into()), "{:?}", a[1]);
    assert_eq!(a[1].unsupported, ["over fifty"], "{:?}", a[1]);
    assert!(a[2].found.contains(&"5bn".into()), "{:?}", a[2]);
    assert!(a[3].found.contains(&"twenty-five".into()), "{:?}", a[3]);
}

#[test]
fn an_iso_date_gives_its_month_and_abbreviations_name_months() {
    let a = assess(
        &[
            "Pendleton died in May 2001 [1].",
            "The bridge opened on Dec. 20, 1998 [2].",
        ],
        vec![
            news(1, "Pendleton (died 2001-05-16) was a drummer."),
            news(2, "The bridge opened on 20 December 1998."),
        ],
    );
    assert!(a[0].found.contains(&"May".into()), "{:#?}", a[0]);
    assert!(a[1].found.contains(&"Dec".into()), "{:?}", a[1]);
    assert!(a[1].missing.is_empty(), "{:?}", a[1].missing);
}

#[test]
fn a_date_found_only_in_parts_is_not_stated() {
    let a = assess(
        &[
            "Pendleton died on 16 May 2001 [1].",
            "Pendleton died on 16 May 2001 [2].",
        ],
        vec![
            news(1, "Pendleton died on 16 May 2001 in London."),
            news(
                2,
                "Pendleton joined in May 1963. He died in 2001, aged 16 years into retirement.",
            ),
        ],
    );
    assert!(!has(&a[0], Code::DateNotStated), "{:?}", a[0].reasons);
    assert_eq!(reason(&a[1], Code::DateNotStated).terms, ["16 May 2001"]);
    assert_eq!(a[1].unsupported, ["on 16 May 2001"]);
}

#[test]
fn a_surname_alone_names_the_person_but_not_the_other_way() {
    let a = assess(
        &[
            "The team is led by Maher Saba [1].",
            "The team is led by Maher Saba [2].",
        ],
        vec![
            news(1, "Saba will lead the team."),
            news(2, "Maher will lead the team."),
        ],
    );
    assert!(a[0].found.contains(&"Maher".into()), "{:?}", a[0]);
    assert!(a[1].missing.contains(&"Saba".into()), "{:?}", a[1]);
}

#[test]
fn qualifiers_are_checked() {
    let a = assess(
        &["Media Play News is the only trade dedicated to home entertainment [1]."],
        vec![news(
            1,
            "Media Play News is a trade covering home entertainment.",
        )],
    );
    assert!(a[0].missing.contains(&"only".into()), "{:?}", a[0]);
    // Shown as the phrase a reader would mark.
    assert_eq!(a[0].unsupported, ["the only", "dedicated"], "{:?}", a[0]);
}

#[test]
fn terms_scattered_across_a_source_count_less_than_in_one_passage() {
    let together = "Acme opened a factory in Lyon. It rained. Markets fell. Prices rose.";
    let apart = "Acme reported results. It rained. Markets fell. A factory opened in Lyon.";
    let a = assess(
        &[
            "Acme opened a factory in Lyon [1].",
            "Acme opened a factory in Lyon [2].",
        ],
        vec![news(1, together), news(2, apart)],
    );
    assert!(!has(&a[0], Code::Scattered), "{:?}", a[0].reasons);
    let r = reason(&a[1], Code::Scattered);
    assert!(r.terms.contains(&"Acme".into()), "{r:?}");
    assert!(a[1].score < a[0].score);
    // The evidence is the passage with the most of the claim.
    assert_eq!(a[0].evidence[0].text, "Acme opened a factory in Lyon.");
    assert_eq!(a[1].evidence[0].text, "A factory opened in Lyon.");
}

#[test]
fn a_passage_that_negates_or_hedges_the_claim_is_named() {
    let a = assess(
        &[
            "Meta acquired Scale last year [1].",
            "Meta acquired Scale last year [2].",
            "Meta acquired Scale last year [3].",
        ],
        vec![
            news(1, "Meta did not acquire Scale last year."),
            news(2, "Meta may acquire Scale, reportedly."),
            news(3, "Meta acquired Scale last year."),
        ],
    );
    assert_eq!(reason(&a[0], Code::Negated).sources, vec![1]);
    assert!(has(&a[1], Code::Hedged), "{:?}", a[1].reasons);
    assert!(!has(&a[2], Code::Negated) && !has(&a[2], Code::Hedged));
    assert!(a[0].score < a[2].score);
}

#[test]
fn words_in_most_sources_are_the_topic_and_show_nothing() {
    let claim = "Acme bought Widgetco for its robotics unit [1].";
    // Acme in every source: finding it in [1] is no support.
    let topical = assess(
        &[claim],
        vec![
            news(1, "Acme reports quarterly earnings."),
            news(2, "Acme hires a new chief."),
            news(3, "Acme opens an office."),
            news(4, "Acme shares rise."),
        ],
    );
    // Acme in [1] alone: it is a name found.
    let named = assess(
        &[claim],
        vec![
            news(1, "Acme reports quarterly earnings."),
            news(2, "Rain in Lyon."),
            news(3, "Prices of wheat."),
            news(4, "A new stadium."),
        ],
    );
    assert!(topical[0].score < named[0].score, "{topical:?} {named:?}");
    assert_eq!(topical[0].verdict, Verdict::Unsupported);
}

#[test]
fn a_claim_resting_on_unattributed_posts_is_at_best_weak() {
    let text = "Meta tests a shopping feature in its AI assistant.";
    let a = assess(
        &[
            "Meta tests a shopping feature in its AI assistant [1].",
            "Meta tests a shopping feature in its AI assistant [2].",
        ],
        vec![
            source(1, SourceKind::Social, text),
            source(2, SourceKind::News, text),
        ],
    );
    assert_eq!(a[0].verdict, Verdict::Weak, "{:?}", a[0]);
    assert!(has(&a[0], Code::SocialOnly));
    assert_eq!(a[1].verdict, Verdict::Supported, "{:?}", a[1]);
}

#[test]
fn a_cited_claim_that_is_mostly_framing_is_named_so() {
    let a = assess(
        &[
            "This coherent strategy has materially reshaped its positioning in the landscape [1].",
            "Meta released Llama 3 in April 2024 [1].",
        ],
        vec![news(1, "Meta released Llama 3 in April 2024.")],
    );
    let r = reason(&a[0], Code::Framing);
    assert!(r.terms.contains(&"coherent".into()), "{r:?}");
    assert!(!has(&a[1], Code::Framing));
    assert_ne!(a[0].verdict, Verdict::Supported);
}

#[test]
fn verdict_boundaries() {
    // One source (15 points) and one of four equal names missing (80 × 2/8 = 20 points):
    // 65, weak. All found: 85, supported.
    let a = assess(
        &[
            "They met Alpha, Bravo, Charlie and Delta [1].",
            "They met Alpha, Bravo, Charlie and Echo [1].",
        ],
        vec![news(1, "They met Alpha, Bravo, Charlie and Delta.")],
    );
    assert_eq!((a[0].score, a[0].verdict), (85, Verdict::Supported));
    assert_eq!((a[1].score, a[1].verdict), (65, Verdict::Weak));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Whatever the texts, every evidence passage is a slice of its source on char
    /// boundaries, and every unsupported phrase a slice of the claim.
    #[test]
    fn evidence_and_phrases_slice_their_texts(
        source in "(\\PC{0,40}[.!?。\\n ]{1,2}){0,6}",
        claim in "[A-Za-zÀ-ÿ0-9 ,.$%'-]{1,80}",
    ) {
        let claim = format!("{claim} [1].");
        let a = assess(&[claim.as_str()], vec![news(1, &source)]);
        for e in &a[0].evidence {
            proptest::prop_assert!(source.is_char_boundary(e.start) && source.is_char_boundary(e.end));
            proptest::prop_assert_eq!(&source[e.start..e.end], e.text.as_str());
        }
        let plain = briefbench::cite::strip(&claim);
        for p in &a[0].unsupported {
            proptest::prop_assert!(plain.contains(p.as_str()), "{p:?} not in {plain:?}");
        }
    }
}

/// A source's publication date dates what it reports: a report of 2025-03-12 that the
/// firm "filed on Wednesday" gives "in March 2025". A date the importer guessed gives nothing.
#[test]
fn a_source_s_own_date_states_when_but_a_guessed_one_does_not() {
    let claim = "Northvolt filed for bankruptcy in Sweden in March 2025 [1].";
    let mut dated = news(1, "Northvolt filed for bankruptcy in Sweden on Wednesday.");
    dated.date = "2025-03-12".into();
    let a = &assess(&[claim], vec![dated.clone()])[0];
    assert!(a.found.iter().any(|t| t == "March"), "{:?}", a.found);
    assert!(a.found.iter().any(|t| t == "2025"), "{:?}", a.found);
    assert!(!has(a, Code::MissingTerms), "{:?}", a.reasons);

    let mut guessed = dated;
    guessed.guessed.insert(briefbench::model::Guessed::Date);
    let a = &assess(&[claim], vec![guessed])[0];
    assert!(a.missing.iter().any(|t| t == "March"), "{:?}", a.missing);
    assert!(has(a, Code::MissingTerms));
}
