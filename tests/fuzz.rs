//! Fuzzing in CI: each parser and the sanitizer run against 10,000 generated inputs on a
//! fixed seed, so a run is repeatable and a failure reproduces. (Longer, coverage-guided
//! runs live in `fuzz/`, for cargo-fuzz on nightly.) Inputs are built from the tokens that
//! matter to each parser (brackets, carets, digits, RON punctuation, stops, escapes)
//! mixed with arbitrary Unicode, which finds far more than random bytes would.

use briefbench::search::{Index, Query, Scope};
use briefbench::{cite, import, links::Links, sanitize, store};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Cases per target; `BRIEFBENCH_FUZZ_CASES` runs more (or fewer) by hand.
fn config() -> Config {
    let cases = std::env::var("BRIEFBENCH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x0b41_efbe_9c40_2026),
        // A fixed seed reproduces a failure; no need to write regression files.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Text made of what the parsers care about, and anything else.
fn soup(max: usize) -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => "\\PC{1,6}",
        2 => Just("[".to_string()),
        2 => Just("]".to_string()),
        2 => Just("[^".to_string()),
        1 => "[0-9]{1,4}",
        1 => Just("99999999999".to_string()),
        1 => prop::sample::select(vec![
            "-", "–", ",", ", ", "^", ".", "!", "?", " ", "\n", "\n\n", "\t", "`", "(", ")",
            "\"", "U.S.", "8.3", "J. R.", "e.g.", "http://x.y/a", "[Link]", "[…]", "[when?]",
            "# ", "## ", "- ", "* ", "1. ", "[^1]: ", "\u{1b}[2J", "\u{7}", "\0", "\u{9b}",
            "\u{202e}", "🚨", "進軍", "‼️", "\r\n",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(token, 0..max).prop_map(|v| v.concat())
}

/// Text with Markdown's structure in it: fences, quotes, setext underlines, emphasis,
/// links, link and footnote definitions, list items, tables and HTML.
fn markdown_soup(max: usize) -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => soup(3),
        1 => prop::sample::select(vec![
            "\n```\n", "\n~~~\n", "\n> ", "\n===\n", "\n---\n", "**", "*", "_", "`",
            "[a](https://x.y/a)", "[1]: https://x.y/1\n", "\n[^2]: A. Outlet, 2026-01-01.\n",
            "\n- ", "\n1. ", "\n    ", "| a | b |\n|---|---|\n", "<div>", "![i](x.png)",
            "&amp;", "\\[", "$5bn ", "$META ", "Date: 2026-03-03\n", "By Jane Doe\n", "\u{feff}",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(token, 0..max).prop_map(|v| v.concat())
}

fn seed_ron() -> String {
    store::to_ron_string(&store::load_default().unwrap().brief)
}

/// An edit of the seed store: cut some bytes at a place and put something else there.
fn ron_edit() -> impl Strategy<Value = (f64, usize, String)> {
    let insert = prop_oneof![
        soup(4),
        prop::sample::select(vec![
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ":",
            ",",
            "\"",
            "\\",
            "\\u{",
            "r#\"",
            "Some(",
            "None",
            "schema: 2,",
            "number: 0,",
            "date: \"2026-13-45\",",
            "lang: \"\",",
            "[^999]",
            "text: \"\",",
            "kind: Blog,",
            "start: Nowhere,",
            "id: \"summary.1\",",
        ])
        .prop_map(str::to_string),
        (1usize..200).prop_map(|n| "[".repeat(n)),
    ];
    (0.0f64..1.0, 0usize..40, insert)
}

fn apply(text: &str, (at, cut, insert): &(f64, usize, String)) -> String {
    let mut at = (text.len() as f64 * at) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}{}", &text[..at], insert, &text[end..])
}

proptest! {
    #![proptest_config(config())]

    /// The RON loader: an edited store either loads or says where it is wrong.
    #[test]
    fn ron_loader(edits in prop::collection::vec(ron_edit(), 1..6)) {
        thread_local!(static SEED: String = seed_ron());
        let text = SEED.with(|s| edits.iter().fold(s.clone(), |t, e| apply(&t, e)));
        match store::load_str(&text, "fuzz.ron") {
            // What loads can be written out and loaded again.
            Ok(loaded) => {
                let again = store::load_str(&store::to_ron_string(&loaded.brief), "again.ron");
                prop_assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
                prop_assert_eq!(again.unwrap().brief, loaded.brief);
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.starts_with("fuzz.ron"), "the message names the file: {}", msg);
            }
        }
    }

    /// The marker parser: spans fall on characters and slice back to a bracketed marker.
    #[test]
    fn marker_parser(text in soup(40)) {
        let markers = cite::parse(&text);
        let mut last_end = 0;
        for m in &markers {
            prop_assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            prop_assert!(m.span.start >= last_end, "markers in order, not overlapping");
            let slice = &text[m.span.clone()];
            prop_assert!(slice.starts_with('[') && slice.ends_with(']'), "{:?}", slice);
            prop_assert!(!m.numbers.is_empty());
            last_end = m.span.end;
        }
        let stripped = cite::strip(&text);
        prop_assert!(cite::parse(&stripped).len() <= markers.len());
        let numbers: Vec<u32> = markers.iter().flat_map(|m| m.numbers.clone()).collect();
        let mut cited = cite::cited_numbers(&text);
        let mut expected = numbers.clone();
        cited.sort_unstable();
        cited.dedup();
        expected.sort_unstable();
        expected.dedup();
        prop_assert_eq!(cited, expected);
    }

    /// The importer, both readers (plain layout and Markdown): any text imports or is
    /// refused with a message naming the file; what imports is a brief the store accepts,
    /// its warnings point at a line and column inside the input, and its markers' spans
    /// fall on character boundaries.
    #[test]
    fn importer(
        head in prop::sample::select(vec!["# Fuzz\n\n", "---\ndate: 2026-01-02\n---\n", "Fuzz\n====\n", "", "By Jane Doe\nDate: 2026-02-02\n"]),
        body in markdown_soup(60),
        refs in prop::collection::vec((1u32..30, soup(8)), 0..8),
        style in 0..3usize,
        crlf in any::<bool>(),
    ) {
        let mut text = format!("{head}{body}\n\n## Sources\n");
        for (n, r) in &refs {
            text.push_str(&match style {
                0 => format!("[^{n}]: {r}\n"),
                1 => format!("{n}. {r}\n   > {r}\n"),
                _ => format!("[{n}]: https://x.y/{n} {r}\n"),
            });
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        match import::import_str(&text, "fuzz.md", "fuzz") {
            Ok(imported) => {
                let lines = text.split('\n').count();
                for w in &imported.warnings {
                    if let (Some(l), Some(c)) = (w.line, w.col) {
                        prop_assert!(l >= 1 && l <= lines && c >= 1, "{:?} outside {} lines", w, lines);
                        let line = text.split('\n').nth(l - 1).unwrap_or("");
                        prop_assert!(c <= line.chars().count() + 1, "{:?} past the end of {:?}", w, line);
                    }
                }
                for (_, claim) in imported.brief.claims() {
                    for m in cite::parse(&claim.text) {
                        prop_assert!(claim.text.is_char_boundary(m.span.start) && claim.text.is_char_boundary(m.span.end));
                    }
                }
                let finished = store::finish(imported.brief, None, "fuzz.md");
                prop_assert!(finished.is_ok(), "an import the store refuses: {:?}", finished.err().map(|e| e.to_string()));
            }
            Err(e) => prop_assert!(e.to_string().starts_with("fuzz.md"), "{}", e),
        }
    }

    /// STORM's `url_to_info.json`: sources, or an error at a line and column; never a panic.
    #[test]
    fn storm_json(pairs in prop::collection::vec((soup(6), 0u32..20, soup(10)), 0..6), junk in soup(6), cut in 0usize..400) {
        let index: Vec<String> = pairs.iter().map(|(u, n, _)| format!("{}: {n}", serde_json::to_string(&format!("https://x.y/{u}")).unwrap())).collect();
        let info: Vec<String> = pairs.iter().map(|(u, _, s)| format!("{}: {{\"title\": {}, \"snippets\": [{}]}}", serde_json::to_string(&format!("https://x.y/{u}")).unwrap(), serde_json::to_string(s).unwrap(), serde_json::to_string(&junk).unwrap())).collect();
        let mut text = format!("{{\"url_to_unified_index\": {{{}}},\n\"url_to_info\": {{{}}}}}", index.join(", "), info.join(",\n"));
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        if cut % 3 == 0 { text.truncate(at); }
        match import::storm::sources_from_json(&text, "url_to_info.json") {
            Ok((sources, _)) => {
                let mut numbers: Vec<u32> = sources.iter().map(|s| s.number).collect();
                numbers.dedup();
                prop_assert_eq!(numbers.len(), sources.len(), "one source a number");
            }
            Err(e) => prop_assert!(e.to_string().starts_with("url_to_info.json:"), "{}", e),
        }
    }

    /// The sentence splitter: loses no character, and every sentence is trimmed and whole.
    #[test]
    fn sentence_splitter(text in soup(50)) {
        let parts = import::sentences::split(&text);
        let joined: String = parts.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        prop_assert_eq!(joined, original);
        for p in &parts {
            prop_assert!(!p.is_empty() && p.trim() == p, "{:?}", p);
        }
    }

    /// The query parser, and a search with what it parsed over the seed.
    #[test]
    fn query_parser(q in prop_oneof![
        soup(12),
        "((lang|kind|after|before|cited|LANG):[<>0-9a-zA-Z\\-:]{0,12} ?){1,4}\\PC{0,8}",
    ]) {
        thread_local!(static INDEX: Index = {
            let brief = store::load_default().unwrap().brief;
            Index::build(&brief, &Links::build(&brief))
        });
        let query = Query::parse(&q);
        prop_assert_eq!(query.text.trim(), query.text.as_str());
        INDEX.with(|index| {
            for scope in [Scope::Sources, Scope::Claims] {
                let r = index.search(&query, scope, None, 10);
                prop_assert!(r.hits.len() <= 10 && r.hits.len() <= r.total);
                let n = index.len(scope);
                prop_assert!(r.hits.iter().all(|h| h.index < n));
            }
            Ok(())
        })?;
    }

    /// The sanitizer: nothing that steers a terminal survives, and nothing else changes.
    #[test]
    fn sanitizer(text in prop_oneof![soup(30), "\\PC{0,40}", any::<String>()]) {
        let safe = sanitize::Safe::new(&text);
        let out = safe.as_str();
        prop_assert!(!out.chars().any(|c| c.is_control()), "{:?}", out);
        let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        prop_assert!(!out.chars().any(bidi), "{:?}", out);
        prop_assert_eq!(out.chars().count(), text.chars().count());
        let multi = sanitize::Safe::multiline(&text);
        let multi = multi.as_str();
        prop_assert_eq!(multi.split('\n').count(), text.split('\n').count(), "line breaks kept");
        prop_assert!(!multi.chars().any(|c| c.is_control() && c != '\n'));
    }
}
