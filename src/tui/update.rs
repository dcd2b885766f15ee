//! `update(app, msg)`: the only place the workbench's state changes. It does no I/O: what
//! needs the disk or long work (saving the flags, the analysis) it returns as [`Effect`]s,
//! which the loop runs and whose results come back here as [`Msg`]s.

use super::action::Action;
use super::app::{App, Filter, Location, Overlay, Pane, Stop};
use super::effect::{Effect, Effects, Msg};
use super::layout::{self, Areas, Geometry, inner};
use super::line_edit::LineEditor;
use super::search::SearchState;
use super::view::{SourceRows, source_rows, why_rows};
use crate::flags::Mark;
use crate::model::ClaimRef;
use crate::search::Scope;
use crate::support::Verdict;
use ratatui::layout::Rect;

/// Applies one message to the workbench; returns what must be done outside it.
#[must_use = "the effects must be run (the loop's Runner, or effect::settle)"]
pub fn update(app: &mut App, msg: impl Into<Msg>) -> Effects {
    match msg.into() {
        Msg::Action(action) => act(app, action),
        Msg::Paste(text) => paste(app, &text),
        done => finished(app, done),
    }
    std::mem::take(&mut app.ui.outbox)
}

/// [`update`], its effects run here and now until none is left (see
/// [`super::effect::settle`]): for tests and tools that have no loop.
pub fn dispatch(app: &mut App, msg: impl Into<Msg>) {
    let effects = update(app, msg);
    super::effect::settle(app, effects, update);
}

/// What the workbench needs done before its first key: the analysis of a large brief.
#[must_use = "the effects must be run"]
pub fn start(app: &mut App) -> Effects {
    let Some(p) = app.doc.pending_mut().filter(|p| !p.started) else {
        return Vec::new();
    };
    p.started = true;
    let progress = std::sync::Arc::clone(&p.done);
    vec![Effect::Analyse {
        brief: std::sync::Arc::clone(app.doc.brief()),
        links: std::sync::Arc::clone(app.doc.links()),
        progress,
    }]
}

/// An effect's result.
fn finished(app: &mut App, msg: Msg) {
    match msg {
        Msg::FlagsSaved {
            saved,
            done,
            then_quit,
        } => {
            app.doc.flags_mut().saved(saved);
            app.ui.save_waiting = false;
            if then_quit {
                app.ui.quit = true;
            } else {
                app.set_status(done, false);
            }
        }
        Msg::SaveFailed {
            error,
            done,
            then_quit,
        } => {
            app.ui.save_waiting = false;
            if then_quit {
                app.ui.quit_armed = true;
                app.set_status(
                    format!(
                        "your flags are NOT SAVED ({error}). Free the disk and quit again to save, \
                         or quit again to leave them"
                    ),
                    true,
                );
            } else {
                app.set_status(
                    format!(
                        "{done}, NOT SAVED (kept in memory, retried on the next change): {error}"
                    ),
                    true,
                );
            }
        }
        Msg::SaveWaiting { done } => {
            app.ui.save_waiting = true;
            app.set_status(
                format!(
                    "{done}: waiting for another briefbench to finish saving \
                     (kept in memory, saved when it is done)"
                ),
                true,
            );
        }
        Msg::AnalysisDone(a) => app.analysis_done(*a),
        Msg::AnalysisLost => {
            app.doc.analysis_lost();
            app.set_status(
                "the analysis stopped unexpectedly: verdicts are not shown",
                true,
            );
        }
        Msg::Action(_) | Msg::Paste(_) | Msg::BriefSummarised { .. } | Msg::BriefIndexed { .. } => {
        }
    }
}

fn act(app: &mut App, action: Action) {
    if let Action::Resize(w, h) = action {
        app.ui.size = (w, h);
        // What was scrolled is held to what the new size can scroll: a panel that now
        // shows more must not keep a scroll that keys then spend presses to undo.
        scroll_why(app, 0);
        if let Some((rows, height)) = viewer(app) {
            scroll_source(app, &rows, height, 0);
        }
        if let Some(Overlay::Help(scroll)) = app.ui.overlay {
            app.ui.overlay = help(app, scroll, action);
        }
        return;
    }
    if action == Action::Quit && !matches!(app.ui.overlay, Some(Overlay::Note { .. })) {
        quit(app);
        return;
    }
    // A terminal too small to draw shows a notice and nothing else: keys act only on what
    // is visible, so nothing but quitting and resizing does anything there.
    if panes(app).too_small {
        return;
    }
    app.ui.quit_armed = false;
    if app.ui.memory.copy_menu {
        super::copy::choose(app, action);
        return;
    }
    let before = app.nav.at;
    match app.ui.overlay.take() {
        None => main(app, action),
        Some(Overlay::Help(scroll)) => {
            app.ui.overlay = match super::help_filter::handle(app, action) {
                Some(action) => help(app, scroll, action),
                None => Some(Overlay::Help(0)),
            };
            if app.ui.overlay.is_none() {
                super::help_filter::clear(app);
            }
        }
        Some(Overlay::Search(state)) => {
            let kept = (state.input.text.clone(), state.scope);
            search(app, state, action);
            if !matches!(app.ui.overlay, Some(Overlay::Search(_))) {
                app.ui.memory.search = Some(kept);
            }
        }
        Some(Overlay::Note { claim_id, editor }) => note(app, claim_id, editor, action),
    }
    // The Why panel explains the selected claim: another claim starts at its top.
    if app.nav.at != before {
        app.nav.why_scroll = 0;
    }
}

fn help(app: &App, scroll: u16, action: Action) -> Option<Overlay> {
    let (w, h) = app.ui.size;
    let max = super::view::help::max_scroll(app, Rect::new(0, 0, w, h));
    let page = h.saturating_sub(6).max(1);
    let scroll = match action {
        Action::Close | Action::Help => return None,
        Action::Down | Action::ScrollDown { .. } => scroll.saturating_add(1),
        Action::Up | Action::ScrollUp { .. } => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page),
        Action::PageUp => scroll.saturating_sub(page),
        Action::HalfPageDown => scroll.saturating_add(page / 2),
        Action::HalfPageUp => scroll.saturating_sub(page / 2),
        Action::Top => 0,
        Action::Bottom => max,
        _ => scroll,
    };
    // Held at the last line, so that the way back up is as long as the way down.
    Some(Overlay::Help(scroll.min(max)))
}

fn main(app: &mut App, action: Action) {
    app.ui.status = None;
    if app.ui.save_waiting {
        // Said until the save goes through: the analyst keeps working meanwhile.
        app.set_status(
            "waiting for another briefbench to finish saving (your edits are kept, and saved \
             when it is done)",
            true,
        );
    }
    match action {
        Action::Focus(pane) => app.nav.focus = pane,
        Action::FocusNext => app.nav.focus = app.nav.focus.next(),
        Action::FocusPrev => app.nav.focus = app.nav.focus.prev(),
        Action::FocusLeft => {
            app.nav.focus = match app.nav.focus {
                Pane::Source => Pane::Claims,
                _ => Pane::Sections,
            }
        }
        Action::FocusRight => {
            app.nav.focus = match app.nav.focus {
                Pane::Sections => Pane::Claims,
                _ => Pane::Source,
            }
        }
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        Action::PageUp => step(app, -page(app)),
        Action::PageDown => step(app, page(app)),
        Action::HalfPageUp => step(app, -(page(app) / 2).max(1)),
        Action::HalfPageDown => step(app, (page(app) / 2).max(1)),
        Action::Copy if shown_claim(app).is_some() => super::copy::open_menu(app),
        Action::EditInEditor => {
            let Some(at) = shown_claim(app) else { return };
            if let Some(claim) = app.doc.brief().claim(at) {
                app.ui.memory.external_edit = Some(claim.id.clone());
            }
        }
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::NextMarker => step_marker(app, 1),
        Action::PrevMarker => step_marker(app, -1),
        Action::NextWeak => step_weak(app, true),
        Action::PrevWeak => step_weak(app, false),
        Action::Activate => activate(app),
        Action::Back => travel(app, true),
        Action::Forward => travel(app, false),
        Action::Help => app.ui.overlay = Some(Overlay::Help(0)),
        Action::CycleFlag => cycle_flag(app),
        Action::Fetch => start_fetch(app),
        Action::OpenUrl => open_url(app),
        Action::EditNote => {
            let Some(at) = shown_claim(app) else { return };
            if let Some(claim) = app.doc.brief().claim(at) {
                let note = app
                    .doc
                    .flags()
                    .get(&claim.id)
                    .map_or("", |f| f.note.as_str());
                // A draft left with Esc comes back where it was left.
                let text = app
                    .ui
                    .memory
                    .note_drafts
                    .remove(&claim.id)
                    .unwrap_or_else(|| note.to_string());
                app.ui.overlay = Some(Overlay::Note {
                    claim_id: claim.id.clone(),
                    editor: LineEditor::new(&text),
                });
            }
        }
        Action::CycleFilter => {
            app.nav.filter = app.nav.filter.next();
            keep_selection_visible(app);
            let what = match app.nav.filter {
                Filter::All => "all claims".to_string(),
                f => format!("only {} claims", f.label()),
            };
            app.set_status(format!("showing {what}"), false);
        }
        Action::SortByScore => {
            app.nav.by_score = !app.nav.by_score;
            let what = if app.nav.by_score {
                "by score, weakest first"
            } else {
                "in reading order"
            };
            app.set_status(format!("claims {what}"), false);
        }
        Action::OpenSearch => {
            let state = match &app.ui.memory.search {
                // The last query and scope, as they were when the popup closed.
                Some((text, scope)) => SearchState::reopen(app.doc.index(), *scope, text),
                None => SearchState::new(app.doc.index(), Scope::Sources),
            }
            .with_notes(app.doc.index(), notes_by_position(app));
            app.ui.overlay = Some(Overlay::Search(Box::new(state)));
        }
        Action::ToggleWhy if app.nav.focus == Pane::Why => app.nav.focus = Pane::Claims,
        // An empty panel is not worth a focus: the status line says why nothing opens.
        Action::ToggleWhy if shown_claim(app).is_some() => app.nav.focus = Pane::Why,
        // Esc leaves the Why panel; elsewhere there is nothing for it to close.
        Action::Close if app.nav.focus == Pane::Why => app.nav.focus = Pane::Claims,
        Action::NextResult => step_result(app, 1),
        Action::PrevResult => step_result(app, -1),
        Action::Click { col, row } => click(app, col, row),
        Action::ScrollUp { col, row } => scroll(app, col, row, -3),
        Action::ScrollDown { col, row } => scroll(app, col, row, 3),
        _ => {}
    }
}

/// The panes of the frame on screen (the first part of its [`Geometry`]: all that paging,
/// scrolling and the too-small notice ask).
fn panes(app: &App) -> Areas {
    let (w, h) = app.ui.size;
    layout::areas(app, Rect::new(0, 0, w, h))
}

/// Rows (or claims) a page moves: the focused pane's height, less a little context.
fn page(app: &App) -> isize {
    let rows = panes(app)
        .rect(app.nav.focus)
        .map_or(10, |r| r.height.saturating_sub(2)) as isize;
    match app.nav.focus {
        // A claim takes about four rows.
        Pane::Claims => (rows / 4).max(1),
        Pane::Sections => (rows / 2).max(1),
        Pane::Source | Pane::Why => rows.max(1),
    }
}

fn step(app: &mut App, delta: isize) {
    match app.nav.focus {
        Pane::Sections => {
            let n = app.doc.brief().sections.len();
            if n == 0 {
                return;
            }
            let s = clamp_add(app.nav.at.section, delta, n);
            if s != app.nav.at.section {
                let first = app.visible(s).first().copied().unwrap_or(0);
                select_claim(
                    app,
                    ClaimRef {
                        section: s,
                        claim: first,
                    },
                );
            }
        }
        Pane::Claims => {
            let shown = app.shown(app.nav.at.section);
            if shown.is_empty() {
                return;
            }
            let pos = shown.position(app.nav.at.claim).unwrap_or(0);
            let next = shown
                .get(clamp_add(pos, delta, shown.len()))
                .expect("a position within the shown claims");
            if next != app.nav.at.claim || app.claim_position().is_none() {
                select_claim(
                    app,
                    ClaimRef {
                        section: app.nav.at.section,
                        claim: next,
                    },
                );
            }
        }
        Pane::Why => scroll_why(app, delta),
        Pane::Source => step_source(app, delta),
    }
}

/// The viewer's rows where it is drawn, and its height; `None` when it is not shown.
fn viewer(app: &App) -> Option<(SourceRows, usize)> {
    let r = inner(panes(app).source?);
    Some((source_rows(app, r), r.height as usize))
}

/// Moves in the viewer. One step (`j`/`k`) selects the next "cited by" row when the
/// selected one is on screen and the next is on screen or just past its edge; otherwise it
/// scrolls a line, so the header, the text and the list are all read with the same keys.
/// Pages scroll; the top and the bottom also select the first and the last citing claim.
fn step_source(app: &mut App, delta: isize) {
    let Some((rows, height)) = viewer(app) else {
        return;
    };
    let n = rows.cited_by_rows.len();
    let in_view = |row: usize| window(&rows, height).shows(rows.scroll, row);
    if delta.abs() == 1 {
        let selected = rows.cited_by_rows.get(app.nav.cited_by).copied();
        let next = app
            .nav
            .cited_by
            .checked_add_signed(delta)
            .and_then(|i| rows.cited_by_rows.get(i).copied());
        if let (Some(sel), Some(next)) = (selected, next)
            && in_view(sel)
            && next + 1 >= rows.scroll
            && next <= rows.scroll + height
        {
            app.nav.cited_by = clamp_add(app.nav.cited_by, delta, n);
            let scroll = window(&rows, height).showing(rows.scroll, next);
            app.nav.source_scroll = scroll.min(u16::MAX as usize) as u16;
            return;
        }
    } else if delta.abs() >= isize::MAX / 4 && n > 0 {
        app.nav.cited_by = if delta < 0 { 0 } else { n - 1 };
    }
    scroll_source(app, &rows, height, delta);
}

/// Scrolls the viewer by `delta` lines, no further than its last line at the bottom of the
/// pane. A selected "cited by" row scrolled out of sight gives way to the nearest one still
/// in sight, so Enter never acts on a claim that is not shown.
fn scroll_source(app: &mut App, rows: &SourceRows, height: usize, delta: isize) {
    let window = window(rows, height);
    let scroll = window.moved(rows.scroll, delta);
    app.nav.source_scroll = scroll.min(u16::MAX as usize) as u16;
    let shown: Vec<usize> = (0..rows.cited_by_rows.len())
        .filter(|&i| window.shows(scroll, rows.cited_by_rows[i]))
        .collect();
    let Some(&sel) = rows.cited_by_rows.get(app.nav.cited_by) else {
        return;
    };
    if sel < scroll
        && let Some(&first) = shown.first()
    {
        app.nav.cited_by = first;
    } else if sel >= scroll + height
        && delta < 0
        && let Some(&last) = shown.last()
    {
        app.nav.cited_by = last;
    }
}

/// The viewer's window on its rows.
fn window(rows: &SourceRows, height: usize) -> layout::Window {
    layout::Window {
        total: rows.lines.len(),
        height,
    }
}

/// Scrolls the Why panel, no further than its last line at the bottom of the panel.
fn scroll_why(app: &mut App, delta: isize) {
    let scroll = panes(app).why.map_or(0, |r| {
        let r = inner(r);
        layout::Window {
            total: why_rows(app, &app.ui.theme, r.width as usize).len(),
            height: r.height as usize,
        }
        .moved(app.nav.why_scroll as usize, delta)
    });
    app.nav.why_scroll = scroll.min(u16::MAX as usize) as u16;
}

/// The selected claim if the claims pane shows it; otherwise says why nothing happens.
/// Flags, notes and markers act only on a claim the analyst can see.
fn shown_claim(app: &mut App) -> Option<ClaimRef> {
    let at = app.shown_claim();
    if at.is_none() {
        app.set_status("no claim is shown here (w changes the filter)", false);
    }
    at
}

fn clamp_add(i: usize, delta: isize, n: usize) -> usize {
    (i as isize).saturating_add(delta).clamp(0, n as isize - 1) as usize
}

/// Selects a claim: its first marker, and that marker's source in the viewer.
pub fn select_claim(app: &mut App, at: ClaimRef) {
    app.nav.at = at;
    app.nav.marker = (!app.targets().is_empty()).then_some(0);
    show_source(app, app.selected_target_number());
}

/// Opens source `number` in the viewer, as the workbench's first view (a source picked in
/// the brief picker's search across briefs).
pub fn open_source(app: &mut App, number: u32) {
    if app.doc.brief().sources.iter().any(|s| s.number == number) {
        show_source(app, Some(number));
        app.nav.focus = Pane::Source;
    }
}

fn show_source(app: &mut App, number: Option<u32>) {
    if app.nav.source != number {
        app.nav.source_scroll = 0;
    }
    app.nav.source = number;
    // In the viewer's "cited by" list, start on the claim we came from.
    app.nav.cited_by = number
        .and_then(|n| {
            app.doc
                .links()
                .cited_by(n)
                .iter()
                .position(|&r| r == app.nav.at)
        })
        .unwrap_or(0);
}

fn step_marker(app: &mut App, delta: isize) {
    if shown_claim(app).is_none() {
        return;
    }
    let n = app.targets().len();
    if n == 0 {
        app.set_status("this claim cites no source", false);
        return;
    }
    app.nav.marker = Some(match app.nav.marker {
        None if delta > 0 => 0,
        None => n - 1,
        Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
    });
    show_source(app, app.selected_target_number());
}

/// Selects the next (or previous) weak or unsupported claim across the brief, in the order
/// the claims pane shows them section by section, skipping what the filter hides, and
/// wrapping at the ends. From a hidden selection it starts where that claim's section does.
/// A jump, so `Backspace` comes back.
fn step_weak(app: &mut App, forward: bool) {
    let order: Vec<ClaimRef> = (0..app.doc.brief().sections.len())
        .flat_map(|section| {
            app.visible(section)
                .into_iter()
                .map(move |claim| ClaimRef { section, claim })
        })
        .collect();
    let weak: Vec<usize> = order
        .iter()
        .enumerate()
        .filter(|(_, at)| {
            app.doc
                .assessment_of(**at)
                .is_some_and(|a| matches!(a.verdict, Verdict::Weak | Verdict::Unsupported))
        })
        .map(|(i, _)| i)
        .collect();
    if weak.is_empty() {
        let why = if app.doc.pending().is_some() {
            "the analysis is still running: no verdicts yet"
        } else if app.nav.filter != Filter::All {
            "no weak or unsupported claim is shown (w changes the filter)"
        } else {
            "no weak or unsupported claim in the brief"
        };
        app.set_status(why, false);
        return;
    }
    // Where the selection is in `order`: its index if shown, else the point its section
    // starts at (as if just before that section's first claim).
    let (here, shown) = match order.iter().position(|&at| at == app.nav.at) {
        Some(i) => (i, true),
        None => (
            order
                .iter()
                .position(|at| at.section >= app.nav.at.section)
                .unwrap_or(order.len()),
            false,
        ),
    };
    let (k, wrapped) = if forward {
        match weak
            .iter()
            .position(|&i| if shown { i > here } else { i >= here })
        {
            Some(k) => (k, false),
            None => (0, true),
        }
    } else {
        match weak.iter().rposition(|&i| i < here) {
            Some(k) => (k, false),
            None => (weak.len() - 1, true),
        }
    };
    let target = order[weak[k]];
    if target != app.nav.at {
        push_history(app);
        select_claim(app, target);
    }
    let id = app.doc.brief().claim(target).map_or("", |c| c.id.as_str());
    let wrap = match (wrapped, forward) {
        (true, true) => " (wrapped to the first)",
        (true, false) => " (wrapped to the last)",
        _ => "",
    };
    let status = format!("weak or unsupported {}/{}: {id}{wrap}", k + 1, weak.len());
    app.set_status(status, false);
}

fn push_history(app: &mut App) {
    app.nav.back.push(app.location());
    app.nav.forward.clear();
    const MAX_HISTORY: usize = 500;
    if app.nav.back.len() > MAX_HISTORY {
        app.nav.back.remove(0);
    }
}

/// Enter on a claim: opens its selected marker's source in the viewer (for a claim with no
/// marker of its own, the source its paragraph closes with).
fn open_marker(app: &mut App) {
    if shown_claim(app).is_none() {
        return;
    }
    if app.nav.marker.is_none() {
        if app.targets().is_empty() {
            // No marker of its own: the one closing its paragraph covers it.
            let covering = app
                .doc
                .links()
                .checked_against(app.doc.links().flat(app.nav.at))
                .first();
            match covering.copied() {
                Some(number) => {
                    push_history(app);
                    show_source(app, Some(number));
                    app.nav.focus = Pane::Source;
                    app.set_status(
                        format!("[{number}] is cited at the end of this claim's paragraph"),
                        false,
                    );
                }
                None => app.set_status("this claim cites no source", false),
            }
            return;
        }
        app.nav.marker = Some(0);
    }
    let Some(number) = app.selected_target_number() else {
        return;
    };
    push_history(app);
    show_source(app, Some(number));
    app.nav.focus = Pane::Source;
    if app.doc.brief().source(number).is_none() {
        app.set_status(
            format!("[{number}] cites a source the brief does not list"),
            true,
        );
    }
}

fn activate(app: &mut App) {
    match app.nav.focus {
        Pane::Sections => app.nav.focus = Pane::Claims,
        // From the Why panel too: it explains this claim, whose marker Enter opens.
        Pane::Claims | Pane::Why => open_marker(app),
        Pane::Source => {
            if shown_claim(app).is_none() {
                return;
            }
            // No source shown yet (a claim with no marker of its own): the viewer says
            // Enter opens the one its paragraph closes with, and so it does.
            let Some(source) = app.nav.source else {
                open_marker(app);
                return;
            };
            let Some(&target) = app.doc.links().cited_by(source).get(app.nav.cited_by) else {
                return;
            };
            // A selected claim scrolled out of sight is brought into view first: Enter acts
            // only on what the analyst can see.
            if let Some((rows, height)) = viewer(app)
                && let Some(&row) = rows.cited_by_rows.get(app.nav.cited_by)
                && !window(&rows, height).shows(rows.scroll, row)
            {
                let scroll = window(&rows, height).showing(rows.scroll, row);
                app.nav.source_scroll = scroll.min(u16::MAX as usize) as u16;
                app.set_status("Enter again opens the selected claim", false);
                return;
            }
            push_history(app);
            jump_to_claim(app, target, Some(source));
        }
    }
}

/// Shows a claim in the claims pane, with the marker citing `source` selected.
fn jump_to_claim(app: &mut App, at: ClaimRef, source: Option<u32>) {
    if app.nav.filter != Filter::All && !app.passes(at) {
        app.nav.filter = Filter::All;
        app.set_status("showing all claims, to show the one you jumped to", false);
    }
    app.nav.at = at;
    app.nav.marker = source
        .and_then(|s| app.targets().iter().position(|t| t.number == s))
        .or((!app.targets().is_empty()).then_some(0));
    show_source(app, source.or(app.selected_target_number()));
    app.nav.focus = Pane::Claims;
}

fn restore(app: &mut App, loc: Location) {
    app.nav.at = loc.at;
    app.nav.marker = loc.marker;
    show_source(app, loc.source);
    app.nav.focus = loc.focus;
    keep_selection_visible(app);
}

fn travel(app: &mut App, backward: bool) {
    let (from, to) = if backward {
        (&mut app.nav.back, &mut app.nav.forward)
    } else {
        (&mut app.nav.forward, &mut app.nav.back)
    };
    let Some(loc) = from.pop() else {
        app.set_status(
            if backward {
                "nothing to go back to"
            } else {
                "nothing to go forward to"
            },
            false,
        );
        return;
    };
    to.push(Location {
        focus: app.nav.focus,
        at: app.nav.at,
        marker: app.nav.marker,
        source: app.nav.source,
    });
    restore(app, loc);
}

/// After a filter change: if the selected claim is hidden, select the first one shown.
fn keep_selection_visible(app: &mut App) {
    let visible = app.visible(app.nav.at.section);
    if !visible.contains(&app.nav.at.claim)
        && let Some(&first) = visible.first()
    {
        select_claim(
            app,
            ClaimRef {
                section: app.nav.at.section,
                claim: first,
            },
        );
    }
}

fn cycle_flag(app: &mut App) {
    let Some(at) = shown_claim(app) else { return };
    let Some(id) = app.doc.brief().claim(at).map(|c| c.id.clone()) else {
        return;
    };
    let next = Mark::cycle(app.doc.flags().get(&id).and_then(|f| f.mark));
    app.doc.flags_mut().set_mark(&id, next);
    // Showing only flagged claims, a cleared flag hides its claim: select one still shown.
    keep_selection_visible(app);
    let what = next.map_or("cleared your flag".to_string(), |m| {
        format!("flagged {}", m.label())
    });
    save(app, &format!("{what} on {id}"));
}

/// Quits, saving unsaved flags first (the quit happens when the save comes back, see
/// [`finished`]); when they cannot be saved the status says so, and only a second quit in
/// a row leaves them behind (the command line then prints them).
fn quit(app: &mut App) {
    if !app.doc.flags().unsaved() || app.ui.quit_armed {
        app.ui.quit = true;
        return;
    }
    if app.ui.save_waiting {
        // Behind another process's lock: a second quit leaves, the flags printed.
        app.ui.quit_armed = true;
        app.set_status(
            "waiting for another briefbench to finish saving: quit again to leave \
             (your unsaved flags are then printed)",
            true,
        );
    } else {
        app.set_status("saving your flags before quitting…", false);
    }
    request_save(app, String::new(), true);
}

/// Asks for the flags to be saved (an effect, run off the UI thread); the status says what
/// was done once the save comes back. Meanwhile the edits are in memory.
fn save(app: &mut App, done: &str) {
    app.set_status("saving…", false);
    request_save(app, done.to_string(), false);
}

fn request_save(app: &mut App, done: String, then_quit: bool) {
    let request = Box::new(app.doc.flags().save_request());
    app.ui.outbox.push(Effect::SaveFlags {
        request,
        done,
        then_quit,
    });
}

fn step_result(app: &mut App, delta: isize) {
    let n = app.nav.last_results.len();
    if n == 0 {
        app.set_status("no search results to step through: / to search", false);
        return;
    }
    let next = app.nav.last_result as isize + delta;
    let wrapped = next < 0 || next >= n as isize;
    app.nav.last_result = next.rem_euclid(n as isize) as usize;
    match app.nav.last_results[app.nav.last_result] {
        Stop::Source(number) => show_source(app, Some(number)),
        Stop::Claim(at) => jump_to_claim(app, at, None),
    }
    let note = match (wrapped && n > 1, delta > 0) {
        (true, true) => " (from the top)",
        (true, false) => " (from the bottom)",
        _ => "",
    };
    app.set_status(
        format!("result {}/{n}{note}", app.nav.last_result + 1),
        false,
    );
}

/// Keeps a search's results (all of them, not only those the popup listed), and the one
/// selected, for Ctrl-n / Ctrl-p to step through after the popup is gone.
fn remember_results(app: &mut App, state: &SearchState) {
    let every = state.every_hit(app.doc.index());
    let selected = state.results.hits.get(state.selected).map(|h| h.index);
    app.nav.last_result = every.iter().position(|&i| Some(i) == selected).unwrap_or(0);
    app.nav.last_results = match state.scope {
        Scope::Sources => every
            .into_iter()
            .map(|i| Stop::Source(app.doc.brief().sources[i].number))
            .collect(),
        Scope::Claims => every
            .into_iter()
            .map(|i| Stop::Claim(app.doc.links().at(i)))
            .collect(),
    };
}

fn search(app: &mut App, mut state: Box<SearchState>, action: Action) {
    match action {
        Action::Close => {
            // The results stay the last search's, so Ctrl-n steps on from the one that was
            // selected (its preview was on screen), as after Enter.
            if !state.results.hits.is_empty() {
                remember_results(app, &state);
            }
            return;
        }
        Action::Up | Action::ScrollUp { .. } => state.move_by(-1),
        Action::Down | Action::ScrollDown { .. } => state.move_by(1),
        Action::PageUp => state.move_by(-10),
        Action::PageDown => state.move_by(10),
        Action::HalfPageDown => state.move_by(5),
        Action::SearchScope => state.switch_scope(app.doc.index()),
        Action::Activate => {
            let Some(hit) = state.results.hits.get(state.selected) else {
                app.ui.overlay = Some(Overlay::Search(state));
                return;
            };
            push_history(app);
            match state.scope {
                Scope::Sources => {
                    let number = app.doc.brief().sources[hit.index].number;
                    remember_results(app, &state);
                    show_source(app, Some(number));
                    app.nav.focus = Pane::Source;
                }
                Scope::Claims => {
                    let at = app.doc.links().at(hit.index);
                    remember_results(app, &state);
                    jump_to_claim(app, at, None);
                }
            }
            return;
        }
        edit => {
            let grew =
                matches!(edit, Action::Input(_)) && state.input.cursor == state.input.text.len();
            if state.input.apply(edit) {
                state.refresh(app.doc.index(), grew);
            }
        }
    }
    app.ui.overlay = Some(Overlay::Search(state));
}

/// A paste (bracketed by the terminal) is one edit of the search query or the note, not a
/// keystroke per character: the search runs once. Elsewhere a paste does nothing.
fn paste(app: &mut App, text: &str) {
    match &mut app.ui.overlay {
        Some(Overlay::Search(state)) => {
            let grew = state.input.cursor == state.input.text.len();
            let before = state.input.text.len();
            state.input.insert_str(text);
            if state.input.text.len() != before {
                state.refresh(app.doc.index(), grew);
            }
        }
        Some(Overlay::Note { editor, .. }) => editor.insert_str(text),
        _ => {}
    }
}

/// The analyst's notes by the claims' positions in the search index.
fn notes_by_position(app: &App) -> Vec<(usize, String)> {
    (0..app.doc.index().len(Scope::Claims))
        .filter_map(|i| {
            let claim = app.doc.brief().claim(app.doc.links().at(i))?;
            let note = &app.doc.flags().get(&claim.id)?.note;
            (!note.trim().is_empty()).then(|| (i, note.clone()))
        })
        .collect()
}

/// Saves `text` as the note on `claim_id` (from `$EDITOR`), said in the status line.
pub fn save_note(app: &mut App, claim_id: &str, text: &str) {
    app.ui.memory.note_drafts.remove(claim_id);
    app.doc.flags_mut().set_note(claim_id, text);
    let done = if text.trim().is_empty() {
        "note cleared"
    } else {
        "note saved"
    };
    save(app, &format!("{done} on {claim_id}"));
}

fn note(app: &mut App, claim_id: String, mut editor: LineEditor, action: Action) {
    match action {
        Action::Close => {
            let saved = app
                .doc
                .flags()
                .get(&claim_id)
                .map_or("", |f| f.note.as_str());
            if editor.text == saved {
                app.set_status("note not changed", false);
            } else {
                app.set_status(
                    format!("note not saved; the draft is kept: n on {claim_id} brings it back"),
                    false,
                );
                app.ui.memory.note_drafts.insert(claim_id, editor.text);
            }
        }
        Action::Newline => {
            editor.insert_newline();
            app.ui.overlay = Some(Overlay::Note { claim_id, editor });
        }
        Action::Activate => {
            app.ui.memory.note_drafts.remove(&claim_id);
            app.doc.flags_mut().set_note(&claim_id, &editor.text);
            let done = if editor.text.trim().is_empty() {
                "note cleared"
            } else {
                "note saved"
            };
            save(app, &format!("{done} on {claim_id}"));
        }
        Action::Quit => {
            // Ctrl-C in the editor keeps the note rather than losing what was typed.
            app.doc.flags_mut().set_note(&claim_id, &editor.text);
            quit(app);
        }
        edit => {
            editor.apply(edit);
            app.ui.overlay = Some(Overlay::Note { claim_id, editor });
        }
    }
}

fn click(app: &mut App, col: u16, row: u16) {
    let geometry = Geometry::on_screen(app);
    let areas = geometry.areas;
    if let Some(tabs) = areas.tabs
        && tabs.contains((col, row).into())
    {
        // Three equal tabs.
        let third = (tabs.width / 3).max(1);
        app.nav.focus = Pane::ALL[((col - tabs.x) / third).min(2) as usize];
        return;
    }
    let Some(pane) = areas.pane_at(col, row) else {
        return;
    };
    app.nav.focus = pane;
    match pane {
        Pane::Sections => {
            if let Some(s) = geometry.section_at(row)
                && s < app.doc.brief().sections.len()
                && s != app.nav.at.section
            {
                let c = app.visible(s).first().copied().unwrap_or(0);
                select_claim(
                    app,
                    ClaimRef {
                        section: s,
                        claim: c,
                    },
                );
            }
        }
        Pane::Claims => {
            if let Some((at, marker)) = geometry.claim_at(col, row) {
                if at != app.nav.at {
                    select_claim(app, at);
                }
                if let Some(m) = marker
                    && let Some(i) = app.targets().iter().position(|t| t.marker == m)
                {
                    app.nav.marker = Some(i);
                    show_source(app, app.selected_target_number());
                }
            }
        }
        // A click on the Why panel focuses it, to scroll it with the keys.
        Pane::Why => {}
        Pane::Source => {
            let r = inner(areas.source.expect("hit"));
            let rows = source_rows(app, r);
            let y = (row - r.y.min(row)) as usize + rows.scroll;
            if let Some(i) = rows.cited_by_rows.iter().position(|&r| r == y) {
                app.nav.cited_by = i;
            }
        }
    }
}

fn scroll(app: &mut App, col: u16, row: u16, delta: isize) {
    match panes(app).pane_at(col, row) {
        Some(Pane::Why) => scroll_why(app, delta),
        Some(Pane::Source) => {
            if let Some((rows, height)) = viewer(app) {
                scroll_source(app, &rows, height, delta);
            }
        }
        Some(pane) => {
            let focus = app.nav.focus;
            app.nav.focus = pane;
            step(app, delta.signum());
            app.nav.focus = focus;
        }
        None => {}
    }
}

/// `F`: the selected source's page, or from the sections pane every page the brief cites,
/// fetched on a thread of its own (see [`super::fetching`]).
fn start_fetch(app: &mut App) {
    let only = match (app.nav.focus, app.nav.source) {
        (Pane::Sections, _) => None,
        (_, Some(n)) => Some(vec![n]),
        (_, None) => {
            app.set_status(
                "no source selected: ] picks a marker (F in the sections pane fetches all)",
                true,
            );
            return;
        }
    };
    let brief = std::sync::Arc::clone(app.doc.brief());
    match app.doc.fetched_mut().start(&brief, only.as_deref()) {
        Ok(msg) => app.set_status(msg, false),
        Err(e) => app.set_status(e, true),
    }
}

/// `o`: the selected source's URL in the system browser.
fn open_url(app: &mut App) {
    if shown_claim(app).is_none() {
        return;
    }
    let Some(url) = app
        .nav
        .source
        .and_then(|n| app.doc.brief().source(n))
        .and_then(|s| s.url.clone())
    else {
        app.set_status("no URL to open: the selected source has none", true);
        return;
    };
    match super::fetching::open_in_browser(&url) {
        // The status line shows it as `Safe` text, as it shows every status.
        Ok(()) => app.set_status(format!("opened {url}"), false),
        Err(e) => app.set_status(e, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Flags;

    /// `update` does no I/O: a flag is an effect, and the disk changes only when it runs;
    /// its result, back as a message, clears the unsaved state and says what was done.
    #[test]
    fn a_flag_is_an_effect_and_the_disk_changes_only_when_it_runs() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = crate::store::load_default().unwrap();
        let id = loaded.brief.id.clone();
        let mut app = App::new(loaded, Flags::open(dir.path(), &id).unwrap());
        let _ = update(&mut app, Action::Resize(160, 45));
        let claim = app.doc.brief().claim(app.nav.at).unwrap().id.clone();
        let effects = update(&mut app, Action::CycleFlag);
        assert!(
            matches!(
                effects[..],
                [Effect::SaveFlags {
                    then_quit: false,
                    ..
                }]
            ),
            "{effects:?}"
        );
        let on_disk = || Flags::open(dir.path(), &id).unwrap().get(&claim).cloned();
        assert_eq!(on_disk(), None, "nothing written by update");
        assert!(app.doc.flags().unsaved());
        super::super::effect::settle(&mut app, effects, update);
        assert!(!app.doc.flags().unsaved());
        assert_eq!(on_disk().and_then(|f| f.mark), Some(Mark::Weak));
        let status = app.ui.status.as_ref().unwrap();
        assert_eq!(status.text, format!("flagged weak on {claim}"));

        // Quitting with an unsaved edit saves first, and quits when the save comes back.
        let effects = update(&mut app, Action::CycleFlag);
        drop(effects);
        let effects = update(&mut app, Action::Quit);
        assert!(!app.ui.quit, "not before the save is done");
        assert!(matches!(
            effects[..],
            [Effect::SaveFlags {
                then_quit: true,
                ..
            }]
        ));
        super::super::effect::settle(&mut app, effects, update);
        assert!(app.ui.quit);
        assert_eq!(on_disk().and_then(|f| f.mark), Some(Mark::Disputed));
    }
}
