//! What the terminal shows after each key equals a fresh full redraw of the same state.
//!
//! ratatui writes only the cells that changed since the last frame, trusting that the
//! terminal advanced its cursor by the width ratatui measured. A grapheme the terminal
//! draws at another width (an emoji with a variation selector, a ZWJ family, a skin tone)
//! makes the following writes land one or more columns off, and old cells stay behind
//! until something redraws everything. SIGCONT makes the workbench clear the screen and
//! write every cell (as after a shell's `fg`): the screen before and after it must agree.

mod common;

use common::pty::Pty;

const SIGCONT: i32 = 18;

fn rows(pty: &Pty) -> Vec<String> {
    let screen = pty.parser.screen();
    let (_, cols) = screen.size();
    // A blank cell and a written space look the same: compare what is visible.
    screen
        .rows(0, cols)
        .map(|r| r.trim_end().to_string())
        .collect()
}

/// Forces a full redraw and returns the screen it gives.
fn fresh_redraw(pty: &mut Pty) -> Vec<String> {
    let mark = pty.raw.len();
    pty.kill(SIGCONT);
    // The redraw starts with a clear of the whole screen.
    pty.wait_until("cleared the screen for a full redraw", |p| {
        p.raw[mark..].windows(4).any(|w| w == b"\x1b[2J")
    });
    // The clear and the frame after it are two writes: on a loaded machine the pause
    // between them can outlast `settle`'s quiet. The frame is there once its first and
    // last rows are (the header and the footer are never blank).
    pty.wait_until("the full redraw drawn", |p| {
        let drawn = rows(p);
        drawn.first().is_some_and(|r| !r.is_empty()) && drawn.last().is_some_and(|r| !r.is_empty())
    });
    pty.settle();
    rows(pty)
}

/// Sends each key and checks the screen against a fresh full redraw after it.
fn walk(pty: &mut Pty, keys: &[&str]) {
    let mut sent: Vec<&str> = Vec::new();
    for key in keys {
        let mark = pty.raw.len();
        pty.send(key);
        sent.push(key);
        pty.settle();
        // A save runs off the UI thread and its result redraws the status line: wait for
        // it to land, so that the full redraw shows the same state.
        if pty.screen().contains("saving…") {
            pty.wait_until("the save's result came back", |p| {
                !p.screen().contains("saving…")
            });
            pty.settle();
        }
        let incremental = rows(pty);
        let full = fresh_redraw(pty);
        if incremental != full {
            let diff: Vec<String> = incremental
                .iter()
                .zip(&full)
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("row {i}:\n  shown: {a}\n  fresh: {b}"))
                .collect();
            if std::env::var_os("DUMP").is_some() {
                std::fs::write("/tmp/t/frame.bin", &pty.raw[mark..]).unwrap();
            }
            panic!(
                "after keys {:?} the screen differs from a full redraw:\n{}",
                sent,
                diff.join("\n")
            );
        }
    }
}

/// A fixed pseudo-random walk over the workbench's keys (no quit, no external editor).
fn random_keys(n: usize, seed: u64) -> Vec<&'static str> {
    const KEYS: &[&str] = &[
        "j",
        "j",
        "j",
        "k",
        "k",
        "h",
        "l",
        "l",
        "\t",
        "\r",
        "\r",
        "\x7f",
        "]",
        "[",
        "}",
        "{",
        "w",
        "s",
        "i",
        "g",
        "G",
        "\x1b[6~",
        "\x1b[5~",
        "?",
        "\x1b",
        "\x1b",
        "/",
        "/",
        "k",
        "e",
        "n",
        "y",
        "a",
        "\x0e",
        "\x10",
        "\x1b[1;3C",
        "\x1b[1;3D",
    ];
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            KEYS[(state >> 33) as usize % KEYS.len()]
        })
        .collect()
}

#[test]
fn the_issue_repro_on_the_embedded_brief_leaves_no_stale_cells() {
    let data = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(
        &[],
        &[("BRIEFBENCH_DATA_DIR", data.path().to_str().unwrap())],
        150,
        42,
    );
    pty.wait_for("summary.1");
    pty.settle();
    walk(&mut pty, &["h", "j", "j", "j", "l", "j", "j", "j", "j"]);
}

#[test]
fn every_key_on_a_brief_of_emoji_cjk_and_variation_selectors_equals_a_full_redraw() {
    let data = tempfile::tempdir().unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/emoji-brief.md");
    for (cols, rows, seed) in [(150u16, 42u16, 7u64), (120, 40, 11)] {
        let mut pty = Pty::spawn(
            &[fixture],
            &[
                ("BRIEFBENCH_DATA_DIR", data.path().to_str().unwrap()),
                ("EDITOR", "true"),
            ],
            cols,
            rows,
        );
        pty.wait_for("summary.1");
        pty.settle();
        walk(&mut pty, &random_keys(150, seed));
        pty.send("\x1b\x1b");
        pty.send("q");
    }
}
