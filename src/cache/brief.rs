//! A brief's entry in the cache: the brief as parsed and validated, its warnings, its links
//! and its assessment, so that reopening an unchanged brief decodes them instead of parsing,
//! checking and assessing it again.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Cache, Key, Kind};
use crate::fetch::Cache as PageCache;
use crate::fetch::texts::{FetchedTexts, Origins};
use crate::links::Links;
use crate::model::{Brief, Source};
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

/// A brief written as its own sources say it: the brief with `sources` in place of its
/// own, field for field as `Brief` is encoded (so it decodes as a `Brief`). A brief whose
/// sources borrowed fetched text is cached as the file gave it, the pages being lent
/// again on each open.
struct AsFiled<'a> {
    brief: &'a Brief,
    sources: &'a [Source],
}

impl Serialize for AsFiled<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
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
        } = self.brief;
        let mut st = s.serialize_struct("Brief", 9)?;
        st.serialize_field("schema", schema)?;
        st.serialize_field("id", id)?;
        st.serialize_field("title", title)?;
        st.serialize_field("date", date)?;
        st.serialize_field("guessed", guessed)?;
        st.serialize_field("subtitle", subtitle)?;
        st.serialize_field("summary", summary)?;
        st.serialize_field("sections", sections)?;
        st.serialize_field("sources", self.sources)?;
        st.end()
    }
}

/// An entry's body is three parts: the brief's, the first half of the claims' assessments,
/// and the rest of the assessment; then where the second and the third start (8 bytes each,
/// little-endian). The parts decode at once, on threads of their own: the assessment costs
/// twice what the brief does to decode, so its halves and the brief are about even.
#[derive(Serialize)]
struct BriefPartRef<'a> {
    brief: AsFiled<'a>,
    warnings: Vec<StoredDiagnostic>,
    links: &'a Links,
}

#[derive(Deserialize)]
struct BriefPart {
    brief: Brief,
    warnings: Vec<StoredDiagnostic>,
    links: Links,
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

/// Writes an entry's body (see [`BriefPartRef`]).
fn write_body(parts: &Parts, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut counted = Counted { out, written: 0 };
    super::encode_into(&parts.brief_part(), &mut counted)?;
    let second = counted.written;
    let a = parts.assessment;
    let (first_half, rest) = a.claims.split_at(a.claims.len() / 2);
    super::encode_into(&first_half, &mut counted)?;
    let third = counted.written;
    let rest = AssessmentRestRef {
        claims: rest,
        clusters: &a.clusters,
        duplicates: &a.duplicates,
    };
    super::encode_into(&rest, &mut counted)?;
    counted.out.write_all(&second.to_le_bytes())?;
    counted.out.write_all(&third.to_le_bytes())
}

/// A writer that counts what passes through it.
struct Counted<'a> {
    out: &'a mut dyn std::io::Write,
    written: u64,
}

impl std::io::Write for Counted<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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

    fn brief_part(&self) -> BriefPartRef<'a> {
        BriefPartRef {
            brief: AsFiled {
                brief: self.brief,
                sources: self.own_sources.unwrap_or(&self.brief.sources),
            },
            warnings: self.warnings.iter().map(StoredDiagnostic::of).collect(),
            links: self.links,
        }
    }
}

/// The cache entry's body for an opened brief.
pub fn encode(loaded: &Loaded, links: &Links, assessment: &Assessment) -> Vec<u8> {
    let parts = Parts {
        brief: &loaded.brief,
        own_sources: None,
        warnings: &loaded.warnings,
        links,
        assessment,
    };
    let mut body = Vec::new();
    write_body(&parts, &mut body).expect("writing to memory does not fail");
    body
}

/// An opened brief from a cache entry's body, named `name`; `None` when it does not decode
/// whole (a damaged entry is a miss), or when its parts disagree in size (a forged one).
pub fn decode(body: &[u8], name: &str) -> Option<(Loaded, Links, Assessment)> {
    let (parts, third) = body.split_last_chunk::<8>()?;
    let (parts, second) = parts.split_last_chunk::<8>()?;
    let at = |offset: &[u8; 8]| usize::try_from(u64::from_le_bytes(*offset)).ok();
    let (head, rest_part) = parts.split_at_checked(at(third)?)?;
    let (brief_part, half_part) = head.split_at_checked(at(second)?)?;
    // Threads pay for themselves on a large entry only: a small one decodes in less time
    // than it takes to start them.
    let (part, half, rest) = if body.len() < PARALLEL_FROM {
        (
            whole::<BriefPart>(brief_part),
            whole::<Vec<ClaimAssessment>>(half_part),
            whole::<AssessmentRest>(rest_part),
        )
    } else {
        std::thread::scope(|s| {
            let half = s.spawn(|| whole::<Vec<ClaimAssessment>>(half_part));
            let rest = s.spawn(|| whole::<AssessmentRest>(rest_part));
            let part = whole::<BriefPart>(brief_part);
            (part, half.join().ok().flatten(), rest.join().ok().flatten())
        })
    };
    let (part, mut claims_assessed, rest) = (part?, half?, rest?);
    claims_assessed.extend(rest.claims);
    let assessment = Assessment {
        claims: claims_assessed,
        clusters: rest.clusters,
        duplicates: rest.duplicates,
    };
    let claims = part.brief.claim_count();
    if assessment.claims.len() != claims || part.links.cites.len() != claims {
        return None;
    }
    let loaded = Loaded {
        brief: part.brief,
        name: name.to_string(),
        warnings: part
            .warnings
            .into_iter()
            .map(StoredDiagnostic::into_diagnostic)
            .collect(),
    };
    Some((loaded, part.links, assessment))
}

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
        Some(p) if p.dir().is_dir() => FetchedTexts::load(brief, p),
        _ => FetchedTexts::default(),
    }
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
/// When only the pages changed, the cached brief is assessed anew, not parsed again.
pub fn open<E>(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
    load: impl FnOnce() -> Result<Loaded, E>,
    assess: impl FnOnce(&Brief, &Links) -> Assessment,
) -> Result<Opened, E> {
    let (found, mut key) = lookup(path, cache, pages);
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
    let _ = cache.save_with(Kind::Brief, path, &key, |w| write_body(parts, w));
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
pub fn cached(path: &Path, cache: Option<&Cache>, pages: Option<&PageCache>) -> Option<Opened> {
    match lookup(path, cache, pages).0 {
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
/// afresh is to be saved under (with its pages' fingerprint as `fetched`).
pub fn lookup(
    path: &Path,
    cache: Option<&Cache>,
    pages: Option<&PageCache>,
) -> (Found, Option<Key>) {
    let key = key_now(path, cache);
    let Some((hit, was_fetched)) = cache
        .zip(key.as_ref())
        .and_then(|(cache, key)| cache.load_any_fetched(Kind::Brief, path, key))
    else {
        return (Found::Nothing, key);
    };
    let Some((mut loaded, links, assessment)) = decode(hit.body(), &path.display().to_string())
    else {
        return (Found::Nothing, key);
    };
    drop(hit);
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
