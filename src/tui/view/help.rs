//! The help overlay, drawn from the key table so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::untrusted;
use crate::tui::app::App;
use crate::tui::help_filter;
use crate::tui::keymap::{Keymap, Scope, describe};
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap_plain;

/// Where the help's text goes on a screen.
fn area(screen: Rect) -> Rect {
    super::centered(
        screen,
        screen.width.saturating_sub(4).min(100),
        screen.height.saturating_sub(2),
    )
}

/// How far the help scrolls on a screen: its last line at the bottom, no further.
pub fn max_scroll(app: &App, screen: Rect) -> u16 {
    let inner = Block::bordered().inner(area(screen));
    let (rows, _) = body(app, &app.ui.theme, inner);
    (lines(
        &app.ui.theme,
        &app.ui.keymap,
        inner.width as usize,
        filter(app),
    )
    .len() as u16)
        .saturating_sub(rows.height)
}

fn filter(app: &App) -> &str {
    &app.ui.memory.help_filter.text
}

/// The rows the help's lines go in, under the filter's line when there is one.
fn body(app: &App, theme: &Theme, inner: Rect) -> (Rect, Option<Line<'static>>) {
    let m = &app.ui.memory;
    if !m.help_typing && m.help_filter.text.is_empty() {
        return (inner, None);
    }
    let cursor = if m.help_typing { "▏" } else { "" };
    let line = Line::from(vec![
        Span::styled("filter: ", theme.label),
        untrusted(&m.help_filter.text, theme.text),
        Span::styled(cursor, theme.label),
    ]);
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    (rows, Some(line))
}

pub fn render(frame: &mut Frame, theme: &Theme, app: &App, screen: Rect, scroll: u16) {
    let area = area(screen);
    super::clear_popup(frame, area);
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(" Help — Esc closes, j/k, g/G, PgUp/PgDn scroll, / filters ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (rows, filter_line) = body(app, theme, inner);
    if let Some(l) = filter_line {
        frame.render_widget(Paragraph::new(l), Rect { height: 1, ..inner });
    }
    let mut lines = lines(theme, &app.ui.keymap, inner.width as usize, filter(app));
    if lines.is_empty() {
        lines.push(Line::styled("  nothing matches", theme.dim));
    }
    let max = (lines.len() as u16).saturating_sub(rows.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), rows);
}

/// One row of the help: its keys and what they do, the description wrapped under itself.
fn entry(theme: &Theme, keys: &str, what: &str, col: usize, width: usize) -> Vec<Line<'static>> {
    // On a narrow help the description goes under its keys rather than into a sliver.
    let room = width.saturating_sub(2 + col);
    let (indent, room, own_line) = if room >= 24 {
        (2 + col, room, false)
    } else {
        (4, width.saturating_sub(4).max(1), true)
    };
    let mut out = Vec::new();
    let wrapped = wrap_plain(what, room);
    if own_line {
        out.push(Line::styled(format!("  {keys}"), theme.label));
    }
    for (i, l) in wrapped.into_iter().enumerate() {
        if i == 0 && !own_line {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<col$}"), theme.label),
                Span::styled(l, theme.text),
            ]));
        } else {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(l, theme.text),
            ]));
        }
    }
    out
}

/// Every line of the help for `width` columns, from the key table; with a filter, only the
/// entries that match it, under the titles of their groups.
fn lines(theme: &Theme, keymap: &Keymap, width: usize, filter: &str) -> Vec<Line<'static>> {
    let scopes = [
        (Scope::Main, "Panes"),
        (Scope::Viewer, "Source viewer (also the pane keys)"),
        (Scope::Search, "Search popup (type to search)"),
        (Scope::Note, "Note editor (type to write)"),
        (Scope::Help, "This help"),
    ];
    // The keys column is as wide as the widest list of keys.
    let col = keymap
        .bindings()
        .iter()
        .map(|b| {
            keymap
                .keys_for(b.scope, b.action)
                .join(", ")
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0)
        .max(20)
        + 2;
    let mut groups: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for (scope, title) in scopes {
        let mut entries = Vec::new();
        let mut seen = Vec::new();
        for b in keymap.bindings().iter().filter(|b| b.scope == scope) {
            if seen.contains(&b.action) {
                continue;
            }
            seen.push(b.action);
            let keys = keymap.keys_for(scope, b.action).join(", ");
            entries.push((keys, describe(scope, b.action).to_string()));
        }
        groups.push((title, entries));
    }
    groups.push((
        "Mouse",
        vec![
            (
                "click".to_string(),
                "select a pane, a section, a claim, a marker or a cited-by row".to_string(),
            ),
            (
                "wheel".to_string(),
                "move in sections and claims, scroll the viewer and the Why panel".to_string(),
            ),
        ],
    ));
    groups.push((
        "Search filters",
        [
            ("lang:de", "language (ISO 639-1)"),
            ("kind:social", "news, social, analysis, filing, other"),
            ("after:2026-03-03", "dated on or after"),
            ("before:2026-03-03", "dated on or before"),
            ("cited:0  cited:>2", "how many claims cite it"),
            ("~text", "also show loose, scattered matches"),
        ]
        .iter()
        .map(|(k, w)| (k.to_string(), w.to_string()))
        .collect(),
    ));
    let mut lines: Vec<Line> = Vec::new();
    for (title, entries) in groups {
        let shown: Vec<&(String, String)> = entries
            .iter()
            .filter(|(k, w)| help_filter::matches(filter, &format!("{title} {k} {w}")))
            .collect();
        // A group with no keys of its own (the viewer's, as the defaults stand) says nothing.
        if shown.is_empty() {
            continue;
        }
        lines.push(Line::styled(title.to_string(), theme.title));
        for (keys, what) in shown {
            lines.extend(entry(theme, keys, what, col, width));
        }
        lines.push(Line::default());
    }
    lines.pop_if(|l| l.width() == 0);
    lines
}
