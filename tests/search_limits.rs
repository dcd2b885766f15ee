//! `briefbench search` on a huge file refuses it from what it read, without reading it
//! whole (issue #19, item 9). A file of its own: it measures the resident size of the
//! children this test binary ran, which another test's large read would spoil.

mod common;
use common::{bin, run_bounded};

use std::time::Duration;

/// The largest resident size any waited-for child reached, in bytes.
fn children_max_rss() -> u64 {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct on success, checked before it is read.
    let u = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, u.as_mut_ptr()), 0);
        u.assume_init()
    };
    u.ru_maxrss as u64 * 1024
}

#[test]
fn search_refuses_a_huge_file_without_reading_it() {
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("big.ron");
    // Sparse: 1.5 GB on paper, nothing on disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1_500_000_000)
        .unwrap();
    let o = run_bounded(
        bin(d.path()).arg("search").arg(&big).arg("meta"),
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("over the limit"), "{err}");
    assert!(
        children_max_rss() < 200 << 20,
        "the file was read: {} MB resident",
        children_max_rss() >> 20
    );
}
