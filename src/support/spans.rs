//! The parts of a claim its sources do not carry, as phrases rather than lone words: people
//! reading a claim against a source mark "is the only one dedicated", not "only" and
//! "dedicated". A missing term marks its word; the function words between two missing
//! words, and the one just before a missing run ("in 2018", "the icon"), join it; a
//! hyphenated word, a name and a quantity with its unit are read whole ("17th-century",
//! "Xinyi Vieshow Cinemas Complex", "three weeks before"). On WiCE these took the phrases'
//! token F1 from 0.528 to 0.556 (hyphens 0.543, names 0.555, units 0.556).

use std::ops::Range;

use super::terms;

/// At most this many function words are bridged between two missing words.
const BRIDGE: usize = 3;

/// Short words that carry grammar; sorted.
const FUNCTION: &[&str] = &[
    "a", "about", "almost", "an", "and", "are", "around", "as", "at", "be", "been", "by", "for",
    "from", "had", "has", "have", "he", "her", "his", "in", "is", "it", "its", "nearly", "of",
    "on", "one", "or", "over", "she", "that", "the", "their", "they", "to", "under", "was", "were",
    "which", "who", "with",
];

/// Of those, the ones that lead into what follows (articles, prepositions, possessives,
/// and the `and` or `as` that adds a part): "in 2018", "the icon", "his estate", "and
/// Laura Ingraham", "as reeve". `and` and `as` took WiCE's phrase F1 from 0.568 to 0.581;
/// `was` lowered it (0.574). Sorted.
const LEADS: &[&str] = &[
    "a", "about", "almost", "an", "and", "around", "as", "at", "by", "for", "from", "her", "his",
    "in", "its", "nearly", "of", "on", "over", "the", "their", "to", "under", "with",
];

/// Words that finish a quantity: units of time and measure, and where it points in time.
/// Sorted.
const UNITS: &[&str] = &[
    "ago", "before", "days", "earlier", "feet", "hours", "km", "later", "left", "meters", "metres",
    "miles", "minutes", "months", "percent", "seconds", "weeks", "years",
];

fn is_number(word: &str) -> bool {
    word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || super::figures::number_word_at(word).is_some()
}

/// The word at `i` is a marked unit that follows a quantity ("weeks" in "three weeks").
fn marked_unit(words: &[(&str, Range<usize>)], marked: &[bool], i: usize) -> bool {
    marked[i] && is_one_of(words[i].0, UNITS)
}

fn is_function(word: &str) -> bool {
    is_one_of(word, FUNCTION)
}

fn leads(word: &str) -> bool {
    is_one_of(word, LEADS)
}

/// Whether `word`, in any case, is one of `list` (lower-case ASCII, sorted): lowered in a
/// buffer on the stack and looked up by halves, where comparing it with every entry in turn
/// ran on most words of every claim.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    const LONGEST: usize = 8;
    let n = word.len();
    if n > LONGEST || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; LONGEST];
    buf[..n].copy_from_slice(word.as_bytes());
    buf[..n].make_ascii_lowercase();
    let lower = std::str::from_utf8(&buf[..n]).unwrap_or_default();
    list.binary_search(&lower).is_ok()
}

/// The byte ranges of `text` (a claim, markers stripped) that its sources do not carry,
/// given where its missing terms stand in it (byte ranges; a word that overlaps one is
/// missing).
pub fn unsupported(text: &str, missing: &[Range<usize>]) -> Vec<Range<usize>> {
    if missing.is_empty() {
        return Vec::new();
    }
    let base = text.as_ptr() as usize;
    let words: Vec<(&str, Range<usize>)> = terms::words(text)
        .map(|w| {
            let at = w.as_ptr() as usize - base;
            (w, at..at + w.len())
        })
        .collect();
    let mut marked: Vec<bool> = words
        .iter()
        .map(|(_, r)| missing.iter().any(|m| m.start < r.end && r.start < m.end))
        .collect();
    // Bridge short runs of function words between two missing words.
    let mut last: Option<usize> = None;
    for i in 0..words.len() {
        if !marked[i] {
            continue;
        }
        if let Some(l) = last
            && i - l - 1 <= BRIDGE
            && (l + 1..i).all(|k| is_function(words[k].0))
            && same_clause(text, &words[l].1, &words[i].1)
        {
            marked[l + 1..i].iter_mut().for_each(|m| *m = true);
        }
        last = Some(i);
    }
    // A hyphenated word is one word to a reader: "17th-century", "first-class".
    let joined = |a: &Range<usize>, b: &Range<usize>| text[a.end..b.start] == *"-";
    for i in 1..words.len() {
        if marked[i - 1] && joined(&words[i - 1].1, &words[i].1) {
            marked[i] = true;
        }
    }
    for i in (1..words.len()).rev() {
        if marked[i] && joined(&words[i - 1].1, &words[i].1) {
            marked[i - 1] = true;
        }
    }
    // A name is read whole: "Xinyi Vieshow Cinemas Complex", not its one unknown word.
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let spaced = |a: &Range<usize>, b: &Range<usize>| text[a.end..b.start] == *" ";
    for i in 1..words.len() {
        if marked[i - 1]
            && capital(words[i - 1].0)
            && capital(words[i].0)
            && spaced(&words[i - 1].1, &words[i].1)
        {
            marked[i] = true;
        }
    }
    for i in (1..words.len()).rev() {
        if marked[i]
            && capital(words[i].0)
            && capital(words[i - 1].0)
            && spaced(&words[i - 1].1, &words[i].1)
            && i - 1 > 0
        {
            marked[i - 1] = true;
        }
    }
    // A quantity is read with its unit and its direction: "three weeks before", "eleven
    // days later", "17 hours left".
    for i in 1..words.len() {
        if marked[i - 1]
            && !marked[i]
            && (is_number(words[i - 1].0) || marked_unit(&words, &marked, i - 1))
            && UNITS.iter().any(|u| u.eq_ignore_ascii_case(words[i].0))
            && same_clause(text, &words[i - 1].1, &words[i].1)
        {
            marked[i] = true;
        }
    }
    // The function word just before a run joins it.
    for i in 1..words.len() {
        if marked[i]
            && !marked[i - 1]
            && leads(words[i - 1].0)
            && same_clause(text, &words[i - 1].1, &words[i].1)
        {
            marked[i - 1] = true;
        }
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, (_, r)) in words.iter().enumerate() {
        if !marked[i] {
            continue;
        }
        match out.last_mut() {
            Some(prev) if i > 0 && marked[i - 1] && same_clause(text, prev, r) => prev.end = r.end,
            _ => out.push(r.clone()),
        }
    }
    out
}

/// No comma, semicolon, colon or stop between two words.
fn same_clause(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    !text[a.end..b.start].contains([',', ';', ':', '.', '(', ')'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_are_sorted_lower_case_and_short_enough_to_be_looked_up() {
        for list in [FUNCTION, LEADS, UNITS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            for w in list {
                assert!(
                    w.len() <= 8 && w.bytes().all(|b| b.is_ascii_lowercase()),
                    "{w}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn looked_up_by_halves_a_word_is_found_as_by_comparing_it_with_each(
            pick in 0usize..90,
            upper in proptest::collection::vec(proptest::bool::ANY, 8),
            other in "[a-zA-Z]{0,9}|\\PC{0,4}",
        ) {
            let all: Vec<&str> = FUNCTION.iter().chain(LEADS).chain(UNITS).copied().collect();
            let word: String = match all.get(pick) {
                Some(w) => w
                    .chars()
                    .zip(upper.iter().cycle())
                    .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
                    .collect(),
                None => other,
            };
            for list in [FUNCTION, LEADS, UNITS] {
                let by_each = list.iter().any(|f| f.eq_ignore_ascii_case(&word));
                proptest::prop_assert_eq!(is_one_of(&word, list), by_each, "{}", word);
            }
        }
    }

    fn phrases(text: &str, missing: &[&str]) -> Vec<String> {
        let missing: Vec<Range<usize>> = missing
            .iter()
            .map(|m| {
                let at = text.find(m).unwrap();
                at..at + m.len()
            })
            .collect();
        unsupported(text, &missing)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn function_words_join_the_missing_words_around_them() {
        assert!(FUNCTION.windows(2).all(|w| w[0] < w[1]));
        assert!(LEADS.windows(2).all(|w| w[0] < w[1]));
        assert!(LEADS.iter().all(|w| is_function(w)));
        assert_eq!(
            phrases(
                "Media Play News is the only one dedicated to the home sector.",
                &["only", "dedicated"]
            ),
            ["the only one dedicated"]
        );
        assert_eq!(
            phrases("In 2018, Easton was named.", &["2018"]),
            ["In 2018"]
        );
        // A comma ends the phrase.
        assert_eq!(
            phrases("He won, in 2018, the cup.", &["won", "2018"]),
            ["won", "in 2018"]
        );
        assert!(phrases("Nothing missing here.", &[]).is_empty());
    }

    #[test]
    fn hyphenated_words_names_and_quantities_are_read_whole() {
        assert_eq!(
            phrases("The main altar houses a 17th-century fresco.", &["17th"]),
            ["a 17th-century"]
        );
        assert_eq!(
            phrases("He retired from first-class cricket.", &["class"]),
            ["from first-class"]
        );
        assert_eq!(
            phrases(
                "The store will be at the Xinyi Vieshow Cinemas Complex.",
                &["Vieshow"]
            ),
            ["the Xinyi Vieshow Cinemas Complex"]
        );
        // The sentence's first word is capitalised as a sentence's, not as a name.
        assert_eq!(
            phrases("Three weeks before election day, she won.", &["Three"]),
            ["Three weeks before"]
        );
        assert_eq!(
            phrases("He made the announcement eleven days later.", &["eleven"]),
            ["eleven days later"]
        );
        assert_eq!(
            phrases(
                "Sarah Palin and Laura Ingraham are considering it.",
                &["Laura"]
            ),
            ["and Laura Ingraham"]
        );
        assert_eq!(
            phrases("The head of council is elected as reeve.", &["reeve"]),
            ["as reeve"]
        );
        // A unit does not join a word that is not a quantity.
        assert_eq!(
            phrases("The drums days were over.", &["drums"]),
            ["The drums"]
        );
    }
}
