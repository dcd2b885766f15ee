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
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let cut = match c {
            '\n' => true,
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                let rest = &text[end..];
                let next = rest.trim_start_matches(['"', '”', '’', '\'', ')']);
                let after_space = next.strip_prefix([' ', '\t']).map(str::trim_start);
                match after_space {
                    Some(n) => {
                        n.starts_with(|ch: char| {
                            ch.is_uppercase() || ch.is_ascii_digit() || "\"“‘'([".contains(ch)
                        }) && (c != '.' || ends_sentence(text, start, i))
                    }
                    None => next.is_empty(),
                }
            }
            _ => false,
        };
        if cut {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

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

    proptest::proptest! {
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
