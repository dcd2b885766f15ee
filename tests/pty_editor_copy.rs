//! `e` edits a note in `$EDITOR` and `y` copies through OSC 52: the real binary in a pty.

mod common;

use std::os::unix::fs::PermissionsExt;

use briefbench::flags::Flags;
use briefbench::store;
use common::pty::Pty;

/// Base64 (RFC 4648) for the expected OSC 52 payload.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    out
}

#[test]
fn e_runs_the_editor_on_the_note_and_saves_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("fake editor.sh");
    // The path comes as one argument ("$1"), spaces and all: no shell splits it.
    std::fs::write(
        &script,
        "#!/bin/sh\ngrep -q 'kept draft' \"$1\" && printf 'from the editor\\nsecond line\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[
            ("BRIEFBENCH_DATA_DIR", data.to_str().unwrap()),
            ("VISUAL", ""),
            ("EDITOR", script.to_str().unwrap()),
        ],
        120,
        40,
    );
    pty.wait_for("summary.1");
    // A draft left with Esc is what the editor starts from.
    pty.send("n");
    pty.wait_for("Note on summary.1");
    pty.send("kept draft");
    pty.send("\x1b");
    pty.wait_for("the draft is kept");
    pty.send("e");
    pty.wait_for("note saved on summary.1");
    // The workbench took the terminal back and drew itself again.
    pty.wait_for("Sections");
    assert!(!pty.cooked(), "raw mode again after the editor");
    let brief_id = store::load_default().unwrap().brief.id;
    let flags = Flags::open(&data, &brief_id).unwrap();
    assert_eq!(
        flags.get("summary.1").map(|f| f.note.as_str()),
        Some("from the editor\nsecond line")
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
}

#[test]
fn an_editor_that_fails_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[
            ("BRIEFBENCH_DATA_DIR", dir.path().to_str().unwrap()),
            ("VISUAL", ""),
            ("EDITOR", "false"),
        ],
        120,
        40,
    );
    pty.wait_for("summary.1");
    pty.send("e");
    pty.wait_for("the note on summary.1 is not changed");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
}

#[test]
fn y_then_t_i_u_copy_through_osc_52() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[("BRIEFBENCH_DATA_DIR", dir.path().to_str().unwrap())],
        120,
        40,
    );
    pty.wait_for("summary.1");
    let brief = store::load_default().unwrap().brief;
    let text = &brief.sections[0].claims[0].text;
    pty.send("y");
    pty.wait_for("copy: i the claim's id");
    pty.send("t");
    pty.wait_for("copied the claim text");
    let out = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(
        out.contains(&format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))),
        "OSC 52 with the claim's text"
    );
    pty.send("y");
    pty.send("i");
    pty.wait_for("copied the claim id");
    let out = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(out.contains(&format!("\x1b]52;c;{}\x07", base64(b"summary.1"))));
    // Down to a claim with a marker, open its source, copy its URL (or say there is none).
    pty.send("j\r");
    pty.wait_for("Source [");
    pty.send("yu");
    pty.wait_until("said what it copied", |p| {
        let s = p.screen();
        s.contains("copied the source URL") || s.contains("nothing to copy: no source URL here")
    });
    pty.send("yx");
    pty.wait_for("nothing copied");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
}
