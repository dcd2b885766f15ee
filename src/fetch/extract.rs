//! A page's readable text and its metadata: the story of an HTML page (readability, falling
//! back to the whole body), the text of a PDF, plain text as it is.

use dom_smoothie::{Config, ParsePolicy, Readability, TextMode};
use serde::{Deserialize, Serialize};

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `og:site_name` or the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// `YYYY-MM-DD`, from `article:published_time` or JSON-LD `datePublished`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// The extracted text and metadata of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub meta: PageMeta,
}

/// Below this many characters a readability result is not the story (a cookie banner, a
/// caption): the whole body is taken instead.
const MIN_STORY_CHARS: usize = 200;

/// The story of an HTML page at `url`.
pub fn html(source: &str, url: &str) -> Page {
    let config = || Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let Ok(mut reader) = Readability::new(source, Some(url), Some(config())) else {
        return Page {
            text: tidy(&strip_tags(source)),
            meta: PageMeta::default(),
        };
    };
    let meta = {
        let m = reader.get_article_metadata(reader.parse_json_ld());
        PageMeta {
            title: non_empty(m.title),
            site_name: m.site_name.and_then(non_empty),
            byline: m.byline.and_then(non_empty),
            published: m.published_time.as_deref().and_then(iso_date),
        }
    };
    let story = reader
        .parse()
        .ok()
        .map(|a| tidy(&a.text_content))
        .filter(|t| t.chars().count() >= MIN_STORY_CHARS);
    let text = story.unwrap_or_else(|| {
        // No story found: the body's text, with only scripts and styles dropped.
        Readability::new(source, Some(url), Some(config()))
            .ok()
            .and_then(|mut r| r.parse_with_policy(ParsePolicy::Raw).ok())
            .map(|a| tidy(&a.text_content))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| tidy(&strip_tags(source)))
    });
    Page { text, meta }
}

/// The text of a PDF. The extractor is pure Rust but was not written for hostile files: a
/// panic inside it is caught and reported as a damaged PDF.
pub fn pdf(bytes: &[u8]) -> Result<Page, PdfError> {
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) if !text.trim().is_empty() => Ok(Page {
            text: tidy(&text),
            meta: PageMeta::default(),
        }),
        Ok(Ok(_)) => Err(PdfError::NoText),
        Ok(Err(e)) => Err(PdfError::Unreadable(e.to_string())),
        Err(_) => Err(PdfError::ExtractorFailed),
    }
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("PDF with no text (a scan?)")]
    NoText,
    #[error("PDF not readable: {0}")]
    Unreadable(String),
    #[error("PDF not readable: the extractor failed on it")]
    ExtractorFailed,
    #[error("PDF over the limit of {0} bytes")]
    TooLarge(u64),
}

/// Plain text, as it is (tidied of runs of blank lines).
pub fn plain(text: &str) -> Page {
    Page {
        text: tidy(text),
        meta: PageMeta::default(),
    }
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `2026-03-02T10:00:00Z` → `2026-03-02`; anything not starting with a date is dropped.
fn iso_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    crate::validate::is_iso_date(d).then(|| d.to_string())
}

/// Lines trimmed, runs of spaces made one, at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&words.join(" "));
    }
    out
}

/// The last resort for markup no parser accepted: tags and the insides of scripts and
/// styles removed, the common entities decoded.
fn strip_tags(source: &str) -> String {
    let mut out = String::with_capacity(source.len() / 2);
    let mut rest = source;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let lower: String = rest
            .chars()
            .take(7)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        let lower_rest = rest.to_ascii_lowercase();
        match lower_rest.find(skip_to) {
            Some(end) => {
                rest = &rest[end + skip_to.len()..];
                out.push(' ');
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_paragraphs_and_drops_runs_of_space() {
        assert_eq!(tidy("  a   b \n\n\n\n c\nd  "), "a b\n\nc\nd");
    }

    #[test]
    fn dates_are_cut_to_the_day() {
        assert_eq!(
            iso_date("2026-03-02T10:00:00+01:00").as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(iso_date("March 2"), None);
    }

    #[test]
    fn markup_no_parser_takes_still_gives_its_words() {
        assert_eq!(
            tidy(&strip_tags(
                "<p>a &amp; b</p><script>x()</script><style>p{}</style>c"
            )),
            "a & b c"
        );
    }

    #[test]
    fn a_broken_pdf_is_an_error_not_a_panic() {
        assert!(pdf(b"%PDF-1.4 garbage").is_err());
    }
}
