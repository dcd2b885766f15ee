//! Word wrapping that keeps track of where each citation marker lands, so the claims pane
//! can highlight the selected marker and a mouse click can find the marker under it.
//!
//! Widths are measured with unicode-width (CJK and emoji take two cells), and text is
//! sanitized here, where it enters the view.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::sanitize::Safe;

/// A run of text on one line: either plain text or (part of) one marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// The marker it belongs to, by index in the claim's markers.
    pub marker: Option<usize>,
    /// Width in terminal cells.
    pub width: usize,
}

pub type WrappedLine = Vec<Piece>;

/// Wraps `text` to `width` cells. `markers` are byte spans into `text`, in order and not
/// overlapping; each piece says which marker (if any) it shows.
pub fn wrap(text: &str, markers: &[Range<usize>], width: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    // Split into segments at marker boundaries, then into words (runs ending in spaces).
    let mut segments: Vec<(&str, Option<usize>)> = Vec::new();
    let mut at = 0;
    for (i, m) in markers.iter().enumerate() {
        if m.start > at {
            segments.push((&text[at..m.start], None));
        }
        segments.push((&text[m.clone()], Some(i)));
        at = m.end;
    }
    if at < text.len() {
        segments.push((&text[at..], None));
    }

    let mut lines: Vec<WrappedLine> = vec![Vec::new()];
    let mut used = 0usize;
    // A word is a list of (text, marker) parts with no space inside; spaces end words.
    let mut word: Vec<(String, Option<usize>, usize)> = Vec::new();
    let mut word_width = 0usize;

    let flush = |lines: &mut Vec<WrappedLine>,
                 used: &mut usize,
                 word: &mut Vec<(String, Option<usize>, usize)>,
                 word_width: &mut usize| {
        if word.is_empty() {
            return;
        }
        if *used > 0 && *used + *word_width > width {
            lines.push(Vec::new());
            *used = 0;
        }
        for (t, m, w) in word.drain(..) {
            push_piece(lines, used, width, t, m, w);
        }
        *word_width = 0;
    };

    let mut prev: Option<char> = None;
    for (seg, marker) in segments {
        let clean = Safe::new(seg);
        for ch in clean.as_str().chars() {
            if ch == ' ' {
                prev = Some(ch);
                flush(&mut lines, &mut used, &mut word, &mut word_width);
                if used > 0 && used < width {
                    push_piece(&mut lines, &mut used, width, " ".into(), None, 1);
                }
                continue;
            }
            let w = added_width(prev, ch);
            prev = Some(ch);
            match word.last_mut() {
                Some((t, m, pw)) if *m == marker => {
                    t.push(ch);
                    *pw += w;
                }
                _ => word.push((ch.to_string(), marker, w)),
            }
            word_width += w;
            // CJK text has no spaces: let a line break anywhere in a long run.
            if word_width > width {
                flush(&mut lines, &mut used, &mut word, &mut word_width);
            }
        }
    }
    flush(&mut lines, &mut used, &mut word, &mut word_width);
    // Trailing spaces carry nothing.
    for line in &mut lines {
        while line
            .last()
            .is_some_and(|p| p.marker.is_none() && p.text.trim().is_empty())
        {
            line.pop();
        }
    }
    lines
}

/// Appends a piece, breaking it across lines if it is wider than what is left.
fn push_piece(
    lines: &mut Vec<WrappedLine>,
    used: &mut usize,
    width: usize,
    text: String,
    marker: Option<usize>,
    w: usize,
) {
    if *used + w <= width {
        lines
            .last_mut()
            .expect("there is always a line")
            .push(Piece {
                text,
                marker,
                width: w,
            });
        *used += w;
        return;
    }
    // Too wide for the rest of the line: break by character.
    let mut cur = String::new();
    let mut cur_w = 0;
    let mut prev = None;
    for ch in text.chars() {
        let cw = added_width(prev, ch);
        prev = Some(ch);
        if *used + cur_w + cw > width && (*used + cur_w) > 0 {
            if !cur.is_empty() {
                lines.last_mut().expect("line").push(Piece {
                    text: std::mem::take(&mut cur),
                    marker,
                    width: cur_w,
                });
            }
            lines.push(Vec::new());
            *used = 0;
            cur_w = 0;
        }
        cur.push(ch);
        cur_w += cw;
    }
    if !cur.is_empty() {
        lines.last_mut().expect("line").push(Piece {
            text: cur,
            marker,
            width: cur_w,
        });
        *used += cur_w;
    }
}

/// The cells `ch` adds after `prev`, measured as the terminal measures strings: a
/// variation selector 16 turns a one-cell symbol into a two-cell emoji ("🕯" + U+FE0F).
fn added_width(prev: Option<char>, ch: char) -> usize {
    use unicode_width::UnicodeWidthStr;
    match prev {
        Some(p) => {
            let mut pair = String::with_capacity(8);
            pair.push(p);
            let alone = pair.width();
            pair.push(ch);
            pair.width().saturating_sub(alone)
        }
        None => ch.width().unwrap_or(0),
    }
}

/// Plain wrapping of untrusted text, for the source viewer and panels.
pub fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    wrap(text, &[], width)
        .into_iter()
        .map(|l| l.into_iter().map(|p| p.text).collect())
        .collect()
}

/// A URL (sanitized here) wrapped to `width` cells at its own boundaries: after `/`, `?`,
/// `&`, `=` and `#`; after `-`, `_`, `.` and the like only where a path segment is wider
/// than a line; inside a word only where even that is not enough.
pub fn wrap_url(url: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let clean = Safe::new(url);
    let mut tokens: Vec<&str> = Vec::new();
    for part in split_after(clean.as_str(), |c| matches!(c, '/' | '?' | '&' | '=' | '#')) {
        if part.width() > width {
            tokens.extend(split_after(part, |c| {
                matches!(c, '-' | '_' | '.' | '+' | ',' | ';' | ':' | '~' | '%')
            }));
        } else {
            tokens.push(part);
        }
    }
    let mut lines = vec![String::new()];
    let mut used = 0;
    for token in tokens {
        let w = token.width();
        if used > 0 && used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if w <= width {
            lines.last_mut().expect("a line").push_str(token);
            used += w;
            continue;
        }
        for l in wrap_plain(token, width) {
            if used > 0 {
                lines.push(String::new());
            }
            used = l.width();
            lines.last_mut().expect("a line").push_str(&l);
        }
    }
    lines
}

/// `s` cut after every character `at` accepts (the pieces joined give `s` back).
fn split_after(s: &str, at: impl Fn(char) -> bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if at(c) {
            out.push(&s[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Wraps a line of styled spans (already sanitized) to `width` cells, at spaces where it
/// can and inside a word only when the word is wider than a line. The panels draw exactly
/// these lines, and `update` counts them to bound scrolling, so both agree on the height.
pub fn wrap_spans(
    spans: &[ratatui::text::Span<'static>],
    width: usize,
) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for span in spans {
        let style = span.style;
        // Words with the spaces after them; a span's leading spaces are a word of their own.
        let text = span.content.as_ref();
        let mut words = Vec::new();
        let mut start = 0;
        let mut in_space = false;
        for (i, ch) in text.char_indices() {
            if ch == ' ' {
                in_space = true;
            } else if in_space {
                words.push(&text[start..i]);
                start = i;
                in_space = false;
            }
        }
        words.push(&text[start..]);
        for word in words {
            let word_w = word.trim_end_matches(' ').width();
            if used > 0 && used + word_w > width {
                lines.push(Vec::new());
                used = 0;
            }
            let mut cur = String::new();
            let mut prev = None;
            for ch in word.chars() {
                let cw = added_width(prev, ch);
                prev = Some(ch);
                if used + cw > width {
                    // A space that does not fit ends the line; a word too wide breaks.
                    if ch == ' ' {
                        continue;
                    }
                    if !cur.is_empty() {
                        let line = lines.last_mut().expect("there is always a line");
                        line.push(Span::styled(std::mem::take(&mut cur), style));
                    }
                    lines.push(Vec::new());
                    used = 0;
                }
                cur.push(ch);
                used += cw;
            }
            if !cur.is_empty() {
                let line = lines.last_mut().expect("there is always a line");
                line.push(Span::styled(cur, style));
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn widths(lines: &[WrappedLine]) -> Vec<usize> {
        lines
            .iter()
            .map(|l| l.iter().map(|p| p.text.width()).sum())
            .collect()
    }

    #[test]
    fn markers_stay_whole_and_tagged() {
        let text = "the landscape [1],[11],[^12].";
        let ms = crate::cite::parse(text)
            .into_iter()
            .map(|m| m.span)
            .collect::<Vec<_>>();
        let lines = wrap(text, &ms, 16);
        let tagged: Vec<_> = lines
            .iter()
            .flatten()
            .filter(|p| p.marker.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(tagged, vec!["[1]", "[11]", "[^12]"]);
        assert!(widths(&lines).iter().all(|&w| w <= 16));
    }

    #[test]
    fn cjk_is_measured_not_counted() {
        let lines = wrap_plain(
            "Meta 進軍 AI 硬體市場,計劃 2026 年量產自家定制晶片 🚨 ⚪️",
            10,
        );
        for l in &lines {
            assert!(l.width() <= 10, "{l:?} is {} wide", l.width());
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            "Meta進軍AI硬體市場,計劃2026年量產自家定制晶片🚨⚪️"
        );
    }

    #[test]
    fn a_variation_selector_widens_its_symbol() {
        // Each "🕯️" is one cell as a character, two as the terminal draws it.
        let lines = wrap_plain("🕯\u{fe0f}🕯\u{fe0f}🕯\u{fe0f}", 4);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 4), "{lines:?}");
    }

    #[test]
    fn a_url_breaks_after_its_separators_never_inside_a_word() {
        let url = "https://www.reuters.com/world/africa/kenya-offshore-workforces-2026-02-06/";
        let lines = wrap_url(url, 30);
        assert_eq!(lines.concat(), url);
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:?}");
        for l in &lines[..lines.len() - 1] {
            assert!(
                l.ends_with(['/', '-', '.', '_']),
                "{l:?} ends inside a word: {lines:?}"
            );
        }
        assert_eq!(lines[0], "https://www.reuters.com/world/");
        // A word longer than a line is all that breaks inside.
        let long = wrap_url("https://x.org/abcdefghijklmnopqrstuvwxyz", 10);
        assert_eq!(long.concat(), "https://x.org/abcdefghijklmnopqrstuvwxyz");
        assert!(long.iter().all(|l| l.width() <= 10), "{long:?}");
    }

    #[test]
    fn escapes_never_pass() {
        let lines = wrap_plain("a\x1b[2Jb\x07", 80);
        assert!(!lines[0].contains('\x1b') && !lines[0].contains('\x07'));
    }

    proptest::proptest! {
        #[test]
        fn every_line_fits(s in "\\PC{0,200}", w in 1usize..60) {
            for line in wrap_plain(&s, w) {
                // A single character wider than the line (w == 1, CJK) is the only overflow.
                proptest::prop_assert!(line.width() <= w.max(2));
            }
        }
    }

    #[test]
    fn styled_spans_wrap_at_spaces_and_keep_their_styles() {
        use ratatui::style::Style;
        use ratatui::text::Span;
        let bold = Style::new().bold();
        let spans = vec![
            Span::styled("• missing-terms ", bold),
            Span::raw("6 of 11 checkable terms appear in none of [16]"),
        ];
        let lines = wrap_spans(&spans, 20);
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(
            text,
            vec![
                "• missing-terms 6 of",
                "11 checkable terms ",
                "appear in none of ",
                "[16]"
            ]
        );
        assert_eq!(lines[0].spans[0].style, bold);
        // A word wider than the line breaks inside it, and nothing is lost.
        let long = wrap_spans(&[Span::raw("https://example.com/a/very/long/path")], 10);
        assert!(long.iter().all(|l| l.width() <= 10));
        let joined: String = long
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect();
        assert_eq!(joined, "https://example.com/a/very/long/path");
    }
}
