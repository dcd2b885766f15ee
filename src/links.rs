//! Who cites what, derived once from the markers: the claims' cited numbers in reading
//! order, for every source the claims that cite it, and what a paragraph's closing marker
//! covers.
//!
//! Wiki-style and AI-written prose cites at the end of a paragraph: the marker closing a
//! paragraph (or list item) covers the sentences before it in that paragraph that carry no
//! marker of their own. A paragraph that does not end in a marker covers nothing.

use rustc_hash::FxHashMap as HashMap;

use crate::cite;
use crate::model::{Brief, ClaimRef, Start};

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Links {
    /// For each claim in reading order: the numbers it cites, each once, in order.
    pub cites: Vec<Vec<u32>>,
    /// For each cited number: the claims that cite it, in reading order.
    pub cited_by: HashMap<u32, Vec<ClaimRef>>,
    /// For each claim in reading order: the numbers its paragraph's closing marker cites,
    /// when the claim has no marker of its own (empty otherwise).
    pub covered: Vec<Vec<u32>>,
    /// Where each section's claims start in reading order.
    offsets: Vec<usize>,
}

impl Links {
    pub fn build(brief: &Brief) -> Links {
        let cites = brief
            .claims()
            .map(|(_, claim)| cite::cited_numbers(&claim.text))
            .collect();
        Links::from_cites(brief, cites)
    }

    /// The links of `brief`, given the numbers each claim cites (in reading order, as
    /// [`cite::cited_numbers`] reads them): a large brief's markers are read on every core.
    pub fn from_cites(brief: &Brief, cites: Vec<Vec<u32>>) -> Links {
        debug_assert_eq!(cites.len(), brief.claim_count());
        let mut links = Links::default();
        let mut total = 0;
        for section in &brief.sections {
            links.offsets.push(total);
            total += section.claims.len();
        }
        for ((at, _), numbers) in brief.claims().zip(&cites) {
            for &n in numbers {
                links.cited_by.entry(n).or_default().push(at);
            }
        }
        links.cites = cites;
        links.covered = vec![Vec::new(); links.cites.len()];
        let mut flat = 0;
        for section in &brief.sections {
            let mut paragraph: Vec<usize> = Vec::new();
            for (i, claim) in section.claims.iter().enumerate() {
                if i > 0 && claim.start != Start::Sentence {
                    links.cover(&paragraph);
                    paragraph.clear();
                }
                paragraph.push(flat);
                flat += 1;
            }
            links.cover(&paragraph);
        }
        links
    }

    /// Lets the marker closing a paragraph cover its unmarked sentences.
    fn cover(&mut self, paragraph: &[usize]) {
        let Some(&last) = paragraph.last() else {
            return;
        };
        if self.cites[last].is_empty() {
            return;
        }
        for &k in paragraph {
            if self.cites[k].is_empty() {
                self.covered[k] = self.cites[last].clone();
            }
        }
    }

    /// What a claim is checked against: its own numbers, or its paragraph's.
    pub fn checked_against(&self, flat: usize) -> &[u32] {
        match self.cites.get(flat) {
            Some(own) if !own.is_empty() => own,
            _ => self.covered.get(flat).map_or(&[], Vec::as_slice),
        }
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

    fn brief_of(claims: &[(Start, &str)]) -> Brief {
        let mut brief = store::load_default().unwrap().brief;
        brief.sections.truncate(1);
        brief.sections[0].claims = claims
            .iter()
            .enumerate()
            .map(|(i, (start, text))| crate::model::Claim {
                id: format!("c.{i}"),
                start: *start,
                text: text.to_string(),
            })
            .collect();
        brief
    }

    #[test]
    fn a_closing_marker_covers_its_paragraph_only() {
        use Start::*;
        let brief = brief_of(&[
            (Sentence, "Opening fact."),
            (Sentence, "Second fact [2]."),
            (Sentence, "Third fact."),
            (Sentence, "Closing fact [1][3]."),
            (Paragraph, "Next paragraph, no marker."),
            (Sentence, "Still none."),
            (Bullet, "A bullet."),
            (Sentence, "Its close [4]."),
            (Bullet, "A bullet with none."),
        ]);
        let links = Links::build(&brief);
        let covered: Vec<&[u32]> = links.covered.iter().map(Vec::as_slice).collect();
        assert_eq!(
            covered,
            vec![&[1, 3][..], &[], &[1, 3], &[], &[], &[], &[4], &[], &[]]
        );
        assert_eq!(links.checked_against(1), &[2]);
        assert_eq!(links.checked_against(2), &[1, 3]);
        assert!(links.checked_against(4).is_empty());
        // Covering is no citation: cited_by lists only the claims that write the marker.
        assert_eq!(links.cited_by(1).len(), 1);
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
