//! Figures read as values, so that the forms a writer and a source choose compare equal:
//! `83 out of 100` = `83/100`; `1,000` = `1000` = `one thousand`; `$5bn` = `5 billion`;
//! `12 percent` = `12%`; `05` = `5`; an ISO date gives its day, month and year as a written
//! date does. `83` is not `8.3`.
//!
//! A figure the writer hedges ("about 50", "over fifty", "nearly 1,000") carries a range,
//! and any figure of a source inside it counts as found.

/// A figure as the analysis compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What is compared: `83/100`, `1000`, `12%`, `8.3`.
    pub key: String,
    /// Its value, when it is a plain number or percentage.
    pub value: Option<f64>,
    /// For a hedged figure, the values that count as matching it.
    pub range: Option<(f64, f64)>,
    /// Where it starts and ends in the text, in bytes (a scale or percent sign included).
    pub at: usize,
    pub end: usize,
}

/// How far "about", "around", "nearly" reach either side: a tenth, as people round.
const ROUGHLY: f64 = 0.1;
/// How far "over", "more than" reach up: half again, past which a writer would say more.
const ABOVE: f64 = 0.5;

const UNITS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mn", 1e6),
    ("m", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("bn", 1e9),
    ("b", 1e9),
    ("trillion", 1e12),
    ("tn", 1e12),
];

pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a folded word names, full or abbreviated (`dec`, `sept`), as its full name.
pub fn month(folded: &str) -> Option<&'static str> {
    let w = folded.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|m| **m == w || (w.len() == 3 && m.starts_with(w)))
        .copied()
        // "mar" and "may" are words too; only their capitalised forms are months, which
        // the caller decides. "sept" is September.
        .or((w == "sept").then_some("september"))
}

/// The month a folded word names, as its number: `dec` -> 12.
pub fn month_number(folded: &str) -> Option<u32> {
    let m = month(folded)?;
    MONTHS.iter().position(|x| *x == m).map(|i| i as u32 + 1)
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        (v as i64).to_string()
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Full dates written out in `text` ("November 2, 2004", "Dec. 20, 1998", "27 July 2018",
/// ISO `2018-07-27`), as `(YYYY-MM-DD, byte span)`. A source states a date when it gives
/// the day, month and year together; found apart, they are not that date.
pub fn dates(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    // Every full date has a year of four digits, and a month's name or an ISO date's
    // dashes: most texts lack one or the other, and are done.
    if !may_hold_a_date(b) {
        return Vec::new();
    }
    dates_read(text)
}

/// [`dates`], every token of `text` read.
fn dates_read(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    // Runs of ASCII letters or of digits, with their spans.
    let mut tokens: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let alpha = b[i].is_ascii_alphabetic();
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() && b[i].is_ascii_alphabetic() == alpha {
            i += 1;
        }
        // "2nd", "21st": the suffix belongs to the number.
        if !alpha {
            while i < b.len() && b[i].is_ascii_alphabetic() && i - start < 6 {
                i += 1;
            }
        }
        tokens.push(start..i);
    }
    let word = |k: usize| tokens.get(k).map(|r| &text[r.clone()]);
    let month_at = |k: usize| -> Option<u32> {
        let w = word(k)?;
        // Months are capitalised; "may" and "march" in lower case are words.
        if !w.starts_with(|c: char| c.is_ascii_uppercase()) || w.len() > 9 {
            return None;
        }
        let mut buf = [0u8; 9];
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[..w.len()].make_ascii_lowercase();
        month_number(std::str::from_utf8(&buf[..w.len()]).ok()?)
    };
    let number = |k: usize, hi: u32| -> Option<u32> {
        let w = word(k)?;
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let n: u32 = digits.parse().ok()?;
        (["", "st", "nd", "rd", "th"].contains(&suffix) && (1..=hi).contains(&n)).then_some(n)
    };
    // Four digits, no suffix: "11st" is no year (a proptest found one read so).
    let year = |k: usize| {
        word(k)
            .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|_| number(k, 2999))
    };
    let gap = |k: usize| tokens.get(k + 1).map(|n| &text[tokens[k].end..n.start]);
    let mut out = Vec::new();
    let mut k = 0;
    while k + 2 < tokens.len() {
        let span = tokens[k].start..tokens[k + 2].end;
        let found = if let (Some(m), Some(d), Some(y)) =
            (month_at(k), number(k + 1, 31), year(k + 2))
        {
            Some((y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (number(k, 31), month_at(k + 1), year(k + 2)) {
            Some((y, m, d))
        } else if let (Some(y), Some(m), Some(d)) = (year(k), number(k + 1, 12), number(k + 2, 31))
            && gap(k) == Some("-")
            && gap(k + 1) == Some("-")
        {
            Some((y, m, d))
        } else {
            None
        };
        match found {
            Some((y, m, d)) => {
                out.push((iso_date(y, m, d), span));
                k += 3;
            }
            None => k += 1,
        }
    }
    out
}

/// `y-mm-dd`, as `format!("{y}-{m:02}-{d:02}")` writes it, without the formatting
/// machinery: every date of every source is keyed so.
fn iso_date(y: u32, m: u32, d: u32) -> String {
    let mut s = y.to_string();
    // A month and a day are two digits each (`number` reads them no higher than 31).
    for part in [m, d] {
        s.push('-');
        s.push(char::from(b'0' + (part / 10 % 10) as u8));
        s.push(char::from(b'0' + (part % 10) as u8));
    }
    s
}

/// Whether `b` has what every full date [`dates`] reads has: four digits in a row (a year),
/// and a capital that starts a month's name ("Dec", "March") or a dash between digits (an
/// ISO date's). Asked of every text of every source: most have no year, and are done after
/// one look at each byte.
fn may_hold_a_date(b: &[u8]) -> bool {
    const PREFIXES: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let mut digits = 0;
    let year = b.iter().any(|c| {
        digits = if c.is_ascii_digit() { digits + 1 } else { 0 };
        digits == 4
    });
    // A month's name wherever it stands: a word read after a number's suffix starts
    // mid-letters.
    let month_at = |i: usize| {
        b[i].is_ascii_uppercase()
            && b.get(i..i + 3).is_some_and(|w| {
                let lower = [
                    w[0].to_ascii_lowercase(),
                    w[1].to_ascii_lowercase(),
                    w[2].to_ascii_lowercase(),
                ];
                PREFIXES.iter().any(|p| **p == lower)
            })
    };
    let iso_dash = |i: usize| {
        b[i] == b'-'
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    year && (0..b.len()).any(|i| month_at(i) || iso_dash(i))
}

/// Figures in `text`, in order.
pub fn figures(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    // Figures pushed in one turn of the loop end where the next turn starts.
    let mut ended = 0;
    while i < b.len() {
        for f in &mut out[ended..] {
            f.end = i;
        }
        ended = out.len();
        if b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            // A number word: "fifty", "twenty-five".
            let end = i + b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
                .count();
            if let Some(v) = number_word_at(&text[i..end]) {
                let (v, after) = scaled(text, end, v);
                out.push(figure(text, i, v, None));
                i = after;
            } else {
                i = end;
            }
            continue;
        }
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        // Citation markers are not figures.
        let (num, mut j) = read_number(b, i);
        if i > 0 && (b[i - 1] == b'[' || b[i - 1] == b'^') {
            i = j;
            continue;
        }
        // An ISO date: its year, month and day as a written date gives them.
        if num.len() == 4
            && let Some((m, d, end)) = iso_month_day(b, j)
        {
            out.push(plain(&num, i));
            out.push(Figure {
                key: MONTHS[m - 1].to_string(),
                value: None,
                range: None,
                at: i,
                end: 0,
            });
            out.push(plain(&d.to_string(), i));
            i = end;
            continue;
        }
        let rest = &text[j..];
        if let Some(after) = rest
            .strip_prefix(" out of ")
            .or_else(|| rest.strip_prefix('/'))
        {
            let k = j + (rest.len() - after.len());
            if k < b.len() && b[k].is_ascii_digit() {
                let (den, end) = read_number(b, k);
                out.push(Figure {
                    key: format!("{}/{}", trim_zeros(&num), trim_zeros(&den)),
                    value: None,
                    range: None,
                    at: i,
                    end: 0,
                });
                i = end;
                continue;
            }
        }
        let Ok(mut value) = num.parse::<f64>() else {
            i = j;
            continue;
        };
        let pct = percent_suffix(rest);
        if let Some(len) = pct {
            j += len;
            let hedge = hedge_before(text, i);
            out.push(Figure {
                key: format_value(value) + "%",
                value: Some(value),
                range: hedge.map(|h| h.range(value)),
                at: i,
                end: 0,
            });
            i = j;
            continue;
        }
        (value, j) = scaled(text, j, value);
        out.push(figure(text, i, value, Some(&num)));
        i = j;
    }
    for f in &mut out[ended..] {
        f.end = i.min(b.len());
    }
    out
}

fn plain(num: &str, at: usize) -> Figure {
    let key = trim_zeros(num);
    Figure {
        value: key.parse().ok(),
        key,
        range: None,
        at,
        end: 0,
    }
}

/// A figure at `start`, with the hedge written before it.
fn figure(text: &str, start: usize, value: f64, written: Option<&str>) -> Figure {
    let key = match written {
        // Keep a decimal as written (`8.3`), so that 8.3 and 8.30 still differ from 83.
        Some(w) if w.contains('.') && value == w.parse::<f64>().unwrap_or(f64::NAN) => {
            trim_zeros(w)
        }
        _ => format_value(value),
    };
    Figure {
        key,
        value: Some(value),
        range: hedge_before(text, start).map(|h| h.range(value)),
        at: start,
        end: 0,
    }
}

fn trim_zeros(num: &str) -> String {
    let t = num.trim_start_matches('0');
    if t.is_empty() || t.starts_with('.') {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

/// A number word as written (any case), without allocating: this runs on every word.
pub(super) fn number_word_at(word: &str) -> Option<f64> {
    const LONGEST: usize = 16;
    let b = word.as_bytes();
    // Every number word starts with one of these: two, three, four, five, six, seven,
    // eight, nine, ten, eleven, twelve, …, hundred.
    if !(3..=LONGEST).contains(&b.len()) || !b"efhnstEFHNST".contains(&b[0]) {
        return None;
    }
    let mut buf = [0u8; LONGEST];
    buf[..b.len()].copy_from_slice(b);
    buf[..b.len()].make_ascii_lowercase();
    number_word_bytes(&buf[..b.len()])
}

pub(super) fn number_word(word: &str) -> Option<f64> {
    number_word_bytes(word.as_bytes())
}

/// [`number_word`] of a word's bytes: compared as bytes, the lowered copy
/// [`number_word_at`] makes need not be checked for UTF-8 again.
fn number_word_bytes(word: &[u8]) -> Option<f64> {
    // Every number word starts with one of these (see `number_word_at`): most words are
    // turned away before the list is read.
    if !matches!(word.first(), Some(b'e' | b'f' | b'h' | b'n' | b's' | b't')) {
        return None;
    }
    let unit = |w: &[u8]| {
        UNITS
            .iter()
            .find(|(n, _)| n.as_bytes() == w)
            .map(|(_, v)| *v)
    };
    match word.iter().position(|&c| c == b'-') {
        Some(dash) => {
            let (tens, ones) = (&word[..dash], &word[dash + 1..]);
            let o = if ones == b"one" { 1.0 } else { unit(ones)? };
            let t = unit(tens)?;
            ((20.0..100.0).contains(&t) && o < 10.0).then_some(t + o)
        }
        None => unit(word),
    }
}

/// A scale word after a number ("5 billion", "$5bn", "3.2m"): the value scaled, and where
/// the figure ends.
fn scaled(text: &str, end: usize, value: f64) -> (f64, usize) {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    let spaced = trimmed.len() < rest.len();
    let word_len = trimmed.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &trimmed.as_bytes()[..word_len];
    match SCALES
        .iter()
        .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(word))
    {
        // A lone "m", "b" or "k" only scales when it is glued to the number ("5m").
        Some((w, scale)) if !(spaced && w.len() <= 2) => {
            (value * scale, end + (rest.len() - trimmed.len()) + word_len)
        }
        _ => (value, end),
    }
}

fn percent_suffix(rest: &str) -> Option<usize> {
    if rest.starts_with('%') {
        return Some(1);
    }
    for w in [" percent", " per cent", "-percent", " pct"] {
        if rest
            .as_bytes()
            .get(..w.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(w.as_bytes()))
        {
            return Some(w.len());
        }
    }
    None
}

fn iso_month_day(b: &[u8], j: usize) -> Option<(usize, u32, usize)> {
    let two = |k: usize| -> Option<u32> {
        let s = b.get(k..k + 2)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(s[0] - b'0') * 10 + u32::from(s[1] - b'0'))
    };
    if b.get(j) != Some(&b'-') || b.get(j + 3) != Some(&b'-') {
        return None;
    }
    let (m, d) = (two(j + 1)?, two(j + 4)?);
    let end = j + 6;
    if b.get(end).is_some_and(u8::is_ascii_digit) || !(1..=12).contains(&m) || d == 0 || d > 31 {
        return None;
    }
    Some((m as usize, d, end))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Hedge {
    Roughly,
    Above,
    Below,
}

impl Hedge {
    fn range(self, v: f64) -> (f64, f64) {
        match self {
            Hedge::Roughly => (v * (1.0 - ROUGHLY), v * (1.0 + ROUGHLY)),
            Hedge::Above => (v, v * (1.0 + ABOVE)),
            Hedge::Below => (v * (1.0 - ABOVE), v),
        }
    }
}

/// The hedge in the words just before a figure ("about", "more than", "up to"), skipping a
/// currency sign.
fn hedge_before(text: &str, start: usize) -> Option<Hedge> {
    let before = text[..start].trim_end_matches(['$', '€', '£', '¥', ' ']);
    // Compared without regard to ASCII case, in place: this runs on every figure.
    let tail: &str = before
        .get(before.len().saturating_sub(16)..)
        .or_else(|| {
            // Not on a char boundary: take whole chars.
            let k = before.char_indices().rev().nth(15).map_or(0, |(k, _)| k);
            before.get(k..)
        })
        .unwrap_or("");
    const ROUGH: [&str; 7] = [
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
    ];
    const ABOVE_: [&str; 5] = ["over", "more than", "at least", "upwards of", "exceeding"];
    const BELOW_: [&str; 4] = ["under", "less than", "up to", "fewer than"];
    let ends = |w: &&str| {
        let t = tail.as_bytes();
        t.len() >= w.len()
            && t[t.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            // The match is ASCII, so the text before it ends on a char boundary.
            && tail[..tail.len() - w.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    if ROUGH.iter().any(ends) {
        Some(Hedge::Roughly)
    } else if ABOVE_.iter().any(ends) {
        Some(Hedge::Above)
    } else if BELOW_.iter().any(ends) {
        Some(Hedge::Below)
    } else {
        None
    }
}

fn read_number(b: &[u8], start: usize) -> (String, usize) {
    let mut s = String::new();
    let mut j = start;
    while j < b.len() {
        let c = b[j];
        let next_digit = b.get(j + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() {
            s.push(c as char);
        } else if c == b','
            && b.len() >= j + 4
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && b.get(j + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            // A thousands separator (1,000), not a list (1,2): skip it.
        } else if c == b'.' && next_digit {
            s.push('.');
        } else {
            break;
        }
        j += 1;
    }
    (s, j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        figures(text).into_iter().map(|f| f.key).collect()
    }

    #[test]
    fn every_number_word_starts_with_a_letter_the_readers_look_for() {
        for (word, value) in UNITS {
            assert!(b"efhnst".contains(&word.as_bytes()[0]), "{word}");
            assert_eq!(number_word(word), Some(*value));
            assert_eq!(number_word_at(&word.to_uppercase()), Some(*value));
        }
        assert_eq!(number_word("twenty-one"), Some(21.0));
        assert_eq!(number_word("ninety-nine"), Some(99.0));
        assert_eq!(number_word("one"), None);
        assert_eq!(number_word("dozen"), None);
    }

    #[test]
    fn forms_compare_equal() {
        assert_eq!(keys("an 83 out of 100 score"), ["83/100"]);
        assert_eq!(keys("moat score of 83/100."), ["83/100"]);
        assert_eq!(keys("8.3 and 83"), ["8.3", "83"]);
        assert_eq!(keys("1,000 units, 12% up"), ["1000", "12%"]);
        assert_eq!(keys("12 percent and 12 per cent"), ["12%", "12%"]);
        assert_eq!(keys("$5bn, $5 billion, 5,000 million"), ["5000000000"; 3]);
        assert_eq!(keys("3.2m users"), ["3200000"]);
        assert_eq!(keys("fifty-one and twenty people"), ["51", "20"]);
        assert_eq!(keys("cites [12] and [^5]"), Vec::<String>::new());
        assert_eq!(keys("MTIA 3 in 2026"), ["3", "2026"]);
        // "one" is a pronoun as often as a number: not a figure.
        assert_eq!(keys("one of five trades"), ["5"]);
    }

    #[test]
    fn dates_compare_as_dates() {
        assert_eq!(keys("on 2001-05-16."), ["2001", "may", "16"]);
        assert_eq!(keys("16 May 2001"), ["16", "2001"]);
        assert_eq!(keys("May 05, 2001"), ["5", "2001"]);
        assert_eq!(month("dec"), Some("december"));
        assert_eq!(month("dec."), Some("december"));
        assert_eq!(month("sept"), Some("september"));
        assert_eq!(month("december"), Some("december"));
        assert_eq!(month("decade"), None);
        assert_eq!(month("ma"), None);
    }

    #[test]
    fn full_dates_in_any_form() {
        let keys = |t: &str| dates(t).into_iter().map(|d| d.0).collect::<Vec<_>>();
        assert_eq!(
            keys("on November 2, 2004 and 2 November 2004"),
            ["2004-11-02"; 2]
        );
        assert_eq!(keys("Dec. 20, 1998; 1998-12-20"), ["1998-12-20"; 2]);
        assert_eq!(keys("May 1st 2001"), ["2001-05-01"]);
        assert!(keys("in December 2012, may 5 2012, 45 March 2012").is_empty());
        let t = "on 27 July 2018.";
        assert_eq!(&t[dates(t)[0].1.clone()], "27 July 2018");
    }

    proptest::proptest! {
        /// Texts of date-like pieces, glued in any order and spacing: what the quick test
        /// before reading lets through finds every date reading every token finds.
        #[test]
        fn no_date_is_missed_by_the_test_before_reading(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "March", "Dec.", "may", "May", "Sept", "1st", "20", "05", "2001", "1998",
                    "12345", "aaaaa", "1", "-", " ", ", ", ".", "é", "X", "2020-03-05",
                ]),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(dates(&text), dates_read(&text), "{}", text);
        }
    }

    #[test]
    fn a_year_is_four_digits_with_no_suffix() {
        assert_eq!(dates("March1st11st"), []);
        assert_eq!(dates_read("March 1st 11st"), []);
        assert_eq!(dates("March 1st 2011")[0].0, "2011-03-01");
    }

    #[test]
    fn a_month_read_after_a_numbers_suffix_is_still_found() {
        // "1aaaaa" is read as a number with its suffix, and "March" as a word after it.
        assert_eq!(dates("1aaaaaMarch 5, 2020")[0].0, "2020-03-05");
    }

    #[test]
    fn figures_know_where_they_end() {
        let t = "raised $5bn, 12 percent more, 83 out of 100.";
        let written: Vec<&str> = figures(t).iter().map(|f| &t[f.at..f.end]).collect();
        assert_eq!(written, ["5bn", "12 percent", "83 out of 100"]);
    }

    #[test]
    fn hedged_figures_carry_a_range() {
        let f = &figures("over fifty staff")[0];
        assert_eq!(f.range, Some((50.0, 75.0)));
        let f = &figures("about $1,000")[0];
        assert_eq!(f.range, Some((900.0, 1100.0)));
        assert_eq!(figures("up to 20%")[0].range, Some((10.0, 20.0)));
        assert_eq!(figures("exactly 20")[0].range, None);
        // "some" alone hedges; "handsome 20" does not.
        assert_eq!(figures("handsome 20")[0].range, None);
        // Hedges, scales and "percent" are read in any case.
        assert_eq!(figures("ABOUT $1,000")[0].range, Some((900.0, 1100.0)));
        assert_eq!(figures("More Than 20")[0].range, Some((20.0, 30.0)));
        assert_eq!(keys("12 PERCENT, 12 Per Cent"), ["12%", "12%"]);
        assert_eq!(keys("$5 Billion, 3.2M users"), ["5000000000", "3200000"]);
        assert_eq!(keys("Fifty-One and TWENTY"), ["51", "20"]);
    }

    #[test]
    fn dates_are_keyed_as_format_writes_them() {
        for y in [0, 7, 10, 99, 100, 999, 1000, 1998, 2025, 2999] {
            for m in 1..=12 {
                for d in 1..=31 {
                    assert_eq!(iso_date(y, m, d), format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
    }
}
