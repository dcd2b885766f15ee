#![no_main]
//! The importer: a brief the store accepts, or an error naming the file.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match briefbench::import::import_str(text, "fuzz.md", "fuzz") {
        Ok(imported) => {
            briefbench::store::finish(imported.brief, None, "fuzz.md").expect("imports validate");
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.md")),
    }
});
