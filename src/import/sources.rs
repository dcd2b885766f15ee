//! Source list entries as research tools write them, and the guesses made about them.
//!
//! Understood: `- text - 2026-03-02` (the seed's layout), `1. Title. Outlet, 2026-03-02.
//! https://…`, `[3] https://…`, and footnote definitions `[^3]: text or URL`. A source
//! given only as a URL gets its host as outlet and a title made from the words of its path.

use crate::model::{Source, SourceKind};

/// One entry of a source list, before it becomes a [`Source`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The number it was given, if any (`1.`, `[1]`, `[^1]:`); else its place in the list.
    pub number: Option<u32>,
    pub body: String,
    /// 1-based line in the input.
    pub line: usize,
}

/// Reads the number off a list line: `1. x`, `1) x`, `[1] x`, `[^1]: x`, `- x` (none).
pub fn entry(line: &str, at: usize) -> Option<Entry> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let numbered = |digits: &str, rest: &str| -> Option<Entry> {
        let n: u32 = digits.parse().ok()?;
        Some(Entry {
            number: Some(n),
            body: rest.trim().to_string(),
            line: at,
        })
    };
    if let Some(rest) = t.strip_prefix("[^").or_else(|| t.strip_prefix('['))
        && let Some((digits, rest)) = rest.split_once(']')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return numbered(digits, rest.trim_start_matches(':'));
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty()
        && (t[digits.len()..].starts_with(". ") || t[digits.len()..].starts_with(") "))
    {
        return numbered(&digits, &t[digits.len() + 2..]);
    }
    let body = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t);
    Some(Entry {
        number: None,
        body: body.trim().to_string(),
        line: at,
    })
}

/// Builds a source from an entry's text, guessing what it does not say.
pub fn source(number: u32, body: &str, fallback_date: &str) -> Source {
    let mut text = body.trim().to_string();
    let mut guessed = Vec::new();
    // The seed's layout: text, then " - 2026-03-02" at the end.
    let mut date = None;
    if let Some((head, tail)) = text.rsplit_once(" - ")
        && crate::validate::is_iso_date(tail.trim())
    {
        date = Some(tail.trim().to_string());
        text = head.to_string();
    }
    let last = text.split_whitespace().last().unwrap_or("");
    let url = (last.starts_with("http://") || last.starts_with("https://"))
        .then(|| last.trim_end_matches([',', ')', ']']).to_string());
    let mut outlet = None;
    if url.as_deref().is_some_and(|u| u == text.trim()) {
        // Only a URL: the host is the outlet, the path's words are the title.
        let u = url.clone().unwrap_or_default();
        outlet = host(&u);
        text = title_from_path(&u).unwrap_or_else(|| u.clone());
    } else if url.is_some() || find_date(&text).is_some() {
        // "Title. Outlet, 2026-03-03. URL": a citation, not a post's own words (a post keeps
        // its text exactly, links and "..." included).
        let rest = match &url {
            Some(_) => text[..text.len() - last.len()].trim_end().to_string(),
            None => text.clone(),
        };
        let parts: Vec<&str> = rest
            .split(". ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() >= 2 && (url.is_some() || find_date(parts[1]).is_some()) {
            let candidate = parts[1]
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('.');
            if !candidate.is_empty()
                && candidate.split_whitespace().count() <= 5
                && find_date(candidate).is_none()
            {
                outlet = Some(candidate.to_string());
            }
            text = parts[0].to_string();
        } else if url.is_some() {
            text = rest;
        }
    }
    if date.is_none() {
        date = find_date(body);
    }
    let date = date.unwrap_or_else(|| {
        guessed.push("date".to_string());
        fallback_date.to_string()
    });
    let lang = guess_lang(&text);
    guessed.push("lang".to_string());
    let kind = guess_kind(&text, url.as_deref());
    guessed.push("kind".to_string());
    Source {
        number,
        date,
        kind,
        lang: lang.to_string(),
        url,
        outlet,
        author: None,
        text,
        gloss: None,
        guessed,
    }
}

/// The host of a URL, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// A title from the last meaningful segment of a URL's path:
/// `…/technology/meta-tests-shopping-feature-2026-03-03/` -> "Meta tests shopping feature".
pub fn title_from_path(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.split_once('/')?.1.split(['?', '#']).next()?;
    let segment = path
        .split('/')
        .rev()
        .find(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 3)?;
    let segment = segment
        .rsplit_once('.')
        .filter(|(_, ext)| ext.len() <= 4)
        .map_or(segment, |(s, _)| s);
    let words: Vec<&str> = segment
        .split(['-', '_', '+'])
        .filter(|w| !is_noise(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    Some(title)
}

/// Path words that are not words: empty, numbers, long hex ids.
fn is_noise(w: &str) -> bool {
    let hex_id = w.len() > 12 && w.chars().all(|c| c.is_ascii_hexdigit());
    w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) || hex_id
}

/// The first ISO date in the text.
fn find_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = text.get(i..i + 10)?;
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        (before_ok && crate::validate::is_iso_date(s)).then(|| s.to_string())
    })
}

/// A guess at the language: by script, then by common words.
pub fn guess_lang(text: &str) -> &'static str {
    let mut counts = [0usize; 6]; // kana, han, hangul, cyrillic, greek, arabic
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => counts[0] += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => counts[1] += 1,
            0xAC00..=0xD7AF => counts[2] += 1,
            0x0400..=0x04FF => counts[3] += 1,
            0x0370..=0x03FF => counts[4] += 1,
            0x0600..=0x06FF => counts[5] += 1,
            _ => {}
        }
    }
    if counts[0] > 0 {
        return "ja";
    }
    let scripts = [(1, "zh"), (2, "ko"), (3, "ru"), (4, "el"), (5, "ar")];
    if let Some((_, lang)) = scripts
        .iter()
        .filter(|(k, _)| counts[*k] >= 2)
        .max_by_key(|(k, _)| counts[*k])
    {
        return lang;
    }
    const WORDS: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "of", "to", "is", "for", "with", "on", "that", "are", "as", "how",
                "what", "an", "by", "from", "it", "this", "has", "was", "will", "says", "after",
            ],
        ),
        (
            "de",
            &[
                "der", "die", "das", "und", "ist", "nicht", "mit", "für", "den", "von", "eine",
                "ein", "auf", "dem", "sich", "auch", "nach", "wird", "werden", "könnte", "zu",
                "im", "bei", "aus", "über", "laut", "sagen",
            ],
        ),
        (
            "nl",
            &[
                "de",
                "het",
                "een",
                "en",
                "van",
                "niet",
                "voor",
                "met",
                "die",
                "zijn",
                "op",
                "mensen",
                "onderzoekt",
            ],
        ),
        (
            "it",
            &[
                "il", "di", "che", "non", "per", "una", "della", "sono", "gli", "nel", "ha", "da",
                "dei",
            ],
        ),
        (
            "fr",
            &[
                "le", "la", "les", "des", "et", "est", "pour", "une", "dans", "du", "sur", "au",
                "pas",
            ],
        ),
        (
            "es",
            &[
                "el", "los", "las", "que", "por", "para", "una", "del", "con", "es", "su", "al",
            ],
        ),
        (
            "pt",
            &[
                "não", "uma", "para", "com", "os", "as", "do", "da", "em", "que", "é",
            ],
        ),
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let best = WORDS
        .iter()
        .map(|(lang, list)| {
            (
                lang,
                words.iter().filter(|w| list.contains(&w.as_str())).count(),
            )
        })
        .max_by_key(|&(lang, n)| (n, *lang == "en"));
    match best {
        Some((lang, n)) if n > 0 => lang,
        _ => "en",
    }
}

/// Hashtags, @mentions and $TICKERS mean a social post; anything else reads as news.
pub fn guess_kind(text: &str, _url: Option<&str>) -> SourceKind {
    let social = text.split_whitespace().any(|w| {
        let mut cs = w.chars();
        matches!(cs.next(), Some('#' | '@' | '$')) && cs.next().is_some_and(char::is_alphanumeric)
    });
    if social {
        SourceKind::Social
    } else {
        SourceKind::News
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_their_numbers() {
        assert_eq!(entry("1. Title", 3).unwrap().number, Some(1));
        assert_eq!(entry("[12] https://x.y", 3).unwrap().number, Some(12));
        assert_eq!(entry("[^4]: note", 3).unwrap().body, "note");
        assert_eq!(entry("- text - 2026-03-02", 3).unwrap().number, None);
        assert!(entry("   ", 3).is_none());
    }

    #[test]
    fn the_seeds_layout() {
        let s = source(
            2,
            "Das Landgericht Berlin verbietet den Datentransfer von #WhatsApp-Nutzerdaten an Facebook basierend a... - 2026-03-01",
            "2026-03-08",
        );
        assert_eq!(s.date, "2026-03-01");
        assert_eq!(s.lang, "de");
        assert_eq!(s.kind, SourceKind::Social);
        assert!(s.text.ends_with("basierend a..."));
        assert!(s.is_guessed("lang") && s.is_guessed("kind") && !s.is_guessed("date"));
    }

    #[test]
    fn title_outlet_date_url() {
        let s = source(
            1,
            "Meta tests shopping feature in AI tool. Reuters, 2026-03-03. https://www.reuters.com/tech/meta-tests-shopping-2026-03-03/",
            "2026-03-08",
        );
        assert_eq!(s.text, "Meta tests shopping feature in AI tool");
        assert_eq!(s.outlet.as_deref(), Some("Reuters"));
        assert_eq!(s.date, "2026-03-03");
        assert_eq!(
            s.url.as_deref(),
            Some("https://www.reuters.com/tech/meta-tests-shopping-2026-03-03/")
        );
    }

    #[test]
    fn a_bare_url() {
        let s = source(
            3,
            "https://www.theverge.com/2026/3/4/24091234/meta-ai-glasses-kenya-workers.html",
            "2026-03-08",
        );
        assert_eq!(s.outlet.as_deref(), Some("theverge.com"));
        assert_eq!(s.text, "Meta ai glasses kenya workers");
        assert_eq!(s.date, "2026-03-08");
        assert!(s.is_guessed("date"));
    }

    #[test]
    fn languages_by_script_and_words() {
        assert_eq!(guess_lang("リトにブックマークを登録しました"), "ja");
        assert_eq!(guess_lang("Meta 進軍 AI 硬體市場"), "zh");
        assert_eq!(guess_lang("Я попробовал помощника"), "ru");
        assert_eq!(
            guess_lang("Meta onderzoekt AI-profielen die mensen met een handicap"),
            "nl"
        );
        assert_eq!(
            guess_lang("Inchiesta di Svenska Dagbladet: in Kenya dipendenti"),
            "it"
        );
        assert_eq!(
            guess_lang("Kenyan workers training Meta's AI glasses"),
            "en"
        );
    }
}
