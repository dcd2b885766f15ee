//! The workbench's state: one struct, changed only by [`super::update::update`].
//! It holds no widgets; the views read it and draw.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use crate::cite::{self, Marker};
use crate::flags::Flags;
use crate::links::Links;
use crate::model::{Brief, ClaimRef};
use crate::search::Index;
use crate::store::Loaded;
use crate::support::{self, Assessment, ClaimAssessment, Counts, Verdict};

use super::line_edit::LineEditor;
use super::search::SearchState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    Sections,
    #[default]
    Claims,
    Source,
    /// The Why panel of the selected claim, focused to scroll it. Under the claims where
    /// there is room, in the claims pane's place where there is not. Not in the Tab cycle:
    /// its own key opens it, and leaving it goes back to the claims.
    Why,
}

impl Pane {
    /// The panes of the Tab cycle and of the narrow layout's tabs.
    pub const ALL: [Pane; 3] = [Pane::Sections, Pane::Claims, Pane::Source];

    pub fn next(self) -> Pane {
        match self {
            Pane::Sections => Pane::Claims,
            Pane::Claims | Pane::Why => Pane::Source,
            Pane::Source => Pane::Sections,
        }
    }

    pub fn prev(self) -> Pane {
        match self {
            Pane::Sections => Pane::Source,
            Pane::Claims => Pane::Sections,
            Pane::Why => Pane::Claims,
            Pane::Source => Pane::Claims,
        }
    }
}

/// Which claims the claims pane shows; `w` cycles through them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Weak and unsupported claims: cited, but not backed.
    Weak,
    /// Claims that cite nothing.
    Uncited,
    /// Claims that carry the analyst's own mark.
    Flagged,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Weak,
            Filter::Weak => Filter::Uncited,
            Filter::Uncited => Filter::Flagged,
            Filter::Flagged => Filter::All,
        }
    }

    /// What it shows, for the header and the status line.
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all claims",
            Filter::Weak => "weak and unsupported",
            Filter::Uncited => "uncited",
            Filter::Flagged => "flagged or noted by you",
        }
    }
}

/// Where the analyst is: what a jump records, and what back and forward restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub focus: Pane,
    pub at: ClaimRef,
    pub marker: Option<usize>,
    pub source: Option<u32>,
}

/// A citation target in the selected claim: one number of one marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index of the marker in the claim's markers.
    pub marker: usize,
    pub number: u32,
}

#[derive(Debug)]
pub enum Overlay {
    /// The help, scrolled by this many lines.
    Help(u16),
    Search(Box<SearchState>),
    /// Editing the note of the claim with this id.
    Note {
        claim_id: String,
        editor: LineEditor,
    },
}

/// The claims a section shows, in order (see [`App::shown`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// All of its claims, in reading order: the `i`th shown is claim `i`.
    All(usize),
    /// These claims, in this order.
    Some(Vec<usize>),
}

impl Shown {
    pub fn len(&self) -> usize {
        match self {
            Shown::All(n) => *n,
            Shown::Some(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The claim shown `i`th.
    pub fn get(&self, i: usize) -> Option<usize> {
        match self {
            Shown::All(n) => (i < *n).then_some(i),
            Shown::Some(v) => v.get(i).copied(),
        }
    }

    /// Where claim `claim` is among those shown.
    pub fn position(&self, claim: usize) -> Option<usize> {
        match self {
            Shown::All(n) => (claim < *n).then_some(claim),
            Shown::Some(v) => v.iter().position(|&c| c == claim),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The analysis of a large brief, running on its own thread while the workbench is used
/// (an [`super::effect::Effect::Analyse`], asked for by [`super::update::start`]).
pub struct Pending {
    /// Claims assessed so far.
    pub done: Arc<AtomicUsize>,
    pub total: usize,
    /// Whether the effect was asked for.
    pub(crate) started: bool,
}

/// Briefs with more claims than this are analysed off the render thread.
const BACKGROUND_FROM: usize = 5_000;

pub struct App {
    /// Shared with the analysis thread while it runs.
    pub brief: Arc<Brief>,
    /// Where the brief came from, for the header.
    pub name: String,
    pub warnings: usize,
    pub links: Arc<Links>,
    /// Empty until the analysis is done (see `pending`).
    pub assessment: Assessment,
    pub pending: Option<Pending>,
    /// The assessment's verdict counts (see [`App::counts`]).
    counts: Counts,
    /// The same, section by section (see [`App::verdict_counts`]): counted once per
    /// assessment, not per frame (a section may hold 20,000 claims).
    section_counts: Vec<Counts>,
    /// Every claim id, to tell orphaned flags.
    claim_ids: std::collections::HashSet<String>,
    pub index: Index,
    pub flags: Flags,

    pub focus: Pane,
    /// The selected claim.
    pub at: ClaimRef,
    /// The selected citation target in the selected claim (index into [`App::targets`]).
    pub marker: Option<usize>,
    /// The source in the viewer.
    pub source: Option<u32>,
    /// The selected row of the viewer's "cited by" list.
    pub cited_by: usize,
    /// Lines scrolled off the top of the viewer.
    pub source_scroll: u16,
    /// Lines scrolled off the top of the Why panel; back to 0 whenever the selected claim
    /// changes (see `update`).
    pub why_scroll: u16,

    pub back: Vec<Location>,
    pub forward: Vec<Location>,
    pub overlay: Option<Overlay>,
    /// Which claims the claims pane shows.
    pub filter: Filter,
    /// Weakest claims first.
    pub by_score: bool,
    /// The last search, for `n` / `N` in the viewer: result numbers and where we are.
    pub last_results: Vec<u32>,
    pub last_result: usize,
    pub status: Option<Status>,
    /// Terminal size in cells, for layout-dependent actions (mouse, paging).
    pub size: (u16, u16),
    pub quit: bool,
    /// A quit was refused because the flags could not be saved: the next quit goes ahead.
    pub quit_armed: bool,
    /// The key bindings in effect (the defaults, or the config's).
    pub keymap: super::keymap::Keymap,
    /// Another process held the flags' save lock at the last try: the save worker waits.
    pub save_waiting: bool,
    /// Effects asked for by the update under way; `update` hands them to its caller.
    pub(crate) outbox: Vec<super::effect::Effect>,
    /// Claims' text as wrapped for the claims pane (see [`super::layout::WrapCache`]).
    pub(crate) wraps: super::layout::WrapCache,
    /// What overlays leave behind for their next opening.
    pub memory: super::memory::Memory,
    /// Where each source's text came from, and a fetch (`F`) under way.
    pub fetched: super::fetching::Fetching,
}

impl App {
    /// The workbench on a brief, analysed before it returns.
    pub fn new(loaded: Loaded, flags: Flags) -> App {
        let links = Links::build(&loaded.brief);
        let assessment = support::assess(&loaded.brief, &links);
        App::with(loaded, flags, links, assessment, None)
    }

    /// The workbench on a brief already linked and assessed (as the brief cache keeps it).
    pub fn assessed(loaded: Loaded, flags: Flags, links: Links, assessment: Assessment) -> App {
        App::with(loaded, flags, links, assessment, None)
    }

    /// The workbench on a brief; a large one is analysed on another thread (the effect
    /// [`super::update::start`] returns), so the first frame comes at once and shows the
    /// analysis' progress; its result comes back as [`super::effect::Msg::AnalysisDone`].
    pub fn new_in_background(loaded: Loaded, flags: Flags) -> App {
        if loaded.brief.claim_count() <= BACKGROUND_FROM {
            return App::new(loaded, flags);
        }
        let links = Links::build(&loaded.brief);
        let total = loaded.brief.claim_count();
        let pending = Pending {
            done: Arc::new(AtomicUsize::new(0)),
            total,
            started: false,
        };
        App::with(loaded, flags, links, Assessment::default(), Some(pending))
    }

    /// Takes the analysis in (from [`super::update::update`] only).
    pub(crate) fn analysis_done(&mut self, a: Assessment) {
        self.counts = a.counts();
        self.assessment = a;
        self.section_counts = self.count_sections();
        self.pending = None;
    }

    /// A fetch (`F`) under way, polled by the loop: its progress, and the pages it brought
    /// (the brief re-filled and reassessed). True when the screen must redraw.
    pub(crate) fn poll_fetch(&mut self) -> bool {
        use super::fetching::Polled;
        match self.fetched.poll(&self.brief) {
            Polled::Nothing => false,
            Polled::Moved => {
                if let Some((done, total)) = self.fetched.progress {
                    self.set_status(format!("fetching: {done}/{total} pages…"), false);
                }
                true
            }
            Polled::Failed(why) => {
                self.set_status(why, true);
                true
            }
            Polled::Landed(brief, summary) => {
                let failed = !summary.ends_with("failed 0");
                self.replace_brief(*brief);
                self.set_status(summary, failed);
                true
            }
        }
    }

    /// The same brief with other source texts: links stand (they come from the claims),
    /// the assessment and the search index are made anew.
    pub fn replace_brief(&mut self, brief: Brief) {
        let assessment = support::assess(&brief, &self.links);
        self.index = Index::build(&brief, &self.links);
        self.counts = assessment.counts();
        self.assessment = assessment;
        self.brief = Arc::new(brief);
        self.section_counts = self.count_sections();
    }

    fn with(
        loaded: Loaded,
        flags: Flags,
        links: Links,
        assessment: Assessment,
        pending: Option<Pending>,
    ) -> App {
        let index = Index::build(&loaded.brief, &links);
        let claim_ids = loaded.brief.claims().map(|(_, c)| c.id.clone()).collect();
        let mut app = App {
            counts: assessment.counts(),
            section_counts: Vec::new(),
            claim_ids,
            warnings: loaded.warnings.len(),
            name: loaded.name,
            brief: Arc::new(loaded.brief),
            links: Arc::new(links),
            assessment,
            pending,
            index,
            flags,
            focus: Pane::Claims,
            at: ClaimRef::default(),
            marker: None,
            source: None,
            cited_by: 0,
            source_scroll: 0,
            why_scroll: 0,
            back: Vec::new(),
            forward: Vec::new(),
            overlay: None,
            filter: Filter::All,
            by_score: false,
            last_results: Vec::new(),
            last_result: 0,
            status: None,
            size: (80, 24),
            quit: false,
            quit_armed: false,
            keymap: super::keymap::Keymap::default(),
            save_waiting: false,
            outbox: Vec::new(),
            wraps: Default::default(),
            memory: super::memory::Memory::default(),
            fetched: super::fetching::Fetching::default(),
        };
        app.section_counts = app.count_sections();
        // Start on the first claim that has something to look at.
        if let Some(first) = app.visible(0).first() {
            app.at.claim = *first;
        }
        app.marker = (!app.targets().is_empty()).then_some(0);
        app.source = app.selected_target_number();
        app
    }

    pub fn assessment_of(&self, at: ClaimRef) -> Option<&ClaimAssessment> {
        self.assessment.claims.get(self.links.flat(at))
    }

    /// The claims of `section` the claims pane shows, in the order it shows them.
    pub fn visible(&self, section: usize) -> Vec<usize> {
        let Some(sec) = self.brief.sections.get(section) else {
            return Vec::new();
        };
        if self.shows_all_in_order() {
            return (0..sec.claims.len()).collect();
        }
        let mut out: Vec<usize> = (0..sec.claims.len())
            .filter(|&c| self.passes(ClaimRef { section, claim: c }))
            .collect();
        if self.by_score {
            // Weakest first; uncited claims, which have no support to rank, after them.
            out.sort_by_key(|&c| {
                self.assessment_of(ClaimRef { section, claim: c })
                    .map_or(101, |a| {
                        if a.verdict == Verdict::Uncited {
                            101
                        } else {
                            u16::from(a.score)
                        }
                    })
            });
        }
        out
    }

    /// The claims of `section` the claims pane shows, as [`App::visible`] lists them, but
    /// without listing every claim of a section when all show in reading order (the
    /// common case, and a section may hold 20,000 claims).
    pub fn shown(&self, section: usize) -> Shown {
        if self.shows_all_in_order() {
            Shown::All(
                self.brief
                    .sections
                    .get(section)
                    .map_or(0, |s| s.claims.len()),
            )
        } else {
            Shown::Some(self.visible(section))
        }
    }

    /// Whether every claim shows, in reading order: then a claim's position among those
    /// shown is its index, found without listing them.
    fn shows_all_in_order(&self) -> bool {
        self.filter == Filter::All && !self.by_score
    }

    /// Whether the filter lets this claim show.
    pub fn passes(&self, at: ClaimRef) -> bool {
        let verdict = || self.assessment_of(at).map(|a| a.verdict);
        match self.filter {
            Filter::All => true,
            Filter::Weak => matches!(verdict(), Some(Verdict::Weak | Verdict::Unsupported)),
            Filter::Uncited => verdict() == Some(Verdict::Uncited),
            Filter::Flagged => self
                .brief
                .claim(at)
                .and_then(|c| self.flags.get(&c.id))
                .is_some_and(|f| f.mark.is_some() || !f.note.trim().is_empty()),
        }
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

    pub fn markers(&self) -> Vec<Marker> {
        self.brief
            .claim(self.at)
            .map(|c| cite::parse(&c.text))
            .unwrap_or_default()
    }

    /// Every citation target of the selected claim: one per number of each marker.
    pub fn targets(&self) -> Vec<Target> {
        self.markers()
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.numbers.iter().map(move |&n| Target {
                    marker: i,
                    number: n,
                })
            })
            .collect()
    }

    pub fn selected_target_number(&self) -> Option<u32> {
        self.marker
            .and_then(|i| self.targets().get(i).map(|t| t.number))
    }

    pub fn location(&self) -> Location {
        Location {
            focus: self.focus,
            at: self.at,
            marker: self.marker,
            source: self.source,
        }
    }

    /// The selected claim, when the claims pane shows it: with `w` on a section with no
    /// weak claims the selection stays where it was but is hidden, and nothing may act on it.
    pub fn shown_claim(&self) -> Option<ClaimRef> {
        self.claim_position().map(|_| self.at)
    }

    /// The position of the selected claim among the section's visible claims.
    pub fn claim_position(&self) -> Option<usize> {
        if self.shows_all_in_order() {
            let n = self.brief.sections.get(self.at.section)?.claims.len();
            return (self.at.claim < n).then_some(self.at.claim);
        }
        self.visible(self.at.section)
            .iter()
            .position(|&c| c == self.at.claim)
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

    /// (supported, weak, unsupported) over the brief, counted once per assessment.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }
}
