//! The assessment: for every claim a verdict, a score from 0 to 100, and the reasons, each
//! naming the sources and terms it looked at so the analyst can disagree.
//!
//! Each rule is a small function in [`rules`]; this module gathers what they need (a
//! profile of every source, the story clusters, the duplicates) once per brief.

mod clusters;
mod rules;
pub mod terms;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::links::Links;
use crate::model::{Brief, Source, SourceKind};
use terms::{Bag, Vocab};

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
    /// Everything it can be matched on: text, gloss, outlet, author, the words of its URL.
    pub bag: Bag,
    /// What stories are compared on: its English (the gloss, when there is one), its
    /// figures and the outlet it relays.
    pub features: Vec<u32>,
    /// A post that relays an outlet's story ("- WSJ", "laut dem WSJ") ranks as news.
    pub tier: Tier,
    /// Not English, and no gloss to read it by.
    pub unreadable: bool,
}

impl Profile {
    fn of(source: &Source, vocab: &mut Vocab) -> Profile {
        let english = vocab.bag(&[source.gloss.as_deref().unwrap_or(&source.text)]);
        let url = source.url.as_deref().map(url_words).unwrap_or_default();
        let mut parts: Vec<&str> = vec![&url];
        if source.gloss.is_some() {
            parts.push(&source.text);
        }
        parts.extend(
            [&source.outlet, &source.author]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        let bag = Bag::union(&[&english, &vocab.bag(&parts)]);
        let mut features: Vec<u32> = english
            .0
            .iter()
            .copied()
            .filter(|&id| vocab.is_feature(id))
            .collect();
        if let Some(o) = &source.outlet {
            features.push(vocab.intern(&format!("@{}", terms::fold(o))));
            features.sort_unstable();
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
            features,
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
    /// The sources' words.
    pub vocab: Vocab,
    /// By source index.
    pub profiles: Vec<Profile>,
    /// Source number -> index in the brief's sources (the first, if a number repeats).
    pub by_number: FxHashMap<u32, usize>,
    /// Source number -> cluster id.
    pub cluster: HashMap<u32, usize>,
    /// Source number -> the other numbers it is listed under.
    pub duplicate_of: HashMap<u32, Vec<u32>>,
}

impl Context<'_> {
    /// Where source `number` is in the brief's list: a map, since markers that point
    /// nowhere would otherwise cost a scan of every source each.
    pub fn index_of(&self, number: u32) -> Option<usize> {
        self.by_number.get(&number).copied()
    }

    pub fn profile(&self, number: u32) -> Option<&Profile> {
        self.index_of(number).map(|i| &self.profiles[i])
    }

    pub fn source(&self, number: u32) -> Option<&Source> {
        self.index_of(number).map(|i| &self.brief.sources[i])
    }
}

/// Assesses every claim of `brief`.
pub fn assess(brief: &Brief, links: &Links) -> Assessment {
    assess_with_progress(brief, links, &AtomicUsize::new(0))
}

/// Assesses every claim, counting claims done in `progress` as it goes (for a progress bar
/// while a large brief is analysed off the render thread).
pub fn assess_with_progress(brief: &Brief, links: &Links, progress: &AtomicUsize) -> Assessment {
    let mut vocab = Vocab::default();
    let profiles: Vec<Profile> = brief
        .sources
        .iter()
        .map(|s| Profile::of(s, &mut vocab))
        .collect();
    let features: Vec<&[u32]> = profiles.iter().map(|p| p.features.as_slice()).collect();
    let clusters: Vec<Vec<u32>> = clusters::clusters(&features, |id| vocab.is_outlet(id))
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

    let mut by_number = FxHashMap::default();
    for (i, s) in brief.sources.iter().enumerate() {
        by_number.entry(s.number).or_insert(i);
    }
    let cx = Context {
        brief,
        links,
        by_number,
        vocab,
        profiles,
        cluster,
        duplicate_of,
    };
    // Claims are independent of each other: assess them on every core.
    let texts: Vec<&str> = brief.claims().map(|(_, c)| c.text.as_str()).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = texts.len().div_ceil(threads).max(256);
    let claims = std::thread::scope(|s| {
        let cx = &cx;
        let handles: Vec<_> = texts
            .chunks(chunk)
            .enumerate()
            .map(|(k, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(j, text)| {
                            if j % 512 == 511 {
                                progress.fetch_add(512, Ordering::Relaxed);
                            }
                            rules::assess_claim(cx, k * chunk + j, text)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an assessment thread panicked"))
            .collect()
    });
    Assessment {
        claims,
        clusters,
        duplicates,
    }
}

/// Pairs of sources with the same text (folded, spacing aside) or the same URL.
fn find_duplicates(brief: &Brief) -> Vec<(u32, u32)> {
    let mut by_text: FxHashMap<String, u32> = FxHashMap::default();
    let mut by_url: FxHashMap<&str, u32> = FxHashMap::default();
    let mut out = Vec::new();
    for s in &brief.sources {
        let mut key = String::with_capacity(s.text.len());
        for w in s.text.split_whitespace() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(w);
        }
        let key = terms::fold(&key);
        let mut found = None;
        match by_text.get(&key) {
            Some(&first) if first != s.number => found = Some(first),
            Some(_) => {}
            None => {
                by_text.insert(key, s.number);
            }
        }
        if let Some(url) = &s.url {
            let u = url.trim_end_matches('/');
            match by_url.get(u) {
                Some(&first) if first != s.number => found = found.or(Some(first)),
                Some(_) => {}
                None => {
                    by_url.insert(u, s.number);
                }
            }
        }
        if let Some(first) = found {
            out.push((first, s.number));
        }
    }
    out
}
