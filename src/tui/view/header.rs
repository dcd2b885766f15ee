//! The header line: the brief's title, where the analyst is, the verdict counts, review
//! progress, flags, and the filter and sort in force.
//!
//! It fits any width by giving up what matters least first: the title and the section's
//! title shrink (with an ellipsis) to the room left, then the counts take their short form,
//! the program's name goes, the section's title, the brief's title; the filter and the sort,
//! which change what the claims pane shows, stay to the last.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{progress_bar, truncate};
use crate::sanitize::Safe;
use crate::tui::app::{App, Filter};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    frame.render_widget(Paragraph::new(line(app, theme, area.width as usize)), area);
}

/// How much of the header to give up to fit.
#[derive(Clone, Copy)]
struct Compact {
    short_counts: bool,
    brand: bool,
    section_title: bool,
    title: bool,
}

/// Least room a title is shown in; below it the title goes rather than show a stub.
const MIN_TITLE: usize = 12;
const MIN_SECTION_TITLE: usize = 10;

/// The header for `width` columns.
pub fn line(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let title = Safe::new(&app.doc.brief().title).into_string();
    let section_title = app
        .doc
        .brief()
        .sections
        .get(app.nav.at.section)
        .map_or(String::new(), |s| Safe::new(s.title()).into_string());
    let levels = [
        Compact {
            short_counts: false,
            brand: true,
            section_title: true,
            title: true,
        },
        Compact {
            short_counts: true,
            brand: true,
            section_title: true,
            title: true,
        },
        Compact {
            short_counts: true,
            brand: false,
            section_title: true,
            title: true,
        },
        Compact {
            short_counts: true,
            brand: false,
            section_title: false,
            title: true,
        },
        Compact {
            short_counts: true,
            brand: false,
            section_title: false,
            title: false,
        },
    ];
    for c in levels {
        // What the line takes besides the two titles (each stood for by one column here,
        // so that the separators and spaces that go with them are counted).
        let fixed = width_of(&spans(app, theme, c, "x", "x"))
            - usize::from(c.title)
            - usize::from(c.section_title);
        let Some(room) = width.checked_sub(fixed) else {
            continue;
        };
        let (tw, sw) = (title.width(), section_title.width());
        let (tb, sb) = if !c.title && !c.section_title {
            (0, 0)
        } else if !c.section_title {
            (room.min(tw), 0)
        } else if !c.title {
            (0, room.min(sw))
        } else if tw + sw <= room {
            (tw, sw)
        } else {
            // The section's title gets a third of the room at most, the brief's the rest.
            let sb = sw.min((room / 3).max(MIN_SECTION_TITLE)).min(room);
            (room - sb, sb)
        };
        if (c.title && tb < MIN_TITLE.min(tw))
            || (c.section_title && sb < MIN_SECTION_TITLE.min(sw))
        {
            continue;
        }
        let t = if c.title {
            truncate(&title, tb)
        } else {
            String::new()
        };
        let s = if c.section_title {
            truncate(&section_title, sb)
        } else {
            String::new()
        };
        return Line::from(spans(app, theme, c, &t, &s));
    }
    // Narrower than everything that matters: what matters most first, its counts rounded
    // when whole they do not fit (a 50,000-claim brief's), cut with an ellipsis.
    let whole = important_first(app, theme, Counts::Exact);
    if width_of(&whole) <= width {
        return Line::from(whole);
    }
    cut(important_first(app, theme, Counts::Rounded), width)
}

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// Spans cut to `width` columns, the last one ending in "…" when anything was cut.
fn cut(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    if width_of(&spans) <= width {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w < width {
            used += w;
            out.push(s);
        } else {
            out.push(Span::styled(truncate(&s.content, width - used), s.style));
            break;
        }
    }
    Line::from(out)
}

fn spans(app: &App, theme: &Theme, c: Compact, title: &str, section: &str) -> Vec<Span<'static>> {
    let sep = |spans: &mut Vec<Span<'static>>| {
        if !spans.is_empty() {
            spans.push(Span::styled("  │ ", theme.dim));
        }
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    if c.brand {
        spans.push(Span::styled(" briefbench ", theme.title));
    }
    if c.title && !title.is_empty() {
        spans.push(Span::styled(title.to_string(), theme.text));
    }
    sep(&mut spans);
    spans.push(Span::styled(
        format!(
            "§ {}/{}{}",
            app.nav.at.section + 1,
            app.doc.brief().sections.len(),
            if section.is_empty() { "" } else { " " }
        ),
        theme.label,
    ));
    if !section.is_empty() {
        spans.push(Span::styled(section.to_string(), theme.text));
    }
    sep(&mut spans);
    let pos = app
        .claim_position()
        .map_or("-".to_string(), |p| (p + 1).to_string());
    spans.push(Span::styled(
        format!("claim {pos}/{}", app.visible(app.nav.at.section).len()),
        theme.label,
    ));
    sep(&mut spans);
    match app.doc.pending() {
        Some(p) => {
            let done = p
                .done
                .load(std::sync::atomic::Ordering::Relaxed)
                .min(p.total);
            spans.push(Span::styled(
                format!("analysing {} ", progress_bar(done, p.total, 10)),
                theme.flag,
            ));
            spans.push(Span::styled(
                format!("{done}/{} claims", p.total),
                theme.dim,
            ));
        }
        None => {
            let n = app.doc.counts();
            let text = if c.short_counts {
                format!(
                    "{} weak · {} unsup · {} uncited",
                    n.weak, n.unsupported, n.uncited
                )
            } else {
                format!(
                    "{} weak · {} unsupported · {} uncited",
                    n.weak, n.unsupported, n.uncited
                )
            };
            spans.push(Span::styled(text, theme.text));
        }
    }
    let (reviewed, total) = app.doc.reviewed();
    spans.push(Span::styled(
        format!("  │ {reviewed}/{total} reviewed"),
        theme.label,
    ));
    let flags = app.doc.flags().iter().count();
    if flags > 0 {
        spans.push(Span::styled(format!("  │ ⚑ {flags}"), theme.flag));
        let orphans = app.doc.orphan_count();
        if orphans > 0 {
            spans.push(Span::styled(format!(" ({orphans} orphaned)"), theme.error));
        }
    }
    if app.nav.filter != Filter::All {
        spans.push(Span::styled(
            format!("  │ only {}", app.nav.filter.label()),
            theme.flag,
        ));
    }
    if app.nav.by_score {
        spans.push(Span::styled("  │ by score", theme.flag));
    }
    spans
}

/// The header when nothing else fits: what changes what the claims pane shows first (the
/// filter, the sort), then where the analyst is, then the counts.
fn important_first(app: &App, theme: &Theme, counts: Counts) -> Vec<Span<'static>> {
    let n = |v: usize| match counts {
        Counts::Exact => v.to_string(),
        Counts::Rounded => rounded(v),
    };
    let mut spans = Vec::new();
    let mut push = |text: String, style: Style| {
        if !spans.is_empty() {
            spans.push(Span::styled(" │ ", theme.dim));
        }
        spans.push(Span::styled(text, style));
    };
    if app.nav.filter != Filter::All {
        push(format!("only {}", short_label(app.nav.filter)), theme.flag);
    }
    if app.nav.by_score {
        push("by score".to_string(), theme.flag);
    }
    let pos = app
        .claim_position()
        .map_or("-".to_string(), |p| (p + 1).to_string());
    push(
        format!("claim {pos}/{}", app.visible(app.nav.at.section).len()),
        theme.label,
    );
    push(
        format!(
            "§ {}/{}",
            app.nav.at.section + 1,
            app.doc.brief().sections.len()
        ),
        theme.label,
    );
    let c = app.doc.counts();
    push(
        format!(
            "{} weak · {} unsup · {} uncited",
            n(c.weak),
            n(c.unsupported),
            n(c.uncited)
        ),
        theme.text,
    );
    let (reviewed, total) = app.doc.reviewed();
    push(
        format!("{}/{} reviewed", n(reviewed), n(total)),
        theme.label,
    );
    spans
}

/// How the narrow header writes its counts.
#[derive(Clone, Copy)]
enum Counts {
    Exact,
    /// From 10,000 up, in thousands to one decimal (`28.6k`); below, as they are.
    Rounded,
}

/// `v` as [`Counts::Rounded`] writes it.
fn rounded(v: usize) -> String {
    if v < 10_000 {
        return v.to_string();
    }
    let tenths = (v + 50) / 100;
    match tenths % 10 {
        0 => format!("{}k", tenths / 10),
        d => format!("{}.{d}k", tenths / 10),
    }
}

/// The filter's name where room is short.
fn short_label(filter: Filter) -> &'static str {
    match filter {
        Filter::Weak => "weak/unsup",
        Filter::Flagged => "flagged",
        f => f.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn counts_from_ten_thousand_are_rounded_to_a_tenth_of_a_thousand() {
        for (v, shown) in [
            (0, "0"),
            (9_999, "9999"),
            (10_000, "10k"),
            (13_165, "13.2k"),
            (28_618, "28.6k"),
            (49_960, "50k"),
            (50_000, "50k"),
            (123_456, "123.5k"),
        ] {
            assert_eq!(rounded(v), shown, "{v}");
        }
    }
}
