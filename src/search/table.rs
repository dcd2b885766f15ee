//! What the search runs over, laid out for speed and for the cache: every string of every
//! entry in one text arena, and each entry a fixed-size record of spans into it. A million
//! small strings would cost a million allocations to build, to decode from the cache and
//! to free; this costs a handful.

use serde::{Deserialize, Serialize};

use super::Field;
use crate::links::Links;
use crate::model::{Brief, SourceKind};

/// A stretch of the arena, in bytes.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Serialize, Deserialize)]
struct SourceEntry {
    number: u32,
    kind: SourceKind,
    cites: u32,
    date: Span,
    /// As written, for showing; `lang_lower` for the `lang:` filter.
    lang: Span,
    lang_lower: Span,
    /// Every field joined by newlines, as written and lower-cased: one stretch to screen
    /// (a query has no newline, so a contiguous match never spans two fields).
    all: Span,
    all_lower: Span,
    /// This source's fields: a range of `Table::fields`.
    fields: Span,
}

#[derive(Serialize, Deserialize)]
struct FieldEntry {
    field: Field,
    text: Span,
}

#[derive(Serialize, Deserialize)]
struct ClaimEntry {
    id: Span,
    section: Span,
    text: Span,
    lower: Span,
}

/// A source as the search sees it.
pub(super) struct Source<'a> {
    pub number: u32,
    pub kind: SourceKind,
    pub cites: usize,
    pub date: &'a str,
    pub lang: &'a str,
    pub lang_lower: &'a str,
    fields: &'a [FieldEntry],
    text: &'a str,
}

impl<'a> Source<'a> {
    /// Each field and its text, in the order a tie prefers them.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &'a str)> + 'a {
        let text = self.text;
        self.fields
            .iter()
            .map(move |f| (f.field, slice(text, f.text)))
    }
}

/// A claim as the search sees it.
pub(super) struct Claim<'a> {
    pub id: &'a str,
    pub section: &'a str,
    pub text: &'a str,
    pub lower: &'a str,
}

#[derive(Serialize, Deserialize, Default)]
pub(super) struct Table {
    text: String,
    sources: Vec<SourceEntry>,
    fields: Vec<FieldEntry>,
    claims: Vec<ClaimEntry>,
}

fn slice(text: &str, s: Span) -> &str {
    &text[s.start as usize..s.end as usize]
}

/// Positions in the arena as u32: briefs are capped at 256 MiB, so the arena (the text
/// twice, lower-cased once) stays well under 4 GiB.
fn pos(n: usize) -> u32 {
    u32::try_from(n).expect("search arena under 4 GiB (briefs are capped at 256 MiB)")
}

impl Table {
    pub fn build(brief: &Brief, links: &Links) -> Table {
        let source_bytes: usize = brief
            .sources
            .iter()
            .map(|s| {
                s.text.len()
                    + [s.gloss.as_deref(), s.outlet.as_deref(), s.url.as_deref()]
                        .iter()
                        .map(|v| v.map_or(0, |v| v.len() + 1))
                        .sum::<usize>()
                    + s.date.len()
                    + 1
                    + s.lang.len()
            })
            .sum();
        let claim_bytes: usize = brief.claims().map(|(_, c)| 2 * c.text.len()).sum();
        let mut t = Table {
            text: String::with_capacity(2 * source_bytes + claim_bytes),
            sources: Vec::with_capacity(brief.sources.len()),
            fields: Vec::with_capacity(brief.sources.len() * 2),
            claims: Vec::with_capacity(brief.claim_count()),
        };
        for s in &brief.sources {
            let mut parts: Vec<(Field, &str)> = vec![(Field::Text, s.text.as_str())];
            for (f, v) in [
                (Field::Gloss, s.gloss.as_deref()),
                (Field::Outlet, s.outlet.as_deref()),
                (Field::Url, s.url.as_deref()),
            ] {
                if let Some(v) = v {
                    parts.push((f, v));
                }
            }
            parts.push((Field::Date, s.date.as_str()));
            let first_field = pos(t.fields.len());
            let all_start = pos(t.text.len());
            for (k, (f, text)) in parts.iter().enumerate() {
                if k > 0 {
                    t.text.push('\n');
                }
                let span = t.push(text);
                t.fields.push(FieldEntry {
                    field: *f,
                    text: span,
                });
            }
            let all = Span {
                start: all_start,
                end: pos(t.text.len()),
            };
            let lower_start = pos(t.text.len());
            for (k, (_, text)) in parts.iter().enumerate() {
                if k > 0 {
                    t.text.push('\n');
                }
                t.push_lower(text);
            }
            let all_lower = Span {
                start: lower_start,
                end: pos(t.text.len()),
            };
            let date = t.fields.last().expect("the date is always a field").text;
            let lang = t.push(&s.lang);
            let lang_lower = t.push_lower(&s.lang);
            t.sources.push(SourceEntry {
                number: s.number,
                kind: s.kind,
                cites: pos(links.cited_by(s.number).len()),
                date,
                lang,
                lang_lower,
                all,
                all_lower,
                fields: Span {
                    start: first_field,
                    end: pos(t.fields.len()),
                },
            });
        }
        // Section ids are shared by their claims: one copy each.
        let sections: Vec<Span> = brief.sections.iter().map(|s| t.push(&s.id)).collect();
        for (at, c) in brief.claims() {
            let claim = ClaimEntry {
                id: t.push(&c.id),
                section: sections[at.section],
                text: t.push(&c.text),
                lower: t.push_lower(&c.text),
            };
            t.claims.push(claim);
        }
        t
    }

    /// `s` lower-cased, as `str::to_lowercase` has it; plain ASCII (most of any brief) in
    /// place, with no string made for it.
    fn push_lower(&mut self, s: &str) -> Span {
        if !s.is_ascii() {
            return self.push(&s.to_lowercase());
        }
        let span = self.push(s);
        // Safe to change in place: ASCII letters lower-cased stay one ASCII byte each.
        self.text[span.start as usize..span.end as usize].make_ascii_lowercase();
        span
    }

    fn push(&mut self, s: &str) -> Span {
        let start = pos(self.text.len());
        self.text.push_str(s);
        Span {
            start,
            end: pos(self.text.len()),
        }
    }

    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }

    pub fn source(&self, i: usize) -> Source<'_> {
        let e = &self.sources[i];
        let t = self.text.as_str();
        Source {
            number: e.number,
            kind: e.kind,
            cites: e.cites as usize,
            date: slice(t, e.date),
            lang: slice(t, e.lang),
            lang_lower: slice(t, e.lang_lower),
            fields: &self.fields[e.fields.start as usize..e.fields.end as usize],
            text: t,
        }
    }

    /// A source's number, without slicing its strings.
    pub fn number(&self, i: usize) -> u32 {
        self.sources[i].number
    }

    /// Every field of a source joined, as written or lower-cased: all the screening pass
    /// reads, 100,000 times a keystroke, so nothing else is sliced.
    pub fn screened_text(&self, i: usize, lower: bool) -> &str {
        let e = &self.sources[i];
        slice(&self.text, if lower { e.all_lower } else { e.all })
    }

    pub fn claim(&self, i: usize) -> Claim<'_> {
        let e = &self.claims[i];
        let t = self.text.as_str();
        Claim {
            id: slice(t, e.id),
            section: slice(t, e.section),
            text: slice(t, e.text),
            lower: slice(t, e.lower),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).expect("plain data serializes")
    }

    /// A table from `to_bytes`'s output; `None` when the bytes are not one (a damaged or
    /// foreign file), checked down to every span so no later slice can panic.
    pub fn from_bytes(bytes: &[u8]) -> Option<Table> {
        let t: Table = postcard::from_bytes(bytes).ok()?;
        let text = t.text.as_str();
        let ok = |s: Span| {
            s.start <= s.end
                && text.is_char_boundary(s.start as usize)
                && text.is_char_boundary(s.end as usize)
        };
        let fields_ok = |s: Span| s.start <= s.end && s.end as usize <= t.fields.len();
        let sound = t.fields.iter().all(|f| ok(f.text))
            && t.sources.iter().all(|e| {
                [e.date, e.lang, e.lang_lower, e.all, e.all_lower]
                    .into_iter()
                    .all(ok)
                    && fields_ok(e.fields)
            })
            && t.claims
                .iter()
                .all(|c| [c.id, c.section, c.text, c.lower].into_iter().all(ok));
        sound.then_some(t)
    }
}
