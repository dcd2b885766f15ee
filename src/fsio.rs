//! The two file operations every output and every input needs: a read that stops at a cap
//! whatever the file claims to be (a FIFO, `/dev/zero`, a file growing as it is read), and
//! a write that leaves the old file or the new one, never a part or an empty file.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A read refused at its cap.
#[derive(Debug, thiserror::Error)]
#[error("over the limit of {limit} bytes")]
pub struct TooLarge {
    pub limit: u64,
}

/// Reads the whole file, refusing it once more than `cap` bytes have come. `metadata().len()`
/// is only a hint: devices and pipes report 0, so the cap is enforced on the bytes read.
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Result<Vec<u8>, TooLarge>> {
    let file = open_for_reading(path)?;
    let hint = file.metadata().map_or(0, |m| m.len());
    if hint > cap {
        return Ok(Err(TooLarge { limit: cap }));
    }
    let read = read_capped_from(file, cap, hint)?;
    if let Ok(bytes) = &read {
        note_read(path, bytes);
    }
    Ok(read)
}

/// What [`witness`] saw read of its file: the length and hash of the bytes read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub len: u64,
    pub hash: u64,
}

struct Watch {
    path: PathBuf,
    hash: fn(&[u8]) -> u64,
    seen: Option<Seen>,
    /// Read twice, with different bytes.
    torn: bool,
}

thread_local! {
    static WATCH: std::cell::RefCell<Option<Watch>> = const { std::cell::RefCell::new(None) };
}

/// Runs `load` and says what it read of `path` through [`read_capped`]: the length and the
/// `hash` of those very bytes. A result made from them can then be filed under them,
/// whatever the file holds before or after (an editor saving the brief meanwhile); hashing
/// the file again instead would read other bytes than were parsed. `None` when `load` read
/// the file not at all, or more than once with different bytes.
pub fn witness<R>(
    path: &Path,
    hash: fn(&[u8]) -> u64,
    load: impl FnOnce() -> R,
) -> (R, Option<Seen>) {
    let watch = Watch {
        path: path.to_path_buf(),
        hash,
        seen: None,
        torn: false,
    };
    let outer = WATCH.with(|w| w.borrow_mut().replace(watch));
    let result = load();
    let watch = WATCH.with(|w| std::mem::replace(&mut *w.borrow_mut(), outer));
    let seen = watch.filter(|w| !w.torn).and_then(|w| w.seen);
    (result, seen)
}

fn note_read(path: &Path, bytes: &[u8]) {
    WATCH.with(|w| {
        if let Some(watch) = w.borrow_mut().as_mut()
            && watch.path == path
        {
            let now = Seen {
                len: bytes.len() as u64,
                hash: (watch.hash)(bytes),
            };
            if watch.seen.is_some_and(|before| before != now) {
                watch.torn = true;
            }
            watch.seen = Some(now);
        }
    });
}

/// Reads the file a piece of at most `piece` bytes at a time, handing each to `each`, and
/// refusing it once more than `cap` bytes have come; the number of bytes read. For what
/// only needs to look at the bytes once (a hash): a 40 MB brief is never held whole.
pub fn for_each_piece(
    path: &Path,
    cap: u64,
    piece: usize,
    mut each: impl FnMut(&[u8]),
) -> io::Result<Result<u64, TooLarge>> {
    let file = open_for_reading(path)?;
    let mut reader = file.take(cap.saturating_add(1));
    let mut buf = vec![0; piece];
    let mut read = 0u64;
    loop {
        // A piece is filled before it is handed on, so the pieces do not depend on how
        // the reads happened to split the file.
        let mut filled = 0;
        while filled < piece {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        read += filled as u64;
        if read > cap {
            return Ok(Err(TooLarge { limit: cap }));
        }
        if filled == 0 {
            return Ok(Ok(read));
        }
        each(&buf[..filled]);
        if filled < piece {
            return Ok(Ok(read));
        }
    }
}

/// How long a named pipe may stay without a writer before the read gives up.
pub const PIPE_PATIENCE_MS: i32 = 5_000;

/// Opens a file to read without ever blocking in `open` itself: a named pipe that nothing
/// writes to would otherwise hang the command (or the workbench's picker) for good. A pipe
/// is given [`PIPE_PATIENCE_MS`] to have something to read or to be closed by its writer;
/// everything else reads as usual.
fn open_for_reading(path: &Path) -> io::Result<File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let fd = file.as_raw_fd();
    if file.metadata()?.file_type().is_fifo() {
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the length given; the fd lives as long as `file`.
        let ready = unsafe { libc::poll(&mut pfd, 1, PIPE_PATIENCE_MS) };
        if ready < 0 {
            return Err(io::Error::last_os_error());
        }
        if ready == 0 {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "a named pipe that nothing wrote to in {} s",
                    PIPE_PATIENCE_MS / 1000
                ),
            ));
        }
    }
    // Reads block as usual from here on: a pipe with a writer is read to its end.
    // SAFETY: fcntl on a valid fd with integer flags.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    Ok(file)
}

/// As [`read_capped`], from any reader; `hint` sizes the first allocation.
pub fn read_capped_from(
    reader: impl Read,
    cap: u64,
    hint: u64,
) -> io::Result<Result<Vec<u8>, TooLarge>> {
    let mut bytes = Vec::with_capacity(hint.min(cap) as usize);
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Ok(Err(TooLarge { limit: cap }));
    }
    Ok(Ok(bytes))
}

/// Writes `bytes` to `path` through a temporary file beside it, synced and renamed into
/// place (`tempfile`'s persist), then the directory synced so the rename itself survives a
/// crash: a reader (or a crash) sees the old content or the new, and a failed write (a full
/// disk, `ulimit -f`) leaves the old file as it was and no temporary behind. Every file
/// briefbench writes goes through here: flags, the search cache, imports and exports.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], the bytes written by `write` as they are made (never held whole).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    // `.NAME.tmp.PID.XXXXXX`: the writer's pid tells a dead writer's leftover from a live
    // one's (`remove_dead_temporaries`). Created as `File::create` would (0666 less the
    // umask), not tempfile's private 0600: the result is an ordinary file.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(
            ".{}.tmp.{}.",
            name.to_string_lossy(),
            std::process::id()
        ))
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(&dir)?;
    let mut out = io::BufWriter::new(tmp.as_file_mut());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    tmp.as_file().sync_all()?;
    // On failure the temporary comes back inside the error, and is removed as it drops.
    tmp.persist(path).map_err(|e| e.error)?;
    File::open(&dir)?.sync_all()
}

/// Removes the temporaries that [`write_atomic`] leaves in `dir` when its process dies
/// mid-write (`.NAME.tmp.PID.XXXXXX`, or `.NAME.tmp.PID` from earlier versions), for
/// processes that no longer run. A live writer's
/// temporary is left alone; errors are ignored (a cache directory tidied later).
pub fn remove_dead_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.rsplit_once(".tmp."))
            .and_then(|(_, rest)| rest.split('.').next()?.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        if pid > 0 && !alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (signal 0 checks without sending anything).
fn alive(pid: libc::pid_t) -> bool {
    // SAFETY: kill with signal 0 only asks whether `pid` exists and may be signalled.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Whether two paths name the same file (an output that would overwrite its input). A path
/// that does not exist yet is nobody's input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len_hash(bytes: &[u8]) -> u64 {
        bytes.iter().map(|&b| u64::from(b)).sum()
    }

    /// The witness says what was read of its file, and only of its file; nothing when the
    /// file was read twice with different bytes, or not at all.
    #[test]
    fn a_witness_sees_the_bytes_read_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let (a, other) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&a, b"abc").unwrap();
        fs::write(&other, b"zzzz").unwrap();
        let (_, seen) = witness(&a, len_hash, || {
            read_capped(&other, 10).unwrap().unwrap();
            read_capped(&a, 10).unwrap().unwrap()
        });
        assert_eq!(seen, Some(Seen { len: 3, hash: 294 }));
        let (_, torn) = witness(&a, len_hash, || {
            read_capped(&a, 10).unwrap().unwrap();
            fs::write(&a, b"abd").unwrap();
            read_capped(&a, 10).unwrap().unwrap()
        });
        assert_eq!(torn, None, "two reads, two contents");
        let (_, none) = witness(&a, len_hash, || ());
        assert_eq!(none, None);
        // Outside a witness, reads are not watched.
        read_capped(&a, 10).unwrap().unwrap();
    }

    #[test]
    fn a_device_that_never_ends_is_refused_at_the_cap() {
        let r = read_capped(Path::new("/dev/zero"), 1 << 20).unwrap();
        assert!(r.is_err());
    }

    #[test]
    fn a_file_at_the_cap_is_read() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f");
        fs::write(&p, vec![b'a'; 100]).unwrap();
        assert_eq!(read_capped(&p, 100).unwrap().unwrap().len(), 100);
        assert!(read_capped(&p, 99).unwrap().is_err());
    }

    #[test]
    fn an_atomic_write_replaces_and_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.md");
        fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_atomic_write_makes_an_ordinary_file_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("review.md");
        write_atomic(&p, b"x").unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask: readable by the group at least under the usual 022 or 002.
        assert_ne!(mode, 0o600, "{mode:o}");
        assert!(mode & 0o600 == 0o600, "{mode:o}");
    }

    #[test]
    fn a_killed_writer_s_temporary_is_known_by_its_pid() {
        let d = tempfile::tempdir().unwrap();
        // Our own temporary (a live pid) stays; one of a pid that cannot run goes, in the
        // naming of this version and of the last.
        let dead = i32::MAX;
        let ours = d
            .path()
            .join(format!(".a.ron.tmp.{}.Xy12Ab", std::process::id()));
        let gone = d.path().join(format!(".a.ron.tmp.{dead}.Xy12Ab"));
        let old = d.path().join(format!(".a.ron.tmp.{dead}"));
        for f in [&ours, &gone, &old] {
            fs::write(f, "half").unwrap();
        }
        remove_dead_temporaries(d.path());
        assert!(ours.exists() && !gone.exists() && !old.exists());
    }

    #[test]
    fn a_failed_atomic_write_leaves_the_old_file() {
        let d = tempfile::tempdir().unwrap();
        // The target is a directory: the rename fails after the temporary is written.
        let p = d.path().join("out");
        fs::create_dir(&p).unwrap();
        fs::write(p.join("x"), "keep").unwrap();
        assert!(write_atomic(&p, b"new").is_err());
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn same_file_sees_through_other_spellings() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.ron");
        fs::write(&p, "x").unwrap();
        assert!(same_file(&p, &d.path().join(".").join("a.ron")));
        assert!(!same_file(&p, &d.path().join("b.ron")));
    }
}
