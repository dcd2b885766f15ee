//! The help overlay's filter, as lazygit's: `/` starts it, typed text narrows the help to
//! the lines that match, Enter keeps the filter (j/k scroll again), Esc clears it.

use super::action::Action;
use super::app::App;

/// Takes the keys the filter uses; returns the others for the help to act on.
pub fn handle(app: &mut App, action: Action) -> Option<Action> {
    let m = &mut app.ui.memory;
    if !m.help_typing {
        if action == Action::OpenSearch {
            m.help_typing = true;
            return None;
        }
        // Esc with a filter kept clears it first; the next closes the help.
        if action == Action::Close && !m.help_filter.text.is_empty() {
            m.help_filter = Default::default();
            return None;
        }
        return Some(action);
    }
    match action {
        Action::Activate => m.help_typing = false,
        Action::Close => {
            m.help_typing = false;
            m.help_filter = Default::default();
        }
        Action::Quit => return Some(action),
        edit => {
            m.help_filter.apply(edit);
        }
    }
    None
}

/// Forgets the filter when the help closes.
pub fn clear(app: &mut App) {
    app.ui.memory.help_typing = false;
    app.ui.memory.help_filter = Default::default();
}

/// Whether a help line with this text matches `filter`: every word of the filter is in it,
/// case aside.
pub fn matches(filter: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    filter
        .split_whitespace()
        .all(|w| text.contains(&w.to_lowercase()))
}
