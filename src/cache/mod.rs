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
mod buffer;
mod entry;

pub use buffer::Buffer;

use std::cell::Cell;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

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
            Kind::Search => 4,
            Kind::Brief => 4,
        }
    }
}

/// The header is read from the first this many bytes of a file (it takes about 40).
const HEAD_MAX: u64 = 512;

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
    /// The hash of the fetched pages the result read (the entries of `fetched/` in the data
    /// dir that the brief's sources borrow, see `FetchedTexts::fingerprint`; 0: none), so a
    /// page fetched again, or fetched for the first time, is a miss.
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

    /// The key of bytes [`crate::fsio::witness`] saw read, hashed by [`fingerprint`].
    pub fn of_seen(seen: crate::fsio::Seen) -> Key {
        Key {
            len: seen.len,
            content: seen.hash,
            ..Key::default()
        }
    }

    /// The key of the file at `path` as it is now, read a piece at a time (the same key
    /// as [`Key::of_content`] of its bytes); `None` when it cannot be read or holds more
    /// than `cap` bytes.
    pub fn of_file(path: &Path, cap: u64) -> Option<Key> {
        let mut h = Xxh3::new();
        let len = crate::fsio::for_each_piece(path, cap, PIECE, |piece| h.update(piece))
            .ok()?
            .ok()?;
        Some(Key {
            len,
            content: h.digest(),
            ..Key::default()
        })
    }
}

/// A file is [`MAGIC`], this header (postcard), the body, and the body's hash
/// ([`body_hash`], 8 bytes little-endian) last, so the body can be written as it is encoded,
/// never held whole in memory a second time. The body is its parts, one after another, then
/// the length of each part and how many there are (8 bytes each, little-endian): a reader
/// reads each part into an allocation of its own, to be freed as soon as it is decoded, and
/// can leave a part it does not need unread but for its hash.
///
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
}

impl Header {
    fn new(kind: Kind, key: Key) -> Header {
        Header {
            kind,
            format: kind.format(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: build_id(),
            key,
        }
    }
}

/// A 64-bit hash of `bytes`, fast enough to run on every open (a few ms for 40 MB), the
/// same as [`Key::of_file`] takes a piece at a time. Not a defence against a forged
/// collision, only against an edited brief.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    body_hash(bytes)
}

/// Files are read, and bodies written, in pieces of this size.
const PIECE: usize = 1 << 16;

/// The hash that closes a file: XXH3 of its body (as fast as memory reads: the brief
/// cache's 50 MB entries are hashed on every open). Hashed whole or a piece at a time, as
/// [`Hashing`] does, it is the same. An edit of the cache file itself (even one that keeps
/// its length and still decodes) is a miss.
fn body_hash(body: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body)
}

/// Writes what it is given to `out` and hashes it as [`body_hash`] does.
struct Hashing<W: Write> {
    out: W,
    pending: Vec<u8>,
    hash: Xxh3,
    /// Bytes written so far.
    written: u64,
}

impl<W: Write> Hashing<W> {
    fn new(out: W) -> Self {
        Hashing {
            out,
            pending: Vec::with_capacity(PIECE),
            hash: Xxh3::new(),
            written: 0,
        }
    }

    fn flush_piece(&mut self) -> std::io::Result<()> {
        self.hash.update(&self.pending);
        self.out.write_all(&self.pending)?;
        self.pending.clear();
        Ok(())
    }

    /// The writer and the body's hash, once everything is written.
    fn finish(mut self) -> std::io::Result<(W, u64)> {
        if !self.pending.is_empty() {
            self.flush_piece()?;
        }
        Ok((self.out, self.hash.digest()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len();
        self.written += n as u64;
        while !bytes.is_empty() {
            let take = (PIECE - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() == PIECE {
                self.flush_piece()?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The running executable's size and modification time, hashed: another build misses.
fn build_id() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let mut h = rustc_hash::FxHasher::default();
        if let Some(m) = meta {
            h.write_u64(m.len());
            if let Ok(t) = m
                .modified()
                .map(|t| t.duration_since(SystemTime::UNIX_EPOCH))
            {
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
    crate::places::cache_dir()
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

/// A hit: the body's parts, each read into an allocation of its own.
#[derive(Debug)]
pub struct Hit {
    parts: Vec<Buffer>,
}

impl Hit {
    /// The body of a file written in one part ([`Cache::save`], [`Cache::save_with`]); the
    /// first part of one written in several.
    pub fn body(&self) -> &[u8] {
        &self.parts[0]
    }

    /// The body's parts, as [`Cache::save_parts`] was given them.
    pub fn into_parts(self) -> Vec<Buffer> {
        self.parts
    }
}

/// The most parts a body has: a table longer than this is not one this build wrote.
const MAX_PARTS: u64 = 16;

/// Writes one part of a body (see [`Cache::save_parts`]).
pub type PartWriter<'a> = &'a dyn Fn(&mut dyn Write) -> std::io::Result<()>;

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
        self.load_matching(kind, brief, key, |stored| stored == key, |_| true)
    }

    /// As [`Cache::load`], for a result whose fetched pages are known only once the brief
    /// is decoded (which pages it cites is in the brief): every field of the key but
    /// `fetched` must match; the hit says what `fetched` it was cached under, for the
    /// caller to compare. Parts `keep` refuses are checked but not kept: they come back
    /// empty.
    pub fn load_any_fetched(
        &self,
        kind: Kind,
        brief: &Path,
        key: &Key,
        keep: impl Fn(usize) -> bool,
    ) -> Option<(Hit, u64)> {
        let mut fetched = 0;
        let accept = |stored: &Key| {
            fetched = stored.fetched;
            Key {
                fetched: 0,
                ..*stored
            } == Key { fetched: 0, ..*key }
        };
        let hit = self.load_matching(kind, brief, key, accept, keep)?;
        Some((hit, fetched))
    }

    /// The body cached for `brief` under a key `accept` takes (and the right kind, format
    /// and build), the parts `keep` refuses read only to be hashed.
    fn load_matching(
        &self,
        kind: Kind,
        brief: &Path,
        key: &Key,
        mut accept: impl FnMut(&Key) -> bool,
        keep: impl Fn(usize) -> bool,
    ) -> Option<Hit> {
        use std::io::{Read, Seek, SeekFrom};
        let cap = max_cache_bytes(key.len);
        let path = self.file_for(kind, brief);
        // A regular file only: a named pipe put in its place would make the open wait.
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let mut file = std::fs::File::open(&path).ok()?;
        let len = file.metadata().ok().filter(|m| m.is_file())?.len();
        if len > cap {
            return None;
        }
        // The header is a few dozen bytes; what follows it in this read is read again below.
        let mut head = vec![0; len.min(HEAD_MAX) as usize];
        file.read_exact(&mut head).ok()?;
        let rest = head.strip_prefix(MAGIC.as_slice())?;
        let (header, after): (Header, &[u8]) = postcard::take_from_bytes(rest).ok()?;
        if header != Header::new(kind, header.key) || !accept(&header.key) {
            return None;
        }
        let body_at = (head.len() - after.len()) as u64;
        // Read, not mapped: a mapping faults (SIGBUS) if another program cuts the file
        // short while it is decoded, and the mapping saved only ~20 ms of a warm reopen.
        // The file's last 16 bytes: how many parts, then the hash of all before them.
        let mut tail = [0u8; 16];
        file.seek(SeekFrom::Start(len.checked_sub(16)?)).ok()?;
        file.read_exact(&mut tail).ok()?;
        let count = u64::from_le_bytes(tail[..8].try_into().ok()?);
        let hash = u64::from_le_bytes(tail[8..].try_into().ok()?);
        if count == 0 || count > MAX_PARTS {
            return None;
        }
        let table_at = len.checked_sub(16 + 8 * count)?;
        let mut table = vec![0u8; 8 * count as usize];
        file.seek(SeekFrom::Start(table_at)).ok()?;
        file.read_exact(&mut table).ok()?;
        let lens: Vec<u64> = table
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let told = lens.iter().try_fold(0u64, |sum, &l| sum.checked_add(l))?;
        if body_at.checked_add(told)? != table_at {
            return None;
        }
        file.seek(SeekFrom::Start(body_at)).ok()?;
        let mut h = Xxh3::new();
        let mut parts = Vec::with_capacity(lens.len());
        for (i, &l) in lens.iter().enumerate() {
            if keep(i) {
                let mut part = Buffer::zeroed(usize::try_from(l).ok()?)?;
                file.read_exact(&mut part).ok()?;
                h.update(&part);
                parts.push(part);
            } else {
                // Hashed through one small buffer: never held, its pages never touched.
                let mut piece = vec![0; PIECE];
                let mut left = l;
                while left > 0 {
                    let n = left.min(PIECE as u64) as usize;
                    file.read_exact(&mut piece[..n]).ok()?;
                    h.update(&piece[..n]);
                    left -= n as u64;
                }
                parts.push(Buffer::zeroed(0)?);
            }
        }
        h.update(&table);
        h.update(&tail[..8]);
        (h.digest() == hash).then_some(Hit { parts })
    }

    /// Stores `body` for `brief` under `key` (see [`Cache::save_parts`]).
    pub fn save(&self, kind: Kind, brief: &Path, key: &Key, body: &[u8]) -> std::io::Result<()> {
        self.save_with(kind, brief, key, |w| w.write_all(body))
    }

    /// Stores the body `write` writes for `brief` under `key`, in one part (see
    /// [`Cache::save_parts`]).
    pub fn save_with(
        &self,
        kind: Kind,
        brief: &Path,
        key: &Key,
        write: impl Fn(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.save_parts(kind, brief, key, &[&write])
    }

    /// Stores for `brief` under `key` a body of the parts `parts` write, streamed to a
    /// temporary that is renamed over the cache file (a reader never sees half a file),
    /// then holds the directory under its cap. The temporaries of writers that died
    /// mid-save are removed first. Not synced to disk: a file cut by a crash is a miss, as
    /// any damaged file is.
    pub fn save_parts(
        &self,
        kind: Kind,
        brief: &Path,
        key: &Key,
        parts: &[PartWriter],
    ) -> std::io::Result<()> {
        let mut entry = self.entry(kind, brief, key)?;
        for write in parts {
            entry.part(*write)?;
        }
        entry.finish(self)
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

/// Runs `f` with [`ENCODING`] set.
fn encoding<R>(f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            ENCODING.with(|e| e.set(false));
        }
    }
    ENCODING.with(|e| e.set(true));
    let _reset = Reset;
    f()
}

/// `value` as postcard bytes, every field written (see [`ENCODING`]).
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    encoding(|| postcard::to_stdvec(value).expect("plain data serializes"))
}

/// `value` as postcard bytes written to `out`, every field written (see [`ENCODING`]).
/// Gathered a piece at a time and written whole: postcard writes a field at a time, and a
/// large brief's sources are millions of fields.
pub fn encode_into<T: Serialize>(value: &T, out: &mut dyn Write) -> std::io::Result<()> {
    let mut pieces = Pieces {
        piece: Vec::with_capacity(PIECE),
        out,
        failed: None,
    };
    let encoded = encoding(|| postcard::serialize_with_flavor(value, &mut pieces));
    let Pieces { piece, out, failed } = pieces;
    if let Some(e) = failed {
        return Err(e);
    }
    encoded.map_err(std::io::Error::other)?;
    out.write_all(&piece)
}

/// `value` as postcard bytes added to the end of `bytes`, every field written (see
/// [`ENCODING`]).
pub fn encode_append<T: Serialize>(value: &T, bytes: &mut Vec<u8>) {
    let _ = encoding(|| postcard::serialize_with_flavor(value, Append(bytes)));
}

/// A postcard flavor that adds to a vector: no writer between, nothing that can fail.
struct Append<'a>(&'a mut Vec<u8>);

impl postcard::ser_flavors::Flavor for Append<'_> {
    type Output = ();

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// A postcard flavor that gathers bytes into a piece and writes each full piece to `out`;
/// what is left is the caller's to write. A failed write is kept, and ends the encoding.
struct Pieces<'a> {
    piece: Vec<u8>,
    out: &'a mut dyn Write,
    failed: Option<std::io::Error>,
}

impl Pieces<'_> {
    fn pass_on(&mut self) -> postcard::Result<()> {
        if let Err(e) = self.out.write_all(&self.piece) {
            self.failed = Some(e);
            return Err(postcard::Error::SerializeBufferFull);
        }
        self.piece.clear();
        Ok(())
    }
}

impl postcard::ser_flavors::Flavor for &mut Pieces<'_> {
    type Output = ();

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        if self.piece.len() >= PIECE {
            self.pass_on()?;
        }
        self.piece.push(data);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        if self.piece.len() + data.len() > PIECE {
            self.pass_on()?;
        }
        self.piece.extend_from_slice(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// For `skip_serializing_if`: an empty optional field, left out of RON and JSON but written
/// to the cache.
pub fn skip_none<T>(value: &Option<T>) -> bool {
    value.is_none() && !ENCODING.with(Cell::get)
}

/// For `skip_serializing_if`: an empty set, left out of RON and JSON but written to the cache.
pub fn skip_empty_set<T>(value: &std::collections::BTreeSet<T>) -> bool {
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
