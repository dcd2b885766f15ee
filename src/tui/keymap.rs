//! Keys to actions, as a table: the help overlay and the footer are drawn from the same
//! table, so they cannot drift apart. The defaults are `BINDINGS`; the analyst's config can
//! rebind any pane action (`Keymap::with_config`).

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::action::Action;
use super::key::Key;
use crate::config::Invalid;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The panes, with no overlay open.
    Main,
    /// The source viewer focused: its own keys first, then the panes' keys.
    Viewer,
    /// The search popup.
    Search,
    /// The note editor.
    Note,
    /// The help overlay.
    Help,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scope: Scope,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
}

const fn bind(scope: Scope, code: KeyCode, mods: KeyModifiers, action: Action) -> Binding {
    Binding {
        scope,
        code,
        mods,
        action,
    }
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up,
};
use Scope::{Help, Main, Note, Search, Viewer};

/// What an action does where its key is pressed: most say the same everywhere, but Enter
/// saves a note and opens a search result.
pub fn describe(scope: Scope, action: Action) -> &'static str {
    match (scope, action) {
        (Note, Action::Activate) => "save the note",
        (Note, Action::Close) => "leave: the note stays as it was, the draft is kept for n",
        (Search, Action::Activate) => "open the selected result",
        (Search, Action::Close) => "close the search",
        (Help, Action::OpenSearch) => "filter these lines (Enter keeps the filter, Esc clears it)",
        _ => action.describe(),
    }
}

pub const BINDINGS: &[Binding] = &[
    bind(Main, Tab, NONE, Action::FocusNext),
    bind(Main, BackTab, SHIFT, Action::FocusPrev),
    bind(Main, Char('l'), NONE, Action::FocusRight),
    bind(Main, Right, NONE, Action::FocusRight),
    bind(Main, Char('h'), NONE, Action::FocusLeft),
    bind(Main, Left, NONE, Action::FocusLeft),
    bind(Main, Char('j'), NONE, Action::Down),
    bind(Main, Down, NONE, Action::Down),
    bind(Main, Char('k'), NONE, Action::Up),
    bind(Main, Up, NONE, Action::Up),
    bind(Main, Char('g'), NONE, Action::Top),
    bind(Main, Home, NONE, Action::Top),
    bind(Main, Char('G'), SHIFT, Action::Bottom),
    bind(Main, End, NONE, Action::Bottom),
    bind(Main, PageUp, NONE, Action::PageUp),
    bind(Main, PageDown, NONE, Action::PageDown),
    bind(Main, Char(']'), NONE, Action::NextMarker),
    bind(Main, Char('['), NONE, Action::PrevMarker),
    // As `]`/`[` step through a claim's markers, `}`/`{` step through the brief's weak claims.
    bind(Main, Char('}'), NONE, Action::NextWeak),
    bind(Main, Char('{'), NONE, Action::PrevWeak),
    bind(Main, Enter, NONE, Action::Activate),
    bind(Main, Backspace, NONE, Action::Back),
    bind(Main, Char('o'), CTRL, Action::Back),
    bind(Main, Left, ALT, Action::Back),
    // Ctrl-i is Tab on most terminals; it is told apart where the terminal reports it.
    bind(Main, Char('i'), CTRL, Action::Forward),
    bind(Main, Right, ALT, Action::Forward),
    bind(Main, Char('f'), NONE, Action::CycleFlag),
    bind(Main, Char('n'), NONE, Action::EditNote),
    bind(Main, Char('i'), NONE, Action::ToggleWhy),
    bind(Main, Char('w'), NONE, Action::CycleFilter),
    bind(Main, Char('s'), NONE, Action::SortByScore),
    bind(Main, Char('/'), NONE, Action::OpenSearch),
    bind(Main, Char('F'), SHIFT, Action::Fetch),
    bind(Main, Char('o'), NONE, Action::OpenUrl),
    // One meaning per key: `n` is the note in every pane, so the last search's results are
    // stepped with the keys that move through them in the search popup.
    bind(Main, Char('n'), CTRL, Action::NextResult),
    bind(Main, Char('p'), CTRL, Action::PrevResult),
    bind(Main, Char('d'), CTRL, Action::HalfPageDown),
    bind(Main, Char('u'), CTRL, Action::HalfPageUp),
    bind(Main, Char('y'), NONE, Action::Copy),
    bind(Main, Char('e'), NONE, Action::EditInEditor),
    bind(Main, Char('?'), NONE, Action::Help),
    bind(Main, Char('q'), NONE, Action::Quit),
    bind(Main, Char('c'), CTRL, Action::Quit),
    bind(Main, Esc, NONE, Action::Close),
    bind(Help, Esc, NONE, Action::Close),
    bind(Help, Char('?'), NONE, Action::Close),
    bind(Help, Char('q'), NONE, Action::Close),
    bind(Help, Char('j'), NONE, Action::Down),
    bind(Help, Down, NONE, Action::Down),
    bind(Help, Char('k'), NONE, Action::Up),
    bind(Help, Up, NONE, Action::Up),
    bind(Help, Char('g'), NONE, Action::Top),
    bind(Help, Home, NONE, Action::Top),
    bind(Help, Char('G'), SHIFT, Action::Bottom),
    bind(Help, End, NONE, Action::Bottom),
    bind(Help, PageDown, NONE, Action::PageDown),
    bind(Help, PageUp, NONE, Action::PageUp),
    bind(Help, Char('/'), NONE, Action::OpenSearch),
    bind(Help, Char('d'), CTRL, Action::HalfPageDown),
    bind(Help, Char('u'), CTRL, Action::HalfPageUp),
    bind(Search, Esc, NONE, Action::Close),
    bind(Search, Enter, NONE, Action::Activate),
    bind(Search, Up, NONE, Action::Up),
    bind(Search, Char('p'), CTRL, Action::Up),
    bind(Search, Down, NONE, Action::Down),
    bind(Search, Char('n'), CTRL, Action::Down),
    bind(Search, PageUp, NONE, Action::PageUp),
    bind(Search, PageDown, NONE, Action::PageDown),
    bind(Search, Tab, NONE, Action::SearchScope),
    // Ctrl-u clears the line, as in a shell; Ctrl-d goes half a page down the results.
    bind(Search, Char('d'), CTRL, Action::HalfPageDown),
    bind(Search, Backspace, NONE, Action::DeleteBack),
    bind(Search, Delete, NONE, Action::DeleteForward),
    bind(Search, Left, NONE, Action::CursorLeft),
    bind(Search, Right, NONE, Action::CursorRight),
    bind(Search, Home, NONE, Action::CursorHome),
    bind(Search, End, NONE, Action::CursorEnd),
    bind(Search, Char('u'), CTRL, Action::ClearLine),
    bind(Search, Char('c'), CTRL, Action::Quit),
    bind(Note, Esc, NONE, Action::Close),
    bind(Note, Enter, NONE, Action::Activate),
    bind(Note, Enter, ALT, Action::Newline),
    bind(Note, Char('j'), CTRL, Action::Newline),
    bind(Note, Backspace, NONE, Action::DeleteBack),
    bind(Note, Delete, NONE, Action::DeleteForward),
    bind(Note, Left, NONE, Action::CursorLeft),
    bind(Note, Right, NONE, Action::CursorRight),
    bind(Note, Home, NONE, Action::CursorHome),
    bind(Note, Char('a'), CTRL, Action::CursorHome),
    bind(Note, End, NONE, Action::CursorEnd),
    bind(Note, Char('e'), CTRL, Action::CursorEnd),
    bind(Note, Char('u'), CTRL, Action::ClearLine),
    bind(Note, Char('c'), CTRL, Action::Quit),
];

/// The bindings in effect.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS.to_vec(),
        }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action for a key in a scope. In text scopes, a printable key types itself.
    pub fn map_key(&self, scope: Scope, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        // Shift is implied by an upper-case or symbol char; compare without it there.
        let mods = match key.code {
            Char(_) => key.modifiers - SHIFT,
            _ => key.modifiers,
        };
        // Terminals send Ctrl-Q as Ctrl-q: a letter with Ctrl has no case.
        let code = match key.code {
            Char(c) if mods.contains(CTRL) => Char(c.to_ascii_lowercase()),
            c => c,
        };
        // Ctrl-c quits (saving first) in every scope, whatever the config says, so no
        // config can leave the workbench without a way out.
        if code == Char('c') && mods == CTRL {
            return Some(Action::Quit);
        }
        let found = self.bindings.iter().find(|b| {
            b.scope == scope
                && b.code == code
                && match b.code {
                    Char(_) => b.mods - SHIFT == mods,
                    _ => b.mods == mods,
                }
        });
        if let Some(b) = found {
            return Some(b.action);
        }
        if scope == Viewer {
            return self.map_key(Main, key);
        }
        match (scope, key.code) {
            (Search | Note, Char(c)) if !mods.intersects(CTRL | ALT) => Some(Action::Input(c)),
            _ => None,
        }
    }

    /// The keys bound to `action` in `scope`, as the help overlay shows them.
    pub fn keys_for(&self, scope: Scope, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.scope == scope && b.action == action)
            .map(|b| Key::new(b.code, b.mods).to_string())
            .collect()
    }

    /// The defaults with the config's keys: each named action's keys in the panes (or the
    /// viewer, for its own actions) replaced by the ones given. A key the config gives to
    /// one action is taken from any other that had it. Returns what could not be applied.
    pub fn with_config(keys: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (name, names) in keys {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!(
                    "keys: no action {name:?} (one of: {})",
                    Action::names()
                ));
                continue;
            };
            let scope = map
                .bindings
                .iter()
                .find(|b| b.action == action && matches!(b.scope, Main | Viewer))
                .map_or(Main, |b| b.scope);
            let mut parsed = Vec::new();
            for k in names {
                match k.parse::<Key>() {
                    Ok(key) => parsed.push((key.code, key.mods)),
                    Err(e) => problems.push(format!("keys: {name}: {e}")),
                }
            }
            if parsed.is_empty() {
                problems.push(format!("keys: {name}: no usable key; the default is kept"));
                continue;
            }
            map.bindings
                .retain(|b| !(b.scope == scope && b.action == action));
            for (code, mods) in parsed {
                let same = |b: &Binding| b.scope == scope && b.code == code && b.mods == mods;
                if let Some(other) = map.bindings.iter().find(|b| same(b)) {
                    problems.push(format!(
                        "keys: {} moves from {} to {name}",
                        Key::new(code, mods),
                        other.action.name().unwrap_or("another action")
                    ));
                }
                map.bindings.retain(|b| !same(b));
                map.bindings.push(bind(scope, code, mods, action));
            }
        }
        // Ctrl-c always quits (see `map_key`); the help says so whatever the config says.
        if !map.bindings.iter().any(|b| {
            b.scope == Main && b.code == Char('c') && b.mods == CTRL && b.action == Action::Quit
        }) {
            map.bindings.push(bind(Main, Char('c'), CTRL, Action::Quit));
        }
        (map, problems)
    }

    /// What in the config's keys is not a key or not an action, or would take Ctrl-c from
    /// quitting: each an error in the config file, which then is not used.
    pub fn invalid(keys: &BTreeMap<String, Vec<String>>) -> Vec<Invalid> {
        let mut out = Vec::new();
        for (name, names) in keys {
            let Some(action) = Action::from_name(name) else {
                out.push(Invalid {
                    field: "keys",
                    entry: name.clone(),
                    value: None,
                    message: format!("keys: no action {name:?} (one of: {})", Action::names()),
                });
                continue;
            };
            for k in names {
                let message = match k.parse::<Key>() {
                    Err(e) => format!("keys: {name}: {e}"),
                    Ok(Key {
                        code: Char('c'),
                        mods: CTRL,
                    }) if action != Action::Quit => format!(
                        "keys: {name}: Ctrl-c always quits (saving first) and cannot be rebound"
                    ),
                    Ok(_) => continue,
                };
                out.push(Invalid {
                    field: "keys",
                    entry: name.clone(),
                    value: Some(k.clone()),
                    message,
                });
            }
        }
        out
    }
}

pub fn map_mouse(ev: MouseEvent) -> Option<Action> {
    let (col, row) = (ev.column, ev.row);
    match ev.kind {
        MouseEventKind::Down(_) => Some(Action::Click { col, row }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { col, row }),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { col, row }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    /// The action for a key in a scope, with the default bindings.
    fn map_key(scope: Scope, k: KeyEvent) -> Option<Action> {
        Keymap::default().map_key(scope, k)
    }

    #[test]
    fn main_keys() {
        assert_eq!(map_key(Main, key(Char('j'), NONE)), Some(Action::Down));
        assert_eq!(map_key(Main, key(Char('G'), SHIFT)), Some(Action::Bottom));
        assert_eq!(map_key(Main, key(Char('G'), NONE)), Some(Action::Bottom));
        assert_eq!(map_key(Main, key(Char('?'), SHIFT)), Some(Action::Help));
        assert_eq!(map_key(Main, key(Char('o'), CTRL)), Some(Action::Back));
        assert_eq!(map_key(Main, key(Char('i'), CTRL)), Some(Action::Forward));
        assert_eq!(map_key(Main, key(BackTab, SHIFT)), Some(Action::FocusPrev));
        assert_eq!(map_key(Main, key(Char('x'), NONE)), None);
        assert_eq!(map_key(Main, key(Char('n'), NONE)), Some(Action::EditNote));
        // `n` is the note from the viewer too; the last search steps with Ctrl-n / Ctrl-p.
        assert_eq!(
            map_key(Viewer, key(Char('n'), NONE)),
            Some(Action::EditNote)
        );
        assert_eq!(
            map_key(Viewer, key(Char('f'), NONE)),
            Some(Action::CycleFlag)
        );
        assert_eq!(
            map_key(Viewer, key(Char('n'), CTRL)),
            Some(Action::NextResult)
        );
        assert_eq!(
            map_key(Viewer, key(Char('p'), CTRL)),
            Some(Action::PrevResult)
        );
        assert_eq!(map_key(Main, key(Char('i'), NONE)), Some(Action::ToggleWhy));
        assert_eq!(map_key(Viewer, key(Char('j'), NONE)), Some(Action::Down));
    }

    #[test]
    fn text_scopes_type_printable_keys() {
        assert_eq!(
            map_key(Search, key(Char('j'), NONE)),
            Some(Action::Input('j'))
        );
        assert_eq!(
            map_key(Note, key(Char('Q'), SHIFT)),
            Some(Action::Input('Q'))
        );
        assert_eq!(map_key(Search, key(Char('n'), CTRL)), Some(Action::Down));
        assert_eq!(map_key(Note, key(Char('x'), CTRL)), None);
    }

    #[test]
    fn keys_parse_as_the_help_names_them() {
        for b in BINDINGS {
            let name = Key::new(b.code, b.mods).to_string();
            assert_eq!(name.parse(), Ok(Key::new(b.code, b.mods)), "{name}");
        }
        // Terminals send Ctrl-F as Ctrl-f.
        assert_eq!("ctrl-F".parse::<Key>(), Ok(Key::new(Char('f'), CTRL)));
        assert_eq!("Ctrl-Q".parse::<Key>(), "Ctrl-q".parse::<Key>());
        assert_eq!("Ctrl-Shift-q".parse::<Key>(), Ok(Key::new(Char('q'), CTRL)));
        assert_eq!(
            "Q".parse::<Key>(),
            Ok(Key::new(Char('Q'), SHIFT)),
            "Q without Ctrl is not q"
        );
        assert_eq!("F5".parse::<Key>(), Ok(Key::new(KeyCode::F(5), NONE)));
        assert_eq!("-".parse::<Key>(), Ok(Key::new(Char('-'), NONE)));
        assert!("Hyper-x".parse::<Key>().is_err());
        assert!("F13".parse::<Key>().is_err());
        assert!("".parse::<Key>().is_err());
    }

    #[test]
    fn config_rebinds_and_reports() {
        let keys: BTreeMap<String, Vec<String>> = [
            (
                "open_search".to_string(),
                vec!["f".to_string(), "Ctrl-f".to_string()],
            ),
            (
                "quit".to_string(),
                vec!["x".to_string(), "Hyper-q".to_string()],
            ),
            ("fly".to_string(), vec!["y".to_string()]),
            ("next_result".to_string(), vec![".".to_string()]),
        ]
        .into_iter()
        .collect();
        let (map, problems) = Keymap::with_config(&keys);
        let k = |scope, c, m| map.map_key(scope, key(c, m));
        assert_eq!(k(Main, Char('f'), NONE), Some(Action::OpenSearch));
        assert_eq!(k(Main, Char('f'), CTRL), Some(Action::OpenSearch));
        assert_eq!(k(Main, Char('/'), NONE), None, "replaced, not added to");
        assert_eq!(k(Main, Char('x'), NONE), Some(Action::Quit));
        assert_eq!(k(Main, Char('q'), NONE), None);
        assert_eq!(k(Viewer, Char('.'), NONE), Some(Action::NextResult));
        assert_eq!(k(Main, Char('.'), NONE), Some(Action::NextResult));
        assert_eq!(k(Main, Char('n'), CTRL), None, "replaced");
        assert!(map.keys_for(Main, Action::CycleFlag).is_empty());
        let all = problems.join("\n");
        assert!(
            all.contains("f moves from cycle_flag to open_search"),
            "{all}"
        );
        assert!(all.contains("Hyper-q"), "{all}");
        assert!(all.contains("no action \"fly\""), "{all}");
    }

    #[test]
    fn ctrl_q_is_ctrl_q_and_ctrl_c_always_quits() {
        let keys: BTreeMap<String, Vec<String>> = [("quit".to_string(), vec!["Ctrl-Q".into()])]
            .into_iter()
            .collect();
        assert!(Keymap::invalid(&keys).is_empty());
        let (map, _) = Keymap::with_config(&keys);
        for scope in [Main, Viewer] {
            assert_eq!(map.map_key(scope, key(Char('q'), CTRL)), Some(Action::Quit));
            assert_eq!(
                map.map_key(scope, key(Char('Q'), CTRL | SHIFT)),
                Some(Action::Quit)
            );
        }
        assert_eq!(map.map_key(Main, key(Char('q'), NONE)), None, "replaced");
        // Ctrl-c quits in every scope and the help still lists it.
        for scope in [Main, Viewer, Search, Note, Help] {
            assert_eq!(map.map_key(scope, key(Char('c'), CTRL)), Some(Action::Quit));
        }
        assert!(
            map.keys_for(Main, Action::Quit)
                .contains(&"Ctrl-c".to_string())
        );
        // No config takes Ctrl-c from quitting.
        let keys: BTreeMap<String, Vec<String>> =
            [("open_search".to_string(), vec!["Ctrl-C".into()])]
                .into_iter()
                .collect();
        let bad = Keymap::invalid(&keys);
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].message.contains("Ctrl-c always quits"), "{bad:?}");
        assert_eq!(bad[0].value.as_deref(), Some("Ctrl-C"));
    }

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.scope == b.scope && a.code == b.code && a.mods == b.mods),
                    "{:?} bound twice in {:?}",
                    a.code,
                    a.scope
                );
            }
        }
    }
}
