//! The cache on disk: what took long to work out from a brief (its search index; the brief
//! parsed and validated, its links and its assessment), kept per brief file so that the next
//! open of the same bytes skips the work.
//!
//! One directory (`BRIEFBENCH_CACHE_DIR`, else the platform's cache directory), one file per
//! brief and kind, named by a hash of the brief's path. Each file starts with a header that
//! holds everything its result depends on ([`Key`]) and the hash of the body that follows: a
//! brief edited since, a cache from another build, or a damaged, truncated or foreign file
//! all read as a miss, never as stale results and never as a panic. The directory is held
//! under a size cap, the least recently written files going first. The cache is best-effort:
//! when its directory cannot be written, everything still answers, only slower.

pub mod brief;

use std::cell::Cell;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// What the cache holds for a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// The search index (`briefbench search`).
    Search,
    /// The brief parsed and validated, its links and its assessment.
    Brief,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Search => "search",
            Kind::Brief => "brief",
        }
    }

    /// Bumped whenever what the kind stores changes layout; with the build in the header, a
    /// cache from another build is never decoded as this one's.
    fn format(self) -> u32 {
        match self {
            Kind::Search => 3,
            Kind::Brief => 1,
        }
    }
}

/// Every file starts with this.
pub const MAGIC: &[u8; 8] = b"BBCACHE1";

/// Everything a cached result depends on besides the build. Two keys that differ in any
/// field never share a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Key {
    /// The brief file's length and hash: its fingerprint.
    pub len: u64,
    pub content: u64,
    /// The hash of the config's rules the result was computed under (0: the result reads no
    /// config, as the assessment today does not).
    pub rules: u64,
    /// The hash of the fetched page texts the result read (`fetched/` in the data dir; 0:
    /// none). For `briefbench fetch`: an assessment that reads fetched pages puts their
    /// hash here, so a page fetched again is a miss.
    pub fetched: u64,
}

impl Key {
    /// The key of a result that depends on the brief's bytes alone.
    pub fn of_content(content: &[u8]) -> Key {
        Key {
            len: content.len() as u64,
            content: fingerprint(content),
            ..Key::default()
        }
    }
}

/// What a cache file says about itself, before the body.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug)]
struct Header {
    kind: Kind,
    format: u32,
    version: String,
    /// This very build: the executable's size and modification time, so a rebuilt engine
    /// (whose rules may weigh differently under the same version number) misses.
    build: u64,
    key: Key,
    /// The hash of the body that follows: an edit of the cache file itself (even one that
    /// keeps its length and still decodes) is a miss.
    body: u64,
}

impl Header {
    fn new(kind: Kind, key: Key, body: &[u8]) -> Header {
        Header {
            kind,
            format: kind.format(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: build_id(),
            key,
            body: fingerprint(body),
        }
    }
}

/// A 64-bit hash of `bytes`, fast enough to run on every open (about 10 ms for 40 MB).
/// Not a defence against a forged collision, only against an edited brief.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// The running executable's size and modification time, hashed: another build misses.
fn build_id() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let mut h = rustc_hash::FxHasher::default();
        if let Some(m) = meta {
            h.write_u64(m.len());
            if let Ok(t) = m.modified().map(|t| t.duration_since(SystemTime::UNIX_EPOCH)) {
                h.write_u128(t.map_or(0, |d| d.as_nanos()));
            }
        }
        h.finish()
    })
}

/// The most a cache file for a brief of `brief_len` bytes is read to: 16 times the brief
/// plus 1 MiB. A search index holds the brief's text once with fixed-size records beside it
/// (53 MB for a 100,000-source store), a brief entry the brief and its assessment; anything
/// past it is not this brief's cache.
pub fn max_cache_bytes(brief_len: u64) -> u64 {
    brief_len.saturating_mul(16).saturating_add(1 << 20)
}

/// The cache directory: `BRIEFBENCH_CACHE_DIR`, else the platform's cache directory.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BRIEFBENCH_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "briefbench").map(|d| d.cache_dir().to_path_buf())
}

/// The size the directory is held under unless `BRIEFBENCH_CACHE_MAX_MB` says otherwise.
pub const DEFAULT_CAP: u64 = 1 << 30;

/// The cap in effect: `BRIEFBENCH_CACHE_MAX_MB`, else [`DEFAULT_CAP`].
pub fn default_cap() -> u64 {
    std::env::var("BRIEFBENCH_CACHE_MAX_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_CAP, |mb| mb.saturating_mul(1 << 20))
}

/// A hit: the file's bytes and where its body starts.
pub struct Hit {
    bytes: Vec<u8>,
    body_at: usize,
}

impl Hit {
    pub fn body(&self) -> &[u8] {
        &self.bytes[self.body_at..]
    }
}

/// What `briefbench cache info` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Info {
    pub files: usize,
    pub bytes: u64,
    pub search: usize,
    pub briefs: usize,
}

/// The cache in one directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    cap: u64,
}

impl Cache {
    /// The cache in `dir`, held under [`default_cap`].
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            cap: default_cap(),
        }
    }

    /// The cache in the default directory, if there is one.
    pub fn open_default() -> Option<Cache> {
        default_dir().map(Cache::new)
    }

    pub fn with_cap(self, cap: u64) -> Cache {
        Cache { cap, ..self }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache file of `kind` for the brief at `brief`.
    pub fn file_for(&self, kind: Kind, brief: &Path) -> PathBuf {
        let full = std::fs::canonicalize(brief).unwrap_or_else(|_| brief.to_path_buf());
        let key = fingerprint(full.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{}-{key:016x}.bin", kind.prefix()))
    }

    /// The body cached for `brief` under exactly `key`. The file is read through a cap in
    /// proportion to the brief ([`max_cache_bytes`]): a cache file replaced by a link to
    /// `/dev/zero`, a pipe or anything larger is a miss, never read until memory ends.
    pub fn load(&self, kind: Kind, brief: &Path, key: &Key) -> Option<Hit> {
        let cap = max_cache_bytes(key.len);
        let bytes = crate::fsio::read_capped(&self.file_for(kind, brief), cap)
            .ok()?
            .ok()?;
        let rest = bytes.strip_prefix(MAGIC)?;
        let (header, body): (Header, &[u8]) = postcard::take_from_bytes(rest).ok()?;
        if header != Header::new(kind, *key, body) {
            return None;
        }
        let body_at = bytes.len() - body.len();
        Some(Hit { bytes, body_at })
    }

    /// Stores `body` for `brief` under `key`, through the one atomic write (a reader never
    /// sees half a file), then holds the directory under its cap. The temporaries of writers
    /// that died mid-save are removed first.
    pub fn save(&self, kind: Kind, brief: &Path, key: &Key, body: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        crate::fsio::remove_dead_temporaries(&self.dir);
        let header =
            postcard::to_stdvec(&Header::new(kind, *key, body)).expect("plain data serializes");
        let mut bytes = Vec::with_capacity(MAGIC.len() + header.len() + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&header);
        bytes.extend_from_slice(body);
        let file = self.file_for(kind, brief);
        crate::fsio::write_atomic(&file, &bytes)?;
        self.evict(&file);
        Ok(())
    }

    /// The cache's files (`*.bin`) with their sizes and modification times.
    fn files(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.filter_map(|e| {
            let e = e.ok()?;
            let path = e.path();
            let meta = e.metadata().ok()?;
            (meta.is_file() && path.extension().is_some_and(|x| x == "bin")).then(|| {
                let at = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                (path, meta.len(), at)
            })
        })
        .collect()
    }

    /// Removes the oldest files until the directory is under its cap; `keep`, just written,
    /// goes last, and only when it alone is over the cap.
    fn evict(&self, keep: &Path) {
        let mut files = self.files();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort_by_key(|f| (f.0 == keep, f.2));
        for (path, len, _) in files {
            if total <= self.cap {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }

    /// How many files the cache holds, and their bytes.
    pub fn info(&self) -> Info {
        let mut info = Info::default();
        for (path, len, _) in self.files() {
            info.files += 1;
            info.bytes += len;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            match name.as_deref() {
                Some(n) if n.starts_with(Kind::Search.prefix()) => info.search += 1,
                Some(n) if n.starts_with(Kind::Brief.prefix()) => info.briefs += 1,
                _ => {}
            }
        }
        info
    }

    /// Removes every cache file; returns how many and their bytes.
    pub fn clear(&self) -> std::io::Result<Info> {
        let mut gone = Info::default();
        for (path, len, _) in self.files() {
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    gone.files += 1;
                    gone.bytes += len;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        crate::fsio::remove_dead_temporaries(&self.dir);
        Ok(gone)
    }
}

thread_local! {
    /// Set while a value is encoded for the cache: the store's fields that RON leaves out
    /// when empty are written all the same, as a format without field names needs them.
    static ENCODING: Cell<bool> = const { Cell::new(false) };
}

/// `value` as postcard bytes, every field written (see [`ENCODING`]).
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            ENCODING.with(|e| e.set(false));
        }
    }
    ENCODING.with(|e| e.set(true));
    let _reset = Reset;
    postcard::to_stdvec(value).expect("plain data serializes")
}

/// For `skip_serializing_if`: an empty optional field, left out of RON and JSON but written
/// to the cache.
pub fn skip_none<T>(value: &Option<T>) -> bool {
    value.is_none() && !ENCODING.with(Cell::get)
}

/// For `skip_serializing_if`: an empty list, left out of RON and JSON but written to the cache.
#[allow(clippy::ptr_arg)] // serde passes the field as it is: a `&Vec`.
pub fn skip_empty<T>(value: &Vec<T>) -> bool {
    value.is_empty() && !ENCODING.with(Cell::get)
}

/// For `skip_serializing_if`: a default value, left out of RON and JSON but written to the
/// cache.
pub fn skip_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default() && !ENCODING.with(Cell::get)
}

/// For `skip_serializing_if`: a field for the cache only, never in JSON.
pub fn cache_only<T>(_: &T) -> bool {
    !ENCODING.with(Cell::get)
}

#[cfg(test)]
mod tests;
