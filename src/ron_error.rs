//! The one error for RON that does not parse, as every file briefbench reads in RON reports
//! it (a brief, a flags file, the config): the file, the line and column, and what is wrong.

/// RON that does not parse, at `path:line:col`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct RonError {
    pub path: String,
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub col: usize,
    pub message: String,
}

impl RonError {
    /// The error `ron` reports, named by the file it came from.
    pub fn new(path: impl Into<String>, e: &ron::error::SpannedError) -> RonError {
        RonError {
            path: path.into(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_file_line_and_column_of_the_fault() {
        let e = ron::from_str::<(u8, u8)>("(1,\n  x)").unwrap_err();
        let e = RonError::new("f.ron", &e);
        assert_eq!((e.line, e.col), (2, 3));
        assert!(e.to_string().starts_with("f.ron:2:3: "), "{e}");
    }
}
