//! Briefs as they arrive: every reference style, excerpts, front matter, setext headings,
//! code with brackets in it, CRLF and trailing newlines, dangling markers, sources
//! sidecars, and STORM's output folders (read from `../shared/corpus/storm/`, never copied).

mod common;

use std::path::{Path, PathBuf};

use briefbench::import::{Imported, import_path, import_str};
use briefbench::model::{Brief, SourceKind, Start};
use briefbench::store;

fn fixture(name: &str) -> Imported {
    import_path(&Path::new("tests/fixtures").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn storm(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/storm")
        .join(name)
}

fn texts(b: &Brief) -> Vec<(Start, &str)> {
    b.claims()
        .map(|(_, c)| (c.start, c.text.as_str()))
        .collect()
}

fn codes(i: &Imported) -> Vec<&str> {
    i.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn every_reference_style_front_matter_setext_and_code() {
    let i = fixture("reference-styles.md");
    let b = &i.brief;
    assert_eq!(
        b.title, "Chip Export Curbs: What Changed",
        "front matter's title"
    );
    assert_eq!(b.date, "2026-02-20");
    assert!(!b.is_guessed(briefbench::model::Guessed::Date));
    assert_eq!(b.subtitle.as_deref(), Some("By Jane Doe"));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    assert_eq!(
        texts(b),
        vec![
            (
                Start::Sentence,
                "Washington tightened chip export rules again in October [1]."
            ),
            (
                Start::Sentence,
                "Northvolt's collapse showed how fast a flagship plant can fail [2], and the European response was slow [3]."
            ),
            (
                Start::Sentence,
                "A $5 billion subsidy was promised, and $5bn more discussed [4]."
            ),
            (Start::Sentence, "Analysts expect a review in spring [5]."),
            (
                Start::Paragraph,
                "Inline `code [8]` is not a citation either [4]."
            ),
        ]
    );
    assert_eq!(
        b.sections[1].heading.as_deref(),
        Some("Setext Heading for Money")
    );
    let s = |n: u32| b.source(n).unwrap();
    assert_eq!(
        s(1).title.as_deref(),
        Some("U.S. restricts more Nvidia chip sales to China")
    );
    assert_eq!(
        (s(1).outlet.as_deref(), s(1).date.as_str()),
        (Some("Reuters"), "2023-10-17")
    );
    assert_eq!(
        s(2).title.as_deref(),
        Some("Northvolt files for bankruptcy in Sweden")
    );
    assert_eq!(s(2).outlet.as_deref(), Some("Reuters"));
    assert_eq!(s(3).outlet.as_deref(), Some("Financial Times"));
    assert_eq!(
        s(3).text,
        "The Commission will not rush a rescue, officials said. A decision is due after the summer.",
        "the quoted excerpt is the text"
    );
    assert!(
        s(3).is_guessed(briefbench::model::Guessed::Date) && s(3).date == b.date,
        "no date given: the brief's"
    );
    assert_eq!(s(4).outlet.as_deref(), Some("bloomberg.com"));
    assert_eq!(s(4).date, "2026-01-30", "from the URL");
    assert_eq!(s(4).kind, SourceKind::News, "$5 billion is money");
    assert_eq!(s(5).author.as_deref(), Some("Doe, J."));
    assert_eq!(
        (s(5).title.as_deref(), s(5).outlet.as_deref()),
        (Some("Export controls in 2026"), Some("Lawfare"))
    );
    assert_eq!(s(5).date, "2026-01-05");
}

#[test]
fn crlf_blank_lines_bylines_and_a_date_line_in_the_plain_layout() {
    let i = fixture("crlf-plain.txt");
    let b = &i.brief;
    assert_eq!(b.date, "2026-02-20", "from \"Prepared 2026-02-20\"");
    assert_eq!(b.subtitle.as_deref(), Some("By Jane Doe"));
    assert!(
        b.claims().all(|(_, c)| !c.text.contains("Jane")),
        "a byline is no claim"
    );
    assert_eq!(
        texts(b),
        vec![
            (
                Start::Sentence,
                "Washington tightened chip export rules again [1]."
            ),
            (Start::Sentence, "The rules cover more parts [2]."),
            (
                Start::Sentence,
                "The list now includes inference chips [2]."
            ),
            (Start::Bullet, "Nvidia must seek licences [1]."),
        ]
    );
    assert_eq!(b.sources.len(), 2);
    assert_eq!(b.sources[1].kind, SourceKind::Social, "$NVDA is a ticker");
    assert!(b.claims().all(|(_, c)| !c.text.contains('\r')));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn the_seed_with_a_trailing_newline_blank_lines_or_crlf_imports_the_same() {
    let seed = std::fs::read_to_string("tests/fixtures/seed-meta-ai-strategy.txt").unwrap();
    let base = import_str(&seed, "s.txt", "s").unwrap().brief;
    for variant in [
        format!("{seed}\n"),
        format!("{seed}\n\n\n"),
        seed.replace('\n', "\r\n") + "\r\n",
        seed.replace('\n', "\n\n"),
        format!("\u{feff}{seed}"),
    ] {
        let b = import_str(&variant, "s.txt", "s")
            .unwrap_or_else(|e| panic!("{e}"))
            .brief;
        assert_eq!(texts(&b), texts(&base));
        assert_eq!(b.sources, base.sources);
    }
    assert_eq!(base.claim_count(), 53);
    assert_eq!(base.sources.len(), 20);
}

#[test]
fn dangling_markers_are_warnings_with_their_place() {
    let i = fixture("dangling.md");
    assert_eq!(i.brief.claim_count(), 3);
    let shown: Vec<String> = i
        .warnings
        .iter()
        .map(|w| w.display("tests/fixtures/dangling.md"))
        .collect();
    for want in [
        "tests/fixtures/dangling.md:11:1: warning[repeated-source]",
        "tests/fixtures/dangling.md:12:1: warning[source-gap]",
        "tests/fixtures/dangling.md:5:34: warning[dangling-marker]: claim \"summary.3\" cites [7]",
        "tests/fixtures/dangling.md: warning[guessed-date]",
    ] {
        assert!(
            shown.iter().any(|s| s.starts_with(want)),
            "{want} in {shown:#?}"
        );
    }
    assert!(i.brief.is_guessed(briefbench::model::Guessed::Date));
    assert_eq!(i.brief.date, "2026-01-12", "the newest source's");
    // It opens as a brief, and validates: warnings, no errors.
    let loaded = briefbench::library::open_brief(Path::new("tests/fixtures/dangling.md")).unwrap();
    assert_eq!(
        loaded
            .warnings
            .iter()
            .filter(|w| w.code == "dangling-marker")
            .count(),
        1,
        "one located warning, not the store's unlocated twin too"
    );
}

#[test]
fn footnote_excerpts_and_a_date_line() {
    let b = fixture("excerpts.md").brief;
    assert_eq!(b.date, "2026-03-01");
    let s1 = b.source(1).unwrap();
    assert_eq!(
        s1.text,
        "Swedish battery maker Northvolt filed for bankruptcy in Sweden on Wednesday."
    );
    assert_eq!(
        s1.title.as_deref(),
        Some("Northvolt files for bankruptcy in Sweden")
    );
    assert_eq!(s1.outlet.as_deref(), Some("Reuters"));
    let s2 = b.source(2).unwrap();
    assert_eq!(
        s2.text, "Northvolt's rise and fall",
        "no excerpt: the title"
    );
    assert_eq!(s2.kind, SourceKind::News);
}

#[test]
fn a_sources_sidecar_fills_and_adds() {
    let b = fixture("sidecar.md").brief;
    assert_eq!(b.sources.len(), 3);
    let s2 = b.source(2).unwrap();
    assert!(
        s2.text
            .starts_with("Northvolt raised more than $15 billion")
    );
    assert_eq!(
        s2.title.as_deref(),
        Some("Northvolt's rise and fall"),
        "kept from the brief"
    );
    let s3 = b.source(3).unwrap();
    assert_eq!(s3.outlet.as_deref(), Some("Dagens Nyheter"));
    assert!(
        s3.is_guessed(briefbench::model::Guessed::Lang)
            && s3.is_guessed(briefbench::model::Guessed::Kind)
    );
    assert_eq!(s3.date, "2025-03-12");
    assert!(!s3.is_guessed(briefbench::model::Guessed::Date));

    // A bad line is an error at the sidecar's file:line:col.
    let d = tempfile::tempdir().unwrap();
    let brief = d.path().join("b.md");
    std::fs::copy("tests/fixtures/excerpts.md", &brief).unwrap();
    let sidecar = d.path().join("b.sources.jsonl");
    std::fs::write(
        &sidecar,
        "{\"number\": 1, \"text\": \"ok\"}\n\n{\"number\": 2, \"titel\": \"typo\"}\n",
    )
    .unwrap();
    let e = import_path(&brief).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{}:3:", sidecar.display())), "{e}");
    assert!(e.contains("titel"), "{e}");
    std::fs::write(&sidecar, "{\"number\": 1, \"date\": \"soon\"}\n").unwrap();
    let e = import_path(&brief).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}:1:15: date \"soon\"", sidecar.display())),
        "{e}"
    );
}

#[test]
fn storm_folders_open_with_their_snippets_as_text() {
    for name in ["Hurricane_Idalia", "Typhoon_Hinnamnor"] {
        let dir = storm(name);
        let info: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("url_to_info.json")).unwrap())
                .unwrap();
        let i = import_path(&dir).unwrap_or_else(|e| panic!("{e}"));
        let b = &i.brief;
        assert_eq!(b.title, name.replace('_', " "));
        let index = info["url_to_unified_index"].as_object().unwrap();
        assert_eq!(b.sources.len(), index.len());
        for (url, n) in index {
            let s = b.source(n.as_u64().unwrap() as u32).unwrap();
            assert_eq!(s.url.as_deref(), Some(url.as_str()));
            let got = &info["url_to_info"][url];
            let snippets: Vec<&str> = got["snippets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().trim())
                .collect();
            assert_eq!(s.text, snippets.join("\n\n"), "source {n}: its snippets");
            assert_eq!(s.title.as_deref(), got["title"].as_str());
            let host = url.split('/').nth(2).unwrap().trim_start_matches("www.");
            assert_eq!(s.outlet.as_deref(), Some(host));
        }
        assert!(!codes(&i).contains(&"dangling-marker"), "{:?}", i.warnings);
        // Every section of the article is there, `# summary` first.
        assert_eq!(b.sections[0].heading.as_deref(), Some("summary"));
        assert_eq!(b.sections.len(), 19);
        // Each line of the article is a paragraph.
        let paragraphs: usize = b.sections.iter().map(|s| Brief::paragraphs(s).len()).sum();
        let article = std::fs::read_to_string(dir.join("storm_polished_article.txt")).unwrap();
        let lines = article
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(paragraphs, lines, "{name}");
        // And it round-trips through the store.
        let text = store::to_ron_string(b);
        assert_eq!(&store::load_str(&text, name).unwrap().brief, b);
    }
}

#[test]
fn storm_claims_and_sources_by_hand() {
    let b = import_path(&storm("Hurricane_Idalia")).unwrap().brief;
    let c = |id: &str| b.claim(b.find_claim(id).unwrap()).unwrap();
    let first = c("summary.1");
    assert!(
        first
            .text
            .starts_with("Hurricane Idalia was a powerful tropical cyclone")
    );
    assert!(
        first.text.ends_with("115 mph (185 km/h).[1][2]"),
        "{}",
        first.text
    );
    assert_eq!(c("summary.4").start, Start::Paragraph);
    assert!(c("summary.4").text.starts_with("The hurricane highlighted"));
    let s1 = b.source(1).unwrap();
    assert_eq!(
        s1.url.as_deref(),
        Some("https://www.weather.gov/tae/HurricaneIdalia2023")
    );
    assert_eq!(s1.outlet.as_deref(), Some("weather.gov"));
    assert_eq!(s1.title.as_deref(), Some("Hurricane Idalia 2023"));
    assert!(
        s1.text
            .starts_with("On August 26th around 5 pm EDT, a tropical depression formed")
    );
    assert_eq!(s1.text.matches("\n\n").count(), 3, "four snippets");
    let s9 = b.source(9).unwrap();
    assert_eq!(s9.date, "2023-08-29", "the date in the NYT's URL");
    assert!(!s9.is_guessed(briefbench::model::Guessed::Date));
    assert!(
        b.source(2)
            .unwrap()
            .is_guessed(briefbench::model::Guessed::Date),
        "Wikipedia: none"
    );
    let s4 = b.source(4).unwrap();
    assert_eq!(s4.kind, SourceKind::News, "$9.36bn is money, not a ticker");

    let t = import_path(&storm("Typhoon_Hinnamnor")).unwrap().brief;
    let s2 = t.source(2).unwrap();
    assert_eq!(s2.outlet.as_deref(), Some("earthobservatory.nasa.gov"));
    assert_eq!(s2.title.as_deref(), Some("Typhoon Hinnamnor"));
    assert!(
        s2.text
            .starts_with("The path of the storm has been erratic")
    );
    assert!(
        t.sections
            .iter()
            .any(|s| s.heading.as_deref() == Some("Effects in South Korea"))
    );
}

fn run(args: &[&str]) -> std::process::Output {
    let d = tempfile::tempdir().unwrap();
    common::bin(d.path()).args(args).output().unwrap()
}

#[test]
fn the_command_line_opens_a_storm_folder_as_one_brief() {
    let dir = storm("Hurricane_Idalia");
    let dir = dir.to_str().unwrap();
    let o = run(&["check", dir, "--format", "json"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{:?}", o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!v.as_array().unwrap().is_empty());
    let o = run(&["validate", dir]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("ok: 19 sections, 73 claims, 14 sources"),
        "{out}"
    );
    assert!(out.contains("warning[guessed-date]"), "{out}");
    let o = run(&["import", dir]);
    assert_eq!(o.status.code(), Some(0));
    let ron = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        store::load_str(&ron, "idalia.ron")
            .unwrap()
            .brief
            .sources
            .len(),
        14
    );
    let o = run(&["export", dir, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // In a picker over the parent folder, each STORM folder is one brief.
    let parent = storm("");
    let listed = briefbench::library::list(&parent).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(briefbench::library::is_library(&parent));
    assert!(!briefbench::library::is_library(&storm(
        "Typhoon_Hinnamnor"
    )));
}

#[test]
fn unreadable_input_is_refused_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("latin1.md");
    std::fs::write(&bad, b"# T\n\nCaf\xe9 [1].\n").unwrap();
    let o = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("latin1.md:3: not UTF-8"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let broken = d.path().join("storm");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("storm_polished_article.txt"),
        "# summary\n\nA [1].\n",
    )
    .unwrap();
    std::fs::write(
        broken.join("url_to_info.json"),
        "{\"url_to_unified_index\": {\n  \"x\": }",
    )
    .unwrap();
    let o = run(&["check", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("url_to_info.json:2:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_source_numbered_past_nine_digits_is_a_located_warning() {
    let text = "# T\n\nA claim [1].\n\n[^1]: Reuters, 2025-03-12. A story.\n  [^12345678901]: Too big.\n\n## Sources\n\n99999999999. Also too big.\n";
    let imported = briefbench::import::import_str(text, "big.md", "big").unwrap();
    let found: Vec<(Option<usize>, Option<usize>)> = imported
        .warnings
        .iter()
        .filter(|w| w.code == "source-number-too-large")
        .map(|w| (w.line, w.col))
        .collect();
    assert_eq!(found, vec![(Some(6), Some(3)), (Some(10), Some(1))]);
    assert!(
        imported.brief.sources.iter().all(|s| s.number < 10),
        "{:?}",
        imported.brief.sources
    );
}

#[test]
fn footnotes_with_named_labels_are_numbered_after_the_numeric_ones() {
    let text = "# Brief\n\n\
        Northvolt filed for bankruptcy [^reuters]. Its plant in Skellefteå slowed [^2].\n\n\
        The EU answered late [^ft-2024] and the plant was sold [^reuters].\n\n\
        [^2]: Plant slows. Dagens Industri, 2024-10-01.\n\
        [^reuters]: Northvolt files for bankruptcy in Sweden. Reuters, 2024-11-21.\n\
        [^ft-2024]: Brussels answers late. Financial Times, 2024-12-02.\n";
    let i = import_str(text, "named.md", "named").unwrap();
    let b = &i.brief;
    let claims: Vec<&str> = texts(b).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        claims,
        vec![
            "Northvolt filed for bankruptcy [^3].",
            "Its plant in Skellefteå slowed [^2].",
            "The EU answered late [^4] and the plant was sold [^3].",
        ],
        "named labels take the numbers after the largest numeric one, in order of first use"
    );
    assert_eq!(b.source(3).unwrap().outlet.as_deref(), Some("Reuters"));
    assert_eq!(
        b.source(4).unwrap().outlet.as_deref(),
        Some("Financial Times")
    );
    assert!(
        !codes(&i).contains(&"dangling-marker"),
        "every named footnote found its source: {:?}",
        i.warnings
    );
    let reuters = b.source(3).unwrap();
    assert!(
        !reuters.text.contains("[^") && !reuters.title.as_deref().unwrap_or("").contains("[^"),
        "the label is not part of the source: {reuters:?}"
    );
}

#[test]
fn a_numbered_definition_right_under_a_footnote_is_a_source_of_its_own() {
    let text = "# Brief\n\n\
        Northvolt filed for bankruptcy [^1]. Europe leans on Asian makers [2].\n\n\
        [^1]: Northvolt files for bankruptcy. Reuters, 2025-03-12.\n\
        [2]: https://example.com/asia-batteries\n";
    let i = import_str(text, "folded.md", "folded").unwrap();
    let b = &i.brief;
    assert_eq!(b.sources.len(), 2, "{:?}", b.sources);
    assert_eq!(
        b.source(2).unwrap().url.as_deref(),
        Some("https://example.com/asia-batteries")
    );
    assert_eq!(
        b.source(1).unwrap().url,
        None,
        "the URL is not the footnote's"
    );
    assert!(!codes(&i).contains(&"dangling-marker"), "{:?}", i.warnings);
}
