//! Checks a brief beyond what its types say: ids that repeat, markers that point nowhere,
//! sources nobody cites. Errors stop a load; warnings are listed and the brief opens.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::cite;
use crate::links::Links;

mod locate;
use crate::model::Brief;
use locate::locate_all;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, for scripts: `duplicate-claim-id`, `dangling-marker`, …
    pub code: &'static str,
    pub message: String,
    /// 1-based line and column in the store's text, where one is known.
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// The file the line and column are in, when it is not the brief's own (an imported
    /// STORM folder's article, a sources sidecar).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, message: String) -> Self {
        Diagnostic {
            severity,
            code,
            message,
            line: None,
            col: None,
            file: None,
        }
    }

    /// A warning, e.g. from the importer.
    pub fn warning(code: &'static str, message: String) -> Self {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// The same, located at a 1-based line and column of `file`.
    pub fn at(mut self, file: &str, line: usize, col: usize) -> Self {
        self.file = Some(file.to_string());
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    /// `file:line:col: warning[code]: message`; `file` unless the diagnostic names its own.
    pub fn display(&self, file: &str) -> String {
        let file = self.file.as_deref().unwrap_or(file);
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.col) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}: {sev}[{}]: {}", self.code, self.message),
            _ => format!("{file}: {sev}[{}]: {}", self.code, self.message),
        }
    }
}

/// Every problem found in `brief`. `text`, the RON it was read from, lets a diagnostic
/// point at a line and column.
pub fn validate(brief: &Brief, text: Option<&str>) -> Vec<Diagnostic> {
    diagnose(brief, text, Look::Everything, None)
}

/// As [`validate`], the markers read from `links` (built from `brief`), not again from
/// the claims: what a load that builds the links anyway uses, so that the markers are
/// parsed once.
pub fn validate_linked(brief: &Brief, text: Option<&str>, links: &Links) -> Vec<Diagnostic> {
    diagnose(brief, text, Look::Everything, Some(links))
}

/// The errors in `brief`, its warnings not looked for: what a command that shows none needs
/// (`search`), at a fraction of the cost on a store with many dangling markers.
pub fn errors(brief: &Brief, text: Option<&str>) -> Vec<Diagnostic> {
    diagnose(brief, text, Look::ErrorsOnly, None)
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Look {
    Everything,
    ErrorsOnly,
}

fn diagnose(
    brief: &Brief,
    text: Option<&str>,
    look: Look,
    links: Option<&Links>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // (diagnostic index, quoted string to find, which occurrence)
    let mut to_locate: Vec<(usize, String, usize)> = Vec::new();
    let mut push = |out: &mut Vec<Diagnostic>, d: Diagnostic, needle: Option<(String, usize)>| {
        if let Some((n, k)) = needle {
            to_locate.push((out.len(), n, k));
        }
        out.push(d);
    };

    if !is_iso_date(&brief.date) {
        let d = Diagnostic::new(
            Severity::Error,
            "bad-date",
            format!("brief date {:?} is not a date like 2026-03-08", brief.date),
        );
        push(&mut out, d, Some((brief.date.clone(), 0)));
    }

    let mut section_ids: HashMap<&str, usize> = HashMap::default();
    let mut claim_ids: HashMap<&str, usize> = HashMap::default();
    for section in &brief.sections {
        let seen = section_ids.entry(&section.id).or_default();
        if *seen > 0 {
            let d = Diagnostic::new(
                Severity::Error,
                "duplicate-section-id",
                format!("section id {:?} is used more than once", section.id),
            );
            push(&mut out, d, Some((section.id.clone(), *seen)));
        }
        *seen += 1;
        if section.id.trim().is_empty() {
            out.push(Diagnostic::new(
                Severity::Error,
                "empty-id",
                "a section has an empty id".into(),
            ));
        }
        if section.claims.is_empty() {
            out.push(Diagnostic::new(
                Severity::Warning,
                "empty-section",
                format!("section {:?} has no claims", section.id),
            ));
        }
        for claim in &section.claims {
            let seen = claim_ids.entry(&claim.id).or_default();
            if *seen > 0 {
                let d = Diagnostic::new(
                    Severity::Error,
                    "duplicate-claim-id",
                    format!("claim id {:?} is used more than once", claim.id),
                );
                push(&mut out, d, Some((claim.id.clone(), *seen)));
            }
            *seen += 1;
            if claim.id.trim().is_empty() {
                out.push(Diagnostic::new(
                    Severity::Error,
                    "empty-id",
                    format!("a claim in section {:?} has an empty id", section.id),
                ));
            }
        }
    }

    let mut numbers: HashMap<u32, usize> = HashMap::default();
    for source in &brief.sources {
        let seen = numbers.entry(source.number).or_default();
        if *seen > 0 {
            out.push(Diagnostic::new(
                Severity::Error,
                "duplicate-source-number",
                format!("source number {} is used more than once", source.number),
            ));
        }
        *seen += 1;
        if !is_iso_date(&source.date) {
            let d = Diagnostic::new(
                Severity::Error,
                "bad-date",
                format!(
                    "source {} date {:?} is not a date like 2026-03-08",
                    source.number, source.date
                ),
            );
            push(&mut out, d, Some((source.date.clone(), 0)));
        }
        if !is_lang_code(&source.lang) {
            let d = Diagnostic::new(
                Severity::Error,
                "bad-lang",
                format!(
                    "source {} language {:?} is not an ISO 639-1 code like \"en\"",
                    source.number, source.lang
                ),
            );
            push(&mut out, d, Some((source.lang.clone(), 0)));
        }
    }

    // What is left gives warnings only.
    if look == Look::Everything {
        let mut cited: HashSet<u32> = HashSet::default();
        for (flat, (_, claim)) in brief.claims().enumerate() {
            let parsed;
            let cites = match links {
                Some(links) => links.cites.get(flat).map_or(&[][..], Vec::as_slice),
                None => {
                    parsed = cite::cited_numbers(&claim.text);
                    &parsed[..]
                }
            };
            for &n in cites {
                cited.insert(n);
                if !numbers.contains_key(&n) {
                    let d = Diagnostic::new(
                        Severity::Warning,
                        "dangling-marker",
                        format!(
                            "claim {:?} cites [{n}], but there is no source {n}",
                            claim.id
                        ),
                    );
                    push(&mut out, d, Some((claim.id.clone(), 0)));
                }
            }
        }
        for source in &brief.sources {
            if !cited.contains(&source.number) {
                out.push(Diagnostic::new(
                    Severity::Warning,
                    "uncited-source",
                    format!("source {} is cited by no claim", source.number),
                ));
            }
        }
    }

    if let Some(text) = text
        && !to_locate.is_empty()
    {
        let offsets = locate_all(text, to_locate.iter().map(|(_, n, k)| (n.as_str(), *k)));
        let found: Vec<(usize, usize)> = to_locate
            .iter()
            .zip(offsets)
            .filter_map(|((i, _, _), at)| Some((*i, at?)))
            .collect();
        let at: Vec<usize> = found.iter().map(|&(_, at)| at).collect();
        for ((i, _), (l, c)) in found.iter().zip(positions(text, &at)) {
            out[*i].line = Some(l);
            out[*i].col = Some(c);
        }
    }
    if look == Look::ErrorsOnly {
        out.retain(|d| d.severity == Severity::Error);
    }
    out.sort_by_key(|d| d.severity);
    out
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    crate::date::is_day(s)
}

fn is_lang_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// The 1-based line and column of each byte offset of `text`. The lines before each are
/// counted in one sweep through the text, in the offsets' order: a large store has a
/// million lines, and a table of where each starts took longer to build than the sweep.
fn positions(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&k| offsets[k]);
    let bytes = text.as_bytes();
    let mut out = vec![(0, 0); offsets.len()];
    // The line reached so far, and where it starts.
    let (mut line, mut start, mut swept) = (1, 0, 0);
    for k in order {
        let at = offsets[k];
        for nl in memchr::memchr_iter(b'\n', &bytes[swept..at]) {
            line += 1;
            start = swept + nl + 1;
        }
        swept = at;
        out[k] = (line, text[start..at].chars().count() + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, DEFAULT_BRIEF};

    fn diags(text: &str) -> Vec<Diagnostic> {
        let brief = store::parse_str(text, "t").unwrap();
        validate(&brief, Some(text))
    }

    #[test]
    fn seed_has_no_errors() {
        let d = diags(DEFAULT_BRIEF);
        assert!(d.iter().all(|d| d.severity == Severity::Warning), "{d:?}");
    }

    #[test]
    fn duplicate_claim_id_is_an_error_at_its_second_place() {
        let text = DEFAULT_BRIEF.replacen("\"summary.2\"", "\"summary.1\"", 1);
        let d = diags(&text);
        let dup = d.iter().find(|d| d.code == "duplicate-claim-id").unwrap();
        assert_eq!(dup.severity, Severity::Error);
        let line = text
            .lines()
            .position(|l| l.contains("(id: \"summary.1\", text: \"This coherent"))
            .unwrap()
            + 1;
        assert_eq!(dup.line, Some(line));
    }

    #[test]
    fn dangling_marker_and_uncited_source_are_warnings() {
        let text = DEFAULT_BRIEF.replacen("[^16]", "[^96]", 1);
        let d = diags(&text);
        let dangling = d.iter().find(|d| d.code == "dangling-marker").unwrap();
        assert!(dangling.message.contains("[96]"), "{}", dangling.message);
        assert_eq!(dangling.severity, Severity::Warning);
        assert!(
            d.iter()
                .any(|d| d.code == "uncited-source" && d.message.contains("source 16"))
        );
    }

    #[test]
    fn duplicate_source_number_and_bad_fields() {
        let text = DEFAULT_BRIEF
            .replacen("number: 2,", "number: 1,", 1)
            .replacen("date: \"2026-03-07\"", "date: \"7 March\"", 1)
            .replacen("lang: \"ru\"", "lang: \"Russian\"", 1);
        let codes: Vec<_> = diags(&text).iter().map(|d| d.code).collect();
        for c in ["duplicate-source-number", "bad-date", "bad-lang"] {
            assert!(codes.contains(&c), "{c} missing from {codes:?}");
        }
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2026-03-08"));
        for bad in [
            "2026-3-8",
            "2026-13-01",
            "2026-00-10",
            "20260308xx",
            "2026-03-0a",
            "",
            "2026-02-30",
            "2025-02-29",
            "1900-02-29",
            "2026-04-31",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        for good in ["2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30"] {
            assert!(is_iso_date(good), "{good}");
        }
    }

    #[test]
    fn offsets_give_lines_and_columns_in_any_order() {
        let text = "ab\nc\n\nd é x";
        // Out of order, repeated, at a line's start, and after a character of two bytes.
        let at = [6, 1, 0, 6, 3, 11];
        assert_eq!(
            positions(text, &at),
            vec![(4, 1), (1, 2), (1, 1), (4, 1), (2, 1), (4, 5)]
        );
        assert_eq!(positions(text, &[]), vec![]);
    }

    #[test]
    fn errors_only_are_the_errors_of_the_whole_check_where_they_stand() {
        let text = DEFAULT_BRIEF
            .replacen("\"summary.2\"", "\"summary.1\"", 1)
            .replacen("lang: \"en\"", "lang: \"english\"", 1)
            .replacen("[1]", "[99]", 1);
        let brief = store::parse_str(&text, "t").unwrap();
        let all = validate(&brief, Some(&text));
        let errors = super::errors(&brief, Some(&text));
        let want: Vec<_> = all
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        assert_eq!(errors, want);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|d| d.line.is_some()), "{errors:?}");
        assert!(
            all.iter().any(|d| d.code == "dangling-marker"),
            "the whole check warns too"
        );
    }

    #[test]
    fn markers_read_from_the_links_say_what_markers_parsed_again_say() {
        // Dangling markers in several claims (one of them twice), a paragraph's closing
        // marker, uncited sources, and an error beside them.
        let text = DEFAULT_BRIEF
            .replacen("[1]", "[99]", 2)
            .replacen("[^16]", "[^96], [^97]", 1)
            .replacen("\"summary.2\"", "\"summary.1\"", 1);
        let brief = store::parse_str(&text, "t").unwrap();
        let links = Links::build(&brief);
        let linked = validate_linked(&brief, Some(&text), &links);
        assert_eq!(linked, validate(&brief, Some(&text)));
        let dangling = linked.iter().filter(|d| d.code == "dangling-marker");
        assert_eq!(dangling.count(), 3, "{linked:?}");
        assert!(linked.iter().any(|d| d.code == "uncited-source"));
        assert!(linked.iter().any(|d| d.code == "duplicate-claim-id"));
        let seed = store::parse_str(DEFAULT_BRIEF, "t").unwrap();
        let seed_links = Links::build(&seed);
        assert_eq!(
            validate_linked(&seed, Some(DEFAULT_BRIEF), &seed_links),
            validate(&seed, Some(DEFAULT_BRIEF))
        );
    }
}
