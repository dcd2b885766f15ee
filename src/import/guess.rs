//! Guesses about a source from what little it gives: its language, its kind, its outlet
//! from a URL's host, a title from a URL's path, and dates written as people write them.

use crate::model::SourceKind;

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
pub fn find_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = text.get(i..i + 10)?;
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        (before_ok && crate::validate::is_iso_date(s)).then(|| s.to_string())
    })
}

/// A date written as `YYYY-MM-DD` (digits in that shape, not inside a longer number) that
/// is no day of the calendar: `2026-13-01`, `2025-02-30`. A reference that gives one meant
/// a date, and said it wrong.
pub fn find_impossible_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let shaped = |s: &[u8]| {
        s.len() == 10
            && s.iter().enumerate().all(|(k, c)| {
                if k == 4 || k == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &b[i..i + 10];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        let s = std::str::from_utf8(s).ok()?;
        (alone && shaped(s.as_bytes()) && !crate::validate::is_iso_date(s)).then(|| s.to_string())
    })
}

/// A guess at the language (ISO 639-1), by whatlang's trigram models and scripts. A source
/// is often a headline or a post: its @mentions, #hashtags, $TICKERS, URLs and capitals
/// (`META`, `AI`) are no language and are left out first. Kana is Japanese's alone: a text
/// whose kana and Han characters are a fifth of its letters or more is Japanese (a post's
/// Latin hashtags, left out, cannot outnumber it), while a Japanese name or quote in an English
/// page is not (it was, when kana anywhere made Japanese: a fetched English article was then
/// `ja`, and unreadable to the assessment). A guess in another script stands. A Latin one
/// stands when whatlang holds it reliable, against every language or against English alone;
/// else the source is English, the briefs' own language: on a few words whatlang half-
/// suspects French or Swedish in English headlines ("How is Meta Stock Doing?"), but never
/// reliably so, while the seed's Dutch, German and Italian headlines are reliable against
/// English.
pub fn guess_lang(text: &str) -> &'static str {
    use whatlang::{Detector, Lang, Script};
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            !(w.starts_with(['@', '#', '$', '['])
                || w.contains("://")
                || (w.len() > 1 && w.chars().all(|c| !c.is_ascii_lowercase() && c.is_ascii())))
        })
        .collect();
    let words = words.join(" ");
    if is_japanese(&words) {
        return "ja";
    }
    let Some(info) = whatlang::detect(&words) else {
        return "en";
    };
    let trusted = info.script() != Script::Latin
        || info.is_reliable()
        || Detector::with_allowlist(vec![info.lang(), Lang::Eng])
            .detect(&words)
            .is_some_and(|duel| duel.lang() == info.lang() && duel.is_reliable());
    match iso_639_1(info.lang()) {
        Some(code) if trusted => code,
        _ => "en",
    }
}

/// Whether `text` has kana, and kana and Han characters make a fifth of its letters or more.
fn is_japanese(text: &str) -> bool {
    let is_kana = |c: char| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}');
    let is_han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    let (mut kana, mut han, mut letters) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        kana += usize::from(is_kana(c));
        han += usize::from(is_han(c));
    }
    kana > 0 && (kana + han) * 5 >= letters
}

/// The two-letter code of a language whatlang knows (it names them by three, ISO 639-3);
/// none for Esperanto-like cases the model's `lang` field does not use.
fn iso_639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
        Epo => "eo",
        Tuk => "tk",
    })
}

/// Hashtags, @mentions and $TICKERS (or a social network's URL) mean a social post; anything
/// else reads as news. `$5`, `$5bn` and `$5 billion` are money: a ticker starts with a letter,
/// and so must a hashtag (`#1` is a rank).
pub fn guess_kind(text: &str, url: Option<&str>) -> SourceKind {
    let social = text.split_whitespace().any(|w| {
        let mut cs = w.chars();
        match cs.next() {
            Some('@') => cs.next().is_some_and(char::is_alphanumeric),
            Some('#') => cs.next().is_some_and(char::is_alphabetic),
            Some('$') => {
                let rest: String = cs
                    .take_while(|c| c.is_alphanumeric() || *c == '.')
                    .collect();
                !rest.is_empty()
                    && rest.len() <= 6
                    && rest.chars().all(|c| c.is_ascii_uppercase() || c == '.')
            }
            _ => false,
        }
    });
    let social_host = url.and_then(host).is_some_and(|h| {
        const HOSTS: &[&str] = &[
            "twitter.com",
            "x.com",
            "facebook.com",
            "instagram.com",
            "t.me",
            "reddit.com",
            "threads.net",
            "tiktok.com",
            "bsky.app",
            "mastodon.social",
            "weibo.com",
            "linkedin.com",
        ];
        HOSTS
            .iter()
            .any(|s| h == *s || h.ends_with(&format!(".{s}")))
    });
    if social || social_host {
        SourceKind::Social
    } else {
        SourceKind::News
    }
}

/// `October`, `Oct`, `Sept` -> 10, 10, 9 (the analysis's one table of months).
fn month(word: &str) -> Option<u32> {
    crate::support::month_number(&word.to_lowercase())
}

/// The first date in the text, as `YYYY-MM-DD`: `2023-10-17`, `17 October 2023`,
/// `Oct. 17, 2023`, `2023, October 17`, `2023/10/17`.
pub fn parse_date(text: &str) -> Option<String> {
    if let Some(d) = find_date(text) {
        return Some(d);
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(400)
        .collect();
    let num = |w: &str, max: u32| -> Option<u32> {
        (w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
            .filter(|n| (1..=max).contains(n))
    };
    let year = |w: &str| num(w, 2999).filter(|y| *y >= 1900 && w.len() == 4);
    for win in words.windows(3) {
        let (y, m, d) = if let (Some(d), Some(m), Some(y)) =
            (num(win[0], 31), month(win[1]), year(win[2]))
        {
            (y, m, d)
        } else if let (Some(m), Some(d), Some(y)) = (month(win[0]), num(win[1], 31), year(win[2])) {
            (y, m, d)
        } else if let (Some(y), Some(m), Some(d)) = (year(win[0]), month(win[1]), num(win[2], 31)) {
            (y, m, d)
        } else if let (Some(y), Some(m), Some(d)) = (year(win[0]), num(win[1], 12), num(win[2], 31))
        {
            (y, m, d)
        } else {
            continue;
        };
        let iso = format!("{y:04}-{m:02}-{d:02}");
        if crate::validate::is_iso_date(&iso) {
            return Some(iso);
        }
    }
    None
}

/// A date in a URL's path: `/2023/08/29/`, `/2023/aug/31/`, `-2023-08-30`.
pub fn date_in_url(url: &str) -> Option<String> {
    if let Some(d) = find_date(url) {
        return Some(d);
    }
    let path = url.split_once("://")?.1.split_once('/')?.1;
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).find_map(|w| {
        let y: u32 = (w[0].len() == 4).then(|| w[0].parse().ok()).flatten()?;
        let m = w[1].parse::<u32>().ok().or_else(|| month(w[1]))?;
        let d: u32 = (w[2].len() <= 2).then(|| w[2].parse().ok()).flatten()?;
        let iso = format!("{y:04}-{m:02}-{d:02}");
        crate::validate::is_iso_date(&iso).then_some(iso)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_write_them() {
        for (text, want) in [
            ("Reuters, 2023-10-17.", "2023-10-17"),
            ("17 October 2023", "2023-10-17"),
            ("Oct. 17, 2023", "2023-10-17"),
            ("(2023, October 17)", "2023-10-17"),
            ("Prepared 2026/02/20", "2026-02-20"),
            ("Sept 3, 2024", "2024-09-03"),
        ] {
            assert_eq!(parse_date(text).as_deref(), Some(want), "{text}");
        }
        for text in ["in 2023", "May we go", "Mayday 5, 2023"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(
            date_in_url("https://www.theguardian.com/us-news/2023/aug/31/idalia").as_deref(),
            Some("2023-08-31")
        );
        assert_eq!(
            date_in_url("https://www.nytimes.com/2023/08/29/us/x.html").as_deref(),
            Some("2023-08-29")
        );
        assert_eq!(
            date_in_url("https://en.wikipedia.org/wiki/Hurricane_Ida"),
            None
        );
    }

    #[test]
    fn money_is_not_a_ticker() {
        for t in [
            "Raised $5 in a day",
            "a $5bn deal",
            "$5 billion",
            "$9.36bn",
            "#1 seller",
        ] {
            assert_eq!(guess_kind(t, None), SourceKind::News, "{t}");
        }
        for t in ["$META up 3%", "Shares of $BRK.B", "#AI news", "via @svd"] {
            assert_eq!(guess_kind(t, None), SourceKind::Social, "{t}");
        }
        assert_eq!(
            guess_kind("A post", Some("https://x.com/someone/status/1")),
            SourceKind::Social
        );
    }

    #[test]
    fn languages_by_script_and_trigrams() {
        assert_eq!(guess_lang("リトにブックマークを登録しました"), "ja");
        // Latin hashtags and names around it do not outvote it.
        assert_eq!(
            guess_lang("MetaのAIグラス、ケニアで学習 #Meta #AI #RayBan #SmartGlasses"),
            "ja"
        );
        // A Japanese name in an English article is English.
        assert_eq!(
            guess_lang(
                "Meta said on Tuesday that its glasses, sold in Japan as レイバン・メタ, will reach \
                 more countries this year, while its AI assistant learns to read menus and signs."
            ),
            "en"
        );
        assert_eq!(guess_lang("Meta 進軍 AI 硬體市場"), "zh");
        assert_eq!(guess_lang("Я попробовал помощника"), "ru");
        assert_eq!(
            guess_lang(
                "Het onderzoek van Meta naar profielen die mensen met een handicap beledigen is nog niet afgerond"
            ),
            "nl"
        );
        assert_eq!(
            guess_lang(
                "Inchiesta di Svenska Dagbladet: in Kenya i dipendenti rivedono e taggano i video degli occhiali"
            ),
            "it"
        );
        assert_eq!(
            guess_lang("Kenyan workers training Meta's AI glasses"),
            "en"
        );
        // Too short to tell: English, not the Swedish whatlang half-suspects.
        assert_eq!(guess_lang("How is Meta Stock Doing?"), "en");
        assert_eq!(
            guess_lang("Das Landgericht Berlin verbietet den Datentransfer"),
            "de"
        );
        assert_eq!(guess_lang("Meta 進軍 AI 硬體市場 #meta"), "zh");
    }
}
