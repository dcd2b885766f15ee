//! The analyst's own verdicts and notes, kept apart from the brief: one RON file per brief
//! identity ([`key`]) in the user's data directory.
//!
//! Saves are atomic (temp file, fsync, rename) and keep the previous version as `.bak`. Two
//! instances on one brief do not lose each other's work: a save takes a lock, re-reads the
//! file, and writes back what is on disk plus only the fields this instance changed
//! ([`merge`]: a mark and a note are merged apart). Flags whose claim is gone stay in the file.

pub mod key;
pub mod merge;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub use key::BriefKey;
use merge::Field;

/// A flags file larger than this is no flags file (a note is capped at 4,000 bytes; a
/// brief of 50,000 claims each flagged and noted stays under it).
const MAX_FLAGS_BYTES: u64 = 256 * 1024 * 1024;

/// The analyst's verdict on a claim. Written in the flags file as the variant
/// (`NeedsSource`, as files have always held it); its code for scripts (JSON, CSV,
/// `briefbench flag --mark`) is kebab-case like every other code, `needs-source`.
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
    strum::EnumMessage,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Mark {
    Weak,
    Disputed,
    Verified,
    #[strum(message = "needs source")]
    NeedsSource,
}

impl Mark {
    /// The code scripts read: `weak`, `needs-source`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// As the analyst reads it: the code, or the words where a code joins them.
    pub fn label(self) -> &'static str {
        strum::EnumMessage::get_message(&self).unwrap_or(self.code())
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
    /// Milliseconds since the Unix epoch of the last edit of either field (for reading; a
    /// merge goes by the two times below).
    #[serde(default)]
    pub updated: u64,
    /// When the mark was last set (files written before per-field times have only
    /// `updated`, which stands in for both).
    #[serde(default)]
    pub mark_at: u64,
    /// When the note was last set.
    #[serde(default)]
    pub note_at: u64,
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
    /// The id of the brief these flags belong to: checked on open, so a file never serves
    /// another brief.
    brief: String,
    /// The canonical path of the brief's file, checked the same way (none for the embedded
    /// brief, and in files written before briefs were told apart by path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// By claim id. Cleared flags stay as empty entries so a merge knows they were cleared.
    flags: BTreeMap<String, Flag>,
}

impl FlagFile {
    fn empty(key: &BriefKey) -> FlagFile {
        FlagFile {
            schema: 1,
            brief: key.id.clone(),
            path: key.path_text(),
            flags: BTreeMap::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FlagError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} (the file is left as it is; fix or move it)")]
    Syntax(crate::ron_error::RonError),
    #[error(
        "{path}:1:1: holds the flags of brief {found}, not of {wanted} (the file is left as it is; move it)"
    )]
    OtherBrief {
        path: String,
        found: String,
        wanted: String,
    },
    #[error("{path}: over the limit of {limit} bytes for a flags file (the file is left as it is)")]
    TooLarge { path: String, limit: u64 },
    #[error("no data directory: set --data-dir or BRIEFBENCH_DATA_DIR")]
    NoDataDir,
    /// Another process held the save lock past [`LOCK_PATIENCE`]: the edits stay in
    /// memory, unsaved, and the next save tries again.
    #[error("{path}: waiting for another briefbench to finish saving")]
    Busy { path: String },
}

/// How long a save waits for another process's save lock before giving up for now (the
/// workbench must not freeze behind a process that holds it, `flock … sleep 45`).
pub const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// The flags of one brief, in memory and on disk.
#[derive(Debug)]
pub struct Flags {
    path: PathBuf,
    key: BriefKey,
    file: FlagFile,
    /// The flags as this instance last read or wrote them: what a merge compares the disk
    /// with to see what another writer changed.
    base: BTreeMap<String, Flag>,
    /// Fields changed here since the last save: what a save writes over the disk's copy.
    touched: BTreeSet<(String, Field)>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Flags {
    /// Opens the flags of a brief with no file of its own (the embedded one), by its id.
    pub fn open(data_dir: &Path, brief_id: &str) -> Result<Flags, FlagError> {
        Flags::open_key(data_dir, &BriefKey::id_only(brief_id))
    }

    /// Opens the flags of the brief `key` names; a missing file is an empty set, unless the
    /// flags of the same id were kept under the name used before briefs were told apart by
    /// path: those are copied to this brief's own file (and left where they were).
    pub fn open_key(data_dir: &Path, key: &BriefKey) -> Result<Flags, FlagError> {
        let dir = data_dir.join("flags");
        let path = dir.join(key.file_name());
        let file = match read(&path, key)? {
            Some(f) => f,
            None => migrate(&dir, &path, key)?.unwrap_or_else(|| FlagFile::empty(key)),
        };
        Ok(Flags {
            path,
            key: key.clone(),
            base: file.flags.clone(),
            file,
            touched: BTreeSet::new(),
        })
    }

    /// Flags held in memory only, for when no data directory can be had.
    pub fn in_memory(brief_id: &str) -> Flags {
        let key = BriefKey::id_only(brief_id);
        Flags {
            path: PathBuf::new(),
            file: FlagFile::empty(&key),
            key,
            base: BTreeMap::new(),
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
        self.edit(claim_id, Field::Mark, |f, now| {
            f.mark = mark;
            f.mark_at = now;
        });
    }

    pub fn set_note(&mut self, claim_id: &str, note: &str) {
        self.edit(claim_id, Field::Note, |f, now| {
            f.note = note.trim_end().to_string();
            f.note_at = now;
        });
    }

    fn edit(&mut self, claim_id: &str, field: Field, change: impl FnOnce(&mut Flag, u64)) {
        let flag = self.file.flags.entry(claim_id.to_string()).or_default();
        // A real time, never derived from the file's (which may hold anything): the merge
        // compares times only when two writers changed one field.
        let now = now_ms();
        change(flag, now);
        flag.updated = now;
        self.touched.insert((claim_id.to_string(), field));
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
            .filter_map(|(id, _)| self.file.flags.get(id).map(|f| (id.as_str(), f)))
            .collect();
        // Raw: what reaches a terminal is sanitized where it is printed, not here.
        ron::ser::to_string_pretty(&entries, ron::ser::PrettyConfig::new())
            .expect("flags always serialize")
    }

    /// Merges with the file on disk and writes atomically. On failure the edits stay in
    /// memory, still marked unsaved, for the next try.
    pub fn save(&mut self) -> Result<(), FlagError> {
        let saved = self.save_request().run(LOCK_PATIENCE)?;
        self.saved(saved);
        Ok(())
    }

    /// What a save needs, taken apart from these flags so that another thread can run it
    /// (the workbench saves off its UI thread, [`SaveRequest::run`]) while edits go on here.
    pub fn save_request(&self) -> SaveRequest {
        SaveRequest {
            path: self.path.clone(),
            key: self.key.clone(),
            base: self.base.clone(),
            ours: self.file.clone(),
            touched: BTreeSet::new(),
            sent: BTreeMap::new(),
        }
        .with_touched(self.touched.clone())
    }

    /// Takes in a save that a [`SaveRequest`] made: what is on disk now becomes the base;
    /// the fields it wrote are saved, unless edited again here since the request was taken
    /// (those stay unsaved, with their newer value, for the next save).
    pub fn saved(&mut self, saved: Saved) {
        let Saved { file: merged, sent } = saved;
        let empty = Flag::default();
        let mut file = merged.clone();
        let mut still = BTreeSet::new();
        for (id, field) in std::mem::take(&mut self.touched) {
            let here = self.file.flags.get(&id).unwrap_or(&empty);
            let was_sent = sent
                .get(&(id.clone(), field))
                .is_some_and(|at_request| merge::same(here, at_request, field));
            if !was_sent {
                let entry = file.flags.entry(id.clone()).or_default();
                merge::copy_field(here, entry, field);
                entry.updated = entry.mark_at.max(entry.note_at);
                still.insert((id, field));
            }
        }
        self.base = merged.flags;
        self.file = file;
        self.touched = still;
    }
}

/// A save of the flags, runnable on any thread: the lock, the re-read, the merge, the
/// atomic write. Made by [`Flags::save_request`]; its [`Saved`] goes back to
/// [`Flags::saved`].
#[derive(Debug, Clone)]
pub struct SaveRequest {
    path: PathBuf,
    key: BriefKey,
    base: BTreeMap<String, Flag>,
    ours: FlagFile,
    touched: BTreeSet<(String, Field)>,
    /// Each touched field's flag as it was when the request was taken.
    sent: BTreeMap<(String, Field), Flag>,
}

/// What a save wrote: the file as merged, and the fields it wrote with their values.
#[derive(Debug, Clone)]
pub struct Saved {
    file: FlagFile,
    sent: BTreeMap<(String, Field), Flag>,
}

impl SaveRequest {
    fn with_touched(mut self, touched: BTreeSet<(String, Field)>) -> SaveRequest {
        self.sent = touched
            .iter()
            .map(|k| {
                (
                    k.clone(),
                    self.ours.flags.get(&k.0).cloned().unwrap_or_default(),
                )
            })
            .collect();
        self.touched = touched;
        self
    }

    /// Whether it has anything to write.
    pub fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// Takes the lock (waiting at most `patience` for another process to let it go: then
    /// [`FlagError::Busy`], nothing written), merges with the file on disk and writes.
    pub fn run(&self, patience: std::time::Duration) -> Result<Saved, FlagError> {
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
        let Some(lock) = lock_within(&self.path, patience).map_err(io)? else {
            return Err(FlagError::Busy {
                path: self.path.display().to_string(),
            });
        };

        // A file gone from disk (deleted by hand) is rebuilt from everything held here.
        let mut merged = read(&self.path, &self.key)?.unwrap_or_else(|| self.ours.clone());
        merge::merge(
            &mut merged.flags,
            &self.base,
            &self.ours.flags,
            &self.touched,
            now_ms(),
        );
        merged.schema = 1;
        merged.brief.clone_from(&self.key.id);
        merged.path = self.key.path_text();
        write(&self.path, &merged).map_err(io)?;
        drop(lock);
        Ok(Saved {
            file: merged,
            sent: self.sent.clone(),
        })
    }
}

/// The save lock: held while it lives. Dropping it removes the lock file, then releases
/// the lock, so no `.lock` file is left behind once the save is done.
struct Lock {
    path: PathBuf,
    // Closed (and so unlocked) after `drop` below has removed the file.
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Safe while held: a save waiting on this file finds, once it gets the lock, that
        // the path no longer names the file it locked, and starts over (see `lock`).
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the save lock beside `path`, blocking until no other save holds it.
fn lock(path: &Path) -> std::io::Result<Lock> {
    take_lock(path, None).map(|l| l.expect("a lock without a deadline is always taken"))
}

/// Takes the save lock beside `path`, trying for at most `patience`: `None` when another
/// process still holds it then.
fn lock_within(path: &Path, patience: std::time::Duration) -> std::io::Result<Option<Lock>> {
    take_lock(path, Some(std::time::Instant::now() + patience))
}

fn take_lock(path: &Path, deadline: Option<std::time::Instant>) -> std::io::Result<Option<Lock>> {
    use std::os::unix::fs::MetadataExt;
    let path = path.with_extension("lock");
    loop {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match deadline {
            None => file.lock()?,
            Some(deadline) => loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(fs::TryLockError::WouldBlock) => {
                        if std::time::Instant::now() >= deadline {
                            return Ok(None);
                        }
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    Err(fs::TryLockError::Error(e)) => return Err(e),
                }
            },
        }
        // The holder before us removed the file we waited on: locking it proves nothing,
        // since a third save may hold the new file at `path`. Only the file the path names
        // now is the lock.
        let held = file.metadata()?;
        match fs::metadata(&path) {
            Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => {
                return Ok(Some(Lock { path, _file: file }));
            }
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Writes the file atomically, keeping the previous version as `.bak`. Called under the lock.
fn write(path: &Path, file: &FlagFile) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(file, ron::ser::PrettyConfig::new())
        .expect("flags always serialize");
    remove_leftovers(path);
    if path.exists() {
        fs::copy(path, path.with_extension("ron.bak"))?;
    }
    crate::fsio::write_atomic(path, text.as_bytes())
}

/// Copies the flags of `key`'s id from the file every brief of that id shared before briefs
/// were told apart by path. The old file stays, so no brief that used it loses its flags.
fn migrate(dir: &Path, path: &Path, key: &BriefKey) -> Result<Option<FlagFile>, FlagError> {
    if key.path.is_none() {
        return Ok(None);
    }
    let legacy = dir.join(key::legacy_file_name(&key.id));
    let Some(mut old) = read(&legacy, &BriefKey::id_only(&key.id))? else {
        return Ok(None);
    };
    old.path = key.path_text();
    let io = |source| FlagError::Io {
        path: path.display().to_string(),
        source,
    };
    let lock = lock(path).map_err(io)?;
    // Another instance may have migrated (and edited) while this one waited for the lock.
    if let Some(now) = read(path, key)? {
        return Ok(Some(now));
    }
    write(path, &old).map_err(io)?;
    drop(lock);
    Ok(Some(old))
}

/// Removes the temporary files of saves that were killed before their rename (named by
/// [`crate::fsio::write_atomic`], or `NAME.flags.tmp.PID` by earlier versions). Called under
/// the lock, so no other save is writing one.
fn remove_leftovers(path: &Path) {
    let (Some(dir), Some(name), Some(stem)) = (path.parent(), path.file_name(), path.file_stem())
    else {
        return;
    };
    let prefixes = [
        format!(".{}.tmp.", name.to_string_lossy()),
        format!("{}.tmp.", stem.to_string_lossy()),
    ];
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Reads the flags file at `path` for the brief `key`: `None` when there is none; an error,
/// never a guess, when it cannot be read, is not flags, or belongs to another brief.
fn read(path: &Path, key: &BriefKey) -> Result<Option<FlagFile>, FlagError> {
    let name = || path.display().to_string();
    let bytes = match crate::fsio::read_capped(path, MAX_FLAGS_BYTES) {
        Ok(Ok(b)) => b,
        Ok(Err(too_large)) => {
            return Err(FlagError::TooLarge {
                path: name(),
                limit: too_large.limit,
            });
        }
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
                path: name(),
                source,
            });
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut file: FlagFile = ron::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| FlagError::Syntax(crate::ron_error::RonError::new(name(), &e)))?;
    if file.brief != key.id || file.path != key.path_text() {
        let describe = |id: &str, p: &Option<String>| match p {
            Some(p) => format!("{id:?} at {p}"),
            None => format!("{id:?}"),
        };
        return Err(FlagError::OtherBrief {
            path: name(),
            found: describe(&file.brief, &file.path),
            wanted: describe(&key.id, &key.path_text()),
        });
    }
    for flag in file.flags.values_mut() {
        // Written before per-field times: the entry's one time stands for both fields.
        if flag.mark_at == 0 && flag.note_at == 0 {
            flag.mark_at = flag.updated;
            flag.note_at = flag.updated;
        }
    }
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A save run on another thread while edits go on: what it wrote is saved, what was
    /// edited since stays unsaved with its newer value, and the next save writes that.
    #[test]
    fn a_save_taken_in_while_edits_went_on_keeps_the_newer_edits_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let mut flags = Flags::open(dir.path(), "b").unwrap();
        flags.set_mark("c1", Some(Mark::Weak));
        flags.set_note("c2", "first");
        let request = flags.save_request();
        // Edited after the request was taken, before its result came back.
        flags.set_note("c2", "second");
        flags.set_mark("c3", Some(Mark::Verified));
        let saved = std::thread::spawn(move || request.run(LOCK_PATIENCE))
            .join()
            .unwrap()
            .unwrap();
        flags.saved(saved);
        assert!(flags.unsaved(), "the later edits are not on disk yet");
        assert_eq!(
            flags.get("c2").unwrap().note,
            "second",
            "the newer value kept"
        );
        assert_eq!(flags.get("c1").unwrap().mark, Some(Mark::Weak));
        let disk = Flags::open(dir.path(), "b").unwrap();
        assert_eq!(disk.get("c2").unwrap().note, "first");
        assert!(disk.get("c3").is_none());
        flags.save().unwrap();
        assert!(!flags.unsaved());
        let disk = Flags::open(dir.path(), "b").unwrap();
        assert_eq!(disk.get("c2").unwrap().note, "second");
        assert_eq!(disk.get("c3").unwrap().mark, Some(Mark::Verified));
        assert_eq!(disk.get("c1").unwrap().mark, Some(Mark::Weak));
    }

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
    fn saves_leave_no_lock_file_and_concurrent_saves_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // Eight instances saving at once, each its own claims: the lock file each removes
        // must not let two of them write together, or one's flags would be lost.
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let mut f = Flags::open(&dir, "b").unwrap();
                    for i in 0..10 {
                        f.set_mark(&format!("c{t}.{i}"), Some(Mark::Weak));
                        f.save().unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let all = Flags::open(dir.path(), "b").unwrap();
        assert_eq!(all.iter().count(), 80);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".lock"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
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
    fn a_save_behind_another_process_s_lock_gives_up_and_keeps_the_edit() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Flags::open(dir.path(), "b").unwrap();
        fs::create_dir_all(f.path().parent().unwrap()).unwrap();
        // Another holder of the save lock (flock conflicts between open files, as between
        // processes), which does not let go.
        let held = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(f.path().with_extension("lock"))
            .unwrap();
        held.lock().unwrap();
        f.set_mark("s.1", Some(Mark::Disputed));
        // The save returns (a bound on a hang, not a measure of speed), saying why.
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = std::thread::spawn(move || {
            let r = f.save();
            tx.send(()).unwrap();
            (f, r)
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("the save gave up on the lock");
        let (mut f, r) = waiting.join().unwrap();
        let e = r.unwrap_err();
        assert!(matches!(e, FlagError::Busy { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("waiting for another briefbench to finish saving"),
            "{e}"
        );
        // The edit is kept, unsaved, and nothing was written.
        assert!(f.unsaved());
        assert_eq!(f.get("s.1").unwrap().mark, Some(Mark::Disputed));
        assert!(!f.path().exists());
        // Once the other process lets go, the next save writes it.
        drop(held);
        f.save().unwrap();
        assert!(!f.unsaved());
        let back = Flags::open(dir.path(), "b").unwrap();
        assert_eq!(back.get("s.1").unwrap().mark, Some(Mark::Disputed));
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
    fn unsaved_flags_are_given_as_the_ron_they_are_to_paste_back() {
        let mut f = Flags::in_memory("b");
        let note = "see \u{202e}txt.exe and \u{2028} here";
        f.set_note("c.1", note);
        f.set_mark("c.1", Some(Mark::NeedsSource));
        let back: BTreeMap<String, Flag> = ron::from_str(&f.unsaved_ron()).unwrap();
        assert_eq!(
            back["c.1"].note, note,
            "the note itself, not a display of it"
        );
        assert_eq!(back["c.1"].mark, Some(Mark::NeedsSource));
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
