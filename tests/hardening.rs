//! Faults a user meets: the process killed mid-save, two writers at once, a full or
//! read-only disk, files too large or nested too deep. Real processes, real files.

mod common;
use common::bin;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use briefbench::flags::Flags;
use briefbench::store;
use briefbench::synth::Rng;

fn seed_ids() -> (String, Vec<String>) {
    let brief = store::load_default().unwrap().brief;
    let ids = brief.claims().map(|(_, c)| c.id.clone()).collect();
    (brief.id, ids)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every claim's note in the flags file, which must load.
fn notes(data: &Path, brief_id: &str, ids: &[String]) -> Vec<String> {
    let flags = Flags::open(data, brief_id).expect("the flags file always loads");
    ids.iter()
        .map(|id| flags.get(id).map_or(String::new(), |f| f.note.clone()))
        .collect()
}

#[test]
fn kills_mid_save_leave_the_old_flags_or_the_new_never_a_mix() {
    let data = tempfile::tempdir().unwrap();
    let (brief_id, ids) = seed_ids();
    // One save writes every claim's note (a file of ~60 KB), so a kill can land mid-write.
    let note_of = |generation: usize| vec![format!("generation {generation}"); 60].join(" ");
    let save = |generation: usize| {
        let note = note_of(generation);
        let mut cmd = bin(data.path());
        cmd.arg("flag").args(&ids).arg("--note").arg(note);
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        cmd
    };
    let generation_of = |notes: &[String]| -> Option<usize> {
        let first = notes[0].split_whitespace().nth(1)?.parse().ok()?;
        notes.iter().all(|n| n == &note_of(first)).then_some(first)
    };
    // How long one save takes from start to exit, unkilled: kills are spread over it.
    let start = Instant::now();
    for g in 0..3 {
        assert!(save(g).status().unwrap().success());
    }
    let span = start.elapsed() / 3;
    assert_eq!(generation_of(&notes(data.path(), &brief_id, &ids)), Some(2));

    let mut rng = Rng::new(2026);
    let (mut killed, mut completed, mut leftovers) = (0, 0, 0);
    let mut last = 2;
    let mut aim = span;
    for g in 3..203 {
        let mut child = save(g).spawn().unwrap();
        let tmp_name = format!(".tmp.{}", child.id());
        // The save comes last, after start-up and loading: kills aim at the end of a run,
        // and the aim follows the machine's pace (a save that finished means aim earlier;
        // a kill means a little later), so most runs are killed however busy the machine.
        let delay = aim.mul_f64((500 + rng.below(600)) as f64 / 1_000.0);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1;
            aim = aim.mul_f64(0.9);
        } else {
            killed += 1;
            aim = aim.mul_f64(1.02);
        }
        let flags_dir = data.path().join("flags");
        leftovers += std::fs::read_dir(&flags_dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(&tmp_name)
            })
            .count();
        let now = generation_of(&notes(data.path(), &brief_id, &ids))
            .unwrap_or_else(|| panic!("after kill {g}: a mix of generations"));
        assert!(
            now == last || now == g,
            "after kill {g}: generation {now}, expected {last} or {g}"
        );
        if status.success() {
            assert_eq!(now, g, "a save that finished is on disk");
        }
        last = now;
    }
    eprintln!(
        "200 saves: {killed} killed ({leftovers} of them mid-write, leaving a temporary file), \
         {completed} finished; one save takes {span:?}"
    );
    assert!(killed >= 100, "most saves were killed: {killed}");
    // A later save clears what killed ones left behind.
    assert!(save(999).status().unwrap().success());
    let left: Vec<_> = std::fs::read_dir(data.path().join("flags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn two_writers_at_once_keep_both_sets() {
    let data = tempfile::tempdir().unwrap();
    let (brief_id, ids) = seed_ids();
    let (evens, odds): (Vec<_>, Vec<_>) = ids.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let writer = |claims: Vec<(usize, &String)>, mark: &'static str| {
        let dir = data.path().to_path_buf();
        let claims: Vec<String> = claims.into_iter().map(|(_, c)| c.clone()).collect();
        std::thread::spawn(move || {
            for id in claims {
                let o = bin(&dir)
                    .args(["flag", &id, "--mark", mark])
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", stderr(&o));
            }
        })
    };
    let a = writer(evens, "weak");
    let b = writer(odds, "disputed");
    a.join().unwrap();
    b.join().unwrap();
    let flags = Flags::open(data.path(), &brief_id).unwrap();
    for (i, id) in ids.iter().enumerate() {
        let mark = flags.get(id).and_then(|f| f.mark).map(|m| m.label());
        let expected = if i % 2 == 0 { "weak" } else { "disputed" };
        assert_eq!(mark, Some(expected), "{id}");
    }
}

/// Runs `briefbench` with a data directory on a tmpfs that is full or read-only, in a
/// private mount namespace (`unshare`, no privileges needed); `None` where that is not
/// allowed.
fn on_faulty_disk(fault: &str, args: &[&str]) -> Option<Output> {
    let usable = Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !usable {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mount = match fault {
        // Filled to the last byte before briefbench starts.
        "full" => {
            "mount -t tmpfs -o size=64k tmpfs \"$D\" && \
             (dd if=/dev/zero of=\"$D/filler\" bs=4k 2>/dev/null; true)"
        }
        _ => "mount -t tmpfs -o ro tmpfs \"$D\"",
    };
    let script = format!("{mount} && shift && exec \"$@\"");
    let mut cmd = Command::new("unshare");
    common::clear_user_env(&mut cmd);
    let out = cmd
        .args(["-rm", "sh", "-c", &script, "sh", "unused"])
        .arg(env!("CARGO_BIN_EXE_briefbench"))
        .args(args)
        .env("D", dir.path())
        .env("BRIEFBENCH_DATA_DIR", dir.path())
        .env("BRIEFBENCH_CACHE_DIR", dir.path().join("cache"))
        .env("BRIEFBENCH_CONFIG", dir.path().join("config.ron"))
        .output()
        .unwrap();
    Some(out)
}

#[test]
fn a_full_or_read_only_disk_is_reported_on_the_command_line() {
    for (fault, reason) in [
        ("full", "No space left on device"),
        ("read-only", "Read-only file system"),
    ] {
        let out = match on_faulty_disk(fault, &["flag", "summary.1", "--mark", "weak"]) {
            Some(o) => o,
            None => {
                // Without mount namespaces, a data directory that runs through a file fails
                // the same code path with a real OS error.
                let d = tempfile::tempdir().unwrap();
                std::fs::write(d.path().join("file"), "").unwrap();
                let o = bin(&d.path().join("file"))
                    .args(["flag", "summary.1", "--mark", "weak"])
                    .output()
                    .unwrap();
                assert_eq!(o.status.code(), Some(2));
                assert!(
                    stderr(&o).contains("cannot save your flags"),
                    "{}",
                    stderr(&o)
                );
                continue;
            }
        };
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{fault}: {err}");
        assert!(err.contains("cannot save your flags"), "{fault}: {err}");
        assert!(err.contains(reason), "{fault}: {err}");
        assert!(err.contains("flags"), "names the file: {err}");
    }
}

/// `validate` on `path` must fail with exit 2; its message.
fn refused(data: &Path, path: &Path) -> String {
    let o = bin(data)
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    err
}

#[test]
fn files_too_large_or_too_deep_are_refused_before_parsing() {
    let d = tempfile::tempdir().unwrap();
    // Sparse: the size is what is checked, before anything is read.
    for (name, limit) in [("huge.ron", 256u64 << 20), ("huge.md", 64 << 20)] {
        let path = d.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .set_len(limit + 1)
            .unwrap();
        let err = refused(d.path(), &path);
        assert!(err.contains(name) && err.contains("limit"), "{err}");
    }
    let deep = format!(
        "(schema: 1, id: \"x\", title: \"t\", date: \"2026-01-01\", sections: {}",
        "[".repeat(10_000)
    );
    let path = d.path().join("deep.ron");
    std::fs::write(&path, deep).unwrap();
    let err = refused(d.path(), &path);
    // Refused at the first bracket the schema does not allow: the parser never recurses
    // deeper than the brief's own shape (and is capped at 64 levels besides).
    assert!(
        err.contains("deep.ron:1:"),
        "names file, line and column: {err}"
    );
}
