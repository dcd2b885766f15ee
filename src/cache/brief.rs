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

/// An entry's body is four parts (see [`super::Cache::save_parts`]): the brief but its
/// sources, with its warnings and links; its sources as its file gives them; the first half
/// of the claims' assessments; the rest of the assessment. They decode at once, on threads
/// of their own (the assessment costs twice what the brief does, so its halves and the
/// brief are about even), each part freed as soon as it is decoded; and a report of the
/// claims (`check`) leaves the sources, a third of the entry, undecoded.
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

/// The rest of an assessment, after the first half of its claims.
#[derive(Serialize)]
struct AssessmentRestRef<'a> {
    claims: &'a [ClaimAssessment],
    clusters: &'a [Vec<u32>],
    duplicates: &'a [(u32, u32)],
}

#[derive(Deserialize)]
struct AssessmentRest {
    claims: Vec<ClaimAssessment>,
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

    /// Writes the four parts in turn (see [`HeadRef`]).
    fn write(&self, cache: &Cache, path: &Path, key: &Key) -> std::io::Result<()> {
        let a = self.assessment;
        let (first_half, rest) = a.claims.split_at(a.claims.len() / 2);
        let head = |w: &mut dyn std::io::Write| {
            super::encode_into(&HeadRef::of(self.brief, self.warnings, self.links), w)
        };
        let sources = |w: &mut dyn std::io::Write| {
            super::encode_into(&self.own_sources.unwrap_or(&self.brief.sources), w)
        };
        let half = |w: &mut dyn std::io::Write| super::encode_into(&first_half, w);
        let rest = |w: &mut dyn std::io::Write| {
            let rest = AssessmentRestRef {
                claims: rest,
                clusters: &a.clusters,
                duplicates: &a.duplicates,
            };
            super::encode_into(&rest, w)
        };
        cache.save_parts(Kind::Brief, path, key, &[&head, &sources, &half, &rest])
    }

    /// The four parts in memory, as [`Parts::write`] writes them.
    fn encode(&self) -> Vec<Vec<u8>> {
        let a = self.assessment;
        let (first_half, rest) = a.claims.split_at(a.claims.len() / 2);
        vec![
            super::encode(&HeadRef::of(self.brief, self.warnings, self.links)),
            super::encode(&self.own_sources.unwrap_or(&self.brief.sources)),
            super::encode(&first_half),
            super::encode(&AssessmentRestRef {
                claims: rest,
                clusters: &a.clusters,
                duplicates: &a.duplicates,
            }),
        ]
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
pub fn decode(parts: Vec<Vec<u8>>, name: &str, need: Need) -> Option<(Loaded, Links, Assessment)> {
    // In the order written; the sources are part [`SOURCES_PART`].
    let [head, sources, half, rest]: [Vec<u8>; 4] = parts.try_into().ok()?;
    let size = head.len() + sources.len() + half.len() + rest.len();
    let sources = (need == Need::Everything).then_some(sources);
    // Each part is dropped as soon as it is decoded, not with the others.
    let head = move || whole::<Head>(&head);
    let sources = move || sources.map_or(Some(Vec::new()), |b| whole::<Vec<Source>>(&b));
    let half = move || whole::<Vec<ClaimAssessment>>(&half);
    let rest = move || whole::<AssessmentRest>(&rest);
    // Threads pay for themselves on a large entry only: a small one decodes in less time
    // than it takes to start them.
    let (head, sources, half, rest) = if size < PARALLEL_FROM {
        (head(), sources(), half(), rest())
    } else {
        std::thread::scope(|s| {
            let half = s.spawn(half);
            let rest = s.spawn(rest);
            let (head, sources) = (head(), sources());
            (
                head,
                sources,
                half.join().ok().flatten(),
                rest.join().ok().flatten(),
            )
        })
    };
    let (brief, warnings, links) = head?.with_sources(sources?);
    let (mut claims_assessed, rest) = (half?, rest?);
    claims_assessed.extend(rest.claims);
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

/// Which of an entry's parts holds the sources.
const SOURCES_PART: usize = 1;

/// Entries from this size up decode their parts on threads of their own.
const PARALLEL_FROM: usize = 1 << 20;

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

/// Opens the brief at `path` (its display name, as messages show it, is `name`), its
/// sources lent the texts of the pages fetched into `pages`: from `cache` when the file's
/// bytes and those pages are what it was cached from, else by `load` and `assess`, then
/// cached (best-effort: a cache that cannot be written costs only the next open's time).
/// When only the pages changed, the cached brief is assessed anew, not parsed again. With
/// [`Need::Claims`], a brief from the cache may come without its sources.
pub fn open<E>(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    need: Need,
    load: impl FnOnce() -> Result<Loaded, E>,
    assess: impl FnOnce(&Brief, &Links) -> Assessment,
) -> Result<Opened, E> {
    let (found, mut key) = lookup(path, cache, pages, need);
    let (mut loaded, texts, fetched) = match found {
        Found::Hit(opened) => return Ok(*opened),
        Found::OtherPages(loaded, texts, fetched) => (*loaded, texts, fetched),
        Found::Nothing => {
            let (loaded, parsed) = load_witnessed(path, load);
            // Filed under the bytes that were parsed, not those the lookup hashed.
            key = key.and(parsed);
            let loaded = loaded?;
            let texts = pages_of(&loaded.brief, pages);
            let fetched = texts.fingerprint();
            (loaded, texts, fetched)
        }
    };
    let origins = lend(&mut loaded, &texts);
    let links = Links::build(&loaded.brief);
    let assessment = assess(&loaded.brief, &links);
    let opened = Opened::lent(loaded, links, assessment, origins, false);
    if let (Some(cache), Some(key)) = (cache, key) {
        save(cache, path, Key { fetched, ..key }, &Parts::of(&opened));
    }
    Ok(opened)
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
    let keep = |part| need == Need::Everything || part != SOURCES_PART;
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
