//! The names scripts and configs read are derived from the types (serde renames, strum):
//! where two derivations name one thing, they agree, and each name reads back.

use briefbench::flags::Mark;
use briefbench::model::SourceKind;
use briefbench::support::{Code, Verdict};
use strum::IntoEnumIterator;

fn json_name(v: impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn verdicts_and_codes_are_named_alike_in_json_and_in_text() {
    for v in Verdict::iter() {
        assert_eq!(json_name(v), v.label());
    }
    for c in Code::iter() {
        assert_eq!(json_name(c), c.as_str());
        assert!(
            c.as_str()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
            "{}",
            c.as_str()
        );
    }
    assert_eq!(Code::SourceAfterBrief.as_str(), "source-after-brief");
}

#[test]
fn marks_have_a_kebab_code_and_a_label_for_people() {
    let codes: Vec<&str> = Mark::iter().map(Mark::code).collect();
    assert_eq!(codes, ["weak", "disputed", "verified", "needs-source"]);
    assert_eq!(Mark::NeedsSource.label(), "needs source");
    assert_eq!(Mark::Weak.label(), "weak");
}

#[test]
fn source_kinds_are_labelled_in_lower_case_and_filtered_by_any_prefix() {
    for k in SourceKind::iter() {
        let label = k.label();
        assert_eq!(label, format!("{k:?}").to_lowercase());
        let q = briefbench::search::Query::parse(&format!("kind:{}", &label[..3]));
        assert_eq!(q.kind, Some(k), "{label}");
    }
}
