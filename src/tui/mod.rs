//! The workbench in the terminal: state (`app`), input (`keymap` → `action`), the one
//! `update`, and `view` to draw. This module owns the terminal: it sets it up, runs the
//! loop, and always puts it back (on quit, error, panic, and every signal that ends the
//! process); Ctrl-Z and SIGTSTP give it back for the time the process is stopped.

pub mod action;
pub mod app;
pub mod copy;
mod document;
mod editor;
pub mod effect;
pub mod fetching;
pub mod help_filter;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod memory;
mod navigation;
pub mod picker;
mod screen;
pub mod search;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, Event, KeyCode, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use app::{App, Overlay, Pane};
use keymap::Scope;
use theme::Theme;

/// A count with its noun, as a reader says it: "1 claim", "2 claims", "0 claims".
/// Every count the workbench and the commands print goes through here.
/// What in a config the workbench cannot use (a key that is not one, an action that does
/// not exist, Ctrl-c taken from quitting): each makes the file invalid (see
/// [`crate::config::Loaded::reject`]). A style or a colour that is none is already an error
/// when the file is read.
pub fn config_invalid(config: &crate::config::Config) -> Vec<crate::config::Invalid> {
    keymap::Keymap::invalid(&config.keys)
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The signals that end the process by default and can be caught. Each asks the screen to
/// stop, restore the terminal and keep unsaved flags, as quitting does; a second one while
/// that runs ends the process at once (exit 1). SIGKILL cannot be caught; SIGILL, SIGFPE,
/// SIGSEGV and SIGBUS are the program's own faults (the panic hook covers Rust's); SIGPIPE
/// is ignored by Rust; SIGXFSZ is turned into a failed write in `main`.
fn ending_signals() -> Vec<i32> {
    use signal_hook::consts::*;
    let mut sigs = vec![
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGIO, SIGSYS, SIGTRAP, SIGABRT,
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        sigs.push(libc::SIGPWR);
        sigs.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    }
    sigs
}

/// What signals asked of the screen on the screen: stop, suspend (SIGTSTP), or redraw after
/// the process was continued (SIGCONT, after a stop it did not ask for itself).
struct Signals {
    stop: Arc<AtomicBool>,
    suspend: Arc<AtomicBool>,
    resumed: Arc<AtomicBool>,
}

/// Set once the screen that a signal stopped has restored the terminal: the watchdog then
/// leaves the main thread to save the flags, however long that takes.
static RESTORED_AFTER_STOP: AtomicBool = AtomicBool::new(false);

/// Set once per process, however many screens run (the picker, then a workbench, then the
/// picker again): the flags signals raise, the panic hook, the hang-up watchdog.
fn install_once() -> io::Result<&'static Signals> {
    static SIGNALS: std::sync::OnceLock<Signals> = std::sync::OnceLock::new();
    if let Some(s) = SIGNALS.get() {
        return Ok(s);
    }
    let signals = Signals {
        stop: Arc::new(AtomicBool::new(false)),
        suspend: Arc::new(AtomicBool::new(false)),
        resumed: Arc::new(AtomicBool::new(false)),
    };
    for sig in ending_signals() {
        // The order matters: the shutdown checks the flag before the second sets it.
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&signals.stop))?;
        signal_hook::flag::register(sig, Arc::clone(&signals.stop))?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&signals.suspend))?;
    signal_hook::flag::register(signal_hook::consts::SIGCONT, Arc::clone(&signals.resumed))?;
    install_panic_hook();
    watch_for_hangup(Arc::clone(&signals.stop));
    let _ = SIGNALS.set(signals);
    Ok(SIGNALS.get().expect("set just above"))
}

/// Whether a signal asked the process to end: a caller that would show another screen
/// (the picker after a workbench) stops instead.
pub fn stopping() -> bool {
    install_once().is_ok_and(|s| s.stop.load(Ordering::Relaxed))
}

/// Why the workbench cannot run here, if it cannot: it draws on standard output and reads
/// keys from the controlling terminal, so it needs both. (The commands need neither.)
pub fn check_terminal() -> Result<(), String> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return Err(
            "the workbench needs a terminal, and standard output is not one \
                    (use `briefbench check`, `search` or `export` to write to a file or a pipe)"
                .into(),
        );
    }
    if std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_err()
    {
        return Err(
            "the workbench needs a terminal, and this process has no controlling \
                    terminal (run it from a terminal, or use the commands: briefbench --help)"
                .into(),
        );
    }
    Ok(())
}

/// What the loop does with a Ctrl-Z or a signal between two events.
enum Interrupt {
    None,
    /// The terminal was given back and taken again: draw everything.
    Redraw,
}

/// Suspends on Ctrl-Z or SIGTSTP: the terminal is restored, the process stops as a shell
/// expects, and when it is continued (`fg`) raw mode, the alternate screen and the mouse are
/// taken again. A stop it did not ask for (SIGSTOP) is followed by a SIGCONT: the terminal
/// is taken again too, since the shell may have reset it meanwhile.
fn handle_suspend(signals: &Signals, ctrl_z: bool) -> io::Result<Interrupt> {
    if ctrl_z || signals.suspend.swap(false, Ordering::Relaxed) {
        restore();
        // The whole process group stops, as a shell's job does on Ctrl-Z: a script that
        // started briefbench stops too, so the shell sees the job stopped.
        // SAFETY: kill(2) on our own process group with a valid signal; SIGSTOP cannot be
        // caught, so this returns once the process is continued.
        unsafe {
            libc::kill(0, libc::SIGSTOP);
        }
        signals.suspend.store(false, Ordering::Relaxed);
        signals.resumed.store(false, Ordering::Relaxed);
        setup()?;
        return Ok(Interrupt::Redraw);
    }
    if signals.resumed.swap(false, Ordering::Relaxed) {
        take_terminal()?;
        return Ok(Interrupt::Redraw);
    }
    Ok(Interrupt::None)
}

/// Clears the screen and forgets what was drawn, so the next draw writes every cell.
/// (`Terminal::clear` asks the terminal where its cursor is, which some never answer.)
fn redraw_all(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
    *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok(())
}

fn is_ctrl_z(ev: &Event) -> bool {
    matches!(ev, Event::Key(k) if k.code == KeyCode::Char('z')
        && k.modifiers.contains(event::KeyModifiers::CONTROL)
        && k.kind != event::KeyEventKind::Release)
}

/// Runs the brief picker until the analyst opens a brief (or a source in one) or quits.
pub fn pick(
    picker: &mut picker::Picker,
    theme: &Theme,
    keys: &keymap::Keymap,
) -> io::Result<picker::Outcome> {
    picker.outcome = picker::Outcome::Stay;
    let mut screen = screen::PickerScreen {
        picker,
        keys,
        theme,
    };
    run_screen(&mut screen)?;
    Ok(match screen.picker.outcome {
        picker::Outcome::Stay => picker::Outcome::Quit,
        chosen => chosen,
    })
}

/// Runs the workbench until the analyst quits or a signal asks it to stop.
pub fn run(app: &mut App) -> io::Result<()> {
    run_screen(app)
}

/// Takes the terminal, runs one screen's loop, and gives the terminal back whatever
/// happens (the loop's error, a signal).
fn run_screen(screen: &mut impl screen::Screen) -> io::Result<()> {
    let signals = install_once()?;
    setup()?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        screen::event_loop(&mut terminal, screen, signals)
    })();
    restore_after(signals);
    result
}

/// Restores the terminal when a screen ends, and tells the watchdog when a signal ended it.
fn restore_after(signals: &Signals) {
    restore();
    if signals.stop.load(Ordering::Relaxed) {
        RESTORED_AFTER_STOP.store(true, Ordering::Relaxed);
    }
}

/// A terminal that went away (its window closed, tmux killed) reads as endless end-of-file,
/// and crossterm's poll then spins without returning, so the loop never sees SIGHUP's flag.
/// A watchdog thread notices the hang-up and ends the process: there is no terminal left to
/// restore, and every flag and note was saved when it was made.
/// The same thread makes sure an ending signal ends the process even then: the loop gets a
/// second to restore the terminal, then the process exits. Once the loop has restored it,
/// the main thread saves the flags however long that takes (a second signal ends it).
fn watch_for_hangup(stop: Arc<AtomicBool>) {
    let tty = std::io::IsTerminal::is_terminal(&io::stdin());
    std::thread::spawn(move || {
        let mut stopping_since = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if tty && terminal_gone() {
                std::process::exit(0);
            }
            if stop.load(Ordering::Relaxed) {
                let since = *stopping_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() > Duration::from_secs(1)
                    && !RESTORED_AFTER_STOP.load(Ordering::Relaxed)
                {
                    std::process::exit(0);
                }
            }
        }
    });
}

/// Whether standard input, our terminal, has hung up.
fn terminal_gone() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd on the stack, a zero timeout: poll(2) only writes `revents`.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Which key table applies now.
pub fn scope(app: &App) -> Scope {
    match (&app.ui.overlay, app.nav.focus) {
        // After `y`, a key names what to copy: letters come as typed.
        _ if app.ui.memory.copy_menu => Scope::Note,
        // Typing into the help's filter edits a line, as the note editor does.
        (Some(Overlay::Help(_)), _) if app.ui.memory.help_typing => Scope::Note,
        (Some(Overlay::Help(_)), _) => Scope::Help,
        (Some(Overlay::Search(_)), _) => Scope::Search,
        (Some(Overlay::Note { .. }), _) => Scope::Note,
        (None, Pane::Source) => Scope::Viewer,
        (None, _) => Scope::Main,
    }
}

fn setup() -> io::Result<()> {
    take_terminal()?;
    let mut out = io::stdout();
    // Lets Ctrl-i be told apart from Tab where the terminal supports it; others ignore it.
    let _ = execute!(
        out,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
    Ok(())
}

/// Raw mode, the alternate screen, the mouse, no cursor.
fn take_terminal() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste,
        cursor::Hide
    )
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        PopKeyboardEnhancementFlags,
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
