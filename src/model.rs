//! The brief as data: what a store holds, with serde derives and nothing of files or terminals.
//!
//! Citations are not stored: they are derived from the markers in each claim's text
//! (see [`crate::cite`]), so the text stays the one truth.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A field the importer guessed rather than read. Written in a store as the text it always
/// was (`guessed: ["date", "lang"]`), so stores written before it was a type still load.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Guessed {
    Date,
    Lang,
    Kind,
}

impl Serialize for Guessed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.into())
    }
}

impl<'de> Deserialize<'de> for Guessed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Guessed, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "{text:?} is not a field that can be guessed (date, lang, kind)"
            ))
        })
    }
}

/// The store format this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    pub schema: u32,
    pub id: String,
    pub title: String,
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    /// Fields the importer guessed rather than read, e.g. `["date"]` when the brief gave
    /// no date and the newest source's (or the day of import) stands in.
    #[serde(default, skip_serializing_if = "crate::cache::skip_empty_set")]
    pub guessed: BTreeSet<Guessed>,
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub summary: Option<String>,
    pub sections: Vec<Section>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    /// `None` for the untitled opening of a brief.
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub heading: Option<String>,
    pub kind: SectionKind,
    pub claims: Vec<Claim>,
}

impl Section {
    /// The heading, or a name for an untitled section.
    pub fn title(&self) -> &str {
        match &self.heading {
            Some(h) => h,
            None => match self.kind {
                SectionKind::Summary => "Summary",
                _ => "(untitled)",
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionKind {
    /// The untitled opening paragraphs.
    Summary,
    Body,
    Implications,
    Takeaways,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable and unique in the brief, e.g. `open-source-llama.3`.
    pub id: String,
    /// Where the claim stands in the prose: how it joins the claim before it.
    #[serde(default, skip_serializing_if = "crate::cache::skip_default")]
    pub start: Start,
    /// Exactly as written in the brief, citation markers included.
    pub text: String,
}

/// How a claim joins the one before it, so the prose can be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Start {
    /// Continues the paragraph (the first claim of a section always opens one).
    #[default]
    Sentence,
    /// Opens a new paragraph.
    Paragraph,
    /// Opens a new bullet item.
    Bullet,
}

/// A source's short, much repeated fields (its date, language and outlet): held inline,
/// up to 24 bytes, where a `String` takes its 24 bytes to point at a heap copy of each.
/// A large brief's 100,000 sources repeat a few hundred dates, a dozen languages and a few
/// dozen outlets; inline, they need no table to be shared through, and no allocation.
pub type Short = compact_str::CompactString;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What markers refer to: `[n]` and `[^n]` cite source `n`.
    pub number: u32,
    /// ISO date, `YYYY-MM-DD`.
    pub date: Short,
    pub kind: SourceKind,
    /// ISO 639-1 code of the text's language.
    pub lang: Short,
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub url: Option<String>,
    /// The outlet that published it, or that a post relays ("- WSJ", "by @SvD").
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub outlet: Option<Short>,
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub author: Option<String>,
    /// The title a reference gave it (the article's headline), when one was given.
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub title: Option<String>,
    /// Exactly as given (sources are often truncated posts: the `...` stays).
    pub text: String,
    /// An English translation of `text` (and only of `text`) when it is in another language.
    #[serde(default, skip_serializing_if = "crate::cache::skip_none")]
    pub gloss: Option<String>,
    /// Fields that were guessed by the importer rather than given, e.g. `["lang", "kind"]`.
    #[serde(default, skip_serializing_if = "crate::cache::skip_empty_set")]
    pub guessed: BTreeSet<Guessed>,
}

impl Source {
    pub fn is_guessed(&self, field: Guessed) -> bool {
        self.guessed.contains(&field)
    }
}

/// Written in a store as the variant (`News`); labelled and filtered in lower case (`news`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
pub enum SourceKind {
    /// A filing or primary document.
    Filing,
    /// A news report or headline.
    News,
    /// An analysis or opinion piece.
    Analysis,
    /// A post on a social network.
    Social,
    Other,
}

impl SourceKind {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// Where a claim sits: section index and claim index within it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct ClaimRef {
    pub section: usize,
    pub claim: usize,
}

impl Brief {
    pub fn is_guessed(&self, field: Guessed) -> bool {
        self.guessed.contains(&field)
    }

    pub fn claim(&self, at: ClaimRef) -> Option<&Claim> {
        self.sections.get(at.section)?.claims.get(at.claim)
    }

    /// Every claim in reading order, with where it sits.
    pub fn claims(&self) -> impl Iterator<Item = (ClaimRef, &Claim)> {
        self.sections.iter().enumerate().flat_map(|(s, sec)| {
            sec.claims.iter().enumerate().map(move |(c, claim)| {
                (
                    ClaimRef {
                        section: s,
                        claim: c,
                    },
                    claim,
                )
            })
        })
    }

    pub fn claim_count(&self) -> usize {
        self.sections.iter().map(|s| s.claims.len()).sum()
    }

    /// For tests: the place of the claim with this id.
    #[cfg(feature = "testkit")]
    pub fn find_claim(&self, id: &str) -> Option<ClaimRef> {
        self.claims().find(|(_, c)| c.id == id).map(|(r, _)| r)
    }

    /// The source with this number (the first, if the store repeats a number).
    pub fn source(&self, number: u32) -> Option<&Source> {
        self.source_index(number).map(|i| &self.sources[i])
    }

    pub fn source_index(&self, number: u32) -> Option<usize> {
        // Stores usually list sources in number order: try the obvious slot first.
        let guess = (number as usize).wrapping_sub(1);
        if self.sources.get(guess).is_some_and(|s| s.number == number) {
            return Some(guess);
        }
        self.sources.iter().position(|s| s.number == number)
    }

    /// For tests: the section's paragraphs rebuilt from its claims, sentences joined by a
    /// space, bullets prefixed with `- `.
    #[cfg(feature = "testkit")]
    pub fn paragraphs(section: &Section) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, claim) in section.claims.iter().enumerate() {
            match (i, claim.start) {
                (_, Start::Bullet) => out.push(format!("- {}", claim.text)),
                (0, _) | (_, Start::Paragraph) => out.push(claim.text.clone()),
                (_, Start::Sentence) => {
                    let last = out.last_mut().expect("a paragraph was opened by claim 0");
                    last.push(' ');
                    last.push_str(&claim.text);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DEFAULT_BRIEF, load_str, to_ron_string};

    #[test]
    fn guessed_fields_read_and_write_as_the_text_stores_hold() {
        let text = DEFAULT_BRIEF.replacen(
            "    schema: 1,",
            "    schema: 1,\n    guessed: [\"lang\", \"date\"],",
            1,
        );
        let b = load_str(&text, "g.ron").unwrap().brief;
        assert_eq!(b.guessed, BTreeSet::from([Guessed::Date, Guessed::Lang]));
        let again = to_ron_string(&b);
        assert!(
            again.contains("\"date\",") && again.contains("\"lang\","),
            "{again:.300}"
        );
        assert_eq!(load_str(&again, "again").unwrap().brief.guessed, b.guessed);
        let bad = DEFAULT_BRIEF.replacen(
            "    schema: 1,",
            "    schema: 1,\n    guessed: [\"title\"],",
            1,
        );
        let e = load_str(&bad, "g.ron").unwrap_err().to_string();
        assert!(
            e.starts_with("g.ron:8:") && e.contains("\"title\" is not a field"),
            "{e}"
        );
    }
}
