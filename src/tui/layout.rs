//! Where each pane goes for a terminal size, which sections show, and where each claim and
//! marker lands in the claims pane: one [`Geometry`] per frame. The view draws from it and
//! `update` hit-tests and pages with the same one (a pure function of the state and the
//! size), so they always agree.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, Pane};
use super::wrap::{WrappedLine, wrap};
use crate::cite;
use crate::model::ClaimRef;

/// Smallest terminal the workbench draws in; below it, a one-line notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Everything one frame places: the panes, the sections pane's window, and the claims
/// pane's boxes. Made once per frame by the view, and by `update` for the frame on screen
/// when a click, the wheel or a page key needs it.
#[derive(Debug, Clone)]
pub struct Geometry {
    pub areas: Areas,
    /// The sections pane's inside, the first section shown and how many fit.
    pub sections: Option<(Rect, usize, usize)>,
    /// The claims pane's inside, its boxes, and the rows of the first scrolled off.
    pub claims: Option<ClaimsLayout>,
}

#[derive(Debug, Clone)]
pub struct ClaimsLayout {
    pub inner: Rect,
    pub boxes: Vec<ClaimBox>,
    pub offset: usize,
}

impl Geometry {
    pub fn of(app: &App, screen: Rect) -> Geometry {
        let areas = areas(app, screen);
        let sections = areas.sections.map(|r| {
            let r = inner(r);
            let (first, fit) = section_window(app, r);
            (r, first, fit)
        });
        let claims = areas.claims.map(|r| {
            let inner = inner(r);
            let (boxes, offset) = claim_boxes(app, inner);
            ClaimsLayout {
                inner,
                boxes,
                offset,
            }
        });
        Geometry {
            areas,
            sections,
            claims,
        }
    }

    /// The frame on screen now: the state laid out at the terminal's size.
    pub fn on_screen(app: &App) -> Geometry {
        let (w, h) = app.ui.size;
        Geometry::of(app, Rect::new(0, 0, w, h))
    }

    /// The section under a click in the sections pane.
    pub fn section_at(&self, row: u16) -> Option<usize> {
        let (r, first, _) = self.sections?;
        (row >= r.y).then(|| first + (row - r.y) as usize / SECTION_ROWS)
    }

    /// The claim and marker under a click in the claims pane.
    pub fn claim_at(&self, col: u16, row: u16) -> Option<(ClaimRef, Option<usize>)> {
        let c = self.claims.as_ref()?;
        claim_hit(&c.boxes, c.offset, c.inner, col, row)
    }
}

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

/// The panes for a terminal size (see [`Geometry`] for all of a frame).
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
        let sections_h = (app.doc.brief().sections.len() as u16 + 2).clamp(4, 7);
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
        match app.nav.focus {
            Pane::Sections => out.sections = Some(pane),
            Pane::Claims => out.claims = Some(pane),
            Pane::Source => out.source = Some(pane),
            Pane::Why => out.why = Some(pane),
        }
    }
    // With no room of its own, the Why panel takes the claims pane's place while focused,
    // so every size can read it.
    if app.nav.focus == Pane::Why && out.why.is_none() {
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

/// Rows a section takes in the sections pane: its heading, and its counts.
pub const SECTION_ROWS: usize = 2;

/// The sections the sections pane shows in its inside `inner`: the first one's index and
/// how many fit, scrolled so the selected section is in view. Drawing and clicks ask here.
fn section_window(app: &App, inner: Rect) -> (usize, usize) {
    let fit = (inner.height as usize / SECTION_ROWS).max(1);
    (app.nav.at.section.saturating_sub(fit - 1), fit)
}

/// A scrolled pane's window on its `total` rows, `height` of them in sight: one place for
/// the arithmetic that drawing, keys, the wheel and a resize all do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub total: usize,
    pub height: usize,
}

impl Window {
    /// Scrolled furthest: the last row at the bottom, no further.
    pub fn max(self) -> usize {
        self.total.saturating_sub(self.height)
    }

    /// `scroll` held to what the window can scroll.
    pub fn clamp(self, scroll: usize) -> usize {
        scroll.min(self.max())
    }

    /// `scroll` moved by `delta` rows, held to what the window can scroll.
    pub fn moved(self, scroll: usize, delta: isize) -> usize {
        self.clamp(scroll.saturating_add_signed(delta))
    }

    /// Whether `row` is in sight when scrolled by `scroll`.
    pub fn shows(self, scroll: usize, row: usize) -> bool {
        (scroll..scroll + self.height).contains(&row)
    }

    /// The least scroll from `scroll` that brings `row` into sight.
    pub fn showing(self, scroll: usize, row: usize) -> usize {
        if row < scroll {
            row
        } else if row >= scroll + self.height {
            row + 1 - self.height.max(1)
        } else {
            scroll
        }
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
    /// Row of its first line, counted from the top of the first box returned (before
    /// scrolling by the offset [`claim_boxes`] returns with it).
    pub top: usize,
    /// Its text, wrapped; markers tagged by index. Shared with [`WrapCache`].
    pub lines: Arc<Vec<WrappedLine>>,
}

impl ClaimBox {
    /// Rows it takes: a badge line, its text, a blank line after.
    pub fn height(&self) -> usize {
        self.lines.len() + 2
    }
}

/// Text indent under a claim's badge line.
pub const CLAIM_INDENT: u16 = 2;

/// Claims' text as last wrapped, by claim, at one width: moving through a section wraps
/// only the claim that comes into view. A memo of a pure function of the brief (which
/// never changes under the workbench) and the width, so a view that reads through `&App`
/// may fill it; it is emptied when the width changes, and when it grows past a bound.
#[derive(Debug, Default)]
pub struct WrapCache(RefCell<WrapMemo>);

#[derive(Debug, Default)]
struct WrapMemo {
    width: usize,
    lines: HashMap<(usize, usize), Arc<Vec<WrappedLine>>>,
}

/// Wrapped claims kept at most: a few screens' worth many times over.
const WRAP_CACHE_MAX: usize = 4096;

impl WrapCache {
    fn get(
        &self,
        at: ClaimRef,
        width: usize,
        make: impl FnOnce() -> Vec<WrappedLine>,
    ) -> Arc<Vec<WrappedLine>> {
        let mut memo = self.0.borrow_mut();
        if memo.width != width || memo.lines.len() >= WRAP_CACHE_MAX {
            memo.lines.clear();
            memo.width = width;
        }
        Arc::clone(
            memo.lines
                .entry((at.section, at.claim))
                .or_insert_with(|| Arc::new(make())),
        )
    }
}

/// One claim's box, its text wrapped to `width` (top 0).
fn claim_box(app: &App, at: ClaimRef, width: usize) -> Option<ClaimBox> {
    let claim = app.doc.brief().claim(at)?;
    let lines = app.ui.wraps.get(at, width, || {
        let spans: Vec<_> = cite::parse(&claim.text)
            .into_iter()
            .map(|m| m.span)
            .collect();
        wrap(&claim.text, &spans, width)
    });
    Some(ClaimBox { at, top: 0, lines })
}

/// The claims pane's boxes that show, for the selected section, and how many rows of the
/// first one are scrolled off the top so that the selected claim is in view.
///
/// The pane scrolls just enough that the selected claim's end is in view, and its start
/// too when it fits; so what shows depends only on the claims from the selected one back
/// to a pane's height above it (or, near the top, on the first pane's height of claims).
/// Only those are wrapped: a section of 20,000 claims costs what a section of twenty does.
/// Drawing and hit-testing both ask here, so they always agree.
fn claim_boxes(app: &App, inner: Rect) -> (Vec<ClaimBox>, usize) {
    let section = app.nav.at.section;
    let width = inner.width.saturating_sub(CLAIM_INDENT).max(1) as usize;
    let height = inner.height as usize;
    let shown = app.shown(section);
    let at = |c: usize| ClaimRef { section, claim: c };
    let selected = shown.position(app.nav.at.claim);

    // From the selected claim back, until a pane's height is filled or the list starts.
    let mut back: Vec<ClaimBox> = Vec::new();
    let mut rows = 0;
    if let Some(p) = selected {
        for c in (0..=p).rev().filter_map(|i| shown.get(i)) {
            let Some(b) = claim_box(app, at(c), width) else {
                continue;
            };
            rows += b.height();
            back.push(b);
            if rows >= height {
                break;
            }
        }
    }
    // The whole list down to the selected claim fits: no scrolling, drawn from the top.
    let fits = selected.is_none_or(|p| back.len() == p + 1 && rows <= height);
    if !fits {
        // Scrolled: the selected claim's end is the pane's last row, or (taller than the
        // pane) its first row is the pane's first.
        back.reverse();
        let mut top = 0;
        for b in &mut back {
            b.top = top;
            top += b.height();
        }
        let sel = back.last().expect("the selected claim was wrapped");
        let offset = if sel.height() > height {
            sel.top
        } else {
            top - height
        };
        return (back, offset);
    }
    // From the first claim down, until the pane is full.
    let mut boxes = Vec::new();
    let mut top = 0;
    for c in (0..shown.len()).filter_map(|i| shown.get(i)) {
        if top >= height {
            break;
        }
        let Some(mut b) = claim_box(app, at(c), width) else {
            continue;
        };
        b.top = top;
        top += b.height();
        boxes.push(b);
    }
    (boxes, 0)
}

/// The claim and marker under a click in the claims pane's inner area, laid out as
/// `boxes` scrolled by `offset`.
fn claim_hit(
    boxes: &[ClaimBox],
    offset: usize,
    inner: Rect,
    col: u16,
    row: u16,
) -> Option<(ClaimRef, Option<usize>)> {
    if !inner.contains((col, row).into()) {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Flags;
    use crate::tui::app::Filter;

    /// Every claim of the section wrapped, the way the pane was laid out before only the
    /// claims that show were wrapped: the reference the window must agree with.
    fn full_layout(app: &App, inner: Rect) -> (Vec<ClaimBox>, usize) {
        let width = inner.width.saturating_sub(CLAIM_INDENT).max(1) as usize;
        let mut boxes = Vec::new();
        let mut top = 0;
        for c in app.visible(app.nav.at.section) {
            let mut b = claim_box(
                app,
                ClaimRef {
                    section: app.nav.at.section,
                    claim: c,
                },
                width,
            )
            .unwrap();
            b.top = top;
            top += b.height();
            boxes.push(b);
        }
        let height = inner.height as usize;
        let offset = match boxes.iter().find(|b| b.at == app.nav.at) {
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

    #[test]
    fn a_window_scrolls_no_further_than_its_last_row_and_brings_rows_into_sight() {
        let w = Window {
            total: 30,
            height: 10,
        };
        assert_eq!(w.max(), 20);
        assert_eq!(w.moved(15, 9), 20, "held at the last row");
        assert_eq!(w.moved(3, -9), 0);
        assert_eq!(w.clamp(25), 20);
        assert!(w.shows(5, 14) && !w.shows(5, 15) && !w.shows(5, 4));
        assert_eq!(w.showing(5, 2), 2, "up to a row above");
        assert_eq!(
            w.showing(5, 20),
            11,
            "down to a row below: it is the last in sight"
        );
        assert_eq!(w.showing(5, 9), 5, "a row in sight moves nothing");
        let short = Window {
            total: 4,
            height: 10,
        };
        assert_eq!(short.moved(0, 3), 0, "nothing to scroll");
    }

    /// What each row of the pane shows: a claim and the row within its box.
    fn rows(boxes: &[ClaimBox], offset: usize, height: usize) -> Vec<(ClaimRef, usize)> {
        (offset..offset + height)
            .filter_map(|y| {
                let b = boxes
                    .iter()
                    .find(|b| y >= b.top && y < b.top + b.height())?;
                Some((b.at, y - b.top))
            })
            .collect()
    }

    #[test]
    fn the_window_shows_what_laying_out_every_claim_shows() {
        let brief = crate::synth::brief(5, 200, 120, 2);
        let loaded = crate::store::finish(brief, None, "t").unwrap();
        let flags = Flags::in_memory(&loaded.brief.id);
        let mut app = App::new(loaded, flags);
        let mut checked = 0;
        for (filter, by_score) in [
            (Filter::All, false),
            (Filter::All, true),
            (Filter::Weak, false),
        ] {
            app.nav.filter = filter;
            app.nav.by_score = by_score;
            for (w, h) in [(60, 20), (30, 7), (120, 40), (12, 3)] {
                let inner = Rect::new(3, 2, w, h);
                for section in 0..2 {
                    app.nav.at.section = section;
                    let n = app.doc.brief().sections[section].claims.len();
                    for claim in (0..n).step_by(7).chain([n - 1]) {
                        app.nav.at.claim = claim;
                        let (want, want_off) = full_layout(&app, inner);
                        let (got, got_off) = claim_boxes(&app, inner);
                        assert_eq!(
                            rows(&got, got_off, h as usize),
                            rows(&want, want_off, h as usize),
                            "{filter:?} by_score={by_score} {w}x{h} at {:?}",
                            app.nav.at
                        );
                        assert!(got.len() <= h as usize + 1, "only what shows is wrapped");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}
