//! The analyst's flags never mix or vanish (issue #19, items 1–3): a mark and a note from
//! two writers on one claim both survive, in either order; briefs that share a file stem or
//! an id keep files of their own; a time that cannot be real never hides a later edit.

mod common;
use common::bin;

use std::path::Path;
use std::process::{Command, Output};

use briefbench::flags::{BriefKey, Flags, Mark};

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const BRIEF_MD: &str = "# Report\n\nNorthvolt filed for bankruptcy in Sweden [1].\n\n\
    ## References\n\n1. Reuters, 2025-03-12. Northvolt files for bankruptcy. https://www.reuters.com/x\n";

/// The CSV export's mark and note for `summary.1` of the brief at `brief` (the embedded one
/// when `None`): what the analyst sees of their flags.
fn mark_and_note(data: &Path, brief: Option<&Path>) -> (String, String) {
    let mut cmd = bin(data);
    cmd.arg("export").args(brief).args(["--format", "csv"]);
    let csv = String::from_utf8(run(&mut cmd).stdout).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("summary.1,"))
        .expect("summary.1 is exported");
    let cells: Vec<&str> = row.split(',').collect();
    (cells[4].to_string(), cells[5].to_string())
}

#[test]
fn a_script_note_survives_a_workbench_mark_on_the_same_claim() {
    let data = tempfile::tempdir().unwrap();
    // The workbench has the brief open: it read the flags (none) before the script ran.
    let mut workbench = Flags::open(data.path(), "meta-ai-strategy").unwrap();
    run(bin(data.path()).args(["flag", "summary.1", "--note", "IMPORTANT"]));
    workbench.set_mark("summary.1", Some(Mark::Disputed));
    workbench.save().unwrap();
    assert_eq!(
        mark_and_note(data.path(), None),
        ("disputed".into(), "IMPORTANT".into())
    );
    assert_eq!(workbench.get("summary.1").unwrap().note, "IMPORTANT");
}

#[test]
fn a_script_mark_survives_a_workbench_note_on_the_same_claim() {
    let data = tempfile::tempdir().unwrap();
    let mut workbench = Flags::open(data.path(), "meta-ai-strategy").unwrap();
    run(bin(data.path()).args(["flag", "summary.1", "--mark", "verified"]));
    workbench.set_note("summary.1", "checked against the filing");
    workbench.save().unwrap();
    assert_eq!(
        mark_and_note(data.path(), None),
        ("verified".into(), "checked against the filing".into())
    );
}

#[test]
fn two_workbenches_one_marks_the_other_notes_in_both_orders() {
    for marker_saves_first in [true, false] {
        let data = tempfile::tempdir().unwrap();
        let mut a = Flags::open(data.path(), "b").unwrap();
        let mut b = Flags::open(data.path(), "b").unwrap();
        a.set_mark("x.1", Some(Mark::Weak));
        b.set_note("x.1", "see [4]");
        if marker_saves_first {
            a.save().unwrap();
            b.save().unwrap();
        } else {
            b.save().unwrap();
            a.save().unwrap();
        }
        let back = Flags::open(data.path(), "b").unwrap();
        let f = back.get("x.1").unwrap();
        assert_eq!(
            (f.mark, f.note.as_str()),
            (Some(Mark::Weak), "see [4]"),
            "marker saves first: {marker_saves_first}"
        );
    }
}

#[test]
fn a_later_edit_of_the_same_field_by_another_writer_wins_and_ours_elsewhere_stays() {
    let data = tempfile::tempdir().unwrap();
    let mut a = Flags::open(data.path(), "b").unwrap();
    let mut b = Flags::open(data.path(), "b").unwrap();
    a.set_note("x.1", "first");
    a.set_mark("x.2", Some(Mark::Verified));
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.set_note("x.1", "second");
    b.save().unwrap();
    a.save().unwrap();
    let back = Flags::open(data.path(), "b").unwrap();
    assert_eq!(back.get("x.1").unwrap().note, "second");
    assert_eq!(back.get("x.2").unwrap().mark, Some(Mark::Verified));
}

#[test]
fn briefs_with_one_file_stem_keep_their_own_flags() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let mut briefs = vec![];
    for name in ["a/report.md", "b/report.md", "报告.md", "分析.md"] {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, BRIEF_MD).unwrap();
        briefs.push(p);
    }
    for (i, p) in briefs.iter().enumerate() {
        let note = format!("note {i}");
        run(bin(&data)
            .args(["flag", "summary.1", "--note", &note, "--brief"])
            .arg(p));
    }
    // Clearing one brief's flag touches no other.
    run(bin(&data)
        .args(["flag", "summary.1", "--note", "", "--brief"])
        .arg(&briefs[0]));
    for (i, p) in briefs.iter().enumerate() {
        let want = if i == 0 {
            String::new()
        } else {
            format!("note {i}")
        };
        assert_eq!(mark_and_note(&data, Some(p)).1, want, "{}", p.display());
    }
    let files = std::fs::read_dir(data.join("flags"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".flags.ron")
        })
        .count();
    assert_eq!(files, 4);
}

#[test]
fn a_flags_file_of_another_brief_is_refused_and_left_alone() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let brief = d.path().join("report.md");
    std::fs::write(&brief, BRIEF_MD).unwrap();
    let key = BriefKey::of_file("report", &brief);
    let path = data.join("flags").join(key.file_name());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let foreign =
        "(schema: 1, brief: \"other\", flags: {\"summary.1\": (note: \"theirs\", updated: 1)})";
    std::fs::write(&path, foreign).unwrap();
    let out = bin(&data)
        .args(["flag", "summary.1", "--note", "mine", "--brief"])
        .arg(&brief)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":1:1:") && err.contains("other"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), foreign);
}

#[test]
fn flags_kept_under_the_old_name_are_migrated_and_the_old_file_kept() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("data");
    let brief = d.path().join("report.md");
    std::fs::write(&brief, BRIEF_MD).unwrap();
    let legacy = data.join("flags").join("report.flags.ron");
    std::fs::create_dir_all(legacy.parent().unwrap()).unwrap();
    let old = "(schema: 1, brief: \"report\", flags: {\"summary.1\": (mark: Some(Weak), note: \"from before\", updated: 1700000000000)})";
    std::fs::write(&legacy, old).unwrap();
    assert_eq!(
        mark_and_note(&data, Some(&brief)),
        ("weak".into(), "from before".into())
    );
    run(bin(&data)
        .args(["flag", "summary.1", "--mark", "verified", "--brief"])
        .arg(&brief));
    assert_eq!(
        mark_and_note(&data, Some(&brief)),
        ("verified".into(), "from before".into())
    );
    assert_eq!(std::fs::read_to_string(&legacy).unwrap(), old);
}

#[test]
fn a_time_at_the_end_of_u64_never_hides_a_later_edit() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().join("flags").join("meta-ai-strategy.flags.ron");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        "(schema: 1, brief: \"meta-ai-strategy\", flags: {\"summary.1\": (mark: Some(Weak), note: \"n\", updated: 18446744073709551615)})",
    )
    .unwrap();
    run(bin(data.path()).args(["flag", "summary.1", "--mark", "verified"]));
    assert_eq!(
        mark_and_note(data.path(), None),
        ("verified".into(), "n".into())
    );
    // Two writers, one of them lying about the time: the honest later edit still wins.
    let mut a = Flags::open(data.path(), "meta-ai-strategy").unwrap();
    let mut b = Flags::open(data.path(), "meta-ai-strategy").unwrap();
    a.set_note("summary.1", "honest");
    b.set_note("summary.1", "liar");
    b.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            &format!("note_at: {}", b.get("summary.1").unwrap().note_at),
            "note_at: 18446744073709551615",
        ),
    )
    .unwrap();
    a.save().unwrap();
    assert_eq!(mark_and_note(data.path(), None).1, "honest");
}
