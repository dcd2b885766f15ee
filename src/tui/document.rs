//! What the brief is, for the workbench: the brief, its links, its assessment (or the
//! analysis under way), its search index and the analyst's flags. Its fields are private:
//! the verdict counts, counted once per assessment, and the set of claim ids must change
//! with the brief and its assessment, never apart from them.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use crate::flags::Flags;
use crate::links::Links;
use crate::model::{Brief, ClaimRef};
use crate::search::Index;
use crate::store::Loaded;
use crate::support::{self, Assessment, ClaimAssessment, Counts};

use super::fetching::Fetching;

/// The analysis of a large brief, running on its own thread while the workbench is used
/// (an [`super::effect::Effect::Analyse`], asked for by [`super::update::start`]).
pub struct Pending {
    /// Claims assessed so far.
    pub done: Arc<AtomicUsize>,
    pub total: usize,
    /// Whether the effect was asked for.
    pub(super) started: bool,
}

pub struct Document {
    /// Shared with the analysis thread while it runs.
    brief: Arc<Brief>,
    /// Where the brief came from, for the header.
    name: String,
    warnings: usize,
    links: Arc<Links>,
    /// Empty until the analysis is done (see `pending`).
    assessment: Assessment,
    pending: Option<Pending>,
    /// The assessment's verdict counts (see [`Document::counts`]).
    counts: Counts,
    /// The same, section by section (see [`Document::verdict_counts`]): counted once per
    /// assessment, not per frame (a section may hold 20,000 claims).
    section_counts: Vec<Counts>,
    /// Every claim id, to tell orphaned flags.
    claim_ids: HashSet<String>,
    /// Built when the search first asks for it: a first frame need not wait for it (the
    /// index of the 40 MB store takes ~75 ms and ~60 MB), and many sessions never search.
    index: std::cell::OnceCell<Index>,
    flags: Flags,
    /// Where each source's text came from, and a fetch (`F`) under way.
    fetched: Fetching,
}

impl Document {
    pub(super) fn new(
        loaded: Loaded,
        flags: Flags,
        links: Links,
        assessment: Assessment,
        pending: Option<Pending>,
    ) -> Document {
        let claim_ids = loaded.brief.claims().map(|(_, c)| c.id.clone()).collect();
        let mut doc = Document {
            counts: assessment.counts(),
            section_counts: Vec::new(),
            claim_ids,
            warnings: loaded.warnings.len(),
            name: loaded.name,
            brief: Arc::new(loaded.brief),
            links: Arc::new(links),
            assessment,
            pending,
            index: std::cell::OnceCell::new(),
            flags,
            fetched: Fetching::default(),
        };
        doc.section_counts = doc.count_sections();
        doc
    }

    pub fn brief(&self) -> &Arc<Brief> {
        &self.brief
    }

    /// Where the brief came from, for the header.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many warnings loading the brief gave.
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    pub fn links(&self) -> &Arc<Links> {
        &self.links
    }

    /// Empty while the analysis runs (see [`Document::pending`]).
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    pub fn assessment_of(&self, at: ClaimRef) -> Option<&ClaimAssessment> {
        self.assessment.claims.get(self.links.flat(at))
    }

    /// The analysis under way, if the brief is large enough to be analysed off the
    /// render thread and it has not finished.
    pub fn pending(&self) -> Option<&Pending> {
        self.pending.as_ref()
    }

    pub(super) fn pending_mut(&mut self) -> Option<&mut Pending> {
        self.pending.as_mut()
    }

    /// The search index, built at the first call.
    pub fn index(&self) -> &Index {
        self.index
            .get_or_init(|| Index::build(&self.brief, &self.links))
    }

    pub fn flags(&self) -> &Flags {
        &self.flags
    }

    /// The flags, to mark, note, save (from `update`, and from the CLI once the workbench
    /// has closed).
    pub fn flags_mut(&mut self) -> &mut Flags {
        &mut self.flags
    }

    pub fn fetched(&self) -> &Fetching {
        &self.fetched
    }

    pub(super) fn fetched_mut(&mut self) -> &mut Fetching {
        &mut self.fetched
    }

    /// A fetch under way, polled by the loop (see [`super::app::App::poll_fetch`]).
    pub(super) fn poll_fetch(&mut self) -> super::fetching::Polled {
        self.fetched.poll(&self.brief)
    }

    /// Where the sources' texts came from (before the workbench opens).
    pub(super) fn set_fetched(&mut self, fetched: Fetching) {
        self.fetched = fetched;
    }

    /// Takes the analysis in.
    pub(super) fn analysis_done(&mut self, a: Assessment) {
        self.counts = a.counts();
        self.assessment = a;
        self.section_counts = self.count_sections();
        self.pending = None;
    }

    /// The analysis thread ended without a result: none will come.
    pub(super) fn analysis_lost(&mut self) {
        self.pending = None;
    }

    /// The same brief with other source texts: links stand (they come from the claims),
    /// the assessment and the search index are made anew.
    pub(super) fn replace_brief(&mut self, brief: Brief) {
        let assessment = support::assess(&brief, &self.links);
        self.index = std::cell::OnceCell::new();
        self.counts = assessment.counts();
        self.assessment = assessment;
        self.brief = Arc::new(brief);
        self.section_counts = self.count_sections();
    }

    /// (supported, weak, unsupported) over the brief, counted once per assessment.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// How many claims of a section have each verdict (none while the analysis runs).
    pub fn verdict_counts(&self, section: usize) -> Counts {
        self.section_counts
            .get(section)
            .copied()
            .unwrap_or_default()
    }

    fn count_sections(&self) -> Vec<Counts> {
        (0..self.brief.sections.len())
            .map(|section| {
                let mut counts = Counts::default();
                for c in 0..self.brief.sections[section].claims.len() {
                    if let Some(a) = self.assessment_of(ClaimRef { section, claim: c }) {
                        counts.add(a.verdict);
                    }
                }
                counts
            })
            .collect()
    }

    /// Flags on claims the brief no longer has. Counted against a set of ids made once:
    /// this runs every frame, and a brief may hold 50,000 claims.
    pub fn orphan_count(&self) -> usize {
        self.flags.orphans(|id| self.claim_ids.contains(id)).count()
    }

    /// Review progress: claims of the brief that carry the analyst's mark, and all claims.
    /// A note alone is not a verdict; flags on claims the brief no longer has do not count.
    pub fn reviewed(&self) -> (usize, usize) {
        let marked = self
            .flags
            .iter()
            .filter(|(id, f)| f.mark.is_some() && self.claim_ids.contains(*id))
            .count();
        (marked, self.claim_ids.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, Scope};

    fn finds(doc: &Document, word: &str) -> usize {
        doc.index()
            .search(&Query::parse(word), Scope::Sources, None, 10)
            .total
    }

    /// The index is made at the first search, of the brief as it is then: after a fetch
    /// lends a source new text, the next search finds it.
    #[test]
    fn the_search_index_is_of_the_brief_as_it_is_when_searched() {
        let loaded = crate::store::load_default().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let flags = Flags::open(dir.path(), &loaded.brief.id).unwrap();
        let links = Links::build(&loaded.brief);
        let assessment = support::assess(&loaded.brief, &links);
        let mut doc = Document::new(loaded, flags, links, assessment, None);
        assert!(doc.index.get().is_none(), "no index before a search asks");
        assert_eq!(finds(&doc, "zanzibarquux"), 0);
        let mut brief = (**doc.brief()).clone();
        brief.sources[0].text = "A page fetched about zanzibarquux.".into();
        doc.replace_brief(brief);
        assert_eq!(finds(&doc, "zanzibarquux"), 1);
    }
}
