//! Outputs that cannot be turned against their reader (issue #19, items 6 and 17–20): JSON
//! with every control and BiDi character escaped, a Markdown review no claim or note can
//! forge, exit codes that survive a reader that stops early, `validate --format json` that
//! says `ok: false`, and output files that never destroy their input or end up empty.

mod common;
use common::bin;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use briefbench::store;

fn output(cmd: &mut Command) -> Output {
    cmd.output().expect("run briefbench")
}

/// C1 CSI and OSC, BiDi override and isolate, line and paragraph separators, DEL.
const NASTY: &str = "\u{9b}31m \u{9d}0;title\u{9c} \u{202e}txet\u{202c} \u{2066}iso\u{2069} a\u{2028}b\u{2029}c \u{7f}";

/// The raw characters that must never leave in JSON (each must come out as `\uXXXX`).
fn raw_offenders(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
        })
        .collect()
}

/// The seed with NASTY in a claim, a source and the title, under a file name holding it too.
fn nasty_brief(dir: &Path) -> PathBuf {
    let mut brief = store::load_default().unwrap().brief;
    brief.title = format!("title {NASTY}");
    let claim = &mut brief.sections[0].claims[0];
    claim.text = format!("{} NASTYCLAIM {NASTY}", claim.text);
    brief.sources[0].text = format!("NASTYSOURCE {NASTY} {}", brief.sources[0].text);
    let mut name = b"evil-\xc2\x9b-\xe2\x80\xae-".to_vec();
    name.extend_from_slice(b".ron");
    let path = dir.join(OsStr::from_bytes(&name));
    std::fs::write(&path, store::to_ron_string(&brief)).unwrap();
    path
}

#[test]
fn json_outputs_escape_every_control_and_bidi_character_file_names_included() {
    let d = tempfile::tempdir().unwrap();
    let path = nasty_brief(d.path());
    let p = path.as_os_str();
    let runs: Vec<(&str, Vec<&OsStr>)> = vec![
        (
            "check",
            vec![
                "check".as_ref(),
                p,
                "--format".as_ref(),
                "json".as_ref(),
                "--fail-on".as_ref(),
                "weak".as_ref(),
            ],
        ),
        (
            "search",
            vec![
                "search".as_ref(),
                p,
                "NASTYSOURCE".as_ref(),
                "--format".as_ref(),
                "json".as_ref(),
            ],
        ),
        (
            "validate",
            vec!["validate".as_ref(), p, "--format".as_ref(), "json".as_ref()],
        ),
        (
            "export",
            vec!["export".as_ref(), p, "--format".as_ref(), "json".as_ref()],
        ),
    ];
    for (what, args) in runs {
        let o = output(bin(d.path()).args(&args));
        assert!(
            raw_offenders(&o.stdout).is_empty(),
            "{what}: raw {:?}",
            raw_offenders(&o.stdout)
        );
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("\\u009b"), "{what} escapes C1 CSI");
        assert!(text.contains("\\u202e"), "{what} escapes RLO");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Escaped, not lost: the values read back hold the characters themselves.
        let all = serde_json::to_string(&v).unwrap();
        assert!(all.contains('\u{202e}') && all.contains('\u{9b}'), "{what}");
    }
    // validate names the file, escaped.
    let o =
        output(bin(d.path()).args(["validate".as_ref(), p, "--format".as_ref(), "json".as_ref()]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["file"].as_str().unwrap().contains('\u{202e}'));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("evil-\\u009b-\\u202e-"),
        "the file name is escaped"
    );
}

const FORGED: &str = "ok\n## Reviewer sign-off\n- **summary.9** · supported 100/100\n<img src=x onerror=alert(1)>\n\n> quoted";

#[test]
fn a_markdown_review_cannot_be_forged_by_a_claim_or_a_note() {
    let d = tempfile::tempdir().unwrap();
    let mut brief = store::load_default().unwrap().brief;
    brief.sections[0].claims[0].text = format!("Claim one [1]. {FORGED}");
    brief.sections[0].heading = Some(format!("Heading {FORGED}"));
    let path = d.path().join("forged.ron");
    std::fs::write(&path, store::to_ron_string(&brief)).unwrap();
    let first = brief.sections[0].claims[0].id.clone();
    let second = brief.sections[0].claims[1].id.clone();
    let o = output(
        bin(d.path())
            .args(["flag", &second, "--note", FORGED, "--brief"])
            .arg(&path),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = output(bin(d.path()).args(["export", "--format", "md"]).arg(&path));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(!md.contains("<img"), "no HTML:\n{md}");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert!(
        // The forged text stays inside the section's own heading line, escaped.
        headings
            .iter()
            .all(|h| h.starts_with("## Heading ok \\#\\#") || !h.contains("Reviewer")),
        "no forged heading: {headings:?}"
    );
    let items: Vec<&str> = md
        .lines()
        .filter(|l| l.trim_start().starts_with("- **"))
        .collect();
    assert!(
        items.iter().all(|l| !l.contains("summary.9")),
        "no forged item: {items:?}"
    );
    // Every line the claim and the note brought is inside a quote.
    for l in md.lines().filter(|l| l.contains("Reviewer sign-off")) {
        assert!(
            l.starts_with("  > ") || l.starts_with("    > ") || l.starts_with("## Heading"),
            "unquoted: {l:?}"
        );
    }
    assert!(md.contains(&format!("- **{first}**")), "{md}");
}

#[test]
fn check_exits_with_the_verdicts_even_when_its_reader_stops_early() {
    let d = tempfile::tempdir().unwrap();
    for format in ["text", "json"] {
        let mut child = bin(d.path())
            .args(["check", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The reader goes away before a byte is written, as `head -0` would: every write
        // fails with EPIPE.
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(1),
            "{format}: the seed has unsupported claims"
        );
    }
}

#[test]
fn validate_json_on_an_invalid_brief_says_ok_false_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let text = store::DEFAULT_BRIEF.replacen("id: \"summary.2\"", "id: \"summary.1\"", 1);
    assert_ne!(text, store::DEFAULT_BRIEF);
    let invalid = d.path().join("dup.ron");
    std::fs::write(&invalid, &text).unwrap();
    let broken = d.path().join("broken.ron");
    std::fs::write(&broken, "(schema: 1, id: \"x\", tilte: \"t\")").unwrap();
    for (path, code) in [(&invalid, "duplicate-claim-id"), (&broken, "syntax")] {
        let o = output(
            bin(d.path())
                .arg("validate")
                .arg(path)
                .args(["--format", "json"]),
        );
        assert_eq!(o.status.code(), Some(2));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
        assert_eq!(v["ok"], false);
        let diags = v["diagnostics"].as_array().unwrap();
        let d = diags
            .iter()
            .find(|x| x["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {diags:?}"));
        assert_eq!(d["severity"], "error");
        assert!(d["line"].as_u64().is_some(), "located: {d}");
    }
}

#[test]
fn import_and_export_refuse_to_overwrite_their_input() {
    let d = tempfile::tempdir().unwrap();
    let md = d.path().join("brief.md");
    let text = "# B\n\nNorthvolt filed for bankruptcy [1].\n\n## References\n\n1. Reuters, 2025-03-12. Northvolt files. https://www.reuters.com/x\n";
    std::fs::write(&md, text).unwrap();
    let o = output(bin(d.path()).arg("import").arg(&md).arg("-o").arg(&md));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is the input"));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), text);

    let ron = d.path().join("brief.ron");
    std::fs::write(&ron, store::DEFAULT_BRIEF).unwrap();
    // Another spelling of the same file is the same file.
    let other = d.path().join(".").join("brief.ron");
    let o = output(
        bin(d.path())
            .arg("export")
            .arg(&ron)
            .args(["--format", "md", "-o"])
            .arg(&other),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&ron).unwrap(), store::DEFAULT_BRIEF);
}

#[test]
fn a_failed_export_leaves_the_old_file_never_an_empty_one() {
    use std::os::unix::process::CommandExt;
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("review.md");
    std::fs::write(&out, "the old review").unwrap();
    let mut cmd = bin(d.path());
    cmd.args(["export", "--format", "md", "-o"]).arg(&out);
    // SAFETY: setrlimit is async-signal-safe; it only limits the child's file size.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 0,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = output(&mut cmd);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old review");
    let names: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary left: {names:?}");
}
