//! Untrusted text (source posts, titles, the analyst's notes) made safe to print.
//!
//! A source can carry escape sequences (OSC 52 clipboard writes, OSC 8 links, CSI cursor
//! moves), bells, NULs, C1 controls or BiDi overrides. None of them may reach the terminal:
//! each is replaced by a visible placeholder so the analyst sees that something was there.

use std::borrow::Cow;

/// `s` with every control character, C1 control and BiDi control replaced by a visible
/// placeholder. Tabs and line breaks become spaces (callers lay out their own lines).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(placeholder).collect())
}

/// `sanitize` for text printed as lines: line breaks are kept, everything else as above.
pub fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && needs_replacing(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(sanitize).collect();
    Cow::Owned(lines.join("\n"))
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_line_separator(c)
}

fn placeholder(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
        // C0 controls have pictures at U+2400 + code: ␛ for ESC, ␇ for BEL, ␀ for NUL.
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\x7f' => '\u{2421}',
        c if needs_replacing(c) => '\u{FFFD}',
        c => c,
    }
}

/// U+2028 and U+2029 break lines where a reader expects none (and end a JavaScript string).
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// JSON text made inert for whoever reads it: every control character (C1 included), BiDi
/// control and line or paragraph separator left raw by the serializer, which escapes only
/// what JSON requires, becomes a `\uXXXX` escape. Those characters can only stand inside
/// strings (JSON's own syntax is ASCII), so the result parses to the very same values. The
/// newlines of pretty printing are kept.
pub fn json_inert(json: &str) -> Cow<'_, str> {
    let escape = |c: char| c != '\n' && needs_replacing(c);
    if !json.chars().any(escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escape(c) {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text from a brief or a note made one line of inert Markdown: line breaks become spaces,
/// HTML becomes entities (no `<img onerror>`), and what Markdown reads as syntax is
/// backslash-escaped, so the text can open no heading, item, quote, link or emphasis and
/// close none of the export's own.
pub fn markdown_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    for c in s.trim().chars() {
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ');
                continue;
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            // Only at the start of a line do these open a block (an item, a setext line).
            '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            // "1." or "1)" opens a numbered item: escape the dot after leading digits.
            '.' | ')' if out.chars().all(|d| d.is_ascii_digit()) && !out.is_empty() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        line_start = false;
    }
    out
}

/// Text that may span lines (a claim, a note), as its lines, each [`markdown_inline`]: the
/// export quotes each one, so no line of it starts a block of its own.
pub fn markdown_lines(s: &str) -> Vec<String> {
    let lines: Vec<String> = s
        .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(markdown_inline)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// Embeddings, overrides and isolates, which can reorder what the analyst reads.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("Meta 進軍 AI 🚨"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_controls_become_placeholders() {
        let evil = "a\x1b]52;c;aGk=\x07b\x1b[2Jc\u{9b}d\u{202e}e\0f\x7f";
        let out = sanitize(evil);
        assert!(
            !out.chars().any(|c| c.is_control() || is_bidi_control(c)),
            "{out:?}"
        );
        assert!(out.contains('\u{241b}'), "ESC shown as ␛: {out:?}");
        assert!(out.contains('\u{2407}'), "BEL shown as ␇: {out:?}");
        assert_eq!(out.chars().count(), evil.chars().count());
    }

    #[test]
    fn json_escapes_c1_bidi_and_separators_and_stays_the_same_value() {
        let evil = "a\u{9b}31m\u{9d}0;t\u{9c}\u{202e}rev\u{2066}i\u{2069}\u{2028}\u{2029}\u{7f}";
        let v = serde_json::json!({ "file": evil, "list": [evil] });
        let raw = serde_json::to_string_pretty(&v).unwrap();
        let inert = json_inert(&raw);
        assert!(
            inert.chars().all(|c| c == '\n' || !needs_replacing(c)),
            "{inert:?}"
        );
        assert!(
            inert.contains("\\u009b") && inert.contains("\\u202e") && inert.contains("\\u2028")
        );
        let back: serde_json::Value = serde_json::from_str(&inert).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn markdown_text_opens_no_block_and_no_html() {
        let evil = "ok\n## Reviewer sign-off\n- **summary.9** SUPPORTED 100/100\n<img src=x onerror=alert(1)>\n1. item";
        let lines = markdown_lines(evil);
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1], "\\#\\# Reviewer sign-off");
        assert!(lines[2].starts_with("\\- \\*\\*summary"), "{}", lines[2]);
        assert!(lines[3].starts_with("&lt;img") && !lines[3].contains('<'));
        assert_eq!(lines[4], "1\\. item");
        assert!(!markdown_inline(evil).contains('\n'));
    }

    proptest::proptest! {
        #[test]
        fn output_never_holds_a_control(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}a]{0,40}") {
            let out = sanitize(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
