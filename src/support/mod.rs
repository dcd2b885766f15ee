//! The assessment: for every claim a verdict, a score from 0 to 100, and the reasons, each
//! naming the sources and terms it looked at so the analyst can disagree.
//!
//! Each rule is a small function in [`rules`]; this module gathers what they need (a
//! profile of every source, the story clusters, the duplicates) once per brief.

mod clusters;
mod rules;
pub mod terms;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::links::Links;
use crate::model::{Brief, Source, SourceKind};
use terms::Bag;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Supported,
    Weak,
    Unsupported,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Weak => "weak",
            Verdict::Unsupported => "unsupported",
        }
    }

    fn of_score(score: u8) -> Verdict {
        match score {
            70.. => Verdict::Supported,
            40..=69 => Verdict::Weak,
            _ => Verdict::Unsupported,
        }
    }
}

/// What a rule found, with a stable code for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    NoCitation,
    DanglingMarker,
    SingleSource,
    SocialOnly,
    MissingTerms,
    SameStory,
    DuplicateSource,
    CannotCheck,
    SourceAfterBrief,
    ShiftedCitation,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoCitation => "no-citation",
            Code::DanglingMarker => "dangling-marker",
            Code::SingleSource => "single-source",
            Code::SocialOnly => "social-only",
            Code::MissingTerms => "missing-terms",
            Code::SameStory => "same-story",
            Code::DuplicateSource => "duplicate-source",
            Code::CannotCheck => "cannot-check",
            Code::SourceAfterBrief => "source-after-brief",
            Code::ShiftedCitation => "shifted-citation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: Code,
    /// A sentence a person reads.
    pub message: String,
    /// The sources it looked at.
    pub sources: Vec<u32>,
    /// The terms it looked for.
    pub terms: Vec<String>,
    /// Points taken off the score.
    #[serde(skip)]
    pub penalty: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimAssessment {
    pub verdict: Verdict,
    pub score: u8,
    pub reasons: Vec<Reason>,
    /// Key terms of the claim that its sources do contain.
    pub found: Vec<String>,
    /// A heading-like or transitional sentence that makes no checkable claim.
    pub transition: bool,
}

/// The assessment of a whole brief.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    /// One per claim, in reading order (index with [`Links::flat`]).
    pub claims: Vec<ClaimAssessment>,
    /// Sources (by number) that relay one story.
    pub clusters: Vec<Vec<u32>>,
    /// Pairs of numbers under which the same source is listed twice.
    pub duplicates: Vec<(u32, u32)>,
}

impl Assessment {
    /// How many claims have each verdict: (supported, weak, unsupported).
    pub fn counts(&self) -> (usize, usize, usize) {
        self.claims
            .iter()
            .fold((0, 0, 0), |(s, w, u), c| match c.verdict {
                Verdict::Supported => (s + 1, w, u),
                Verdict::Weak => (s, w + 1, u),
                Verdict::Unsupported => (s, w, u + 1),
            })
    }

    /// The cluster a source belongs to, if it relays a story others relay too.
    pub fn cluster_of(&self, number: u32) -> Option<&[u32]> {
        self.clusters
            .iter()
            .find(|c| c.contains(&number))
            .map(Vec::as_slice)
    }
}

/// Source tiers, strongest first: filing > news > analysis > social post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Social,
    Analysis,
    News,
    Filing,
}

/// What the rules need to know of one source, computed once.
pub(crate) struct Profile {
    pub bag: Bag,
    /// A post that relays an outlet's story ("- WSJ", "laut dem WSJ") ranks as news.
    pub tier: Tier,
    /// Not English, and no gloss to read it by.
    pub unreadable: bool,
}

impl Profile {
    fn of(source: &Source) -> Profile {
        let mut bag = Bag::of(&source.text);
        for extra in [&source.gloss, &source.outlet, &source.author]
            .into_iter()
            .flatten()
        {
            bag.add(extra);
        }
        if let Some(url) = &source.url {
            bag.add(&url_words(url));
        }
        let relayed = source.kind == SourceKind::Social && source.outlet.is_some();
        let tier = match source.kind {
            SourceKind::Filing => Tier::Filing,
            SourceKind::News => Tier::News,
            SourceKind::Social if relayed => Tier::News,
            SourceKind::Analysis | SourceKind::Other => Tier::Analysis,
            SourceKind::Social => Tier::Social,
        };
        Profile {
            bag,
            tier,
            unreadable: source.lang != "en" && source.gloss.is_none(),
        }
    }
}

/// The words of a URL's host and path: `https://x.com/meta-tests-ai` -> `x com meta tests ai`.
pub fn url_words(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything the rules share for one brief.
pub(crate) struct Context<'a> {
    pub brief: &'a Brief,
    pub links: &'a Links,
    /// By source index.
    pub profiles: Vec<Profile>,
    /// Source number -> cluster id.
    pub cluster: HashMap<u32, usize>,
    /// Source number -> the other numbers it is listed under.
    pub duplicate_of: HashMap<u32, Vec<u32>>,
}

impl Context<'_> {
    pub fn profile(&self, number: u32) -> Option<&Profile> {
        self.brief.source_index(number).map(|i| &self.profiles[i])
    }
}

/// Assesses every claim of `brief`.
pub fn assess(brief: &Brief, links: &Links) -> Assessment {
    let profiles: Vec<Profile> = brief.sources.iter().map(Profile::of).collect();

    let features: Vec<HashSet<String>> = brief
        .sources
        .iter()
        .map(|s| {
            // Stories are compared in English: a gloss stands in for its original, whose
            // words no other source shares.
            let bag = match &s.gloss {
                Some(g) => Bag::of(g),
                None => Bag::of(&s.text),
            };
            let mut f: HashSet<String> = bag
                .stems
                .iter()
                .filter(|w| w.chars().count() >= 3 && !terms::is_common(w))
                .cloned()
                .collect();
            f.extend(bag.figures.iter().map(|x| format!("#{x}")));
            if let Some(o) = &s.outlet {
                f.insert(format!("@{}", terms::fold(o)));
            }
            f
        })
        .collect();
    let clusters: Vec<Vec<u32>> = clusters::clusters(&features)
        .into_iter()
        .map(|g| g.into_iter().map(|i| brief.sources[i].number).collect())
        .collect();
    let cluster = clusters
        .iter()
        .enumerate()
        .flat_map(|(k, g)| g.iter().map(move |&n| (n, k)))
        .collect();

    let duplicates = find_duplicates(brief);
    let mut duplicate_of: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(a, b) in &duplicates {
        duplicate_of.entry(a).or_default().push(b);
        duplicate_of.entry(b).or_default().push(a);
    }

    let cx = Context {
        brief,
        links,
        profiles,
        cluster,
        duplicate_of,
    };
    let claims = brief
        .claims()
        .enumerate()
        .map(|(i, (_, claim))| rules::assess_claim(&cx, i, &claim.text))
        .collect();
    Assessment {
        claims,
        clusters,
        duplicates,
    }
}

/// Pairs of sources with the same text (folded, spacing aside) or the same URL.
fn find_duplicates(brief: &Brief) -> Vec<(u32, u32)> {
    let mut by_key: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    for s in &brief.sources {
        let text_key = terms::fold(&s.text.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut keys = vec![format!("t:{text_key}")];
        if let Some(url) = &s.url {
            keys.push(format!("u:{}", url.trim_end_matches('/')));
        }
        let mut found = None;
        for k in keys {
            match by_key.get(&k) {
                Some(&first) if first != s.number => found = found.or(Some(first)),
                Some(_) => {}
                None => {
                    by_key.insert(k, s.number);
                }
            }
        }
        if let Some(first) = found {
            out.push((first, s.number));
        }
    }
    out
}
