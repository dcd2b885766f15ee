//! Sources from the web: the pages a brief cites, fetched on request (the only network use
//! in briefbench), their readable text extracted and kept in a cache in the data dir, and
//! that text lent to sources that have none of their own.
//!
//! `url_key` names a page, `http` gets it, `robots` says whether we may, `decode` and
//! `extract` make text of it, `cache` keeps it, `run` does many at once, `texts` lends the
//! cached text to a loaded brief. Nothing here knows of the terminal.

pub mod cache;
pub mod decode;
pub mod extract;
pub mod http;
pub mod robots;
pub mod run;
pub mod texts;
pub mod url_key;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use url::Url;

pub use cache::{Cache, Entry};
pub use run::{Options, Outcome, run};
pub use texts::{FetchedTexts, TextOrigin};

/// Why a page gave no text. Its message is what the analyst reads (and what the cache keeps).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("{}", status_text(*.code, .note))]
    Status { code: u16, note: String },
    #[error("timed out after {0} s")]
    Timeout(f64),
    #[error("more than 10 redirects (a redirect loop?)")]
    Redirects,
    #[error("disallowed by robots.txt (--ignore-robots fetches it anyway)")]
    Robots,
    #[error("not text: {0}")]
    NotText(String),
    #[error(transparent)]
    Pdf(#[from] extract::PdfError),
    #[error(transparent)]
    BadUrl(#[from] url_key::UrlError),
    #[error("network: {0}")]
    Network(String),
}

fn status_text(code: u16, note: &str) -> String {
    let reason = ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("HTTP {code} {reason}{note}").replace("  ", " ")
}

/// robots.txt per host, fetched once per run however many pages the host serves.
#[derive(Default)]
pub struct RobotsBook {
    hosts: Mutex<HashMap<String, Arc<OnceLock<robots::Robots>>>>,
}

impl RobotsBook {
    /// Whether `url` may be fetched, asking its host's robots.txt the first time.
    pub fn allows(&self, client: &http::Client, url: &Url) -> bool {
        let cell = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts.entry(url_key::host_key(url)).or_default().clone()
        };
        let rules = cell.get_or_init(|| {
            let mut at = url.clone();
            at.set_path("/robots.txt");
            at.set_query(None);
            match client.get(at.as_str()) {
                Ok(r) => robots::Robots::parse(
                    &decode::decode(&r.body, r.content_type.as_deref(), false),
                    "briefbench",
                ),
                // RFC 9309: a server error means "assume everything is disallowed".
                Err(FetchError::Status {
                    code: 500..=599, ..
                }) => robots::Robots::deny_all(),
                // A 4xx is "no rules"; a host that does not answer will fail the page too.
                Err(_) => robots::Robots::allow_all(),
            }
        });
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        rules.allows(&path)
    }
}

/// Fetches one page (robots.txt permitting) and makes its cache entry: text and metadata,
/// or the error.
pub fn fetch_page(client: &http::Client, robots: Option<&RobotsBook>, url: &Url) -> Entry {
    let mut entry = Entry::new(url.as_str());
    let result = fetch_text(client, robots, url, &mut entry);
    if let Err(e) = result {
        entry.error = Some(e.to_string());
        entry.text = None;
        if let FetchError::Status { code, .. } = e {
            entry.status = code;
        }
    }
    entry
}

fn fetch_text(
    client: &http::Client,
    robots: Option<&RobotsBook>,
    url: &Url,
    entry: &mut Entry,
) -> Result<(), FetchError> {
    if let Some(book) = robots
        && !book.allows(client, url)
    {
        return Err(FetchError::Robots);
    }
    let r = client.get(url.as_str())?;
    entry.final_url = r.final_url.clone();
    entry.status = r.status;
    entry.content_type = r.content_type.clone();
    entry.truncated = r.truncated;
    let page = match Kind::of(r.content_type.as_deref(), &r.body) {
        Kind::Html => extract::html(
            &decode::decode(&r.body, r.content_type.as_deref(), true),
            &r.final_url,
        ),
        Kind::Plain => extract::plain(&decode::decode(&r.body, r.content_type.as_deref(), false)),
        Kind::Pdf if r.truncated => {
            return Err(FetchError::Pdf(extract::PdfError::TooLarge(
                client.limits.max_bytes,
            )));
        }
        Kind::Pdf => extract::pdf(&r.body)?,
        Kind::Other(ct) => return Err(FetchError::NotText(ct)),
    };
    entry.text = Some(page.text);
    entry.meta = page.meta;
    Ok(())
}

/// What a body is, by its Content-Type, else by its first bytes.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Html,
    Plain,
    Pdf,
    Other(String),
}

impl Kind {
    fn of(content_type: Option<&str>, body: &[u8]) -> Kind {
        let mime = content_type
            .and_then(|c| c.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .unwrap_or_default();
        match mime.as_str() {
            "text/html" | "application/xhtml+xml" => Kind::Html,
            "application/pdf" => Kind::Pdf,
            "text/plain" | "text/markdown" => Kind::Plain,
            "" | "application/octet-stream" | "binary/octet-stream" => Kind::sniff(body, &mime),
            other => Kind::Other(other.to_string()),
        }
    }

    fn sniff(body: &[u8], mime: &str) -> Kind {
        let head = &body[..body.len().min(1024)];
        let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
        if head.starts_with(b"%PDF-") {
            Kind::Pdf
        } else if memchr::memmem::find(&lower, b"<html").is_some()
            || memchr::memmem::find(&lower, b"<!doctype html").is_some()
        {
            Kind::Html
        } else if !head.contains(&0) && std::str::from_utf8(head).is_ok() && !head.is_empty() {
            Kind::Plain
        } else if mime.is_empty() {
            Kind::Other("binary data with no content type".into())
        } else {
            Kind::Other(mime.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_told_apart_by_type_then_bytes() {
        assert_eq!(Kind::of(Some("text/html; charset=utf-8"), b""), Kind::Html);
        assert_eq!(Kind::of(None, b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(Kind::of(None, b"<!DOCTYPE html><p>x"), Kind::Html);
        assert_eq!(
            Kind::of(Some("application/octet-stream"), b"\x00\x01\x02"),
            Kind::Other("application/octet-stream".into())
        );
        assert_eq!(
            Kind::of(Some("image/png"), b"\x89PNG"),
            Kind::Other("image/png".into())
        );
    }

    #[test]
    fn errors_say_what_happened() {
        let e = FetchError::Status {
            code: 404,
            note: String::new(),
        };
        assert_eq!(e.to_string(), "HTTP 404 Not Found");
        let e = FetchError::Status {
            code: 429,
            note: " (after 3 tries)".into(),
        };
        assert_eq!(e.to_string(), "HTTP 429 Too Many Requests (after 3 tries)");
    }
}
