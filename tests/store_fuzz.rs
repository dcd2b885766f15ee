//! The loader never panics: random bytes, and the seed's RON mutated at random, either load
//! or give an error that names the file.

use briefbench::store::{self, DEFAULT_BRIEF};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,300}|[()\\[\\]{}:,\"a-z0-9 \\n]{0,300}") {
        if let Err(e) = store::load_str(&s, "random.ron") {
            prop_assert!(e.to_string().starts_with("random.ron"), "{}", e);
        }
    }

    #[test]
    fn mutated_seed_never_panics(
        edits in proptest::collection::vec((0usize..DEFAULT_BRIEF.len(), 0usize..40, "\\PC{0,12}|[\\[\\]()\",:0-9]{0,6}"), 1..6)
    ) {
        let mut text = DEFAULT_BRIEF.to_string();
        for (at, cut, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, &insert);
        }
        match store::load_str(&text, "mutated.ron") {
            Ok(loaded) => {
                // What loads can be assessed and drawn from.
                let links = briefbench::links::Links::build(&loaded.brief);
                let a = briefbench::support::assess(&loaded.brief, &links);
                prop_assert_eq!(a.claims.len(), loaded.brief.claim_count());
            }
            Err(e) => prop_assert!(e.to_string().starts_with("mutated.ron"), "{}", e),
        }
    }
}

#[test]
fn random_bytes_from_disk_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 0x1234_5678_u64;
    for i in 0..50 {
        let bytes: Vec<u8> = (0..(i * 37 % 500))
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u8
            })
            .collect();
        let p = dir.path().join(format!("r{i}.ron"));
        std::fs::write(&p, &bytes).unwrap();
        let err = store::load_path(&p).unwrap_err().to_string();
        assert!(err.contains(&format!("r{i}.ron")), "{err}");
    }
}
