//! The workbench's state, changed only by [`super::update::update`]. It is three parts:
//! what the brief is ([`Document`]), where the analyst is ([`Navigation`]) and what is on
//! screen ([`Ui`]). Outside the workbench they are read through [`App::doc`], [`App::nav`]
//! and [`App::ui`], shared references only: a test or the CLI changes the state the way a
//! user does, by an action through `update`. It holds no widgets; the views read it and draw.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use crate::cite::{self, Marker};
use crate::flags::Flags;
use crate::links::Links;
use crate::model::ClaimRef;
use crate::store::Loaded;
use crate::support::{self, Assessment, Verdict};

pub use super::document::{Document, Pending};
pub use super::navigation::{Filter, Location, Navigation, Pane, Shown, Stop, Target};

use super::line_edit::LineEditor;
use super::search::SearchState;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// What is on screen beyond the brief and the analyst's place in it: the overlay, the
/// status line, the terminal's size, and what the loop needs between frames.
#[derive(Debug)]
pub struct Ui {
    /// The colours everything is drawn in (and laid out with: wrapping never depends on
    /// them, but the rows the keys scroll are the rows drawn).
    pub theme: super::theme::Theme,
    pub overlay: Option<Overlay>,
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
    /// What overlays leave behind for their next opening.
    pub memory: super::memory::Memory,
    /// Effects asked for by the update under way; `update` hands them to its caller.
    pub(super) outbox: Vec<super::effect::Effect>,
    /// Claims' text as wrapped for the claims pane (see [`super::layout::WrapCache`]).
    pub(super) wraps: super::layout::WrapCache,
}

/// Briefs with more claims than this are analysed off the render thread.
const BACKGROUND_FROM: usize = 5_000;

pub struct App {
    pub(super) doc: Document,
    pub(super) nav: Navigation,
    pub(super) ui: Ui,
}

impl App {
    /// The workbench on a brief, analysed before it returns.
    pub fn new(loaded: Loaded, flags: Flags) -> App {
        let links = Links::build(&loaded.brief);
        let assessment = support::assess(&loaded.brief, &links);
        App::with(Document::new(loaded, flags, links, assessment, None))
    }

    /// The workbench on a brief already linked and assessed (as the brief cache keeps it).
    pub fn assessed(loaded: Loaded, flags: Flags, links: Links, assessment: Assessment) -> App {
        App::with(Document::new(loaded, flags, links, assessment, None))
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
        App::with(Document::new(
            loaded,
            flags,
            links,
            Assessment::default(),
            Some(pending),
        ))
    }

    /// The same workbench with these key bindings (the config's).
    pub fn with_keymap(mut self, keymap: super::keymap::Keymap) -> App {
        self.ui.keymap = keymap;
        self
    }

    /// The same workbench in these colours (the config's; dark until told).
    pub fn with_theme(mut self, theme: super::theme::Theme) -> App {
        self.ui.theme = theme;
        self
    }

    /// The same workbench, knowing where its sources' texts came from.
    pub fn with_fetched(mut self, fetched: super::fetching::Fetching) -> App {
        self.doc.set_fetched(fetched);
        self
    }

    /// The same workbench, opening with this on the status line (a warning found while
    /// opening it).
    pub fn with_status(mut self, text: impl Into<String>, error: bool) -> App {
        self.set_status(text, error);
        self
    }

    fn with(doc: Document) -> App {
        let mut app = App {
            doc,
            nav: Navigation::default(),
            ui: Ui {
                theme: super::theme::Theme::dark(),
                overlay: None,
                status: None,
                size: (80, 24),
                quit: false,
                quit_armed: false,
                keymap: super::keymap::Keymap::default(),
                save_waiting: false,
                memory: super::memory::Memory::default(),
                outbox: Vec::new(),
                wraps: super::layout::WrapCache::default(),
            },
        };
        // Start on the first claim that has something to look at.
        if let Some(first) = app.visible(0).first() {
            app.nav.at.claim = *first;
        }
        app.nav.marker = (!app.targets().is_empty()).then_some(0);
        app.nav.source = app.selected_target_number();
        app
    }

    /// What the brief is: the brief, its links, assessment, index and flags.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// Where the analyst is.
    pub fn nav(&self) -> &Navigation {
        &self.nav
    }

    /// What is on screen besides.
    pub fn ui(&self) -> &Ui {
        &self.ui
    }

    /// The flags, to save them once the workbench has closed.
    pub fn flags_mut(&mut self) -> &mut Flags {
        self.doc.flags_mut()
    }

    /// The note being typed when the workbench closed, taken out of the editor (to keep it).
    pub fn take_note_being_typed(&mut self) -> Option<(String, String)> {
        match self.ui.overlay.take() {
            Some(Overlay::Note { claim_id, editor }) => Some((claim_id, editor.text)),
            other => {
                self.ui.overlay = other;
                None
            }
        }
    }

    /// What `y` chose to copy, taken as the loop writes it to the terminal's clipboard.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.ui.memory.clipboard.take()
    }

    /// Takes the analysis in (from [`super::update::update`] only).
    pub(super) fn analysis_done(&mut self, a: Assessment) {
        self.doc.analysis_done(a);
    }

    /// A fetch (`F`) under way, polled by the loop: its progress, and the pages it brought
    /// (the brief re-filled and reassessed). True when the screen must redraw.
    pub(super) fn poll_fetch(&mut self) -> bool {
        use super::fetching::Polled;
        match self.doc.poll_fetch() {
            Polled::Nothing => false,
            Polled::Moved => {
                if let Some((done, total)) = self.doc.fetched().progress {
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
                self.doc.replace_brief(*brief);
                self.set_status(summary, failed);
                true
            }
        }
    }

    /// The claims of `section` the claims pane shows, in the order it shows them.
    pub fn visible(&self, section: usize) -> Vec<usize> {
        let Some(sec) = self.doc.brief().sections.get(section) else {
            return Vec::new();
        };
        if self.shows_all_in_order() {
            return (0..sec.claims.len()).collect();
        }
        let mut out: Vec<usize> = (0..sec.claims.len())
            .filter(|&c| self.passes(ClaimRef { section, claim: c }))
            .collect();
        if self.nav.by_score {
            // Weakest first; uncited claims, which have no support to rank, after them.
            out.sort_by_key(|&c| {
                self.doc
                    .assessment_of(ClaimRef { section, claim: c })
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
                self.doc
                    .brief()
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
        self.nav.filter == Filter::All && !self.nav.by_score
    }

    /// Whether the filter lets this claim show.
    pub fn passes(&self, at: ClaimRef) -> bool {
        let verdict = || self.doc.assessment_of(at).map(|a| a.verdict);
        match self.nav.filter {
            Filter::All => true,
            Filter::Weak => matches!(verdict(), Some(Verdict::Weak | Verdict::Unsupported)),
            Filter::Uncited => verdict() == Some(Verdict::Uncited),
            Filter::Flagged => self
                .doc
                .brief()
                .claim(at)
                .and_then(|c| self.doc.flags().get(&c.id))
                .is_some_and(|f| f.mark.is_some() || !f.note.trim().is_empty()),
        }
    }

    pub fn markers(&self) -> Vec<Marker> {
        self.doc
            .brief()
            .claim(self.nav.at)
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
        self.nav
            .marker
            .and_then(|i| self.targets().get(i).map(|t| t.number))
    }

    pub fn location(&self) -> Location {
        Location {
            focus: self.nav.focus,
            at: self.nav.at,
            marker: self.nav.marker,
            source: self.nav.source,
        }
    }

    /// The selected claim, when the claims pane shows it: with `w` on a section with no
    /// weak claims the selection stays where it was but is hidden, and nothing may act on it.
    pub fn shown_claim(&self) -> Option<ClaimRef> {
        self.claim_position().map(|_| self.nav.at)
    }

    /// The position of the selected claim among the section's visible claims.
    pub fn claim_position(&self) -> Option<usize> {
        if self.shows_all_in_order() {
            let n = self
                .doc
                .brief()
                .sections
                .get(self.nav.at.section)?
                .claims
                .len();
            return (self.nav.at.claim < n).then_some(self.nav.at.claim);
        }
        self.visible(self.nav.at.section)
            .iter()
            .position(|&c| c == self.nav.at.claim)
    }

    pub(super) fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.ui.status = Some(Status {
            text: text.into(),
            error,
        });
    }
}
