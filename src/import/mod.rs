//! Briefs written as text, as people and research tools hand them over, turned into the
//! data model: headings become sections, sentences become claims, and the source list
//! becomes the sources, keeping everything each entry gives.
//!
//! One reader per layout, one job per module:
//! - [`markdown`]: Markdown through pulldown-cmark (CommonMark, footnotes);
//! - [`plain`]: the seed's plain layout and STORM's articles, a paragraph a line;
//! - [`storm`]: a STORM output folder, its sources from `url_to_info.json`;
//! - [`sidecar`]: `BRIEF.sources.jsonl`, excerpts and fields merged over any brief's list;
//! - [`entry`]: source-list entries in the reference styles people use; [`meta`]: front
//!   matter, `Date:` lines and bylines; [`build`]: sections, claims and numbering.
//!
//! Only unreadable input is refused (binary data, over the size limit, not UTF-8 or UTF-16
//! with a BOM). What is wrong in a readable brief (a marker with no source, gaps and repeats
//! in the numbering) comes back as located warnings beside the brief ([`Imported`]), which
//! `validate` lists and the assessment's `dangling-marker` rule scores. Guesses (a source's
//! language, kind and date, the brief's date) are marked as guesses in the store.

mod build;
mod entry;
pub(crate) mod guess;
mod lines;
mod markdown;
mod meta;
mod plain;
pub mod sentences;
pub mod sidecar;
pub mod storm;

use std::collections::HashSet;
use std::path::Path;

use crate::cite;
use crate::model::{Brief, Guessed, SCHEMA_VERSION, Source};
use crate::validate::Diagnostic;
use build::{Doc, Spot};
use lines::LineIndex;

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

    fn whole(path: &str, message: String) -> Self {
        ImportError {
            path: path.to_string(),
            line: None,
            col: None,
            message,
        }
    }
}

/// An imported brief, and what is wrong with it, located in the input.
#[derive(Debug, Clone)]
pub struct Imported {
    pub brief: Brief,
    /// Warnings with their file, line and column: markers with no source, gaps and repeats
    /// in the numbering, a guessed date. `validate` lists them with the store's own.
    pub warnings: Vec<Diagnostic>,
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

/// Whether the importer reads this path: a text brief, or a STORM output folder.
pub fn is_importable(path: &Path) -> bool {
    (path.is_file() && is_text_brief(path)) || storm::article(path).is_some()
}

/// Whether `path` names something to read as a file: anything but a folder (a regular file,
/// or a link to a device or a pipe, which [`read_text`] refuses at the cap if it never ends).
pub(crate) fn is_readable_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_dir())
}

/// A file's text: refused over the size limit, and unless it is UTF-8 (a BOM dropped) or
/// UTF-16 with a BOM. The limit holds on the bytes read, not on what the file says its size
/// is: a device (`/dev/zero`), a pipe (`<(yes)`) or a growing file reports 0 or too little.
/// Every text the importer reads comes through here: a brief, a STORM article and its
/// `url_to_info.json`, a sidecar.
pub(crate) fn read_text(path: &Path) -> Result<String, ImportError> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| ImportError::whole(&name, format!("cannot read: {e}"));
    let bytes = match crate::fsio::read_capped(path, MAX_IMPORT_BYTES).map_err(cannot)? {
        Ok(bytes) => bytes,
        Err(too_large) => {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let said = if size > too_large.limit {
                format!("{size} bytes")
            } else {
                format!("{} bytes or more", too_large.limit + 1)
            };
            return Err(ImportError::whole(
                &name,
                format!(
                    "{said} is over the limit of {} bytes for a brief",
                    too_large.limit
                ),
            ));
        }
    };
    decode(bytes, &name)
}

fn decode(bytes: Vec<u8>, name: &str) -> Result<String, ImportError> {
    let utf16 = |b: &[u8], le: bool| -> Option<String> {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        b.len()
            .is_multiple_of(2)
            .then(|| String::from_utf16(&units).ok())
            .flatten()
    };
    let not_text = |line: Option<usize>| ImportError {
        path: name.to_string(),
        line,
        col: None,
        message: "not UTF-8 text: binary data?".into(),
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return utf16(rest, true).ok_or_else(|| not_text(None)),
        [0xFE, 0xFF, rest @ ..] => return utf16(rest, false).ok_or_else(|| not_text(None)),
        _ => {}
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        not_text(Some(
            e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1,
        ))
    })
}

/// Imports a brief from disk: a Markdown or plain-text file (with its sources sidecar, if
/// one is beside it), or a STORM output folder.
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    let name = path.display().to_string();
    let mut draft = match storm::article(path) {
        Some(article) => {
            let text = read_text(&article)?;
            let article_name = article.display().to_string();
            let text = normalize(&text, &article_name)?;
            let lines = LineIndex::new(&text);
            let layout = plain::Layout {
                bare_headings: false,
                h1_title: false,
            };
            let doc = plain::read(&text, &lines, layout);
            let (sources, warnings) = storm::sources(path)?;
            let stem = path
                .file_name()
                .map_or_else(|| "storm".into(), |n| n.to_string_lossy().into_owned());
            let parts = Parts {
                title: storm::title(path),
                date: None,
                author: None,
                stem,
                sources,
                warnings,
            };
            assemble(doc, parts, &name, &article_name, lines)?
        }
        None => {
            let text = read_text(path)?;
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("brief");
            draft_from_text(&text, &name, stem)?
        }
    };
    if !path.is_dir()
        && let Some(sidecar) = sidecar::path_for(path)
    {
        sidecar::merge(&mut draft.brief, &sidecar)?;
    }
    Ok(finish(draft))
}

/// Imports a brief from its text. `name` is used in messages; `stem` gives the id and,
/// when the text gives no title, the title.
pub fn import_str(text: &str, name: &str, stem: &str) -> Result<Imported, ImportError> {
    let mut imported = finish(draft_from_text(text, name, stem)?);
    imported.warnings.extend(oversized_numbers(text, name));
    Ok(imported)
}

/// Source numbers have at most this many digits (what a `u32` always holds).
const MAX_SOURCE_DIGITS: usize = 9;

/// Entries numbered past what a source number can be (`[^12345678901]: …`, `12345678901.
/// …`) cannot be cited (a footnote of that label is dropped, a list entry numbered by its
/// place): say so where they stand rather than silently.
fn oversized_numbers(text: &str, name: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let col = line.len() - trimmed.len() + 1;
        let body = trimmed
            .strip_prefix("[^")
            .or_else(|| trimmed.strip_prefix('['))
            .unwrap_or(trimmed);
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &body[digits..];
        let entry = if body.len() < trimmed.len() {
            rest.starts_with("]:")
        } else {
            rest.starts_with(". ") || rest.starts_with(") ")
        };
        if digits > MAX_SOURCE_DIGITS && entry {
            out.push(
                Diagnostic::warning(
                    "source-number-too-large",
                    format!(
                        "source number {} has more than {MAX_SOURCE_DIGITS} digits: no marker can cite it",
                        &body[..digits]
                    ),
                )
                .at(name, k + 1, col),
            );
        }
    }
    out
}

/// Refuses what is not text, and makes line ends `\n` (columns stay where they were: only
/// the `\r` at a line's end goes).
fn normalize(text: &str, name: &str) -> Result<String, ImportError> {
    if text.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::whole(
            name,
            format!("over the limit of {MAX_IMPORT_BYTES} bytes for a brief"),
        ));
    }
    if let Some(at) = text.find('\0') {
        return Err(ImportError {
            path: name.to_string(),
            line: Some(text[..at].matches('\n').count() + 1),
            col: None,
            message: "a NUL byte: this is binary data, not a brief".into(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::whole(name, "the file is empty".into()));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// A brief being imported: the brief (its date still to settle), where each claim stands,
/// and the warnings so far.
struct Draft {
    brief: Brief,
    spots: Vec<Spot>,
    /// The input the spots point into: its name and lines.
    file: (String, LineIndex),
    /// The brief's own date, when it gives one.
    date: Option<String>,
    warnings: Vec<Diagnostic>,
}

/// What goes into a brief besides its prose.
struct Parts {
    title: String,
    date: Option<String>,
    author: Option<String>,
    stem: String,
    sources: Vec<Source>,
    warnings: Vec<Diagnostic>,
}

fn draft_from_text(text: &str, name: &str, stem: &str) -> Result<Draft, ImportError> {
    let text = normalize(text, name)?;
    let (meta, body) = meta::extract(&text);
    let lines = LineIndex::new(&body);
    let doc = if looks_plain(&body) {
        let layout = plain::Layout {
            bare_headings: true,
            h1_title: true,
        };
        plain::read(&body, &lines, layout)
    } else {
        markdown::read(&body, &lines)
    };
    let (sources, warnings) = build::sources(&doc.entries, name);
    let parts = Parts {
        title: meta
            .title
            .or_else(|| doc.title.clone())
            .unwrap_or_else(|| prettify(stem)),
        date: meta.date,
        author: meta.author,
        stem: stem.to_string(),
        sources,
        warnings,
    };
    assemble(doc, parts, name, name, lines)
}

/// Whether a text is in the plain layout (a paragraph a line) rather than Markdown: it has
/// no Markdown structure (`#` headings, setext underlines, fences, quotes, footnote
/// definitions, links, strong emphasis), and no paragraph wraps onto a second line.
fn looks_plain(text: &str) -> bool {
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            prev = None;
            continue;
        }
        let markdown = plain::md_heading(t).is_some()
            || t.starts_with("```")
            || t.starts_with("~~~")
            || t.starts_with('>')
            || plain::is_footnote_definition(t)
            || t.contains("](")
            || t.contains("**");
        if markdown {
            return false;
        }
        if let Some(p) = prev {
            let underline =
                t.len() >= 2 && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'));
            let wraps = !p.ends_with(['.', '!', '?', ':', ';', ']', ')', '"', '”', '’', '\''])
                && plain::bullet_item(p).is_none()
                && !matches!(p, "-" | "*" | "•")
                && t.chars().next().is_some_and(char::is_lowercase);
            if underline || wraps {
                return false;
            }
        }
        prev = Some(t);
    }
    true
}

fn assemble(
    doc: Doc,
    parts: Parts,
    name: &str,
    input_name: &str,
    lines: LineIndex,
) -> Result<Draft, ImportError> {
    let (sections, spots) = build::sections(doc.blocks);
    if sections.iter().all(|s| s.claims.is_empty()) {
        return Err(ImportError::whole(
            name,
            "no prose found: nothing to make claims of".into(),
        ));
    }
    let id = build::slug(&parts.stem, 8);
    let brief = Brief {
        schema: SCHEMA_VERSION,
        id: if id.is_empty() { "brief".into() } else { id },
        title: parts.title,
        date: String::new(),
        guessed: Default::default(),
        subtitle: parts.author.map(|a| format!("By {a}")),
        summary: None,
        sections,
        sources: parts.sources,
    };
    Ok(Draft {
        brief,
        spots,
        file: (input_name.to_string(), lines),
        date: parts.date,
        warnings: parts.warnings,
    })
}

/// Settles the dates and finds the markers that cite no source.
fn finish(draft: Draft) -> Imported {
    let Draft {
        mut brief,
        spots,
        file,
        date,
        mut warnings,
    } = draft;
    // The brief's date: its own; else the newest source's; else today. The last two are
    // guesses, and say so.
    let date = date.unwrap_or_else(|| {
        brief.guessed.insert(Guessed::Date);
        let newest = brief
            .sources
            .iter()
            .filter(|s| !s.is_guessed(Guessed::Date) && !s.date.is_empty())
            .map(|s| s.date.to_string())
            .max();
        let (date, whose) = match newest {
            Some(d) => (d, "the newest source's date"),
            None => (today(), "the day of import"),
        };
        warnings.push(Diagnostic::warning(
            "guessed-date",
            format!("the brief gives no date (no Date: line or front matter): {date}, {whose}, stands in"),
        ));
        date
    });
    for s in brief.sources.iter_mut().filter(|s| s.date.is_empty()) {
        s.date = date.as_str().into();
        s.guessed.insert(Guessed::Date);
    }
    brief.date = date;
    let numbers: HashSet<u32> = brief.sources.iter().map(|s| s.number).collect();
    for ((_, claim), spot) in brief.claims().zip(&spots) {
        for m in cite::parse(&claim.text) {
            for n in m.numbers.iter().filter(|n| !numbers.contains(n)) {
                let d = Diagnostic::warning(
                    "dangling-marker",
                    format!(
                        "claim {:?} cites [{n}], but there is no source {n}",
                        claim.id
                    ),
                );
                warnings.push(match spot.offset(m.span.start) {
                    Some(at) => {
                        let (l, c) = file.1.position(at);
                        d.at(&file.0, l, c)
                    }
                    None => d,
                });
            }
        }
    }
    Imported { brief, warnings }
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
    crate::date::Day::today().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        assert!(crate::validate::is_iso_date(&today()), "{}", today());
    }

    #[test]
    fn byte_order_marks() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# T".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(utf16, "x").unwrap(), "# T");
        assert_eq!(decode(b"\xEF\xBB\xBFok".to_vec(), "x").unwrap(), "ok");
        let e = decode(b"a\nb\xFF".to_vec(), "x").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn plain_or_markdown() {
        let seed = std::fs::read_to_string("tests/fixtures/seed-meta-ai-strategy.txt").unwrap();
        assert!(looks_plain(&seed));
        assert!(looks_plain(&(seed.clone() + "\n\n")));
        assert!(!looks_plain("Title\n=====\n\nText."));
        assert!(!looks_plain("A paragraph that wraps\nonto the next line."));
        assert!(!looks_plain("# T\n\nText."));
    }
}
