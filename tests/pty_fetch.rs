//! `F` and `o` in the real workbench, in a pseudo terminal: `F` fetches the selected
//! source's page from a server on 127.0.0.1 in the background, the viewer then shows the
//! page's text and where it came from (control characters as placeholders), and the
//! analysis changes; `o` hands the URL, as one argument, to the system's opener (here a
//! stand-in `xdg-open` on PATH that writes down its arguments).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use common::pty::Pty;
use common::web::Server;

#[test]
fn f_fetches_the_source_in_the_background_and_o_opens_its_url() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let md = dir.path().join("harbour.md");
    let url = server.url("/controls");
    std::fs::write(
        &md,
        format!(
            "# Harbour Works\n\nDate: 2026-03-05\n\nA page hides a clipboard write in its story[^1].\n\n[^1]: {url}\n"
        ),
    )
    .unwrap();
    // The stand-in opener: its arguments, one a line.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> '{}'; done\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_briefbench"));
    cmd.arg(&md)
        .env("BRIEFBENCH_DATA_DIR", &data)
        .env("BRIEFBENCH_CACHE_DIR", data.join("cache"))
        .env("PATH", &path);
    let mut pty = Pty::spawn_command(cmd, 160, 45);
    let before = pty.wait_for("no text: run `briefbench fetch`");
    assert!(
        !before.contains("0 weak · 0 unsupported"),
        "with no text the claim is not backed:\n{before}"
    );
    pty.send("F");
    pty.wait_for("fetched 1, cached 0, failed 0");
    // The viewer says where the text came from ("fetched 2026-11-29 from http://…").
    let screen = pty.wait_for("text    fetched 20");
    assert!(
        screen.contains("clipboard write"),
        "the page's text in the viewer:\n{screen}"
    );
    assert!(
        screen.contains("0 weak · 0 unsupported"),
        "the analysis was redone with the page's text:\n{screen}"
    );
    assert_eq!(server.hits("/controls"), 1);
    // The page's escapes never reached the terminal raw: no OSC 52, no BiDi override.
    let raw = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(!raw.contains("\x1b]52"), "OSC 52 reached the terminal");
    assert!(
        !raw.contains('\u{202e}'),
        "a BiDi override reached the terminal"
    );

    pty.send("o");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let args = std::fs::read_to_string(&opened).expect("the opener ran");
    assert_eq!(args, format!("{url}\n"), "the URL, as one argument");
    pty.send("q");
    pty.wait_exit();
}
