//! What the workbench remembers between one opening of an overlay and the next: the help's
//! filter, the note drafts left with Esc, the last search's query and scope.

use std::collections::HashMap;

use super::line_edit::LineEditor;
use crate::search::Scope;

#[derive(Debug, Default)]
pub struct Memory {
    /// The help overlay's filter (`/` in the help); its lines are those that match.
    pub help_filter: LineEditor,
    /// Keys type into the help's filter (between `/` and Enter or Esc).
    pub help_typing: bool,
    /// Notes being written when Esc left the editor, by claim id: `n` on the same claim
    /// brings the draft back.
    pub note_drafts: HashMap<String, String>,
    /// The search popup's query and scope when it last closed, to open with again.
    pub search: Option<(String, Scope)>,
    /// `y` was pressed: the next key says what to copy.
    pub copy_menu: bool,
    /// What to put on the clipboard: the loop writes it as OSC 52, then clears it.
    pub clipboard: Option<String>,
    /// The claim whose note the loop opens in `$EDITOR`.
    pub external_edit: Option<String>,
}
