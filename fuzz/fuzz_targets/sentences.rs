#![no_main]
//! The sentence splitter loses no character.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parts = briefbench::import::sentences::split(text);
    let joined: String = parts.concat().split_whitespace().collect();
    let original: String = text.split_whitespace().collect();
    assert_eq!(joined, original);
});
