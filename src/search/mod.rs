//! Fuzzy search over sources and claims (SkimMatcherV2), with filters in the query:
//! `lang:de`, `kind:social`, `after:2026-03-03`, `before:…`, `cited:0`, `cited:>2`.
//!
//! Built for 100,000 sources at typing speed: each field keeps a lower-cased copy for a
//! cheap in-order check before the fuzzy scorer runs; a growing query narrows the previous
//! matches instead of starting over; large sets are scored on every core; only the top
//! results are sorted and get highlight positions.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::{Deserialize, Serialize};

use crate::links::Links;
use crate::model::{Brief, SourceKind};

pub use query::{Count, FilterError, Query, Term, TermKind, narrows};

pub mod cache;
mod extended;
mod query;
mod table;

use table::Table;

/// What a search runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Sources,
    Claims,
}

/// The fields a source is matched on, in the order a tie prefers them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
pub enum Field {
    Text,
    Gloss,
    Outlet,
    Url,
    Date,
    /// A claim's id (claims are matched on their text and their id).
    Id,
    /// The analyst's note on a claim (matched by the workbench, which holds the notes).
    Note,
}

impl Field {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// What a source hit shows beside its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRow<'a> {
    pub number: u32,
    pub date: &'a str,
    pub kind: SourceKind,
    pub lang: &'a str,
    /// How many claims cite it.
    pub cites: usize,
}

/// What a claim hit shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimRow<'a> {
    pub id: &'a str,
    pub section: &'a str,
    pub text: &'a str,
}

/// A match: which entry, how well, and where (char positions in the matched field's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Source index in the brief's sources, or claim position in reading order.
    pub index: usize,
    pub score: i64,
    pub field: Field,
    pub positions: Vec<usize>,
}

/// The outcome of a search.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The best matches, best first (ties: by number or reading order), at most `limit`.
    pub hits: Vec<Hit>,
    /// Every entry that matched at all, however loosely, in index order: what a longer
    /// query narrows (a loose match now can become a good one as the query grows).
    pub matched: Vec<usize>,
    /// How many entries are good matches (all of them, not only the top `limit`).
    pub total: usize,
}

pub struct Index {
    table: Table,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Index({} sources, {} claims)",
            self.table.source_count(),
            self.table.claim_count()
        )
    }
}

/// A hit must score at least this share of a perfect match of the query: a scattered
/// match ("superintelligence" picked letter by letter out of a long post) says the word
/// is not there, which is what an analyst needs to see. `~` before a query shows them all.
const MIN_QUALITY: f64 = 0.7;

/// Above this many candidates the work is split across threads.
const PARALLEL_FROM: usize = 4_000;
/// At most this many matches are scored by the matcher on a keystroke; past it, a cheaper
/// rank picks the few that are (see `search`). Keeps a keystroke within a frame at 100,000.
const SKIM_BUDGET: usize = 6_000;

/// The query's text, ready for the cheap checks: smart case (a capital letter means the
/// query is matched as written), and a byte searcher built once per keystroke.
struct Needle {
    text: String,
    case_sensitive: bool,
    finder: memchr::memmem::Finder<'static>,
}

impl Needle {
    fn new(query: &str) -> Needle {
        let case_sensitive = query.chars().any(char::is_uppercase);
        let text = if case_sensitive {
            query.to_string()
        } else {
            query.to_lowercase()
        };
        Needle {
            case_sensitive,
            finder: memchr::memmem::Finder::new(text.as_bytes()).into_owned(),
            text,
        }
    }

    /// Whether the needle's characters occur in order in `hay` (spaces skipped, as the
    /// matcher skips them). Works on bytes: UTF-8 never finds a character's encoding inside
    /// another character's.
    fn in_order(&self, hay: &str) -> bool {
        let hay = hay.as_bytes();
        let mut at = 0;
        let mut buf = [0u8; 4];
        for c in self.text.chars() {
            if c == ' ' {
                continue;
            }
            let found = if c.is_ascii() {
                memchr::memchr(c as u8, &hay[at..]).map(|k| k + 1)
            } else {
                let enc = c.encode_utf8(&mut buf).as_bytes();
                memchr::memmem::find(&hay[at..], enc).map(|k| k + enc.len())
            };
            match found {
                Some(k) => at += k,
                None => return false,
            }
        }
        true
    }
}

/// Whether a claim's id holds `needle` (already lower-cased unless `case_sensitive`). Ids
/// are lower-case as a rule: only one that is not is lower-cased, so the screening pass
/// allocates nothing for 100,000 claims.
fn id_holds(id: &str, needle: &str, case_sensitive: bool) -> bool {
    if case_sensitive || !id.chars().any(char::is_uppercase) {
        id.contains(needle)
    } else {
        id.to_lowercase().contains(needle)
    }
}

/// `f` over `items`, on every core when there are many.
fn par_filter_map<T: Send>(items: &[usize], f: impl Fn(usize) -> Option<T> + Sync) -> Vec<T> {
    if items.len() < PARALLEL_FROM {
        return items.iter().filter_map(|&i| f(i)).collect();
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().filter_map(|&i| f(i)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a search thread panicked"))
            .collect()
    })
}

impl Index {
    pub fn build(brief: &Brief, links: &Links) -> Index {
        Index::from_table(Table::build(brief, links))
    }

    fn from_table(table: Table) -> Index {
        Index {
            table,
            matcher: SkimMatcherV2::default().smart_case(),
        }
    }

    pub fn len(&self, scope: Scope) -> usize {
        match scope {
            Scope::Sources => self.table.source_count(),
            Scope::Claims => self.table.claim_count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.table.source_count() == 0 && self.table.claim_count() == 0
    }

    /// Runs `query` over `scope`. With `within`, only those entries are tried (the previous
    /// results of a query this one extends).
    pub fn search(
        &self,
        query: &Query,
        scope: Scope,
        within: Option<&[usize]>,
        limit: usize,
    ) -> Results {
        if !query.groups.is_empty() {
            return self.search_extended(query, scope, within, limit);
        }
        let all: Vec<usize>;
        let candidates: &[usize] = match within {
            Some(w) => w,
            None => {
                all = (0..self.len(scope)).collect();
                &all
            }
        };
        let needle = Needle::new(&query.text);
        let screened = par_filter_map(candidates, |i| {
            self.screen(query, &needle, scope, i).map(|q| (i, q))
        });
        let matched: Vec<usize> = screened.iter().map(|&(i, _)| i).collect();

        let mut ranked: Vec<(i64, usize, Field)>;
        let total;
        if query.text.is_empty() {
            total = matched.len();
            ranked = matched.iter().map(|&i| (0, i, Field::Text)).collect();
        } else if query.loose || matched.len() <= SKIM_BUDGET {
            let floor = if query.loose {
                i64::MIN
            } else {
                let perfect = self
                    .matcher
                    .fuzzy_match(&query.text, &query.text)
                    .unwrap_or(0);
                (perfect as f64 * MIN_QUALITY) as i64
            };
            ranked = par_filter_map(&matched, |i| {
                self.skim(query, scope, i).map(|(sc, f)| (sc, i, f))
            });
            ranked.retain(|r| r.0 >= floor);
            total = ranked.len();
        } else {
            // Too many to score them all within a frame (a query of a letter or two): the
            // good matches are those that hold the query as written, ranked first by where
            // it starts a word, earliest first; only the top ones are scored by the matcher.
            let mut heap: BinaryHeap<Reverse<(i64, Reverse<usize>)>> =
                BinaryHeap::with_capacity(limit + 1);
            let mut good = 0;
            for &(i, quick) in &screened {
                let Some(q) = quick else { continue };
                good += 1;
                heap.push(Reverse((q, Reverse(i))));
                if heap.len() > limit {
                    heap.pop();
                }
            }
            total = good;
            ranked = heap
                .into_iter()
                .filter_map(|Reverse((_, Reverse(i)))| {
                    self.skim(query, scope, i).map(|(sc, f)| (sc, i, f))
                })
                .collect();
        }
        let hits = self.top(ranked, scope, limit, query);
        Results {
            hits,
            matched,
            total,
        }
    }

    /// The best `limit` of `ranked` (score, index, field), best first, ties by number or
    /// reading order, with highlight positions.
    fn top(
        &self,
        ranked: Vec<(i64, usize, Field)>,
        scope: Scope,
        limit: usize,
        query: &Query,
    ) -> Vec<Hit> {
        let mut heap: BinaryHeap<Reverse<(i64, Reverse<usize>, usize)>> =
            BinaryHeap::with_capacity(limit + 1);
        for (k, &(sc, i, _)) in ranked.iter().enumerate() {
            heap.push(Reverse((sc, Reverse(self.order_key(scope, i)), k)));
            if heap.len() > limit {
                heap.pop();
            }
        }
        let mut top: Vec<(i64, usize, usize)> = heap
            .into_iter()
            .map(|Reverse((sc, Reverse(order), k))| (sc, order, k))
            .collect();
        top.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        top.into_iter()
            .map(|(score, _, k)| {
                let (_, index, field) = ranked[k];
                Hit {
                    index,
                    score,
                    field,
                    positions: self.positions(query, scope, index, field),
                }
            })
            .collect()
    }

    fn order_key(&self, scope: Scope, i: usize) -> usize {
        match scope {
            Scope::Sources => self.table.number(i) as usize,
            Scope::Claims => i,
        }
    }

    /// The cheap first pass: filters, and whether the query's characters occur in order in
    /// the entry (a loose test: across fields counts, which the matcher then rules out).
    /// `Some(quick)` for a match: `quick` is set when a field holds the query as written,
    /// higher where it starts a word and the earlier the better, to rank entries when there
    /// are too many to score.
    fn screen(&self, q: &Query, needle: &Needle, scope: Scope, i: usize) -> Option<Option<i64>> {
        let hay = match scope {
            Scope::Sources => {
                // Filters are rare: only then is the whole entry looked at.
                if q.has_filters() && !Self::passes(q, &self.table.source(i)) {
                    return None;
                }
                self.table.screened_text(i, !needle.case_sensitive)
            }
            Scope::Claims => {
                if q.has_filters() {
                    return None;
                }
                let c = self.table.claim(i);
                // A claim's id ("summary.2") finds it too, first of all.
                if !needle.text.is_empty() && id_holds(c.id, &needle.text, needle.case_sensitive) {
                    return Some(Some(2_000_000));
                }
                if needle.case_sensitive {
                    c.text
                } else {
                    c.lower
                }
            }
        };
        if needle.text.is_empty() {
            return Some(None);
        }
        // A contiguous match is an in-order match too: one search answers both.
        if let Some(pos) = needle.finder.find(hay.as_bytes()) {
            let word_start = pos == 0
                || !hay[..pos]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            return Some(Some(i64::from(word_start) * 1_000_000 - pos as i64));
        }
        needle.in_order(hay).then_some(None)
    }

    /// The matcher's score of the best field.
    fn skim(&self, q: &Query, scope: Scope, i: usize) -> Option<(i64, Field)> {
        match scope {
            Scope::Sources => {
                let mut best: Option<(i64, Field)> = None;
                for (f, text) in self.table.source(i).fields() {
                    if let Some(sc) = self.matcher.fuzzy_match(text, &q.text)
                        && best.is_none_or(|(b, _)| sc > b)
                    {
                        best = Some((sc, f));
                    }
                }
                best
            }
            Scope::Claims => {
                let c = self.table.claim(i);
                let text = self.matcher.fuzzy_match(c.text, &q.text);
                // An id that holds the query as written is the best match there is.
                let sensitive = q.text.chars().any(char::is_uppercase);
                let wanted = if sensitive {
                    q.text.clone()
                } else {
                    q.text.to_lowercase()
                };
                let id = id_holds(c.id, &wanted, sensitive)
                    .then(|| self.matcher.fuzzy_match(&q.text, &q.text).unwrap_or(0) * 2);
                match (text, id) {
                    (t, Some(i)) if t.is_none_or(|t| i >= t) => Some((i, Field::Id)),
                    (Some(t), _) => Some((t, Field::Text)),
                    _ => None,
                }
            }
        }
    }

    fn passes(q: &Query, e: &table::Source) -> bool {
        q.lang.as_ref().is_none_or(|l| e.lang_lower == l)
            && q.kind.is_none_or(|k| e.kind == k)
            && q.after.as_ref().is_none_or(|d| &*e.date >= d.as_str())
            && q.before.as_ref().is_none_or(|d| &*e.date <= d.as_str())
            && q.cited.is_none_or(|c| c.accepts(e.cites))
    }

    fn positions(&self, q: &Query, scope: Scope, i: usize, field: Field) -> Vec<usize> {
        if q.text.is_empty() {
            return Vec::new();
        }
        let text = match scope {
            Scope::Sources => Some(self.field_text(i, field)),
            Scope::Claims => Some(self.table.claim(i).text),
        };
        text.and_then(|t| self.matcher.fuzzy_indices(t, &q.text))
            .map(|(_, p)| p)
            .unwrap_or_default()
    }

    /// What a source hit shows beside its text.
    pub fn source_row(&self, source_index: usize) -> SourceRow<'_> {
        let e = self.table.source(source_index);
        SourceRow {
            number: e.number,
            date: e.date,
            kind: e.kind,
            lang: e.lang,
            cites: e.cites,
        }
    }

    /// A claim hit: its id, its section's id and its text.
    pub fn claim_row(&self, claim_position: usize) -> ClaimRow<'_> {
        let c = self.table.claim(claim_position);
        ClaimRow {
            id: c.id,
            section: c.section,
            text: c.text,
        }
    }

    /// The index as bytes, for the cache (see `cache`).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.table.to_bytes()
    }

    /// An index from `to_bytes`'s output; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Index> {
        Table::from_bytes(bytes).map(Index::from_table)
    }

    /// The text of a field of a source, for showing a hit.
    pub fn field_text(&self, source_index: usize, field: Field) -> &str {
        self.table
            .source(source_index)
            .fields()
            .find(|f| f.0 == field)
            .map_or("", |f| f.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn seed() -> (Brief, Index) {
        let brief = store::load_default().unwrap().brief;
        let links = Links::build(&brief);
        let index = Index::build(&brief, &links);
        (brief, index)
    }

    fn numbers(brief: &Brief, index: &Index, q: &str) -> Vec<u32> {
        let r = index.search(&Query::parse(q), Scope::Sources, None, 50);
        r.hits
            .iter()
            .map(|h| brief.sources[h.index].number)
            .collect()
    }

    #[test]
    fn seed_ranking() {
        let (brief, index) = seed();
        let mut kenya = numbers(&brief, &index, "kenya");
        kenya.sort();
        assert_eq!(kenya, vec![8, 9, 18]);
        let mut saba = numbers(&brief, &index, "maher saba");
        saba.sort();
        assert_eq!(saba, vec![15, 16]);
        assert_eq!(numbers(&brief, &index, "lang:nl"), vec![3, 6]);
    }

    #[test]
    fn filters() {
        let (brief, index) = seed();
        assert_eq!(numbers(&brief, &index, "kind:news"), vec![7, 9, 11, 12]);
        assert_eq!(numbers(&brief, &index, "after:2026-03-07"), vec![3, 20]);
        assert_eq!(numbers(&brief, &index, "before:2026-03-01"), vec![2, 10]);
        // No claim of the seed cites [14]? Every source is cited by at least one claim.
        assert_eq!(numbers(&brief, &index, "cited:0"), Vec::<u32>::new());
        assert_eq!(numbers(&brief, &index, "cited:>6"), vec![1]);
        assert_eq!(numbers(&brief, &index, "lang:de gericht"), vec![2]);
        // The gloss is searched too: an English word finds the German post.
        assert!(numbers(&brief, &index, "court").contains(&2));
    }

    #[test]
    fn scattered_matches_are_hidden_unless_asked_for() {
        let (brief, index) = seed();
        // No source mentions superintelligence, though its letters are in source 5's gloss.
        assert_eq!(
            numbers(&brief, &index, "superintelligence"),
            Vec::<u32>::new()
        );
        assert_eq!(numbers(&brief, &index, "~superintelligence"), vec![5]);
    }

    #[test]
    fn claims_scope() {
        let (brief, index) = seed();
        let r = index.search(&Query::parse("superintelligence"), Scope::Claims, None, 50);
        let ids: Vec<_> = r
            .hits
            .iter()
            .map(|h| brief.claims().nth(h.index).unwrap().1.id.clone())
            .collect();
        for id in [
            "summary.6",
            "hardware-organization.4",
            "hardware-organization.7",
            "implications.7",
            "takeaways.6",
        ] {
            assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
        }
    }

    #[test]
    fn narrowing_gives_the_same_results_as_a_fresh_search() {
        let (_, index) = seed();
        let q1 = Query::parse("me");
        let q2 = Query::parse("meta ai");
        assert!(narrows(&q1, &q2));
        let r1 = index.search(&q1, Scope::Sources, None, 100);
        let narrowed = index.search(&q2, Scope::Sources, Some(&r1.matched), 100);
        let fresh = index.search(&q2, Scope::Sources, None, 100);
        assert_eq!(narrowed.hits, fresh.hits);
    }

    #[test]
    fn cjk_highlights_fall_on_characters() {
        let (brief, index) = seed();
        let r = index.search(&Query::parse("晶片"), Scope::Sources, None, 10);
        let hit = &r.hits[0];
        assert_eq!(brief.sources[hit.index].number, 5);
        let text: Vec<char> = index.field_text(hit.index, hit.field).chars().collect();
        let picked: String = hit.positions.iter().map(|&p| text[p]).collect();
        assert_eq!(picked, "晶片");
    }

    proptest::proptest! {
        #[test]
        fn no_query_panics(q in "\\PC{0,30}|(lang|kind|after|before|cited):[<>0-9a-z\\-]{0,12}") {
            let (_, index) = seed();
            let query = Query::parse(&q);
            for scope in [Scope::Sources, Scope::Claims] {
                let r = index.search(&query, scope, None, 20);
                proptest::prop_assert!(r.hits.len() <= 20);
            }
        }
    }
}
