//! The search popup's state: the query being typed, the scope, and the current results.

use crate::search::{Index, Query, Results, Scope, narrows};

use super::line_edit::LineEditor;

/// How many ranked results the popup keeps (it shows what fits).
pub const RESULT_LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct SearchState {
    pub input: LineEditor,
    pub scope: Scope,
    pub results: Results,
    /// The selected row.
    pub selected: usize,
    /// The query the results are for: a longer one narrows them.
    query: Query,
}

impl SearchState {
    pub fn new(index: &Index, scope: Scope) -> SearchState {
        let mut s = SearchState {
            scope,
            ..SearchState::default()
        };
        s.refresh(index, false);
        s
    }

    /// The popup as it was left: `text` typed, in `scope`, the cursor at its end.
    pub fn reopen(index: &Index, scope: Scope, text: &str) -> SearchState {
        let mut s = SearchState {
            scope,
            input: LineEditor::new(text),
            ..SearchState::default()
        };
        s.refresh(index, false);
        s
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Runs the query in the input box, narrowing the last results when it only grew.
    pub fn refresh(&mut self, index: &Index, may_narrow: bool) {
        let query = Query::parse(&self.input.text);
        let within = (may_narrow && narrows(&self.query, &query))
            .then(|| std::mem::take(&mut self.results.matched));
        self.results = index.search(&query, self.scope, within.as_deref(), RESULT_LIMIT);
        self.query = query;
        self.selected = 0;
    }

    pub fn switch_scope(&mut self, index: &Index) {
        self.scope = match self.scope {
            Scope::Sources => Scope::Claims,
            Scope::Claims => Scope::Sources,
        };
        self.refresh(index, false);
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.results.hits.len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
    }
}
