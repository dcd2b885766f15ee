//! A brief's entry in the cache: the brief as parsed and validated, its warnings, its links
//! and its assessment, so that reopening an unchanged brief decodes them instead of parsing,
//! checking and assessing it again.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Cache, Key, Kind};
use crate::fetch::Cache as PageCache;
use crate::fetch::texts::{FetchedTexts, Origins};
use crate::links::Links;
use crate::model::{Brief, Guessed, Section, Source};
use crate::store::Loaded;
use crate::support::{Assessment, ClaimAssessment};
use crate::validate::{Diagnostic, Severity};

/// Briefs at least this large are cached: below it, loading is faster than reading a cache
/// would save (the embedded brief, 100 KB, loads and is assessed in a few milliseconds).
pub const CACHE_FROM: u64 = 1 << 20;

/// A brief opened: loaded (its sources lent the texts of fetched pages), linked and
/// assessed.
#[derive(Debug)]
pub struct Opened {
    pub loaded: Loaded,
    pub links: Links,
    pub assessment: Assessment,
    /// Where each source's text came from.
    pub origins: Origins,
    /// The brief's own sources, as its file gives them, when fetched pages lent them
    /// anything (`None`: they are `loaded`'s).
    pub own_sources: Option<Vec<Source>>,
    /// Whether it came from the cache.
    pub cached: bool,
}

/// A warning as the cache keeps it (its code owned, as decoding needs).
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    severity: Severity,
    code: String,
    message: String,
    line: Option<usize>,
    col: Option<usize>,
    file: Option<String>,
}

impl StoredDiagnostic {
    fn of(d: &Diagnostic) -> StoredDiagnostic {
        StoredDiagnostic {
            severity: d.severity,
            code: d.code.to_string(),
            message: d.message.clone(),
            line: d.line,
            col: d.col,
            file: d.file.clone(),
        }
    }

    fn into_diagnostic(self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            code: static_code(self.code),
            message: self.message,
            line: self.line,
            col: self.col,
            file: self.file,
        }
    }
}

/// A diagnostic's code as the `&'static str` the type holds: each distinct code is leaked
/// once (there are a few dozen, and only files this build wrote decode).
fn static_code(code: String) -> &'static str {
    static CODES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut codes = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&c) = codes.get(code.as_str()) {
        return c;
    }
    let c: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(c);
    c
}

/// An entry's body is [`PART_COUNT`] parts (see [`super::Cache::save_parts`]): the brief
/// but its sources, with its warnings and links; its sources as its file gives them; the
/// claims' assessments, in runs; the rest of the assessment. Threads take the parts in turn, each
/// decoded and its bytes freed at once; a report of the claims (`check`) leaves the
/// sources, a third of the entry, unread.
///
/// The first part: every field of the brief but its sources.
#[derive(Serialize)]
struct HeadRef<'a> {
    schema: u32,
    id: &'a str,
    title: &'a str,
    date: &'a str,
    guessed: &'a BTreeSet<Guessed>,
    subtitle: &'a Option<String>,
    summary: &'a Option<String>,
    sections: &'a [Section],
    warnings: Vec<StoredDiagnostic>,
    links: &'a Links,
}

impl<'a> HeadRef<'a> {
    fn of(brief: &'a Brief, warnings: &[Diagnostic], links: &'a Links) -> HeadRef<'a> {
        // Every field named: one added to `Brief` fails to compile here until it is written.
        let Brief {
            schema,
            id,
            title,
            date,
            guessed,
            subtitle,
            summary,
            sections,
            sources: _,
        } = brief;
        HeadRef {
            schema: *schema,
            id,
            title,
            date,
            guessed,
            subtitle,
            summary,
            sections,
            warnings: warnings.iter().map(StoredDiagnostic::of).collect(),
            links,
        }
    }
}

#[derive(Deserialize)]
struct Head {
    schema: u32,
    id: String,
    title: String,
    date: String,
    guessed: BTreeSet<Guessed>,
    subtitle: Option<String>,
    summary: Option<String>,
    sections: Vec<Section>,
    warnings: Vec<StoredDiagnostic>,
    links: Links,
}

impl Head {
    fn with_sources(self, sources: Vec<Source>) -> (Brief, Vec<StoredDiagnostic>, Links) {
        let brief = Brief {
            schema: self.schema,
            id: self.id,
            title: self.title,
            date: self.date,
            guessed: self.guessed,
            subtitle: self.subtitle,
            summary: self.summary,
            sections: self.sections,
            sources,
        };
        (brief, self.warnings, self.links)
    }
}

/// The rest of an assessment, after its claims'.
#[derive(Serialize)]
struct AssessmentRestRef<'a> {
    clusters: &'a [Vec<u32>],
    duplicates: &'a [(u32, u32)],
}

#[derive(Deserialize)]
struct AssessmentRest {
    clusters: Vec<Vec<u32>>,
    duplicates: Vec<(u32, u32)>,
}

/// What a brief's cache entry is made of.
pub struct Parts<'a> {
    /// The brief, its sources lent what fetched pages gave them.
    pub brief: &'a Brief,
    /// Its own sources, as its file gives them (`None`: `brief`'s).
    pub own_sources: Option<&'a [Source]>,
    pub warnings: &'a [Diagnostic],
    pub links: &'a Links,
    pub assessment: &'a Assessment,
}

/// Claims in each of an entry's runs, for `total` claims.
fn run_length(total: usize) -> usize {
    total.div_ceil(CLAIM_RUNS).max(1)
}

/// The claims in run `k` of an entry of `total` claims, `run` to a run.
fn run_range(k: usize, run: usize, total: usize) -> std::ops::Range<usize> {
    (k * run).min(total)..((k + 1) * run).min(total)
}

impl<'a> Parts<'a> {
    pub fn of(opened: &'a Opened) -> Parts<'a> {
        Parts {
            brief: &opened.loaded.brief,
            own_sources: opened.own_sources.as_deref(),
            warnings: &opened.loaded.warnings,
            links: &opened.links,
            assessment: &opened.assessment,
        }
    }

    /// What writes each part, in order (see [`HeadRef`]).
    #[allow(clippy::type_complexity)]
    fn writers(&self) -> Vec<Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + '_>> {
        let mut out: Vec<Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + '_>> =
            Vec::with_capacity(PART_COUNT);
        out.push(Box::new(|w| {
            super::encode_into(&HeadRef::of(self.brief, self.warnings, self.links), w)
        }));
        let sources = self.own_sources.unwrap_or(&self.brief.sources);
        out.push(Box::new(move |w| super::encode_into(&sources, w)));
        let a = self.assessment;
        let run = run_length(a.claims.len());
        for k in 0..CLAIM_RUNS {
            let claims = &a.claims[run_range(k, run, a.claims.len())];
            out.push(Box::new(move |w| super::encode_into(&claims, w)));
        }
        let (clusters, duplicates) = (&a.clusters[..], &a.duplicates[..]);
        out.push(Box::new(move |w| {
            let rest = AssessmentRestRef {
                clusters,
                duplicates,
            };
            super::encode_into(&rest, w)
        }));
        out
    }

    fn write(&self, cache: &Cache, path: &Path, key: &Key) -> std::io::Result<()> {
        let writers = self.writers();
        let parts: Vec<super::PartWriter> = writers.iter().map(|w| &**w as _).collect();
        cache.save_parts(Kind::Brief, path, key, &parts)
    }

    /// The parts in memory, as [`Parts::write`] writes them.
    fn encode(&self) -> Vec<Vec<u8>> {
        self.writers()
            .iter()
            .map(|write| {
                let mut part = Vec::new();
                write(&mut part).expect("writing to memory does not fail");
                part
            })
            .collect()
    }
}

/// The cache entry's parts for an opened brief.
pub fn encode(loaded: &Loaded, links: &Links, assessment: &Assessment) -> Vec<Vec<u8>> {
    Parts {
        brief: &loaded.brief,
        own_sources: None,
        warnings: &loaded.warnings,
        links,
        assessment,
    }
    .encode()
}

/// What a reader of the cache needs of a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Everything: the workbench.
    Everything,
    /// The claims, their links and their assessment, not the sources: a report of the
    /// claims (`check`). The brief comes back with no sources, which is why only a caller
    /// that says so gets it.
    Claims,
}

/// An opened brief from a cache entry's parts, named `name`; `None` when they do not
/// decode whole (a damaged entry is a miss), or when they disagree in size (a forged one).
/// With [`Need::Claims`], the brief's sources are left undecoded and empty.
pub fn decode<P>(parts: Vec<P>, name: &str, need: Need) -> Option<(Loaded, Links, Assessment)>
where
    P: std::ops::Deref<Target = [u8]> + Send,
{
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    if parts.len() != PART_COUNT {
        return None;
    }
    let size: usize = parts.iter().map(|p| p.len()).sum();
    let jobs: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let done: Vec<Mutex<Option<Piece>>> = (0..PART_COUNT).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // Each worker takes the next part, decodes it and drops its bytes at once: what is
    // resident is the decoded brief and the parts not yet reached, never both whole.
    let work = || {
        while let Some(&i) = DECODE_ORDER.get(next.fetch_add(1, Ordering::Relaxed)) {
            let bytes = jobs[i].lock().unwrap_or_else(|e| e.into_inner()).take();
            let piece = bytes.and_then(|b| decode_part(i, &b, need));
            *done[i].lock().unwrap_or_else(|e| e.into_inner()) = piece;
        }
    };
    // Threads pay for themselves on a large entry only: a small one decodes in less time
    // than it takes to start them.
    if size < PARALLEL_FROM {
        work();
    } else {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        std::thread::scope(|s| {
            for _ in 1..threads {
                s.spawn(work);
            }
            work();
        });
    }
    let mut pieces = done
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
    let Some(Piece::Head(head)) = pieces.next()? else {
        return None;
    };
    let Some(Piece::Sources(sources)) = pieces.next()? else {
        return None;
    };
    let runs: Vec<Vec<ClaimAssessment>> = (0..CLAIM_RUNS)
        .map(|_| match pieces.next()? {
            Some(Piece::Claims(run)) => Some(run),
            _ => None,
        })
        .collect::<Option<_>>()?;
    // Joined into one vector allocated at its length.
    let mut claims_assessed = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    for run in runs {
        claims_assessed.extend(run);
    }
    let Some(Piece::Rest(rest)) = pieces.next()? else {
        return None;
    };
    let (brief, warnings, links) = head.with_sources(sources);
    let assessment = Assessment {
        claims: claims_assessed,
        clusters: rest.clusters,
        duplicates: rest.duplicates,
    };
    let claims = brief.claim_count();
    if assessment.claims.len() != claims || links.cites.len() != claims {
        return None;
    }
    let loaded = Loaded {
        brief,
        name: name.to_string(),
        warnings: warnings
            .into_iter()
            .map(StoredDiagnostic::into_diagnostic)
            .collect(),
    };
    Some((loaded, links, assessment))
}

/// A part decoded.
enum Piece {
    Head(Box<Head>),
    Sources(Vec<Source>),
    Claims(Vec<ClaimAssessment>),
    Rest(AssessmentRest),
}

/// Part `i` of an entry decoded; the sources left as none unless `need` them.
fn decode_part(i: usize, bytes: &[u8], need: Need) -> Option<Piece> {
    Some(match i {
        HEAD_PART => Piece::Head(Box::new(whole(bytes)?)),
        SOURCES_PART if need == Need::Claims => Piece::Sources(Vec::new()),
        SOURCES_PART => Piece::Sources(whole_seq(bytes)?),
        REST_PART => Piece::Rest(whole(bytes)?),
        _ => Piece::Claims(whole_seq(bytes)?),
    })
}

/// An entry's parts, in the order written: its head (see [`HeadRef`]), its sources, the
/// claims' assessments in [`CLAIM_RUNS`] runs, and the rest of the assessment.
const HEAD_PART: usize = 0;
const SOURCES_PART: usize = 1;
/// The claims' assessments cost half as much again as the sources to decode: in runs, the
/// threads share them (two threads: the sources and a run on one, three runs on the other,
/// both done about together).
const CLAIM_RUNS: usize = 4;
const REST_PART: usize = 2 + CLAIM_RUNS;
const PART_COUNT: usize = REST_PART + 1;
/// The order the parts are taken to be decoded: the largest first.
const DECODE_ORDER: [usize; PART_COUNT] = [SOURCES_PART, 2, 3, 4, 5, HEAD_PART, REST_PART];

/// Whether part `i` of an entry holds sources.
fn is_sources_part(i: usize) -> bool {
    i == SOURCES_PART
}

/// Entries from this size up decode their parts on threads of their own.
const PARALLEL_FROM: usize = 1 << 20;

/// A sequence that takes every byte of `bytes`, in a vector allocated once at its length:
/// grown by doubling, a vector of 100,000 sources leaves as much again behind in the
/// allocator. The length is the entry's, trusted only as far as the bytes could hold (each
/// element takes one at least), so a forged one allocates no more than the part's size.
pub(super) fn whole_seq<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<Vec<T>> {
    use serde::de::DeserializeSeed;
    let mut de = postcard::Deserializer::from_bytes(bytes);
    let seq = ExactSeq {
        most: bytes.len(),
        of: std::marker::PhantomData,
    };
    let value = seq.deserialize(&mut de).ok()?;
    de.finalize().ok()?.is_empty().then_some(value)
}

/// See [`whole_seq`].
struct ExactSeq<T> {
    most: usize,
    of: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for ExactSeq<T> {
    type Value = Vec<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ExactSeq<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(self.most));
        while let Some(item) = seq.next_element()? {
            all.push(item);
        }
        Ok(all)
    }
}

/// A value that takes every byte of `bytes`: a part whose length lies is left short or
/// long, and so refused.
fn whole<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// Whether the brief at `path` is one the cache keeps: a regular file of [`CACHE_FROM`]
/// bytes or more, whose result depends on its own bytes alone (no sources sidecar beside it).
pub fn cacheable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= CACHE_FROM)
        && crate::import::sidecar::path_for(path).is_none()
}

/// The cache's key for the brief whose file holds `content`, before the fetched pages its
/// sources borrow are known (see [`Cache::load_any_fetched`]).
pub fn key_for(content: &[u8]) -> Key {
    // The assessment reads no config yet: when it does, its rules' hash goes in `rules`.
    Key::of_content(content)
}

/// The fetched pages of `brief`'s sources in `pages` (none without a pages cache).
pub fn pages_of(brief: &Brief, pages: Option<&PageCache>) -> FetchedTexts {
    match pages {
        Some(p) if has_pages(pages) => FetchedTexts::load(brief, p),
        _ => FetchedTexts::default(),
    }
}

/// Whether there is a pages cache for sources to borrow from.
fn has_pages(pages: Option<&PageCache>) -> bool {
    pages.is_some_and(|p| p.dir().is_dir())
}

/// Lends the fetched `texts` to the brief's sources; its own sources come back when
/// anything was lent.
impl Opened {
    /// An opened brief whose sources have been lent their pages (`lent` is what [`lend`]
    /// gave back: where each text came from, and the sources as the file gave them).
    fn lent(
        loaded: Loaded,
        links: Links,
        assessment: Assessment,
        (origins, own_sources): (Origins, Option<Vec<Source>>),
        cached: bool,
    ) -> Self {
        Opened {
            loaded,
            links,
            assessment,
            origins,
            own_sources,
            cached,
        }
    }
}

fn lend(loaded: &mut Loaded, texts: &FetchedTexts) -> (Origins, Option<Vec<Source>>) {
    if texts.is_empty() {
        // Nothing lent: every source is as filed, and no list says it 100,000 times.
        return (Origins::default(), None);
    }
    let own = loaded.brief.sources.clone();
    (texts.apply(&mut loaded.brief), Some(own))
}

/// Where opening a brief starts: found in the cache, or to be assessed afresh.
enum Start {
    Found(Box<Opened>),
    /// Loaded (from the file, or from the cache when only its pages changed), with the
    /// texts its sources are to be lent, their fingerprint, and the key it is to be cached
    /// under (`None`: it is not to be).
    Afresh(Box<Loaded>, Option<Links>, FetchedTexts, u64, Option<Key>),
}

/// A brief as loaded, with its links when the load built them (see
/// [`crate::store::load_path_linked`]); a load that gives a [`Loaded`] alone has them built
/// after.
pub struct Linked {
    pub loaded: Loaded,
    pub links: Option<Links>,
}

impl From<Loaded> for Linked {
    fn from(loaded: Loaded) -> Linked {
        Linked {
            loaded,
            links: None,
        }
    }
}

impl From<(Loaded, Links)> for Linked {
    fn from((loaded, links): (Loaded, Links)) -> Linked {
        Linked {
            loaded,
            links: Some(links),
        }
    }
}

/// The brief at `path` as the cache holds it, else loaded by `load`.
fn found_or_loaded<E, L: Into<Linked>>(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    need: Need,
    load: impl FnOnce() -> Result<L, E>,
) -> Result<Start, E> {
    let (found, key) = lookup(path, cache, pages, need);
    Ok(match found {
        Found::Hit(opened) => Start::Found(opened),
        Found::OtherPages(loaded, texts, fetched) => {
            Start::Afresh(loaded, None, texts, fetched, key)
        }
        Found::Nothing => {
            let (loaded, parsed) = load_witnessed(path, load);
            let Linked { loaded, links } = loaded?.into();
            let texts = pages_of(&loaded.brief, pages);
            let fetched = texts.fingerprint();
            // Filed under the bytes that were parsed, not those the lookup hashed.
            Start::Afresh(Box::new(loaded), links, texts, fetched, key.and(parsed))
        }
    })
}

/// Opens the brief at `path` (its display name, as messages show it, is `name`), its
/// sources lent the texts of the pages fetched into `pages`: from `cache` when the file's
/// bytes and those pages are what it was cached from, else by `load` and `assess`, then
/// cached (best-effort: a cache that cannot be written costs only the next open's time).
/// When only the pages changed, the cached brief is assessed anew, not parsed again. With
/// [`Need::Claims`], a brief from the cache may come without its sources.
pub fn open<E, L: Into<Linked>>(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    need: Need,
    load: impl FnOnce() -> Result<L, E>,
    assess: impl FnOnce(&Brief, &Links) -> Assessment,
) -> Result<Opened, E> {
    let found = found_or_loaded(path, cache, pages, need, load)?;
    let (mut loaded, links, texts, fetched, key) = match found {
        Start::Found(opened) => return Ok(*opened),
        Start::Afresh(loaded, links, texts, fetched, key) => (*loaded, links, texts, fetched, key),
    };
    let origins = lend(&mut loaded, &texts);
    // Lending pages changes the sources' texts, never the claims: links built by the load
    // hold.
    let links = links.unwrap_or_else(|| Links::build(&loaded.brief));
    let assessment = assess(&loaded.brief, &links);
    let opened = Opened::lent(loaded, links, assessment, origins, false);
    if let (Some(cache), Some(key)) = (cache, key) {
        save(cache, path, Key { fetched, ..key }, &Parts::of(&opened));
    }
    Ok(opened)
}

/// Claims assessed so far, of how many: what a progress bar shows while a brief is assessed
/// afresh (a total of 0: nothing is being assessed).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
}

/// A claim's assessment as a report is handed it.
pub struct AssessedClaim<'a> {
    pub brief: &'a Brief,
    pub links: &'a Links,
    /// Its place in reading order.
    pub flat: usize,
    pub assessment: &'a ClaimAssessment,
}

impl AssessedClaim<'_> {
    /// The claim itself.
    pub fn claim(&self) -> &crate::model::Claim {
        let at = self.links.at(self.flat);
        &self.brief.sections[at.section].claims[at.claim]
    }
}

/// What is left of a brief once it is reported on (see [`report`]): all but the claims'
/// assessments, and those too when they came from the cache.
#[derive(Debug)]
pub struct Reported {
    /// Without its sources when it came from the cache.
    pub loaded: Loaded,
    pub links: Links,
    /// The claims' assessments when they came from the cache (else none), the clusters and
    /// the duplicates.
    pub assessment: Assessment,
    pub cached: bool,
}

/// Reports on every claim of the brief at `path`, as [`open`] opens it with [`Need::Claims`],
/// without ever holding the claims' assessments whole when they are made afresh: they are
/// made a run at a time on every core, each claim handed to `each` and encoded for the
/// cache as it is made, each run started by `start` (at the flat index of its first claim)
/// and handed to `emit` in reading order. A 50,000-claim assessment held whole took 100 MB
/// more than the ~15 MB it encodes to. Claims done are counted in `progress`.
#[allow(clippy::too_many_arguments)]
pub fn report<E, S: Send, L: Into<Linked>>(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    load: impl FnOnce() -> Result<L, E>,
    progress: &Progress,
    start: impl Fn(usize) -> S + Sync,
    each: impl Fn(&mut S, AssessedClaim) + Sync,
    mut emit: impl FnMut(S) + Send,
) -> Result<Reported, E> {
    let found = found_or_loaded(path, cache, pages, Need::Claims, load)?;
    let (mut loaded, links, texts, fetched, key) = match found {
        Start::Found(opened) => return Ok(report_each(*opened, start, each, emit)),
        Start::Afresh(loaded, links, texts, fetched, key) => (*loaded, links, texts, fetched, key),
    };
    let (_, own_sources) = lend(&mut loaded, &texts);
    let links = links.unwrap_or_else(|| Links::build(&loaded.brief));
    let total = links.cites.len();
    progress
        .total
        .store(total, std::sync::atomic::Ordering::Relaxed);
    /// A run under way: the caller's, and its claims encoded.
    struct Encoding<S> {
        run: S,
        first: usize,
        bytes: Vec<u8>,
        ends: Vec<usize>,
    }
    let (brief, links_ref) = (&loaded.brief, &links);
    let sources = own_sources.as_deref().unwrap_or(&brief.sources);
    let warnings = &loaded.warnings[..];
    let (clusters, duplicates) = std::thread::scope(|s| {
        // The brief and its sources are written to the cache while the claims are first
        // assessed; the claims follow as they are handed on.
        let opening = cache.zip(key).map(|(cache, key)| {
            s.spawn(move || {
                let key = Key { fetched, ..key };
                let mut entry = cache.entry(Kind::Brief, path, &key).ok()?;
                let head = HeadRef::of(brief, warnings, links_ref);
                entry.part(&|w| super::encode_into(&head, w)).ok()?;
                entry.part(&|w| super::encode_into(&sources, w)).ok()?;
                Some(entry)
            })
        });
        let mut to_cache = ClaimsToCache {
            opening,
            entry: None,
            per_run: run_length(total),
            total,
            begun: 0,
        };
        let found = crate::support::assess_each(
            brief,
            links_ref,
            &progress.done,
            |first| Encoding {
                run: start(first),
                first,
                bytes: Vec::new(),
                ends: Vec::new(),
            },
            |e, flat, a| {
                let claim = AssessedClaim {
                    brief,
                    links: links_ref,
                    flat,
                    assessment: &a,
                };
                each(&mut e.run, claim);
                super::encode_append(&a, &mut e.bytes);
                e.ends.push(e.bytes.len());
            },
            |e| {
                to_cache.take(e.first, &e.bytes, &e.ends);
                emit(e.run);
            },
        );
        if let Some(cache) = cache {
            // Best-effort: a cache that cannot be written costs only the next open's time.
            let _ = to_cache.finish(cache, &found.0, &found.1);
        }
        found
    });
    Ok(Reported {
        loaded,
        links,
        assessment: Assessment {
            claims: Vec::new(),
            clusters,
            duplicates,
        },
        cached: false,
    })
}

/// The claims of a brief's cache entry, written to it in order as they are assessed: run
/// by run, each run a slice of claims as postcard encodes one (its length, then each
/// claim), so the entry reads as one written whole does.
struct ClaimsToCache<'s> {
    /// The entry, its brief and sources being written meanwhile.
    opening: Option<std::thread::ScopedJoinHandle<'s, Option<super::entry::Entry>>>,
    /// The entry once they are (`None` when it could not be written: nothing is cached).
    entry: Option<super::entry::Entry>,
    per_run: usize,
    total: usize,
    /// Runs begun.
    begun: usize,
}

impl ClaimsToCache<'_> {
    fn entry(&mut self) -> Option<&mut super::entry::Entry> {
        if let Some(opening) = self.opening.take() {
            self.entry = opening.join().ok().flatten();
        }
        self.entry.as_mut()
    }

    /// Writes claims from `first` on, encoded one after the other in `bytes`, each ending
    /// where `ends` says. A failed write gives the entry up (its temporary is removed).
    fn take(&mut self, first: usize, bytes: &[u8], ends: &[usize]) {
        let (per_run, total, mut begun) = (self.per_run, self.total, self.begun);
        let Some(entry) = self.entry() else {
            return;
        };
        let mut from = 0;
        let written = ends.iter().enumerate().try_for_each(|(j, &end)| {
            let run = ((first + j) / per_run).min(CLAIM_RUNS - 1);
            begin_runs(entry, &mut begun, run, per_run, total)?;
            let claim = &bytes[from..end];
            from = end;
            entry.write(claim)
        });
        self.begun = begun;
        if written.is_err() {
            self.entry = None;
        }
    }

    /// Ends the claims' runs (those no claim reached begun and ended empty), writes the
    /// rest of the assessment and puts the entry in place.
    fn finish(
        mut self,
        cache: &Cache,
        clusters: &[Vec<u32>],
        duplicates: &[(u32, u32)],
    ) -> std::io::Result<()> {
        let (per_run, total, mut begun) = (self.per_run, self.total, self.begun);
        self.entry();
        let Some(mut entry) = self.entry.take() else {
            return Ok(());
        };
        begin_runs(&mut entry, &mut begun, CLAIM_RUNS - 1, per_run, total)?;
        entry.end_part();
        let rest = AssessmentRestRef {
            clusters,
            duplicates,
        };
        entry.part(&|w| super::encode_into(&rest, w))?;
        entry.finish(cache)
    }
}

/// Begins the runs up to `run` that are not begun yet, ending the one before each: a run
/// begins with the number of claims it holds.
fn begin_runs(
    entry: &mut super::entry::Entry,
    begun: &mut usize,
    run: usize,
    per_run: usize,
    total: usize,
) -> std::io::Result<()> {
    while *begun <= run {
        if *begun > 0 {
            entry.end_part();
        }
        let count = run_range(*begun, per_run, total).len();
        let mut len = [0u8; 10];
        let len = postcard::to_slice(&count, &mut len).map_err(std::io::Error::other)?;
        entry.write(len)?;
        *begun += 1;
    }
    Ok(())
}

/// Reports on every claim of a brief opened whole (from the cache, or the embedded brief), as
/// [`report`] does.
pub fn report_each<S>(
    opened: Opened,
    start: impl Fn(usize) -> S,
    each: impl Fn(&mut S, AssessedClaim),
    mut emit: impl FnMut(S),
) -> Reported {
    let Opened {
        loaded,
        links,
        assessment,
        cached,
        ..
    } = opened;
    // In runs as an assessment under way hands them on: a report's rows are written a run at
    // a time, never held whole.
    for (k, claims) in assessment.claims.chunks(crate::support::RUN).enumerate() {
        let first = k * crate::support::RUN;
        let mut run = start(first);
        for (j, a) in claims.iter().enumerate() {
            let claim = AssessedClaim {
                brief: &loaded.brief,
                links: &links,
                flat: first + j,
                assessment: a,
            };
            each(&mut run, claim);
        }
        emit(run);
    }
    Reported {
        loaded,
        links,
        assessment,
        cached,
    }
}

/// Caches an opened brief, made from bytes of `path` whose key is `key`: the key of the
/// bytes that were parsed (see [`load_witnessed`]), or of the cache entry it came from.
/// Best-effort: a cache that cannot be written costs only the next open's time.
pub fn save(cache: &Cache, path: &Path, key: Key, parts: &Parts) {
    let _ = parts.write(cache, path, &key);
}

/// Loads the brief at `path` with `load`, and gives the key of the very bytes it parsed;
/// `None` when they cannot be told (read other than whole, or twice with different bytes
/// while an editor saved it): then nothing is cached. Keying by a second read of the file
/// instead could file one version's results under another's bytes.
pub fn load_witnessed<T>(path: &Path, load: impl FnOnce() -> T) -> (T, Option<Key>) {
    let (loaded, seen) = crate::fsio::witness(path, super::fingerprint, load);
    (loaded, seen.map(Key::of_seen))
}

/// The key the brief at `path` is cached under as its file is now, before its pages are
/// known; `None` when the cache does not keep it.
pub fn key_now(path: &Path, cache: Option<&Cache>) -> Option<Key> {
    cache
        .filter(|_| cacheable(path))
        .and_then(|_| key_of_file(path))
}

/// The brief at `path` as `cache` holds it, if it holds it for the file's bytes as they
/// are and the pages in `pages` as they are.
pub fn cached(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    need: Need,
) -> Option<Opened> {
    match lookup(path, cache, pages, need).0 {
        Found::Hit(opened) => Some(*opened),
        _ => None,
    }
}

/// What the cache holds for a brief file.
pub enum Found {
    /// The brief as it was cached, and its pages as they were.
    Hit(Box<Opened>),
    /// The brief as it was cached (its own sources), but the pages it borrows from have
    /// changed since: the brief itself need not be parsed again, only assessed. With the
    /// pages as they are now, and their fingerprint.
    OtherPages(Box<Loaded>, FetchedTexts, u64),
    Nothing,
}

/// What the cache holds for the brief at `path`, and the key of the file's bytes as they
/// were read (`None` when the cache does not keep the brief): the key a result loaded
/// afresh is to be saved under (with its pages' fingerprint as `fetched`). With
/// [`Need::Claims`], a hit may come without its sources (never an `OtherPages`: the pages
/// are checked against the sources).
pub fn lookup(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    need: Need,
) -> (Found, Option<Key>) {
    let key = key_now(path, cache);
    // Which pages the sources borrow is told by the sources: they are read whenever there
    // are pages they may borrow.
    let need = if has_pages(pages) {
        Need::Everything
    } else {
        need
    };
    let keep = |part| need == Need::Everything || !is_sources_part(part);
    let Some((hit, was_fetched)) = cache
        .zip(key.as_ref())
        .and_then(|(cache, key)| cache.load_any_fetched(Kind::Brief, path, key, keep))
    else {
        return (Found::Nothing, key);
    };
    if need == Need::Claims && was_fetched != FetchedTexts::default().fingerprint() {
        // Pages lent when it was cached are gone: it is to be assessed again, from its
        // sources. Rare enough to load it afresh.
        return (Found::Nothing, key);
    }
    let Some((mut loaded, links, assessment)) =
        decode(hit.into_parts(), &path.display().to_string(), need)
    else {
        return (Found::Nothing, key);
    };
    let texts = pages_of(&loaded.brief, pages);
    let fetched = texts.fingerprint();
    if fetched != was_fetched {
        return (Found::OtherPages(Box::new(loaded), texts, fetched), key);
    }
    let origins = lend(&mut loaded, &texts);
    let opened = Opened::lent(loaded, links, assessment, origins, true);
    (Found::Hit(Box::new(opened)), key)
}

/// The key of the brief's file as it is now, within the store's size limit, as [`key_for`]
/// its bytes; `None` when it cannot be read (the load then says why).
fn key_of_file(path: &Path) -> Option<Key> {
    // The assessment reads no config yet: when it does, its rules' hash goes in `rules`.
    Key::of_file(path, crate::store::MAX_STORE_BYTES)
}
