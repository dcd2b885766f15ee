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
    c.is_control() || is_bidi_control(c)
}

fn placeholder(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        // C0 controls have pictures at U+2400 + code: ␛ for ESC, ␇ for BEL, ␀ for NUL.
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\x7f' => '\u{2421}',
        c if needs_replacing(c) => '\u{FFFD}',
        c => c,
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

    proptest::proptest! {
        #[test]
        fn output_never_holds_a_control(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}a]{0,40}") {
            let out = sanitize(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
