//! The search popup: a query box, ranked results with the matched characters highlighted,
//! and a preview of the selected result beside them (below them when narrow).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::text::{safe, untrusted};
use super::{highlighted, truncate};
use crate::sanitize::Safe;
use crate::search::{Field, Scope};
use crate::tui::app::App;
use crate::tui::search::SearchState;
use crate::tui::theme::{Theme, verdict_badge};

pub fn render(frame: &mut Frame, app: &App, state: &SearchState, theme: &Theme, screen: Rect) {
    let area = super::centered(
        screen,
        (screen.width.saturating_sub(4)).max(10),
        (screen.height.saturating_sub(2)).max(6),
    );
    super::clear_popup(frame, area);
    let scope = match state.scope {
        Scope::Sources => " Search sources (Tab: claims) ",
        Scope::Claims => " Search claims (Tab: sources) ",
    };
    let block = Block::bordered()
        .border_style(theme.border_focus)
        .title(scope);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [input, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);

    // The query line, with the count and any filter errors.
    let query = Safe::new(&state.input.text);
    let count = format!(
        " {}/{} ",
        state.results.total,
        app.doc.index().len(state.scope)
    );
    let used = 2 + query.as_str().width() + count.width();
    let mut spans = vec![Span::styled("› ", theme.label), safe(query, theme.title)];
    if (input.width as usize) > used {
        spans.push(Span::raw(" ".repeat(input.width as usize - used)));
    }
    spans.push(Span::styled(count, theme.dim));
    let second = match state.query().errors.first() {
        _ if state.input.full => Line::styled(
            format!(
                "full: a query is {} bytes at most",
                crate::tui::line_edit::MAX_INPUT
            ),
            theme.error,
        ),
        Some(e) => Line::from(safe(
            Safe::display(e).truncate(input.width as usize),
            theme.error,
        ))
        .style(theme.error),
        // Field filters apply to sources only: in claims the hint names what does apply.
        None if state.scope == Scope::Claims && state.query().has_filters() => Line::styled(
            "lang: kind: after: before: cited: filter sources: Tab searches them",
            theme.error,
        ),
        None => Line::styled(
            truncate(
                match state.scope {
                    Scope::Sources => {
                        "'exact !not ^start end$ a | b  lang:de kind:social after:2026-03-01 \
                         before:2026-03-31 cited:0 ~loose"
                    }
                    Scope::Claims => {
                        "'exact !not ^start end$ a | b  ids (summary.2) and your notes ~loose"
                    }
                },
                input.width as usize,
            ),
            theme.dim,
        ),
    };
    frame.render_widget(Paragraph::new(vec![Line::from(spans), second]), input);
    let before = Safe::new(&state.input.text[..state.input.cursor])
        .as_str()
        .width() as u16;
    frame.set_cursor_position((
        input.x + 2 + before.min(input.width.saturating_sub(3)),
        input.y,
    ));

    let wide = body.width >= 90;
    let [list, preview] = if wide {
        Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body)
    } else {
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(body)
    };
    render_list(frame, app, state, theme, list);
    render_preview(frame, app, state, theme, preview);
}

fn render_list(frame: &mut Frame, app: &App, state: &SearchState, theme: &Theme, area: Rect) {
    let rows = area.height as usize;
    // Numbers right-aligned to the widest in the brief, so the columns line up.
    let digits = app
        .doc
        .brief()
        .sources
        .iter()
        .map(|s| s.number)
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    if state.results.hits.is_empty() {
        let q = state.query();
        let msg = if state.input.text.trim().is_empty() {
            "Type to search."
        } else if q.text.trim().is_empty() && q.groups.is_empty() {
            // Only filters: loose matching would change nothing.
            "No source passes these filters."
        } else if q.loose {
            "No match, even loosely."
        } else {
            "No match. (~ before the query shows loose matches)"
        };
        frame.render_widget(Paragraph::new(msg).style(theme.dim), area);
        return;
    }
    // Only the rows that show are built.
    let first = state.selected.saturating_sub(rows.saturating_sub(1));
    let width = area.width as usize;
    let mut lines = Vec::new();
    for (i, hit) in state.results.hits.iter().enumerate().skip(first).take(rows) {
        let selected = i == state.selected;
        let row = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(if selected { "▸" } else { " " }, theme.marker)];
        let (prefix, text, label) = match state.scope {
            Scope::Sources => {
                let s = &app.doc.brief().sources[hit.index];
                let cites = app.doc.links().cited_by(s.number).len();
                let prefix = format!(
                    "[{:>digits$}] {} {:<8} {} cited {cites} ",
                    s.number,
                    s.date,
                    s.kind.label(),
                    Safe::new(&s.lang)
                );
                let label = (hit.field != Field::Text).then(|| format!("{}: ", hit.field.label()));
                (
                    prefix,
                    Safe::new(app.doc.index().field_text(hit.index, hit.field)),
                    label,
                )
            }
            Scope::Claims => {
                let at = app.doc.links().at(hit.index);
                let claim = app.doc.brief().claim(at).expect("hits index the brief");
                let badge = app
                    .doc
                    .assessment()
                    .claims
                    .get(hit.index)
                    .map_or("", |a| verdict_badge(a.verdict));
                // Found by the analyst's note: the note is what shows.
                let note = (hit.field == Field::Note)
                    .then(|| app.doc.flags().get(&claim.id).map(|f| f.note.clone()))
                    .flatten();
                let label = note.as_ref().map(|_| "note: ".to_string());
                (
                    format!("{badge:<5} {} ", Safe::new(&claim.id)),
                    Safe::new(note.as_deref().unwrap_or(&claim.text)).into_static(),
                    label,
                )
            }
        };
        spans.push(Span::styled(prefix.clone(), theme.dim));
        if let Some(l) = &label {
            spans.push(Span::styled(l.clone(), theme.label));
        }
        let room =
            width.saturating_sub(1 + prefix.width() + label.as_ref().map_or(0, |l| l.width()));
        let (shown, positions) = window(&text, &hit.positions, room);
        spans.extend(highlighted(&shown, &positions, theme.text, theme.matched));
        lines.push(Line::from(spans).style(row));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The part of `text` that fits in `room` cells, starting a little before the first match
/// when the match would otherwise be cut off; positions shifted to match.
fn window(text: &Safe<'_>, positions: &[usize], room: usize) -> (Safe<'static>, Vec<usize>) {
    const CONTEXT: usize = 12;
    let first = positions.first().copied().unwrap_or(0);
    let chars: Vec<char> = text.as_str().chars().collect();
    let head: String = chars.iter().take(first + 1).collect();
    let start = if head.width() + 2 > room && first > CONTEXT {
        first - CONTEXT
    } else {
        0
    };
    let start = start.min(chars.len());
    let rest: String = chars[start..].iter().collect();
    let (prefix, room) = if start > 0 {
        ("…", room.saturating_sub(1))
    } else {
        ("", room)
    };
    let shown = truncate(&rest, room);
    // The ellipsis `truncate` may add is not text: highlight only real characters.
    let n = rest.chars().count().min(shown.chars().count());
    let shift = prefix.chars().count();
    let positions = positions
        .iter()
        .filter(|&&p| p >= start && p - start < n)
        .map(|&p| p - start + shift)
        .collect();
    (
        Safe::new(&format!("{prefix}{shown}")).into_static(),
        positions,
    )
}

fn render_preview(frame: &mut Frame, app: &App, state: &SearchState, theme: &Theme, area: Rect) {
    let block = Block::bordered()
        .border_style(theme.border)
        .title(" Preview ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(hit) = state.results.hits.get(state.selected) else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    match state.scope {
        Scope::Sources => {
            let s = &app.doc.brief().sources[hit.index];
            lines.push(Line::styled(
                format!(
                    "[{}] {} · {} · {}",
                    s.number,
                    s.kind.label(),
                    Safe::new(&s.lang),
                    Safe::new(&s.date)
                ),
                theme.title,
            ));
            if let Some(o) = &s.outlet {
                lines.push(
                    Line::from(vec![
                        Span::styled("outlet: ", theme.dim),
                        untrusted(o, theme.dim),
                    ])
                    .style(theme.dim),
                );
            }
            lines.push(Line::default());
            let positions = if hit.field == Field::Text {
                hit.positions.clone()
            } else {
                vec![]
            };
            lines.push(Line::from(highlighted(
                &Safe::new(&s.text),
                &positions,
                theme.text,
                theme.matched,
            )));
            if let Some(g) = &s.gloss {
                lines.push(Line::default());
                lines.push(Line::styled("Translation (gloss):", theme.label));
                let positions = if hit.field == Field::Gloss {
                    hit.positions.clone()
                } else {
                    vec![]
                };
                lines.push(Line::from(highlighted(
                    &Safe::new(g),
                    &positions,
                    theme.gloss,
                    theme.matched,
                )));
            }
            let cited: Vec<String> = app
                .doc
                .links()
                .cited_by(s.number)
                .iter()
                .filter_map(|&r| {
                    app.doc
                        .brief()
                        .claim(r)
                        .map(|c| Safe::new(&c.id).into_string())
                })
                .collect();
            lines.push(Line::default());
            lines.push(Line::styled(
                format!(
                    "Cited by: {}",
                    if cited.is_empty() {
                        "no claim".into()
                    } else {
                        cited.join(", ")
                    }
                ),
                theme.dim,
            ));
        }
        Scope::Claims => {
            let at = app.doc.links().at(hit.index);
            let claim = app.doc.brief().claim(at).expect("hits index the brief");
            let section = app.doc.brief().sections[at.section].title();
            lines.push(Line::styled(
                format!("{} — {}", Safe::new(&claim.id), Safe::new(section)),
                theme.title,
            ));
            lines.push(Line::default());
            lines.push(Line::from(highlighted(
                &Safe::new(&claim.text),
                &hit.positions,
                theme.text,
                theme.matched,
            )));
            if let Some(a) = app.doc.assessment().claims.get(hit.index) {
                lines.push(Line::default());
                // The badge and score as the Why panel writes them: "UNSUPPORTED 16/100".
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(" {} ", a.verdict.label().to_uppercase()),
                        theme.verdict(a.verdict),
                    ),
                    Span::styled(format!(" {}/100", a.score), theme.title),
                ]));
                for r in &a.reasons {
                    lines.push(
                        Line::from(vec![
                            Span::styled("• ", theme.text),
                            untrusted(&r.message, theme.text),
                        ])
                        .style(theme.text),
                    );
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
