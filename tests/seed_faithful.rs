//! The embedded store is the seed brief, character for character.

use briefbench::{cite, model::Brief, store};

const SEED: &str = include_str!("fixtures/seed-meta-ai-strategy.txt");

fn seed_parts() -> (Vec<String>, Vec<&'static str>) {
    let (body, sources) = SEED
        .split_once("\nSources\n")
        .expect("the seed has a Sources list");
    // A bullet is a lone "-" line followed by its text; join them as "- text".
    let mut lines: Vec<String> = Vec::new();
    let mut bullet = false;
    for line in body.lines() {
        if line == "-" {
            bullet = true;
            continue;
        }
        lines.push(if bullet {
            format!("- {line}")
        } else {
            line.to_string()
        });
        bullet = false;
    }
    (lines, sources.lines().collect())
}

#[test]
fn claims_rebuild_every_heading_and_paragraph() {
    let brief = store::load_default().unwrap().brief;
    let mut rebuilt = Vec::new();
    for section in &brief.sections {
        if let Some(h) = &section.heading {
            rebuilt.push(h.clone());
        }
        rebuilt.extend(Brief::paragraphs(section));
    }
    let (expected, _) = seed_parts();
    assert_eq!(rebuilt.len(), expected.len());
    for (got, want) in rebuilt.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
fn all_62_markers_are_there_as_written() {
    let brief = store::load_default().unwrap().brief;
    let (body, _) = SEED.split_once("\nSources\n").unwrap();
    let in_seed: Vec<&str> = cite::parse(body)
        .iter()
        .map(|m| &body[m.span.clone()])
        .collect();
    let in_store: Vec<&str> = brief
        .claims()
        .flat_map(|(_, c)| cite::parse(&c.text).into_iter().map(|m| &c.text[m.span]))
        .collect();
    assert_eq!(in_seed.len(), 62);
    assert_eq!(in_store, in_seed);
    assert!(in_store.contains(&"[^12]") && in_store.contains(&"[11]"));
}

#[test]
fn all_20_sources_with_the_seeds_text_and_date() {
    let brief = store::load_default().unwrap().brief;
    let (_, sources) = seed_parts();
    assert_eq!(brief.sources.len(), 20);
    assert_eq!(sources.len(), 20);
    for (i, (source, line)) in brief.sources.iter().zip(sources).enumerate() {
        assert_eq!(source.number as usize, i + 1);
        assert_eq!(format!("- {} - {}", source.text, source.date), line);
    }
}

#[test]
fn non_english_sources_have_glosses_and_relayed_outlets_are_recorded() {
    let brief = store::load_default().unwrap().brief;
    for s in &brief.sources {
        assert_eq!(s.gloss.is_some(), s.lang != "en", "source {}", s.number);
    }
    let outlet = |n| brief.source(n).unwrap().outlet.as_deref();
    assert_eq!(outlet(14), Some("WSJ"));
    assert_eq!(outlet(16), Some("WSJ"));
    assert_eq!(outlet(8), Some("Svenska Dagbladet"));
    assert_eq!(outlet(18), Some("Svenska Dagbladet"));
    let langs: std::collections::BTreeSet<_> =
        brief.sources.iter().map(|s| s.lang.as_str()).collect();
    assert_eq!(langs.len(), 7, "{langs:?}");
}
