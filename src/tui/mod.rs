//! The workbench in the terminal: state (`app`), input (`keymap` → `action`), the one
//! `update`, and `view` to draw. This module owns the terminal: it sets it up, runs the
//! loop, and always puts it back (on quit, error, panic, SIGTERM and SIGHUP).

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod picker;
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
/// What in a config the workbench cannot use (a colour or a key that is not one, a style
/// or an action that does not exist, Ctrl-c taken from quitting): each makes the file
/// invalid (see [`crate::config::Loaded::reject`]).
pub fn config_invalid(config: &crate::config::Config) -> Vec<crate::config::Invalid> {
    let mut out = Theme::invalid(config);
    out.extend(keymap::Keymap::invalid(&config.keys));
    out
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Set once per process, however many screens run (the picker, then a workbench, then the
/// picker again): the flag SIGTERM and SIGHUP raise, the panic hook, the hang-up watchdog.
fn install_once() -> io::Result<Arc<AtomicBool>> {
    static STOP: std::sync::OnceLock<Arc<AtomicBool>> = std::sync::OnceLock::new();
    if let Some(stop) = STOP.get() {
        return Ok(Arc::clone(stop));
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    install_panic_hook();
    watch_for_hangup(Arc::clone(&stop));
    let _ = STOP.set(Arc::clone(&stop));
    Ok(stop)
}

/// Whether a signal asked the process to end: a caller that would show another screen
/// (the picker after a workbench) stops instead.
pub fn stopping() -> bool {
    install_once().is_ok_and(|s| s.load(Ordering::Relaxed))
}

/// Runs the brief picker until the analyst opens a brief (or a source in one) or quits.
pub fn pick(
    picker: &mut picker::Picker,
    theme: &Theme,
    keys: &keymap::Keymap,
) -> io::Result<picker::Outcome> {
    let stop = install_once()?;
    setup()?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let mut dirty = true;
        while !stop.load(Ordering::Relaxed) {
            if dirty {
                terminal.draw(|f| view::picker::render(f, picker, theme))?;
                dirty = false;
            }
            if !event::poll(Duration::from_millis(200))? {
                continue;
            }
            let action = match event::read()? {
                Event::Key(key) => keys.map_key(Scope::Search, key),
                Event::Mouse(m) => keymap::map_mouse(m),
                Event::Resize(..) => {
                    dirty = true;
                    None
                }
                _ => None,
            };
            if let Some(action) = action {
                dirty = true;
                match picker.update(action) {
                    picker::Outcome::Stay => {}
                    chosen => return Ok(chosen),
                }
            }
        }
        Ok(picker::Outcome::Quit)
    })();
    restore();
    result
}

/// Runs the workbench until the analyst quits or a signal asks it to stop.
pub fn run(app: &mut App, theme: &Theme) -> io::Result<()> {
    let stop = install_once()?;
    setup()?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let size = terminal.size()?;
        app.size = (size.width, size.height);
        event_loop(&mut terminal, app, theme, &stop)
    })();
    restore();
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App,
    theme: &Theme,
    stop: &AtomicBool,
) -> io::Result<()> {
    let test_panic = std::env::var_os("BRIEFBENCH_TEST_PANIC").is_some();

    let mut dirty = true;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal.draw(|f| view::render(f, app, theme))?;
            dirty = false;
        }
        // Poll with a timeout so that a signal is noticed even when no key comes; faster
        // while an analysis runs, to move its progress bar.
        let wait = if app.pending.is_some() { 100 } else { 200 };
        if !event::poll(Duration::from_millis(wait))? {
            dirty = app.pending.is_some();
            if app.poll_analysis() {
                dirty = true;
            }
            continue;
        }
        if app.poll_analysis() {
            dirty = true;
        }
        let action = match event::read()? {
            Event::Key(key) => {
                if test_panic && key.code == KeyCode::F(12) {
                    panic!(
                        "test-only panic (BRIEFBENCH_TEST_PANIC), to prove the terminal is restored"
                    );
                }
                app.keymap.map_key(scope(app), key)
            }
            Event::Mouse(m) => keymap::map_mouse(m),
            Event::Resize(w, h) => Some(action::Action::Resize(w, h)),
            _ => None,
        };
        if let Some(action) = action {
            update::update(app, action);
            dirty = true;
        }
    }
    Ok(())
}

/// A terminal that went away (its window closed, tmux killed) reads as endless end-of-file,
/// and crossterm's poll then spins without returning, so the loop never sees SIGHUP's flag.
/// A watchdog thread notices the hang-up and ends the process: there is no terminal left to
/// restore, and every flag and note was saved when it was made.
/// The same thread makes sure SIGTERM and SIGHUP end the process even then: the loop gets a
/// second to restore the terminal, then the process exits.
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
                if since.elapsed() > Duration::from_secs(1) {
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
    match (&app.overlay, app.focus) {
        (Some(Overlay::Help(_)), _) => Scope::Help,
        (Some(Overlay::Search(_)), _) => Scope::Search,
        (Some(Overlay::Note { .. }), _) => Scope::Note,
        (None, Pane::Source) => Scope::Viewer,
        (None, _) => Scope::Main,
    }
}

fn setup() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        cursor::Hide
    )?;
    // Lets Ctrl-i be told apart from Tab where the terminal supports it; others ignore it.
    let _ = execute!(
        out,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
    Ok(())
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        PopKeyboardEnhancementFlags,
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
