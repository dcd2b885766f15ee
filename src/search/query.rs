//! The search query: fuzzy text plus filters (`lang:`, `kind:`, `after:`, `before:`,
//! `cited:`), fzf's operators (`'exact`, `!not`, `^prefix`, `suffix$`, `a | b`, words in
//! any order), and when a new query can narrow an old one's results.

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
    /// fzf's extended search: every group must match, and a group matches when any of its
    /// terms does (`a | b`). Empty for a query of one plain word, which `text` holds and
    /// the plain fuzzy search answers; set (every text term in it) as soon as the query has
    /// two words or an operator.
    pub groups: Vec<Vec<Term>>,
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

/// One word of an extended query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    /// The word without its operators.
    pub text: String,
    /// `!word`: the entry must not hold it (as written: an inverse match is exact).
    pub negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A plain word, matched fuzzily.
    Fuzzy,
    /// `'word`: held as written (case aside, unless it has a capital).
    Exact,
    /// `^word`: a field starts with it.
    Prefix,
    /// `word$`: a field ends with it.
    Suffix,
    /// `^word$`: a field is exactly it.
    Whole,
}

impl Term {
    /// A word as fzf reads it; `None` when nothing is left of it but operators.
    pub fn parse(word: &str) -> Option<Term> {
        let (negated, rest) = match word.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, word),
        };
        let (quoted, rest) = match rest.strip_prefix('\'') {
            Some(r) => (true, r.strip_suffix('\'').unwrap_or(r)),
            None => (false, rest),
        };
        let (prefix, rest) = match rest.strip_prefix('^') {
            Some(r) if !quoted => (true, r),
            _ => (false, rest),
        };
        let (suffix, rest) = match rest.strip_suffix('$') {
            Some(r) if !quoted && !r.is_empty() => (true, r),
            _ => (false, rest),
        };
        if rest.is_empty() {
            return None;
        }
        let kind = match (quoted, prefix, suffix) {
            (true, ..) => TermKind::Exact,
            (_, true, true) => TermKind::Whole,
            (_, true, false) => TermKind::Prefix,
            (_, false, true) => TermKind::Suffix,
            // fzf: `!word` is an inverse exact match.
            _ if negated => TermKind::Exact,
            _ => TermKind::Fuzzy,
        };
        Some(Term {
            kind,
            text: rest.to_string(),
            negated,
        })
    }

    /// Whether the word is matched as written (a capital letter in it), else case aside.
    pub fn case_sensitive(&self) -> bool {
        self.text.chars().any(char::is_uppercase)
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
        if let Some(first) = text.first_mut()
            && let Some(rest) = first.strip_prefix('~')
        {
            q.loose = true;
            *first = rest;
        }
        text.retain(|w| !w.is_empty());
        q.groups = groups(&text);
        // The plain words, for the plain search and its ranking.
        q.text = if q.groups.is_empty() {
            text.join(" ")
        } else {
            q.groups
                .iter()
                .flatten()
                .filter(|t| t.kind == TermKind::Fuzzy && !t.negated)
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
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

/// The text words as fzf groups them: `|` between two terms makes them one group. A query
/// of one plain word (or none) has no groups: the plain search answers it.
fn groups(words: &[&str]) -> Vec<Vec<Term>> {
    let plain = words.len() <= 1
        && words
            .iter()
            .all(|w| Term::parse(w).is_some_and(|t| t.kind == TermKind::Fuzzy && !t.negated));
    if plain {
        return Vec::new();
    }
    let mut groups: Vec<Vec<Term>> = Vec::new();
    let mut join = false;
    for w in words {
        if *w == "|" {
            join = !groups.is_empty();
            continue;
        }
        let Some(term) = Term::parse(w) else { continue };
        match groups.last_mut() {
            Some(g) if join => g.push(term),
            _ => groups.push(vec![term]),
        }
        join = false;
    }
    groups
}

/// Whether `new` only extends `old` in a way that can only narrow the results: same
/// filters, and fuzzy text that starts with the old text; for extended queries, the same
/// groups with more after them, or the last word grown (a plain, exact or prefix word).
pub fn narrows(old: &Query, new: &Query) -> bool {
    if !old.groups.is_empty() || !new.groups.is_empty() {
        if old.groups.is_empty() {
            // One plain word (or none) before: the same as a group of it.
            if old.text.is_empty() {
                return same_filters(old, new);
            }
            let word = vec![vec![Term {
                kind: TermKind::Fuzzy,
                text: old.text.clone(),
                negated: false,
            }]];
            return same_filters(old, new) && groups_narrow(&word, &new.groups);
        }
        return same_filters(old, new) && groups_narrow(&old.groups, &new.groups);
    }
    same_filters(old, new) && new.text.starts_with(&old.text)
}

fn groups_narrow(old: &[Vec<Term>], new: &[Vec<Term>]) -> bool {
    let Some((last, rest)) = old.split_last() else {
        return false;
    };
    if new.len() < old.len() || new[..rest.len()] != *rest {
        return false;
    }
    let grown = &new[rest.len()];
    if grown == last {
        return true;
    }
    match (last.as_slice(), grown.as_slice()) {
        ([a], [b]) => {
            a.kind == b.kind
                && !a.negated
                && !b.negated
                && matches!(a.kind, TermKind::Fuzzy | TermKind::Exact | TermKind::Prefix)
                && b.text.starts_with(&a.text)
                && a.case_sensitive() == b.case_sensitive()
        }
        _ => false,
    }
}

fn same_filters(old: &Query, new: &Query) -> bool {
    old.errors.is_empty()
        && old.lang == new.lang
        && old.kind == new.kind
        && old.after == new.after
        && old.before == new.before
        && old.cited == new.cited
        && old.loose == new.loose
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

    fn term(kind: TermKind, text: &str, negated: bool) -> Term {
        Term {
            kind,
            text: text.into(),
            negated,
        }
    }

    #[test]
    fn one_plain_word_is_the_plain_search() {
        let q = Query::parse("kenya");
        assert!(q.groups.is_empty());
        assert_eq!(q.text, "kenya");
        assert!(Query::parse("~kenya").groups.is_empty());
    }

    #[test]
    fn words_in_any_order_are_groups_of_their_own() {
        let q = Query::parse("saba maher");
        assert_eq!(
            q.groups,
            vec![
                vec![term(TermKind::Fuzzy, "saba", false)],
                vec![term(TermKind::Fuzzy, "maher", false)]
            ]
        );
        assert_eq!(q.text, "saba maher");
    }

    #[test]
    fn each_operator() {
        let one = |s: &str| Query::parse(s).groups.remove(0).remove(0);
        assert_eq!(one("'kenya"), term(TermKind::Exact, "kenya", false));
        assert_eq!(one("'kenya'"), term(TermKind::Exact, "kenya", false));
        assert_eq!(one("!kenya"), term(TermKind::Exact, "kenya", true));
        assert_eq!(one("^meta"), term(TermKind::Prefix, "meta", false));
        assert_eq!(one("wsj$"), term(TermKind::Suffix, "wsj", false));
        assert_eq!(one("^wsj$"), term(TermKind::Whole, "wsj", false));
        assert_eq!(one("!^meta"), term(TermKind::Prefix, "meta", true));
        assert_eq!(one("!wsj$"), term(TermKind::Suffix, "wsj", true));
        // Operators alone are nothing.
        assert!(Query::parse("! ^ '").groups.is_empty());
    }

    #[test]
    fn a_bar_joins_its_neighbours_into_one_group() {
        let q = Query::parse("meta kenya | nairobi | lagos 'sama");
        assert_eq!(q.groups.len(), 3);
        assert_eq!(q.groups[1].len(), 3);
        assert_eq!(q.groups[1][2].text, "lagos");
        assert_eq!(q.groups[2], vec![term(TermKind::Exact, "sama", false)]);
        // A bar at the start or the end joins nothing.
        assert_eq!(Query::parse("| a b |").groups.len(), 2);
    }

    #[test]
    fn filters_stay_beside_the_operators() {
        let q = Query::parse("lang:de !meta 'ki");
        assert_eq!(q.lang.as_deref(), Some("de"));
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.text, "");
    }

    #[test]
    fn narrowing_of_extended_queries() {
        let n = |a: &str, b: &str| narrows(&Query::parse(a), &Query::parse(b));
        assert!(n("maher s", "maher sa"));
        assert!(n("maher", "maher saba"));
        assert!(n("maher saba", "maher saba 'wsj"));
        assert!(n("'sab", "'saba"));
        assert!(!n("sab$", "saba$"));
        assert!(!n("!sab", "!saba"));
        assert!(!n("a | b", "a | bc"));
        assert!(!n("maher saba", "maher"));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(s in "[ !^$'|~a-z:<>0-9\\PC]{0,40}") {
            let q = Query::parse(&s);
            for g in &q.groups {
                proptest::prop_assert!(!g.is_empty());
                for t in g {
                    proptest::prop_assert!(!t.text.is_empty());
                }
            }
            let _ = narrows(&q, &Query::parse(&format!("{s}x")));
        }
    }
}
