//! A citation covers its paragraph: wiki-style prose cites at the end of a paragraph, and
//! the sentences before the marker are checked against it, never called uncited. A
//! paragraph with no marker at all stays uncited.

use briefbench::links::Links;
use briefbench::support::{self, Code, Verdict};

#[test]
fn no_citation_only_where_a_paragraph_has_no_marker() {
    let text = std::fs::read_to_string("tests/fixtures/wiki-style.md").unwrap();
    let brief = briefbench::import::import_str(&text, "wiki-style.md", "wiki-style")
        .unwrap()
        .brief;
    let links = Links::build(&brief);
    let a = support::assess(&brief, &links);
    let by_id = |needle: &str| {
        let (i, _) = brief
            .claims()
            .enumerate()
            .find(|(_, (_, c))| c.text.contains(needle))
            .unwrap_or_else(|| panic!("no claim with {needle:?}"));
        &a.claims[i]
    };
    let codes =
        |needle: &str| -> Vec<Code> { by_id(needle).reasons.iter().map(|r| r.code).collect() };

    // Covered by [1] at the paragraph's end, and backed by it.
    let opened = by_id("opened to traffic");
    assert_eq!(opened.covered_by, vec![1]);
    assert!(codes("opened to traffic").contains(&Code::ParagraphCitation));
    assert_eq!(opened.verdict, Verdict::Supported, "{:?}", opened.reasons);
    assert!(
        opened
            .evidence
            .iter()
            .any(|e| e.source == 1 && e.text.contains("12 May 1931"))
    );
    // The sentence that carries the marker is cited, not covered.
    assert!(by_id("503 metres").covered_by.is_empty());
    // Covered by [2][3]: Olsen's sentences are checked against both.
    assert_eq!(by_id("Margit Olsen").covered_by, vec![2, 3]);

    // The paragraph with no marker: every factual sentence is uncited.
    for needle in ["Coathanger", "first offered in 1998"] {
        let c = by_id(needle);
        assert_eq!(c.verdict, Verdict::Uncited, "{needle}");
        assert!(codes(needle).contains(&Code::NoCitation), "{needle}");
    }
    // A list item is its own paragraph: the toll bullet has no marker of its own.
    assert_eq!(by_id("toll was abolished").verdict, Verdict::Uncited);
    assert_eq!(by_id("160,000 vehicles").verdict, Verdict::Supported);

    // `no-citation` nowhere else.
    let uncited: Vec<&str> = brief
        .claims()
        .enumerate()
        .filter(|(i, _)| {
            a.claims[*i]
                .reasons
                .iter()
                .any(|r| r.code == Code::NoCitation)
        })
        .map(|(_, (_, c))| c.text.as_str())
        .collect();
    assert_eq!(uncited.len(), 4, "{uncited:#?}");
}

#[test]
fn storm_articles_cite_with_full_width_brackets_too() {
    let dir = std::path::Path::new("../shared/corpus/storm/Typhoon_Hinnamnor");
    let brief = briefbench::library::open_brief(dir).unwrap().brief;
    let links = Links::build(&brief);
    // "…a man died in Ifugao due to the heavy rains brought by Hinnamnor【1】."
    let (i, _) = brief
        .claims()
        .enumerate()
        .find(|(_, (_, c))| c.text.contains("Ifugao"))
        .expect("the Ifugao sentence");
    assert_eq!(links.cites[i], vec![1]);
}

/// A paragraph closed by a marker that names no source: the sentences before it say which
/// number covers them, never an empty list ("by .").
#[test]
fn a_paragraph_closed_by_a_dangling_marker_names_it() {
    let text = "# Brief\n\nThe bridge opened in 1931. It cost four million pounds.[9]\n\n\
                ## Sources\n\n1. Reuters, \"The bridge opens\", 1931-05-12. The bridge opened.\n";
    let brief = briefbench::import::import_str(text, "dangling.md", "dangling")
        .unwrap()
        .brief;
    let links = Links::build(&brief);
    let a = support::assess(&brief, &links);
    let (i, _) = brief
        .claims()
        .enumerate()
        .find(|(_, (_, c))| c.text.contains("opened in 1931"))
        .unwrap();
    let reason = a.claims[i]
        .reasons
        .iter()
        .find(|r| r.code == Code::ParagraphCitation)
        .expect("covered by the paragraph's marker");
    assert_eq!(reason.message, "Cited only at the paragraph's end, by [9].");
}
