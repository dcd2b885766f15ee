//! The search popup's state: the query being typed, the scope, and the current results.

use crate::search::{Field, Hit, Index, Query, Results, Scope, narrows};

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
    /// The analyst's notes, by claim position: a claims search finds them too.
    notes: Vec<(usize, String)>,
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

    /// The analyst's notes (by claim position) for a claims search to find; runs the query
    /// again with them.
    pub fn with_notes(mut self, index: &Index, notes: Vec<(usize, String)>) -> SearchState {
        self.notes = notes;
        self.refresh(index, false);
        self
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Every result in the order they rank, not only the first [`RESULT_LIMIT`] the popup
    /// lists: what Ctrl-n steps through once the popup is gone.
    pub fn every_hit(&self, index: &Index) -> Vec<usize> {
        let listed = self.results.hits.iter().map(|h| h.index);
        if self.results.hits.len() >= self.results.total {
            return listed.collect();
        }
        let mut all: Vec<usize> = index
            .search(&self.query, self.scope, None, self.results.total)
            .hits
            .iter()
            .map(|h| h.index)
            .collect();
        // Claims found by a note alone are not in the index: they come after.
        let found: std::collections::HashSet<usize> = all.iter().copied().collect();
        all.extend(listed.filter(|i| !found.contains(i)));
        all
    }

    /// Runs the query in the input box, narrowing the last results when it only grew.
    pub fn refresh(&mut self, index: &Index, may_narrow: bool) {
        let query = Query::parse(&self.input.text);
        let within = (may_narrow && narrows(&self.query, &query))
            .then(|| std::mem::take(&mut self.results.matched));
        self.results = index.search(&query, self.scope, within.as_deref(), RESULT_LIMIT);
        if self.scope == Scope::Claims {
            self.add_note_hits(&query);
        }
        self.query = query;
        self.selected = 0;
    }

    /// Claims whose note holds every word of the query (and none of its `!words`), after
    /// those found by their text or id.
    fn add_note_hits(&mut self, query: &Query) {
        let words: Vec<String> = if query.groups.is_empty() {
            query
                .text
                .split_whitespace()
                .map(str::to_lowercase)
                .collect()
        } else {
            Vec::new()
        };
        if (words.is_empty() && query.groups.is_empty()) || query.has_filters() {
            return;
        }
        for (position, note) in &self.notes {
            let lower = note.to_lowercase();
            let holds = words.iter().all(|w| lower.contains(w.as_str()))
                && query.groups.iter().all(|g| {
                    g.iter().any(|t| {
                        // Every kind of word is looked for as written in a note.
                        lower.contains(&t.text.to_lowercase()) != t.negated
                    })
                });
            if holds && !self.results.hits.iter().any(|h| h.index == *position) {
                if !self.results.matched.contains(position) {
                    self.results.matched.push(*position);
                    self.results.total += 1;
                }
                self.results.hits.push(Hit {
                    index: *position,
                    score: 0,
                    field: Field::Note,
                    positions: Vec::new(),
                });
            }
        }
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
