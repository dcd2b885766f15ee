//! Markdown read as CommonMark says, by pulldown-cmark: ATX and setext headings, paragraphs
//! and list items (each a block of prose), block quotes, emphasis stripped to its words,
//! inline links kept as their text, code spans kept verbatim (brackets in them are not
//! citations) and code blocks, tables, images and HTML left out. Footnote references come
//! back as `[^n]`; a numbered link reference (`[3]` with a `[3]: https://…` definition)
//! as `[3]`. The source list (footnote definitions, `[n]: URL` definitions, or the entries
//! under a `References`/`Sources` heading) is read a line at a time by [`entry::read`], so
//! excerpts quoted under an entry stay with it.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::build::{Block, Doc};
use super::entry::{self, RawEntry};
use super::lines::LineIndex;
use super::plain::is_sources_heading;
use crate::model::Start;

fn level(l: HeadingLevel) -> usize {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn numeric(label: &str) -> Option<u32> {
    let l = label.trim();
    (!l.is_empty() && l.len() <= 9 && l.bytes().all(|b| b.is_ascii_digit()))
        .then(|| l.parse().ok())
        .flatten()
}

/// Footnote labels that are not numbers (`[^note]`, `[^smith-2024]`) numbered after the
/// largest numeric one, in the order they are first used (or defined), as a Markdown
/// renderer numbers them: a citation needs a number to be a source.
fn label_numbers(text: &str, options: Options) -> HashMap<String, u32> {
    let mut numbers = HashMap::new();
    if !text.contains("[^") {
        return numbers;
    }
    let mut max = 0u32;
    let mut named: Vec<String> = Vec::new();
    for event in Parser::new_ext(text, options) {
        let label = match event {
            Event::FootnoteReference(l) | Event::Start(Tag::FootnoteDefinition(l)) => l,
            _ => continue,
        };
        match numeric(&label) {
            Some(n) => max = max.max(n),
            None if !named.iter().any(|l| **l == *label) => named.push(label.to_string()),
            None => {}
        }
    }
    for (i, label) in named.into_iter().enumerate() {
        if let Some(n) = max.checked_add(1 + i as u32) {
            numbers.insert(label, n);
        }
    }
    numbers
}

/// The prose being gathered: its text, and where pieces of it came from in the input.
#[derive(Default)]
struct Buffer {
    text: String,
    /// (offset in `text`, offset in the input) where each verbatim piece starts.
    anchors: Vec<(usize, usize)>,
}

impl Buffer {
    fn push(&mut self, s: &str, from: usize) {
        if s.is_empty() {
            return;
        }
        self.anchors.push((self.text.len(), from));
        self.text.push_str(s);
    }

    fn take(&mut self) -> Buffer {
        std::mem::take(self)
    }
}

pub fn read(text: &str, lines: &LineIndex) -> Doc {
    let mut doc = Doc::default();
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let named = label_numbers(text, options);
    let number_of = |label: &str| numeric(label).or_else(|| named.get(label).copied());
    let mut events = Parser::new_ext(text, options).into_offset_iter();
    // `[n]: https://…` definitions: CommonMark keeps them out of the events.
    let mut link_defs: Vec<(u32, Range<usize>)> = events
        .reference_definitions()
        .iter()
        .filter_map(|(label, def)| Some((numeric(label)?, def.span.clone())))
        .collect();
    link_defs.sort_by_key(|(_, span)| span.start);

    let mut buf = Buffer::default();
    let mut next_start = Start::Paragraph;
    let mut heading: Option<usize> = None;
    // Inside what is not prose (code, tables, images, HTML, footnote definitions).
    let mut skip = 0usize;
    let mut in_numbered_link = false;
    // The source list under a heading: (its level, where it starts); level 7 for a
    // `**Sources**` line, which runs to the next heading of any level.
    let mut sources: Option<(usize, usize)> = None;
    let mut regions: Vec<Range<usize>> = Vec::new();
    let mut footnotes: Vec<(u32, Range<usize>)> = Vec::new();

    let flush = |buf: &mut Buffer, doc: &mut Doc, next_start: &mut Start| {
        let b = buf.take();
        if b.text.trim().is_empty() {
            return;
        }
        doc.blocks.push(Block::Para {
            text: b.text,
            start: *next_start,
            anchors: b.anchors,
        });
        *next_start = Start::Paragraph;
    };

    for (event, range) in &mut events {
        if let Event::Start(Tag::Heading { level: l, .. }) = &event
            && let Some((from_level, from)) = sources
            && level(*l) <= from_level
        {
            regions.push(from..range.start);
            sources = None;
        }
        if sources.is_some() {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut buf, &mut doc, &mut next_start);
                heading = Some(0);
            }
            Event::End(TagEnd::Heading(l)) => {
                heading = None;
                let h = buf
                    .take()
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let l = level(l);
                if is_sources_heading(&h) {
                    sources = Some((l, range.end));
                } else if h.is_empty() {
                } else if l == 1 && doc.title.is_none() && doc.blocks.is_empty() {
                    doc.title = Some(h);
                } else {
                    doc.blocks.push(Block::Heading { text: h, level: l });
                }
                next_start = Start::Paragraph;
            }
            Event::Start(
                Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Image { .. }
                | Tag::HtmlBlock
                | Tag::MetadataBlock(_),
            ) => skip += 1,
            Event::Start(Tag::FootnoteDefinition(label)) => {
                skip += 1;
                if let Some(n) = number_of(&label) {
                    footnotes.push((n, range.clone()));
                }
            }
            Event::End(
                TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::Image
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            Event::Start(Tag::Item) => {
                flush(&mut buf, &mut doc, &mut next_start);
                next_start = Start::Bullet;
            }
            Event::Start(Tag::Paragraph)
            | Event::Start(Tag::List(_))
            | Event::Start(Tag::BlockQuote(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::List(_))
            | Event::End(TagEnd::BlockQuote(_))
            | Event::Rule => flush(&mut buf, &mut doc, &mut next_start),
            Event::End(TagEnd::Paragraph) => {
                // A paragraph that is only "**Sources**" or "References:" heads the list.
                if heading.is_none() && is_sources_heading(&buf.text) {
                    buf.take();
                    sources = Some((7, range.end));
                    continue;
                }
                flush(&mut buf, &mut doc, &mut next_start);
            }
            Event::Start(Tag::Link { link_type, id, .. }) => {
                let by_reference = matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                );
                if by_reference && let Some(n) = numeric(&id) {
                    buf.push(&format!("[{n}]"), range.start);
                    in_numbered_link = true;
                }
            }
            Event::End(TagEnd::Link) => in_numbered_link = false,
            _ if in_numbered_link => {}
            Event::Text(t) => {
                // Verbatim text is anchored where it stands; text that was unescaped
                // (`&amp;`, `\[`) is anchored at its start all the same.
                buf.push(&t, range.start);
            }
            Event::Code(_) => buf.push(&text[range.clone()], range.start),
            Event::FootnoteReference(label) => match number_of(&label) {
                Some(n) => buf.push(&format!("[^{n}]"), range.start),
                None => buf.push(&format!("[^{label}]"), range.start),
            },
            Event::SoftBreak | Event::HardBreak => buf.text.push(' '),
            _ => {}
        }
    }
    flush(&mut buf, &mut doc, &mut next_start);
    if let Some((_, from)) = sources {
        regions.push(from..text.len());
    }

    let inside = |at: usize| regions.iter().any(|r| r.contains(&at));
    let mut entries: Vec<RawEntry> = Vec::new();
    for r in &regions {
        entries.extend(entry::read(text, r.clone(), lines));
    }
    for (n, span) in footnotes.into_iter().filter(|(_, s)| !inside(s.start)) {
        let mut es = entry::read(text, span, lines);
        if es.is_empty() {
            continue;
        }
        // Continuation paragraphs of one footnote are one entry. A numbered definition
        // written right under it (`[3]: https://…` with no blank line between) is folded
        // into the footnote by CommonMark, but the writer meant a source of its own.
        let more = es.split_off(1);
        es[0].number = Some(n);
        for m in more {
            if m.number.is_some() {
                es.push(m);
                continue;
            }
            let first = &mut es[0];
            first.body.push(' ');
            first.body.push_str(&m.body);
            first.excerpt.extend(m.excerpt);
        }
        entries.extend(es);
    }
    for (n, span) in link_defs.into_iter().filter(|(_, s)| !inside(s.start)) {
        let mut es = entry::read(text, span, lines);
        if let Some(first) = es.first_mut() {
            first.number = Some(n);
            first.body = first.body.replace(['<', '>'], "");
            if first.body.starts_with(':') {
                first.body = first.body[1..].trim().to_string();
            }
        }
        entries.extend(es.into_iter().take(1));
    }
    // Listed in the order they were written, whatever produced them.
    entries.sort_by_key(|e| (e.line, e.col));
    doc.entries = entries;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<(Start, String)> {
        read(text, &LineIndex::new(text))
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Para { text, start, .. } => Some((start, text)),
                Block::Heading { .. } => None,
            })
            .collect()
    }

    #[test]
    fn prose_as_commonmark_reads_it() {
        let text = "Title\n=====\n\nSome *emphasis* and a [link](https://x.y) [1].\nWrapped `code [2]` line.\n\n```\nfenced [3]\n```\n\n- one\n- two\n  still two\n\n> quoted [^4]\n\n[^4]: Foot. Outlet, 2026-01-02.\n";
        let doc = read(text, &LineIndex::new(text));
        assert_eq!(doc.title.as_deref(), Some("Title"));
        let p = paras(text);
        assert_eq!(
            p,
            vec![
                (
                    Start::Paragraph,
                    "Some emphasis and a link [1]. Wrapped `code [2]` line.".to_string()
                ),
                (Start::Bullet, "one".to_string()),
                (Start::Bullet, "two still two".to_string()),
                (Start::Paragraph, "quoted [^4]".to_string()),
            ]
        );
        assert_eq!(doc.entries.len(), 1);
        assert_eq!(doc.entries[0].number, Some(4));
        assert_eq!(doc.entries[0].line, 17);
    }

    #[test]
    fn numbered_link_references_are_markers_and_sources() {
        let text = "# T\n\nSales rose [1] and [2].\n\n[1]: https://a.example/sales-rose\n[2]: <https://b.example/x> \"Title\"\n";
        let doc = read(text, &LineIndex::new(text));
        assert_eq!(paras(text)[0].1, "Sales rose [1] and [2].");
        let nums: Vec<_> = doc.entries.iter().map(|e| e.number).collect();
        assert_eq!(nums, vec![Some(1), Some(2)]);
        assert_eq!(doc.entries[0].body, "https://a.example/sales-rose");
    }
}
