//! A key as the config and the help write it (`q`, `G`, `Ctrl-c`, `Alt-Left`, `Shift-Tab`,
//! `Enter`, `PgDn`, `F5`): one value type that reads from that text and writes it back, as
//! yazi's keymap keys do, so the help shows exactly what a config may say.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyModifiers};

use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up,
};

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// A key and its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }
}

/// A key name the config gives that names no key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a key (like q, Ctrl-c, Alt-Left, F5)")]
pub struct NotAKey(pub String);

impl FromStr for Key {
    type Err = NotAKey;

    fn from_str(text: &str) -> Result<Key, NotAKey> {
        let mut rest = text;
        let mut mods = NONE;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") && rest.len() > 5 {
                (CTRL, 5)
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                (ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some('←'), None) => Left,
            (Some('→'), None) => Right,
            (Some('↑'), None) => Up,
            (Some('↓'), None) => Down,
            // A letter with Ctrl has no case in a terminal: Ctrl-Q is Ctrl-q.
            (Some(c), None) if mods.contains(CTRL) && c.is_ascii_alphabetic() => {
                mods -= SHIFT;
                Char(c.to_ascii_lowercase())
            }
            (Some(c), None) => {
                if c.is_uppercase() {
                    mods |= SHIFT;
                }
                Char(c)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => Enter,
                "esc" | "escape" => Esc,
                "tab" if mods.contains(SHIFT) => BackTab,
                "tab" => Tab,
                "backtab" => {
                    mods |= SHIFT;
                    BackTab
                }
                "backspace" => Backspace,
                "del" | "delete" => Delete,
                "left" => Left,
                "right" => Right,
                "up" => Up,
                "down" => Down,
                "home" => Home,
                "end" => End,
                "pgup" | "pageup" => PageUp,
                "pgdn" | "pagedown" => PageDown,
                "space" => Char(' '),
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().expect("checked"))
                }
                _ => return Err(NotAKey(text.to_string())),
            },
        };
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shift is shown only where the key does not imply it (`G`, not `Shift-G`).
        if self.mods.contains(CTRL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            Char(' ') => f.write_str("Space"),
            Char(c) => write!(f, "{c}"),
            Tab => f.write_str("Tab"),
            BackTab => f.write_str("Shift-Tab"),
            Enter => f.write_str("Enter"),
            Esc => f.write_str("Esc"),
            Backspace => f.write_str("Backspace"),
            Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            Left => f.write_str("←"),
            Right => f.write_str("→"),
            Up => f.write_str("↑"),
            Down => f.write_str("↓"),
            Home => f.write_str("Home"),
            End => f.write_str("End"),
            PageUp => f.write_str("PgUp"),
            PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_out_reads_back_as_itself() {
        for text in [
            "q",
            "G",
            "Ctrl-c",
            "Alt-←",
            "Shift-Tab",
            "Enter",
            "Space",
            "PgDn",
            "F5",
        ] {
            let key: Key = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
        }
        assert_eq!("alt-left".parse::<Key>().unwrap().to_string(), "Alt-←");
        assert_eq!(
            "Hyper-x".parse::<Key>(),
            Err(NotAKey("Hyper-x".into())),
            "an unknown modifier is no key"
        );
    }
}
