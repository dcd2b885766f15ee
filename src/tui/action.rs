//! What the analyst can ask for. Keys and mouse events become actions; `update` applies them.
//!
//! The actions a config can rebind are named by their variant in snake_case (`FocusNext` is
//! `focus_next`), derived by strum; the others (text input, mouse, resize) are
//! `#[strum(disabled)]`, so no config can name them.

use strum::IntoEnumIterator;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::EnumIter, strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    FocusNext,
    FocusPrev,
    FocusLeft,
    FocusRight,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextMarker,
    PrevMarker,
    /// The next weak or unsupported claim the claims pane can show, across sections, wrapping.
    NextWeak,
    /// The previous one.
    PrevWeak,
    /// Enter: open the selected marker's source, or jump to the selected "cited by" claim.
    Activate,
    Back,
    Forward,
    Help,
    /// Esc: close the overlay.
    Close,
    Quit,
    CycleFlag,
    EditNote,
    /// Focus the Why panel (shown in the claims pane's place where it has no room of its
    /// own), or leave it for the claims.
    ToggleWhy,
    /// `w`: the claims filter, in turn weak and unsupported, uncited, flagged by you, all.
    /// Named `filter`; configs written when it had one setting say `weak_only`.
    #[strum(to_string = "filter", serialize = "weak_only")]
    CycleFilter,
    SortByScore,
    OpenSearch,
    NextResult,
    PrevResult,
    /// Text input in an overlay (search query, note).
    #[strum(disabled)]
    Input(char),
    #[strum(disabled)]
    DeleteBack,
    #[strum(disabled)]
    DeleteForward,
    #[strum(disabled)]
    CursorLeft,
    #[strum(disabled)]
    CursorRight,
    #[strum(disabled)]
    CursorHome,
    #[strum(disabled)]
    CursorEnd,
    /// Ctrl-u: clear the input.
    #[strum(disabled)]
    ClearLine,
    /// Switch the search between sources and claims.
    #[strum(disabled)]
    SearchScope,
    /// `F`: fetch the selected source's page (in the sections pane, every page the brief
    /// cites) in the background.
    Fetch,
    /// `o`: open the selected source's URL in the system browser.
    OpenUrl,
    #[strum(disabled)]
    Click {
        col: u16,
        row: u16,
    },
    #[strum(disabled)]
    ScrollUp {
        col: u16,
        row: u16,
    },
    #[strum(disabled)]
    ScrollDown {
        col: u16,
        row: u16,
    },
    #[strum(disabled)]
    Resize(u16, u16),
    /// Focus this pane (the mouse on a tab; tests that start in a pane).
    #[strum(disabled)]
    Focus(super::app::Pane),
    /// Ctrl-d / Ctrl-u: half a page down or up, in every list.
    HalfPageDown,
    HalfPageUp,
    /// `y`: copy the claim's id, its text or the source's URL (a key after it says which).
    Copy,
    /// `e`: edit the claim's note in `$EDITOR`.
    EditInEditor,
    /// Alt-Enter or Ctrl-j in the note editor: a line break.
    #[strum(disabled)]
    Newline,
}

impl Action {
    /// The actions a config can rebind, in the order the enum gives them.
    pub fn named() -> impl Iterator<Item = Action> {
        Action::iter()
    }

    /// The action a config names: `focus_next` (or `focus-next`), `filter`.
    pub fn from_name(name: &str) -> Option<Action> {
        name.replace('-', "_").parse().ok()
    }

    /// The name a config gives the action, if a config can rebind it.
    pub fn name(self) -> Option<&'static str> {
        // `into()` panics on a disabled variant: ask whether it is one of the named first.
        Action::iter().any(|a| a == self).then(|| self.into())
    }

    /// Every name a config can use, for messages.
    pub fn names() -> String {
        Action::iter()
            .map(|a| -> &'static str { a.into() })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What the action does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::FocusNext => "next pane",
            Action::FocusPrev => "previous pane",
            Action::FocusLeft => "pane to the left",
            Action::FocusRight => "pane to the right",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::NextMarker => "next citation marker in the claim",
            Action::PrevMarker => "previous citation marker",
            Action::NextWeak => "next weak or unsupported claim, across sections (wraps)",
            Action::PrevWeak => "previous weak or unsupported claim, across sections",
            Action::Activate => "open the selection: marker → source, cited-by → claim, result",
            Action::Back => "back through the jumps",
            Action::Forward => "forward through the jumps",
            Action::Help => "this help",
            Action::Close => "close the overlay",
            Action::Quit => "quit",
            Action::CycleFlag => "cycle your flag: weak, disputed, verified, needs source, none",
            Action::EditNote => "edit your note on the claim",
            Action::ToggleWhy => "the Why panel, to scroll it (in place of the claims when small)",
            Action::CycleFilter => "filter: weak or unsupported → uncited → flagged or noted → all",
            Action::SortByScore => "sort claims by score, weakest first",
            Action::OpenSearch => "search sources and claims",
            Action::NextResult => "next result of the last search, in the viewer",
            Action::PrevResult => "previous result of the last search",
            Action::Input(_) => "type",
            Action::DeleteBack => "delete before the cursor",
            Action::DeleteForward => "delete at the cursor",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorHome => "cursor to start",
            Action::CursorEnd => "cursor to end",
            Action::ClearLine => "clear the input",
            Action::SearchScope => "switch between sources and claims",
            Action::Fetch => "fetch the source's page (sections pane: every page cited)",
            Action::OpenUrl => "open the source's URL in the browser",
            Action::Click { .. } => "select pane, row or marker",
            Action::ScrollUp { .. } | Action::ScrollDown { .. } => "scroll",
            Action::Resize(..) => "resize",
            Action::Focus(..) => "focus a pane",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::Copy => "copy (then i: the claim's id, t: its text, u: the source's URL)",
            Action::EditInEditor => "edit your note on the claim in $EDITOR",
            Action::Newline => "a line break in the note",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_only_rebindable_actions_have_one() {
        for a in Action::named() {
            let name = a.name().unwrap();
            assert_eq!(Action::from_name(name), Some(a), "{name}");
        }
        assert_eq!(Action::FocusNext.name(), Some("focus_next"));
        assert_eq!(Action::from_name("open-search"), Some(Action::OpenSearch));
        assert_eq!(Action::from_name("weak_only"), Some(Action::CycleFilter));
        assert_eq!(Action::CycleFilter.name(), Some("filter"));
        assert_eq!(Action::Input('x').name(), None);
        assert_eq!(Action::from_name("input"), None);
        assert_eq!(Action::from_name("resize"), None);
        // The mouse is no key to rebind; `F` is.
        assert_eq!(Action::from_name("click"), None);
        assert_eq!(Action::from_name("focus"), None);
        assert_eq!(Action::Fetch.name(), Some("fetch"));
        assert_eq!(
            Action::named().count(),
            34,
            "28 before half pages, copy, the editor, fetch and open_url"
        );
        assert_eq!(Action::HalfPageDown.name(), Some("half_page_down"));
        assert_eq!(Action::Newline.name(), None);
    }
}
