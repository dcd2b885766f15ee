//! The sections pane: each heading with its claim count and weak count.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::safe;
use super::{pane_block, truncate};
use crate::sanitize::Safe;
use crate::tui::app::{App, Pane};
use crate::tui::theme::Theme;

/// The sections pane in `area`; `(r, first, fit)` is its inside and the window of
/// sections the frame's geometry keeps in view (only the rows that show are built).
pub fn render(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    (r, first, fit): (Rect, usize, usize),
) {
    let block = pane_block(app, theme, Pane::Sections, Line::from(" Sections "));
    frame.render_widget(block, area);
    let width = r.width as usize;
    let mut lines = Vec::new();
    for (i, section) in app
        .doc
        .brief()
        .sections
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
    {
        let selected = i == app.nav.at.section;
        let row_style = if selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let pointer = if selected { "▸ " } else { "  " };
        let title = Safe::new(section.title()).truncate(width.saturating_sub(2));
        lines.push(
            Line::from(vec![
                Span::styled(pointer, theme.marker),
                safe(title, theme.title),
            ])
            .style(row_style),
        );
        let counts = app.doc.verdict_counts(i);
        let (weak, unsupported, uncited) = (counts.weak, counts.unsupported, counts.uncited);
        let verdicts = [
            (weak, "weak", theme.weak),
            (unsupported, "unsup", theme.unsupported),
            (uncited, "uncited", theme.dim),
        ];
        let claims = section.claims.len();
        // The counts as they fit: "8 claims · 1 weak · …", else without the noun, else
        // cut with an ellipsis, never cut silently.
        let line = |noun: bool| -> Vec<(String, Style)> {
            let head = if noun {
                crate::tui::count(claims, "claim", "claims")
            } else {
                claims.to_string()
            };
            let mut parts = vec![(format!("  {head}"), theme.dim)];
            for (n, what, style) in verdicts {
                if n > 0 {
                    parts.push((" · ".to_string(), theme.dim));
                    parts.push((format!("{n} {what}"), style));
                }
            }
            parts
        };
        let fits = |parts: &[(String, Style)]| {
            parts
                .iter()
                .map(|(t, _)| unicode_width::UnicodeWidthStr::width(t.as_str()))
                .sum::<usize>()
                <= width
        };
        let mut parts = line(true);
        if !fits(&parts) {
            parts = line(false);
        }
        let spans: Vec<Span> = if fits(&parts) {
            parts
                .into_iter()
                .map(|(t, style)| Span::styled(t, style))
                .collect()
        } else {
            let plain: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            vec![Span::styled(truncate(&plain, width), theme.dim)]
        };
        lines.push(Line::from(spans).style(row_style));
    }
    frame.render_widget(Paragraph::new(lines), r);
}
