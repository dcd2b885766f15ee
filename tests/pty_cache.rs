//! The workbench and the brief cache, in the real binary: quitting a workbench whose analysis
//! is whole writes the brief's entry, and the next open (and `check`) reads it and shows what a
//! fresh analysis shows. Waits are bounded; nothing here measures a time.

mod common;

use std::path::Path;
use std::process::Command;

use common::pty::Pty;

/// The seed written as a file large enough to be cached (a comment pads it past 1 MiB).
fn large_seed(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("seed.ron");
    let padding = format!("\n// {}\n", "padding ".repeat(140_000));
    std::fs::write(
        &path,
        format!("{}{padding}", briefbench::store::DEFAULT_BRIEF),
    )
    .unwrap();
    path
}

fn brief_entries(cache: &Path) -> usize {
    std::fs::read_dir(cache).map_or(0, |d| {
        d.filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("brief-"))
            .count()
    })
}

/// `check` on `brief` with the cache in `cache`: its output and exit code.
fn check(brief: &Path, cache: &Path, data: &Path) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_briefbench"))
        .arg("check")
        .arg(brief)
        .env("BRIEFBENCH_CACHE_DIR", cache)
        .env("BRIEFBENCH_DATA_DIR", data)
        .env("BRIEFBENCH_CONFIG", "/nonexistent/briefbench/config.ron")
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// The header's first line: the brief's title and its verdict counts.
fn header(screen: &str) -> String {
    screen.lines().next().unwrap_or_default().trim().to_string()
}

/// A large brief in a fresh directory, with a cache and a data directory of its own.
struct Scratch {
    dir: tempfile::TempDir,
    brief: std::path::PathBuf,
    cache: std::path::PathBuf,
    data: std::path::PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let brief = large_seed(dir.path());
        let (cache, data) = (dir.path().join("cache"), dir.path().join("data"));
        Scratch {
            dir,
            brief,
            cache,
            data,
        }
    }

    /// The workbench's environment: this cache and this data directory.
    fn envs(&self) -> [(&str, &str); 2] {
        [
            ("BRIEFBENCH_CACHE_DIR", self.cache.to_str().unwrap()),
            ("BRIEFBENCH_DATA_DIR", self.data.to_str().unwrap()),
        ]
    }
}

/// Opens the brief in the workbench, waits for its first whole frame and quits; the screen.
fn open_and_quit(path: &str, envs: &[(&str, &str)]) -> String {
    let mut bench = Pty::spawn(&[path], envs, 160, 45);
    let screen = bench.wait_for("quit");
    bench.send("q");
    assert_eq!(bench.wait_exit(), Some(0));
    screen
}

#[test]
fn quitting_writes_the_brief_entry_and_the_reopen_reads_it() {
    let s = Scratch::new();
    let (dir, brief, cache, data) = (&s.dir, &s.brief, &s.cache, &s.data);
    let envs = s.envs();
    let path = brief.to_str().unwrap();

    let mut first = Pty::spawn(&[path], &envs, 160, 45);
    let shown = header(&first.wait_for("quit"));
    assert_eq!(brief_entries(cache), 0, "nothing is written before the end");
    first.send("q");
    assert_eq!(first.wait_exit(), Some(0));
    assert_eq!(brief_entries(cache), 1, "the quit wrote the brief's entry");

    // `check` reads that entry and says what a check with no cache at all says.
    let (cached, code) = check(brief, cache, data);
    let (fresh, fresh_code) = check(brief, &dir.path().join("empty"), data);
    assert_eq!((cached, code), (fresh, fresh_code));

    // The reopen shows the same brief with the same verdicts.
    let reopened = header(&open_and_quit(path, &envs));
    assert_eq!(reopened, shown);
    assert_eq!(brief_entries(cache), 1);
}

#[test]
fn an_edited_brief_is_not_shown_with_its_old_verdicts() {
    let s = Scratch::new();
    let (brief, cache) = (&s.brief, &s.cache);
    let envs = s.envs();
    let path = brief.to_str().unwrap();
    open_and_quit(path, &envs);
    assert_eq!(brief_entries(cache), 1);

    // The brief retitled on disk: the reopen shows the new title, not the cached one.
    let text = std::fs::read_to_string(brief).unwrap();
    let title = briefbench::store::load_default().unwrap().brief.title;
    let edited = text.replacen(&title, "A retitled brief", 1);
    assert_ne!(edited, text);
    std::fs::write(brief, edited).unwrap();
    let screen = open_and_quit(path, &envs);
    assert!(screen.contains("A retitled brief"), "{screen}");
}
