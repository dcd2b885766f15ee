//! The workbench needs a terminal: without one it refuses in one line with exit 2, where it
//! used to run invisibly (stdout redirected) or say "os error 6" (no controlling terminal).
//! The commands keep working without a terminal.

mod common;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::Pty;

/// Runs the command to its end, or fails the test if it has not ended in 20 s (a workbench
/// running invisibly would never end). Its output is read as it comes, so a full pipe never
/// holds it up.
fn run_bounded(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .env("BRIEFBENCH_CONFIG", "/nonexistent/briefbench/config.ron")
        .spawn()
        .unwrap();
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                r.read_to_end(&mut buf).unwrap();
            }
            buf
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The binary in a session of its own: no controlling terminal.
fn without_controlling_terminal(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbench"));
    common::clear_user_env(&mut cmd);
    cmd.args(args);
    // SAFETY: setsid(2) is async-signal-safe; the child has one thread here.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

fn one_line(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn stdout_not_a_terminal_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = without_controlling_terminal(&[]);
    cmd.env("BRIEFBENCH_DATA_DIR", dir.path())
        .stdout(Stdio::piped());
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line(&out);
    assert!(err.contains("standard output is not one"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn into the pipe");
}

#[test]
fn stdout_redirected_from_a_terminal_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("screen.out");
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        r#"exec "$0" > "$1""#,
        env!("CARGO_BIN_EXE_briefbench"),
        out_file.to_str().unwrap(),
    ])
    .env("BRIEFBENCH_DATA_DIR", dir.path());
    let mut pty = Pty::spawn_command(cmd, 120, 40);
    assert_eq!(pty.wait_exit(), Some(2), "refused, not run invisibly");
    pty.wait_for("standard output is not one");
    assert!(pty.cooked(), "the terminal was never taken");
    assert_eq!(std::fs::read(&out_file).unwrap(), b"", "nothing drawn");
}

#[test]
fn no_controlling_terminal_is_refused_in_one_line_not_os_error_6() {
    let dir = tempfile::tempdir().unwrap();
    // A terminal on stdout, but not this process's controlling terminal.
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills two descriptors; the null pointers ask for no name or settings.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0);
    // SAFETY: both descriptors were just opened and are owned here alone.
    let (master, slave) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::os::fd::OwnedFd::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut cmd = without_controlling_terminal(&[]);
    cmd.env("BRIEFBENCH_DATA_DIR", dir.path())
        .stdout(Stdio::from(slave));
    let out = run_bounded(cmd);
    drop(master);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line(&out);
    assert!(err.contains("no controlling terminal"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn the_commands_work_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["validate"][..],
        &["check", "--format", "json"],
        &["search", "chip"],
        &["export", "--format", "csv"],
    ] {
        let mut cmd = without_controlling_terminal(args);
        cmd.env("BRIEFBENCH_DATA_DIR", dir.path())
            .stdout(Stdio::piped());
        let out = run_bounded(cmd);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {out:?}"
        );
        assert!(!out.stdout.is_empty(), "{args:?} printed its answer");
    }
}
