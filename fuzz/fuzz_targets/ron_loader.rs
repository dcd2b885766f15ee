#![no_main]
//! Any bytes given to the RON loader: a brief or an error naming the file, never a panic;
//! and the fast reader declines them or reads what `ron` reads.
use briefbench::model::Brief;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(fast) = briefbench::ron_fast::from_str::<Brief>(text) {
            let slow: Brief = briefbench::store::ron_options()
                .from_str(text)
                .expect("ron reads what the fast reader reads");
            assert_eq!(fast, slow);
        }
        match briefbench::store::load_str(text, "fuzz.ron") {
            Ok(loaded) => {
                let again = briefbench::store::to_ron_string(&loaded.brief);
                let reloaded = briefbench::store::load_str(&again, "again.ron")
                    .expect("what loads can be written and loaded again");
                assert_eq!(reloaded.brief, loaded.brief);
            }
            Err(e) => assert!(e.to_string().starts_with("fuzz.ron")),
        }
    }
});
