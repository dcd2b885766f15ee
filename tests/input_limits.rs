//! Inputs refused or read as they should be (issue #19, items 8 and 21): limits that hold
//! for devices and huge files alike, dates that exist, a RON store with a byte-order mark.

mod common;
use common::{bin, run_bounded};

use std::time::Duration;

use briefbench::store;

#[test]
fn a_device_that_never_ends_is_refused_at_the_cap() {
    let d = tempfile::tempdir().unwrap();
    let o = run_bounded(
        bin(d.path()).args(["validate", "/dev/zero"]),
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/dev/zero") && err.contains("over the limit"),
        "{err}"
    );
}

#[test]
fn days_that_do_not_exist_are_refused_at_their_line_and_column() {
    let d = tempfile::tempdir().unwrap();
    for bad in ["2026-02-30", "2025-02-29"] {
        let text =
            store::DEFAULT_BRIEF.replacen("date: \"2026-03-08\"", &format!("date: \"{bad}\""), 1);
        assert_ne!(text, store::DEFAULT_BRIEF);
        let line = text.lines().position(|l| l.contains(bad)).unwrap() + 1;
        let path = d.path().join("dates.ron");
        std::fs::write(&path, &text).unwrap();
        let o = run_bounded(
            bin(d.path()).arg("validate").arg(&path),
            Duration::from_secs(60),
        );
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("dates.ron:{line}:")) && err.contains(bad),
            "{bad}: {err}"
        );
    }
    // A leap day that exists is a date.
    let text = store::DEFAULT_BRIEF.replacen("date: \"2026-03-08\"", "date: \"2024-02-29\"", 1);
    let path = d.path().join("leap.ron");
    std::fs::write(&path, &text).unwrap();
    let o = run_bounded(
        bin(d.path()).arg("validate").arg(&path),
        Duration::from_secs(60),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_ron_store_with_a_byte_order_mark_loads() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("bom.ron");
    std::fs::write(&path, format!("\u{feff}{}", store::DEFAULT_BRIEF)).unwrap();
    let o = run_bounded(
        bin(d.path()).arg("validate").arg(&path),
        Duration::from_secs(60),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
