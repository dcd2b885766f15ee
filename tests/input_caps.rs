//! Every file briefbench reads holds its cap whatever it is (issue #19, item 8): a config,
//! a text brief, a sidecar, a STORM folder's files linked to `/dev/zero` or fed by `yes`
//! through a FIFO are refused with exit 2 and the file named, and a search cache that never
//! ends is a miss. Each run is bounded: without the cap they read until memory ends.

mod common;
use common::{bin, run_bounded};

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use briefbench::store;

const PATIENCE: Duration = Duration::from_secs(60);

/// The largest resident size any waited-for child of this test binary reached, in bytes.
fn children_max_rss() -> u64 {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct on success, checked before it is read.
    let u = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, u.as_mut_ptr()), 0);
        u.assume_init()
    };
    u.ru_maxrss as u64 * 1024
}

/// Exit 2, the file named in stderr with "over the limit", and no more memory than a cap's
/// worth (the largest cap is a text brief's 64 MiB).
fn refused(o: &Output, file: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(file) && err.contains("over the limit"),
        "{file} not named as over the limit: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        children_max_rss() < 512 << 20,
        "read past the cap: {} MB resident",
        children_max_rss() >> 20
    );
}

/// A FIFO at `path` with `yes` writing into it for as long as a reader reads.
fn fifo_fed_by_yes(path: &Path) -> Child {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    Command::new("sh")
        .arg("-c")
        .arg("exec yes > \"$0\"")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_config_linked_to_dev_zero_is_refused_and_the_commands_still_run() {
    let d = tempfile::tempdir().unwrap();
    symlink("/dev/zero", d.path().join("config.ron")).unwrap();
    // `config` shows the file: a bad one is exit 2.
    let o = run_bounded(bin(d.path()).arg("config"), PATIENCE);
    refused(&o, "config.ron");
    // Any other command warns and runs on the defaults.
    let brief = d.path().join("seed.ron");
    std::fs::write(&brief, store::DEFAULT_BRIEF).unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&brief), PATIENCE);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("config.ron") && err.contains("over the limit"),
        "{err}"
    );
    assert!(err.contains("using the defaults"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn a_config_fed_by_yes_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let writer = fifo_fed_by_yes(&d.path().join("config.ron"));
    let o = run_bounded(bin(d.path()).arg("config"), PATIENCE);
    stop(writer);
    refused(&o, "config.ron");
}

#[test]
fn a_markdown_brief_linked_to_dev_zero_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let md = d.path().join("zero.md");
    symlink("/dev/zero", &md).unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&md), PATIENCE);
    refused(&o, "zero.md");
    let out = d.path().join("out.ron");
    let o = run_bounded(
        bin(d.path()).arg("import").arg(&md).arg("-o").arg(&out),
        PATIENCE,
    );
    refused(&o, "zero.md");
    assert!(!out.exists(), "nothing written for a refused brief");
}

#[test]
fn a_text_brief_fed_by_yes_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let txt = d.path().join("yes.txt");
    let writer = fifo_fed_by_yes(&txt);
    let o = run_bounded(bin(d.path()).arg("validate").arg(&txt), PATIENCE);
    stop(writer);
    refused(&o, "yes.txt");
}

#[test]
fn a_sidecar_linked_to_dev_zero_is_refused_not_skipped() {
    let d = tempfile::tempdir().unwrap();
    let md = d.path().join("brief.md");
    std::fs::write(
        &md,
        "# A brief\n\nKenya's rains came late this year [1].\n\n## Sources\n\n1. https://example.com/rains\n",
    )
    .unwrap();
    // The brief alone is good.
    let o = run_bounded(bin(d.path()).arg("validate").arg(&md), PATIENCE);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    symlink("/dev/zero", d.path().join("brief.md.sources.jsonl")).unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&md), PATIENCE);
    refused(&o, "brief.md.sources.jsonl");
}

#[test]
fn a_storm_folder_whose_files_never_end_is_refused() {
    let d = tempfile::tempdir().unwrap();
    // The JSON never ends.
    let storm = d.path().join("Hurricane_Idalia");
    std::fs::create_dir(&storm).unwrap();
    std::fs::write(
        storm.join("storm_gen_article_polished.txt"),
        "# Landfall\nIdalia made landfall in Florida [1].\n",
    )
    .unwrap();
    symlink("/dev/zero", storm.join("url_to_info.json")).unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&storm), PATIENCE);
    refused(&o, "url_to_info.json");
    // The article never ends.
    let storm = d.path().join("Storm_Two");
    std::fs::create_dir(&storm).unwrap();
    std::fs::write(
        storm.join("url_to_info.json"),
        r#"{"url_to_unified_index": {}, "url_to_info": {}}"#,
    )
    .unwrap();
    symlink("/dev/zero", storm.join("storm_gen_article_polished.txt")).unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&storm), PATIENCE);
    refused(&o, "storm_gen_article_polished.txt");
}

#[test]
fn a_search_cache_that_never_ends_is_a_miss() {
    let d = tempfile::tempdir().unwrap();
    // Briefs from 1 MiB have their index cached: the seed, with a comment to pass that.
    let brief = d.path().join("seed.ron");
    let padding = format!("\n// {}\n", "padding ".repeat(150_000));
    std::fs::write(&brief, format!("{}{padding}", store::DEFAULT_BRIEF)).unwrap();
    let search = || {
        run_bounded(
            bin(d.path()).arg("search").arg(&brief).arg("kenya"),
            PATIENCE,
        )
    };
    let first = search();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let cache = briefbench::search::cache::Cache::new(d.path().join("cache"));
    let file = cache.file_for(&brief);
    assert!(file.exists(), "the first search wrote its cache");
    std::fs::remove_file(&file).unwrap();
    symlink("/dev/zero", &file).unwrap();
    let again = search();
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(
        again.stdout, first.stdout,
        "a miss answers as the first run"
    );
    assert!(
        children_max_rss() < 512 << 20,
        "the cache was read past its cap: {} MB resident",
        children_max_rss() >> 20
    );
}

/// Issue #19 item 10: a flag set while another process holds the flags' save lock is kept
/// in memory and the status line says why; the workbench is not frozen behind the lock.
#[test]
fn a_flag_behind_another_process_s_save_lock_waits_in_memory() {
    use briefbench::tui::action::Action;
    let (mut app, _dir) = common::seed_app();
    let lock_path = app.doc().flags().path().with_extension("lock");
    std::fs::create_dir_all(lock_path.parent().unwrap()).unwrap();
    // `flock` in a child process, holding the lock until it is killed: one process (the
    // shell becomes `sleep`, keeping the locked descriptor), so the kill releases it.
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg("exec 9>\"$0\"; flock 9; exec sleep 600")
        .arg(&lock_path)
        .spawn()
        .unwrap();
    // Bounded wait until the child holds it (a lock taken here would succeed first).
    let probe = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    let start = std::time::Instant::now();
    while probe.try_lock().is_ok() {
        probe.unlock().unwrap();
        assert!(start.elapsed() < PATIENCE, "flock never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(probe);
    let claim = common::go_to(&mut app, "summary.1");
    let (tx, rx) = std::sync::mpsc::channel();
    let pressing = std::thread::spawn(move || {
        common::press(&mut app, &[Action::CycleFlag]);
        tx.send(()).unwrap();
        app
    });
    let answered = rx.recv_timeout(PATIENCE);
    let _ = holder.kill();
    let _ = holder.wait();
    answered.expect("the flag key never came back: the workbench froze on the lock");
    let mut app = pressing.join().unwrap();
    let status = app.ui().status.as_ref().expect("a status").text.clone();
    assert!(
        status.contains("waiting for another briefbench to finish saving"),
        "{status}"
    );
    let id = app.doc().brief().claim(claim).unwrap().id.clone();
    assert!(app.doc().flags().unsaved());
    assert!(app.doc().flags().get(&id).is_some_and(|f| f.mark.is_some()));
    // With the other process gone, the next change saves both.
    common::press(&mut app, &[Action::CycleFlag]);
    assert!(!app.doc().flags().unsaved(), "{:?}", app.ui().status);
}

#[test]
fn a_named_pipe_nothing_writes_to_is_refused_instead_of_hanging() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("waiting.md");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // Before, `open` itself blocked until a writer came: forever.
    let o = run_bounded(bin(d.path()).arg("validate").arg(&fifo), PATIENCE);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("waiting.md") && err.contains("named pipe that nothing wrote to"),
        "{err}"
    );
    // A pipe whose writer is there is read as before.
    let writer = Command::new("sh")
        .arg("-c")
        .arg("printf '# Rains\\n\\nKenya had late rains [1].\\n\\n## Sources\\n\\n1. Rains late. Nation, 2026-01-02.\\n' > \"$0\"")
        .arg(&fifo)
        .spawn()
        .unwrap();
    let o = run_bounded(bin(d.path()).arg("validate").arg(&fifo), PATIENCE);
    stop(writer);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
}
