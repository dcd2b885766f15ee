//! The brief picker: a filter line, then one row a brief with its title, date, claim count
//! and how many claims are weak or unsupported.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{safe, untrusted};
use crate::sanitize::Safe;
use crate::tui::picker::{Mode, Picker, label};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, picker: &Picker, theme: &Theme) {
    draw(frame, picker, theme);
    super::cells::settle(frame.buffer_mut());
}

fn draw(frame: &mut Frame, picker: &Picker, theme: &Theme) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        frame.render_widget(Paragraph::new("terminal too small"), area);
        return;
    }
    let [body, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let what = match picker.mode {
        Mode::Briefs => "Briefs in",
        Mode::Sources => "Sources of every brief in",
    };
    // The folder takes the whole top border but its two corners, a rule at each end and the
    // title's own words and spaces.
    let room = (body.width as usize).saturating_sub(4 + what.len() + 3);
    let title = format!(" {what} {} ", Safe::new(&picker.folder).truncate(room));
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let mut input_lines = vec![Line::from(vec![
        Span::styled("> ", theme.label),
        untrusted(&picker.query.text, theme.text),
    ])];
    if let Some(e) = &picker.query_error {
        input_lines.push(
            Line::from(vec![
                Span::styled("  ", theme.error),
                untrusted(e, theme.error),
            ])
            .style(theme.error),
        );
    }
    frame.render_widget(Paragraph::new(input_lines), input);
    let cursor_x = 2 + unicode_width::UnicodeWidthStr::width(
        Safe::new(&picker.query.text[..picker.query.cursor]).as_str(),
    ) as u16;
    frame.set_cursor_position((
        input.x + cursor_x.min(input.width.saturating_sub(1)),
        input.y,
    ));

    let esc = if picker.query.text.is_empty() {
        "quit"
    } else {
        "clear"
    };
    let hint = match picker.mode {
        Mode::Briefs => {
            render_rows(frame, picker, theme, list);
            let (done, all) = picker.progress();
            let progress = if done < all {
                format!(" · summarising {done}/{all}")
            } else {
                String::new()
            };
            format!(
                " {} of {}{progress} · type to filter · ↑↓ move · Enter open · Tab search their sources · Esc {esc}",
                picker.shown.len(),
                crate::tui::count(picker.entries.len(), "brief", "briefs"),
            )
        }
        Mode::Sources => {
            render_source_rows(frame, picker, theme, list);
            let progress = match picker.index_progress() {
                Some((done, all)) if done < all => format!(" · indexing {done}/{all}"),
                _ => String::new(),
            };
            format!(
                " {}{progress} · lang: kind: after: before: cited: filter · Enter open in its brief · Tab briefs · Esc {esc}",
                crate::tui::count(picker.source_hits.len(), "source", "sources"),
            )
        }
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim)), footer);
}

fn render_rows(frame: &mut Frame, picker: &Picker, theme: &Theme, area: Rect) {
    let rows = area.height as usize;
    let width = area.width as usize;
    // Keep the selection in view.
    let first = picker.selected.saturating_sub(rows.saturating_sub(1));
    // Date, counts and file name on the right; the title takes what is left.
    let right = 10 + 11 + 9 + 10 + 4;
    let title_w = width.saturating_sub(right + 22).max(12);
    let mut lines = Vec::new();
    for (k, (i, positions)) in picker.shown.iter().enumerate().skip(first).take(rows) {
        let e = &picker.entries[*i];
        let selected = k == picker.selected;
        let base = if selected { theme.selected } else { theme.text };
        let mut spans = vec![Span::styled(if selected { "▸ " } else { "  " }, base)];
        // The title, its matched letters highlighted (positions are in characters).
        let shown = Safe::new(label(e)).truncate(title_w);
        let mut used = 0;
        for (n, c) in shown.as_str().chars().enumerate() {
            let style = if positions.contains(&n) {
                base.patch(theme.matched)
            } else {
                base
            };
            spans.push(Span::styled(c.to_string(), style));
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        spans.push(Span::styled(
            " ".repeat(title_w.saturating_sub(used) + 1),
            base,
        ));
        match &e.summary {
            Ok(s) => {
                spans.push(Span::styled(
                    format!("{:<10} ", Safe::new(&s.date)),
                    base.patch(theme.dim),
                ));
                // The noun padded to "claims", so the columns after it stay aligned.
                let noun = if s.claims == 1 { "claim " } else { "claims" };
                spans.push(Span::styled(format!("{:>5} {noun} ", s.claims), base));
                spans.push(Span::styled(
                    format!("{:>4} weak ", s.weak),
                    base.patch(theme.weak_text()),
                ));
                spans.push(Span::styled(
                    format!("{:>4} unsup  ", s.unsupported),
                    base.patch(theme.unsupported_text()),
                ));
                spans.push(safe(
                    Safe::new(&e.file_name).truncate(20),
                    base.patch(theme.dim),
                ));
            }
            Err(_) if picker.is_waiting(*i) => {
                spans.push(Span::styled("summarising…", base.patch(theme.dim)));
            }
            Err(why) => {
                let w = width.saturating_sub(title_w + 3);
                spans.push(safe(
                    Safe::display(why).truncate(w),
                    base.patch(theme.error),
                ));
            }
        }
        lines.push(Line::from(spans));
    }
    if picker.shown.is_empty() {
        let msg = if picker.entries.is_empty() {
            "no briefs here (.ron, .md, .txt)"
        } else {
            "no brief matches"
        };
        lines.push(Line::styled(format!("  {msg}"), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One row a source found across the briefs: its brief's file, number, date, language and
/// the matched text with its letters highlighted.
fn render_source_rows(frame: &mut Frame, picker: &Picker, theme: &Theme, area: Rect) {
    let rows = area.height as usize;
    let width = area.width as usize;
    let first = picker.selected.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (k, h) in picker.source_hits.iter().enumerate().skip(first).take(rows) {
        let selected = k == picker.selected;
        let base = if selected { theme.selected } else { theme.text };
        let file = Safe::new(&picker.entries[h.entry].file_name).truncate(18);
        let head = format!(
            "{file:<18} [{}] {} {:<3} ",
            h.number,
            Safe::new(&h.date),
            Safe::new(&h.lang)
        );
        let mut used = 2 + unicode_width::UnicodeWidthStr::width(head.as_str());
        let mut spans = vec![
            Span::styled(if selected { "▸ " } else { "  " }, base),
            Span::styled(head, base.patch(theme.dim)),
        ];
        // What the source is (its title) first, then what matched: at most half the room
        // left, so the match stays in sight.
        if let Some(title) = &h.title {
            let title = Safe::new(title).truncate(width.saturating_sub(used) / 2);
            used += unicode_width::UnicodeWidthStr::width(title.as_str()) + 3;
            spans.push(safe(title, base));
            spans.push(Span::styled(" · ", base.patch(theme.dim)));
        }
        for (n, c) in Safe::new(&h.text).as_str().chars().enumerate() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            let style = if h.positions.contains(&n) {
                base.patch(theme.matched)
            } else {
                base
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        lines.push(Line::from(spans));
    }
    if picker.source_hits.is_empty() {
        let msg = if picker.query.text.trim().is_empty() {
            "type to search the sources of every brief (kenya, lang:de, cited:0 …)"
        } else {
            "no source matches"
        };
        lines.push(Line::styled(format!("  {msg}"), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
