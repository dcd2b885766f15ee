//! A cache file written part by part as its parts are made: a report of a large brief's
//! claims writes each claim's assessment to the cache as it is made, and never holds the
//! encoded assessment (26 MB for 50,000 claims) in memory.
//!
//! The layout is [`Cache::save_parts`]'s: header, the body's parts, a table of their
//! lengths, their count, and the body's hash. The file is written unnamed (`O_TMPFILE`), and
//! named only once whole, then renamed over the cache file: a reader never sees half a file,
//! and a run killed while it writes (Ctrl-C in a `check` of a large brief, which writes for
//! its whole length) leaves nothing behind. Where the file system cannot make unnamed files,
//! a named temporary is written instead, removed when the writer gives up, and by the next
//! save when its process died.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Cache, Hashing, Header, Key, Kind, MAGIC, PIECE};

/// A cache file being written.
pub struct Entry {
    tmp: PathBuf,
    /// Whether the file under way is unnamed (nothing to remove if it is given up).
    unnamed: bool,
    file: PathBuf,
    body: Option<Hashing<std::io::BufWriter<std::fs::File>>>,
    /// The lengths of the parts ended so far.
    lens: Vec<u64>,
    /// Where in the body the part under way started.
    started: u64,
}

impl Cache {
    /// Starts the file for `brief` under `key`: the header is written, the parts are to
    /// follow ([`Entry::part`], or [`Entry::write`] between [`Entry::end_part`]s).
    pub fn entry(&self, kind: Kind, brief: &Path, key: &Key) -> std::io::Result<Entry> {
        std::fs::create_dir_all(&self.dir)?;
        crate::fsio::remove_dead_temporaries(&self.dir);
        let file = self.file_for(kind, brief);
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        // The temporary is named as `fsio::write_atomic` names its own, so that
        // `remove_dead_temporaries` knows it.
        let tmp = self.dir.join(format!(".{name}.tmp.{}", std::process::id()));
        let (out, unnamed) = match unnamed_file_in(&self.dir) {
            Ok(f) => (f, true),
            Err(_) => (std::fs::File::create(&tmp)?, false),
        };
        let mut entry = Entry {
            tmp,
            unnamed,
            file,
            body: None,
            lens: Vec::new(),
            started: 0,
        };
        let mut out = std::io::BufWriter::with_capacity(PIECE, out);
        out.write_all(MAGIC)?;
        let header = postcard::to_stdvec(&Header::new(kind, *key)).expect("plain data");
        out.write_all(&header)?;
        entry.body = Some(Hashing::new(out));
        Ok(entry)
    }
}

impl Entry {
    fn body(&mut self) -> &mut Hashing<std::io::BufWriter<std::fs::File>> {
        self.body
            .as_mut()
            .expect("an entry's body is there until it is finished")
    }

    /// Writes bytes of the part under way.
    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.body().write_all(bytes)
    }

    /// Ends the part under way: what was written since the last part ended.
    pub fn end_part(&mut self) {
        let written = self.body().written;
        self.lens.push(written - self.started);
        self.started = written;
    }

    /// Writes a whole part.
    pub fn part(&mut self, write: super::PartWriter) -> std::io::Result<()> {
        write(self.body())?;
        self.end_part();
        Ok(())
    }

    /// Ends the file (its table of part lengths, their count, the hash), puts it in place
    /// of the cache's file, and holds the cache under its cap.
    pub fn finish(mut self, cache: &Cache) -> std::io::Result<()> {
        let body = self.body.take().expect("an entry is finished once");
        let lens = std::mem::take(&mut self.lens);
        let ended = (|| {
            let mut body = body;
            for l in &lens {
                body.write_all(&l.to_le_bytes())?;
            }
            body.write_all(&(lens.len() as u64).to_le_bytes())?;
            let (mut out, hash) = body.finish()?;
            out.write_all(&hash.to_le_bytes())?;
            let file = out.into_inner().map_err(|e| e.into_error())?;
            if self.unnamed {
                name_unnamed(&file, &self.tmp)?;
            }
            std::fs::rename(&self.tmp, &self.file)
        })();
        if ended.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        ended?;
        cache.evict(&self.file);
        Ok(())
    }
}

impl Drop for Entry {
    /// A file left unfinished (an error, or a writer that gave up) is removed; a finished
    /// one was renamed already.
    fn drop(&mut self) {
        if self.body.is_some() {
            self.body = None;
            if !self.unnamed {
                let _ = std::fs::remove_file(&self.tmp);
            }
        }
    }
}

/// A file with no name in `dir`, gone with its last descriptor unless named
/// ([`name_unnamed`]).
fn unnamed_file_in(dir: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .mode(0o644)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
}

/// Gives the unnamed `file` the name `path` (which must not exist), through its entry in
/// `/proc/self/fd` (`linkat` with `AT_EMPTY_PATH` would need a privilege).
fn name_unnamed(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let from = std::ffi::CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = std::ffi::CString::new(path.as_os_str().as_bytes())?;
    // A temporary of an earlier run of this process id, if any, is in the way.
    let _ = std::fs::remove_file(path);
    // SAFETY: two NUL-terminated paths that outlive the call; no memory of ours is written.
    let linked = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if linked == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
