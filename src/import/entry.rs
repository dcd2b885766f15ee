//! Entries of a source list, as research tools and people write them, read into a
//! [`Source`] that keeps everything the entry gives.
//!
//! Understood, numbered `1.`, `1)`, `[1]`, `[^1]:` or not at all (`- …`):
//! - `text - 2026-03-02`: a post in the seed's layout, its text kept exactly;
//! - `Title. Outlet, date. URL` and `Outlet, date. Title. URL`;
//! - `[Title](URL) — Outlet` (a date may follow the outlet);
//! - `Author (date). Title. Outlet. URL`;
//! - a bare URL: its host is the outlet and the words of its path stand in for the text.
//!
//! Quoted lines (`> …`) under an entry are an excerpt: the source's own words, which become
//! its text; without one the text is the title, so matching has something to read.

use std::ops::Range;

use super::guess::{
    date_in_url, find_impossible_date, guess_kind, guess_lang, host, parse_date, title_from_path,
};
use super::lines::LineIndex;
use std::collections::BTreeSet;

use crate::model::{Guessed, Source};

/// One entry of a source list, before it becomes a [`Source`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// The number it was given, if any (`1.`, `[1]`, `[^1]:`); else its place in the list.
    pub number: Option<u32>,
    pub body: String,
    /// Quoted lines under the entry, one string a quoted paragraph.
    pub excerpt: Vec<String>,
    /// 1-based line and column of the entry in the input.
    pub line: usize,
    pub col: usize,
}

/// What an entry's first line says: its number (if any) and where its body starts.
fn lead(t: &str) -> Option<(Option<u32>, &str)> {
    if let Some(rest) = t.strip_prefix("[^").or_else(|| t.strip_prefix('['))
        && let Some((digits, rest)) = rest.split_once(']')
        && !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Some((digits.parse().ok(), rest.trim_start_matches(':').trim()));
    }
    // A footnote with a named label (`[^reuters]: …`): an entry whose number the importer
    // gives (see `markdown::label_numbers`); the label is not part of its text.
    if let Some(rest) = t.strip_prefix("[^")
        && let Some((label, body)) = rest.split_once("]:")
        && !label.is_empty()
        && !label.contains(char::is_whitespace)
    {
        return Some((None, body.trim()));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if let Some(body) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((t[..digits].parse().ok(), body.trim()));
        }
    }
    ["- ", "* ", "+ ", "• "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map(|rest| (None, rest.trim()))
}

/// The entries in `range` of `text`, read a line at a time: a line that opens an entry
/// (`1.`, `[1]`, `[^1]:`, `- `) starts one; `>` lines are its excerpt; an indented line, or
/// one right under a numbered or bulleted entry, continues it; any other line is an entry
/// of its own (the plain layout lists one source a line).
pub fn read(text: &str, range: Range<usize>, lines: &LineIndex) -> Vec<RawEntry> {
    let mut out: Vec<RawEntry> = Vec::new();
    let mut offset = range.start;
    let mut after_blank = true;
    let mut open_prefixed = false;
    let mut quote_open = false;
    for raw in text[range].split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim();
        if t.is_empty() {
            after_blank = true;
            quote_open = false;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some(q) = t.strip_prefix('>') {
            let q = q.trim();
            if let Some(e) = out.last_mut() {
                match (quote_open, q.is_empty()) {
                    (_, true) => quote_open = false,
                    (true, false) => {
                        let last = e.excerpt.last_mut().expect("an open quote has a paragraph");
                        last.push(' ');
                        last.push_str(q);
                    }
                    (false, false) => {
                        e.excerpt.push(q.to_string());
                        quote_open = true;
                    }
                }
            }
            after_blank = false;
            continue;
        }
        quote_open = false;
        let continues = !out.is_empty()
            && out.last().is_some_and(|e| e.excerpt.is_empty())
            && (indent > 0 && lead(t).is_none()
                || open_prefixed && !after_blank && lead(t).is_none());
        if continues {
            let e = out.last_mut().expect("checked above");
            e.body.push(' ');
            e.body.push_str(t);
            after_blank = false;
            continue;
        }
        let (number, body) = match lead(t) {
            Some((n, body)) => {
                open_prefixed = true;
                (n, body)
            }
            None => {
                open_prefixed = false;
                (None, t)
            }
        };
        let (line_no, col) = lines.position(at + indent);
        out.push(RawEntry {
            number,
            body: body.to_string(),
            excerpt: Vec::new(),
            line: line_no,
            col,
        });
        after_blank = false;
    }
    out.retain(|e| !e.body.is_empty() || !e.excerpt.is_empty());
    out
}

/// What an entry's body says about its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The text to keep when the entry is not a citation (a post, a note): exactly as given.
    pub text: String,
    /// A date it gives that is no day (`2026-13-01`): kept out of the other fields, and
    /// warned of.
    pub impossible_date: Option<String>,
}

fn is_url(w: &str) -> bool {
    w.starts_with("http://") || w.starts_with("https://")
}

fn clean_url(w: &str) -> String {
    w.trim_start_matches('<')
        .trim_end_matches(['>', ',', ')', ']', '.', ';'])
        .to_string()
}

/// `[Title](URL)` anywhere in the text: (title, url, the text around it).
fn md_link(body: &str) -> Option<(String, String, String)> {
    let open = body.find('[')?;
    let close = open + body[open..].find("](")?;
    let url_end = close + 2 + body[close + 2..].find(')')?;
    let url = body[close + 2..url_end].trim();
    if !is_url(url) {
        return None;
    }
    let title = body[open + 1..close].trim().to_string();
    let rest = format!("{} {}", &body[..open], &body[url_end + 1..]);
    Some((title, url.to_string(), rest))
}

/// The parts of a citation: split at sentence stops (not after `U.S.`, `Inc.` or an
/// initial) and at dashes and bars.
fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let at_space = b.get(i + 1).is_none_or(|n| *n == b' ');
        let cut = match c {
            b'.' if at_space => {
                super::sentences::ends_sentence(text, start, i).then_some((i, i + 1))
            }
            b'?' | b'!' if at_space => Some((i + 1, i + 1)),
            b'|' => Some((i, i + 1)),
            _ => None,
        };
        // Spaced dashes only: "U.S.-only" and "2023–24" are words, not separators.
        let dash = [" — ", " – ", " - "]
            .into_iter()
            .find(|d| text[i..].starts_with(d));
        if let Some((end, next)) = cut {
            out.push(text[start..end].to_string());
            start = next;
            i = next;
            continue;
        }
        if let Some(d) = dash {
            out.push(text[start..i].to_string());
            start = i + d.len();
            i = start;
            continue;
        }
        i += 1;
        while i < b.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out.push(text[start..].to_string());
    out.into_iter()
        .map(|s| s.trim().trim_matches([',', ';', ':']).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `Doe, J. (2023, October 17)` -> ("Doe, J.", Some("2023-10-17")); a year alone gives no date.
fn author_date(seg: &str) -> Option<(String, Option<String>)> {
    let inner_start = seg.rfind('(')?;
    let inner = seg[inner_start + 1..].strip_suffix(')')?;
    let year = inner
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    let author = seg[..inner_start].trim().trim_end_matches(',').trim();
    (year && !author.is_empty() && author.split_whitespace().count() <= 12)
        .then(|| (author.to_string(), parse_date(inner)))
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Reads an entry's body into the fields it gives.
pub fn fields(body: &str) -> Fields {
    let body = body.trim();
    let mut f = Fields {
        text: body.to_string(),
        ..Fields::default()
    };
    // The seed's layout: a post's own words (links and all), then " - 2026-03-02". Kept
    // exactly.
    if let Some((head, tail)) = body.rsplit_once(" - ")
        && crate::validate::is_iso_date(tail.trim())
    {
        f.text = head.trim().to_string();
        f.date = Some(tail.trim().to_string());
        return f;
    }
    let mut rest = body.to_string();
    if let Some((title, url, around)) = md_link(body) {
        f.title = (!title.is_empty()).then_some(title);
        f.url = Some(url);
        rest = around;
    } else if let Some(u) = body
        .split_whitespace()
        .rev()
        .find(|w| is_url(w.trim_start_matches(['<', '('])))
    {
        f.url = Some(clean_url(u.trim_start_matches('(')));
        rest = body.replacen(u, " ", 1);
        for lead in ["Retrieved from", "Available at:", "Available at", "URL:"] {
            rest = rest.replace(lead, " ");
        }
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest
        .trim_matches([' ', '.', ',', '—', '–', '-'])
        .to_string();
    if rest.is_empty() {
        // Only a URL (or a link): the host is the outlet, the path's words stand in.
        if let Some(u) = &f.url {
            f.outlet = host(u);
            f.date = date_in_url(u);
            f.text = f
                .title
                .clone()
                .or_else(|| title_from_path(u))
                .unwrap_or_else(|| u.clone());
        }
        return f;
    }
    if f.url.is_none() && parse_date(&rest).is_none() {
        // No link and no date: a note or a post, not a citation; its words stay whole.
        f.text = rest;
        return f;
    }
    let mut segs = segments(&rest);
    if f.title.is_none()
        && segs.len() >= 2
        && let Some((author, date)) = author_date(&segs[0])
    {
        f.author = Some(author);
        f.date = date;
        segs.remove(0);
    }
    let mut others: Vec<String> = Vec::new();
    for seg in segs {
        let date = match parse_date(&seg) {
            Some(d) => Some(Ok(d)),
            None => find_impossible_date(&seg).map(Err),
        };
        if f.date.is_none()
            && f.impossible_date.is_none()
            && let Some(date) = date
        {
            match date {
                Ok(d) => f.date = Some(d),
                Err(bad) => f.impossible_date = Some(bad),
            }
            // "Reuters, 2023-10-17": what stands beside the date is the outlet.
            let outlet = seg
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('.');
            if !outlet.is_empty() && words(outlet) <= 5 && parse_date(outlet).is_none() {
                f.outlet = Some(outlet.to_string());
            } else if words(&seg) > 5 && parse_date(outlet).is_none() {
                others.push(seg);
            }
            continue;
        }
        others.push(seg);
    }
    let mut others = others.into_iter();
    if f.title.is_none() {
        f.title = others.next();
    }
    if f.outlet.is_none() {
        f.outlet = others.find(|s| words(s) <= 5);
    }
    if f.date.is_none() {
        f.date = f.url.as_deref().and_then(date_in_url);
    }
    if f.outlet.is_none() {
        f.outlet = f.url.as_deref().and_then(host);
    }
    f.text = f.title.clone().unwrap_or(rest);
    f
}

/// Builds a source from an entry, guessing what it does not say. A source with no date gets
/// an empty one, marked guessed: the brief's date fills it once that is known. With it, a
/// date the entry gives that is no day.
pub fn source(number: u32, entry: &RawEntry) -> (Source, Option<String>) {
    let f = fields(&entry.body);
    let mut guessed = BTreeSet::from([Guessed::Lang, Guessed::Kind]);
    let date = f.date.clone().unwrap_or_else(|| {
        guessed.insert(Guessed::Date);
        String::new()
    });
    let text = if entry.excerpt.is_empty() {
        f.text.clone()
    } else {
        entry.excerpt.join("\n\n")
    };
    let lang = guess_lang(&text);
    let kind = guess_kind(&text, f.url.as_deref());
    let source = Source {
        number,
        date: date.into(),
        kind,
        lang: lang.into(),
        url: f.url,
        outlet: f.outlet.map(Into::into),
        author: f.author,
        title: f.title,
        text,
        gloss: None,
        guessed,
    };
    (source, f.impossible_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    fn entries(text: &str) -> Vec<RawEntry> {
        read(text, 0..text.len(), &LineIndex::new(text))
    }

    #[test]
    fn entries_their_numbers_and_excerpts() {
        let e = entries(
            "1. Title. Reuters,\n   2026-03-02. https://x.y/a\n   > \"Said it.\"\n   > Again.\n\n[12] https://x.y\n[^4]: note\n- text - 2026-03-02\n\nplain line\n",
        );
        assert_eq!(e.len(), 5, "{e:?}");
        assert_eq!(e[0].number, Some(1));
        assert_eq!(e[0].body, "Title. Reuters, 2026-03-02. https://x.y/a");
        assert_eq!(e[0].excerpt, vec!["\"Said it.\" Again."]);
        assert_eq!((e[1].number, e[1].line, e[1].col), (Some(12), 6, 1));
        assert_eq!(e[2].body, "note");
        assert_eq!(e[3].number, None);
        assert_eq!(e[4].body, "plain line");
    }

    #[test]
    fn a_date_that_is_no_day_is_kept_out_of_the_outlet_and_said() {
        let f = check(
            "Users agree. Reuters, 2026-13-01. https://x.y/3",
            Some("Users agree"),
            Some("Reuters"),
            None,
        );
        assert_eq!(f.impossible_date.as_deref(), Some("2026-13-01"));
        let f = check(
            "Users agree. Reuters, 2026-03-01. https://x.y/3",
            Some("Users agree"),
            Some("Reuters"),
            Some("2026-03-01"),
        );
        assert_eq!(f.impossible_date, None);
        // Digits in a longer number are no date at all.
        assert_eq!(find_impossible_date("order 12026-13-011"), None);
        assert_eq!(
            find_impossible_date("on 2025-02-30."),
            Some("2025-02-30".into())
        );
        assert_eq!(find_impossible_date("on 2025-02-28."), None);
    }

    fn check(body: &str, title: Option<&str>, outlet: Option<&str>, date: Option<&str>) -> Fields {
        let f = fields(body);
        assert_eq!(f.title.as_deref(), title, "title of {body}");
        assert_eq!(f.outlet.as_deref(), outlet, "outlet of {body}");
        assert_eq!(f.date.as_deref(), date, "date of {body}");
        f
    }

    #[test]
    fn every_reference_style() {
        let f = check(
            "U.S. restricts more Nvidia chip sales to China. Reuters, 2023-10-17. https://www.reuters.com/technology/us-restricts-2023-10-17/",
            Some("U.S. restricts more Nvidia chip sales to China"),
            Some("Reuters"),
            Some("2023-10-17"),
        );
        assert_eq!(f.text, "U.S. restricts more Nvidia chip sales to China");
        assert!(f.url.unwrap().starts_with("https://www.reuters.com/"));
        check(
            "Reuters, 2025-03-12. Northvolt files for bankruptcy in Sweden. https://www.reuters.com/x/",
            Some("Northvolt files for bankruptcy in Sweden"),
            Some("Reuters"),
            Some("2025-03-12"),
        );
        let f = check(
            "[Chip curbs widen to inference parts](https://www.ft.com/content/abc) — Financial Times",
            Some("Chip curbs widen to inference parts"),
            Some("Financial Times"),
            None,
        );
        assert_eq!(f.url.as_deref(), Some("https://www.ft.com/content/abc"));
        let f = check(
            "Doe, J. (2024, March 5). Gulf storms and insurers. Insurance Journal. https://www.insurancejournal.com/news/x",
            Some("Gulf storms and insurers"),
            Some("Insurance Journal"),
            Some("2024-03-05"),
        );
        assert_eq!(f.author.as_deref(), Some("Doe, J."));
        let f = check(
            "https://www.theverge.com/2026/3/4/meta-ai-glasses-kenya-workers",
            None,
            Some("theverge.com"),
            Some("2026-03-04"),
        );
        assert_eq!(f.text, "Meta ai glasses kenya workers");
        let f = check(
            "Meta's AI push, explained #AI @meta - 2026-03-02",
            None,
            None,
            Some("2026-03-02"),
        );
        assert_eq!(f.text, "Meta's AI push, explained #AI @meta");
        let f = check("A note. With two sentences", None, None, None);
        assert_eq!(f.text, "A note. With two sentences");
    }

    #[test]
    fn an_excerpt_is_the_text_and_money_is_news() {
        let e = RawEntry {
            number: Some(1),
            body: "Northvolt raises $5bn. Reuters, 2024-01-02. https://reuters.com/x".into(),
            excerpt: vec!["The $5 billion loan was signed.".into()],
            line: 1,
            col: 1,
        };
        let (s, impossible) = source(1, &e);
        assert_eq!(impossible, None);
        assert_eq!(s.text, "The $5 billion loan was signed.");
        assert_eq!(s.title.as_deref(), Some("Northvolt raises $5bn"));
        assert_eq!(s.kind, SourceKind::News);
        assert!(!s.is_guessed(Guessed::Date));
    }
}
