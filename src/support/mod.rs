//! The assessment: for every claim a verdict, a score from 0 to 100, and the reasons, each
//! naming the sources and terms it looked at so the analyst can disagree.
//!
//! Each rule is a small function in [`rules`]; this module gathers what they need (a
//! profile of every source, the story clusters, the duplicates) once per brief.

mod clusters;
mod evidence;
mod figures;
mod framing;
mod passages;
mod rules;
mod spans;
pub mod terms;

pub use figures::month_number;

use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::links::Links;
use crate::model::{Brief, Source, SourceKind};
use terms::{Bag, Vocab};

/// Named in lower case, in JSON (serde) and in labels (strum) alike.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Verdict {
    /// Its sources state what it says.
    Supported,
    /// Its sources carry part of it.
    Weak,
    /// Its sources do not say it.
    Unsupported,
    /// It cites nothing, and no citation at its paragraph's end covers it.
    Uncited,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// The verdict of a claim that cites something, by its score (see `rules::SUPPORTED_AT`).
    fn of_score(score: u8) -> Verdict {
        if score >= rules::SUPPORTED_AT {
            Verdict::Supported
        } else if score >= rules::WEAK_AT {
            Verdict::Weak
        } else {
            Verdict::Unsupported
        }
    }
}

/// How many claims have each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub supported: usize,
    pub weak: usize,
    pub unsupported: usize,
    pub uncited: usize,
}

impl Counts {
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Supported => self.supported += 1,
            Verdict::Weak => self.weak += 1,
            Verdict::Unsupported => self.unsupported += 1,
            Verdict::Uncited => self.uncited += 1,
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.supported += other.supported;
        self.weak += other.weak;
        self.unsupported += other.unsupported;
        self.uncited += other.uncited;
    }
}

/// What a rule found, with a stable code for scripts.
/// Named in kebab-case, in JSON (serde) and in text (strum) alike.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    NoCitation,
    Framing,
    ParagraphCitation,
    Scattered,
    DateNotStated,
    Negated,
    Hedged,
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
        self.into()
    }
}

/// A word or phrase of a claim as the assessment names it. Held inline up to 24 bytes (nearly
/// every word is): a large brief's assessment holds about two million of them, and a warm
/// reopen decodes them all.
pub type Word = compact_str::CompactString;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: Code,
    /// A sentence a person reads.
    pub message: String,
    /// The sources it looked at.
    pub sources: Vec<u32>,
    /// The terms it looked for.
    pub terms: Vec<Word>,
    /// Points taken off the score (kept in the cache, never shown in JSON).
    #[serde(skip_serializing_if = "crate::cache::cache_only")]
    pub penalty: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimAssessment {
    pub verdict: Verdict,
    pub score: u8,
    pub reasons: Vec<Reason>,
    /// Key terms of the claim that its sources do contain.
    pub found: Vec<Word>,
    /// Checkable terms of the claim that none of its sources contain.
    pub missing: Vec<Word>,
    /// The phrases of the claim (markers stripped) that its sources do not carry: the
    /// missing terms with the function words that join them ("the only one dedicated").
    pub unsupported: Vec<Word>,
    /// The passages of the cited sources that carry the claim, best first.
    pub evidence: Vec<Evidence>,
    /// Per cited source, the claim's terms it supplied (none, for a source that gives
    /// nothing).
    pub supplied: Vec<(u32, Vec<Word>)>,
    /// Framing words of the claim: read, shown, hardly counted.
    pub framing: Vec<Word>,
    /// Words read and not counted at all (common English, brief boilerplate).
    pub not_counted: Vec<Word>,
    /// For a claim with no marker of its own, the numbers cited at its paragraph's end.
    pub covered_by: Vec<u32>,
    /// A heading-like or transitional sentence that makes no checkable claim.
    pub transition: bool,
}

/// A passage of a cited source that carries (part of) a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The source's number.
    pub source: u32,
    /// Which of the source's texts the passage is from.
    pub field: EvidenceField,
    /// The passage as the source gives it.
    pub text: String,
    /// Byte offsets of the passage in the source's text (or its gloss, see `field`).
    pub start: usize,
    pub end: usize,
    /// The claim's terms the passage holds.
    pub terms: Vec<Word>,
}

/// Which text of a source evidence is cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceField {
    /// The source's own text.
    Text,
    /// Its English gloss (the text is in another language).
    Gloss,
}

/// The assessment of a whole brief.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// One per claim, in reading order (index with [`Links::flat`]).
    pub claims: Vec<ClaimAssessment>,
    /// Sources (by number) that relay one story.
    pub clusters: Vec<Vec<u32>>,
    /// Pairs of numbers under which the same source is listed twice.
    pub duplicates: Vec<(u32, u32)>,
}

impl Assessment {
    /// How many claims have each verdict.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for c in &self.claims {
            counts.add(c.verdict);
        }
        counts
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

/// The ids of a source's field that many sources share (a date, an outlet, an author), by
/// its text: a large brief's 100,000 sources have a few hundred dates between them.
type Repeated<'a> = HashMap<&'a str, Vec<u32>>;

/// What the rules need to know of one source, computed once.
pub(crate) struct Profile {
    /// The words and figures of its English (the gloss, when there is one); with `meta`,
    /// everything it can be matched on.
    pub english: Bag,
    /// What it says of itself: title, outlet, author, the words of its URL, and, for a
    /// glossed source, the original text (names read the same in any language).
    pub meta: Bag,
    /// The sentences of its English (the gloss, when there is one).
    pub passages: Vec<evidence::Passage>,
    /// Which text the passages are cut from.
    pub field: EvidenceField,
    /// What stories are compared on: its English (the gloss, when there is one), its
    /// figures and the outlet it relays.
    pub features: Vec<u32>,
    /// A post that relays an outlet's story ("- WSJ", "laut dem WSJ") ranks as news.
    pub tier: Tier,
    /// Not English, and no gloss to read it by.
    pub unreadable: bool,
}

impl Profile {
    /// Everything but the passages, which [`cut_passages`] adds once every source's words
    /// are in the vocabulary. `repeated` holds the ids of the fields many sources share
    /// (dates, outlets, authors), read once each.
    fn of<'a>(source: &'a Source, vocab: &mut Vocab, repeated: &mut Repeated<'a>) -> Profile {
        let field = match source.gloss {
            Some(_) => EvidenceField::Gloss,
            None => EvidenceField::Text,
        };
        let english = vocab.bag(&[english_of(source)]);
        let mut ids = Vec::new();
        if let Some(url) = source.url.as_deref() {
            vocab.add_ids(&url_words(url), &mut ids);
        }
        if source.gloss.is_some() {
            vocab.add_ids(&source.text, &mut ids);
        }
        if let Some(title) = source.title.as_deref() {
            vocab.add_ids(title, &mut ids);
        }
        // The day a source was published states when what it reports happened, near
        // enough: a report dated 2025-03-12 that Northvolt "filed on Wednesday" gives
        // "in March 2025". A date the importer guessed states nothing.
        let date = (!source.is_guessed(crate::model::Guessed::Date)).then_some(&*source.date);
        for part in [source.outlet.as_deref(), source.author.as_deref(), date]
            .into_iter()
            .flatten()
        {
            // Read in the same order as the other parts, so the first reading interns its
            // words where reading every time would: the ids come out the same.
            let known = repeated.entry(part).or_insert_with(|| {
                let mut own = Vec::new();
                vocab.add_ids(part, &mut own);
                own
            });
            ids.extend_from_slice(known);
        }
        let meta = Bag::of(ids);
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
            english,
            meta,
            passages: Vec::new(),
            field,
            features,
            tier,
            unreadable: source.lang != "en" && source.gloss.is_none(),
        }
    }
}

impl Profile {
    /// The profile with its ids renumbered by `map` (before its passages are cut).
    fn renumbered(self, map: &[u32]) -> Profile {
        Profile {
            english: self.english.renumbered(map),
            meta: self.meta.renumbered(map),
            features: terms::renumber(&self.features, map),
            ..self
        }
    }

    /// Whether the source has the term anywhere: its English or what it says of itself.
    pub fn contains(&self, term: &terms::Term) -> bool {
        self.english.contains(term) || self.meta.contains(term)
    }

    /// Which ids its bags may hold: its English, what it says of itself, and its passages.
    fn signature(&self) -> terms::Signature {
        let passages = self
            .passages
            .iter()
            .flat_map(|p| p.bag.iter().flat_map(|b| &b.0));
        terms::Signature::of(self.english.0.iter().chain(&self.meta.0).chain(passages))
    }
}

/// What a source is read by: its gloss, when it has one, else its text.
pub(crate) fn english_of(source: &Source) -> &str {
    source.gloss.as_deref().unwrap_or(&source.text)
}

/// The profile of every source and the vocabulary of them all, built a chunk of sources per
/// core and merged in order (see [`Vocab::absorb`]): the ids come out as a single pass would
/// number them.
fn profile_sources(sources: &[Source]) -> (Vocab, Vec<Profile>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = sources.len().div_ceil(threads).max(2048);
    let mut parts: Vec<(Vocab, Vec<Profile>)> = std::thread::scope(|s| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut vocab = Vocab::default();
                    let mut repeated = Repeated::default();
                    let profiles: Vec<Profile> = part
                        .iter()
                        .map(|s| Profile::of(s, &mut vocab, &mut repeated))
                        .collect();
                    (vocab, profiles)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a profile thread panicked"))
            .collect()
    });
    let mut rest = parts.split_off(1.min(parts.len()));
    let (mut vocab, mut profiles) = parts.pop().unwrap_or_default();
    for (local, part) in rest.drain(..) {
        let map = vocab.absorb(local);
        profiles.extend(part.into_iter().map(|p| p.renumbered(&map)));
    }
    vocab.finish();
    (vocab, profiles)
}

/// Cuts every source into passages, and signs its bags (see [`Context::signatures`]), on
/// every core: the vocabulary is only read now, and the ids are final.
fn cut_passages(
    sources: &[Source],
    profiles: &mut [Profile],
    vocab: &Vocab,
) -> Vec<terms::Signature> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = sources.len().div_ceil(threads).max(1024);
    let mut signatures = vec![terms::Signature::default(); sources.len()];
    std::thread::scope(|s| {
        let parts = sources
            .chunks(chunk)
            .zip(profiles.chunks_mut(chunk))
            .zip(signatures.chunks_mut(chunk));
        for ((sources, profiles), signatures) in parts {
            s.spawn(move || {
                for ((source, p), signature) in sources.iter().zip(profiles).zip(signatures) {
                    p.passages = evidence::passages(english_of(source), vocab);
                    *signature = p.signature();
                }
            });
        }
    });
    signatures
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
    /// By source index, which ids its bags may hold (see [`terms::Signature`]). Kept apart
    /// from the profiles, 16 bytes a source: the terms a claim's neighbours are asked for
    /// are mostly in neither bag, and are turned away here, where a large brief's
    /// signatures stay in cache and its profiles do not.
    pub signatures: Vec<terms::Signature>,
    /// Source number -> index in the brief's sources (the first, if a number repeats);
    /// empty when every source's number is its place in the list, from 1.
    pub by_number: HashMap<u32, usize>,
    /// Source number -> cluster id.
    pub cluster: HashMap<u32, usize>,
    /// Source number -> the other numbers it is listed under.
    pub duplicate_of: HashMap<u32, Vec<u32>>,
    /// Words in half or more of the sources, when there are [`TOPIC_SOURCES`] or more: the
    /// brief's topic, which finding shows nothing.
    pub topic: rustc_hash::FxHashSet<u32>,
}

/// Sources a brief needs before words common to half of them count as its topic.
const TOPIC_SOURCES: usize = 4;

/// Ids in half or more of the profiles' bags (`words`: how many ids the vocabulary holds).
fn topic_of(profiles: &[Profile], words: usize) -> rustc_hash::FxHashSet<u32> {
    if profiles.len() < TOPIC_SOURCES {
        return Default::default();
    }
    // Counted by id in a flat table: a map took a large brief's ten million ids ~40 ms.
    let mut df: Vec<u32> = vec![0; words];
    for p in profiles {
        let meta_only = p.meta.0.iter().filter(|&&id| !p.english.has(id));
        for &id in p.english.0.iter().chain(meta_only) {
            df[id as usize] += 1;
        }
    }
    df.into_iter()
        .enumerate()
        .filter(|&(_, n)| n as usize * 2 >= profiles.len())
        .map(|(id, _)| id as u32)
        .collect()
}

impl Context<'_> {
    /// Where source `number` is in the brief's list: a map, since markers that point
    /// nowhere would otherwise cost a scan of every source each.
    pub fn index_of(&self, number: u32) -> Option<usize> {
        if self.by_number.is_empty() {
            // Numbered 1, 2, 3, … in order (as briefs nearly always are).
            let i = (number as usize).checked_sub(1)?;
            return (i < self.brief.sources.len()).then_some(i);
        }
        self.by_number.get(&number).copied()
    }

    /// Whether source `number` has `term`: asked of its signature first.
    pub fn source_has(&self, number: u32, term: &terms::Term) -> Option<bool> {
        let i = self.index_of(number)?;
        Some(self.signatures[i].may_hold(term) && self.profiles[i].contains(term))
    }

    /// Which of `terms` (a bit each, the first 128) any bag of source `number` may hold,
    /// by its signature: those it surely lacks need not be looked for.
    pub fn may_hold(&self, number: u32, terms: &[terms::Term]) -> u128 {
        let Some(i) = self.index_of(number) else {
            return 0;
        };
        let signature = self.signatures[i];
        terms
            .iter()
            .take(128)
            .enumerate()
            .filter(|(_, t)| signature.may_hold(t))
            .fold(0, |m, (k, _)| m | (1 << k))
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
    let mut claims = Vec::with_capacity(links.cites.len());
    let (clusters, duplicates) = assess_each(
        brief,
        links,
        progress,
        |_| Vec::new(),
        |run, _, a| run.push(a),
        |run| claims.extend(run),
    );
    Assessment {
        claims,
        clusters,
        duplicates,
    }
}

/// Claims assessed as one run: small enough that runs done out of order wait little, large
/// enough that handing one on costs nothing.
pub const RUN: usize = 1024;

/// Assesses every claim a run at a time on every core, and hands the runs on in reading
/// order as they are done, for a caller that writes each claim out (a report, a cache
/// entry) and need never hold the whole assessment: a run starts as `start(first claim)`,
/// takes in each claim's assessment by `each(run, flat index, assessment)`, and is given to
/// `emit` once every run before it was. Gives the story clusters and the duplicate sources.
pub fn assess_each<S: Send>(
    brief: &Brief,
    links: &Links,
    progress: &AtomicUsize,
    start: impl Fn(usize) -> S + Sync,
    each: impl Fn(&mut S, usize, ClaimAssessment) + Sync,
    emit: impl FnMut(S) + Send,
) -> (Vec<Vec<u32>>, Vec<(u32, u32)>) {
    let (cx, clusters, duplicates) = context(brief, links);

    let texts: Vec<&str> = brief.claims().map(|(_, c)| c.text.as_str()).collect();
    let runs = texts.len().div_ceil(RUN);
    let next = AtomicUsize::new(0);
    let handed = std::sync::Mutex::new(InOrder {
        next: 0,
        waiting: std::collections::BTreeMap::new(),
        emit,
    });
    // Claims are independent of each other: each worker takes the next run until none is
    // left.
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= runs {
                return;
            }
            let from = k * RUN;
            let mut run = start(from);
            for (flat, text) in texts.iter().enumerate().take(from + RUN).skip(from) {
                each(&mut run, flat, rules::assess_claim(&cx, flat, text));
            }
            progress.fetch_add(RUN.min(texts.len() - from), Ordering::Relaxed);
            handed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .hand(k, run);
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(runs);
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }

    (clusters, duplicates)
}

/// Runs done out of order wait here until those before them are handed on.
struct InOrder<S, E> {
    next: usize,
    waiting: std::collections::BTreeMap<usize, S>,
    emit: E,
}

impl<S, E: FnMut(S)> InOrder<S, E> {
    fn hand(&mut self, k: usize, run: S) {
        self.waiting.insert(k, run);
        while let Some(run) = self.waiting.remove(&self.next) {
            (self.emit)(run);
            self.next += 1;
        }
    }
}

/// Whether any claim's assessment meets `stop`. Claims are assessed on every core only until
/// one does: a gate that wants the exit code alone (`check --quiet`) stops at the first.
pub fn any_claim(
    brief: &Brief,
    links: &Links,
    stop: impl Fn(&ClaimAssessment) -> bool + Sync,
) -> bool {
    let (cx, _, _) = context(brief, links);
    let texts: Vec<&str> = brief.claims().map(|(_, c)| c.text.as_str()).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = texts.len().div_ceil(threads).max(256);
    let found = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for (k, part) in texts.chunks(chunk).enumerate() {
            let (cx, found, stop) = (&cx, &found, &stop);
            s.spawn(move || {
                for (j, text) in part.iter().enumerate() {
                    if found.load(Ordering::Relaxed) {
                        return;
                    }
                    if stop(&rules::assess_claim(cx, k * chunk + j, text)) {
                        found.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    found.into_inner()
}

/// What every claim's assessment reads (the sources' profiles and vocabulary), with the
/// story clusters and duplicate sources.
#[allow(clippy::type_complexity)]
fn context<'a>(
    brief: &'a Brief,
    links: &'a Links,
) -> (Context<'a>, Vec<Vec<u32>>, Vec<(u32, u32)>) {
    // The duplicates need only the sources' texts: found from the start, beside the
    // profiles, they fill the moments those leave a core idle (the merge of the parts'
    // vocabularies, the topic) instead of taking a core of their own after.
    let (vocab, profiles, signatures, (clusters, cluster), (duplicates, duplicate_of), topic) =
        std::thread::scope(|s| {
            let pairing = s.spawn(|| {
                let duplicates = find_duplicates(brief);
                let mut duplicate_of: HashMap<u32, Vec<u32>> = HashMap::default();
                for &(a, b) in &duplicates {
                    duplicate_of.entry(a).or_default().push(b);
                    duplicate_of.entry(b).or_default().push(a);
                }
                (duplicates, duplicate_of)
            });
            let (vocab, mut profiles) = profile_sources(&brief.sources);

            // Stories are compared on the features alone, which nothing needs after.
            let features: Vec<Vec<u32>> = profiles
                .iter_mut()
                .map(|p| std::mem::take(&mut p.features))
                .collect();
            // The clusters and the passages need none of each other: worked out side by
            // side, they keep both cores busy where each alone keeps one.
            let (clustered, topic, signatures) = std::thread::scope(|s| {
                let (vocab, profiles) = (&vocab, &mut profiles);
                let clustering = s.spawn(|| {
                    let features: Vec<&[u32]> = features.iter().map(Vec::as_slice).collect();
                    let clusters: Vec<Vec<u32>> =
                        clusters::clusters(&features, |id| vocab.is_outlet(id))
                            .into_iter()
                            .map(|g| g.into_iter().map(|i| brief.sources[i].number).collect())
                            .collect();
                    let cluster: HashMap<u32, usize> = clusters
                        .iter()
                        .enumerate()
                        .flat_map(|(k, g)| g.iter().map(move |&n| (n, k)))
                        .collect();
                    drop(features);
                    (clusters, cluster)
                });
                let topic = topic_of(profiles, vocab.id_count());
                let signatures = cut_passages(&brief.sources, profiles, vocab);
                let clustered = clustering.join().expect("the clustering thread panicked");
                (clustered, topic, signatures)
            });
            let paired = pairing.join().expect("the duplicates thread panicked");
            (vocab, profiles, signatures, clustered, paired, topic)
        });
    let numbered_in_order = brief
        .sources
        .iter()
        .enumerate()
        .all(|(i, s)| s.number as usize == i + 1);
    let mut by_number = HashMap::default();
    if !numbered_in_order {
        for (i, s) in brief.sources.iter().enumerate() {
            by_number.entry(s.number).or_insert(i);
        }
    }
    let cx = Context {
        signatures,
        topic,
        brief,
        links,
        by_number,
        vocab,
        profiles,
        cluster,
        duplicate_of,
    };
    (cx, clusters, duplicates)
}

/// Pairs of sources with the same text (folded, spacing aside) or the same URL.
fn find_duplicates(brief: &Brief) -> Vec<(u32, u32)> {
    let keys = text_keys(&brief.sources);
    let mut by_text: HashMap<u128, u32> = HashMap::default();
    by_text.reserve(keys.len());
    let mut by_url: HashMap<&str, u32> = HashMap::default();
    let mut out = Vec::new();
    for (s, key) in brief.sources.iter().zip(keys) {
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

/// Per source, a 128-bit hash of its text folded, its words joined by one space: two texts
/// that differ only in case, accents or spacing hash alike. Each text is folded into one
/// buffer kept from source to source, on every core: building the 100,000 folded texts of
/// a large brief as strings to key a map by took longer than assessing a fifth of its
/// claims.
fn text_keys(sources: &[Source]) -> Vec<u128> {
    let key = |text: &str, folded: &mut String| {
        folded.clear();
        for w in text.split_whitespace() {
            if !folded.is_empty() {
                folded.push(' ');
            }
            if w.is_ascii() {
                let from = folded.len();
                folded.push_str(w);
                folded[from..].make_ascii_lowercase();
            } else {
                folded.push_str(&terms::fold(w));
            }
        }
        xxhash_rust::xxh3::xxh3_128(folded.as_bytes())
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = sources.len().div_ceil(threads).max(4096);
    std::thread::scope(|s| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut folded = String::new();
                    part.iter()
                        .map(|s| key(&s.text, &mut folded))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a hashing thread panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Guessed;

    /// Two parts' worth of sources (merged), many sharing an outlet, an author or a date, a
    /// date that is guessed, and fields that say what another field says.
    fn sources_sharing_fields() -> Vec<Source> {
        let mut sources = crate::synth::brief(7, 5_000, 10, 1).sources;
        let outlets = [
            "Reuters",
            "Le Monde",
            "Reuters",
            "fifty Media",
            "2026-03-04",
        ];
        let authors = ["Ana Díaz", "Reuters", "Tom Five-Six"];
        for (i, s) in sources.iter_mut().enumerate() {
            if i % 3 != 0 {
                s.outlet = Some(outlets[i % outlets.len()].into());
            }
            if i % 4 != 1 {
                s.author = Some(authors[i % authors.len()].into());
            }
            if i % 7 == 2 {
                s.title = Some(format!("Dated {} by {}", s.date, authors[i % 3]));
            }
            if i % 11 == 5 {
                s.guessed.insert(Guessed::Date);
            }
        }
        sources
    }

    #[test]
    fn shared_fields_read_once_give_the_ids_every_field_read_gives() {
        let sources = sources_sharing_fields();
        let (vocab, profiles) = profile_sources(&sources);
        // Read source by source, every field every time, in one vocabulary.
        let mut whole = Vocab::default();
        for (s, p) in sources.iter().zip(&profiles) {
            let url = s.url.as_deref().map(url_words).unwrap_or_default();
            let mut parts: Vec<&str> = vec![&url];
            if s.gloss.is_some() {
                parts.push(&s.text);
            }
            parts.extend(
                [s.title.as_deref(), s.outlet.as_deref(), s.author.as_deref()]
                    .into_iter()
                    .flatten(),
            );
            if !s.is_guessed(Guessed::Date) {
                parts.push(&s.date);
            }
            assert_eq!(
                whole.bag(&[english_of(s)]),
                p.english,
                "source {}",
                s.number
            );
            assert_eq!(whole.bag(&parts), p.meta, "source {}", s.number);
            if let Some(o) = &s.outlet {
                whole.intern(&format!("@{}", terms::fold(o)));
            }
        }
        assert_eq!(whole.id_count(), vocab.id_count());
    }
}
