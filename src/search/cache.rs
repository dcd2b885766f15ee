//! The search index in the cache (see [`crate::cache`]), so `briefbench search` on a large
//! brief answers without parsing, validating and indexing it again. The index depends on
//! the brief's bytes alone.

use std::path::{Path, PathBuf};

use super::Index;
use crate::cache::{Key, Kind};
pub use crate::cache::{default_dir, fingerprint};

/// The search indexes in the cache directory `dir`.
#[derive(Debug, Clone)]
pub struct Cache {
    inner: crate::cache::Cache,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            inner: crate::cache::Cache::new(dir),
        }
    }

    /// The cache file for the brief at `brief`.
    pub fn file_for(&self, brief: &Path) -> PathBuf {
        self.inner.file_for(Kind::Search, brief)
    }

    /// The index cached for `brief` when it was built from bytes of this `key` (see
    /// [`crate::cache::Key::of_file`]); a miss for anything else, however damaged (see
    /// [`crate::cache::Cache::load`]).
    pub fn load(&self, brief: &Path, key: &Key) -> Option<Index> {
        let hit = self.inner.load(Kind::Search, brief, key)?;
        Index::from_bytes(hit.body())
    }

    /// Stores `index` as built from bytes of this `key`.
    pub fn save(&self, brief: &Path, key: &Key, index: &Index) -> std::io::Result<()> {
        self.inner.save(Kind::Search, brief, key, &index.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{MAGIC, max_cache_bytes};
    use crate::links::Links;
    use crate::search::{Query, Scope};
    use crate::store;

    fn seed_index() -> (String, Index) {
        let text = store::to_ron_string(&store::load_default().unwrap().brief);
        let brief = store::load_str(&text, "seed").unwrap().brief;
        let links = Links::build(&brief);
        (text, Index::build(&brief, &links))
    }

    fn numbers(index: &Index, q: &str) -> Vec<u32> {
        index
            .search(&Query::parse(q), Scope::Sources, None, 50)
            .hits
            .iter()
            .map(|h| index.source_row(h.index).number)
            .collect()
    }

    /// A cache in a fresh directory holding the seed's index; the directory, the brief's
    /// path, its text and the index.
    fn saved() -> (tempfile::TempDir, std::path::PathBuf, String, Index, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let brief = dir.path().join("seed.ron");
        let (text, index) = seed_index();
        let cache = Cache::new(dir.path().join("cache"));
        cache
            .save(&brief, &Key::of_content(text.as_bytes()), &index)
            .unwrap();
        (dir, brief, text, index, cache)
    }

    #[test]
    fn a_cached_index_answers_as_the_built_one() {
        let dir = tempfile::tempdir().unwrap();
        let brief = dir.path().join("seed.ron");
        let (text, index) = seed_index();
        std::fs::write(&brief, &text).unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_none(),
            "empty cache"
        );
        cache
            .save(&brief, &Key::of_content(text.as_bytes()), &index)
            .unwrap();
        let cached = cache
            .load(&brief, &Key::of_content(text.as_bytes()))
            .expect("a hit");
        for q in [
            "kenya",
            "maher saba",
            "lang:nl",
            "cited:>6",
            "晶片",
            "~superintelligence",
        ] {
            assert_eq!(numbers(&cached, q), numbers(&index, q), "{q}");
        }
        let claims = |ix: &Index| {
            ix.search(&Query::parse("superintelligence"), Scope::Claims, None, 50)
                .hits
                .iter()
                .map(|h| ix.claim_row(h.index).id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(claims(&cached), claims(&index));
        assert!(!claims(&index).is_empty());
    }

    #[test]
    fn an_edited_brief_misses() {
        let (dir, brief, text, _, cache) = saved();
        // Same length, one byte changed.
        let edited = text.replacen("Kenya", "Kenyo", 1);
        assert_eq!(edited.len(), text.len());
        assert!(
            cache
                .load(&brief, &Key::of_content(edited.as_bytes()))
                .is_none()
        );
        // Another brief's path has its own file.
        assert!(
            cache
                .load(
                    &dir.path().join("other.ron"),
                    &Key::of_content(text.as_bytes())
                )
                .is_none()
        );
    }

    #[test]
    fn an_edit_of_the_cache_that_keeps_its_length_misses() {
        let (_dir, brief, text, _, cache) = saved();
        let file = cache.file_for(&brief);
        let mut bytes = std::fs::read(&file).unwrap();
        // The text arena is at the end: "Kenya" there becomes "Kenyo", length kept.
        let at = bytes
            .windows(5)
            .rposition(|w| w == b"Kenya")
            .expect("the arena holds the sources' text");
        bytes[at + 4] = b'o';
        std::fs::write(&file, &bytes).unwrap();
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_none()
        );
    }

    #[test]
    fn a_killed_writer_s_temporary_is_removed_by_the_next_save() {
        let (dir, brief, text, index, cache) = saved();
        let cache_dir = dir.path().join("cache");
        // A process that has ended, and this one, which is alive and may be writing.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let leftover = cache_dir.join(format!(".0123456789abcdef.bin.tmp.{dead}"));
        let ours = cache_dir.join(format!(".fedcba9876543210.bin.tmp.{}", std::process::id()));
        std::fs::write(&leftover, b"half an index").unwrap();
        std::fs::write(&ours, b"being written").unwrap();
        cache
            .save(&brief, &Key::of_content(text.as_bytes()), &index)
            .unwrap();
        assert!(!leftover.exists(), "a dead writer's temporary is removed");
        assert!(ours.exists(), "a live writer's temporary is left alone");
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_some()
        );
    }

    #[test]
    fn a_cache_that_never_ends_or_is_too_large_is_a_miss() {
        let (_dir, brief, text, _, cache) = saved();
        let file = cache.file_for(&brief);
        let good = std::fs::read(&file).unwrap();
        assert!((good.len() as u64) < max_cache_bytes(text.len() as u64));
        // A link to a device that never ends: refused at the cap, not read until memory ends.
        std::fs::remove_file(&file).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_none()
        );
        // A good cache with bytes past the cap appended is a miss from its size alone.
        std::fs::remove_file(&file).unwrap();
        let mut big = good.clone();
        big.resize(max_cache_bytes(text.len() as u64) as usize + 1, 0);
        std::fs::write(&file, &big).unwrap();
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_none()
        );
        // And the good one, put back, is read.
        std::fs::write(&file, &good).unwrap();
        assert!(
            cache
                .load(&brief, &Key::of_content(text.as_bytes()))
                .is_some()
        );
    }

    #[test]
    fn a_damaged_cache_misses_and_never_panics() {
        let (_dir, brief, text, _, cache) = saved();
        let file = cache.file_for(&brief);
        let good = std::fs::read(&file).unwrap();
        // Cut short at many points, and bytes flipped through the body.
        for cut in (0..good.len()).step_by(good.len() / 97 + 1) {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert!(
                cache
                    .load(&brief, &Key::of_content(text.as_bytes()))
                    .is_none(),
                "cut at {cut}"
            );
        }
        for at in (MAGIC.len()..good.len()).step_by(good.len() / 211 + 1) {
            let mut bad = good.clone();
            bad[at] ^= 0x5a;
            std::fs::write(&file, &bad).unwrap();
            // A flip may still decode to some index; it must not panic when searched.
            if let Some(ix) = cache.load(&brief, &Key::of_content(text.as_bytes())) {
                for q in ["kenya", "a", "lang:de"] {
                    let _ = ix.search(&Query::parse(q), Scope::Sources, None, 20);
                    let _ = ix.search(&Query::parse(q), Scope::Claims, None, 20);
                }
            }
        }
    }
}
