#![no_main]
//! The marker parser: spans on character boundaries that slice back to `[…]`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut last = 0;
    for m in briefbench::cite::parse(text) {
        assert!(m.span.start >= last);
        let s = &text[m.span.clone()];
        assert!(s.starts_with('[') && s.ends_with(']'));
        last = m.span.end;
    }
    let _ = briefbench::cite::strip(text);
});
