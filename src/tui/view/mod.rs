//! Drawing: pure functions from the App (its theme included) to widgets, laid out by one
//! [`super::layout::Geometry`] a frame. Views keep no state.

mod cells;
mod claims;
mod header;
pub(crate) mod help;
pub mod picker;
mod search;
mod sections;
mod source;
pub mod text;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub use claims::why_rows;
pub use source::{SourceRows, source_rows};

use super::app::{App, Overlay, Pane};
use super::keymap::Scope;
use super::layout;
use super::theme::Theme;
use crate::sanitize::Safe;

/// Draws the workbench in its own theme.
pub fn render(frame: &mut Frame, app: &App) {
    draw(frame, app, &app.ui.theme);
    cells::settle(frame.buffer_mut());
}

fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let geometry = layout::Geometry::of(app, area);
    let areas = geometry.areas;
    if areas.too_small {
        // The size it needs first, so that even a sliver of a terminal says it; wrapped
        // over the rows there are.
        let msg = format!(
            "needs {}x{}: this terminal is {}x{}, too small",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        let lines: Vec<Line> = crate::tui::wrap::wrap_plain(&msg, area.width.max(1) as usize)
            .into_iter()
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines).style(theme.error), area);
        return;
    }
    header::render(frame, app, theme, areas.header);
    if let Some(t) = areas.tabs {
        tabs(frame, app, theme, t);
    }
    if let (Some(r), Some(window)) = (areas.sections, geometry.sections) {
        sections::render(frame, app, theme, r, window);
    }
    if let (Some(r), Some(laid)) = (areas.claims, &geometry.claims) {
        claims::render(frame, app, theme, r, laid);
    }
    if let Some(r) = areas.why {
        claims::render_why(frame, app, theme, r);
    }
    if let Some(r) = areas.source {
        source::render(frame, app, theme, r);
    }
    footer(frame, app, theme, areas.footer);
    match &app.ui.overlay {
        Some(Overlay::Help(scroll)) => help::render(frame, theme, app, area, *scroll),
        Some(Overlay::Search(state)) => search::render(frame, app, state, theme, area),
        Some(Overlay::Note { claim_id, editor }) => {
            claims::render_note(frame, theme, &areas, area, claim_id, editor)
        }
        None => {}
    }
}

/// A pane's frame: its title, and a brighter border when it has the focus.
pub fn pane_block<'a>(app: &App, theme: &Theme, pane: Pane, title: Line<'a>) -> Block<'a> {
    let focused = app.nav.focus == pane && app.ui.overlay.is_none();
    Block::bordered()
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(title)
}

/// Where a scrolled pane is, for its bottom border: " 12–30/84 ↑ ↓ more ", or nothing when
/// all of it shows. The Why panel and the source viewer write it the same way.
pub fn scroll_position(
    theme: &Theme,
    scroll: usize,
    height: usize,
    total: usize,
) -> Option<Line<'static>> {
    if total <= height {
        return None;
    }
    let max = total - height;
    let mut pos = format!(
        " {}–{}/{} ",
        scroll + 1,
        (scroll + height).min(total),
        total
    );
    if scroll > 0 {
        pos.push_str("↑ ");
    }
    if scroll < max {
        pos.push_str("↓ more ");
    }
    Some(Line::styled(pos, theme.label).right_aligned())
}

/// Clears a popup's area and one cell around it (within the screen), so that no character
/// of the panes behind it shows in its margin and reads as part of it.
pub fn clear_popup(frame: &mut Frame, area: Rect) {
    let screen = frame.area();
    let x = area.x.saturating_sub(1).max(screen.x);
    let y = area.y;
    let right = (area.x + area.width + 1).min(screen.x + screen.width);
    let margin = Rect {
        x,
        y,
        width: right - x,
        height: area.height,
    };
    frame.render_widget(ratatui::widgets::Clear, margin);
}

/// A `w`×`h` rectangle centred on `screen`, never larger than it.
pub fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(screen.width), h.min(screen.height));
    Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Cuts `s` to `width` cells, with an ellipsis when cut.
pub fn truncate(s: &str, width: usize) -> String {
    crate::sanitize::cut_to_width(s, width).into_owned()
}

fn tabs(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let third = (area.width / 3) as usize;
    let spans: Vec<Span> = Pane::ALL
        .iter()
        .map(|&p| {
            // The Why panel shows in the claims' place: its tab says so.
            let why = p == Pane::Claims && app.nav.focus == Pane::Why;
            let name = match p {
                Pane::Sections => "Sections",
                Pane::Claims if why => "Why",
                Pane::Claims | Pane::Why => "Claims",
                Pane::Source => "Source",
            };
            let style = if app.nav.focus == p || why {
                theme.marker_selected
            } else {
                theme.dim
            };
            Span::styled(format!("{:^third$}", name), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn footer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if let Some(status) = &app.ui.status {
        let style = if status.error {
            theme.error
        } else {
            theme.flag
        };
        let text = Safe::new(&status.text).truncate(area.width as usize);
        frame.render_widget(Paragraph::new(text::safe(text, style)), area);
        return;
    }
    use super::action::Action as A;
    let (scope, hints): (Scope, &[(A, &str)]) = match (&app.ui.overlay, app.nav.focus) {
        (Some(Overlay::Help(_)), _) => (
            Scope::Help,
            &[
                (A::Close, "close"),
                (A::Down, "scroll"),
                (A::OpenSearch, "filter"),
            ],
        ),
        (Some(Overlay::Search(_)), _) => (
            Scope::Search,
            &[
                (A::Activate, "open"),
                (A::Down, "move"),
                (A::SearchScope, "sources/claims"),
                (A::Close, "close"),
            ],
        ),
        (Some(Overlay::Note { .. }), _) => (
            Scope::Note,
            &[
                (A::Activate, "save"),
                (A::Newline, "new line"),
                (A::Close, "keep draft"),
            ],
        ),
        (None, Pane::Sections) => (
            Scope::Main,
            &[
                (A::Down, "section"),
                (A::Activate, "claims"),
                (A::CycleFilter, "filter"),
                (A::OpenSearch, "search"),
                (A::Help, "help"),
                (A::Quit, "quit"),
            ],
        ),
        (None, Pane::Claims) => (
            Scope::Main,
            &[
                (A::Down, "claim"),
                (A::NextMarker, "marker"),
                (A::Activate, "open source"),
                (A::CycleFlag, "flag"),
                (A::EditNote, "note"),
                (A::Copy, "copy"),
                (A::ToggleWhy, "why"),
                (A::CycleFilter, "filter"),
                (A::SortByScore, "sort"),
                (A::OpenSearch, "search"),
                (A::Back, "back"),
                (A::Help, "help"),
                (A::Quit, "quit"),
            ],
        ),
        (None, Pane::Why) => (
            Scope::Main,
            &[
                (A::Down, "scroll"),
                (A::PageDown, "page"),
                (A::ToggleWhy, "claims"),
                (A::CycleFlag, "flag"),
                (A::EditNote, "note"),
                (A::OpenSearch, "search"),
                (A::Help, "help"),
                (A::Quit, "quit"),
            ],
        ),
        (None, Pane::Source) => (
            Scope::Viewer,
            &[
                (A::Down, "read"),
                (A::Activate, "jump to claim"),
                (A::Back, "back"),
                (A::Forward, "forward"),
                (A::CycleFlag, "flag"),
                (A::EditNote, "note"),
                (A::NextResult, "next result"),
                (A::OpenSearch, "search"),
                (A::Help, "help"),
                (A::Quit, "quit"),
            ],
        ),
    };
    let hints: Vec<(String, &str, bool)> = hints
        .iter()
        .filter_map(|(action, what)| {
            let mut keys = app.ui.keymap.keys_for(scope, *action);
            if keys.is_empty() {
                keys = app.ui.keymap.keys_for(Scope::Main, *action);
            }
            let key = keys.first()?.to_string();
            Some((key, *what, matches!(action, A::Help | A::Quit)))
        })
        .collect();
    // Help and quit are always shown, whatever the width: the others give way, last first.
    let width = |(key, what, _): &(String, &str, bool)| {
        unicode_width::UnicodeWidthStr::width(format!(" {key} {what} ").as_str())
    };
    let reserved: usize = hints.iter().filter(|h| h.2).map(width).sum();
    let mut room = (area.width as usize).saturating_sub(reserved);
    let mut spans = Vec::new();
    for h in &hints {
        if !h.2 {
            if width(h) > room {
                continue;
            }
            room -= width(h);
        }
        spans.push(Span::styled(format!(" {}", h.0), theme.label));
        spans.push(Span::styled(format!(" {} ", h.1), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `▕████░░░░░░▏` for `done` of `total`.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    format!("▕{}{}▏", "█".repeat(filled), "░".repeat(width - filled))
}

/// A line of text with the characters at `positions` (char indices) highlighted.
pub fn highlighted<'a>(
    text: &Safe<'_>,
    positions: &[usize],
    base: Style,
    hl: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut cur = String::new();
    let mut cur_hl = false;
    for (i, c) in text.as_str().chars().enumerate() {
        let is_hl = positions.binary_search(&i).is_ok();
        if is_hl != cur_hl && !cur.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut cur),
                if cur_hl { hl } else { base },
            ));
        }
        cur_hl = is_hl;
        cur.push(c);
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, if cur_hl { hl } else { base }));
    }
    spans
}
