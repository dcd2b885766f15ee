//! The plain layout, one paragraph a line: the seed's (headings as bare short lines, `-`
//! bullets, a closing `Sources` list) and STORM's articles (`# name` headings, a paragraph
//! a line). Blank lines separate nothing more than a line break does; `\r\n` was made `\n`
//! before this reader runs, and a trailing newline is a blank line like any other.

use super::build::{Block, Doc};
use super::entry;
use super::lines::LineIndex;
use crate::cite;
use crate::model::Start;

/// How headings are told apart.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A short line with no closing punctuation is a heading (the seed); else only `# …`.
    pub bare_headings: bool,
    /// A `# Title` before any text is the brief's title (not for STORM, whose first
    /// heading is `# summary`).
    pub h1_title: bool,
}

/// Where a subslice of `text` starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

pub fn read(text: &str, lines: &LineIndex, layout: Layout) -> Doc {
    let mut doc = Doc::default();
    let mut pending_bullet = false;
    // The source list: from its heading to the next `#` heading or the end.
    let mut sources_from: Option<usize> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim();
        // A lone `-` opens a bullet whose text is on the next line, blank lines between.
        if t.is_empty() {
            continue;
        }
        let md = md_heading(t);
        if let Some(from) = sources_from {
            if md.is_none() {
                continue;
            }
            doc.entries.extend(entry::read(text, from..at, lines));
            sources_from = None;
        }
        // Footnote definitions count wherever they stand.
        if is_footnote_definition(t) {
            doc.entries.extend(entry::read(text, at..offset, lines));
            continue;
        }
        let heading = md
            .or_else(|| (layout.bare_headings && is_plain_heading(t)).then(|| (t.to_string(), 2)));
        if let Some((h, level)) = heading {
            if is_sources_heading(&h) {
                sources_from = Some(offset);
                continue;
            }
            if layout.h1_title && level == 1 && doc.title.is_none() && doc.blocks.is_empty() {
                doc.title = Some(h);
            } else {
                doc.blocks.push(Block::Heading { text: h, level });
            }
            continue;
        }
        if matches!(t, "-" | "*" | "•") {
            pending_bullet = true;
            continue;
        }
        let (item, bullet) = match bullet_item(t) {
            Some(rest) => (rest, true),
            None => (t, pending_bullet),
        };
        pending_bullet = false;
        doc.blocks.push(Block::Para {
            text: item.to_string(),
            start: if bullet {
                Start::Bullet
            } else {
                Start::Paragraph
            },
            anchors: vec![(0, offset_in(text, item))],
        });
    }
    if let Some(from) = sources_from {
        doc.entries
            .extend(entry::read(text, from..text.len(), lines));
    }
    doc
}

/// `[^12]: …`
pub fn is_footnote_definition(t: &str) -> bool {
    t.starts_with("[^")
        && t.split_once("]:").is_some_and(|(n, _)| {
            n.len() > 2 && n.len() <= 11 && n[2..].bytes().all(|b| b.is_ascii_digit())
        })
}

/// The headings a source list stands under.
pub fn is_sources_heading(h: &str) -> bool {
    let bare = h
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .trim_end_matches(':')
        .trim()
        .to_lowercase();
    matches!(
        bare.as_str(),
        "sources"
            | "references"
            | "bibliography"
            | "notes"
            | "footnotes"
            | "works cited"
            | "citations"
            | "sources cited"
            | "reference list"
    )
}

/// `## Heading` -> ("Heading", 2).
pub fn md_heading(t: &str) -> Option<(String, usize)> {
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    rest.starts_with(' ')
        .then(|| (rest.trim().trim_end_matches('#').trim().to_string(), level))
}

/// In plain text, a heading is a short line with no closing punctuation and no citation.
pub fn is_plain_heading(t: &str) -> bool {
    let words = t.split_whitespace().count();
    (1..=12).contains(&words)
        && !t.ends_with(['.', '!', '?', ';', ',', ']', ')', '"', '”'])
        && cite::parse(t).is_empty()
        && bullet_item(t).is_none()
        && !matches!(t, "-" | "*" | "•")
}

/// `- item`, `* item`, `• item`, `1. item` -> "item".
pub fn bullet_item(t: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: Layout = Layout {
        bare_headings: true,
        h1_title: true,
    };

    #[test]
    fn blank_lines_and_a_trailing_newline_change_nothing() {
        let a = "Meta rose [1].\nHeading Here\nIt fell [1].\n- A bullet [1].\nSources\n- A post - 2026-03-01";
        let b = "Meta rose [1].\n\nHeading Here\n\nIt fell [1].\n- A bullet [1].\n\nSources\n- A post - 2026-03-01\n\n";
        let read_it = |t: &str| {
            let doc = read(t, &LineIndex::new(t), SEED);
            let blocks: Vec<String> = doc.blocks.iter().map(|b| format!("{b:?}")).collect();
            let entries: Vec<String> = doc.entries.iter().map(|e| e.body.clone()).collect();
            (blocks.len(), entries)
        };
        assert_eq!(read_it(a), read_it(b));
        assert_eq!(read_it(a).1, vec!["A post - 2026-03-01"]);
    }
}
