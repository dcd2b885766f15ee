//! Briefs written in Markdown or plain text, as research tools export them, turned into the
//! data model: headings become sections, sentences become claims, and the source list (a
//! `Sources`/`References` list, or footnote definitions) becomes the sources.
//!
//! Guesses (a source's language and kind, a missing date) are marked as guesses in the
//! store, so the viewer can say so.

pub mod sentences;
mod sources;

pub use sentences::split as split_sentences;
pub use sources::{guess_kind, guess_lang, title_from_path};

use std::collections::BTreeMap;
use std::path::Path;

use crate::cite;
use crate::model::{Brief, Claim, SCHEMA_VERSION, Section, SectionKind, Start};

/// Text briefs larger than this are refused before they are read.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ImportError {
    pub path: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl ImportError {
    fn render(&self) -> String {
        match (self.line, self.col) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => format!("{}:{l}: {}", self.path, self.message),
            _ => format!("{}: {}", self.path, self.message),
        }
    }
}

/// Whether a path names a text brief to import rather than a RON store.
pub fn is_text_brief(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "txt" | "text")
    )
}

/// Imports a Markdown or plain-text brief from disk.
pub fn import_path(path: &Path) -> Result<Brief, ImportError> {
    let name = path.display().to_string();
    let err = |message: String| ImportError {
        path: name.clone(),
        line: None,
        col: None,
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| err(format!("cannot read: {e}")))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(err(format!(
            "{size} bytes is over the limit of {MAX_IMPORT_BYTES} bytes for a brief"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError {
            path: name.clone(),
            line: Some(line),
            col: None,
            message: "not UTF-8 text: binary data?".into(),
        }
    })?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("brief");
    import_str(&text, &name, stem)
}

/// A block of the body: a heading, a paragraph, or a bullet item, with its first line.
#[derive(Debug)]
enum Block {
    Heading(String),
    Paragraph {
        text: String,
        bullet: bool,
    },
    /// A blank line: what follows starts a new paragraph rather than continuing one.
    Break,
}

/// Imports a brief from its text. `name` is used in messages; `stem` gives the id and,
/// when the text has no `# Title`, the title.
pub fn import_str(text: &str, name: &str, stem: &str) -> Result<Brief, ImportError> {
    let err = |line: Option<usize>, col: Option<usize>, message: String| ImportError {
        path: name.to_string(),
        line,
        col,
        message,
    };
    if text.len() as u64 > MAX_IMPORT_BYTES {
        return Err(err(
            None,
            None,
            format!("over the limit of {MAX_IMPORT_BYTES} bytes for a brief"),
        ));
    }
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(err(
            Some(line),
            None,
            "a NUL byte: this is binary data, not a brief".into(),
        ));
    }
    if text.trim().is_empty() {
        return Err(err(None, None, "the file is empty".into()));
    }
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    // Plain text puts one paragraph on a line; Markdown wraps paragraphs and separates them
    // with blank lines.
    let markdown = lines.iter().any(|l| l.trim_start().starts_with('#'))
        || lines.iter().any(|l| l.trim().is_empty());

    let mut title: Option<String> = None;
    let mut blocks: Vec<(usize, Block)> = Vec::new();
    let mut entries: Vec<sources::Entry> = Vec::new();
    let mut in_sources = false;
    let mut pending_bullet = false;
    // Lines of body text, for finding markers that cite nothing.
    let mut body_lines: Vec<(usize, &str)> = Vec::new();

    for (k, raw) in lines.iter().enumerate() {
        let line_no = k + 1;
        let t = raw.trim();
        if t.is_empty() {
            pending_bullet = false;
            if let Some((_, Block::Paragraph { bullet: false, .. })) = blocks.last() {
                blocks.push((line_no, Block::Break));
            }
            continue;
        }
        // Footnote definitions count wherever they stand.
        if t.starts_with("[^")
            && t.split_once("]:")
                .is_some_and(|(n, _)| n[2..].bytes().all(|b| b.is_ascii_digit()))
        {
            entries.extend(sources::entry(t, line_no));
            continue;
        }
        let heading = md_heading(t)
            .or_else(|| (!markdown && is_plain_heading(t)).then(|| (t.to_string(), 2)));
        if let Some((h, level)) = heading {
            let bare = h.trim_end_matches(':').trim().to_lowercase();
            if matches!(
                bare.as_str(),
                "sources"
                    | "references"
                    | "bibliography"
                    | "notes"
                    | "footnotes"
                    | "works cited"
                    | "citations"
            ) {
                in_sources = true;
                continue;
            }
            if in_sources && markdown {
                in_sources = false;
            }
            if level == 1 && title.is_none() && blocks.is_empty() {
                title = Some(h);
            } else {
                blocks.push((line_no, Block::Heading(h)));
            }
            continue;
        }
        if in_sources {
            entries.extend(sources::entry(t, line_no));
            continue;
        }
        body_lines.push((line_no, raw));
        if matches!(t, "-" | "*" | "•") {
            pending_bullet = true;
            continue;
        }
        let (item, bullet) = match bullet_item(t) {
            Some(rest) => (rest, true),
            None => (t, pending_bullet),
        };
        pending_bullet = false;
        // In Markdown, a line that follows a paragraph line continues it.
        if markdown
            && !bullet
            && let Some((_, Block::Paragraph { text, .. })) = blocks.last_mut()
        {
            text.push(' ');
            text.push_str(item);
            continue;
        }
        blocks.push((
            line_no,
            Block::Paragraph {
                text: item.to_string(),
                bullet,
            },
        ));
    }

    // Sources: numbered as given, or in list order; gaps and repeats are errors.
    let mut numbered: BTreeMap<u32, (usize, String)> = BTreeMap::new();
    let mut next = 1;
    for e in &entries {
        let n = e.number.unwrap_or(next);
        if let Some((first, _)) = numbered.get(&n) {
            return Err(err(
                Some(e.line),
                None,
                format!("source {n} is listed twice (first on line {first})"),
            ));
        }
        numbered.insert(n, (e.line, e.body.clone()));
        next = n + 1;
    }
    for (expected, (&n, (line, _))) in (1..).zip(&numbered) {
        if n != expected {
            return Err(err(
                Some(*line),
                None,
                format!(
                    "source numbering jumps from {} to {n}: sources {expected}–{} are missing",
                    expected.saturating_sub(1),
                    n - 1
                ),
            ));
        }
    }
    // Every marker must cite a listed source.
    for (line_no, raw) in &body_lines {
        for m in cite::parse(raw) {
            for n in &m.numbers {
                if !numbered.contains_key(n) {
                    let col = raw[..m.span.start].chars().count() + 1;
                    let have = if numbered.is_empty() {
                        "the brief lists no sources".to_string()
                    } else {
                        format!("the list has 1–{}", numbered.len())
                    };
                    return Err(err(
                        Some(*line_no),
                        Some(col),
                        format!("[{n}] cites no source ({have})"),
                    ));
                }
            }
        }
    }

    // A source without a date gets the brief's: the newest date the sources give.
    let mut sources: Vec<crate::model::Source> = numbered
        .iter()
        .map(|(&n, (_, body))| sources::source(n, body, ""))
        .collect();
    let date = sources
        .iter()
        .filter(|s| !s.is_guessed("date"))
        .map(|s| s.date.clone())
        .max()
        .unwrap_or_else(today);
    for s in sources.iter_mut().filter(|s| s.is_guessed("date")) {
        s.date.clone_from(&date);
    }
    let sections = build_sections(blocks);
    if sections.iter().all(|s| s.claims.is_empty()) {
        return Err(err(
            None,
            None,
            "no prose found: nothing to make claims of".into(),
        ));
    }
    Ok(Brief {
        schema: SCHEMA_VERSION,
        id: slug(stem, 8),
        title: title.unwrap_or_else(|| prettify(stem)),
        date,
        subtitle: None,
        summary: None,
        sections,
        sources,
    })
}

fn build_sections(blocks: Vec<(usize, Block)>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut used_ids: Vec<String> = Vec::new();
    let mut new_section = |heading: Option<String>, sections: &mut Vec<Section>| {
        let base = match &heading {
            None => "summary".to_string(),
            Some(h) => slug(h.split(':').next().unwrap_or(h), 4),
        };
        let mut id = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut k = 2;
        while used_ids.contains(&id) {
            id = format!(
                "{}-{k}",
                id.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            );
            k += 1;
        }
        used_ids.push(id.clone());
        let kind = section_kind(heading.as_deref());
        sections.push(Section {
            id,
            heading,
            kind,
            claims: Vec::new(),
        });
    };
    for (_, block) in blocks {
        match block {
            Block::Break => {}
            Block::Heading(text) => new_section(Some(text), &mut sections),
            Block::Paragraph { text, bullet } => {
                if sections.is_empty() {
                    new_section(None, &mut sections);
                }
                let section = sections.last_mut().expect("a section was just made");
                for (j, sentence) in sentences::split(&text).into_iter().enumerate() {
                    let start = match (j, bullet, section.claims.is_empty()) {
                        (0, true, _) => Start::Bullet,
                        (0, false, false) => Start::Paragraph,
                        _ => Start::Sentence,
                    };
                    let id = format!("{}.{}", section.id, section.claims.len() + 1);
                    section.claims.push(Claim {
                        id,
                        start,
                        text: sentence,
                    });
                }
            }
        }
    }
    sections.retain(|s| !s.claims.is_empty() || s.heading.is_some());
    sections
}

fn section_kind(heading: Option<&str>) -> SectionKind {
    let Some(h) = heading else {
        return SectionKind::Summary;
    };
    let h = h.to_lowercase();
    if h.contains("takeaway") || h.contains("conclusion") || h.contains("key points") {
        SectionKind::Takeaways
    } else if h.contains("implication") || h.contains("recommendation") || h.contains("outlook") {
        SectionKind::Implications
    } else if h.contains("summary") || h.contains("overview") {
        SectionKind::Summary
    } else {
        SectionKind::Body
    }
}

/// `## Heading` -> ("Heading", 2).
fn md_heading(t: &str) -> Option<(String, usize)> {
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    rest.starts_with(' ')
        .then(|| (rest.trim().trim_end_matches('#').trim().to_string(), level))
}

/// In plain text, a heading is a short line with no closing punctuation and no citation.
fn is_plain_heading(t: &str) -> bool {
    let words = t.split_whitespace().count();
    (1..=12).contains(&words)
        && !t.ends_with(['.', '!', '?', ';', ',', ']', ')', '"', '”'])
        && cite::parse(t).is_empty()
        && bullet_item(t).is_none()
        && !matches!(t, "-" | "*" | "•")
}

/// `- item`, `* item`, `• item`, `1. item` -> "item".
fn bullet_item(t: &str) -> Option<&str> {
    for p in ["- ", "* ", "• "] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim());
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 && t[digits..].starts_with(". ") {
        return Some(t[digits + 2..].trim());
    }
    None
}

/// A lower-case id from the first `words` words: "The Open-Source Llama" -> "the-open-source-llama".
fn slug(text: &str, words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // An article says nothing in an id.
        if out.is_empty() && matches!(w.to_lowercase().as_str(), "the" | "a" | "an") {
            continue;
        }
        if count == words {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
        count += 1;
    }
    out
}

fn prettify(stem: &str) -> String {
    let s = stem.replace(['_', '-'], " ");
    let s = s.trim();
    if s.is_empty() {
        "Imported brief".into()
    } else {
        s.to_string()
    }
}

/// Today's date, `YYYY-MM-DD`, for a brief that gives none.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        assert!(crate::validate::is_iso_date(&today()), "{}", today());
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("The Open-Source Llama Strategy: Building", 4),
            "open-source-llama-strategy"
        );
        assert_eq!(slug("Key Takeaways", 4), "key-takeaways");
    }
}
