//! Which of several equal string literals in a store is a given field's own: a bad date
//! shared by two sources is placed at each one's line, not twice at the first.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::Brief;

/// A source's field that validation places in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum SourceField {
    Date,
    Lang,
}

impl SourceField {
    pub(super) fn of(self, source: &crate::model::Source) -> &str {
        match self {
            SourceField::Date => &source.date,
            SourceField::Lang => &source.lang,
        }
    }
}

/// For each (source index, field) asked, how many string values equal to it a store writes
/// before it, in the order a store is written (the brief's own fields; each section's id
/// and heading and its claims' ids and texts; each source's fields in turn): which of the
/// equal literals in the text is its own. One walk through the brief for all of them.
pub(super) fn written_before<'b>(brief: &'b Brief, asked: &[(usize, SourceField)]) -> Vec<usize> {
    if asked.is_empty() {
        return Vec::new();
    }
    let values: HashSet<&'b str> = asked
        .iter()
        .map(|&(i, f)| f.of(&brief.sources[i]))
        .collect();
    let mut seen: HashMap<&'b str, usize> = HashMap::default();
    // Counts a value written, and says how many times it was written before.
    let mut count = |v: &str| match values.get(v) {
        Some(&v) => {
            let n = seen.entry(v).or_default();
            *n += 1;
            *n - 1
        }
        None => 0,
    };
    let b = brief;
    for v in [
        Some(&b.id),
        Some(&b.title),
        Some(&b.date),
        b.subtitle.as_ref(),
        b.summary.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        count(v);
    }
    for section in &b.sections {
        count(&section.id);
        if let Some(h) = &section.heading {
            count(h);
        }
        for claim in &section.claims {
            count(&claim.id);
            count(&claim.text);
        }
    }
    let wanted: HashSet<(usize, SourceField)> = asked.iter().copied().collect();
    let mut answers: HashMap<(usize, SourceField), usize> = HashMap::default();
    for (i, source) in b.sources.iter().enumerate() {
        let fields: [(Option<SourceField>, Option<&str>); 8] = [
            (Some(SourceField::Date), Some(&source.date)),
            (Some(SourceField::Lang), Some(&source.lang)),
            (None, source.url.as_deref()),
            (None, source.outlet.as_deref()),
            (None, source.author.as_deref()),
            (None, source.title.as_deref()),
            (None, Some(&source.text)),
            (None, source.gloss.as_deref()),
        ];
        for (field, value) in fields {
            let Some(value) = value else { continue };
            let before = count(value);
            if let Some(f) = field
                && wanted.contains(&(i, f))
            {
                answers.insert((i, f), before);
            }
        }
    }
    asked
        .iter()
        .map(|k| answers.get(k).copied().unwrap_or(0))
        .collect()
}
