//! Importing briefs written as text: the seed's plain layout, Markdown with footnotes,
//! Markdown with a numbered reference list, and bad input.

use std::path::Path;

use briefbench::import::{ImportError, Imported, import_path, import_str};
use briefbench::model::{Brief, SectionKind, SourceKind, Start};
use briefbench::store;

fn fixture(name: &str) -> Brief {
    imported(name).brief
}

fn imported(name: &str) -> Imported {
    import_path(&Path::new("tests/fixtures").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn import(text: &str) -> Imported {
    import_str(text, "b.md", "b").unwrap_or_else(|e| panic!("{e}"))
}

/// The warnings as `validate` shows them (but for the guessed date, tested on its own).
fn warnings(i: &Imported) -> Vec<String> {
    i.warnings
        .iter()
        .filter(|w| w.code != "guessed-date")
        .map(|w| w.display("b.md"))
        .collect()
}

fn err(text: &str) -> ImportError {
    import_str(text, "bad.md", "bad").unwrap_err()
}

#[test]
fn the_seed_imports_to_the_embedded_store() {
    let imported = fixture("seed-meta-ai-strategy.txt");
    let embedded = store::load_default().unwrap().brief;
    assert_eq!(imported.sections.len(), embedded.sections.len());
    for (a, b) in imported.sections.iter().zip(&embedded.sections) {
        assert_eq!(a.heading, b.heading);
        assert_eq!(a.kind, b.kind, "{:?}", a.heading);
        let texts = |s: &briefbench::model::Section| {
            s.claims
                .iter()
                .map(|c| (c.start, c.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(a), texts(b), "section {:?}", a.heading);
    }
    assert_eq!(imported.sources.len(), 20);
    for (a, b) in imported.sources.iter().zip(&embedded.sources) {
        assert_eq!((a.number, &a.text, &a.date), (b.number, &b.text, &b.date));
    }
    // Guesses are marked, and every one of the seed's seven languages is guessed as the
    // store gives it (a Dutch headline of eight words, English posts full of $TICKERS).
    let guessed: Vec<(u32, &str)> = imported
        .sources
        .iter()
        .map(|s| (s.number, s.lang.as_str()))
        .collect();
    let given: Vec<(u32, &str)> = embedded
        .sources
        .iter()
        .map(|s| (s.number, s.lang.as_str()))
        .collect();
    assert_eq!(guessed, given);
    assert!(
        imported
            .sources
            .iter()
            .all(|s| s.is_guessed(briefbench::model::Guessed::Lang)
                && s.is_guessed(briefbench::model::Guessed::Kind))
    );
    assert_eq!(
        imported.sources[12].kind,
        SourceKind::Social,
        "$META and emoji: a post"
    );
}

#[test]
fn markdown_with_footnotes() {
    let b = fixture("footnotes.md");
    assert_eq!(b.title, "Nvidia's Export Exposure");
    assert_eq!(b.sections.len(), 2);
    assert_eq!(b.sections[0].kind, SectionKind::Summary);
    assert_eq!(b.sections[1].heading.as_deref(), Some("Revenue at Risk"));
    let claims: Vec<&str> = b.sections[0]
        .claims
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(claims.len(), 2, "{claims:?}");
    assert!(
        claims[1].contains("e.g. by covering"),
        "e.g. stays inside: {claims:?}"
    );
    assert!(claims[1].ends_with("[^2][^3]."));
    let rev = &b.sections[1].claims;
    assert!(
        rev[1].text.starts_with("The U.S. Commerce"),
        "{:?}",
        rev[1].text
    );
    assert_eq!(rev[2].start, Start::Bullet);
    assert!(rev[3].text.contains("8.3 billion"));
    assert_eq!(b.sources.len(), 5);
    let s2 = &b.sources[1];
    assert_eq!(s2.outlet.as_deref(), Some("reuters.com"));
    assert_eq!(s2.text, "Nvidia h20 demand holds china");
    assert_eq!(s2.date, "2026-03-02");
    assert_eq!(b.sources[2].outlet.as_deref(), Some("Financial Times"));
    assert_eq!(b.sources[3].kind, SourceKind::Social);
    assert_eq!(b.sources[4].lang, "de");
    assert_eq!(b.date, "2026-03-05", "the newest source dates the brief");
}

#[test]
fn markdown_with_a_numbered_reference_list() {
    let b = fixture("references.md");
    assert_eq!(
        b.sections.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        vec!["summary", "workforce"]
    );
    assert_eq!(b.sections[0].kind, SectionKind::Summary);
    assert_eq!(b.sections[0].claims.len(), 2);
    assert!(b.sections[0].claims[1].text.ends_with("[2][3]."));
    assert!(b.sections[1].claims[0].text.contains("[3, 4]"));
    assert_eq!(b.sources.len(), 4);
    assert_eq!(b.sources[0].outlet.as_deref(), Some("Bloomberg"));
    assert_eq!(
        b.sources[0].text,
        "TSMC starts volume production in Arizona"
    );
    assert_eq!(b.sources[2].outlet.as_deref(), Some("Wall Street Journal"));
    assert_eq!(b.sources[3].lang, "zh");
    assert_eq!(b.sources[1].date, "2026-01-15", "a date in the URL counts");
}

#[test]
fn round_trip_through_ron() {
    for name in ["seed-meta-ai-strategy.txt", "footnotes.md", "references.md"] {
        let b = fixture(name);
        let text = store::to_ron_string(&b);
        let back = store::load_str(&text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.brief, b, "{name}");
    }
}

#[test]
fn only_unreadable_input_is_refused() {
    assert_eq!(err("").message, "the file is empty");
    assert_eq!(err("  \n\n ").message, "the file is empty");
    let nul = err("# T\n\nText.\n\0\0");
    assert_eq!(nul.line, Some(4));
    assert!(err("# Only a title\n").message.contains("no prose"));
    assert_eq!(err("").to_string(), "bad.md: the file is empty");
}

#[test]
fn dangling_markers_gaps_and_repeats_are_located_warnings() {
    let i =
        import("# T\n\nSales rose [1]. Then fell [7].\n\n## Sources\n\n1. A report - 2026-03-01\n");
    assert_eq!(i.brief.claim_count(), 2);
    assert_eq!(
        warnings(&i),
        vec![
            "b.md:3:27: warning[dangling-marker]: claim \"summary.2\" cites [7], but there is no source 7"
        ]
    );
    let i = import("# T\n\nA [1] b [3].\n\n## References\n\n1. One\n3. Three\n");
    assert_eq!(i.brief.sources.len(), 2);
    assert_eq!(
        warnings(&i),
        vec![
            "b.md:8:1: warning[source-gap]: source numbering jumps from 1 to 3: source 2 is missing"
        ]
    );
    // A reference's date that is no day: its outlet stays the outlet, the date is guessed,
    // and the reference's line says so.
    let i = import(
        "# T\n\nA [1].\n\n## References\n\n1. Users agree. Reuters, 2026-13-01. https://x.y/1\n",
    );
    let s = &i.brief.sources[0];
    assert_eq!(s.outlet.as_deref(), Some("Reuters"));
    assert!(s.is_guessed(briefbench::model::Guessed::Date));
    assert_eq!(
        warnings(&i),
        vec![
            "b.md:7:1: warning[impossible-date]: source 1 gives the date \"2026-13-01\", which is no day: its date is guessed"
        ]
    );
    let i = import("# T\n\nA [1].\n\n## References\n\n1. One\n1. Again\n");
    assert_eq!(
        i.brief.sources[0].text, "One",
        "the first of a repeated number stands"
    );
    assert!(
        warnings(&i)[0].starts_with(
            "b.md:8:1: warning[repeated-source]: source 1 is listed twice (first on line 7)"
        ),
        "{:?}",
        warnings(&i)
    );
    // A brief with no source list at all still opens: every marker is a warning.
    let i = import("Meta grew [1].\nIt shrank [^2].\n");
    let w = warnings(&i);
    assert!(
        w[0].starts_with("b.md:1:11: warning[dangling-marker]"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("b.md:2:11: warning[dangling-marker]"),
        "{w:?}"
    );
    // In Markdown, after emphasis and a link, the column is still the marker's.
    let i =
        import("# T\n\nA *very* [big](https://x.y) rise [^9].\n\n[^1]: A. Outlet, 2026-01-01.\n");
    assert!(
        warnings(&i)
            .iter()
            .any(|w| w.starts_with("b.md:3:34: warning[dangling-marker]")),
        "{:?}",
        warnings(&i)
    );
}

#[test]
fn binary_and_oversized_files() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.md");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0xff, 0xfe, 0]).unwrap();
    let e = import_path(&bin).unwrap_err();
    assert!(e.message.contains("not UTF-8"), "{e}");
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(briefbench::import::MAX_IMPORT_BYTES + 1).unwrap();
    let e = import_path(&big).unwrap_err();
    assert!(e.message.contains("over the limit"), "{e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    #[test]
    fn the_importer_never_panics(s in "\\PC{0,400}|([#\\-*0-9\\[\\]^: .a-zA-Z\\n]{0,300})") {
        if let Ok(i) = import_str(&s, "p.md", "p") {
            // What imports also validates and round-trips.
            let text = store::to_ron_string(&i.brief);
            proptest::prop_assert!(store::load_str(&text, "p.ron").is_ok());
        }
    }
}
