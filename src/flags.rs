//! The analyst's own verdicts and notes, kept apart from the brief: one RON file per brief
//! in the user's data directory.
//!
//! Saves are atomic (temp file, fsync, rename) and keep the previous version as `.bak`. Two
//! instances on one brief do not lose each other's work: a save takes a lock, re-reads the
//! file, and writes back what is on disk plus only the entries this instance changed (the
//! newer edit wins where both changed one). Flags whose claim is gone stay in the file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The analyst's verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    Weak,
    Disputed,
    Verified,
    NeedsSource,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Weak => "weak",
            Mark::Disputed => "disputed",
            Mark::Verified => "verified",
            Mark::NeedsSource => "needs source",
        }
    }

    /// The order `f` cycles through: none, then each mark, then none again.
    pub fn cycle(current: Option<Mark>) -> Option<Mark> {
        match current {
            None => Some(Mark::Weak),
            Some(Mark::Weak) => Some(Mark::Disputed),
            Some(Mark::Disputed) => Some(Mark::Verified),
            Some(Mark::Verified) => Some(Mark::NeedsSource),
            Some(Mark::NeedsSource) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Milliseconds since the Unix epoch of the last edit: the newer edit wins a merge.
    pub updated: u64,
}

impl Flag {
    pub fn is_empty(&self) -> bool {
        self.mark.is_none() && self.note.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagFile {
    schema: u32,
    brief: String,
    /// By claim id. Cleared flags stay as empty entries so a merge knows they were cleared.
    flags: BTreeMap<String, Flag>,
}

#[derive(Debug, thiserror::Error)]
pub enum FlagError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{col}: {message} (the file is left as it is; fix or move it)")]
    Syntax {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("no data directory: set --data-dir or BRIEFBENCH_DATA_DIR")]
    NoDataDir,
}

/// The flags of one brief, in memory and on disk.
#[derive(Debug)]
pub struct Flags {
    path: PathBuf,
    file: FlagFile,
    /// Claim ids changed here since the last save: what a save writes over the disk's copy.
    touched: BTreeSet<String>,
}

/// The default data directory: the platform's data dir for briefbench.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "briefbench").map(|d| d.data_dir().to_path_buf())
}

/// A file name safe on any file system, from a brief id that may hold anything.
fn file_stem(brief_id: &str) -> String {
    let s: String = brief_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if s.is_empty() { "brief".into() } else { s }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Flags {
    /// Opens the flags of `brief_id` under `data_dir`; a missing file is an empty set.
    pub fn open(data_dir: &Path, brief_id: &str) -> Result<Flags, FlagError> {
        let path = data_dir
            .join("flags")
            .join(format!("{}.flags.ron", file_stem(brief_id)));
        let file = read(&path)?.unwrap_or_else(|| FlagFile {
            schema: 1,
            brief: brief_id.to_string(),
            flags: BTreeMap::new(),
        });
        Ok(Flags {
            path,
            file,
            touched: BTreeSet::new(),
        })
    }

    /// Flags held in memory only, for when no data directory can be had.
    pub fn in_memory(brief_id: &str) -> Flags {
        Flags {
            path: PathBuf::new(),
            file: FlagFile {
                schema: 1,
                brief: brief_id.to_string(),
                flags: BTreeMap::new(),
            },
            touched: BTreeSet::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, claim_id: &str) -> Option<&Flag> {
        self.file.flags.get(claim_id).filter(|f| !f.is_empty())
    }

    /// Every flag that is set, by claim id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Flag)> {
        self.file
            .flags
            .iter()
            .filter(|(_, f)| !f.is_empty())
            .map(|(k, v)| (k.as_str(), v))
    }

    /// Flags whose claim is not among `ids`: kept, and shown as orphans.
    pub fn orphans<'a>(
        &'a self,
        exists: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (&'a str, &'a Flag)> {
        self.iter().filter(move |(id, _)| !exists(id))
    }

    pub fn set_mark(&mut self, claim_id: &str, mark: Option<Mark>) {
        self.edit(claim_id, |f| f.mark = mark);
    }

    pub fn set_note(&mut self, claim_id: &str, note: &str) {
        self.edit(claim_id, |f| f.note = note.trim_end().to_string());
    }

    fn edit(&mut self, claim_id: &str, change: impl FnOnce(&mut Flag)) {
        let flag = self.file.flags.entry(claim_id.to_string()).or_default();
        change(flag);
        flag.updated = now_ms().max(flag.updated + 1);
        self.touched.insert(claim_id.to_string());
    }

    /// Whether there are edits not yet on disk.
    pub fn unsaved(&self) -> bool {
        !self.touched.is_empty()
    }

    /// The entries changed since the last save, as RON in the flags file's own layout, so
    /// they can be pasted into it: what is printed when they cannot be saved.
    pub fn unsaved_ron(&self) -> String {
        let entries: BTreeMap<&str, &Flag> = self
            .touched
            .iter()
            .filter_map(|id| self.file.flags.get(id).map(|f| (id.as_str(), f)))
            .collect();
        let text = ron::ser::to_string_pretty(&entries, ron::ser::PrettyConfig::new())
            .expect("flags always serialize");
        crate::sanitize::sanitize_multiline(&text).into_owned()
    }

    /// Merges with the file on disk and writes atomically. On failure the edits stay in
    /// memory, still marked unsaved, for the next try.
    pub fn save(&mut self) -> Result<(), FlagError> {
        if self.path.as_os_str().is_empty() {
            return Err(FlagError::NoDataDir);
        }
        let io = |source| FlagError::Io {
            path: self.path.display().to_string(),
            source,
        };
        let dir = self
            .path
            .parent()
            .expect("flags live in a directory")
            .to_path_buf();
        fs::create_dir_all(&dir).map_err(io)?;
        let lock_path = self.path.with_extension("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io)?;
        lock.lock().map_err(io)?;

        let mut merged = read(&self.path)?.unwrap_or_else(|| self.file.clone());
        for id in &self.touched {
            let ours = &self.file.flags[id];
            match merged.flags.get(id) {
                Some(theirs) if theirs.updated > ours.updated => {}
                _ => {
                    merged.flags.insert(id.clone(), ours.clone());
                }
            }
        }
        merged.schema = 1;
        merged.brief.clone_from(&self.file.brief);
        let text = ron::ser::to_string_pretty(&merged, ron::ser::PrettyConfig::new())
            .expect("flags always serialize");

        remove_leftovers(&self.path);
        if self.path.exists() {
            fs::copy(&self.path, self.path.with_extension("ron.bak")).map_err(io)?;
        }
        let tmp = self
            .path
            .with_extension(format!("tmp.{}", std::process::id()));
        let written = (|| {
            let mut f = File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, &self.path)?;
            File::open(&dir)?.sync_all()
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io(e));
        }
        drop(lock);
        self.file = merged;
        self.touched.clear();
        Ok(())
    }
}

/// Removes the temporary files of saves that were killed before their rename. Called under
/// the lock, so no other save is writing one.
fn remove_leftovers(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) else {
        return;
    };
    let prefix = format!("{}.tmp.", stem.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn read(path: &Path) -> Result<Option<FlagFile>, FlagError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        // A path through a file is no file either; the save will say what is wrong.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(source) => {
            return Err(FlagError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    ron::from_str(&text)
        .map(Some)
        .map_err(|e| FlagError::Syntax {
            path: path.display().to_string(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_reload_round_trip_with_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Flags::open(dir.path(), "brief/1").unwrap();
        f.set_mark("a.1", Some(Mark::Disputed));
        f.set_note("a.1", "source 5 never says MTIA  ");
        f.save().unwrap();
        assert!(!f.unsaved());
        f.set_mark("a.2", Some(Mark::Verified));
        f.save().unwrap();
        let back = Flags::open(dir.path(), "brief/1").unwrap();
        assert_eq!(back.get("a.1").unwrap().mark, Some(Mark::Disputed));
        assert_eq!(back.get("a.1").unwrap().note, "source 5 never says MTIA");
        assert_eq!(back.get("a.2").unwrap().mark, Some(Mark::Verified));
        let bak = fs::read_to_string(back.path().with_extension("ron.bak")).unwrap();
        assert!(
            bak.contains("a.1") && !bak.contains("a.2"),
            "backup holds the previous version"
        );
        assert!(
            back.path()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("brief_1")
        );
    }

    #[test]
    fn two_instances_keep_each_others_flags() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Flags::open(dir.path(), "b").unwrap();
        let mut b = Flags::open(dir.path(), "b").unwrap();
        a.set_mark("x.1", Some(Mark::Weak));
        b.set_mark("x.2", Some(Mark::Verified));
        a.save().unwrap();
        b.save().unwrap();
        a.set_note("x.3", "later");
        a.save().unwrap();
        let c = Flags::open(dir.path(), "b").unwrap();
        assert_eq!(c.get("x.1").unwrap().mark, Some(Mark::Weak));
        assert_eq!(c.get("x.2").unwrap().mark, Some(Mark::Verified));
        assert_eq!(c.get("x.3").unwrap().note, "later");
    }

    #[test]
    fn orphans_are_kept_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Flags::open(dir.path(), "b").unwrap();
        a.set_mark("gone.9", Some(Mark::Weak));
        a.set_mark("here.1", Some(Mark::Weak));
        a.save().unwrap();
        let mut b = Flags::open(dir.path(), "b").unwrap();
        let orphans: Vec<_> = b
            .orphans(|id| id == "here.1")
            .map(|(id, _)| id.to_string())
            .collect();
        assert_eq!(orphans, vec!["gone.9"]);
        b.set_note("here.1", "n");
        b.save().unwrap();
        assert!(
            Flags::open(dir.path(), "b")
                .unwrap()
                .get("gone.9")
                .is_some()
        );
    }

    #[test]
    fn a_broken_file_is_reported_with_position_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let f = Flags::open(dir.path(), "b").unwrap();
        fs::create_dir_all(f.path().parent().unwrap()).unwrap();
        fs::write(f.path(), "(schema: 1, brief: \"b\", flgs: {})").unwrap();
        let err = Flags::open(dir.path(), "b").unwrap_err().to_string();
        assert!(err.contains(":1:"), "{err}");
        assert_eq!(
            fs::read_to_string(f.path()).unwrap(),
            "(schema: 1, brief: \"b\", flgs: {})"
        );
    }

    #[test]
    fn a_failed_save_keeps_edits_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "").unwrap();
        // The data dir is a file: no directory can be made under it.
        let mut f = Flags::open(&blocker, "b").unwrap();
        f.set_mark("x.1", Some(Mark::Weak));
        assert!(f.save().is_err());
        assert!(f.unsaved());
        assert_eq!(f.get("x.1").unwrap().mark, Some(Mark::Weak));
    }

    #[test]
    fn mark_cycle_returns_to_none() {
        let mut m = None;
        let mut seen = vec![];
        for _ in 0..5 {
            m = Mark::cycle(m);
            seen.push(m);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen.iter().filter(|m| m.is_some()).count(), 4);
    }
}
