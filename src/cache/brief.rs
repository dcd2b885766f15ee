//! A brief's entry in the cache: the brief as parsed and validated, its warnings, its links
//! and its assessment, so that reopening an unchanged brief decodes them instead of parsing,
//! checking and assessing it again.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Cache, Key, Kind};
use crate::links::Links;
use crate::model::Brief;
use crate::store::Loaded;
use crate::support::Assessment;
use crate::validate::{Diagnostic, Severity};

/// Briefs at least this large are cached: below it, loading is faster than reading a cache
/// would save (the embedded brief, 100 KB, loads and is assessed in a few milliseconds).
pub const CACHE_FROM: u64 = 1 << 20;

/// A brief opened: loaded, linked and assessed.
#[derive(Debug)]
pub struct Opened {
    pub loaded: Loaded,
    pub links: Links,
    pub assessment: Assessment,
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

#[derive(Serialize)]
struct EntryRef<'a> {
    brief: &'a Brief,
    warnings: Vec<StoredDiagnostic>,
    links: &'a Links,
    assessment: &'a Assessment,
}

#[derive(Deserialize)]
struct Entry {
    brief: Brief,
    warnings: Vec<StoredDiagnostic>,
    links: Links,
    assessment: Assessment,
}

fn entry<'a>(loaded: &'a Loaded, links: &'a Links, assessment: &'a Assessment) -> EntryRef<'a> {
    EntryRef {
        brief: &loaded.brief,
        warnings: loaded.warnings.iter().map(StoredDiagnostic::of).collect(),
        links,
        assessment,
    }
}

/// The cache entry's body for an opened brief.
pub fn encode(loaded: &Loaded, links: &Links, assessment: &Assessment) -> Vec<u8> {
    super::encode(&entry(loaded, links, assessment))
}

/// An opened brief from a cache entry's body, named `name`; `None` when it does not decode
/// whole (a damaged entry is a miss), or when its parts disagree in size (a forged one).
pub fn decode(body: &[u8], name: &str) -> Option<(Loaded, Links, Assessment)> {
    let entry: Entry = postcard::from_bytes(body).ok()?;
    let claims = entry.brief.claim_count();
    if entry.assessment.claims.len() != claims || entry.links.cites.len() != claims {
        return None;
    }
    let loaded = Loaded {
        brief: entry.brief,
        name: name.to_string(),
        warnings: entry
            .warnings
            .into_iter()
            .map(StoredDiagnostic::into_diagnostic)
            .collect(),
    };
    Some((loaded, entry.links, entry.assessment))
}

/// Whether the brief at `path` is one the cache keeps: a regular file of [`CACHE_FROM`]
/// bytes or more, whose result depends on its own bytes alone (no sources sidecar beside it).
pub fn cacheable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() >= CACHE_FROM)
        && crate::import::sidecar::path_for(path).is_none()
}

/// The cache's key for the brief whose file holds `content`.
pub fn key_for(content: &[u8]) -> Key {
    // The assessment reads no config and no fetched page yet: when it does, their hashes
    // go into `rules` and `fetched` here.
    Key::of_content(content)
}

/// Opens the brief at `path` (its display name, as messages show it, is `name`): from
/// `cache` when the file's bytes are those it was cached from, else by `load` and
/// `assess`, then cached (best-effort: a cache that cannot be written costs only the next
/// open's time).
pub fn open<E>(
    path: &Path,
    cache: Option<&Cache>,
    load: impl FnOnce() -> Result<Loaded, E>,
    assess: impl FnOnce(&Brief, &Links) -> Assessment,
) -> Result<Opened, E> {
    let (hit, key) = lookup(path, cache);
    if let Some(opened) = hit {
        return Ok(opened);
    }
    let loaded = load()?;
    let links = Links::build(&loaded.brief);
    let assessment = assess(&loaded.brief, &links);
    // Keyed by the bytes read before the load: only when the file did not change while it
    // was being loaded do they describe this result.
    if let (Some(cache), Some(key)) = (cache, key)
        && read(path).is_some_and(|now| key_for(&now) == key)
    {
        let entry = entry(&loaded, &links, &assessment);
        let _ = cache.save_with(Kind::Brief, path, &key, |w| super::encode_into(&entry, w));
    }
    Ok(Opened {
        loaded,
        links,
        assessment,
        cached: false,
    })
}

/// The brief at `path` as `cache` holds it, if it holds it for the file's bytes as they are.
pub fn cached(path: &Path, cache: Option<&Cache>) -> Option<Opened> {
    lookup(path, cache).0
}

/// The cached brief, and the key of the file's bytes (kept rather than the bytes, which are
/// not held through a load).
fn lookup(path: &Path, cache: Option<&Cache>) -> (Option<Opened>, Option<Key>) {
    let key = cache
        .filter(|_| cacheable(path))
        .and_then(|_| read(path))
        .map(|bytes| key_for(&bytes));
    let hit = cache
        .zip(key.as_ref())
        .and_then(|(cache, key)| cache.load(Kind::Brief, path, key))
        .and_then(|hit| decode(hit.body(), &path.display().to_string()))
        .map(|(loaded, links, assessment)| Opened {
            loaded,
            links,
            assessment,
            cached: true,
        });
    (hit, key)
}

/// The file's bytes, within the store's size limit; `None` when they cannot be read (the
/// load then says why).
fn read(path: &Path) -> Option<Vec<u8>> {
    crate::fsio::read_capped(path, crate::store::MAX_STORE_BYTES)
        .ok()?
        .ok()
}
