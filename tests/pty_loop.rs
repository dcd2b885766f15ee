//! The one loop, in the real binary: I/O runs off the UI thread, so a save behind another
//! process's lock (#19 item 10) and a folder of large briefs (#19 item 12) never freeze the
//! screen. Waits are bounded; the assertions are about what the screen shows, never a time.

mod common;

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use briefbench::flags::{Flags, Mark};
use briefbench::store;
use common::pty::Pty;

/// Holds the flags' save lock from another process (`flock` in a shell that becomes `sleep`,
/// keeping the locked descriptor), until the child is killed; returns once it holds it.
fn hold_lock(lock_path: &std::path::Path) -> Child {
    std::fs::create_dir_all(lock_path.parent().unwrap()).unwrap();
    let holder = Command::new("sh")
        .arg("-c")
        .arg("exec 9>\"$0\"; flock 9; exec sleep 600")
        .arg(lock_path)
        .spawn()
        .unwrap();
    let probe = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .unwrap();
    let start = Instant::now();
    while probe.try_lock().is_ok() {
        probe.unlock().unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "flock never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    holder
}

/// #19 item 10: `f` while another process holds the save lock; the workbench keeps
/// answering keys and redrawing, says it is waiting, and saves the flag once the lock frees.
#[test]
fn a_save_behind_another_process_s_lock_leaves_the_keys_working_and_saves_when_freed() {
    let dir = tempfile::tempdir().unwrap();
    let brief_id = store::load_default().unwrap().brief.id;
    let lock_path = Flags::open(dir.path(), &brief_id)
        .unwrap()
        .path()
        .with_extension("lock");
    let mut holder = hold_lock(&lock_path);
    let mut pty = Pty::spawn(
        &[],
        &[("BRIEFBENCH_DATA_DIR", dir.path().to_str().unwrap())],
        150,
        42,
    );
    pty.wait_for("claim 1/6");
    pty.send("f");
    pty.wait_for("waiting for another briefbench to finish saving");
    // The keys still answer while the lock is held: each `j` moves and redraws.
    for n in 2..=4 {
        pty.send("j");
        pty.wait_for(&format!("claim {n}/6"));
    }
    let mark = || {
        Flags::open(dir.path(), &brief_id)
            .unwrap()
            .get("summary.1")
            .and_then(|f| f.mark)
    };
    assert_eq!(mark(), None, "nothing written while the lock is held");
    let screen = pty.screen();
    assert!(screen.contains("claim 4/6"), "still answering:\n{screen}");
    assert!(
        screen.contains("waiting for another briefbench to finish saving"),
        "still saying why the flag is not saved:\n{screen}"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    // Released: the waiting save goes through by itself, without another key.
    pty.wait_until("saved the flag once the lock was free", |_| {
        mark() == Some(Mark::Weak)
    });
    pty.wait_until("cleared the waiting notice", |p| {
        !p.screen().contains("waiting for another briefbench")
    });
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
}

/// #19 item 12: a folder with a large brief lists every file at once and summarises in the
/// background, with progress; the keys work meanwhile and Esc leaves without waiting.
#[test]
fn the_picker_lists_at_once_and_summarises_in_the_background() {
    let d = tempfile::tempdir().unwrap();
    let lib = common::fixture_library(d.path());
    // Summarised first (files go by name): the small briefs wait behind it.
    let big = briefbench::synth::brief(7, 20_000, 30_000, 60);
    std::fs::write(lib.join("a-large.ron"), store::to_ron_string(&big)).unwrap();
    let data = d.path().join("data");
    let mut pty = Pty::spawn(
        &[lib.to_str().unwrap()],
        &[("BRIEFBENCH_DATA_DIR", data.to_str().unwrap())],
        140,
        30,
    );
    // Every file is listed while the large brief is still being summarised.
    let screen = pty.wait_for("4 of 4 briefs · summarising 0/4");
    for f in ["a-large.ron", "meta.ron", "footnotes.md", "references.md"] {
        assert!(screen.contains(f), "{f} listed at once:\n{screen}");
    }
    assert!(screen.contains("summarising…"), "{screen}");
    // Keys work meanwhile: the filter narrows, Esc clears it.
    pty.send("meta");
    let screen = pty.wait_for("1 of 4 briefs");
    assert!(
        screen.contains("summarising"),
        "still summarising:\n{screen}"
    );
    pty.send("\x1b");
    pty.wait_for("4 of 4 briefs");
    // Tab: the search across briefs builds their indexes in the background too.
    pty.send("\t");
    pty.wait_for("indexing 0/4");
    pty.send("kenya");
    pty.wait_for("> kenya");
    pty.send("\t");
    pty.send("\x1b");
    pty.wait_for("4 of 4 briefs");
    // Esc on an empty filter leaves, the large brief's summary unfinished.
    pty.send("\x1b");
    assert_eq!(pty.wait_exit(), Some(0));
    assert!(
        !String::from_utf8_lossy(&pty.raw).contains("summarising 1/4"),
        "the large brief was summarised before Esc left: make it larger"
    );
}

/// The summaries arrive without a key and the list takes them in: counts, then the order
/// newest first.
#[test]
fn the_picker_s_summaries_arrive_by_themselves() {
    let d = tempfile::tempdir().unwrap();
    let lib = d.path().join("briefs");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("meta.ron"), store::DEFAULT_BRIEF).unwrap();
    std::fs::copy("tests/fixtures/footnotes.md", lib.join("footnotes.md")).unwrap();
    let mut pty = Pty::spawn(
        &[lib.to_str().unwrap()],
        &[(
            "BRIEFBENCH_DATA_DIR",
            d.path().join("data").to_str().unwrap(),
        )],
        140,
        30,
    );
    let screen = pty.wait_for("2 of 2 briefs · type");
    assert!(screen.contains("53 claims"), "{screen}");
    assert!(!screen.contains("summarising"), "{screen}");
    pty.send("\x1b");
    assert_eq!(pty.wait_exit(), Some(0));
}
