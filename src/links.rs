//! Who cites what, derived once from the markers: the claims' cited numbers in reading
//! order, and for every source the claims that cite it.

use std::collections::HashMap;

use crate::cite;
use crate::model::{Brief, ClaimRef};

#[derive(Debug, Clone, Default)]
pub struct Links {
    /// For each claim in reading order: the numbers it cites, each once, in order.
    pub cites: Vec<Vec<u32>>,
    /// For each cited number: the claims that cite it, in reading order.
    pub cited_by: HashMap<u32, Vec<ClaimRef>>,
    /// Where each section's claims start in reading order.
    offsets: Vec<usize>,
}

impl Links {
    pub fn build(brief: &Brief) -> Links {
        let mut links = Links::default();
        let mut total = 0;
        for section in &brief.sections {
            links.offsets.push(total);
            total += section.claims.len();
        }
        for (at, claim) in brief.claims() {
            let numbers = cite::cited_numbers(&claim.text);
            for &n in &numbers {
                links.cited_by.entry(n).or_default().push(at);
            }
            links.cites.push(numbers);
        }
        links
    }

    /// The claim's position in reading order.
    pub fn flat(&self, at: ClaimRef) -> usize {
        self.offsets.get(at.section).copied().unwrap_or(0) + at.claim
    }

    /// The claim at a position in reading order.
    pub fn at(&self, flat: usize) -> ClaimRef {
        let section = self
            .offsets
            .partition_point(|&o| o <= flat)
            .saturating_sub(1);
        // Empty sections share an offset with the next one: take the last that starts here.
        ClaimRef {
            section,
            claim: flat - self.offsets.get(section).copied().unwrap_or(0),
        }
    }

    pub fn cites_of(&self, at: ClaimRef) -> &[u32] {
        self.cites.get(self.flat(at)).map_or(&[], Vec::as_slice)
    }

    pub fn cited_by(&self, number: u32) -> &[ClaimRef] {
        self.cited_by.get(&number).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    #[test]
    fn flat_and_back_agree_for_every_claim() {
        let brief = store::load_default().unwrap().brief;
        let links = Links::build(&brief);
        for (i, (at, _)) in brief.claims().enumerate() {
            assert_eq!(links.flat(at), i);
            assert_eq!(links.at(i), at);
        }
    }

    #[test]
    fn cited_by_lists_every_citing_claim() {
        let brief = store::load_default().unwrap().brief;
        let links = Links::build(&brief);
        let ids: Vec<_> = links
            .cited_by(16)
            .iter()
            .map(|&r| brief.claim(r).unwrap().id.as_str())
            .collect();
        assert_eq!(ids, vec!["hardware-organization.5"]);
        assert_eq!(links.cited_by(1).len(), 7);
    }
}
