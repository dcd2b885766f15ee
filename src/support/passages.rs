//! A source's text cut into sentences, each with its byte range, so that the assessment
//! judges the passage that carries a claim rather than a bag of the whole source: terms
//! scattered across a long article are weaker support than the same terms in one place.

use std::ops::Range;

// The importer's test of whether a full stop ends a sentence (abbreviations, initials,
// decimals): one list of abbreviations for claims and sources alike.
use crate::import::sentences::ends_sentence;

/// The sentences of `text` as byte ranges, trimmed of surrounding space, in order. A line
/// break always ends a sentence (sources are often lists of lines); a full stop, `!` or `?`
/// (or their CJK forms) ends one when a space and a capital, digit or quote follow, unless
/// it closes an abbreviation, an initial or a decimal ("U.S.", "Dec.", "J. Smith"), as the
/// importer decides for claims.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    cut_at(text, may_end_a_sentence(text))
}

/// The characters of `text` that may end a sentence, with their byte offsets: the reader
/// skips to the bytes that can start one (most of a text is none of them) rather than
/// decoding every character.
fn may_end_a_sentence(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let may_end = |b: &u8| {
        matches!(
            *b,
            b'\n' | b'.' | b'!' | b'?' | CJK_STOPS_LEAD | CJK_MARKS_LEAD
        )
    };
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = from + bytes[from..].iter().position(may_end)?;
        // A lead byte (never a continuation byte): `i` is on a character's boundary.
        let c = text[i..].chars().next()?;
        from = i + c.len_utf8();
        Some((i, c))
    })
}

/// `text` cut after each of `candidates` (characters with their offsets, in order) that
/// ends a sentence.
fn cut_at(text: &str, candidates: impl Iterator<Item = (usize, char)>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in candidates {
        if ends_here(text, start, i, c) {
            let end = i + c.len_utf8();
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Whether the character `c` at byte `i` ends the sentence that began at `start`.
fn ends_here(text: &str, start: usize, i: usize, c: char) -> bool {
    match c {
        '\n' | '。' | '！' | '？' => true,
        '.' | '!' | '?' => {
            let end = i + c.len_utf8();
            let next = text[end..].trim_start_matches(['"', '”', '’', '\'', ')']);
            match next.strip_prefix([' ', '\t']).map(str::trim_start) {
                Some(n) => {
                    n.starts_with(|ch: char| {
                        ch.is_uppercase() || ch.is_ascii_digit() || "\"“‘'([".contains(ch)
                    }) && (c != '.' || ends_sentence(text, start, i))
                }
                None => next.is_empty(),
            }
        }
        _ => false,
    }
}

/// The first byte of `。` (U+3002) in UTF-8.
const CJK_STOPS_LEAD: u8 = 0xE3;
/// The first byte of `！` (U+FF01) and `？` (U+FF1F) in UTF-8.
const CJK_MARKS_LEAD: u8 = 0xEF;

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_lines_and_abbreviations() {
        assert_eq!(
            cut("Meta bought it. The U.S. agreed on Dec. 20, 1998. J. Smith said so!\nA line"),
            vec![
                "Meta bought it.",
                "The U.S. agreed on Dec. 20, 1998.",
                "J. Smith said so!",
                "A line"
            ]
        );
        assert_eq!(cut("  \n\n "), Vec::<&str>::new());
        assert_eq!(
            cut("3.5 percent rose. 2020 was next."),
            vec!["3.5 percent rose.", "2020 was next."]
        );
        assert_eq!(
            cut("東京で発表。次の文。"),
            vec!["東京で発表。", "次の文。"]
        );
    }

    /// The sentences as the reader found them before it skipped to the bytes that may end
    /// one: every character decoded and asked.
    fn sentences_by_chars(text: &str) -> Vec<Range<usize>> {
        cut_at(text, text.char_indices())
    }

    #[test]
    fn full_width_marks_end_a_sentence_and_their_neighbours_do_not() {
        // `！` and `？` share their first byte with `，` and `）`, `。` with `、`.
        assert_eq!(
            cut("本当？はい！そう、です，ね（注）。次"),
            vec!["本当？", "はい！", "そう、です，ね（注）。", "次"]
        );
    }

    proptest::proptest! {
        #[test]
        fn skipping_to_the_bytes_that_may_end_a_sentence_cuts_as_reading_every_character(
            s in "\\PC{0,160}|[a-zA-Z0-9 .!?\n\"'()。！？，、）]{0,120}|([A-Z][a-z]{0,6}[.!?]? ){0,20}"
        ) {
            proptest::prop_assert_eq!(sentences(&s), sentences_by_chars(&s));
        }

        #[test]
        fn ranges_slice_on_char_boundaries_in_order(s in "\\PC{0,120}|[a-zA-Z .!?\\n\"]{0,80}") {
            let mut last = 0;
            for r in sentences(&s) {
                proptest::prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
                proptest::prop_assert!(r.start >= last && r.start < r.end);
                last = r.end;
            }
        }
    }
}
