//! Each construct the fast reader reads, checked against `ron` with the store's options, and
//! each it refuses, with what `ron` makes of it (so a change in `ron` shows here too).

use std::collections::BTreeSet;
use std::fmt::Debug;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{MAX_DEPTH, from_str};
use crate::model::{Brief, Claim, Guessed, SectionKind, Source, SourceKind, Start};
use crate::store::{self, DEFAULT_BRIEF};

fn ron<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    store::ron_options().from_str(text)
}

/// Read by both, to the same value.
#[track_caller]
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> T {
    let fast = from_str::<T>(text);
    let slow = ron::<T>(text);
    assert!(fast.is_some(), "refused {text:?} (ron: {slow:?})");
    assert_eq!(slow.as_ref().ok(), fast.as_ref(), "{text:?}");
    fast.unwrap()
}

/// Refused, though `ron` reads it.
#[track_caller]
fn refused_ron_reads<T: DeserializeOwned + Debug>(text: &str) -> T {
    assert!(from_str::<T>(text).is_none(), "read {text:?}");
    ron::<T>(text).unwrap_or_else(|e| panic!("ron refuses {text:?} too: {e}"))
}

/// Refused, and an error in `ron`.
#[track_caller]
fn refused_ron_errs<T: DeserializeOwned + Debug>(text: &str) {
    assert!(from_str::<T>(text).is_none(), "read {text:?}");
    let slow = ron::<T>(text);
    assert!(slow.is_err(), "ron reads {text:?}: {slow:?}");
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct S {
    n: u32,
    s: String,
    #[serde(default)]
    o: Option<String>,
    #[serde(default)]
    v: Vec<String>,
}

fn s(s: &str) -> S {
    S {
        n: 1,
        s: s.to_string(),
        o: None,
        v: vec![],
    }
}

fn text_of(text: &str) -> String {
    same::<S>(&format!("(n: 1, s: {text})")).s
}

#[test]
fn the_embedded_brief_and_what_the_store_writes() {
    let brief = same::<Brief>(DEFAULT_BRIEF);
    assert_eq!(brief.sources.len(), 20);
    let written = store::to_ron_string(&brief);
    assert_eq!(same::<Brief>(&written), brief);
    let compact = ron::to_string(&brief).unwrap();
    assert_eq!(same::<Brief>(&compact), brief);
}

#[test]
fn struct_names_fields_in_any_order_and_trailing_commas() {
    assert_eq!(same::<S>("S(n: 1, s: \"a\")"), s("a"));
    assert_eq!(same::<S>("S (s: \"a\", n: 1,)"), s("a"));
    assert_eq!(same::<S>("S/**/(s:\"a\",n:1)"), s("a"));
    let claim = same::<Claim>("Claim(id: \"c.1\", text: \"t\", start: Bullet,)");
    assert_eq!(claim.start, Start::Bullet);
    refused_ron_errs::<S>("T(n: 1, s: \"a\")");
    refused_ron_errs::<S>("(n: 1, s: \"a\",,)");
    refused_ron_errs::<S>("(n: 1 s: \"a\")");
    refused_ron_errs::<S>("(, n: 1, s: \"a\")");
    refused_ron_errs::<S>("(n: 1, s: \"a\", x: 2)");
    refused_ron_errs::<S>("(n: 1, s: \"a\", n: 2)");
    refused_ron_errs::<S>("(n: 1)");
    refused_ron_errs::<S>("(n: 1, s: \"a\") x");
    refused_ron_errs::<S>("(n: 1, s: \"a\")(");
    // Raw and Unicode identifiers.
    refused_ron_reads::<S>("(r#n: 1, s: \"a\")");
    refused_ron_errs::<S>("(n: 1, s: \"a\", ñ: 2)");
    refused_ron_errs::<S>("(n-x: 1, s: \"a\")");
}

#[test]
fn sequences_and_sets() {
    assert_eq!(same::<Vec<u32>>("[]"), Vec::<u32>::new());
    assert_eq!(same::<Vec<u32>>("[1,2 , 3,]"), vec![1, 2, 3]);
    let set = same::<BTreeSet<Guessed>>("[\"lang\", \"date\", \"lang\"]");
    assert_eq!(set, BTreeSet::from([Guessed::Date, Guessed::Lang]));
    refused_ron_errs::<BTreeSet<Guessed>>("[\"title\"]");
    refused_ron_errs::<Vec<u32>>("[,]");
    refused_ron_errs::<Vec<u32>>("[1 2]");
    refused_ron_errs::<Vec<u32>>("[1,");
}

#[test]
fn unit_variants_as_bare_identifiers() {
    assert_eq!(same::<SectionKind>("Takeaways"), SectionKind::Takeaways);
    assert_eq!(
        same::<Vec<SourceKind>>("[News,Social ]"),
        [SourceKind::News, SourceKind::Social]
    );
    refused_ron_errs::<SectionKind>("Blog");
    refused_ron_errs::<SectionKind>("Body()");
    refused_ron_errs::<SectionKind>("\"Body\"");
    refused_ron_reads::<SectionKind>("r#Body");
    refused_ron_errs::<SectionKind>("Body-x");
}

#[test]
fn options_plain_some_and_none() {
    let o = |text: &str| same::<S>(&format!("(n: 1, s: \"\", o: {text})")).o;
    assert_eq!(o("\"x\""), Some("x".into()));
    assert_eq!(o("None"), None);
    assert_eq!(o("Some(\"x\")"), Some("x".into()));
    assert_eq!(o("Some ( \"x\" , )"), Some("x".into()));
    assert_eq!(o("r#\"x\"#"), Some("x".into()));
    assert_eq!(o("\"None\""), Some("None".into()));
    assert_eq!(same::<S>("(n: 1, s: \"\")").o, None);
    let src = same::<Source>(
        "(number: 1, date: \"2026-01-01\", kind: News, lang: \"en\", text: \"t\", url: Some(\"u\"), title: None)",
    );
    assert_eq!((src.url.as_deref(), src.title), (Some("u"), None));
    // `ron` reads `Some` without parentheses as an implicit `Some` around what follows.
    assert_eq!(
        refused_ron_reads::<S>("(n: 1, s: \"\", o: Some \"x\")").o,
        Some("x".into())
    );
    refused_ron_errs::<S>("(n: 1, s: \"\", o: Some(None))");
    refused_ron_errs::<S>("(n: 1, s: \"\", o: Some(\"x\")");
    refused_ron_errs::<S>("(n: 1, s: \"\", o: Nonesuch)");
    // An option directly in an option is left to `ron`'s own rules.
    assert_eq!(
        refused_ron_reads::<Option<Option<String>>>("Some(\"x\")"),
        Some(Some("x".into()))
    );
    assert_eq!(
        refused_ron_reads::<Option<Option<String>>>("\"x\""),
        Some(Some("x".into()))
    );
    assert_eq!(same::<Option<Option<String>>>("None"), None);
}

#[test]
fn strings_and_every_escape_ron_reads() {
    assert_eq!(text_of("\"\""), "");
    assert_eq!(
        text_of(r#""\' \" \\ \n \r \t \0 \x41\x7f \u{e9} \u{1F600} \u{10FFFF} \u{00041}""#),
        "' \" \\ \n \r \t \0 A\x7f é 😀 \u{10FFFF} A"
    );
    assert_eq!(
        text_of("\"進軍 🚨 ‼\u{fe0f} \u{1b}[2J \u{7}\0\n\ttab\""),
        "進軍 🚨 ‼\u{fe0f} \u{1b}[2J \u{7}\0\n\ttab"
    );
    assert_eq!(text_of("\"line\r\nbreak\""), "line\r\nbreak");
    assert_eq!(text_of("\"a\\\\\""), "a\\");
    assert_eq!(text_of("\"\\\"\\\"\""), "\"\"");
    // Raw strings: any number of hashes, the first closing quote with as many ends it.
    assert_eq!(text_of("r\"a\\nb\""), "a\\nb");
    assert_eq!(text_of("r#\"say \"hi\"\"#"), "say \"hi\"");
    assert_eq!(text_of("r##\"a\"#b\"##"), "a\"#b");
    assert_eq!(text_of("r\"\""), "");
    refused_ron_errs::<S>("(n: 1, s: r#\"a\"##)");
    refused_ron_errs::<S>("(n: 1, s: r#\"a\")");
    refused_ron_errs::<S>("(n: 1, s: r#a)");
    // Escapes `ron` refuses.
    for bad in [
        r"\a",
        r"\b",
        r"\f",
        r"\/",
        r"\u0041",
        r"\u{}",
        r"\u{1234567}",
        r"\u{D800}",
        r"\u{110000}",
        r"\u{4g}",
        r"\x4",
        r"\xg1",
        r"\x",
        r"\",
        "\\\n",
        r"\U{41}",
    ] {
        refused_ron_errs::<S>(&format!("(n: 1, s: \"{bad}\")"));
    }
    // A byte above 0x7F starts a UTF-8 sequence of `\x` escapes in `ron`.
    assert_eq!(refused_ron_reads::<S>(r#"(n: 1, s: "\xC3\xA9")"#).s, "é");
    refused_ron_errs::<S>(r#"(n: 1, s: "\xC3")"#);
    refused_ron_errs::<S>("(n: 1, s: \"open)");
    refused_ron_errs::<S>("(n: 1, s: b\"bytes\")");
    refused_ron_errs::<S>("(n: 1, s: 'c')");
}

#[test]
fn strings_without_escapes_are_borrowed() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct B<'a> {
        s: &'a str,
    }
    let text = "(s: \"plain 進軍\")";
    assert_eq!(from_str::<B>(text), Some(B { s: "plain 進軍" }));
    assert_eq!(
        store::ron_options().from_str::<B>(text).ok(),
        Some(B { s: "plain 進軍" })
    );
    let raw = "(s: r#\"a \"b\"\"#)";
    assert_eq!(from_str::<B>(raw), Some(B { s: "a \"b\"" }));
    // An escape means a new string, which a borrowed `&str` cannot take, in `ron` either.
    let escaped = "(s: \"a\\nb\")";
    assert_eq!(from_str::<B>(escaped), None);
    assert!(store::ron_options().from_str::<B>(escaped).is_err());
}

#[test]
fn unsigned_integers_plain_only() {
    assert_eq!(same::<u32>("0"), 0);
    assert_eq!(same::<u32>("007"), 7);
    assert_eq!(same::<u32>("4294967295"), u32::MAX);
    assert_eq!(same::<u8>("255"), 255);
    assert_eq!(same::<u64>("18446744073709551615"), u64::MAX);
    refused_ron_errs::<u32>("4294967296");
    refused_ron_errs::<u8>("256");
    refused_ron_errs::<u64>("18446744073709551616");
    refused_ron_errs::<u32>("1.0");
    refused_ron_errs::<u32>("1e3");
    refused_ron_errs::<u32>("");
    refused_ron_errs::<u32>("12abc");
    for (text, n) in [
        ("0x1F", 31),
        ("0b101", 5),
        ("0o17", 15),
        ("1_000", 1000),
        ("+5", 5),
    ] {
        assert_eq!(refused_ron_reads::<u32>(text), n, "{text}");
    }
    assert_eq!(refused_ron_reads::<u32>("5u32"), 5);
    assert_eq!(refused_ron_reads::<u32>("-0"), 0);
    assert_eq!(refused_ron_reads::<u8>("b'a'"), b'a');
    refused_ron_errs::<u32>("-1");
    refused_ron_errs::<u32>("5u8");
}

#[test]
fn whitespace_and_comments_anywhere() {
    let spaced = "\u{feff}";
    assert!(from_str::<S>(&format!("{spaced}(n: 1, s: \"a\")")).is_none());
    let text = "// head\n\t\r\n(\x0B\x0Cn/*a*/:/* b */1//c\n,s\n:\n\"a\"/**/,/***/)/* tail */ // no newline";
    assert_eq!(same::<S>(text), s("a"));
    assert_eq!(same::<S>("/*/ x */(n: 1, s: \"a\")"), s("a"));
    assert_eq!(same::<S>("/* **/(n: 1, s: \"a\")"), s("a"));
    assert_eq!(same::<S>("(n: 1, s: \"a\") //"), s("a"));
    // `ron`'s block comments nest.
    refused_ron_reads::<S>("/* a /* b */ c */(n: 1, s: \"a\")");
    refused_ron_errs::<S>("/* a /* b */(n: 1, s: \"a\")");
    refused_ron_errs::<S>("/*/(n: 1, s: \"a\")");
    refused_ron_errs::<S>("(n: 1, s: \"a\") /* open");
    refused_ron_errs::<S>("(n: 1, s: \"a\") /");
    refused_ron_errs::<S>("(n: 1, s: \"a\") /x");
    // Whitespace `ron` has beyond ASCII is left to it.
    for ws in ["\u{85}", "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}"] {
        refused_ron_reads::<S>(&format!("(n:{ws}1, s: \"a\")"));
    }
    refused_ron_errs::<S>("(n:\u{a0}1, s: \"a\")");
}

#[test]
fn only_the_implicit_some_attribute() {
    assert_eq!(
        same::<S>("#![enable(implicit_some)]\n(n: 1, s: \"a\")"),
        s("a")
    );
    assert_eq!(
        same::<S>("// c\n#![enable(implicit_some)]#![enable(implicit_some)](n: 1, s: \"a\")"),
        s("a")
    );
    refused_ron_reads::<S>("#![enable(implicit_some,)]\n(n: 1, s: \"a\")");
    refused_ron_reads::<S>("# ! [ enable ( implicit_some ) ]\n(n: 1, s: \"a\")");
    refused_ron_reads::<S>("#![enable(unwrap_newtypes)]\n(n: 1, s: \"a\")");
    refused_ron_errs::<S>("#![enable(no_such)]\n(n: 1, s: \"a\")");
    refused_ron_errs::<S>("(n: 1, #![enable(implicit_some)] s: \"a\")");
}

#[test]
fn what_the_model_does_not_use_is_refused() {
    refused_ron_reads::<bool>("true");
    refused_ron_reads::<i32>("-3");
    refused_ron_reads::<f64>("1.5");
    refused_ron_reads::<char>("'c'");
    refused_ron_reads::<(u32, u32)>("(1, 2)");
    refused_ron_reads::<()>("()");
    refused_ron_reads::<std::collections::BTreeMap<String, u32>>("{\"a\": 1}");
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Newtype(u32);
    refused_ron_reads::<Newtype>("Newtype(1)");
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    enum E {
        A(u32),
        B { x: u32 },
    }
    refused_ron_reads::<E>("A(1)");
    refused_ron_reads::<E>("B(x: 1)");
    // A struct that ignores unknown fields would skip a value of any shape.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Lenient {
        n: u32,
    }
    assert!(from_str::<Lenient>("(n: 1)").is_some());
    refused_ron_reads::<Lenient>("(n: 1, other: [1])");
}

#[test]
fn nesting_is_bounded_below_rons_limit() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(transparent)]
    struct Nest(Vec<Nest>);
    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }
    // `ron` counts two levels of its limit for each sequence (the sequence, the element in
    // it): 32 sequences are within the store's 64, 33 are not.
    assert!(ron::<Nest>(&nested(32)).is_ok());
    refused_ron_errs::<Nest>(&nested(33));
    same::<Nest>(&nested(MAX_DEPTH));
    refused_ron_reads::<Nest>(&nested(MAX_DEPTH + 1));
    refused_ron_errs::<Nest>(&"[".repeat(100_000));
}
