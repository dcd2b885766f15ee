#![no_main]
//! The sanitizer: no control character survives, and the length in characters is kept.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let out = briefbench::sanitize::sanitize(text);
    assert!(!out.chars().any(char::is_control));
    assert_eq!(out.chars().count(), text.chars().count());
});
