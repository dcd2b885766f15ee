//! Where the analyst is: the focused pane, the selected claim, marker and source, the
//! scroll positions, the filter, and the trail that back and forward walk. Plain values:
//! `update` moves them, the views read them through [`super::app::App::nav`].

use crate::model::ClaimRef;

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

/// The claims a section shows, in order (see [`super::app::App::shown`]).
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

/// One result of a search, to step to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// A source, by number: shown in the viewer.
    Source(u32),
    /// A claim: selected.
    Claim(ClaimRef),
}

/// Where the analyst is in the brief.
#[derive(Debug, Clone, Default)]
pub struct Navigation {
    pub focus: Pane,
    /// The selected claim.
    pub at: ClaimRef,
    /// The selected citation target in the selected claim (index into
    /// [`super::app::App::targets`]).
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
    /// Which claims the claims pane shows.
    pub filter: Filter,
    /// Weakest claims first.
    pub by_score: bool,
    /// The last search, for Ctrl-n / Ctrl-p once its popup is gone: every result, in the
    /// order it ranked them, and where we are.
    pub last_results: Vec<Stop>,
    pub last_result: usize,
}
