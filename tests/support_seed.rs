//! The assessment on the seed, checked by hand against the source texts, in both
//! directions: claims that must be flagged, and claims whose sources do support them.

mod common;

use briefbench::links::Links;
use briefbench::model::{Brief, Source, SourceKind, Start};
use briefbench::store::{self, DEFAULT_BRIEF};
use briefbench::support::{self, Assessment, ClaimAssessment, Code, Verdict};

struct Assessed {
    brief: Brief,
    assessment: Assessment,
}

impl Assessed {
    fn of(brief: Brief) -> Assessed {
        let links = Links::build(&brief);
        let assessment = support::assess(&brief, &links);
        Assessed { brief, assessment }
    }

    fn ron(text: &str) -> Assessed {
        Assessed::of(store::load_str(text, "test.ron").unwrap().brief)
    }

    fn seed() -> Assessed {
        Assessed::ron(DEFAULT_BRIEF)
    }

    fn claim(&self, id: &str) -> &ClaimAssessment {
        let i = self
            .brief
            .claims()
            .position(|(_, c)| c.id == id)
            .unwrap_or_else(|| panic!("no {id}"));
        &self.assessment.claims[i]
    }

    fn reason(&self, id: &str, code: Code) -> &support::Reason {
        let a = self.claim(id);
        a.reasons
            .iter()
            .find(|r| r.code == code)
            .unwrap_or_else(|| panic!("{id}: no {} among {:?}", code.as_str(), a.reasons))
    }

    fn has(&self, id: &str, code: Code) -> bool {
        self.claim(id).reasons.iter().any(|r| r.code == code)
    }
}

#[test]
fn mtia_3_is_not_in_source_5() {
    // [^5] is a Chinese post about custom chips for 2026; it never names MTIA or a third generation.
    let s = Assessed::seed();
    let a = s.claim("hardware-organization.3");
    assert_eq!(a.verdict, Verdict::Unsupported);
    let missing = s.reason("hardware-organization.3", Code::MissingTerms);
    assert!(
        missing.terms.contains(&"MTIA".into()),
        "{:?}",
        missing.terms
    );
    assert!(
        missing.terms.contains(&"3".into()),
        "the figure 3 is missing too"
    );
    assert_eq!(missing.sources, vec![5]);
    assert!(s.has("hardware-organization.3", Code::SocialOnly));
    assert!(s.has("hardware-organization.3", Code::SingleSource));
}

#[test]
fn superintelligence_is_in_no_source() {
    let s = Assessed::seed();
    for id in [
        "summary.6",
        "hardware-organization.7",
        "implications.7",
        "takeaways.6",
    ] {
        let missing = s.reason(id, Code::MissingTerms);
        assert!(
            missing.terms.contains(&"superintelligence".into()),
            "{id}: {:?}",
            missing.terms
        );
        assert_eq!(s.claim(id).verdict, Verdict::Unsupported, "{id}");
    }
}

#[test]
fn the_83_out_of_100_score_is_not_in_source_1() {
    let s = Assessed::seed();
    let missing = s.reason("open-source-llama.4", Code::MissingTerms);
    assert!(
        missing.terms.contains(&"83 out of 100".into()),
        "{:?}",
        missing.terms
    );
}

#[test]
fn the_applied_ai_posts_are_one_story() {
    // [13]-[17] and [19] all relay the WSJ report on Reality Labs' applied AI engineering team.
    let s = Assessed::seed();
    let cluster = s
        .assessment
        .cluster_of(14)
        .expect("14 relays a shared story");
    for n in [13, 15, 16, 17, 19] {
        assert!(cluster.contains(&n), "{n} in {cluster:?}");
    }
    let same = s.reason("hardware-organization.4", Code::SameStory);
    assert_eq!(same.sources, vec![13, 14, 15, 17]);
    assert!(
        s.reason("hardware-organization.4", Code::SingleSource)
            .message
            .contains("one story")
    );
    // The Kenya reports: the SvD investigation relayed twice; [9] is another outlet's story.
    assert_eq!(s.assessment.cluster_of(8), Some(&[8, 18][..]));
    assert_eq!(s.assessment.cluster_of(9), None);
}

#[test]
fn investigations_into_sexualised_profiles_are_found_but_rest_on_posts() {
    // [3]'s gloss: "Meta investigates AI profiles that sexualise people with a disability".
    // The words match, but [3] and [4] are posts no outlet stands behind, and [3] says Meta
    // investigates, not that Meta faces investigations: at best weak.
    let s = Assessed::seed();
    let a = s.claim("data-operations.7");
    assert_eq!(a.verdict, Verdict::Weak, "{:?}", a.reasons);
    assert!(s.has("data-operations.7", Code::SocialOnly));
    let e = a
        .evidence
        .iter()
        .find(|e| e.source == 3)
        .expect("[3]'s passage");
    assert!(e.text.contains("investigates"), "{e:?}");
    for t in [
        "investigations",
        "AI",
        "sexualized",
        "profiles",
        "disabilities",
    ] {
        assert!(a.found.contains(&(*t).into()), "{t} found: {:?}", a.found);
    }
}

#[test]
fn maher_saba_is_found_but_the_embellishments_are_not() {
    // [^16]: "META'S NEW TEAMS WILL BE LED BY MAHER SABA IN THE REALITY LABS DIVISION - WSJ".
    let s = Assessed::seed();
    let a = s.claim("hardware-organization.5");
    for t in ["Maher", "Saba", "Reality", "Labs", "division"] {
        assert!(a.found.contains(&(*t).into()), "{t}: {:?}", a.found);
    }
    let missing = s.reason("hardware-organization.5", Code::MissingTerms);
    assert!(missing.terms.contains(&"veteran".into()));
    assert!(!missing.terms.contains(&"Maher".into()));
    // A post relaying the WSJ is not "social only".
    assert!(!s.has("hardware-organization.5", Code::SocialOnly));
}

#[test]
fn uncited_sentences_are_uncited_and_framing_is_told_apart() {
    let s = Assessed::seed();
    // States facts ("not yet scaled to full production") and cites nothing.
    assert!(s.has("product-integration.6", Code::NoCitation));
    // "However, a significant productization gap remains." frames; it names nothing.
    assert!(s.has("product-integration.4", Code::Framing));
    for id in ["product-integration.4", "product-integration.6"] {
        assert_eq!(s.claim(id).verdict, Verdict::Uncited, "{id}");
        assert!(s.claim(id).evidence.is_empty());
    }
    // summary.1 has no marker, but its paragraph closes with one: it is checked against
    // that source, and says so.
    let a = s.claim("summary.1");
    assert_ne!(a.verdict, Verdict::Uncited);
    assert!(!a.covered_by.is_empty());
    assert!(s.has("summary.1", Code::ParagraphCitation));
    assert!(!s.has("summary.1", Code::NoCitation));
}

#[test]
fn loosely_backed_claims_are_not_supported() {
    let s = Assessed::seed();
    // Six citations, but "moderation" and "harms" are in none of them, and "Meta" and "AI"
    // are the whole brief's topic: finding them shows nothing.
    let a = s.claim("implications.9");
    assert_ne!(a.verdict, Verdict::Supported, "{:?}", a.reasons);
    let missing = s.reason("implications.9", Code::MissingTerms);
    for t in ["moderation", "harms"] {
        assert!(missing.terms.contains(&(*t).into()), "{t}: {missing:?}");
    }
    // The framing is named, not silently dropped.
    let a = s.claim("summary.2");
    assert_ne!(a.verdict, Verdict::Supported, "{:?}", a.reasons);
    let framing = s.reason("summary.2", Code::Framing);
    for t in ["coherent", "reshaped", "landscape"] {
        assert!(framing.terms.contains(&(*t).into()), "{t}: {framing:?}");
    }
    assert!(
        a.framing.contains(&"materially".into()) || a.not_counted.contains(&"materially".into()),
        "{a:?}"
    );
}

#[test]
fn every_evidence_passage_slices_its_source() {
    let s = Assessed::seed();
    for a in &s.assessment.claims {
        for e in &a.evidence {
            let src = s.brief.source(e.source).unwrap();
            let text = match e.field {
                support::EvidenceField::Text => &src.text,
                support::EvidenceField::Gloss => src.gloss.as_ref().unwrap(),
            };
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }
}

#[test]
fn the_seed_without_markers_is_all_uncited() {
    let mut brief = store::load_default().unwrap().brief;
    for section in &mut brief.sections {
        for claim in &mut section.claims {
            claim.text = briefbench::cite::strip(&claim.text);
        }
    }
    let s = Assessed::of(brief);
    for (i, (_, claim)) in s.brief.claims().enumerate() {
        let a = &s.assessment.claims[i];
        assert_eq!(a.verdict, Verdict::Uncited, "{}: {}", claim.id, claim.text);
        assert!(
            matches!(a.reasons[0].code, Code::NoCitation | Code::Framing),
            "{}",
            claim.id
        );
    }
}

#[test]
fn dangling_marker() {
    let s = Assessed::ron(&DEFAULT_BRIEF.replacen("[^16]", "[^96]", 1));
    let r = s.reason("hardware-organization.5", Code::DanglingMarker);
    assert_eq!(r.sources, vec![96]);
    assert_eq!(
        s.claim("hardware-organization.5").verdict,
        Verdict::Unsupported
    );
    assert_eq!(s.claim("hardware-organization.5").score, 0);
}

#[test]
fn a_source_in_another_language_without_a_gloss_cannot_be_checked() {
    let text = DEFAULT_BRIEF.replacen(
        "gloss: \"Meta moves into the AI hardware market",
        "author: \"Meta moves into the AI hardware market",
        1,
    );
    let s = Assessed::ron(&text);
    let r = s.reason("hardware-organization.3", Code::CannotCheck);
    assert_eq!(r.sources, vec![5]);
    assert!(r.message.contains("[5] zh"), "{}", r.message);
}

#[test]
fn a_source_dated_after_the_brief() {
    let s = Assessed::ron(&DEFAULT_BRIEF.replacen(
        "date: \"2026-03-08\",\n    subtitle",
        "date: \"2026-03-04\",\n    subtitle",
        1,
    ));
    // [3] is dated 2026-03-07, [4] 2026-03-05.
    let r = s.reason("data-operations.7", Code::SourceAfterBrief);
    assert_eq!(r.sources, vec![3, 4]);
    assert!(
        !s.has("data-operations.4", Code::SourceAfterBrief),
        "[9] and [18] are from 03-04"
    );
}

fn source(number: u32, text: &str) -> Source {
    common::source(number, SourceKind::News, text)
}

fn brief_of(claims: &[&str], sources: Vec<Source>) -> Brief {
    common::brief_of(claims, Start::Sentence, sources)
}

#[test]
fn figures_match_as_figures() {
    let sources = vec![
        source(1, "Growth reached 83 percent in March"),
        source(2, "Moat score: 83/100, says the report"),
    ];
    let s = Assessed::of(brief_of(
        &[
            "Growth reached 8.3 percent in March [1].",
            "The moat scored 83 out of 100 in the report [2].",
            "Growth reached 83 percent in March [1].",
        ],
        sources,
    ));
    assert!(
        s.reason("s.1", Code::MissingTerms)
            .terms
            .contains(&"8.3 percent".into())
    );
    assert!(s.claim("s.2").found.contains(&"83 out of 100".into()));
    assert!(s.claim("s.3").found.contains(&"83 percent".into()));
}

#[test]
fn duplicate_sources_are_named() {
    let mut b = source(2, "Meta tests shopping feature in AI tool");
    b.url = Some("https://example.com/a".into());
    let mut c = source(3, "Another headline entirely");
    c.url = Some("https://example.com/a/".into());
    let s = Assessed::of(brief_of(
        &[
            "Meta tests a shopping feature in its AI tool [1],[2].",
            "Another headline [3].",
        ],
        vec![source(1, "Meta tests shopping feature in AI tool"), b, c],
    ));
    let r = s.reason("s.1", Code::DuplicateSource);
    assert!(r.sources.contains(&1) && r.sources.contains(&2), "{r:?}");
    assert!(s.assessment.duplicates.contains(&(1, 2)));
    assert!(
        s.assessment.duplicates.contains(&(2, 3)),
        "same URL: {:?}",
        s.assessment.duplicates
    );
}

#[test]
fn a_shifted_citation_is_caught() {
    let s = Assessed::of(brief_of(
        &["Kenyan workers training Meta's AI glasses see users' most intimate moments [1]."],
        vec![
            source(1, "Berlin court bars WhatsApp data transfer to Facebook"),
            source(
                2,
                "Kenyan workers training Meta's AI glasses say they see users' most intimate moments",
            ),
        ],
    ));
    let r = s.reason("s.1", Code::ShiftedCitation);
    assert_eq!(r.sources, vec![2]);
    assert!(r.terms.contains(&"glasses".into()), "{r:?}");
    assert_eq!(s.claim("s.1").verdict, Verdict::Unsupported);
}

#[test]
fn sources_listed_out_of_order_or_twice_are_found_by_their_numbers() {
    // Numbered 1, 2, 3 in order, sources are found by their place in the list; otherwise
    // by their numbers. Either way a claim reads the same sources.
    let claims = [
        "Kenyan workers training Meta's AI glasses see users' most intimate moments [1].",
        "A Berlin court bars the WhatsApp data transfer to Facebook [3].",
    ];
    let make = |n: u32| match n {
        1 => source(1, "Berlin court bars WhatsApp data transfer to Facebook"),
        2 => source(
            2,
            "Kenyan workers training Meta's AI glasses say they see users' most intimate moments",
        ),
        _ => source(
            3,
            "Berlin court bars WhatsApp data transfer to Facebook, says a judge",
        ),
    };
    let in_order = Assessed::of(brief_of(&claims, vec![make(1), make(2), make(3)]));
    let shuffled = Assessed::of(brief_of(&claims, vec![make(3), make(1), make(2)]));
    for id in ["s.1", "s.2"] {
        let (a, b) = (in_order.claim(id), shuffled.claim(id));
        assert_eq!((a.verdict, a.score), (b.verdict, b.score), "{id}");
        assert_eq!(a.found, b.found, "{id}");
    }
    // The neighbour of [1] is found in either listing.
    assert_eq!(
        shuffled.reason("s.1", Code::ShiftedCitation).sources,
        vec![2]
    );
    assert_eq!(
        in_order.reason("s.1", Code::ShiftedCitation).sources,
        vec![2]
    );
    // A number listed twice is its first source.
    let mut twice = make(2);
    twice.number = 1;
    let repeated = Assessed::of(brief_of(&claims[..1], vec![make(1), twice, make(3)]));
    assert!(repeated.claim("s.1").missing.contains(&"glasses".into()));
}

#[test]
fn a_well_cited_claim_passes_every_check() {
    let mut a = source(1, "Meta tests shopping feature in AI tool to rival ChatGPT");
    a.outlet = Some("Reuters".into());
    let s = Assessed::of(brief_of(
        &["Meta tests a shopping feature in its AI tool to rival ChatGPT [1],[2]."],
        vec![
            a,
            source(
                2,
                "Meta adds shopping to its assistant to take on ChatGPT and Gemini",
            ),
        ],
    ));
    let c = s.claim("s.1");
    assert_eq!(c.verdict, Verdict::Supported, "{:?}", c.reasons);
    assert_eq!(c.score, 100, "{:?}", c.reasons);
}

proptest::proptest! {
    #[test]
    fn rules_never_panic(
        claims in proptest::collection::vec("\\PC{0,80}( \\[\\^?[0-9]{1,2}\\])?[.]?", 0..8),
        texts in proptest::collection::vec("\\PC{0,60}", 0..6),
        dup in proptest::bool::ANY,
    ) {
        let mut sources: Vec<Source> = texts.iter().enumerate().map(|(i, t)| source(i as u32 + 1, t)).collect();
        if dup && !sources.is_empty() {
            let mut d = sources[0].clone();
            d.number = 99;
            sources.push(d);
        }
        let refs: Vec<&str> = claims.iter().map(String::as_str).collect();
        let s = Assessed::of(brief_of(&refs, sources));
        proptest::prop_assert_eq!(s.assessment.claims.len(), claims.len());
        // The verdict of a claim that cites is its score's: a higher score never has a
        // worse verdict (Supported < Weak < Unsupported), whatever the rules found.
        let cited: Vec<(u8, Verdict)> = s
            .assessment
            .claims
            .iter()
            .filter(|a| a.verdict != Verdict::Uncited)
            .map(|a| (a.score, a.verdict))
            .collect();
        for &(sa, va) in &cited {
            for &(sb, vb) in &cited {
                proptest::prop_assert!(
                    sa <= sb || va <= vb,
                    "score {} is {:?} but score {} is {:?}", sa, va, sb, vb
                );
            }
        }
    }
}
