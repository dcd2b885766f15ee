//! The brief picker for a folder of briefs: a filter line over the briefs' titles and file
//! names, and the briefs that match, best first; or (Tab) a search of the sources of every
//! brief at once. State and key handling only; drawing is in `view::picker`.
//!
//! A folder is listed at once ([`Picker::listing`]): each brief is summarised (claims,
//! weak, unsupported) in the background, an [`Effect::Summarise`] whose results come back
//! one brief at a time, while the keys work.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::action::Action;
use super::effect::{Effect, Effects, Msg};
use super::line_edit::LineEditor;
use crate::library::{self, Entry};
use crate::search::{Index, Query, Scope};

/// What the filter line runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The briefs, by title and file name.
    Briefs,
    /// The sources of every brief, with the search popup's query language.
    Sources,
}

/// A source found by the search across briefs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceHit {
    /// The brief, an index into `Picker::entries`.
    pub entry: usize,
    pub number: u32,
    pub date: String,
    pub lang: String,
    /// The source's title, or the start of its text when it has none; `None` when that
    /// is the matched text itself (no need to say it twice).
    pub title: Option<String>,
    /// The matched field's text, and the matched characters in it.
    pub text: String,
    pub positions: Vec<usize>,
    score: i64,
}

/// What the search across briefs keeps of one brief: its search index, and what to call
/// each of its sources (the index holds the fields a query matches, which need not name it).
#[derive(Debug)]
pub struct Searchable {
    pub index: Index,
    titles: std::collections::HashMap<u32, String>,
}

/// Characters of a source's text that stand for its title when it has none.
const TITLE_FROM_TEXT: usize = 80;

impl Searchable {
    pub fn of(brief: &crate::model::Brief, links: &crate::links::Links) -> Searchable {
        let titles = brief
            .sources
            .iter()
            .map(|s| {
                let title = match &s.title {
                    Some(t) if !t.trim().is_empty() => t.clone(),
                    _ => s.text.chars().take(TITLE_FROM_TEXT).collect(),
                };
                (s.number, title)
            })
            .collect();
        Searchable {
            index: Index::build(brief, links),
            titles,
        }
    }
}

/// At most this many source hits from each brief.
const HITS_PER_BRIEF: usize = 50;

/// What the analyst chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Open this entry (an index into `entries`).
    Open(usize),
    /// Open this entry with this source in the viewer.
    OpenSource(usize, u32),
    Quit,
}

pub struct Picker {
    /// The folder, as shown in the title.
    pub folder: String,
    pub entries: Vec<Entry>,
    pub query: LineEditor,
    /// The entries that match the query, best first, with the matched characters of the
    /// label (see `label`).
    pub shown: Vec<(usize, Vec<usize>)>,
    /// Position in `shown` or `source_hits`, whichever the mode shows.
    pub selected: usize,
    pub mode: Mode,
    /// The sources that match, best first, in `Mode::Sources`.
    pub source_hits: Vec<SourceHit>,
    /// A problem with the query in `Mode::Sources` (`kind:blog`).
    pub query_error: Option<String>,
    /// Each readable brief's search index, by its file, built in the background the first
    /// time sources are searched (an [`Effect::Index`]): the briefs list alone never pays
    /// for it, and the keys work while it is built. By path, since the list is re-sorted
    /// when the last summary comes in.
    indexes: Vec<(std::path::PathBuf, Searchable)>,
    /// Briefs whose index is still to come, once asked for (`None`: not asked yet).
    indexing: Option<usize>,
    /// Effects asked for by the update under way (see [`Picker::handle`]).
    outbox: Vec<Effect>,
    /// The terminal's size in cells: how far a page moves (see [`list_rows`]).
    pub size: (u16, u16),
    /// Entries whose summary has not come back yet (by entry index).
    pub waiting: Vec<bool>,
    /// What the analyst chose; `Stay` while the picker runs.
    pub outcome: Outcome,
    matcher: SkimMatcherV2,
}

/// Rows of the list at a terminal height: the screen less the border, the filter line and
/// its error line, and the footer. The view draws this many rows, and a page moves this far.
pub fn list_rows(height: u16) -> usize {
    (height.saturating_sub(5) as usize).max(1)
}

/// What the filter matches and the list shows first: the title, or the file name of a
/// brief that could not be read.
pub fn label(e: &Entry) -> &str {
    match &e.summary {
        Ok(s) if !s.title.is_empty() => &s.title,
        _ => &e.file_name,
    }
}

impl Picker {
    pub fn new(folder: &str, entries: Vec<Entry>) -> Picker {
        let mut p = Picker {
            folder: folder.to_string(),
            entries,
            query: LineEditor::default(),
            shown: Vec::new(),
            selected: 0,
            mode: Mode::Briefs,
            source_hits: Vec::new(),
            query_error: None,
            indexes: Vec::new(),
            indexing: None,
            outbox: Vec::new(),
            size: (80, 24),
            waiting: Vec::new(),
            outcome: Outcome::Stay,
            matcher: SkimMatcherV2::default().smart_case(),
        };
        p.waiting = vec![false; p.entries.len()];
        p.refilter();
        p
    }

    /// The picker over these brief files, listed by name before anything is read: each
    /// brief's summary comes with [`Picker::start`]'s effect, in the background.
    pub fn listing(folder: &str, paths: Vec<std::path::PathBuf>) -> Picker {
        let entries = paths
            .into_iter()
            .map(|path| Entry {
                file_name: path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                summary: Err(std::sync::Arc::new(crate::library::OpenError::NotYet)),
                path,
            })
            .collect();
        let mut p = Picker::new(folder, entries);
        p.waiting = vec![true; p.entries.len()];
        p
    }

    /// The summaries still to make, as one effect.
    pub fn start(&mut self) -> Effects {
        let paths: Vec<_> = (0..self.entries.len())
            .filter(|&i| self.waiting[i])
            .map(|i| (i, self.entries[i].path.clone()))
            .collect();
        if !paths.is_empty() {
            self.outbox.push(Effect::Summarise { paths });
        }
        // Indexes asked for on an earlier run of the picker, not all built when it ended
        // (opening a brief stops the background work): asked for again.
        if self.indexing.is_some_and(|left| left > 0) {
            let paths: Vec<_> = self
                .entries
                .iter()
                .filter(|e| !self.indexes.iter().any(|(p, _)| p == &e.path))
                .filter(|e| e.summary.is_ok())
                .map(|e| e.path.clone())
                .collect();
            self.indexing = Some(paths.len());
            if !paths.is_empty() {
                self.outbox.push(Effect::Index { paths });
            }
        }
        self.take_effects()
    }

    /// A brief chosen that could not be opened: its row says why.
    pub fn open_failed(&mut self, entry: usize, why: std::sync::Arc<crate::library::OpenError>) {
        if let Some(e) = self.entries.get_mut(entry) {
            e.summary = Err(why);
        }
        if let Some(w) = self.waiting.get_mut(entry) {
            *w = false;
        }
    }

    /// Summarises this entry again when the picker next runs (its file may have changed).
    pub fn resummarise(&mut self, entry: usize) {
        if let Some(w) = self.waiting.get_mut(entry) {
            *w = true;
        }
    }

    /// Whether summaries are still coming.
    pub fn summarising(&self) -> bool {
        self.waiting.iter().any(|&w| w)
    }

    /// (summarised, all): the progress of the summaries.
    pub fn progress(&self) -> (usize, usize) {
        let left = self.waiting.iter().filter(|&&w| w).count();
        (self.entries.len() - left, self.entries.len())
    }

    /// Whether this entry's summary is still to come.
    pub fn is_waiting(&self, entry: usize) -> bool {
        self.waiting.get(entry).copied().unwrap_or(false)
    }

    /// One message: a key's action (see [`Picker::update`], its choice kept in `outcome`)
    /// or a brief's summary.
    pub fn handle(&mut self, msg: Msg) -> Effects {
        match msg {
            Msg::Action(Action::Resize(w, h)) => self.size = (w, h),
            Msg::Action(a) => {
                let chosen = self.update(a);
                if chosen != Outcome::Stay {
                    self.outcome = chosen;
                }
            }
            Msg::Paste(text) => {
                self.query.insert_str(&text);
                self.refilter();
            }
            Msg::BriefSummarised { entry, summary } => self.summarised(entry, summary),
            Msg::BriefIndexed { path, index } => {
                self.indexing = self.indexing.map(|n| n.saturating_sub(1));
                if let Some(index) = index {
                    self.indexes.push((path, *index));
                }
                if self.mode == Mode::Sources {
                    let keep = self.selected;
                    self.search_sources();
                    self.selected = keep.min(self.len().saturating_sub(1));
                }
            }
            _ => {}
        }
        self.take_effects()
    }

    /// The effects the last updates asked for (the loop runs them; a test may
    /// [`super::effect::settle`] them).
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.outbox)
    }

    /// (indexed, asked): the progress of the sources' indexes, once asked for.
    pub fn index_progress(&self) -> Option<(usize, usize)> {
        let left = self.indexing?;
        Some((self.indexes.len(), self.indexes.len() + left))
    }

    /// Takes one summary in; with the last one, the list is sorted as [`library::scan`]
    /// sorts it (newest first), the selected brief kept selected.
    fn summarised(
        &mut self,
        entry: usize,
        summary: Result<library::Summary, std::sync::Arc<library::OpenError>>,
    ) {
        let Some(e) = self.entries.get_mut(entry) else {
            return;
        };
        e.summary = summary;
        self.waiting[entry] = false;
        if self.summarising() {
            // Titles arrive: the filter runs over them too.
            if !self.query.text.trim().is_empty() && self.mode == Mode::Briefs {
                let keep = self.current();
                self.filter_briefs();
                self.reselect(keep);
            }
            return;
        }
        let keep = self.current().map(|i| self.entries[i].path.clone());
        library::sort(&mut self.entries);
        if self.mode == Mode::Briefs {
            self.filter_briefs();
            let keep = keep.and_then(|p| self.entries.iter().position(|e| e.path == p));
            self.reselect(keep);
        } else {
            // The hits name entries by index: the new order's.
            let keep = self.selected;
            self.search_sources();
            self.selected = keep.min(self.len().saturating_sub(1));
        }
    }

    fn reselect(&mut self, entry: Option<usize>) {
        self.selected = entry
            .and_then(|i| self.shown.iter().position(|(j, _)| *j == i))
            .unwrap_or(0);
    }

    /// The entry under the cursor (in `Mode::Briefs`).
    pub fn current(&self) -> Option<usize> {
        match self.mode {
            Mode::Briefs => self.shown.get(self.selected).map(|(i, _)| *i),
            Mode::Sources => None,
        }
    }

    /// How many rows the current mode lists.
    pub fn len(&self) -> usize {
        match self.mode {
            Mode::Briefs => self.shown.len(),
            Mode::Sources => self.source_hits.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        let last = self.len().saturating_sub(1);
        match action {
            Action::Quit => return Outcome::Quit,
            Action::Close if self.query.text.is_empty() => return Outcome::Quit,
            Action::Close => {
                self.query = LineEditor::default();
                self.refilter();
            }
            Action::Activate => match self.mode {
                Mode::Briefs => {
                    if let Some(i) = self.current() {
                        return Outcome::Open(i);
                    }
                }
                Mode::Sources => {
                    if let Some(h) = self.source_hits.get(self.selected) {
                        return Outcome::OpenSource(h.entry, h.number);
                    }
                }
            },
            Action::SearchScope => {
                self.mode = match self.mode {
                    Mode::Briefs => Mode::Sources,
                    Mode::Sources => Mode::Briefs,
                };
                self.refilter();
            }
            Action::Up | Action::ScrollUp { .. } => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown { .. } => {
                self.selected = (self.selected + 1).min(last)
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(self.page()),
            Action::PageDown => self.selected = (self.selected + self.page()).min(last),
            Action::Resize(w, h) => self.size = (w, h),
            edit => {
                let before = self.query.text.clone();
                self.query.apply(edit);
                if self.query.text != before {
                    self.refilter();
                }
            }
        }
        Outcome::Stay
    }

    /// How far a page moves: the rows the list shows.
    fn page(&self) -> usize {
        list_rows(self.size.1)
    }

    fn refilter(&mut self) {
        self.selected = 0;
        match self.mode {
            Mode::Briefs => self.filter_briefs(),
            Mode::Sources => self.search_sources(),
        }
    }

    /// Runs the query over the sources of every readable brief; hits ranked by score
    /// across briefs, then by the briefs' order.
    fn search_sources(&mut self) {
        if self.indexing.is_none() {
            let paths: Vec<_> = self
                .entries
                .iter()
                .enumerate()
                .filter(|(i, e)| e.summary.is_ok() || self.waiting.get(*i) == Some(&true))
                .map(|(_, e)| e.path.clone())
                .collect();
            self.indexing = Some(paths.len());
            if !paths.is_empty() {
                self.outbox.push(Effect::Index { paths });
            }
        }
        let query = Query::parse(&self.query.text);
        self.query_error = query.errors.first().map(ToString::to_string);
        self.source_hits.clear();
        if self.query.text.trim().is_empty() || self.query_error.is_some() {
            return;
        }
        for (path, Searchable { index, titles }) in &self.indexes {
            let Some(entry) = self.entries.iter().position(|e| &e.path == path) else {
                continue;
            };
            let results = index.search(&query, Scope::Sources, None, HITS_PER_BRIEF);
            for h in results.hits {
                let row = index.source_row(h.index);
                let text = index.field_text(h.index, h.field).to_string();
                let title = titles
                    .get(&row.number)
                    .filter(|t| !text.starts_with(t.as_str()))
                    .cloned();
                self.source_hits.push(SourceHit {
                    title,
                    entry,
                    number: row.number,
                    date: row.date.to_string(),
                    lang: row.lang.to_string(),
                    text,
                    positions: h.positions,
                    score: h.score,
                });
            }
        }
        self.source_hits
            .sort_by(|a, b| b.score.cmp(&a.score).then(a.entry.cmp(&b.entry)));
    }

    /// Matches the query against each brief's label and file name; the order of the scan
    /// (newest first) when the query is empty, else best first.
    fn filter_briefs(&mut self) {
        self.query_error = None;
        let q = self.query.text.trim();
        if q.is_empty() {
            self.shown = (0..self.entries.len()).map(|i| (i, Vec::new())).collect();
            return;
        }
        // Letters scattered through a long title are not a match (as in the search popup).
        let floor = self.matcher.fuzzy_match(q, q).unwrap_or(0) * 6 / 10;
        let mut scored: Vec<(i64, usize, Vec<usize>)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let on_label = self
                    .matcher
                    .fuzzy_indices(label(e), q)
                    .filter(|(s, _)| *s >= floor);
                let on_file = self
                    .matcher
                    .fuzzy_match(&e.file_name, q)
                    .filter(|s| *s >= floor);
                // Ranked by the better of the two; the title's letters highlighted when
                // the title matches at all.
                match (on_label, on_file) {
                    (Some((s, pos)), f) => Some((s.max(f.unwrap_or(0)), i, pos)),
                    (None, Some(f)) => Some((f, i, Vec::new())),
                    (None, None) => None,
                }
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i, p)| (i, p)).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Summary;

    fn entry(title: &str, file: &str) -> Entry {
        Entry {
            path: file.into(),
            file_name: file.into(),
            summary: Ok(Summary {
                id: file.into(),
                title: title.into(),
                date: "2026-03-01".into(),
                claims: 3,
                sources: 2,
                weak: 1,
                unsupported: 1,
            }),
        }
    }

    #[test]
    fn typing_filters_and_enter_opens() {
        let mut p = Picker::new(
            "d",
            vec![
                entry("Meta's AI strategy", "meta.ron"),
                entry("Chip export rules", "chips.md"),
                entry("Weekly notes", "kenya-labelling.txt"),
            ],
        );
        assert_eq!(p.shown.len(), 3);
        for c in "chip".chars() {
            assert_eq!(p.update(Action::Input(c)), Outcome::Stay);
        }
        assert_eq!(p.shown.len(), 1);
        assert_eq!(
            p.shown[0].1,
            vec![0, 1, 2, 3],
            "the title's matched letters"
        );
        assert_eq!(p.update(Action::Activate), Outcome::Open(1));
        // The file name counts too.
        p.update(Action::ClearLine);
        for c in "kenya".chars() {
            p.update(Action::Input(c));
        }
        assert_eq!(p.current(), Some(2));
        // Esc clears the filter first, then quits.
        assert_eq!(p.update(Action::Close), Outcome::Stay);
        assert_eq!(p.shown.len(), 3);
        p.update(Action::Down);
        p.update(Action::Down);
        p.update(Action::Down);
        assert_eq!(p.current(), Some(2), "stops at the last");
        assert_eq!(p.update(Action::Close), Outcome::Quit);
        for c in "zzzz".chars() {
            p.update(Action::Input(c));
        }
        assert_eq!(p.update(Action::Activate), Outcome::Stay, "nothing to open");
    }
}
