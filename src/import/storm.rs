//! STORM's output folder (stanford-oval/storm): the article,
//! `storm_gen_article_polished.txt` or `storm_polished_article.txt` (`# name` headings, a
//! paragraph a line, markers `[n]`), and `url_to_info.json`, which maps each URL to its
//! citation number (`url_to_unified_index`) and gives what the system read there
//! (`url_to_info`: `title`, `description`, `snippets`). A source's text is its snippets,
//! joined in order: the words the article was written from, which is what a claim should be
//! checked against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::guess::{date_in_url, guess_kind, guess_lang, host, title_from_path};
use super::lines::LineIndex;
use super::{ImportError, read_text};
use std::collections::BTreeSet;

use crate::model::{Guessed, Source};
use crate::validate::Diagnostic;

/// The article's names, newest STORM first.
const ARTICLES: [&str; 2] = [
    "storm_gen_article_polished.txt",
    "storm_polished_article.txt",
];
const INFO: &str = "url_to_info.json";

/// The article of a STORM folder, if `dir` is one (it has an article and `url_to_info.json`).
/// Either may be any file but a folder (a link to a device, a pipe): the read refuses what
/// never ends, rather than the folder being silently taken for a library.
pub fn article(dir: &Path) -> Option<PathBuf> {
    if !dir.is_dir() || !super::is_readable_file(&dir.join(INFO)) {
        return None;
    }
    ARTICLES
        .iter()
        .map(|a| dir.join(a))
        .find(|p| super::is_readable_file(p))
}

#[derive(Debug, Deserialize)]
struct Info {
    #[serde(default)]
    url_to_unified_index: BTreeMap<String, u32>,
    #[serde(default)]
    url_to_info: BTreeMap<String, UrlInfo>,
}

#[derive(Debug, Deserialize, Default)]
struct UrlInfo {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    snippets: Vec<String>,
}

/// The sources of a STORM folder, with warnings for what its JSON leaves out.
pub fn sources(dir: &Path) -> Result<(Vec<Source>, Vec<Diagnostic>), ImportError> {
    let path = dir.join(INFO);
    let text = read_text(&path)?;
    sources_from_json(&text, &path.display().to_string())
}

/// The sources in the text of a `url_to_info.json`; `name` is used in messages.
pub fn sources_from_json(
    text: &str,
    name: &str,
) -> Result<(Vec<Source>, Vec<Diagnostic>), ImportError> {
    let name = name.to_string();
    let info: Info = serde_json::from_str(text).map_err(|e| ImportError {
        path: name.clone(),
        line: Some(e.line()),
        col: Some(e.column()),
        message: format!("not STORM's url_to_info.json: {e}"),
    })?;
    let lines = LineIndex::new(text);
    let locate = |url: &str| {
        let at = text
            .find(&serde_json::to_string(url).unwrap_or_default())
            .unwrap_or(0);
        lines.position(at)
    };
    let mut warnings = Vec::new();
    let mut by_number: BTreeMap<u32, Source> = BTreeMap::new();
    for (url, &n) in &info.url_to_unified_index {
        let (line, col) = locate(url);
        if let Some(first) = by_number.get(&n) {
            warnings.push(
                Diagnostic::warning(
                    "repeated-source",
                    format!(
                        "citation {n} is mapped to two URLs ({} first): {url} is ignored",
                        first.url.as_deref().unwrap_or("")
                    ),
                )
                .at(&name, line, col),
            );
            continue;
        }
        let got = info.url_to_info.get(url);
        if got.is_none() {
            warnings.push(
                Diagnostic::warning(
                    "source-without-text",
                    format!("{url} (source {n}) has no entry in url_to_info: no text to check"),
                )
                .at(&name, line, col),
            );
        }
        let got = got.map_or_else(UrlInfo::default, |i| UrlInfo {
            title: i.title.clone(),
            description: i.description.clone(),
            snippets: i.snippets.clone(),
        });
        let title = got.title.filter(|t| !t.trim().is_empty());
        let snippets: Vec<&str> = got
            .snippets
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let text = if snippets.is_empty() {
            got.description
                .filter(|d| !d.trim().is_empty())
                .or_else(|| title.clone())
                .or_else(|| title_from_path(url))
                .unwrap_or_else(|| url.clone())
        } else {
            snippets.join("\n\n")
        };
        let mut guessed = BTreeSet::from([Guessed::Lang, Guessed::Kind]);
        let date = date_in_url(url).unwrap_or_else(|| {
            guessed.insert(Guessed::Date);
            String::new()
        });
        by_number.insert(
            n,
            Source {
                number: n,
                date: date.into(),
                kind: guess_kind(&text, Some(url)),
                lang: guess_lang(&text).into(),
                url: Some(url.clone()),
                outlet: host(url).map(Into::into),
                author: None,
                title,
                text,
                gloss: None,
                guessed,
            },
        );
    }
    Ok((by_number.into_values().collect(), warnings))
}

/// "Hurricane_Idalia" -> "Hurricane Idalia".
pub fn title(dir: &Path) -> String {
    let stem = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let t = stem.replace(['_', '-'], " ");
    let t = t.trim();
    if t.is_empty() {
        "STORM article".into()
    } else {
        t.to_string()
    }
}
