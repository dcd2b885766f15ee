//! Start to first frame of the real binary in a pseudo terminal: from spawning the process
//! to the moment its first frame (the header and the panes) has been written.
//!
//! `cargo bench --bench startup [-- STORE.ron]`: the embedded brief, and a store if given,
//! first with an empty brief cache (every run: the first open of the store), then with the
//! brief cache warm (a reopen: the cache written once by `briefbench check`).

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;

fn first_frame(args: &[&str], data: &str, cache: &str) -> Duration {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbench"));
    cmd.args(args)
        .env("BRIEFBENCH_DATA_DIR", data)
        .env("BRIEFBENCH_CACHE_DIR", cache);
    let start = Instant::now();
    let mut s = Session::spawn(cmd).expect("spawn");
    s.get_process_mut().set_window_size(160, 45).expect("size");
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        if let Ok(n) = s.try_read(&mut buf)
            && n > 0
        {
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&seen);
            // The footer is drawn last: when its keys are there, the frame is complete.
            if text.contains("Sections") && text.contains("quit") {
                break start.elapsed();
            }
        }
        if start.elapsed() > Duration::from_secs(60) {
            panic!("no first frame in 60 s");
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    s.write_all(b"q").ok();
    s.flush().ok();
    let _ = s.get_process().wait();
    elapsed
}

/// `runs` first frames; `before` runs ahead of each (emptying the cache for a cold open).
fn report(label: &str, runs: usize, args: &[&str], data: &str, cache: &str, before: impl Fn()) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            before();
            first_frame(args, data, cache).as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{label:<28} runs {runs:>3}  median {:>8.1} ms  min {:>8.1} ms  max {:>8.1} ms",
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
}

fn main() {
    let data = tempfile::tempdir().expect("temp dir");
    let data = data.path().to_str().expect("utf-8 path").to_string();
    let cache = tempfile::tempdir().expect("temp dir");
    let cache_dir = cache.path().to_str().expect("utf-8 path").to_string();
    let empty = || {
        let _ = std::fs::remove_dir_all(&cache_dir);
    };
    // `cargo bench` passes `--bench`; anything else is a store to open.
    let store: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    report("embedded seed brief", 21, &[], &data, &cache_dir, || {});
    if let Some(store) = store {
        report(
            &format!("{store} (first open)"),
            5,
            &[&store],
            &data,
            &cache_dir,
            empty,
        );
        let checked = Command::new(env!("CARGO_BIN_EXE_briefbench"))
            .arg("check")
            .arg(&store)
            .stdout(std::process::Stdio::null())
            .env("BRIEFBENCH_CACHE_DIR", &cache_dir)
            .status()
            .expect("check runs");
        assert!(checked.code().is_some(), "check ran to its end");
        report(
            &format!("{store} (reopen)"),
            9,
            &[&store],
            &data,
            &cache_dir,
            || {},
        );
    }
}
