//! The search query: fuzzy text plus filters (`lang:`, `kind:`, `after:`, `before:`,
//! `cited:`), and when a new query can narrow an old one's results.

use strum::IntoEnumIterator;

use crate::date::Day;
use crate::model::SourceKind;

/// A parsed query: fuzzy text plus filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub lang: Option<String>,
    pub kind: Option<SourceKind>,
    /// Sources dated on or after this day.
    pub after: Option<Day>,
    /// Sources dated on or before this day.
    pub before: Option<Day>,
    pub cited: Option<Count>,
    /// `~query`: keep loose, scattered matches too.
    pub loose: bool,
    /// Filters that could not be read.
    pub errors: Vec<FilterError>,
}

/// A filter whose value means nothing; `at` is the filter's byte offset in the query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("kind:{value}: not one of news, social, analysis, filing, other")]
    Kind { at: usize, value: String },
    #[error("{key}:{value}: not a date like 2026-03-03")]
    Date {
        at: usize,
        key: &'static str,
        value: String,
    },
    #[error("cited:{value}: not a count like 0, 2, >1 or <3")]
    Count { at: usize, value: String },
}

impl FilterError {
    /// Where the filter starts in the query, in bytes.
    pub fn at(&self) -> usize {
        match self {
            FilterError::Kind { at, .. }
            | FilterError::Date { at, .. }
            | FilterError::Count { at, .. } => *at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exactly(usize),
    MoreThan(usize),
    FewerThan(usize),
}

impl Count {
    pub(super) fn accepts(self, n: usize) -> bool {
        match self {
            Count::Exactly(k) => n == k,
            Count::MoreThan(k) => n > k,
            Count::FewerThan(k) => n < k,
        }
    }
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        let mut text = Vec::new();
        for word in input.split_whitespace() {
            let Some((key, value)) = word.split_once(':') else {
                text.push(word);
                continue;
            };
            let value_lc = value.to_lowercase();
            // `word` is a slice of `input`: its offset is where the filter stands.
            let at = word.as_ptr() as usize - input.as_ptr() as usize;
            match key.to_lowercase().as_str() {
                "lang" if !value.is_empty() => q.lang = Some(value_lc),
                "kind" if !value.is_empty() => {
                    match SourceKind::iter().find(|k| k.label().starts_with(&value_lc)) {
                        Some(k) => q.kind = Some(k),
                        None => q.errors.push(FilterError::Kind {
                            at,
                            value: value.to_string(),
                        }),
                    }
                }
                k @ ("after" | "before") if !value.is_empty() => {
                    let (key, slot) = if k == "after" {
                        ("after", &mut q.after)
                    } else {
                        ("before", &mut q.before)
                    };
                    if let Ok(day) = value.parse() {
                        *slot = Some(day);
                    } else {
                        q.errors.push(FilterError::Date {
                            at,
                            key,
                            value: value.to_string(),
                        });
                    }
                }
                "cited" if !value.is_empty() => {
                    let (ctor, digits): (fn(usize) -> Count, &str) = match value.as_bytes()[0] {
                        b'>' => (Count::MoreThan, &value[1..]),
                        b'<' => (Count::FewerThan, &value[1..]),
                        _ => (Count::Exactly, value),
                    };
                    match digits.parse() {
                        Ok(n) => q.cited = Some(ctor(n)),
                        Err(_) => q.errors.push(FilterError::Count {
                            at,
                            value: value.to_string(),
                        }),
                    }
                }
                // Not a filter (a URL, a time, "META:"): search it as text.
                _ => text.push(word),
            }
        }
        q.text = text.join(" ");
        if let Some(rest) = q.text.strip_prefix('~') {
            q.loose = true;
            q.text = rest.trim_start().to_string();
        }
        q
    }

    pub fn has_filters(&self) -> bool {
        self.lang.is_some()
            || self.kind.is_some()
            || self.after.is_some()
            || self.before.is_some()
            || self.cited.is_some()
    }
}

/// Whether `new` only extends `old` in a way that can only narrow the results: same
/// filters, and fuzzy text that starts with the old text.
pub fn narrows(old: &Query, new: &Query) -> bool {
    old.errors.is_empty()
        && old.lang == new.lang
        && old.kind == new.kind
        && old.after == new.after
        && old.before == new.before
        && old.cited == new.cited
        && old.loose == new.loose
        && new.text.starts_with(&old.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parsing() {
        let q = Query::parse("lang:de kind:soc after:2026-03-03 cited:>1 meta ai");
        assert_eq!(q.text, "meta ai");
        assert_eq!(q.lang.as_deref(), Some("de"));
        assert_eq!(q.kind, Some(SourceKind::Social));
        assert_eq!(
            q.after.map(|d| d.to_string()).as_deref(),
            Some("2026-03-03")
        );
        assert_eq!(Query::parse("before:2026-02-31").errors.len(), 1);
        assert_eq!(q.cited, Some(Count::MoreThan(1)));
        let bad = Query::parse("kind:blog  after:march https://t.co");
        assert_eq!(bad.errors.len(), 2);
        assert_eq!(
            bad.errors[1].at(),
            11,
            "the second filter's place in the query"
        );
        assert_eq!(
            bad.errors[1].to_string(),
            "after:march: not a date like 2026-03-03"
        );
        assert_eq!(bad.text, "https://t.co");
    }
}
