//! fzf's extended search: words in any order, `'exact`, `!not`, `^prefix`, `suffix$` and
//! `a | b`, each word matched on its own against every field of an entry (a claim's id as
//! well as its text). A query of one plain word never comes here: the plain search, with
//! its budget for 100,000 entries, answers it.

use fuzzy_matcher::FuzzyMatcher;

use super::query::{Term, TermKind};
use super::{Field, Hit, Index, MIN_QUALITY, Needle, Query, Results, Scope, par_filter_map};

/// What an exact word adds to an entry's score: an exact match is worth a good fuzzy one.
const EXACT_SCORE: i64 = 50;

impl Index {
    pub(super) fn search_extended(
        &self,
        query: &Query,
        scope: Scope,
        within: Option<&[usize]>,
        limit: usize,
    ) -> Results {
        let all: Vec<usize>;
        let candidates: &[usize] = match within {
            Some(w) => w,
            None => {
                all = (0..self.len(scope)).collect();
                &all
            }
        };
        // The cheap pass first: a word's characters in order somewhere in the entry is what
        // any match of it needs; only entries that pass are scored word by word.
        let needles: Vec<Vec<Option<Needle>>> = query
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| (!t.negated).then(|| Needle::new(&t.text)))
                    .collect()
            })
            .collect();
        let ranked: Vec<(i64, usize, Field)> = par_filter_map(candidates, |i| {
            if !self.may_match(scope, i, &needles) {
                return None;
            }
            let fields = self.entry_fields(query, scope, i)?;
            self.score(query, &fields).map(|(sc, f)| (sc, i, f))
        });
        let matched: Vec<usize> = ranked.iter().map(|r| r.1).collect();
        let total = ranked.len();
        let mut ranked = ranked;
        ranked.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(self.order_key(scope, a.1).cmp(&self.order_key(scope, b.1)))
        });
        ranked.truncate(limit);
        let hits = ranked
            .into_iter()
            .map(|(score, index, field)| {
                let fields = self.entry_fields(query, scope, index).unwrap_or_default();
                // A claim shows its text, whatever field matched.
                let shown = if scope == Scope::Claims {
                    Field::Text
                } else {
                    field
                };
                let text = fields.iter().find(|f| f.0 == shown).map_or("", |f| f.1);
                Hit {
                    index,
                    score,
                    field,
                    positions: self.term_positions(query, text),
                }
            })
            .collect();
        Results {
            hits,
            matched,
            total,
        }
    }

    /// Whether every group may match entry `i`: one of its words has its characters in
    /// order in the entry's text (a `!word` may always match).
    fn may_match(&self, scope: Scope, i: usize, needles: &[Vec<Option<Needle>>]) -> bool {
        needles.iter().all(|group| {
            group.iter().any(|n| match n {
                None => true,
                Some(n) => match scope {
                    Scope::Sources => n.in_order(self.table.screened_text(i, !n.case_sensitive)),
                    Scope::Claims => {
                        let c = self.table.claim(i);
                        let text = if n.case_sensitive { c.text } else { c.lower };
                        n.in_order(text) || n.in_order(&c.id.to_lowercase())
                    }
                },
            })
        })
    }

    /// The fields an entry is matched on, or `None` when a filter rules it out. A claim's
    /// id is a field of its own, after its text.
    fn entry_fields(&self, q: &Query, scope: Scope, i: usize) -> Option<Vec<(Field, &str)>> {
        match scope {
            Scope::Sources => {
                let s = self.table.source(i);
                if q.has_filters() && !Self::passes(q, &s) {
                    return None;
                }
                Some(s.fields().collect())
            }
            Scope::Claims => {
                if q.has_filters() {
                    return None;
                }
                let c = self.table.claim(i);
                Some(vec![(Field::Text, c.text), (Field::Id, c.id)])
            }
        }
    }

    /// The entry's score when every group matches, and the field its best word is in.
    fn score(&self, q: &Query, fields: &[(Field, &str)]) -> Option<(i64, Field)> {
        let mut total = 0;
        let mut best: Option<(i64, Field)> = None;
        for group in &q.groups {
            let (sc, field) = group
                .iter()
                .filter_map(|t| self.term_score(q, t, fields))
                .max_by_key(|m| m.0)?;
            total += sc;
            if let Some(f) = field
                && best.is_none_or(|b| sc > b.0)
            {
                best = Some((sc, f));
            }
        }
        Some((total, best.map_or(Field::Text, |b| b.1)))
    }

    /// A word's score on an entry and the field it matched in (`None` for a `!word`, which
    /// matches by its absence), or `None` when it does not match.
    fn term_score(
        &self,
        q: &Query,
        t: &Term,
        fields: &[(Field, &str)],
    ) -> Option<(i64, Option<Field>)> {
        if t.kind == TermKind::Fuzzy && !t.negated {
            let floor = if q.loose {
                i64::MIN
            } else {
                let perfect = self.matcher.fuzzy_match(&t.text, &t.text).unwrap_or(0);
                (perfect as f64 * MIN_QUALITY) as i64
            };
            return fields
                .iter()
                .filter_map(|&(f, text)| {
                    self.matcher
                        .fuzzy_match(text, &t.text)
                        .filter(|&sc| sc >= floor)
                        .map(|sc| (sc, Some(f)))
                })
                .max_by_key(|m| m.0);
        }
        let found = fields.iter().find(|(_, text)| holds(t, text)).map(|f| f.0);
        match (found, t.negated) {
            (Some(f), false) => Some((EXACT_SCORE, Some(f))),
            (None, true) => Some((0, None)),
            _ => None,
        }
    }

    /// Characters of `text` to highlight: each plain word's fuzzy match and each exact
    /// word's occurrence.
    fn term_positions(&self, q: &Query, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for t in q.groups.iter().flatten().filter(|t| !t.negated) {
            if t.kind == TermKind::Fuzzy {
                if let Some((_, p)) = self.matcher.fuzzy_indices(text, &t.text) {
                    out.extend(p);
                }
            } else if let Some(start) = occurrence(t, text) {
                let first = text[..start].chars().count();
                out.extend(first..first + t.text.chars().count());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Whether `text` holds the word as its kind says, case aside unless it has a capital.
fn holds(t: &Term, text: &str) -> bool {
    occurrence(t, text).is_some()
}

/// Byte offset in `text` where the word occurs as its kind says.
fn occurrence(t: &Term, text: &str) -> Option<usize> {
    let (hay, needle) = if t.case_sensitive() {
        (text.to_string(), t.text.clone())
    } else {
        (text.to_lowercase(), t.text.to_lowercase())
    };
    // Lower-casing can change byte lengths (rarely): offsets are only used where it did not.
    let at = match t.kind {
        TermKind::Fuzzy | TermKind::Exact => hay.find(&needle),
        TermKind::Prefix => hay
            .trim_start()
            .starts_with(&needle)
            .then(|| hay.len() - hay.trim_start().len()),
        TermKind::Suffix => {
            let h = hay.trim_end();
            h.ends_with(&needle).then(|| h.len() - needle.len())
        }
        TermKind::Whole => (hay.trim() == needle).then(|| hay.len() - hay.trim_start().len()),
    }?;
    (hay.len() == text.len() && text.is_char_boundary(at))
        .then_some(at)
        .or(Some(0))
}

#[cfg(test)]
mod tests {
    use super::super::{Index, Query, Scope};
    use crate::links::Links;
    use crate::store;

    fn seed() -> (crate::model::Brief, Index) {
        let brief = store::load_default().unwrap().brief;
        let links = Links::build(&brief);
        let index = Index::build(&brief, &links);
        (brief, index)
    }

    fn numbers(q: &str) -> Vec<u32> {
        let (brief, index) = seed();
        let mut n: Vec<u32> = index
            .search(&Query::parse(q), Scope::Sources, None, 100)
            .hits
            .iter()
            .map(|h| brief.sources[h.index].number)
            .collect();
        n.sort_unstable();
        n
    }

    fn claims(q: &str) -> Vec<String> {
        let (brief, index) = seed();
        let links = Links::build(&brief);
        index
            .search(&Query::parse(q), Scope::Claims, None, 100)
            .hits
            .iter()
            .map(|h| brief.claim(links.at(h.index)).unwrap().id.clone())
            .collect()
    }

    #[test]
    fn words_match_in_any_order() {
        let a = numbers("maher saba");
        assert!(a.contains(&16), "{a:?}");
        assert_eq!(a, numbers("saba maher"));
    }

    #[test]
    fn exact_words_are_held_as_written() {
        // "kenya" as written is in [8], [9] ("Kenyan") and [18]; fuzzily more may match.
        assert_eq!(numbers("'kenya"), vec![8, 9, 18]);
        assert_eq!(numbers("'kenya'"), vec![8, 9, 18]);
    }

    #[test]
    fn a_negated_word_rules_out() {
        assert_eq!(numbers("'kenya !sama"), vec![8, 9]);
        assert!(numbers("!meta").iter().all(|&n| n != 11 && n != 12));
    }

    #[test]
    fn prefix_and_suffix_anchor_a_field() {
        let wsj = numbers("wsj$");
        assert!(wsj.contains(&16), "{wsj:?}");
        assert!(numbers("^wsj$").contains(&16));
        let meta = numbers("^meta");
        assert!(meta.contains(&11) && meta.contains(&3), "{meta:?}");
        // [9] starts "Kenyan workers…": a prefix of no field of it is "meta".
        assert!(!meta.contains(&9), "{meta:?}");
        assert!(numbers("!^meta").contains(&9));
    }

    #[test]
    fn a_bar_is_either() {
        let either = numbers("'kenya | 'saba");
        assert_eq!(either, vec![8, 9, 15, 16, 18]);
        assert!(numbers("'kenya 'saba").is_empty());
    }

    #[test]
    fn claims_are_found_by_their_id() {
        assert_eq!(
            claims("summary.2").first().map(String::as_str),
            Some("summary.2")
        );
        let takeaways = claims("'takeaways. !durable");
        assert!(!takeaways.is_empty());
        assert!(
            takeaways.iter().all(|id| id.starts_with("takeaways.")),
            "{takeaways:?}"
        );
    }
}
