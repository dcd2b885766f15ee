//! The source viewer: the source under the selected marker, its details, the full text,
//! the gloss labelled as a translation, its story cluster, and every claim that cites it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::safe;
use super::{pane_block, scroll_position};
use crate::sanitize::Safe;
use crate::tui::app::{App, Pane};
use crate::tui::layout::inner;
use crate::tui::theme::{Theme, verdict_badge};
use crate::tui::wrap::{wrap_plain, wrap_spans, wrap_url};

/// The viewer's content, laid out for a width, and where its "cited by" rows are.
pub struct SourceRows {
    pub lines: Vec<Line<'static>>,
    /// Content row of each "cited by" entry.
    pub cited_by_rows: Vec<usize>,
    /// Rows scrolled off the top.
    pub scroll: usize,
}

/// What the viewer says when the claims pane shows no claim.
pub const NOTHING_SHOWN: &str =
    "No claim is shown in this section, so no source (w changes the filter).";

/// The viewer's rows for an area: what `update` scrolls, and what is drawn.
pub fn source_rows(app: &App, r: Rect) -> SourceRows {
    let theme = &app.ui.theme;
    let width = r.width.max(1) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cited_by_rows = Vec::new();
    // A filter that hides every claim of the section leaves no claim, so no source: the
    // viewer says so rather than keep showing the source of a claim no longer in sight.
    if app.shown_claim().is_none() {
        for l in wrap_plain(NOTHING_SHOWN, width) {
            lines.push(Line::styled(l, theme.dim));
        }
        return SourceRows {
            lines,
            cited_by_rows,
            scroll: 0,
        };
    }
    let Some(number) = app.nav.source else {
        let msg = match app.doc.assessment_of(app.nav.at) {
            Some(a) if app.targets().is_empty() && !a.covered_by.is_empty() => {
                let list: Vec<String> = a.covered_by.iter().map(|n| format!("[{n}]")).collect();
                format!(
                    "No marker of its own: checked against {}, cited at its paragraph's end \
                     (Enter opens it).",
                    list.join(", ")
                )
            }
            Some(_) if app.targets().is_empty() => "This claim cites no source.".to_string(),
            _ => "No source selected: ] picks a marker, Enter opens it.".to_string(),
        };
        for l in wrap_plain(&msg, width) {
            lines.push(Line::styled(l, theme.dim));
        }
        return SourceRows {
            lines,
            cited_by_rows,
            scroll: 0,
        };
    };
    let Some(source) = app.doc.brief().source(number) else {
        lines.push(Line::styled(
            format!("[{number}] is cited, but the brief lists no source {number}."),
            theme.error,
        ));
        return SourceRows {
            lines,
            cited_by_rows,
            scroll: 0,
        };
    };

    // A field as the brief gives it, marked when the importer guessed it.
    let marked = |text: &str, which: crate::model::Guessed, style| {
        let mark = if source.is_guessed(which) {
            " (guessed)"
        } else {
            ""
        };
        safe(Safe::new(text).map(|t| format!("{t}{mark}")), style)
    };
    use crate::model::Guessed;
    // The header line wraps as words: at any width its date and language stay in view.
    lines.extend(wrap_spans(
        &[
            Span::styled(format!("[{}] ", source.number), theme.title),
            marked(source.kind.label(), Guessed::Kind, theme.label),
            Span::styled(" · ", theme.dim),
            marked(&source.lang, Guessed::Lang, theme.label),
            Span::styled(" · ", theme.dim),
            marked(&source.date, Guessed::Date, theme.text),
        ],
        width,
    ));
    let field = |lines: &mut Vec<Line<'static>>, name: &str, value: Option<&str>| {
        if let Some(v) = value {
            let room = width.saturating_sub(8).max(1);
            // A URL breaks after its slashes and separators, never inside a word.
            let wrapped = if name == "url" {
                wrap_url(v, room)
            } else {
                wrap_plain(v, room)
            };
            for (i, l) in wrapped.into_iter().enumerate() {
                let label = if i == 0 {
                    format!("{name:<7} ")
                } else {
                    " ".repeat(8)
                };
                lines.push(Line::from(vec![
                    Span::styled(label, theme.dim),
                    Span::styled(l, theme.text),
                ]));
            }
        }
    };
    field(&mut lines, "title", source.title.as_deref());
    field(&mut lines, "outlet", source.outlet.as_deref());
    field(&mut lines, "author", source.author.as_deref());
    field(&mut lines, "url", source.url.as_deref());
    // Where the text below came from, and which fields the page's metadata filled.
    let origin = app
        .doc
        .brief()
        .source_index(number)
        .and_then(|i| app.doc.fetched().origins.worth_saying(i, source));
    if let Some(o) = origin {
        let mut said = o.text.describe();
        if !o.from_page.is_empty() {
            said.push_str(&format!("; {} from the page", o.from_page.join(", ")));
        }
        let style = match o.text {
            crate::fetch::TextOrigin::NotFetched { .. } | crate::fetch::TextOrigin::None { .. } => {
                theme.error
            }
            _ => theme.dim,
        };
        for (i, l) in wrap_plain(&said, width.saturating_sub(8).max(1))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 {
                "text    ".to_string()
            } else {
                " ".repeat(8)
            };
            lines.push(Line::from(vec![
                Span::styled(label, theme.dim),
                Span::styled(l, style),
            ]));
        }
    }
    lines.push(Line::default());
    // Excerpts (a STORM folder's snippets) are paragraphs apart: keep them apart.
    for (i, para) in source.text.split("\n\n").enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        for l in wrap_plain(para, width) {
            lines.push(Line::styled(l, theme.text));
        }
    }
    if let Some(gloss) = &source.gloss {
        lines.push(Line::default());
        let label = format!(
            "Translation from {} (a gloss, not the source's words):",
            Safe::new(&source.lang)
        );
        for l in wrap_plain(&label, width) {
            lines.push(Line::styled(l, theme.label));
        }
        for l in wrap_plain(gloss, width) {
            lines.push(Line::styled(l, theme.gloss));
        }
    } else if source.lang != "en" {
        lines.push(Line::default());
        lines.push(Line::styled(
            "No English gloss: this source cannot be checked by term.",
            theme.error,
        ));
    }
    if let Some(cluster) = app.doc.assessment().cluster_of(number) {
        let others: Vec<String> = cluster
            .iter()
            .filter(|&&n| n != number)
            .map(|n| format!("[{n}]"))
            .collect();
        lines.push(Line::default());
        lines.extend(wrap_spans(
            &[
                Span::styled("Same story as ", theme.label),
                Span::styled(others.join(" "), theme.marker),
                Span::styled(" (one independent source)", theme.dim),
            ],
            width,
        ));
    }
    for &(a, b) in &app.doc.assessment().duplicates {
        if a == number || b == number {
            let other = if a == number { b } else { a };
            lines.push(Line::styled(
                format!("Listed twice: the same source as [{other}]"),
                theme.error,
            ));
        }
    }

    let cited_by = app.doc.links().cited_by(number);
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Cited by ({})", cited_by.len()),
        theme.label,
    ));
    let focused = app.nav.focus == Pane::Source && app.ui.overlay.is_none();
    for (i, &at) in cited_by.iter().enumerate() {
        let Some(claim) = app.doc.brief().claim(at) else {
            continue;
        };
        let selected = i == app.nav.cited_by;
        let style = if selected && focused {
            theme.selected
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            if selected { "▸ " } else { "  " },
            theme.marker,
        )];
        if let Some(a) = app.doc.assessment_of(at) {
            spans.push(Span::styled(
                verdict_badge(a.verdict),
                theme.verdict(a.verdict),
            ));
            spans.push(Span::raw(" "));
        }
        let id = Safe::new(&claim.id);
        let rest = width.saturating_sub(8 + id.as_str().chars().count() + 2);
        spans.push(safe(id, theme.dim));
        spans.push(Span::raw(" "));
        spans.push(safe(Safe::new(&claim.text).truncate(rest), theme.text));
        cited_by_rows.push(lines.len());
        lines.push(Line::from(spans).style(style));
    }

    // The analyst's own offset, as far as the content goes: the header, the text and the
    // "cited by" list are all reached by scrolling (`update` keeps the selection in view).
    let scroll = crate::tui::layout::Window {
        total: lines.len(),
        height: r.height as usize,
    }
    .clamp(app.nav.source_scroll as usize);
    SourceRows {
        lines,
        cited_by_rows,
        scroll,
    }
}

pub fn render(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let title = match app.shown_claim().and(app.nav.source) {
        Some(n) => format!(" Source [{n}] "),
        None => " Source ".to_string(),
    };
    let r = inner(area);
    let rows = source_rows(app, r);
    let mut block = pane_block(app, theme, Pane::Source, Line::from(title));
    if let Some(pos) = scroll_position(theme, rows.scroll, r.height as usize, rows.lines.len()) {
        block = block.title_bottom(pos);
    }
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(rows.lines).scroll((rows.scroll as u16, 0)),
        r,
    );
}
