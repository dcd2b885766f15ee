//! The sections pane: each heading with its claim count and weak count.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{pane_block, truncate};
use crate::sanitize::sanitize;
use crate::tui::app::{App, Pane};
use crate::tui::layout::{inner, section_window};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let block = pane_block(app, theme, Pane::Sections, Line::from(" Sections "));
    let r = inner(area);
    frame.render_widget(block, area);
    let width = r.width as usize;
    // Keep the selected section in view; only the rows that show are built.
    let (first, fit) = section_window(app, r);
    let mut lines = Vec::new();
    for (i, section) in app.brief.sections.iter().enumerate().skip(first).take(fit) {
        let selected = i == app.at.section;
        let row_style = if selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let pointer = if selected { "▸ " } else { "  " };
        let title = truncate(&sanitize(section.title()), width.saturating_sub(2));
        lines.push(
            Line::from(vec![
                Span::styled(pointer, theme.marker),
                Span::styled(title, theme.title),
            ])
            .style(row_style),
        );
        let counts = app.verdict_counts(i);
        let (weak, unsupported, uncited) = (counts.weak, counts.unsupported, counts.uncited);
        let mut counts = vec![Span::styled(
            format!(
                "  {}",
                crate::tui::count(section.claims.len(), "claim", "claims")
            ),
            theme.dim,
        )];
        for (n, what, style) in [
            (weak, "weak", theme.weak),
            (unsupported, "unsup", theme.unsupported),
            (uncited, "uncited", theme.dim),
        ] {
            if n > 0 {
                counts.push(Span::styled(" · ", theme.dim));
                counts.push(Span::styled(format!("{n} {what}"), style));
            }
        }
        lines.push(Line::from(counts).style(row_style));
    }
    frame.render_widget(Paragraph::new(lines), r);
}
