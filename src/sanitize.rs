//! Untrusted text (source posts, titles, the analyst's notes) made safe to print.
//!
//! A source can carry escape sequences (OSC 52 clipboard writes, OSC 8 links, CSI cursor
//! moves), bells, NULs, C1 controls or BiDi overrides. None of them may reach the terminal:
//! each is replaced by a visible placeholder so the analyst sees that something was there.
//!
//! # One type for text that may be shown
//!
//! [`Safe`] is text that has been through the sanitizer, and nothing else is: its field is
//! private and every constructor sanitizes, so holding a `Safe` proves the text is inert.
//! The sanitizing functions themselves are private to this module; the rest of the crate
//! cannot clean text any other way, so it cannot clean it *half* a way either (a `format!`
//! of some parts cleaned and some not still has to go through `Safe` to be shown).
//!
//! What takes display text takes a `Safe`, so the compiler refuses a raw `&str`:
//! - the views build a span of brief text only with `tui::view::text::{untrusted, safe}`
//!   (`untrusted(&str, Style)` sanitizes; `safe(Safe, Style)` takes text cleaned earlier),
//!   and cut or wrap it with helpers that take a `&Safe`;
//! - the CLI prints text of a brief (and error messages that quote one) through
//!   `Safe` values formatted into its lines, and every line it writes to standard output
//!   passes a [`SafeWriter`], so even a forgotten call cannot put a control byte there.
//!
//! Two backstops make a forgotten wrapper harmless rather than an injection: every frame
//! the workbench draws is swept cell by cell before it is flushed (`tui::view::cells`), and
//! the CLI's standard output is a [`SafeWriter`]. The type is the rule; the sweeps are the
//! net under it.
//!
//! Raw text is refused where display text is expected:
//!
//! ```compile_fail
//! use briefbench::sanitize::Safe;
//! fn show(_: Safe<'_>) {}
//! show("\x1b]52;c;aGk=\x07"); // a &str is not a Safe
//! ```
//!
//! ```compile_fail
//! use briefbench::sanitize::Safe;
//! let forged = Safe(std::borrow::Cow::Borrowed("\x1b[2J")); // the field is private
//! ```
//!
//! ```compile_fail
//! // A span of brief text is built from a Safe (or by `untrusted`, which sanitizes).
//! let _ = briefbench::tui::view::text::safe(String::from("\x1b[2J"), Default::default());
//! ```
//!
//! ```
//! use briefbench::sanitize::Safe;
//! assert_eq!(Safe::new("a\x1b[2Jb").as_str(), "a\u{241b}[2Jb");
//! ```

use std::borrow::Cow;
use std::fmt;

/// The first `width` terminal cells of `s`, with an ellipsis when it is cut: one rule for
/// [`Safe::truncate`] and the views' cuts of text they made themselves.
pub fn cut_to_width(s: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Text that has been sanitized: no control character, C1 control, BiDi control or line
/// separator is left in it (line breaks are, for [`Safe::multiline`]). The only way to get
/// one is through a constructor that sanitizes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Safe<'a>(Cow<'a, str>);

impl<'a> Safe<'a> {
    /// One line of untrusted text: controls become placeholders, tabs and line breaks
    /// spaces (callers lay out their own lines).
    pub fn new(untrusted: &'a str) -> Self {
        Safe(sanitize(untrusted))
    }

    /// Untrusted text printed as lines: line breaks are kept, everything else as [`Safe::new`].
    pub fn multiline(untrusted: &'a str) -> Self {
        Safe(sanitize_multiline(untrusted))
    }

    /// Anything displayable (an error quoting its input, a path), sanitized as one line.
    pub fn display(untrusted: &impl fmt::Display) -> Safe<'static> {
        Safe::new(&untrusted.to_string()).into_static()
    }

    /// The clean text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    pub fn into_static(self) -> Safe<'static> {
        Safe(Cow::Owned(self.0.into_owned()))
    }

    /// The first `width` terminal cells of the text, with an ellipsis when it is cut (a cut
    /// of clean text is clean).
    pub fn truncate(&self, width: usize) -> Safe<'static> {
        Safe(Cow::Owned(cut_to_width(&self.0, width).into_owned()))
    }

    /// The text with `f` applied to it: for clean text only, so `f` must add nothing that
    /// is not clean itself; the result is swept again to keep the promise whatever `f` does.
    pub fn map(self, f: impl FnOnce(String) -> String) -> Safe<'static> {
        let s = f(self.0.into_owned());
        Safe::new(&s).into_static()
    }
}

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so `{:<10}` lines a column up as it does for a `str`.
        f.pad(&self.0)
    }
}

/// Joins clean pieces (a clean separator between clean parts is clean).
pub fn join<'a>(parts: impl IntoIterator<Item = Safe<'a>>, sep: &str) -> Safe<'static> {
    let joined: Vec<String> = parts.into_iter().map(Safe::into_string).collect();
    Safe::new(&joined.join(sep)).into_static()
}

/// A writer that passes only clean text: each line written through it is sanitized as
/// [`Safe::new`] before it reaches `inner`, line breaks kept. The CLI's standard output goes
/// through one, so a line that forgot its [`Safe`] still reaches the terminal inert. Bytes
/// are held until a line ends (or [`Write::flush`]), so a character split across two writes
/// is judged whole.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
    /// What a line that is not plain ASCII becomes.
    clean: fn(&str) -> Cow<'_, str>,
}

impl<W: std::io::Write> SafeWriter<W> {
    /// Each line as [`Safe::new`] makes it.
    pub fn new(inner: W) -> Self {
        SafeWriter::cleaning(inner, sanitize)
    }

    fn cleaning(inner: W, clean: fn(&str) -> Cow<'_, str>) -> Self {
        SafeWriter {
            inner,
            pending: Vec::new(),
            clean,
        }
    }

    /// For lines of text that may end in a carriage return (a CSV field's, or a note's):
    /// the return is dropped, as `str::lines` drops it, and the rest made as [`Safe::new`]
    /// makes it.
    pub fn text_lines(inner: W) -> Self {
        SafeWriter::cleaning(inner, |line| {
            sanitize(line.strip_suffix('\r').unwrap_or(line))
        })
    }

    /// For JSON, a line at a time as [`json_inert`] makes it: the values kept, escaped.
    pub fn json(inner: W) -> Self {
        SafeWriter::cleaning(inner, json_inert)
    }

    /// Passes on what is pending (whole lines, or the end of the output), sanitized.
    fn pass_pending(&mut self) -> std::io::Result<()> {
        // Most output has no line any cleaner changes: passed on whole, with no copy.
        if surely_clean(&self.pending) {
            self.inner.write_all(&self.pending)?;
            self.pending.clear();
            return Ok(());
        }
        for line in self.pending.split_inclusive(|&b| b == b'\n') {
            let (text, end) = match line.strip_suffix(b"\n") {
                Some(text) => (text, b"\n".as_slice()),
                None => (line, b"".as_slice()),
            };
            // Most lines are plain ASCII: passed on as they are.
            if all_plain_ascii(text) {
                self.inner.write_all(text)?;
            } else {
                let text = String::from_utf8_lossy(text);
                self.inner.write_all((self.clean)(&text).as_bytes())?;
            }
            self.inner.write_all(end)?;
        }
        self.pending.clear();
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Lines are passed on as they end; a line's pieces (one `writeln!` writes several)
        // wait, without a look, for the one that ends it.
        match memchr::memrchr(b'\n', buf) {
            None => self.pending.extend_from_slice(buf),
            Some(end) => {
                self.pending.extend_from_slice(&buf[..=end]);
                self.pass_pending()?;
                self.pending.extend_from_slice(&buf[end + 1..]);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.pass_pending()?;
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        // What was never flushed is written as the buffer it sits on would write it.
        let _ = std::io::Write::flush(self);
    }
}

/// Whether `c` may not be shown as it is (a control, C1 control, BiDi control or line
/// separator): for the sweep of a drawn frame, which drops what a view let through.
pub fn is_unsafe(c: char) -> bool {
    needs_replacing(c)
}

/// `s` with every control character, C1 control and BiDi control replaced by a visible
/// placeholder. Tabs and line breaks become spaces (callers lay out their own lines).
fn sanitize(s: &str) -> Cow<'_, str> {
    if all_plain_ascii(s.as_bytes()) || !s.chars().any(needs_replacing) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(placeholder).collect())
}

/// `sanitize` for text printed as lines: line breaks are kept, everything else as above.
fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && needs_replacing(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(sanitize).collect();
    Cow::Owned(lines.join("\n"))
}

/// A printable ASCII byte: never a control, never part of a longer character.
/// Whether every byte is [`is_plain_ascii`]: looked at 32 bytes at a time with no early
/// exit within them, which the compiler turns into vector instructions (a `check` of the
/// 40 MB store passes 19 MB through this twice).
fn all_plain_ascii(bytes: &[u8]) -> bool {
    bytes
        .chunks(32)
        .all(|chunk| chunk.iter().fold(true, |all, &b| all & is_plain_ascii(b)))
}

/// Whether `bytes` are UTF-8 lines (broken at `\n`) holding no character that
/// [`needs_replacing`], judged by bytes alone and erring towards no: no C0 control but the
/// line break, no DEL, no C1 control (`C2 80`–`C2 9F`), and no lead byte of the BiDi
/// controls and separators (`D8` for U+061C, `E2` for U+200E to U+2069). A report's every
/// heading has a `·` (`C2 B7`): its lines were each read a character at a time to find so.
fn surely_clean(bytes: &[u8]) -> bool {
    // 32 bytes at a time with no early exit within them, as `all_plain_ascii`.
    let suspect = |b: u8| (b < 0x20 && b != b'\n') || matches!(b, 0x7f | 0xd8 | 0xe2);
    bytes
        .chunks(32)
        .all(|chunk| !chunk.iter().fold(false, |any, &b| any | suspect(b)))
        && memchr::memchr_iter(0xc2, bytes).all(|i| bytes.get(i + 1).is_some_and(|&c| c >= 0xa0))
        && std::str::from_utf8(bytes).is_ok()
}

fn is_plain_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
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
    fn a_report_heading_is_surely_clean_and_controls_are_not() {
        assert!(surely_clean(
            "claim-1 · WEAK · 55/100 · Überblick\n  text\n".as_bytes()
        ));
        for unsafe_text in [
            "a\u{85}b",
            "a\u{202e}b",
            "a\u{2028}b",
            "a\u{61c}b",
            "a\tb",
            "a\x1bb",
        ] {
            assert!(!surely_clean(unsafe_text.as_bytes()), "{unsafe_text:?}");
        }
        // Not UTF-8: left to the cleaner, which replaces it.
        assert!(!surely_clean(b"a\xffb"));
        assert!(!surely_clean(b"a\xc2"));
    }

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

    #[test]
    fn safe_writer_passes_lines_clean_and_keeps_breaks() {
        use std::io::Write;
        let mut out = Vec::new();
        {
            let mut w = SafeWriter::new(&mut out);
            // The ESC's line is split across writes, and a C1 control across two bytes.
            w.write_all(b"one\n\x1b]52;c;aGk=").unwrap();
            let c1 = "\u{9b}2J".as_bytes();
            w.write_all(&c1[..1]).unwrap();
            w.write_all(&c1[1..]).unwrap();
            w.write_all(b"\x07\ntail\tend").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "one\n\u{241b}]52;c;aGk=\u{fffd}2J\u{2407}\ntail end");
    }

    #[test]
    fn safe_truncate_cuts_by_cells_and_stays_clean() {
        let s = Safe::new("進軍\x1b[2J AI");
        assert_eq!(s.truncate(100).as_str(), "進軍\u{241b}[2J AI");
        assert_eq!(s.truncate(5).as_str(), "進軍…");
        assert!(!Safe::display(&"a\u{202e}b").as_str().contains('\u{202e}'));
    }

    proptest::proptest! {
        /// However a text is cut into writes, what passes is each of its lines sanitized,
        /// line breaks kept.
        #[test]
        fn safe_writer_output_does_not_depend_on_how_writes_fall(
            s in "[a-z \\n\\x1b\\x07\\x9b\\u{202e}進軍🚨]{0,80}",
            cuts in proptest::collection::vec(0usize..100, 0..8),
        ) {
            use std::io::Write;
            let bytes = s.as_bytes();
            let mut at: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            at.push(0);
            at.push(bytes.len());
            at.sort_unstable();
            let mut out = Vec::new();
            {
                let mut w = SafeWriter::new(&mut out);
                for pair in at.windows(2) {
                    w.write_all(&bytes[pair[0]..pair[1]]).unwrap();
                }
            }
            let want: Vec<String> = s.split('\n').map(|l| sanitize(l).into_owned()).collect();
            proptest::prop_assert_eq!(String::from_utf8_lossy(&out), want.join("\n"));
        }

        /// The writers the export goes through give what the whole text's functions give:
        /// `json_inert` of the JSON, and each line of Markdown or CSV as `Safe::new` makes
        /// the lines `str::lines` reads (a line's closing `\r` dropped).
        #[test]
        fn export_writers_give_what_the_whole_text_functions_give(
            s in "[a-z \\r\\x1b\\x07\\x9b\\u{202e}\\u{2028}進🚨\\n]{0,80}",
            cut in 0usize..100,
        ) {
            use std::io::Write;
            let text = format!("{s}\n");
            let at = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let through = |mut w: SafeWriter<&mut Vec<u8>>| {
                w.write_all(&text.as_bytes()[..at]).unwrap();
                w.write_all(&text.as_bytes()[at..]).unwrap();
            };
            let mut json = Vec::new();
            through(SafeWriter::json(&mut json));
            proptest::prop_assert_eq!(String::from_utf8(json).unwrap(), json_inert(&text));
            let mut lines = Vec::new();
            through(SafeWriter::text_lines(&mut lines));
            let want: String = text.lines().map(|l| Safe::new(l).into_string() + "\n").collect();
            proptest::prop_assert_eq!(String::from_utf8(lines).unwrap(), want);
        }

        #[test]
        fn all_plain_ascii_is_every_byte_plain(bytes in proptest::collection::vec(0x1eu8..0x82, 0..100)) {
            proptest::prop_assert_eq!(all_plain_ascii(&bytes), bytes.iter().all(|&b| is_plain_ascii(b)));
        }

        #[test]
        fn what_is_surely_clean_every_cleaner_leaves_as_it_is(
            s in "[a-zé·ü—’進🚨 .,\\x00-\\x1f\\x7f-\\u{a1}\\u{061c}\\u{200e}\\u{2028}\\u{202a}-\\u{202e}\\u{2066}]{0,30}"
        ) {
            // A writer cleans a line at a time, its break kept.
            if surely_clean(s.as_bytes()) {
                for line in s.split('\n') {
                    proptest::prop_assert_eq!(&*sanitize(line), line);
                    proptest::prop_assert_eq!(&*json_inert(line), line);
                    proptest::prop_assert!(!line.chars().any(needs_replacing));
                }
            }
        }

        #[test]
        fn output_never_holds_a_control(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}a]{0,40}") {
            let out = sanitize(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_control(c)));
        }
    }
}
