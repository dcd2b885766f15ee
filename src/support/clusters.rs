//! Sources that relay one story: near-duplicates found by weighted word overlap.
//!
//! Posts are short and truncated, often in several languages, so shingles of running text
//! rarely line up. Instead each source becomes a set of features (stems of its English text
//! or gloss, its figures, its relayed outlet), rarer features weigh more (idf), and two
//! sources are one story when the features they share carry at least `THRESHOLD` (0.35) of
//! the weight of the smaller one, and number at least `MIN_SHARED` (4); for two posts that
//! relay the same outlet, `SAME_OUTLET_THRESHOLD` (0.25) and `MIN_SHARED_SAME_OUTLET` (3).
//! Candidate pairs come from an inverted index of the rarer features, so
//! a store of 100,000 sources is not compared pair by pair.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
/// Each source's features are sorted vocabulary ids; `is_outlet` tells which ones name a
/// relayed outlet.
pub fn clusters(features: &[&[u32]], is_outlet: impl Fn(u32) -> bool) -> Vec<Vec<usize>> {
    let n = features.len();
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    for (i, f) in features.iter().enumerate() {
        for &feat in f.iter() {
            postings.entry(feat).or_default().push(i);
        }
    }
    let idf = |feat: u32| {
        let df = postings.get(&feat).map_or(1, Vec::len) as f32;
        (n as f32 / df).ln() + 1.0
    };
    let weights: Vec<f32> = features
        .iter()
        .map(|f| f.iter().map(|&x| idf(x)).sum::<f32>())
        .collect();

    let mut uf = UnionFind::new(n);
    let mut tried: HashSet<(usize, usize)> = HashSet::default();
    for list in postings
        .values()
        .filter(|l| l.len() > 1 && l.len() <= MAX_POSTING)
    {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                if !tried.insert((a, b)) || uf.find(a) == uf.find(b) {
                    continue;
                }
                let shared = intersection(features[a], features[b]);
                let same_outlet = shared.iter().any(|&x| is_outlet(x));
                let (min_shared, threshold) = if same_outlet {
                    (MIN_SHARED_SAME_OUTLET, SAME_OUTLET_THRESHOLD)
                } else {
                    (MIN_SHARED, THRESHOLD)
                };
                if shared.len() < min_shared {
                    continue;
                }
                let w: f32 = shared.iter().map(|&x| idf(x)).sum();
                let smaller = weights[a].min(weights[b]);
                if smaller > 0.0 && w / smaller >= threshold {
                    uf.union(a, b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

/// The ids two sorted lists share.
fn intersection(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
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

    /// Features as ids: each distinct word gets one; `@…` words are outlets.
    fn ids(sets: &[&str]) -> (Vec<Vec<u32>>, Vec<String>) {
        let mut names: Vec<String> = Vec::new();
        let f = sets
            .iter()
            .map(|s| {
                let mut v: Vec<u32> = s
                    .split_whitespace()
                    .map(|w| match names.iter().position(|n| n == w) {
                        Some(i) => i as u32,
                        None => {
                            names.push(w.to_string());
                            names.len() as u32 - 1
                        }
                    })
                    .collect();
                v.sort_unstable();
                v
            })
            .collect();
        (f, names)
    }

    #[test]
    fn relays_of_one_story_cluster_and_others_do_not() {
        let (f, names) = ids(&[
            "meta applied ai engineering reality labs launch",
            "meta new applied ai engineering organization reality labs saba",
            "berlin court whatsapp data facebook transfer",
            "kenya workers glasses intimate",
            "kenya employees investigation @svd",
            "kenya employees investigation @svd tagging",
            "meta tool shopping review",
            "meta tool shopping test",
        ]);
        let refs: Vec<&[u32]> = f.iter().map(Vec::as_slice).collect();
        let outlet = |id: u32| names[id as usize].starts_with('@');
        // Three shared words make a story only with a shared outlet.
        assert_eq!(clusters(&refs, outlet), vec![vec![0, 1], vec![4, 5]]);
    }
}
