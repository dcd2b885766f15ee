//! The real binary in a pseudo terminal: open a marker's source, go back, quit.

mod common;

use common::pty::Pty;

#[test]
fn open_source_5_from_its_marker_go_back_and_quit() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", dir)], 120, 40);
    pty.wait_for("briefbench");
    pty.wait_for("summary.1");

    // Sections pane, down to the fourth section (Hardware…), into its claims, third claim.
    pty.send("h");
    pty.send("jjj");
    pty.wait_for("§ 4/7");
    pty.send("l");
    pty.send("jj");
    let screen = pty.wait_for("claim 3/7");
    assert!(
        screen.contains("[^5]"),
        "the claim citing [^5] is on screen:\n{screen}"
    );

    pty.send("\r");
    let screen = pty.wait_for("Source [5]");
    assert!(
        screen.contains("晶片") || screen.contains("Meta 進軍"),
        "source 5's text:\n{screen}"
    );
    assert!(screen.contains("Translation from zh"), "{screen}");
    assert!(screen.contains("Cited by (3)"), "{screen}");

    // Back: focus returns to the claims pane (its footer), the claim still selected.
    pty.send("\x7f");
    let screen = pty.wait_for("Enter open source");
    assert!(screen.contains("claim 3/7"), "{screen}");

    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
    // The alternate screen was left and the cursor shown again.
    let tail = String::from_utf8_lossy(&pty.raw);
    let left = tail
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen");
    let entered = tail
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen");
    assert!(left > entered);
    assert!(
        !pty.parser.screen().hide_cursor(),
        "cursor shown after exit"
    );
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in [libc_sig::TERM, libc_sig::HUP] {
        let data = tempfile::tempdir().unwrap();
        let mut pty = Pty::spawn(
            &[],
            &[("BRIEFBENCH_DATA_DIR", data.path().to_str().unwrap())],
            100,
            30,
        );
        pty.wait_for("summary.1");
        let status = std::process::Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(pty.pid().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            pty.wait_exit(),
            Some(0),
            "SIG{sig} ends the workbench cleanly"
        );
        let out = String::from_utf8_lossy(&pty.raw);
        assert!(
            out.rfind("\x1b[?1049l") > out.rfind("\x1b[?1049h"),
            "SIG{sig}: alternate screen left"
        );
        assert!(!pty.parser.screen().hide_cursor(), "SIG{sig}: cursor shown");
    }
}

#[test]
fn resize_redraws_at_once_and_keeps_the_selection() {
    let data = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[("BRIEFBENCH_DATA_DIR", data.path().to_str().unwrap())],
        120,
        40,
    );
    pty.wait_for("summary.1");
    pty.send("jj");
    pty.wait_for("claim 3/6");
    pty.resize(60, 20);
    let screen = pty.wait_for("Claims");
    assert!(screen.contains("summary.3"), "{screen}");
    pty.resize(30, 10);
    let screen = pty.wait_for("needs 40x12");
    assert!(screen.contains("30x10"), "{screen}");
    pty.resize(120, 40);
    pty.wait_for("claim 3/6");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
}

mod libc_sig {
    pub const TERM: &str = "TERM";
    pub const HUP: &str = "HUP";
}

#[test]
fn a_folder_of_briefs_opens_in_the_picker_and_keeps_flags_per_brief() {
    let d = tempfile::tempdir().unwrap();
    let lib = common::fixture_library(d.path());
    let data = d.path().join("data");
    let mut pty = Pty::spawn(
        &[lib.to_str().unwrap()],
        &[("BRIEFBENCH_DATA_DIR", data.to_str().unwrap())],
        140,
        30,
    );
    // Listed at once, summarised in the background: wait for the summaries.
    let screen = pty.wait_for("3 of 3 briefs · type");
    assert!(
        screen.contains("53 claims") && screen.contains("TSMC Arizona"),
        "{screen}"
    );
    pty.send("tsmc");
    pty.wait_for("1 of 3 briefs");
    pty.send("\r");
    pty.wait_for("claim 1/");
    pty.send("f");
    pty.wait_for("flagged weak");
    // Quitting the workbench goes back to the picker, as it was left.
    pty.send("q");
    pty.wait_for("1 of 3 briefs");
    pty.send("\x1b");
    pty.wait_for("3 of 3 briefs · type");
    pty.send("\x1b[B"); // down: the second brief, the footnotes one
    pty.send("\r");
    pty.wait_for("Nvidia's Export Exposure");
    pty.send("f");
    pty.wait_for("flagged weak");
    pty.send("q");
    pty.wait_for("3 of 3 briefs · type");
    // Tab: search the sources of every brief; Enter opens one in its brief's viewer.
    pty.send("\t");
    pty.wait_for("Sources of every brief");
    pty.send("kenya");
    pty.wait_for("3 sources");
    pty.send("\r");
    pty.wait_for("Source [");
    // The frame may come in more than one read: wait for its text.
    pty.wait_until("showed the source on Kenya", |p| {
        p.screen().to_lowercase().contains("kenya")
    });
    let screen = pty.screen();
    assert!(screen.contains("Meta's AI strategy"), "{screen}");
    pty.send("q");
    pty.wait_for("Sources of every brief");
    pty.send("\x1b");
    pty.send("\x1b");
    assert_eq!(pty.wait_exit(), Some(0));
    let mut files: Vec<String> = std::fs::read_dir(data.join("flags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".flags.ron"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "one flags file a brief: {files:?}");
}

#[test]
fn keys_and_theme_come_from_the_config() {
    let d = tempfile::tempdir().unwrap();
    let config = d.path().join("config.ron");
    std::fs::write(&config, "(theme: light, keys: {\"quit\": [\"x\"]})").unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[
            ("BRIEFBENCH_DATA_DIR", d.path().to_str().unwrap()),
            ("BRIEFBENCH_CONFIG", config.to_str().unwrap()),
        ],
        160,
        40,
    );
    // The footer is drawn last: wait for the frame to be whole (the claims pane's first
    // claim can be on screen before the footer is), then for the configured key in it.
    pty.wait_for("summary.1");
    let screen = pty.wait_for("x quit");
    assert!(
        !screen.contains("q quit"),
        "the default key is replaced, not added to:\n{screen}"
    );
    pty.send("q");
    pty.send("?");
    let screen = pty.wait_for("Help");
    // Ctrl-c quits whatever the config says, and the help lists it with the config's key.
    assert!(screen.contains("x, Ctrl-c"), "{screen}");
    pty.send("\x1b");
    pty.send("x");
    assert_eq!(pty.wait_exit(), Some(0));
}
