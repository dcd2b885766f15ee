//! Citation markers in claim text: `[n]`, `[^n]`, runs like `[1],[11],[^12]` and `[3][4]`,
//! lists `[3, 4]` and ranges `[3-5]`, each with its byte span.
//!
//! Brackets that are not citations (`[Link]`, `[…]`, `[when?]`) are skipped, and so is
//! anything inside a URL or a `code span`.

use std::ops::Range;

/// Ranges wider than this are read as text, not as a citation (`[1-99999]` is no marker).
const MAX_RANGE: u32 = 200;
/// Source numbers have at most this many digits.
const MAX_DIGITS: usize = 6;
/// A marker's inside is never longer than this (`^1, ^2, 3-5, …`): the closing bracket is
/// looked for this far and no further, so that a text of a million `[` parses in linear
/// time rather than searching to its end once per bracket.
const MAX_INNER: usize = 64;

/// One bracketed marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Byte span of the whole marker, brackets included.
    pub span: Range<usize>,
    /// The source numbers it cites, in the order written, ranges expanded.
    pub numbers: Vec<u32>,
    /// `[^n]` footnote style rather than `[n]`.
    pub footnote: bool,
}

/// Every marker in `text`, in order.
pub fn parse(text: &str) -> Vec<Marker> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                in_code = !in_code;
                i += 1;
            }
            _ if in_code => i += 1,
            b'h' | b'w' if starts_url(&bytes[i..]) && at_word_start(bytes, i) => {
                // A URL runs to the next whitespace; brackets inside it are part of it.
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
            b'[' => match marker_at(text, i, "[", ']') {
                Some(m) => {
                    i = m.span.end;
                    out.push(m);
                }
                None => i += 1,
            },
            // STORM and other LLM writers sometimes cite with full-width brackets: 【1】.
            0xE3 if text[i..].starts_with('【') => match marker_at(text, i, "【", '】') {
                Some(m) => {
                    i = m.span.end;
                    out.push(m);
                }
                None => i += '【'.len_utf8(),
            },
            _ => i += 1,
        }
    }
    out
}

/// All cited numbers in `text`, in order of first appearance, without repeats.
pub fn cited_numbers(text: &str) -> Vec<u32> {
    let mut seen = Vec::new();
    for m in parse(text) {
        for n in m.numbers {
            if !seen.contains(&n) {
                seen.push(n);
            }
        }
    }
    seen
}

/// `text` with every marker removed, and the space before a removed marker too.
pub fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in parse(text) {
        out.push_str(text[last..m.span.start].trim_end_matches([' ', ',']));
        last = m.span.end;
    }
    out.push_str(&text[last..]);
    // Runs leave their separating commas behind: `[1],[2]` -> `,`. Most claims have none
    // left, and are not copied twice more to find so.
    if out.contains(" ,") {
        out = out.replace(" ,", "");
    }
    if out.contains(",.") {
        out = out.replace(",.", ".");
    }
    out
}

fn starts_url(b: &[u8]) -> bool {
    b.starts_with(b"http://") || b.starts_with(b"https://") || b.starts_with(b"www.")
}

fn at_word_start(b: &[u8], i: usize) -> bool {
    i == 0 || !b[i - 1].is_ascii_alphanumeric()
}

/// Parses a marker whose `[` is at byte `start`.
fn marker_at(text: &str, start: usize, open: &str, close_char: char) -> Option<Marker> {
    let rest = &text[start + open.len()..];
    // Up to the end of the character at byte MAX_INNER (of the whole text, if shorter).
    let mut window = (MAX_INNER + 1).min(rest.len());
    while !rest.is_char_boundary(window) {
        window += 1;
    }
    let close = rest[..window].find(close_char)?;
    let inner = &rest[..close];
    // A markdown link `[text](url)` or footnote definition `[^1]:` is not a citation here;
    // the definition is handled by the importer.
    let after = &rest[close + close_char.len_utf8()..];
    if after.starts_with('(') || after.starts_with(':') {
        return None;
    }
    let (footnote, body) = match inner.strip_prefix('^') {
        Some(b) => (true, b),
        None => (false, inner),
    };
    let numbers = parse_list(body)?;
    Some(Marker {
        span: start..start + open.len() + close + close_char.len_utf8(),
        numbers,
        footnote,
    })
}

/// `3`, `3, 4`, `3-5`, `3–5`, `1,^2` (mixed lists are rare but seen).
fn parse_list(body: &str) -> Option<Vec<u32>> {
    if body.is_empty() {
        return None;
    }
    let mut numbers = Vec::new();
    for part in body.split(',') {
        let part = part.trim().trim_start_matches('^');
        let (a, b) = match part.split_once(['-', '–']) {
            Some((a, b)) => (number(a.trim())?, number(b.trim().trim_start_matches('^'))?),
            None => {
                let n = number(part)?;
                (n, n)
            }
        };
        if b < a || b - a > MAX_RANGE {
            return None;
        }
        numbers.extend(a..=b);
    }
    Some(numbers)
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > MAX_DIGITS || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<Vec<u32>> {
        parse(text).into_iter().map(|m| m.numbers).collect()
    }

    #[test]
    fn plain_and_footnote_markers() {
        let t = "landscape [1],[11],[^12].";
        let ms = parse(t);
        assert_eq!(nums(t), vec![vec![1], vec![11], vec![12]]);
        assert_eq!(&t[ms[0].span.clone()], "[1]");
        assert_eq!(&t[ms[2].span.clone()], "[^12]");
        assert!(ms[2].footnote && !ms[0].footnote);
    }

    #[test]
    fn adjacent_lists_and_ranges() {
        assert_eq!(nums("a [3][4] b"), vec![vec![3], vec![4]]);
        assert_eq!(nums("a [3, 4] b"), vec![vec![3, 4]]);
        assert_eq!(nums("a [3-5] b [7–8]"), vec![vec![3, 4, 5], vec![7, 8]]);
    }

    #[test]
    fn brackets_that_are_not_citations() {
        for t in [
            "see [Link] here",
            "cut […] off",
            "[when?]",
            "[]",
            "[^]",
            "[5-2]",
            "[1-100000]",
            "[1234567]",
            "a [link](http://x.y) b",
            "`code [3]` span",
            "at https://example.com/a[3]b end",
            "www.example.com/[2]",
            "[^1]: a footnote definition",
        ] {
            assert!(parse(t).is_empty(), "{t:?} gave {:?}", parse(t));
        }
    }

    #[test]
    fn markers_after_a_url_or_code_span_are_found() {
        assert_eq!(nums("https://x.y/z [2]"), vec![vec![2]]);
        assert_eq!(nums("`x` [2]"), vec![vec![2]]);
        assert_eq!(nums("path[3]"), vec![vec![3]]);
    }

    #[test]
    fn full_width_brackets_cite() {
        assert_eq!(
            nums("died in Ifugao【1】. Rain【2】【3】"),
            vec![vec![1], vec![2], vec![3]]
        );
        assert_eq!(strip("in Ifugao【1】."), "in Ifugao.");
    }

    #[test]
    fn a_million_brackets_parse_in_linear_time() {
        // Before the window, each `[` searched to the end of the text: 1 MB took 48 s.
        // Quadratic, this test would run for hours; `cargo bench --bench core` times it.
        let text = "[".repeat(1_000_000);
        assert!(parse(&text).is_empty());
        assert_eq!(cited_numbers(&format!("{text}1] and [2]")), vec![1, 2]);
    }

    #[test]
    fn cited_numbers_dedups_in_order() {
        assert_eq!(cited_numbers("[5],[15],[^19] and [5]"), vec![5, 15, 19]);
    }

    #[test]
    fn strip_removes_markers_and_their_space() {
        assert_eq!(
            strip("competitive landscape [1],[11],[^12]."),
            "competitive landscape."
        );
        assert_eq!(strip("no markers."), "no markers.");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_slice_back(s in "\\PC{0,80}|[\\[\\]^0-9, \\-a-z`h:/.]{0,60}") {
            for m in parse(&s) {
                proptest::prop_assert!(s.is_char_boundary(m.span.start));
                proptest::prop_assert!(s.is_char_boundary(m.span.end));
                let slice = &s[m.span.clone()];
                proptest::prop_assert!(slice.starts_with('[') && slice.ends_with(']'));
                proptest::prop_assert!(!m.numbers.is_empty());
            }
            let _ = strip(&s);
        }

        #[test]
        fn a_marker_is_looked_for_as_far_as_ever(
            inner in "[0-9, ^é進—]{50,70}",
            close in 0usize..80,
        ) {
            // The closing bracket at any byte: found exactly where the window, read a
            // character at a time up to byte MAX_INNER, would hold it.
            let mut body: String = inner.chars().collect();
            let at = (0..=close.min(body.len())).rev().find(|&k| body.is_char_boundary(k)).unwrap_or(0);
            body.insert(at, ']');
            let text = format!("[{body}");
            let rest = &text[1..];
            let window = rest
                .char_indices()
                .take_while(|(k, _)| *k <= MAX_INNER)
                .last()
                .map_or(0, |(k, c)| k + c.len_utf8());
            let within = rest[..window].find(']').is_some();
            let found = marker_at(&text, 0, "[", ']');
            // A marker needs its closing bracket within the window; one found ends there.
            if let Some(m) = &found {
                proptest::prop_assert!(within);
                proptest::prop_assert_eq!(m.span.end, 1 + at + 1);
            }
            if !within {
                proptest::prop_assert!(found.is_none());
            }
        }

        #[test]
        fn generated_markers_are_found(n in 0u32..999_999, pre in "[a-z ]{0,10}", caret in proptest::bool::ANY) {
            let marker = if caret { format!("[^{n}]") } else { format!("[{n}]") };
            let text = format!("{pre} {marker}.");
            let ms = parse(&text);
            proptest::prop_assert_eq!(ms.len(), 1);
            proptest::prop_assert_eq!(&text[ms[0].span.clone()], marker.as_str());
            proptest::prop_assert_eq!(ms[0].numbers.clone(), vec![n]);
        }
    }
}
