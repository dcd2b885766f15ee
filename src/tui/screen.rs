//! The one event loop, over screens (the brief picker, the workbench): a [`Screen`] maps
//! keys to actions, changes its state only in `update`, draws from `&self`, and asks for
//! I/O as effects, which a [`effect::Runner`] does off the UI thread; their results come
//! back through a channel the loop polls alongside the terminal's events.

use std::io;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;
use super::keymap::{self, Scope};
use super::theme::Theme;
use super::{
    Interrupt, Signals, action, effect, handle_suspend, is_ctrl_z, picker, redraw_all, scope,
    update, view,
};

/// A screen the one event loop runs: the brief picker, or the workbench. Each changes its
/// state only in `update`, draws from `&self`, and asks for I/O through effects.
pub trait Screen {
    /// What to start before the first key (the analysis, the picker's summaries).
    fn start(&mut self) -> effect::Effects;
    fn update(&mut self, msg: effect::Msg) -> effect::Effects;
    fn draw(&self, frame: &mut ratatui::Frame);
    /// The action a key asks for here.
    fn map_key(&self, key: event::KeyEvent) -> Option<action::Action>;
    /// Whether the screen is finished (quit, or a brief chosen).
    fn done(&self) -> bool;
    /// Work the screen runs on a thread of its own and polls (the workbench's `F` fetch):
    /// true when something came and the screen must redraw.
    fn poll(&mut self) -> bool {
        false
    }
    /// What must happen on the terminal itself, after an update asked for it: writing the
    /// clipboard (OSC 52), or handing the terminal to `$EDITOR`. It runs on the loop's
    /// thread, which owns the terminal; effects it asks for go to the runner.
    fn terminal_work(
        &mut self,
        _terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    ) -> io::Result<effect::Effects> {
        Ok(effect::Effects::new())
    }
    /// Whether it shows progress that moves without a key (redrawn every 100 ms).
    fn animating(&self) -> bool;
}

impl Screen for App {
    fn start(&mut self) -> effect::Effects {
        update::start(self)
    }
    fn update(&mut self, msg: effect::Msg) -> effect::Effects {
        update::update(self, msg)
    }
    fn draw(&self, frame: &mut ratatui::Frame) {
        view::render(frame, self)
    }
    fn map_key(&self, key: event::KeyEvent) -> Option<action::Action> {
        self.ui.keymap.map_key(scope(self), key)
    }
    fn done(&self) -> bool {
        self.ui.quit
    }
    fn terminal_work(
        &mut self,
        terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    ) -> io::Result<effect::Effects> {
        super::copy::flush(self)?;
        super::editor::run_pending(terminal, self)?;
        Ok(std::mem::take(&mut self.ui.outbox))
    }
    fn animating(&self) -> bool {
        self.doc.pending().is_some() || self.doc.fetched().busy()
    }
    fn poll(&mut self) -> bool {
        self.poll_fetch()
    }
}

/// The picker with its keys, as the loop runs it; `outcome` is what the analyst chose.
pub(super) struct PickerScreen<'a> {
    pub(super) picker: &'a mut picker::Picker,
    pub(super) keys: &'a keymap::Keymap,
    pub(super) theme: &'a Theme,
}

impl Screen for PickerScreen<'_> {
    fn start(&mut self) -> effect::Effects {
        self.picker.start()
    }
    fn update(&mut self, msg: effect::Msg) -> effect::Effects {
        self.picker.handle(msg)
    }
    fn draw(&self, frame: &mut ratatui::Frame) {
        view::picker::render(frame, self.picker, self.theme)
    }
    fn map_key(&self, key: event::KeyEvent) -> Option<action::Action> {
        self.keys.map_key(Scope::Search, key)
    }
    fn done(&self) -> bool {
        self.picker.outcome != picker::Outcome::Stay
    }
    fn animating(&self) -> bool {
        self.picker.summarising()
    }
}

/// The one loop: draw when something changed, then wait for a terminal event or an
/// effect's result (whichever comes first), turn it into a message, `update`, and hand the
/// effects to the runner. Signals are looked at between two events.
pub(super) fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    screen: &mut impl Screen,
    signals: &Signals,
) -> io::Result<()> {
    // Debug builds only (the tests' binary): a release build has no key that panics.
    let test_panic = cfg!(debug_assertions) && std::env::var_os("BRIEFBENCH_TEST_PANIC").is_some();
    let mut runner = effect::Runner::new();
    let size = terminal.size()?;
    let mut known = (size.width, size.height);
    runner.run_all(screen.update(action::Action::Resize(size.width, size.height).into()));
    runner.run_all(screen.start());

    let mut dirty = true;
    while !screen.done() && !signals.stop.load(Ordering::Relaxed) {
        if let Interrupt::Redraw = handle_suspend(signals, false)? {
            redraw_all(terminal)?;
            dirty = true;
        }
        // Results of effects first: each is one message, as a key is.
        while let Some(msg) = runner.try_recv() {
            runner.run_all(screen.update(msg));
            dirty = true;
        }
        dirty |= screen.poll();
        if screen.done() {
            break;
        }
        // A resize whose SIGWINCH came before the terminal's reader was listening gives no
        // event: the size is checked before each frame, so keys never act on a stale one.
        let now = terminal.size()?;
        if (now.width, now.height) != known {
            known = (now.width, now.height);
            runner.run_all(screen.update(action::Action::Resize(now.width, now.height).into()));
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| screen.draw(f))?;
            dirty = false;
        }
        // Poll with a timeout so that a signal or an effect's result is noticed even when
        // no key comes; faster while something runs, to move its progress and answer soon.
        let wait = if screen.animating() || runner.busy() {
            50
        } else {
            200
        };
        if !event::poll(Duration::from_millis(wait))? {
            dirty |= screen.animating();
            continue;
        }
        let ev = event::read()?;
        if is_ctrl_z(&ev) {
            handle_suspend(signals, true)?;
            redraw_all(terminal)?;
            dirty = true;
            continue;
        }
        let msg = match ev {
            Event::Key(key) => {
                if test_panic && key.code == KeyCode::F(12) {
                    panic!(
                        "test-only panic (BRIEFBENCH_TEST_PANIC), to prove the terminal is restored"
                    );
                }
                screen.map_key(key).map(effect::Msg::Action)
            }
            Event::Mouse(m) => keymap::map_mouse(m).map(effect::Msg::Action),
            Event::Resize(w, h) => {
                known = (w, h);
                Some(effect::Msg::Action(action::Action::Resize(w, h)))
            }
            Event::Paste(text) => Some(effect::Msg::Paste(text)),
            _ => None,
        };
        if let Some(msg) = msg {
            runner.run_all(screen.update(msg));
            runner.run_all(screen.terminal_work(terminal)?);
            dirty = true;
        }
    }
    Ok(())
}
