//! Where each pane goes for a terminal size, and where each claim and marker lands in the
//! claims pane. Rendering and mouse hit-testing both ask here, so they always agree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, Pane};
use super::wrap::{WrappedLine, wrap};
use crate::cite;
use crate::model::ClaimRef;

/// Smallest terminal the workbench draws in; below it, a one-line notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub footer: Rect,
    pub sections: Option<Rect>,
    pub claims: Option<Rect>,
    pub why: Option<Rect>,
    pub source: Option<Rect>,
    /// In the narrowest layout one pane shows at a time, under a line of tabs.
    pub tabs: Option<Rect>,
    pub too_small: bool,
}

impl Areas {
    pub fn pane_at(&self, col: u16, row: u16) -> Option<Pane> {
        let hit = |r: Option<Rect>| r.is_some_and(|r| r.contains((col, row).into()));
        if hit(self.sections) {
            Some(Pane::Sections)
        } else if hit(self.claims) {
            Some(Pane::Claims)
        } else if hit(self.why) {
            Some(Pane::Why)
        } else if hit(self.source) {
            Some(Pane::Source)
        } else {
            None
        }
    }

    pub fn rect(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Sections => self.sections,
            Pane::Claims => self.claims,
            Pane::Source => self.source,
            Pane::Why => self.why,
        }
    }
}

pub fn areas(app: &App, area: Rect) -> Areas {
    let mut out = Areas::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        out.too_small = true;
        return out;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    out.header = header;
    out.footer = footer;

    if area.width >= 110 && area.height >= 20 {
        // Three columns: sections | claims over why | source.
        let [sections, middle, source] = Layout::horizontal([
            Constraint::Length(sections_width(area.width)),
            Constraint::Fill(3),
            Constraint::Fill(2),
        ])
        .areas(body);
        out.sections = Some(sections);
        out.source = Some(source);
        split_why(&mut out, middle);
    } else if area.width >= 70 && area.height >= 20 {
        // Sections on top, claims and source side by side below.
        let sections_h = (app.brief.sections.len() as u16 + 2).clamp(4, 7);
        let [sections, rest] =
            Layout::vertical([Constraint::Length(sections_h), Constraint::Fill(1)]).areas(body);
        let [middle, source] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(rest);
        out.sections = Some(sections);
        out.source = Some(source);
        split_why(&mut out, middle);
    } else {
        // Narrow: one pane at a time, tabs to show which.
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
        out.tabs = Some(tabs);
        match app.focus {
            Pane::Sections => out.sections = Some(pane),
            Pane::Claims => out.claims = Some(pane),
            Pane::Source => out.source = Some(pane),
            Pane::Why => out.why = Some(pane),
        }
    }
    // With no room of its own, the Why panel takes the claims pane's place while focused,
    // so every size can read it.
    if app.focus == Pane::Why && out.why.is_none() {
        out.why = out.claims.take();
    }
    out
}

/// The sections pane's width in the three-column layout: in proportion to the terminal
/// (two ninths), never so narrow that titles are stubs nor so wide that it starves the
/// claims.
pub fn sections_width(total: u16) -> u16 {
    (total * 2 / 9).clamp(26, 48)
}

fn split_why(out: &mut Areas, middle: Rect) {
    if middle.height >= 22 {
        let [claims, why] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(9)]).areas(middle);
        out.claims = Some(claims);
        out.why = Some(why);
    } else {
        out.claims = Some(middle);
    }
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    r.inner(ratatui::layout::Margin {
        horizontal: 1,
        vertical: 1,
    })
}

/// One claim as the claims pane lays it out.
#[derive(Debug, Clone)]
pub struct ClaimBox {
    pub at: ClaimRef,
    /// Row of its first line, counted from the top of the list (before scrolling).
    pub top: usize,
    /// Its text, wrapped; markers tagged by index.
    pub lines: Vec<WrappedLine>,
}

impl ClaimBox {
    /// Rows it takes: a badge line, its text, a blank line after.
    pub fn height(&self) -> usize {
        self.lines.len() + 2
    }
}

/// Text indent under a claim's badge line.
pub const CLAIM_INDENT: u16 = 2;

/// The claims pane's boxes for the selected section, and how many rows are scrolled off
/// the top so that the selected claim is in view.
pub fn claim_boxes(app: &App, inner: Rect) -> (Vec<ClaimBox>, usize) {
    let section = app.at.section;
    let width = inner.width.saturating_sub(CLAIM_INDENT).max(1) as usize;
    let mut boxes = Vec::new();
    let mut top = 0;
    for c in app.visible(section) {
        let at = ClaimRef { section, claim: c };
        let Some(claim) = app.brief.claim(at) else {
            continue;
        };
        let spans: Vec<_> = cite::parse(&claim.text)
            .into_iter()
            .map(|m| m.span)
            .collect();
        let lines = wrap(&claim.text, &spans, width);
        let b = ClaimBox { at, top, lines };
        top += b.height();
        boxes.push(b);
    }
    let height = inner.height as usize;
    let offset = match boxes.iter().find(|b| b.at == app.at) {
        // Scroll just enough that the selected claim's end is in view, and its start too
        // when it fits.
        Some(b) => {
            let end = b.top + b.height() - 1;
            if end < height {
                0
            } else if b.height() > height {
                b.top
            } else {
                end + 1 - height
            }
        }
        None => 0,
    };
    (boxes, offset)
}

/// The claim and marker under a click in the claims pane's inner area.
pub fn claim_hit(app: &App, inner: Rect, col: u16, row: u16) -> Option<(ClaimRef, Option<usize>)> {
    if !inner.contains((col, row).into()) {
        return None;
    }
    let (boxes, offset) = claim_boxes(app, inner);
    let y = (row - inner.y) as usize + offset;
    let b = boxes
        .iter()
        .find(|b| y >= b.top && y < b.top + b.height())?;
    let line = y - b.top;
    let mut marker = None;
    if line >= 1 && line <= b.lines.len() {
        let mut x = inner.x + CLAIM_INDENT;
        for piece in &b.lines[line - 1] {
            let w = piece.width as u16;
            if col >= x && col < x + w {
                marker = piece.marker;
                break;
            }
            x += w;
        }
    }
    Some((b.at, marker))
}
