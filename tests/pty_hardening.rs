//! The real binary in a pseudo terminal, under attack and under faults: escape sequences
//! in the brief and the notes, a disk that refuses writes, a panic.

mod common;

use briefbench::flags::{Flags, Mark};
use briefbench::store;
use common::pty::Pty;

/// What an attacker puts in a post or a note: each with a payload of its own, so that
/// finding it in the output can only mean it went through.
const INJECTED: &[(&str, &str)] = &[
    ("OSC 52 clipboard write", "\x1b]52;c;aW5qZWN0ZWQ=\x07"),
    (
        "OSC 8 hyperlink",
        "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    ),
    ("CSI clear scrollback", "\x1b[3J"),
    ("CSI cursor move", "\x1b[999;999H"),
    ("CSI device status query", "\x1b[5n"),
    ("CSI colour", "\x1b[38;5;196;48;5;21m"),
    ("bell", "\x07"),
    ("NUL", "\0"),
    ("C1 CSI", "\u{9b}31m"),
    ("C1 OSC", "\u{9d}0;title\u{9c}"),
    ("BiDi override", "\u{202e}txet desrever\u{202c}"),
    ("BiDi isolate", "\u{2066}isolated\u{2069}"),
];

fn evil(tag: &str) -> String {
    let mut s = format!("{tag}:");
    for (_, seq) in INJECTED {
        s.push_str(seq);
        s.push(' ');
    }
    s
}

/// Byte strings that must never appear in what the binary writes. (The placeholders show
/// the rest of a sequence as text, "␛]52;c;…", which is harmless without its ESC.)
fn forbidden() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("OSC 52".into(), b"\x1b]52;".to_vec()),
        ("OSC 8".into(), b"\x1b]8;;https://evil".to_vec()),
        ("clear scrollback".into(), b"\x1b[3J".to_vec()),
        ("cursor move".into(), b"\x1b[999;999H".to_vec()),
        ("status query".into(), b"\x1b[5n".to_vec()),
        ("injected colour".into(), b"\x1b[38;5;196;48;5;21m".to_vec()),
        ("bell".into(), b"\x07".to_vec()),
        ("NUL".into(), b"\x00".to_vec()),
        ("RLO".into(), "\u{202e}".as_bytes().to_vec()),
        ("PDF".into(), "\u{202c}".as_bytes().to_vec()),
        ("LRI".into(), "\u{2066}".as_bytes().to_vec()),
        ("PDI".into(), "\u{2069}".as_bytes().to_vec()),
    ];
    for c1 in 0x80u32..0xa0 {
        let c = char::from_u32(c1).unwrap().to_string();
        out.push((format!("C1 U+{c1:04X}"), c.into_bytes()));
    }
    out
}

#[test]
fn escape_sequences_in_sources_and_notes_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut brief = store::load_default().unwrap().brief;
    brief.title = evil("title");
    brief.sections[0].heading = Some(evil("heading"));
    for s in &mut brief.sources {
        s.text = format!("{} {}", evil("text"), s.text);
        s.gloss = Some(evil("gloss"));
        s.url = Some(format!("https://example.com/{}", evil("url")));
        s.outlet = Some(evil("outlet").into());
    }
    let store_path = dir.path().join("evil.ron");
    std::fs::write(&store_path, store::to_ron_string(&brief)).unwrap();
    let mut flags = Flags::open(dir.path(), &brief.id).unwrap();
    for id in ["summary.1", "summary.2"] {
        flags.set_note(id, &evil("note"));
        flags.set_mark(id, Some(Mark::Disputed));
    }
    flags.save().unwrap();

    let mut pty = Pty::spawn(
        &[store_path.to_str().unwrap()],
        &[("BRIEFBENCH_DATA_DIR", dir.path().to_str().unwrap())],
        200,
        50,
    );
    pty.wait_for("summary.1");
    // The second claim (noted) cites [1]: its note in the editor, its source, then search.
    pty.send("j");
    pty.wait_for("claim 2/6");
    pty.send("n");
    let screen = pty.wait_for("note:");
    assert!(screen.contains('\u{241b}'), "ESC shown as ␛:\n{screen}");
    pty.send("\x1b");
    pty.send("\r");
    let screen = pty.wait_for("gloss:");
    assert!(
        screen.contains("text:") && screen.contains("url:"),
        "{screen}"
    );
    pty.send("\x1b");
    pty.send("/");
    pty.send("text");
    pty.wait_for("text:");
    pty.send("\x1b");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));

    let raw = &pty.raw;
    let mut blocked = 0;
    for (what, bytes) in forbidden() {
        let found = raw.windows(bytes.len()).position(|w| w == bytes.as_slice());
        assert!(
            found.is_none(),
            "{what} reached the terminal at byte {found:?}"
        );
        blocked += 1;
    }
    eprintln!(
        "{} injected sequences, {blocked} forbidden byte patterns, none in {} bytes of output",
        INJECTED.len(),
        raw.len()
    );
}

/// Sets the soft file-size limit of a running process: 0 makes every write to a file
/// fail (EFBIG), as a full disk would; `None` lifts it again.
fn limit_file_size(pid: i32, limit: Option<u64>) {
    let mut old = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: prlimit reads and writes only the structs passed.
    unsafe {
        assert_eq!(
            libc::prlimit(pid, libc::RLIMIT_FSIZE, std::ptr::null(), &mut old),
            0
        );
        let new = libc::rlimit {
            rlim_cur: limit.unwrap_or(old.rlim_max),
            rlim_max: old.rlim_max,
        };
        assert_eq!(
            libc::prlimit(pid, libc::RLIMIT_FSIZE, &new, std::ptr::null_mut()),
            0
        );
    }
}

#[test]
fn a_disk_that_refuses_writes_keeps_flags_in_memory_until_a_save_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", data)], 220, 50);
    pty.wait_for("summary.1");
    let brief_id = store::load_default().unwrap().brief.id;
    let marks = |ids: &[&str]| {
        let flags = Flags::open(dir.path(), &brief_id).unwrap();
        ids.iter()
            .map(|id| flags.get(id).and_then(|f| f.mark))
            .collect::<Vec<_>>()
    };

    limit_file_size(pty.pid(), Some(0));
    pty.send("f");
    pty.wait_for("NOT SAVED");
    pty.send("j");
    pty.send("f");
    let screen = pty.wait_for("flagged weak on summary.2, NOT SAVED");
    assert!(
        screen.contains("File too large"),
        "the OS's reason:\n{screen}"
    );
    assert_eq!(marks(&["summary.1", "summary.2"]), vec![None, None]);

    // The disk is back: the next change saves the earlier ones too.
    limit_file_size(pty.pid(), None);
    pty.send("j");
    pty.send("f");
    pty.wait_for("flagged weak on summary.3");
    assert_eq!(
        marks(&["summary.1", "summary.2", "summary.3"]),
        vec![Some(Mark::Weak); 3]
    );

    // Quitting with a flag that cannot be saved asks first, then hands it over on stderr.
    limit_file_size(pty.pid(), Some(0));
    pty.send("j");
    pty.send("f");
    pty.wait_for("flagged weak on summary.4, NOT SAVED");
    pty.send("q");
    pty.wait_for("quit again");
    assert!(!pty.cooked(), "still running, in raw mode");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(2), "an exit code that says so");
    let out = String::from_utf8_lossy(&pty.raw);
    let tail = &out[out.rfind("\x1b[?1049l").expect("left the alternate screen")..];
    assert!(tail.contains("could not be saved"), "{tail}");
    assert!(
        tail.contains("\"summary.4\""),
        "the unsaved flag itself: {tail}"
    );
    assert_eq!(marks(&["summary.4"]), vec![None]);
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[
            ("BRIEFBENCH_DATA_DIR", dir.path().to_str().unwrap()),
            ("BRIEFBENCH_TEST_PANIC", "1"),
        ],
        120,
        40,
    );
    pty.wait_for("summary.1");
    assert!(!pty.cooked(), "raw mode while the workbench runs");
    assert!(
        pty.parser.screen().hide_cursor(),
        "cursor hidden while it runs"
    );
    pty.send("\x1b[24~"); // F12: the test-only panic
    let code = pty.wait_exit();
    assert_eq!(code, Some(101), "a panic's exit code");
    assert!(pty.cooked(), "cooked mode after the panic");
    assert!(
        !pty.parser.screen().hide_cursor(),
        "cursor shown after the panic"
    );
    let out = String::from_utf8_lossy(&pty.raw);
    assert!(out.rfind("\x1b[?1049l") > out.rfind("\x1b[?1049h"));
    assert!(out.contains("test-only panic"), "the panic is reported");
}

/// Every signal that ends the process by default and can be caught, sent from outside:
/// the terminal is restored (cooked, main screen, mouse tracking off, cursor shown) and the
/// note being typed is saved, as quitting does.
#[test]
fn every_ending_signal_restores_the_terminal_and_keeps_the_note_being_typed() {
    let signals = [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("VTALRM", libc::SIGVTALRM),
        ("PROF", libc::SIGPROF),
        ("XCPU", libc::SIGXCPU),
        ("IO", libc::SIGIO),
        ("PWR", libc::SIGPWR),
        ("RTMIN", libc::SIGRTMIN()),
        ("RTMAX", libc::SIGRTMAX()),
    ];
    for (name, sig) in signals {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", data)], 160, 40);
        pty.wait_for("summary.1");
        assert!(!pty.cooked(), "SIG{name}: raw mode while it runs");
        assert_ne!(
            pty.parser.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "SIG{name}: mouse tracking while it runs"
        );
        pty.send("n");
        pty.wait_for("Note on summary.1");
        pty.send("draft before SIG");
        pty.send(name);
        pty.wait_for(&format!("draft before SIG{name}"));
        pty.kill(sig);
        assert_eq!(pty.wait_exit(), Some(0), "SIG{name} ends the workbench");
        assert!(pty.cooked(), "SIG{name}: cooked mode after");
        let screen = pty.parser.screen();
        assert!(!screen.alternate_screen(), "SIG{name}: main screen after");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "SIG{name}: mouse tracking off after"
        );
        assert!(!screen.hide_cursor(), "SIG{name}: cursor shown after");
        let brief_id = store::load_default().unwrap().brief.id;
        let flags = Flags::open(dir.path(), &brief_id).unwrap();
        assert_eq!(
            flags.get("summary.1").map(|f| f.note.as_str()),
            Some(format!("draft before SIG{name}").as_str()),
            "SIG{name}: the draft is saved"
        );
        let out = String::from_utf8_lossy(&pty.raw);
        assert!(out.contains("note you were typing"), "SIG{name}: said so");
    }
}

/// Flags that cannot be saved when a signal ends the workbench are printed, not lost.
#[test]
fn sigint_from_outside_prints_flags_that_cannot_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", data)], 220, 50);
    pty.wait_for("summary.1");
    limit_file_size(pty.pid(), Some(0));
    pty.send("f");
    pty.wait_for("flagged weak on summary.1, NOT SAVED");
    pty.kill(libc::SIGINT);
    assert_eq!(pty.wait_exit(), Some(2), "an exit code that says so");
    assert!(pty.cooked(), "cooked mode after");
    let out = String::from_utf8_lossy(&pty.raw);
    let tail = &out[out.rfind("\x1b[?1049l").expect("left the alternate screen")..];
    assert!(tail.contains("could not be saved"), "{tail}");
    assert!(tail.contains("\"summary.1\""), "the unsaved flag: {tail}");
}

/// Ctrl-Z gives the terminal back and stops the process; SIGCONT (a shell's `fg`) takes it
/// again and redraws. SIGTSTP from outside does the same; so does a SIGSTOP nobody asked
/// for, once continued.
#[test]
fn ctrl_z_and_sigtstp_suspend_and_sigcont_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", data)], 160, 40);
    pty.wait_for("summary.1");
    for (i, how) in ["Ctrl-Z", "SIGTSTP", "SIGSTOP"].into_iter().enumerate() {
        // Something to redraw that proves it is the same workbench, state and all.
        let at = format!("claim {}/", i + 2);
        pty.send("j");
        pty.wait_for(&at);
        match how {
            "Ctrl-Z" => pty.send("\x1a"),
            "SIGTSTP" => pty.kill(libc::SIGTSTP),
            _ => pty.kill(libc::SIGSTOP),
        }
        pty.wait_until(&format!("stopped after {how}"), |p| p.stopped());
        if how != "SIGSTOP" {
            assert!(pty.cooked(), "{how}: cooked while stopped");
            let screen = pty.parser.screen();
            assert!(
                !screen.alternate_screen(),
                "{how}: main screen while stopped"
            );
            assert_eq!(
                screen.mouse_protocol_mode(),
                vt100::MouseProtocolMode::None,
                "{how}: no mouse tracking while stopped"
            );
            assert!(!screen.hide_cursor(), "{how}: cursor shown while stopped");
        }
        pty.kill(libc::SIGCONT);
        pty.wait_until(&format!("back in raw mode after {how}"), |p| {
            !p.stopped() && !p.cooked() && p.parser.screen().alternate_screen()
        });
        pty.wait_for(&at);
        assert_ne!(
            pty.parser.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{how}: mouse tracking again"
        );
        // Keys work again.
        pty.send("?");
        pty.wait_for("Help — Esc closes");
        pty.send("\x1b");
    }
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
    assert!(pty.cooked());
}

/// A bracketed paste is one edit: 100 KB pasted into the search popup runs one search and
/// is cut at the input limit, said where it is typed; the same in the note editor, whose
/// note is saved cut. (Before, each character reran the search: 220 KB never finished.)
#[test]
fn a_large_paste_is_one_edit_cut_at_the_limit_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let mut pty = Pty::spawn(&[], &[("BRIEFBENCH_DATA_DIR", data)], 160, 40);
    pty.wait_for("summary.1");
    let paste = |body: &str| format!("\x1b[200~{body}\x1b[201~");
    let big = "meta\r\n".repeat(100_000 / 6);

    pty.send("/");
    pty.wait_for("Search sources");
    pty.send(&paste(&big));
    pty.wait_for("full: a query is 4000 bytes at most");
    // Still answering keys: the popup closes, the workbench is there.
    pty.send("\x1b");
    pty.wait_until("closed the search popup", |p| {
        !p.screen().contains("Search sources")
    });

    pty.send("n");
    pty.wait_for("Note on summary.1");
    pty.send(&paste(&big));
    pty.wait_for("full: 4000 bytes at most");
    pty.send("\r");
    pty.wait_for("note saved on summary.1");
    pty.send("q");
    assert_eq!(pty.wait_exit(), Some(0));
    let brief_id = store::load_default().unwrap().brief.id;
    let flags = Flags::open(dir.path(), &brief_id).unwrap();
    let note = flags.get("summary.1").unwrap().note.clone();
    assert!(
        (3_990..=4_000).contains(&note.len()),
        "cut at the limit: {}",
        note.len()
    );
    assert!(note.starts_with("meta meta "), "line breaks became spaces");
    let out = String::from_utf8_lossy(&pty.raw);
    assert!(out.contains("\x1b[?2004h"), "bracketed paste turned on");
    assert!(
        out.rfind("\x1b[?2004l") > out.rfind("\x1b[?2004h"),
        "and off again on the way out"
    );
}
