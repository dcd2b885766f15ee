//! The one way text of a brief (claims, titles, outlets, notes, URLs, fetched text, errors
//! quoting input) becomes a span: from a [`Safe`], which only the sanitizer makes. A view
//! that has a raw `&str` of the brief calls [`untrusted`]; one that cleaned it earlier (to
//! cut or format it) hands over the `Safe`. `safe` takes nothing else, so a raw string is
//! refused by the compiler rather than caught by review. Our own literals ("gives: ") are
//! spans as ratatui makes them.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::sanitize::Safe;

/// A span of untrusted text, sanitized as one line.
pub fn untrusted(text: &str, style: Style) -> Span<'static> {
    safe(Safe::new(text), style)
}

/// A span of text already sanitized.
pub fn safe(text: Safe<'_>, style: Style) -> Span<'static> {
    Span::styled(text.into_string(), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_of_untrusted_text_holds_no_control() {
        let span = untrusted("a\x1b]8;;http://x\x07b\u{202e}c\nd", Style::new());
        assert_eq!(span.content, "a\u{241b}]8;;http://x\u{2407}b\u{fffd}c d");
    }
}
