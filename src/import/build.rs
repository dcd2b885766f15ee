//! What every reader hands over (headings, blocks of prose, source entries), made into a
//! brief: sections, claims with their `start`, numbered sources. Gaps and repeats in the
//! numbering are warnings, never a refusal; each claim remembers where it stands in the
//! input so a marker with no source can be reported at its line and column.

use std::collections::BTreeMap;

use super::entry::{self, RawEntry};
use super::sentences;
use crate::model::{Claim, Section, SectionKind, Source, Start};
use crate::validate::Diagnostic;

/// A block of the body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        text: String,
        level: usize,
    },
    /// A paragraph or a list item. `anchors` maps offsets in `text` to offsets in the input:
    /// (offset in text, offset in input) where each verbatim piece starts.
    Para {
        text: String,
        start: Start,
        anchors: Vec<(usize, usize)>,
    },
}

/// What a reader found.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub entries: Vec<RawEntry>,
}

/// Where a claim stands in the input: the anchors of its paragraph, shifted to the claim.
#[derive(Debug, Clone, Default)]
pub struct Spot {
    pub anchors: Vec<(usize, usize)>,
}

impl Spot {
    /// The input offset of byte `at` of the claim's text.
    pub fn offset(&self, at: usize) -> Option<usize> {
        let i = self.anchors.partition_point(|(t, _)| *t <= at);
        let (t, s) = self.anchors.get(i.checked_sub(1)?)?;
        Some(s + (at - t))
    }
}

/// Sections and claims from the blocks, with each claim's [`Spot`] in reading order.
pub fn sections(blocks: Vec<Block>) -> (Vec<Section>, Vec<Spot>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut spots: Vec<Spot> = Vec::new();
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
    for block in blocks {
        match block {
            Block::Heading { text, .. } => new_section(Some(text), &mut sections),
            Block::Para {
                text,
                start: block_start,
                anchors,
            } => {
                if sections.is_empty() {
                    new_section(None, &mut sections);
                }
                let section = sections.last_mut().expect("a section was just made");
                let mut cursor = 0;
                for (j, sentence) in sentences::split(&text).into_iter().enumerate() {
                    // The splitter returns trimmed pieces of the text, in order.
                    let at = text[cursor..]
                        .find(&sentence)
                        .map_or(cursor, |i| cursor + i);
                    cursor = at + sentence.len();
                    // The first claim of a section opens its paragraph whatever it says
                    // (the store's convention): only a bullet says so.
                    let start = match (j, block_start, section.claims.is_empty()) {
                        (0, Start::Bullet, _) => Start::Bullet,
                        (0, _, false) => Start::Paragraph,
                        _ => Start::Sentence,
                    };
                    let id = format!("{}.{}", section.id, section.claims.len() + 1);
                    section.claims.push(Claim {
                        id,
                        start,
                        text: sentence,
                    });
                    spots.push(shift(&anchors, at, cursor));
                }
            }
        }
    }
    // Sections that end up empty keep their place only if they have a heading; the spots
    // follow the claims, which are unchanged.
    sections.retain(|s| !s.claims.is_empty() || s.heading.is_some());
    (sections, spots)
}

/// The anchors of a paragraph that cover `from..to`, relative to `from`.
fn shift(anchors: &[(usize, usize)], from: usize, to: usize) -> Spot {
    let para = Spot {
        anchors: anchors.to_vec(),
    };
    let mut out = Vec::new();
    if let Some(s) = para.offset(from) {
        out.push((0, s));
    }
    out.extend(
        anchors
            .iter()
            .filter(|(t, _)| *t > from && *t < to)
            .map(|(t, s)| (t - from, *s)),
    );
    Spot { anchors: out }
}

/// Numbers the entries (as given, else in list order) and makes them sources. A number
/// given twice keeps its first entry; gaps are left as they are. Both are warnings.
pub fn sources(entries: &[RawEntry], file: &str) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut numbered: BTreeMap<u32, &RawEntry> = BTreeMap::new();
    let mut next = 1u32;
    for e in entries {
        let n = e.number.unwrap_or(next);
        if let Some(first) = numbered.get(&n) {
            warnings.push(
                Diagnostic::warning(
                    "repeated-source",
                    format!(
                        "source {n} is listed twice (first on line {}): this entry is ignored",
                        first.line
                    ),
                )
                .at(file, e.line, e.col),
            );
        } else {
            numbered.insert(n, e);
        }
        next = n.saturating_add(1);
    }
    let mut expected = 1u32;
    for (&n, e) in &numbered {
        if n > expected {
            let missing = if n - expected == 1 {
                format!("source {expected} is missing")
            } else {
                format!("sources {expected}–{} are missing", n - 1)
            };
            warnings.push(
                Diagnostic::warning(
                    "source-gap",
                    format!(
                        "source numbering jumps from {} to {n}: {missing}",
                        expected.saturating_sub(1)
                    ),
                )
                .at(file, e.line, e.col),
            );
        }
        expected = n.saturating_add(1);
    }
    let sources = numbered
        .into_iter()
        .map(|(n, e)| {
            let (source, impossible) = entry::source(n, e);
            if let Some(d) = impossible {
                warnings.push(
                    Diagnostic::warning(
                        "impossible-date",
                        format!(
                            "source {n} gives the date {d:?}, which is no day: its date is guessed"
                        ),
                    )
                    .at(file, e.line, e.col),
                );
            }
            source
        })
        .collect();
    (sources, warnings)
}

pub fn section_kind(heading: Option<&str>) -> SectionKind {
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

/// A lower-case id from the first `words` words: "The Open-Source Llama" -> "open-source-llama".
pub fn slug(text: &str, words: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("The Open-Source Llama Strategy: Building", 4),
            "open-source-llama-strategy"
        );
        assert_eq!(slug("Key Takeaways", 4), "key-takeaways");
    }

    #[test]
    fn claims_know_where_they_stand() {
        // "  One [1]. Two [2]." at input offset 100, in two verbatim pieces.
        let blocks = vec![Block::Para {
            text: "One [1]. Two [2].".into(),
            start: Start::Paragraph,
            anchors: vec![(0, 100), (9, 200)],
        }];
        let (sections, spots) = sections(blocks);
        assert_eq!(sections[0].claims[1].text, "Two [2].");
        assert_eq!(spots[0].offset(4), Some(104));
        assert_eq!(spots[1].offset(0), Some(200));
        assert_eq!(spots[1].offset(4), Some(204));
    }

    #[test]
    fn gaps_and_repeats_warn() {
        let e = |n: u32, line: usize| RawEntry {
            number: Some(n),
            body: format!("Source {n}"),
            excerpt: vec![],
            line,
            col: 1,
        };
        let (s, w) = sources(&[e(1, 5), e(1, 6), e(4, 7)], "b.md");
        assert_eq!(s.iter().map(|s| s.number).collect::<Vec<_>>(), vec![1, 4]);
        let shown: Vec<String> = w.iter().map(|d| d.display("x")).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("b.md:6:1: warning[repeated-source]"),
            "{shown:?}"
        );
        assert!(shown[1].contains("b.md:7:1: warning[source-gap]: source numbering jumps from 1 to 4: sources 2–3 are missing"), "{shown:?}");
    }
}
