//! Sources that relay one story: near-duplicates found by weighted word overlap.
//!
//! Posts are short and truncated, often in several languages, so shingles of running text
//! rarely line up. Instead each source becomes a set of features (stems of its English text
//! or gloss, its figures, its relayed outlet), rarer features weigh more (idf), and two
//! sources are one story when the features they share carry at least half the weight of
//! the smaller one. Candidate pairs come from an inverted index of the rarer features, so
//! a store of 100,000 sources is not compared pair by pair.

use std::collections::{HashMap, HashSet};

/// Two sources whose shared features carry at least this share of the smaller one's weight.
const THRESHOLD: f32 = 0.35;
/// The same, for two posts that relay the same outlet: that alone is strong evidence.
const SAME_OUTLET_THRESHOLD: f32 = 0.25;
/// Features in more sources than this do not propose candidate pairs (still weighed).
const MAX_POSTING: usize = 64;
/// And a pair must share at least this many features (three words in common is chance:
/// "meta", "tool", "shopping" are two stories about one product).
const MIN_SHARED: usize = 4;
/// Or this many, one of them the outlet both relay.
const MIN_SHARED_SAME_OUTLET: usize = 3;

/// Groups of sources (by index into `features`) that relay one story; singletons left out.
/// Features that start with `@` name a relayed outlet.
pub fn clusters(features: &[HashSet<String>]) -> Vec<Vec<usize>> {
    let n = features.len();
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in features.iter().enumerate() {
        for feat in f {
            postings.entry(feat.as_str()).or_default().push(i);
        }
    }
    let idf = |feat: &str| {
        let df = postings.get(feat).map_or(1, Vec::len) as f32;
        (n as f32 / df).ln() + 1.0
    };
    let weight = |f: &HashSet<String>| f.iter().map(|x| idf(x)).sum::<f32>();
    let weights: Vec<f32> = features.iter().map(weight).collect();

    let mut uf = UnionFind::new(n);
    let mut tried: HashSet<(usize, usize)> = HashSet::new();
    for list in postings
        .values()
        .filter(|l| l.len() > 1 && l.len() <= MAX_POSTING)
    {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                if !tried.insert((a, b)) || uf.find(a) == uf.find(b) {
                    continue;
                }
                let shared: Vec<&String> = features[a].intersection(&features[b]).collect();
                let same_outlet = shared.iter().any(|x| x.starts_with('@'));
                let (min_shared, threshold) = if same_outlet {
                    (MIN_SHARED_SAME_OUTLET, SAME_OUTLET_THRESHOLD)
                } else {
                    (MIN_SHARED, THRESHOLD)
                };
                if shared.len() < min_shared {
                    continue;
                }
                let w: f32 = shared.iter().map(|x| idf(x)).sum();
                let smaller = weights[a].min(weights[b]);
                if smaller > 0.0 && w / smaller >= threshold {
                    uf.union(a, b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &str) -> HashSet<String> {
        words.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn relays_of_one_story_cluster_and_others_do_not() {
        let f = vec![
            set("meta applied ai engineering reality labs launch"),
            set("meta new applied ai engineering organization reality labs saba"),
            set("berlin court whatsapp data facebook transfer"),
            set("kenya workers glasses intimate"),
        ];
        assert_eq!(clusters(&f), vec![vec![0, 1]]);
    }
}
