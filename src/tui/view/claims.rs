//! The claims pane (the selected section's claims, wrapped, markers highlighted, a badge
//! for the verdict and the analyst's flag), the "why" panel under it, and the note editor.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::{safe, untrusted};
use super::{pane_block, scroll_position};
use crate::sanitize::{Safe, join};
use crate::tui::action::Action;
use crate::tui::app::{App, Filter, Pane};
use crate::tui::keymap::Scope;
use crate::tui::layout::{Areas, CLAIM_INDENT, ClaimsLayout, inner};
use crate::tui::line_edit::LineEditor;
use crate::tui::theme::{Theme, mark_badge, verdict_badge};
use crate::tui::wrap::wrap_spans;

/// The claims pane in `area`, its boxes as the frame's geometry laid them out.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, laid: &ClaimsLayout) {
    let section = app.doc.brief().sections.get(app.nav.at.section);
    let title = format!(
        " {} ",
        Safe::new(section.map_or("", |s| s.title()))
            .truncate(area.width.saturating_sub(4) as usize)
    );
    frame.render_widget(
        pane_block(app, theme, Pane::Claims, Line::from(title)),
        area,
    );
    let r = laid.inner;
    let (boxes, offset) = (&laid.boxes, laid.offset);
    if boxes.is_empty() {
        let msg = match app.nav.filter {
            Filter::All => "This section has no claims.",
            Filter::Weak => "No weak or unsupported claims here (w changes the filter).",
            Filter::Uncited => "No uncited claims here (w changes the filter).",
            Filter::Flagged => "No claims flagged or noted by you here (w changes the filter).",
        };
        // Wrapped, not cut: at 80 columns the hint at its end is what matters.
        let lines: Vec<Line> = crate::tui::wrap::wrap_plain(msg, r.width.max(1) as usize)
            .into_iter()
            .map(Line::from)
            .collect();
        frame.render_widget(Paragraph::new(lines).style(theme.dim), r);
        return;
    }
    let selected_marker = app
        .nav
        .marker
        .and_then(|i| app.targets().get(i).map(|t| t.marker));
    let mut lines: Vec<Line> = Vec::new();
    let height = r.height as usize;
    for b in boxes
        .iter()
        .filter(|b| b.top + b.height() > offset && b.top < offset + height)
    {
        let selected = b.at == app.nav.at;
        let row = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let claim = app
            .doc
            .brief()
            .claim(b.at)
            .expect("boxes come from the brief");
        let mut badge = vec![Span::styled(if selected { "▌" } else { " " }, theme.marker)];
        if let Some(a) = app.doc.assessment_of(b.at) {
            badge.push(Span::styled(
                format!(" {} {:>3} ", verdict_badge(a.verdict), a.score),
                theme.verdict(a.verdict),
            ));
        }
        if let Some(flag) = app.doc.flags().get(&claim.id) {
            if let Some(m) = flag.mark {
                badge.push(Span::styled(format!(" {}", mark_badge(m)), theme.flag));
            }
            if !flag.note.is_empty() {
                badge.push(Span::styled(" ✎", theme.flag));
            }
        }
        badge.push(Span::styled("  ", theme.dim));
        badge.push(untrusted(&claim.id, theme.dim));
        lines.push(Line::from(badge).style(row));
        for wl in b.lines.iter() {
            let mut spans = vec![Span::raw(" ".repeat(CLAIM_INDENT as usize))];
            for piece in wl {
                let style = match piece.marker {
                    Some(m) if selected && Some(m) == selected_marker => theme.marker_selected,
                    Some(_) => theme.marker,
                    None => theme.text,
                };
                spans.push(Span::styled(piece.text.clone(), style));
            }
            lines.push(Line::from(spans).style(row));
        }
        lines.push(Line::default());
    }
    let first_top = boxes
        .iter()
        .find(|b| b.top + b.height() > offset)
        .map_or(0, |b| b.top);
    let skip = offset - first_top.min(offset);
    frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), r);
}

/// Why the selected claim got its verdict: reasons with their sources and terms, what was
/// found, and the analyst's flag and note. Scrolled by `app.nav.why_scroll`; when it holds more
/// than it shows, its bottom border says where it is and that there is more.
pub fn render_why(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let r = inner(area);
    let lines = why_rows(app, theme, r.width as usize);
    let (total, height) = (lines.len(), r.height as usize);
    let scroll = crate::tui::layout::Window { total, height }.clamp(app.nav.why_scroll as usize);
    let key = app
        .ui
        .keymap
        .keys_for(Scope::Main, Action::ToggleWhy)
        .into_iter()
        .next();
    let title = match key {
        Some(k) if total > height && app.nav.focus != Pane::Why => {
            format!(" Why — {k} to read all ")
        }
        _ => " Why ".to_string(),
    };
    let mut block = pane_block(app, theme, Pane::Why, Line::from(title));
    if let Some(pos) = scroll_position(theme, scroll, height, total) {
        block = block.title_bottom(pos);
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
}

/// The Why panel's lines, wrapped to `width`: what it draws, and what scrolling counts.
pub fn why_rows(app: &App, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    why_lines(app, theme)
        .iter()
        .flat_map(|l| wrap_spans(&l.spans, width))
        .collect()
}

fn why_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    // A claim the claims pane hides (`w` on a section with none weak) is not explained.
    let Some(at) = app.shown_claim() else {
        lines.push(Line::styled("No claim shown here.", theme.dim));
        return lines;
    };
    let Some(claim) = app.doc.brief().claim(at) else {
        return lines;
    };
    if let Some(a) = app.doc.assessment_of(at) {
        let mut head = vec![
            Span::styled(
                format!(" {} ", a.verdict.label().to_uppercase()),
                theme.verdict(a.verdict),
            ),
            Span::styled(format!(" {}/100", a.score), theme.title),
        ];
        if !a.found.is_empty() {
            head.push(Span::styled("  found: ", theme.dim));
            head.push(untrusted(&a.found.join(", "), theme.text));
        }
        if a.transition {
            head.push(Span::styled("  (a transition: nothing to cite)", theme.dim));
        }
        lines.push(Line::from(head));
        if a.reasons.is_empty() && !a.transition {
            lines.push(Line::styled("• every check passed", theme.dim));
        }
        for reason in &a.reasons {
            lines.push(Line::from(vec![
                Span::styled(format!("• {} ", reason.code.as_str()), theme.label),
                untrusted(&reason.message, theme.text),
            ]));
        }
        if !a.unsupported.is_empty() {
            let quoted = join(
                a.unsupported
                    .iter()
                    .map(|p| Safe::new(p).map(|p| format!("“{p}”"))),
                " · ",
            );
            lines.push(Line::from(vec![
                Span::styled("not in its sources: ", theme.label),
                safe(quoted, theme.unsupported_text()),
            ]));
        }
        // What each source supplied, with the passage that carries the claim.
        for (n, terms) in &a.supplied {
            let mut spans = vec![Span::styled(format!("[{n}] "), theme.marker)];
            if terms.is_empty() {
                spans.push(Span::styled("gives nothing", theme.dim));
            } else {
                spans.push(Span::styled("gives: ", theme.dim));
                spans.push(untrusted(&terms.join(", "), theme.text));
            }
            if let Some(e) = a.evidence.iter().find(|e| e.source == *n) {
                spans.push(safe(
                    Safe::new(&e.text).map(|t| format!("  “{t}”")),
                    theme.gloss,
                ));
            }
            lines.push(Line::from(spans));
        }
        if !a.framing.is_empty() || !a.not_counted.is_empty() {
            let mut spans = vec![Span::styled("not counted as facts: ", theme.dim)];
            let mut parts = Vec::new();
            if !a.framing.is_empty() {
                parts.push(format!("framing: {}", a.framing.join(", ")));
            }
            if !a.not_counted.is_empty() {
                parts.push(format!("common words: {}", a.not_counted.join(", ")));
            }
            spans.push(untrusted(&parts.join("; "), theme.dim));
            lines.push(Line::from(spans));
        }
    }
    if let Some(flag) = app.doc.flags().get(&claim.id) {
        let mut spans = vec![Span::styled("You: ", theme.label)];
        if let Some(m) = flag.mark {
            spans.push(Span::styled(mark_badge(m), theme.flag));
        }
        // A note of several lines shows them as lines, under its first.
        let note = Safe::multiline(&flag.note).into_string();
        let mut note_lines = note.split('\n');
        if let Some(first) = note_lines.next().filter(|_| !flag.note.is_empty()) {
            spans.push(Span::styled(format!("  ✎ {first}"), theme.text));
        }
        lines.push(Line::from(spans));
        for more in note_lines {
            lines.push(Line::styled(format!("    {more}"), theme.text));
        }
    }
    lines
}

/// The note editor: a box over the why panel (or the bottom of the screen), with a cursor.
pub fn render_note(
    frame: &mut Frame,
    theme: &Theme,
    areas: &Areas,
    screen: Rect,
    claim_id: &str,
    editor: &LineEditor,
) {
    let host = areas.why.or(areas.claims).unwrap_or(screen);
    let h = 5.min(host.height);
    let area = Rect {
        y: host.y + host.height - h,
        height: h,
        ..host
    };
    frame.render_widget(Clear, area);
    let title = if editor.full {
        format!(
            " Note on {} — full: {} bytes at most ",
            Safe::new(claim_id).truncate(30),
            crate::tui::line_edit::MAX_INPUT
        )
    } else {
        let id = Safe::new(claim_id).truncate(30);
        let full =
            format!(" Note on {id} — Enter saves, Alt-Enter breaks a line, Esc keeps the draft ");
        // Narrower popups keep what the keys do, shorter, rather than lose its end.
        [
            full,
            format!(" Note on {id} — Enter saves · Alt-Enter new line · Esc keeps "),
            format!(" Note on {id} — Enter saves, Esc keeps "),
        ]
        .into_iter()
        .find(|t| unicode_width::UnicodeWidthStr::width(t.as_str()) + 2 <= area.width as usize)
        .unwrap_or_else(|| format!(" Note on {id} "))
    };
    frame.render_widget(
        Block::bordered()
            .border_style(theme.border_focus)
            .title(title),
        area,
    );
    let r = area.inner(Margin {
        horizontal: 1,
        vertical: 1,
    });
    let width = r.width.max(1) as usize;
    // Wrapped by character, so the cursor's cell is known exactly.
    let cursor_char = editor.text[..editor.cursor].chars().count();
    let text = Safe::new(&editor.text).into_string();
    let mut lines = vec![String::new()];
    let mut used = 0;
    let mut cursor = (0, 0);
    for (i, (typed, c)) in editor.text.chars().zip(text.chars()).enumerate() {
        // A line break typed with Alt-Enter starts a line of its own.
        if typed == '\n' {
            if i == cursor_char {
                cursor = (lines.len() - 1, used);
            }
            lines.push(String::new());
            used = 0;
            continue;
        }
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if i == cursor_char {
            cursor = (lines.len() - 1, used);
        }
        lines.last_mut().expect("a line").push(c);
        used += w;
    }
    if cursor_char >= text.chars().count() {
        if used >= width {
            lines.push(String::new());
            used = 0;
        }
        cursor = (lines.len() - 1, used);
    }
    let (cy, cx) = cursor;
    let rows = r.height as usize;
    let skip = (cy + 1).saturating_sub(rows);
    let shown: Vec<Line> = lines.into_iter().skip(skip).map(Line::from).collect();
    frame.render_widget(Paragraph::new(shown).style(theme.text), r);
    frame.set_cursor_position((r.x + cx as u16, r.y + (cy - skip) as u16));
}
