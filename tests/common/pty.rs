//! The real binary in a pseudo terminal, its output parsed into a screen by vt100.

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::{Session, WaitStatus};

/// How long to wait for the screen to show something before the test fails. Generous: it
/// bounds a hang, it does not measure speed.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Pty {
    session: Session,
    pub parser: vt100::Parser,
    /// Every byte the program wrote, in order.
    pub raw: Vec<u8>,
}

impl Pty {
    pub fn spawn(args: &[&str], envs: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbench"));
        cmd.args(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        Pty::spawn_command(cmd, cols, rows)
    }

    /// Any command in the pty (a shell that redirects the binary's output, say).
    pub fn spawn_command(mut cmd: Command, cols: u16, rows: u16) -> Pty {
        cmd.env_remove("NO_COLOR");
        // The user's own config never leaks into a test; a test can name one.
        if cmd.get_envs().all(|(k, _)| k != "BRIEFBENCH_CONFIG") {
            cmd.env("BRIEFBENCH_CONFIG", "/nonexistent/briefbench/config.ron");
        }
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("set pty size");
        Pty {
            session,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
        }
    }

    /// Reads what is there to read now.
    pub fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    self.parser.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(_) => break,
            }
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            self.pump();
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("the screen never showed {text:?}; it shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.pump();
        let before = self.raw.len();
        self.session
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.session.flush().expect("flush pty");
        self.answer(before);
    }

    /// Waits for the program to answer what was just sent: for its first byte, then for the
    /// frame to be done (see [`Pty::settle`]). A key that redraws nothing writes nothing:
    /// after a second without an answer the wait gives up, and the test looks at the screen
    /// as always.
    fn answer(&mut self, before: usize) {
        const NO_ANSWER: Duration = Duration::from_secs(1);
        let start = Instant::now();
        while self.raw.len() == before && start.elapsed() < NO_ANSWER {
            std::thread::sleep(Duration::from_millis(5));
            self.pump();
        }
        self.settle();
    }

    /// Reads until the program has been quiet for a moment: a frame is written in
    /// quick succession, so a pause means it is done. A screen that animates (a progress line)
    /// never goes quiet for long; after a few seconds what it shows is what the test sees.
    pub fn settle(&mut self) {
        const QUIET: Duration = Duration::from_millis(40);
        const BUSY: Duration = Duration::from_secs(3);
        let start = Instant::now();
        let mut last_len = self.raw.len();
        let mut last_change = start;
        while start.elapsed() < BUSY {
            std::thread::sleep(Duration::from_millis(5));
            self.pump();
            if self.raw.len() != last_len {
                last_len = self.raw.len();
                last_change = Instant::now();
            } else if last_change.elapsed() >= QUIET {
                return;
            }
        }
    }

    /// Resizes the terminal, as a window manager would (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize pty");
        self.parser.screen_mut().set_size(rows, cols);
    }

    /// Whether the terminal is in cooked mode (line editing and signal keys on), as a
    /// shell expects it; raw mode turns both off. (Echo is not looked at: the test harness
    /// spawns with echo off.)
    pub fn cooked(&self) -> bool {
        use std::os::fd::AsRawFd;
        let master = self
            .session
            .get_process()
            .get_raw_handle()
            .expect("the pty's master side");
        let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the struct on success, checked before it is read.
        let t = unsafe {
            assert_eq!(libc::tcgetattr(master.as_raw_fd(), t.as_mut_ptr()), 0);
            t.assume_init()
        };
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ISIG != 0
    }

    pub fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Sends a signal to the program, as `kill -SIG` would.
    pub fn kill(&self, sig: i32) {
        // SAFETY: kill(2) on our own child's pid.
        assert_eq!(unsafe { libc::kill(self.pid(), sig) }, 0, "kill {sig}");
    }

    /// Whether the program is stopped (state T in /proc), as after Ctrl-Z in a shell.
    pub fn stopped(&self) -> bool {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        // "pid (comm) S ...": the state follows the last ')'.
        let state = stat[stat.rfind(')').unwrap() + 1..].trim_start();
        state.starts_with('T') || state.starts_with('t')
    }

    /// Waits until `what` holds, reading the output meanwhile; panics with `why` if it never
    /// does.
    pub fn wait_until(&mut self, why: &str, mut what: impl FnMut(&mut Pty) -> bool) {
        let start = Instant::now();
        loop {
            self.pump();
            if what(self) {
                return;
            }
            if start.elapsed() > PATIENCE {
                panic!("never {why}; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to exit and returns its exit code (None if killed by a signal).
    pub fn wait_exit(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            self.pump();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => return Some(code),
                Ok(WaitStatus::Signaled(..)) => return None,
                _ if start.elapsed() > PATIENCE => {
                    panic!("the program did not exit:\n{}", self.screen())
                }
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}
