//! The fetched-text cache: one JSON file per normalised URL in the data dir's `fetched/`,
//! shared by every brief that cites the page. Written atomically; an entry that cannot be
//! read or parsed is a miss, never an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::extract::PageMeta;
use super::url_key;

/// The entry format this build reads and writes.
const ENTRY_SCHEMA: u32 = 1;
/// An entry holds at most the byte cap's text, JSON-escaped: past this it is damage.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// What was fetched for one URL, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub schema: u32,
    /// The normalised URL: the key, kept so a hash collision reads as a miss.
    pub url: String,
    /// Where the redirects ended.
    pub final_url: String,
    /// 0 when no answer came (a timeout, a refused connection, robots.txt).
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// When, UTC: `2026-11-29T09:44:00Z`.
    pub fetched_at: String,
    /// The readable text; `None` when the fetch failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default)]
    pub meta: PageMeta,
    /// The body went past the byte cap and was cut.
    #[serde(default)]
    pub truncated: bool,
    /// Why there is no text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Entry {
    pub fn new(url: &str) -> Entry {
        Entry {
            schema: ENTRY_SCHEMA,
            url: url.to_string(),
            final_url: url.to_string(),
            status: 0,
            content_type: None,
            fetched_at: now_utc(),
            text: None,
            meta: PageMeta::default(),
            truncated: false,
            error: None,
        }
    }

    pub fn ok(&self) -> bool {
        self.text.is_some() && self.error.is_none()
    }
}

/// The cache directory and its reads and writes.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `data_dir/fetched`.
    pub fn in_data_dir(data_dir: &Path) -> Cache {
        Cache {
            dir: data_dir.join("fetched"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_for(&self, normalised: &str) -> PathBuf {
        self.dir.join(url_key::file_name(normalised))
    }

    /// The entry for a normalised URL; `None` when there is none or it is damaged.
    pub fn get(&self, normalised: &str) -> Option<Entry> {
        let bytes = crate::fsio::read_capped(&self.path_for(normalised), MAX_ENTRY_BYTES)
            .ok()?
            .ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.schema == ENTRY_SCHEMA && entry.url == normalised).then_some(entry)
    }

    /// Writes the entry atomically: a reader (or a fetch killed mid-write) sees the old
    /// entry or the new one.
    pub fn put(&self, entry: &Entry) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let bytes = serde_json::to_vec(entry).expect("plain data serializes");
        crate::fsio::write_atomic(&self.path_for(&entry.url), &bytes)
    }

    /// Temporaries left by a fetch that was killed while writing.
    pub fn tidy(&self) {
        crate::fsio::remove_dead_temporaries(&self.dir);
    }
}

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    timestamp(secs)
}

fn timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_795_910_400 + 3661), "2026-11-29T01:01:01Z");
    }

    #[test]
    fn an_entry_round_trips_and_damage_is_a_miss() {
        let d = tempfile::tempdir().unwrap();
        let cache = Cache::in_data_dir(d.path());
        let mut e = Entry::new("https://x.org/a");
        e.text = Some("story".into());
        cache.put(&e).unwrap();
        assert_eq!(cache.get("https://x.org/a"), Some(e.clone()));
        std::fs::write(cache.path_for("https://x.org/a"), b"{\"schema\":1,\"url\"").unwrap();
        assert_eq!(cache.get("https://x.org/a"), None);
        assert_eq!(cache.get("https://x.org/never"), None);
    }

    #[test]
    fn an_entry_under_another_url_is_a_miss() {
        let d = tempfile::tempdir().unwrap();
        let cache = Cache::in_data_dir(d.path());
        let e = Entry::new("https://x.org/a");
        cache.put(&e).unwrap();
        std::fs::rename(
            cache.path_for("https://x.org/a"),
            cache.path_for("https://x.org/b"),
        )
        .unwrap();
        assert_eq!(cache.get("https://x.org/b"), None);
    }
}
