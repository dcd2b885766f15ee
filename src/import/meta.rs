//! What a brief says about itself rather than about the world: YAML front matter, and
//! `Date:`, `Prepared 2026-02-20`, `By Jane Doe`, `Author: …` lines at its head. They give
//! the brief's title and date and are never claims: their lines are blanked (same byte
//! length, so every later offset, line and column still points at the original text).

use super::guess::parse_date;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
}

/// Blank a line's bytes in place, keeping its line break.
fn blank(out: &mut [u8], range: std::ops::Range<usize>) {
    for b in &mut out[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

fn unquote(v: &str) -> String {
    v.trim().trim_matches(['"', '\'']).trim().to_string()
}

/// `**Date:** 2026-02-20` -> `Date: 2026-02-20`: emphasis around a metadata line.
fn plain(line: &str) -> String {
    line.replace(['*', '_'], "").trim().to_string()
}

/// A date line: `Date: …`, `Prepared 2026-02-20`, `Prepared by X on …`, `Published …`,
/// `Updated …`, `As of …`, with a date in it.
fn date_line(t: &str) -> Option<String> {
    let lower = t.to_lowercase();
    let keyed = ["date", "prepared", "published", "updated", "as of", "dated"]
        .iter()
        .any(|k| lower.starts_with(k));
    (keyed && t.split_whitespace().count() <= 12)
        .then(|| parse_date(t))
        .flatten()
}

/// A byline: `By Jane Doe`, `By Jane Doe and John Roe`, `Author: …`, `Authors: …`,
/// `Prepared by …`. A sentence starting "By 2026, …" is not one: names have no digits.
fn byline(t: &str) -> Option<String> {
    let lower = t.to_lowercase();
    for key in ["authors:", "author:", "prepared by", "written by", "by "] {
        if lower.starts_with(key) {
            let name = t[key.len()..].trim().trim_start_matches(':').trim();
            let words: Vec<&str> = name.split_whitespace().collect();
            let namelike = !words.is_empty()
                && words.len() <= 8
                && !name.chars().any(|c| c.is_ascii_digit())
                && (!name.ends_with(['.', '!', '?']) || name.ends_with(" Jr."))
                && words[0].chars().next().is_some_and(char::is_uppercase);
            return namelike.then(|| name.to_string());
        }
    }
    None
}

/// Reads and blanks the front matter and the metadata lines at the head of `text`.
pub fn extract(text: &str) -> (Meta, String) {
    let mut meta = Meta::default();
    let mut out = text.as_bytes().to_vec();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    // YAML front matter: `---` on the first line, up to the next `---` (or `...`).
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        let body: Vec<&str> = text.split_inclusive('\n').skip(1).collect();
        if let Some(end) = body
            .iter()
            .position(|l| matches!(l.trim_end(), "---" | "..."))
        {
            for l in &body[..end] {
                if let Some((k, v)) = l.split_once(':') {
                    match k.trim().to_lowercase().as_str() {
                        "title" if meta.title.is_none() => meta.title = Some(unquote(v)),
                        "date" | "prepared" | "published" if meta.date.is_none() => {
                            meta.date = parse_date(v);
                        }
                        "author" | "authors" | "by" if meta.author.is_none() => {
                            meta.author = Some(unquote(v));
                        }
                        _ => {}
                    }
                }
            }
            let len: usize = text.split_inclusive('\n').take(end + 2).map(str::len).sum();
            blank(&mut out, 0..len);
            offset = len;
            for _ in 0..end + 2 {
                lines.next();
            }
        }
    }
    // Metadata lines near the head: after the title, before the prose. At most a dozen
    // lines are looked at, and the first line of prose ends the search.
    let mut seen = 0;
    for line in lines {
        let at = offset;
        offset += line.len();
        let t = plain(line.trim());
        if t.is_empty() || t.starts_with('#') || t.chars().all(|c| matches!(c, '=' | '-')) {
            continue;
        }
        seen += 1;
        if let Some(d) = date_line(&t) {
            meta.date.get_or_insert(d);
            blank(&mut out, at..at + line.len());
        } else if let Some(name) = byline(&t) {
            meta.author.get_or_insert(name);
            blank(&mut out, at..at + line.len());
        } else if seen > 2
            || t.split_whitespace().count() > 12
            || !crate::cite::parse(&t).is_empty()
        {
            break;
        }
        if seen >= 12 {
            break;
        }
    }
    let blanked = String::from_utf8(out).expect("only ASCII bytes of whole lines were replaced");
    (meta, blanked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_head_lines() {
        let text = "---\ntitle: \"Chips\"\ndate: 2026-02-20\nauthor: Jane Doe\n---\n# Chips\n\nBody [1].\n";
        let (m, out) = extract(text);
        assert_eq!(m.title.as_deref(), Some("Chips"));
        assert_eq!(m.date.as_deref(), Some("2026-02-20"));
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with("   \n"));
        assert!(out.ends_with("# Chips\n\nBody [1].\n"));

        let text =
            "# T\n\nBy Jane Doe\n**Prepared** 20 February 2026\n\nBy 2026, sales doubled [1].\n";
        let (m, out) = extract(text);
        assert_eq!(m.author.as_deref(), Some("Jane Doe"));
        assert_eq!(m.date.as_deref(), Some("2026-02-20"));
        assert!(out.contains("By 2026, sales doubled"), "{out}");
        assert!(!out.contains("Jane"));
    }

    #[test]
    fn prose_is_left_alone() {
        let text = "Meta rose [1]. Date: 2026-01-02 was the day.\nDate: 2026-02-02\n";
        let (m, out) = extract(text);
        assert_eq!(
            m.date, None,
            "a cited sentence is prose: the head ends there"
        );
        assert_eq!(out, text);
    }
}
