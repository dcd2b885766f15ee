//! What the analyst can ask for. Keys and mouse events become actions; `update` applies them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    CycleFilter,
    SortByScore,
    OpenSearch,
    NextResult,
    PrevResult,
    /// Text input in an overlay (search query, note).
    Input(char),
    DeleteBack,
    DeleteForward,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// Ctrl-u: clear the input.
    ClearLine,
    /// Switch the search between sources and claims.
    SearchScope,
    /// `F`: fetch the selected source's page (in the sections pane, every page the brief
    /// cites) in the background.
    Fetch,
    /// `o`: open the selected source's URL in the system browser.
    OpenUrl,
    Click {
        col: u16,
        row: u16,
    },
    ScrollUp {
        col: u16,
        row: u16,
    },
    ScrollDown {
        col: u16,
        row: u16,
    },
    Resize(u16, u16),
}

impl Action {
    /// The actions a config can rebind, by the names it uses.
    pub const NAMED: &[(&str, Action)] = &[
        ("focus_next", Action::FocusNext),
        ("focus_prev", Action::FocusPrev),
        ("focus_left", Action::FocusLeft),
        ("focus_right", Action::FocusRight),
        ("up", Action::Up),
        ("down", Action::Down),
        ("top", Action::Top),
        ("bottom", Action::Bottom),
        ("page_up", Action::PageUp),
        ("page_down", Action::PageDown),
        ("next_marker", Action::NextMarker),
        ("prev_marker", Action::PrevMarker),
        ("next_weak", Action::NextWeak),
        ("prev_weak", Action::PrevWeak),
        ("activate", Action::Activate),
        ("back", Action::Back),
        ("forward", Action::Forward),
        ("help", Action::Help),
        ("close", Action::Close),
        ("quit", Action::Quit),
        ("cycle_flag", Action::CycleFlag),
        ("edit_note", Action::EditNote),
        ("toggle_why", Action::ToggleWhy),
        ("filter", Action::CycleFilter),
        ("sort_by_score", Action::SortByScore),
        ("open_search", Action::OpenSearch),
        ("next_result", Action::NextResult),
        ("prev_result", Action::PrevResult),
        ("fetch", Action::Fetch),
        ("open_url", Action::OpenUrl),
    ];

    pub fn from_name(name: &str) -> Option<Action> {
        let name = name.replace('-', "_");
        // The filter was `weak_only` when it had one setting: configs that say so still work.
        let name = if name == "weak_only" {
            "filter".to_string()
        } else {
            name
        };
        Action::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| *a)
    }

    pub fn name(self) -> Option<&'static str> {
        Action::NAMED
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(n, _)| *n)
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
            Action::CycleFilter => "filter: weak and unsupported → uncited → flagged by you → all",
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
        }
    }
}
