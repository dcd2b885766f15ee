#![no_main]
//! The sanitizer: no control character survives, and the length in characters is kept.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let safe = briefbench::sanitize::Safe::new(text);
    let out = safe.as_str();
    assert!(!out.chars().any(char::is_control));
    assert_eq!(out.chars().count(), text.chars().count());
});
