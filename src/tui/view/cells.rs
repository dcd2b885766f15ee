//! Grapheme clusters written so the terminal draws them at the width ratatui measured.
//!
//! ratatui sends only the cells that changed since the last frame and moves the cursor only
//! where a run of changed cells breaks: it trusts the terminal to advance by the width it
//! measured for each cell. Some clusters are drawn at another width by most terminals (and
//! by vt100): an emoji with a variation selector (U+FE0F, "🕯️" is 2 to unicode-width, 1 to
//! a terminal that measures code points), a ZWJ family (2 measured, 6 drawn), a skin tone
//! (2 measured, 4 drawn). ratatui also writes the cell behind a VS16 emoji right after it
//! without a cursor move, so that cell lands one column to the right. Either way the
//! following writes land off by a column and old cells stay behind ("META'SNEW TEAMS")
//! until something redraws everything.
//!
//! Each frame is settled before it is flushed: every cluster whose code points do not add up
//! to its measured width, or that holds a variation selector, is written without its
//! selectors, joiners and skin tones, or as its first character when that is still not
//! unambiguous. The layout does not move (a narrower cluster leaves a blank behind it), and
//! the terminal always equals a fresh full redraw.
//!
//! The sweep is also the net under the views' [`crate::sanitize::Safe`] text: a cell that
//! still holds a control, BiDi control or line separator (a view that built a span of brief
//! text without `view::text`) loses it here, so no frame can carry one to the terminal.

use ratatui::buffer::{Buffer, Cell, CellWidth};
use unicode_width::UnicodeWidthChar;

/// Rewrites every cluster of `buf` that a terminal could draw at another width.
pub fn settle(buf: &mut Buffer) {
    let width = buf.area.width as usize;
    if width == 0 {
        return;
    }
    for cell in &mut buf.content {
        if cell.symbol().chars().any(crate::sanitize::is_unsafe) {
            let kept: String = cell
                .symbol()
                .chars()
                .filter(|&c| !crate::sanitize::is_unsafe(c))
                .collect();
            cell.set_symbol(if kept.is_empty() { "\u{fffd}" } else { &kept });
        }
    }
    for row in buf.content.chunks_mut(width) {
        let mut x = 0;
        while x < row.len() {
            let measured = (row[x].symbol().cell_width() as usize).max(1);
            let end = (x + measured).min(row.len());
            // A wide cluster partly drawn over (a popup's border beside a wide character of
            // the pane under it) is blank: the diff skips the columns a wide cell covers, so
            // what was drawn over it would never reach the terminal.
            if measured > 1
                && row[x + 1..end]
                    .iter()
                    .any(|c| !matches!(c.symbol(), " " | ""))
            {
                let style = row[x].style();
                row[x].set_symbol(" ").set_style(style);
                x += 1;
                continue;
            }
            if let Some(pieces) = pieces(row[x].symbol(), measured) {
                write_pieces(&mut row[x..end], &pieces);
            }
            x += measured;
        }
    }
}

/// Writes `pieces` one after the other into `cells` (the columns of one cluster), each
/// piece in the cell it starts at, and blanks the rest in the cluster's style.
fn write_pieces(cells: &mut [Cell], pieces: &[String]) {
    let style = cells[0].style();
    let mut at = 0;
    for piece in pieces {
        let w = piece
            .chars()
            .next()
            .and_then(|c| c.width())
            .unwrap_or(1)
            .max(1);
        if at + w > cells.len() {
            break;
        }
        cells[at].set_symbol(piece).set_style(style);
        at += w;
    }
    let rest = at.min(cells.len());
    for cell in &mut cells[rest..] {
        cell.set_symbol(" ").set_style(style);
    }
}

/// What stands for a cluster that cannot be drawn unambiguously: the dotted circle fonts put
/// under a lone mark. (Not U+FFFD, which some terminal emulators drop without a column.)
const PLACEHOLDER: char = '\u{25cc}';

/// Variation selectors, the zero-width joiner and skin tones: what makes a terminal draw a
/// cluster at a width of its own choosing.
fn is_presentation_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{200d}' | '\u{1f3fb}'..='\u{1f3ff}'
    )
}

/// `None` when `cluster` is drawn as one glyph of `measured` columns by every terminal (its
/// first character is that wide, the rest combine with it); otherwise the pieces to write
/// in its place, each one character of its own width with the marks that combine with it,
/// never wider than `measured` together: "🇯🇵" is written as "🇯" and "🇵", "👍🏽" as "👍",
/// a family as its first person.
fn pieces(cluster: &str, measured: usize) -> Option<Vec<String>> {
    let mut chars = cluster.chars();
    let first = chars.next()?;
    if first.is_ascii() && cluster.len() == 1 {
        return None;
    }
    let single_glyph = first.width() == Some(measured)
        && !matches!(first, '\u{ff9e}' | '\u{ff9f}')
        && chars.all(|c| c.width() == Some(0) && !is_presentation_modifier(c));
    if single_glyph {
        return None;
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut used = 0;
    // ratatui counts a halfwidth (han)dakuten as a column of its own, unicode-width as a
    // mark: the combining mark is one both read the same way.
    let marks = |c: char| match c {
        '\u{ff9e}' => '\u{3099}',
        '\u{ff9f}' => '\u{309a}',
        c => c,
    };
    for c in cluster
        .chars()
        .filter(|&c| !is_presentation_modifier(c))
        .map(marks)
    {
        match c.width() {
            Some(0) => match pieces.last_mut() {
                Some(last) => last.push(c),
                // A mark with nothing to combine with sits on a dotted circle, as fonts
                // show it.
                None if used < measured => {
                    used += 1;
                    pieces.push(format!("{PLACEHOLDER}{c}"));
                }
                None => {}
            },
            w => {
                let w = w.unwrap_or(1);
                if used + w > measured {
                    break;
                }
                used += w;
                pieces.push(c.to_string());
            }
        }
    }
    // A piece ratatui would measure otherwise than its character is drawn (there should be
    // none left) is shown as the placeholder rather than risk residue.
    for piece in &mut pieces {
        if piece.chars().next().and_then(|c| c.width()) != Some(piece.cell_width() as usize) {
            *piece = PLACEHOLDER.to_string();
        }
    }
    if pieces.is_empty() {
        pieces.push(PLACEHOLDER.to_string());
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;

    fn drawn_width(s: &str) -> usize {
        s.chars().map(|c| c.width().unwrap_or(0)).sum()
    }

    #[test]
    fn no_control_survives_the_sweep_whatever_a_view_drew() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        // Drawn raw, as a view that forgot `view::text` would.
        buf.set_string(
            0,
            0,
            "a\u{202e}b\u{2066}c\u{2028}d",
            ratatui::style::Style::new(),
        );
        settle(&mut buf);
        let drawn: String = buf.content.iter().map(Cell::symbol).collect();
        assert!(!drawn.chars().any(crate::sanitize::is_unsafe), "{drawn:?}");
        assert!(drawn.starts_with('a') && drawn.contains('d'), "{drawn:?}");
    }

    #[test]
    fn plain_text_and_cjk_are_left_alone() {
        for s in ["a", "é", "e\u{301}", "東", "🚨", "⚪"] {
            assert_eq!(pieces(s, s.width()), None, "{s}");
        }
    }

    #[test]
    fn selectors_joiners_and_skin_tones_are_dropped() {
        let one = |s: &str, w| pieces(s, w).map(|p| p.concat());
        assert_eq!(one("⚪\u{fe0f}", 2).as_deref(), Some("⚪"));
        assert_eq!(one("🕯\u{fe0f}", 2).as_deref(), Some("🕯"));
        assert_eq!(one("❤\u{fe0f}", 2).as_deref(), Some("❤"));
        assert_eq!(one("👍\u{1f3fd}", 2).as_deref(), Some("👍"));
        // A family is three people as code points: its first stands for it.
        assert_eq!(one("👨\u{200d}👩\u{200d}👧", 2).as_deref(), Some("👨"));
        // A flag is two letters, each a column of its own.
        assert_eq!(
            pieces("🇯🇵", 2),
            Some(vec!["🇯".to_string(), "🇵".to_string()])
        );
    }

    #[test]
    fn every_settled_cell_is_one_glyph_of_its_measured_width() {
        let text = "⚪️ META 👨‍👩‍👧 👍🏽 1️⃣ 🇯🇵 🕯️🕯️ 🏳️‍🌈 🧑🏿‍💻 ｶﾞ e\u{301} 東京 ok";
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 1));
        buf.set_string(0, 0, text, ratatui::style::Style::default());
        settle(&mut buf);
        let mut x = 0usize;
        let mut shown = String::new();
        while x < 60 {
            let symbol = buf.content[x].symbol();
            let w = symbol.cell_width() as usize;
            let first = symbol.chars().next().unwrap();
            assert_eq!(first.width(), Some(w), "{symbol:?}");
            assert_eq!(drawn_width(symbol), w, "{symbol:?}");
            assert!(!symbol.contains('\u{fe0f}'));
            shown.push_str(symbol);
            x += w.max(1);
        }
        assert!(shown.contains("⚪ META 👨 👍"), "{shown}");
        assert!(shown.contains("東京 ok"), "{shown}");
    }

    #[test]
    fn a_wide_character_drawn_over_is_blanked_and_what_covers_it_kept() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "a東b", ratatui::style::Style::default());
        // A popup's border over the right half of 東.
        buf.content[2].set_symbol("│");
        settle(&mut buf);
        let row: Vec<&str> = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(row, ["a", " ", "│", "b", " ", " "]);
    }

    proptest::proptest! {
        #[test]
        fn settled_pieces_fit_the_cluster(s in "\\PC{1,6}") {
            for g in s.graphemes(true) {
                let measured = (g.cell_width() as usize).max(1);
                if let Some(p) = pieces(g, measured) {
                    let w: usize = p.iter().map(|p| drawn_width(p).max(1)).sum();
                    proptest::prop_assert!(w <= measured, "{:?} -> {:?}", g, p);
                }
            }
        }
    }
}
