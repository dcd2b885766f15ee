//! Byte offsets into a brief's text turned into 1-based lines and columns (columns count
//! characters, as editors do).

/// Line starts of one text, with the text itself for counting columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    text: String,
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text: text.to_string(),
            starts,
        }
    }

    /// The 1-based line and column of byte `offset` (clamped to the text, and moved back to
    /// a character boundary, so any offset gives a position).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_in_characters() {
        let l = LineIndex::new("ab\nç[1]\n");
        assert_eq!(l.position(0), (1, 1));
        assert_eq!(l.position(3), (2, 1));
        assert_eq!(l.position(5), (2, 2), "after a two-byte letter");
        assert_eq!(l.position(4), (2, 1), "inside a letter: its start");
        assert_eq!(l.position(99), (3, 1));
    }
}
