//! A one-line text editor (the search query, the analyst's note), moving by grapheme so
//! that accents and emoji are never split.

use unicode_segmentation::UnicodeSegmentation;

/// Longer input is refused: a note is a remark, not a report.
pub const MAX_INPUT: usize = 4000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    pub text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    pub cursor: usize,
    /// The last insertion met `MAX_INPUT` and was cut short: the editor says so.
    pub full: bool,
}

impl LineEditor {
    pub fn new(text: &str) -> LineEditor {
        LineEditor {
            text: text.to_string(),
            cursor: text.len(),
            full: false,
        }
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        self.full = self.text.len() + c.len_utf8() > MAX_INPUT;
        if self.full {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Inserts pasted text as one edit: line breaks and tabs become spaces, other control
    /// characters are dropped, and what would pass `MAX_INPUT` is cut (`full` says so).
    /// Linear in the paste, whatever its length.
    pub fn insert_str(&mut self, pasted: &str) {
        let room = MAX_INPUT.saturating_sub(self.text.len());
        let mut clean = String::with_capacity(pasted.len().min(room));
        let mut chars = pasted.chars().peekable();
        self.full = false;
        while let Some(c) = chars.next() {
            let c = match c {
                '\r' if chars.peek() == Some(&'\n') => continue,
                '\r' | '\n' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            if clean.len() + c.len_utf8() > room {
                self.full = true;
                break;
            }
            clean.push(c);
        }
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// A line break at the cursor (the note editor's Alt-Enter or Ctrl-j): the one control
    /// character a note may hold.
    pub fn insert_newline(&mut self) {
        if self.text.len() < MAX_INPUT {
            self.text.insert(self.cursor, '\n');
            self.cursor += 1;
        }
    }

    pub fn delete_back(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn delete_forward(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }

    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Applies an editing action; false if the action is not an edit.
    pub fn apply(&mut self, action: super::action::Action) -> bool {
        use super::action::Action;
        if !matches!(action, Action::Input(_)) {
            self.full = false;
        }
        match action {
            Action::Input(c) => self.insert(c),
            Action::DeleteBack => self.delete_back(),
            Action::DeleteForward => self.delete_forward(),
            Action::CursorLeft => self.left(),
            Action::CursorRight => self.right(),
            Action::CursorHome => self.home(),
            Action::CursorEnd => self.end(),
            Action::ClearLine => {
                self.text.clear();
                self.cursor = 0;
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_grapheme() {
        let mut e = LineEditor::new("né");
        e.insert('🇩');
        e.insert('🇪');
        e.left(); // over the flag, one grapheme
        assert_eq!(e.cursor, "né".len());
        e.delete_back(); // removes é whole
        assert_eq!(e.text, "n🇩🇪");
        e.home();
        e.delete_forward();
        assert_eq!(e.text, "🇩🇪");
        e.end();
        e.delete_back();
        e.right();
        assert_eq!(e.text, "");
        e.delete_back();
        e.insert('\x1b');
        assert_eq!(e.text, "", "control characters are not typed into notes");
    }

    #[test]
    fn a_paste_is_one_edit_cut_at_the_limit() {
        let mut e = LineEditor::new("ab");
        e.left();
        e.insert_str("x\r\ny\tz\x1b");
        assert_eq!(e.text, "ax y zb");
        assert_eq!(e.cursor, "ax y z".len());
        assert!(!e.full);
        e.insert_str(&"é".repeat(100_000));
        assert!(e.text.len() <= MAX_INPUT && e.text.len() >= MAX_INPUT - 1);
        assert!(e.text.ends_with('b'), "inserted at the cursor");
        assert!(e.full, "the cut is said");
        e.insert('é');
        assert!(e.full, "typing past the limit is said too");
        e.apply(super::super::action::Action::DeleteBack);
        assert!(!e.full);
    }
}
