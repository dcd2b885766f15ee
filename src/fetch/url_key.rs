//! The cache key of a URL: two spellings of one page (`HTTP://Example.com:80/a#top`,
//! `http://example.com/a`) share one cache file, whichever brief cites it.

use url::Url;

/// Query parameters that track a click and never change the page.
const TRACKERS: [&str; 7] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
];

/// Why a source's URL is not fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("not a URL ({0})")]
    NotAUrl(#[from] url::ParseError),
    #[error("not an http(s) URL: {0} links are not fetched")]
    NotHttp(String),
    #[error("not a URL (no host)")]
    NoHost,
}

/// The URL as fetched and as keyed: http(s) only, scheme and host lower-cased, the default
/// port and the fragment dropped, tracking parameters removed.
pub fn normalise(raw: &str) -> Result<Url, UrlError> {
    let mut url = Url::parse(raw.trim())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::NotHttp(url.scheme().to_string()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UrlError::NoHost);
    }
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !TRACKERS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Ok(url)
}

/// The cache file's name for a normalised URL: a 64-bit FNV-1a hash in hex. The entry
/// holds its URL too, so a collision reads as a miss, never as another page's text.
pub fn file_name(normalised: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalised.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}.json")
}

/// `host:port`, the unit of politeness (at most two requests at once to one).
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_page_share_a_key() {
        let a = normalise("HTTP://Example.COM:80/a/b?utm_source=x#top").unwrap();
        let b = normalise("http://example.com/a/b").unwrap();
        assert_eq!(a.as_str(), b.as_str());
        assert_eq!(file_name(a.as_str()), file_name(b.as_str()));
    }

    #[test]
    fn a_query_that_matters_is_kept() {
        let a = normalise("https://x.org/p?id=3&utm_medium=m").unwrap();
        assert_eq!(a.as_str(), "https://x.org/p?id=3");
        assert_ne!(
            file_name(a.as_str()),
            file_name(normalise("https://x.org/p?id=4").unwrap().as_str())
        );
    }

    #[test]
    fn only_web_urls_are_fetched() {
        assert_eq!(
            normalise("file:///etc/passwd"),
            Err(UrlError::NotHttp("file".into()))
        );
        assert!(matches!(normalise("not a url"), Err(UrlError::NotAUrl(_))));
    }
}
