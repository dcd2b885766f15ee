//! One large sequence read by two threads (issue #17): a 40 MB store's parse was its first
//! open's longest stretch on one core, and nearly all of it is the sources' list.
//!
//! The cut is a guess: a byte where an element of the top-level struct's `field` sequence
//! seems to start, found in the raw text. Another thread reads the elements from there to
//! the sequence's `]` while this one reads the whole text as [`from_str`](super::from_str)
//! does. The guess is taken only if this reader, in `field`'s sequence, finds an element
//! starting at exactly that byte: then the cut is outside every string and comment and
//! between two elements, so the other thread read the same elements this one would have,
//! and this one skips to the `]`. Anywhere else (a cut inside a string, in another
//! sequence, past the end; the other thread refused), this reader reads on alone, and the
//! other's work is dropped. So the result is always [`from_str`]'s.

use std::sync::mpsc;

use serde::de::{self, Deserialize};

use super::{CommaSeparated, Deserializer, Lexer, read_whole};

/// The depth [`Deserializer`] is at inside a sequence that is a top-level field: the struct
/// and the sequence.
const FIELD_SEQUENCE_DEPTH: usize = 2;

/// Where a sequence may be handed to another reader, and how to hear where it ended.
pub(super) struct Split {
    /// The top-level field whose sequence it is.
    field: &'static str,
    /// The byte the other reader started at.
    at: usize,
    /// Where the other reader found the sequence's `]`, or `None` if it refused.
    end: mpsc::Receiver<Option<usize>>,
}

/// As [`from_str`](super::from_str) for `T`, with the elements of its top-level field
/// `field` (a sequence of `E`) from byte `at` on read on another thread: the value, and the
/// elements read there, which follow those in the value's `field` (none, when the cut was
/// not taken). `None` where `from_str` gives `None`.
pub fn from_str_split<'de, T, E>(
    text: &'de str,
    field: &'static str,
    at: usize,
) -> Option<(T, Vec<E>)>
where
    T: Deserialize<'de>,
    E: Deserialize<'de> + Send,
{
    std::thread::scope(|s| {
        let (tell, end) = mpsc::channel();
        let tail = s.spawn(move || {
            let read = elements_from::<E>(text, at);
            // This reader may be done, or past the cut, and not listening: then nothing
            // waits for the answer.
            let _ = tell.send(read.as_ref().map(|(_, end)| *end));
            read.map(|(elements, _)| elements)
        });
        let mut de = Deserializer::new(Lexer::new(text));
        de.split = Some(Split { field, at, end });
        let value: T = read_whole(&mut de)?;
        // A panic there is a refusal: this reader did not take its elements.
        let tail = tail.join().ok().flatten();
        match (de.spliced, tail) {
            (true, Some(tail)) => Some((value, tail)),
            (true, None) => None,
            (false, _) => Some((value, Vec::new())),
        }
    })
}

/// Called before each element of a sequence while a split is pending: whether the
/// element here is the other reader's, and so the rest of the sequence. The lexer is then
/// moved to the sequence's `]`. Asked once the cut is reached or passed, the split is
/// dropped either way.
pub(super) fn handed_on(de: &mut Deserializer) -> bool {
    let Some(split) = &de.split else {
        return false;
    };
    let pos = de.lex.pos();
    let ours = de.depth == FIELD_SEQUENCE_DEPTH && de.top_field == Some(split.field);
    if pos < split.at || !ours {
        return false;
    }
    let split = de.split.take().expect("checked above");
    if pos > split.at {
        return false;
    }
    match split.end.recv() {
        Ok(Some(end)) => {
            de.lex = Lexer::at(de.lex.src(), end);
            de.spliced = true;
            true
        }
        _ => false,
    }
}

/// The elements of a sequence from byte `at` of `text` on, read as [`Deserializer`] reads a
/// top-level field's sequence, and where its `]` is.
fn elements_from<'de, E: Deserialize<'de>>(text: &'de str, at: usize) -> Option<(Vec<E>, usize)> {
    if !text.is_char_boundary(at) {
        return None;
    }
    let mut de = Deserializer::new(Lexer::at(text, at));
    de.depth = FIELD_SEQUENCE_DEPTH;
    let mut elements = Vec::new();
    let mut seq = CommaSeparated {
        de: &mut de,
        end: b']',
        had_comma: true,
    };
    while let Some(e) = de::SeqAccess::next_element::<E>(&mut seq).ok()? {
        elements.push(e);
    }
    de.lex.skip_ws().ok()?;
    (de.lex.peek() == Some(b']')).then(|| (elements, de.lex.pos()))
}

/// Where an element of a sequence seems to start at or after byte `from`: a `(` that opens
/// a line (after spaces), on the line right after one that ends with a comma (a blank line
/// between them, and the element is passed over). Only a guess (see the module's comment);
/// `None` when there is none.
pub fn element_start_after(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from;
    while let Some(nl) = memchr::memchr(b'\n', b.get(i..)?) {
        let line = i + nl + 1;
        let indent = b[line..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        let before = b[..i + nl]
            .iter()
            .rev()
            .find(|c| !matches!(c, b' ' | b'\t' | b'\r'));
        if b.get(line + indent) == Some(&b'(') && before == Some(&b',') {
            return Some(line + indent);
        }
        i = line;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Brief, Source};
    use crate::store::{DEFAULT_BRIEF, to_ron_string};

    /// The brief read with the cut at `at`, the other reader's elements put back, and
    /// whether it took them.
    fn read_split(text: &str, at: usize) -> (Option<Brief>, bool) {
        match from_str_split::<Brief, Source>(text, "sources", at) {
            Some((mut brief, tail)) => {
                let taken = !tail.is_empty();
                brief.sources.extend(tail);
                (Some(brief), taken)
            }
            None => (None, false),
        }
    }

    #[test]
    fn a_cut_anywhere_reads_what_one_reader_reads() {
        let text = to_ron_string(&crate::synth::brief(7, 4, 3, 2));
        let whole = super::super::from_str::<Brief>(&text).expect("the fast reader reads it");
        let mut taken = 0;
        for at in 0..=text.len() + 1 {
            let (read, took) = read_split(&text, at);
            assert_eq!(read.as_ref(), Some(&whole), "cut at {at}");
            taken += usize::from(took);
        }
        // Taken at each source's opening bracket, and nowhere else.
        assert_eq!(taken, whole.sources.len());
    }

    #[test]
    fn every_element_start_the_guess_finds_in_the_seed_is_taken() {
        let whole = super::super::from_str::<Brief>(DEFAULT_BRIEF).expect("read");
        let sources_at = DEFAULT_BRIEF.find("sources:").expect("a sources field");
        let mut from = sources_at;
        let mut cuts = 0;
        while let Some(at) = element_start_after(DEFAULT_BRIEF, from) {
            let (read, took) = read_split(DEFAULT_BRIEF, at);
            assert_eq!(read.as_ref(), Some(&whole), "cut at {at}");
            assert!(took, "cut at {at} not taken");
            cuts += 1;
            from = at;
        }
        assert_eq!(cuts, whole.sources.len() - 1);
    }

    #[test]
    fn a_cut_inside_a_string_or_another_list_is_not_taken() {
        let written = to_ron_string(&crate::synth::brief(3, 3, 4, 1));
        // A text that looks like the start of an element, from a line after a comma (the
        // store writer escapes line breaks; a hand-written store need not).
        let second = written.find("number: 2").expect("a second source");
        let quote = second + written[second..].find("text: \"").expect("its text") + 7;
        let text = format!(
            "{}first,\n        (number: 9, kind: News),\n  ({}",
            &written[..quote],
            &written[quote..]
        );
        let whole = super::super::from_str::<Brief>(&text).expect("read");
        let at = element_start_after(&text, quote).expect("a guess");
        assert!(
            at < text.find("kind: News),").unwrap(),
            "the guess is inside the string"
        );
        assert_eq!(read_split(&text, at), (Some(whole.clone()), false));
        // In the sections' list, which the other reader reads as sources and refuses.
        let at = element_start_after(&text, text.find("sections:").unwrap()).expect("a claim");
        assert!(at < text.find("sources:").unwrap());
        assert_eq!(read_split(&text, at), (Some(whole), false));
    }

    #[test]
    fn what_one_reader_refuses_the_split_refuses() {
        let text = to_ron_string(&crate::synth::brief(5, 4, 2, 1));
        let last = text.rfind("number:").expect("a source");
        // A float where the last source's number is: the other reader's part.
        let bad = format!(
            "{}number: 1.5,{}",
            &text[..last],
            &text[last..].split_once(',').unwrap().1
        );
        assert!(super::super::from_str::<Brief>(&bad).is_none());
        for at in 0..bad.len() {
            assert_eq!(read_split(&bad, at).0, None, "cut at {at}");
        }
    }
}
