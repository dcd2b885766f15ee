//! The help overlay, drawn from the key table so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::keymap::{Keymap, Scope};
use crate::tui::theme::Theme;

/// Where the help's text goes on a screen.
fn area(screen: Rect) -> Rect {
    super::centered(
        screen,
        screen.width.saturating_sub(4).min(100),
        screen.height.saturating_sub(2),
    )
}

/// How far the help scrolls on a screen: its last line at the bottom, no further.
pub fn max_scroll(keymap: &Keymap, screen: Rect) -> u16 {
    let inner = Block::bordered().inner(area(screen));
    (lines(&Theme::dark(), keymap).len() as u16).saturating_sub(inner.height)
}

pub fn render(frame: &mut Frame, theme: &Theme, keymap: &Keymap, screen: Rect, scroll: u16) {
    let area = area(screen);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(" Help — Esc closes, j/k, g/G, PgUp/PgDn scroll ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = lines(theme, keymap);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}

/// Every line of the help, from the key table.
fn lines(theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
    let scopes = [
        (Scope::Main, "Panes"),
        (Scope::Viewer, "Source viewer (also the pane keys)"),
        (Scope::Search, "Search popup (type to search)"),
        (Scope::Note, "Note editor (type to write)"),
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
    let mut lines: Vec<Line> = Vec::new();
    for (scope, title) in scopes {
        // A scope with no keys of its own (the viewer's, as the defaults stand) says nothing.
        if !keymap.bindings().iter().any(|b| b.scope == scope) {
            continue;
        }
        lines.push(Line::styled(title, theme.title));
        let mut seen = Vec::new();
        for b in keymap.bindings().iter().filter(|b| b.scope == scope) {
            if seen.contains(&b.action) {
                continue;
            }
            seen.push(b.action);
            let keys = keymap.keys_for(scope, b.action).join(", ");
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<col$}"), theme.label),
                Span::styled(crate::tui::keymap::describe(scope, b.action), theme.text),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Mouse", theme.title));
    lines.push(Line::styled(
        "  click                 select a pane, a section, a claim, a marker or a cited-by row",
        theme.text,
    ));
    lines.push(Line::styled(
        "  wheel                 move in sections and claims, scroll the viewer and the Why panel",
        theme.text,
    ));
    lines.push(Line::default());
    lines.push(Line::styled("Search filters", theme.title));
    for (f, what) in [
        ("lang:de", "language (ISO 639-1)"),
        ("kind:social", "news, social, analysis, filing, other"),
        ("after:2026-03-03", "dated on or after"),
        ("before:2026-03-03", "dated on or before"),
        ("cited:0  cited:>2", "how many claims cite it"),
        ("~text", "also show loose, scattered matches"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {f:<col$}"), theme.label),
            Span::styled(what, theme.text),
        ]));
    }
    lines
}
