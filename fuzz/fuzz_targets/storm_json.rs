#![no_main]
//! STORM's url_to_info.json: sources, or an error naming the file at a line and column.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(e) = briefbench::import::storm::sources_from_json(text, "url_to_info.json") {
        assert!(e.to_string().starts_with("url_to_info.json:"));
    }
});
