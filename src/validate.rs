//! Checks a brief beyond what its types say: ids that repeat, markers that point nowhere,
//! sources nobody cites. Errors stop a load; warnings are listed and the brief opens.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::cite;
use crate::links::Links;

mod locate;
mod written;
use crate::model::Brief;
use locate::locate_all;
use written::{SourceField, written_before};

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
    let mut found = structure(brief);
    found.markers(brief, None);
    found.placed(text)
}

/// As [`validate`], and the brief's links, built meanwhile (for a large brief, on a thread
/// of their own while ids, numbers, dates and languages are checked); the check reads the
/// markers from them, so that they are parsed once.
pub fn validate_and_link(brief: &Brief, text: Option<&str>) -> (Vec<Diagnostic>, Links) {
    let (mut found, links) = if brief.claim_count() < LINK_ALONGSIDE_FROM {
        (structure(brief), Links::build(brief))
    } else {
        // The other thread checks the structure, then reads the later claims' markers;
        // this one reads the earlier, a few more (the structure takes about a tenth of the
        // markers' time). The links are built here, not on the other thread: they are
        // kept for as long as the brief, and memory a finished thread leaves to the
        // allocator is held apart (a large brief's check peaked 20 MB higher so).
        let texts: Vec<&str> = brief.claims().map(|(_, c)| c.text.as_str()).collect();
        let (earlier, later) = texts.split_at(texts.len() * 11 / 20);
        let read = |texts: &[&str]| -> Vec<Vec<u32>> {
            texts.iter().map(|t| cite::cited_numbers(t)).collect()
        };
        std::thread::scope(|s| {
            let checking = s.spawn(|| (structure(brief), read(later)));
            let mut cites = read(earlier);
            let (found, later) = checking
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            cites.extend(later);
            (found, Links::from_cites(brief, cites))
        })
    };
    found.markers(brief, Some(&links));
    (found.placed(text), links)
}

/// Briefs with this many claims or more have their links built beside the check.
const LINK_ALONGSIDE_FROM: usize = 4096;

/// The errors in `brief`, its warnings not looked for: what a command that shows none needs
/// (`search`), at a fraction of the cost on a store with many dangling markers.
pub fn errors(brief: &Brief, text: Option<&str>) -> Vec<Diagnostic> {
    let mut out = structure(brief).placed(text);
    out.retain(|d| d.severity == Severity::Error);
    out
}

/// Diagnostics found so far, with what is to be located in the text.
struct Found {
    out: Vec<Diagnostic>,
    /// (diagnostic index, quoted string to find, which occurrence)
    to_locate: Vec<(usize, String, usize)>,
    /// Source number -> how many sources have it.
    numbers: HashMap<u32, usize>,
}

impl Found {
    fn push(&mut self, d: Diagnostic, needle: Option<(String, usize)>) {
        if let Some((n, k)) = needle {
            self.to_locate.push((self.out.len(), n, k));
        }
        self.out.push(d);
    }

    /// Markers that point nowhere and sources no marker points at: warnings. The markers
    /// are read from `links` when given, else parsed from the claims.
    fn markers(&mut self, brief: &Brief, links: Option<&Links>) {
        // The numbers cited, when no links say which (their `cited_by` does).
        let mut cited: HashSet<u32> = HashSet::default();
        if links.is_none() {
            cited.reserve(brief.sources.len());
        }
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
                if links.is_none() {
                    cited.insert(n);
                }
                if !self.numbers.contains_key(&n) {
                    let d = Diagnostic::new(
                        Severity::Warning,
                        "dangling-marker",
                        format!(
                            "claim {:?} cites [{n}], but there is no source {n}",
                            claim.id
                        ),
                    );
                    self.push(d, Some((claim.id.clone(), 0)));
                }
            }
        }
        let is_cited = |n: u32| match links {
            Some(links) => links.cited_by.contains_key(&n),
            None => cited.contains(&n),
        };
        for source in &brief.sources {
            if !is_cited(source.number) {
                self.out.push(Diagnostic::new(
                    Severity::Warning,
                    "uncited-source",
                    format!("source {} is cited by no claim", source.number),
                ));
            }
        }
    }

    /// The diagnostics, each at its line and column in `text` where it can be found
    /// there, errors first.
    fn placed(self, text: Option<&str>) -> Vec<Diagnostic> {
        let Found {
            mut out, to_locate, ..
        } = self;
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
        out.sort_by_key(|d| d.severity);
        out
    }
}

/// What the brief's own fields say wrong: ids used twice or empty, numbers used twice,
/// dates and languages that are none (errors), and empty sections (warnings).
fn structure(brief: &Brief) -> Found {
    let mut found = Found {
        out: Vec::new(),
        to_locate: Vec::new(),
        numbers: HashMap::default(),
    };
    if !is_iso_date(&brief.date) {
        let d = Diagnostic::new(
            Severity::Error,
            "bad-date",
            format!("brief date {:?} is not a date like 2026-03-08", brief.date),
        );
        found.push(d, Some((brief.date.clone(), 0)));
    }

    // Sized at once: grown from empty, a large brief's maps were rehashed a dozen times.
    let mut section_ids: HashMap<&str, usize> = HashMap::default();
    section_ids.reserve(brief.sections.len());
    let mut claim_ids: HashMap<&str, usize> = HashMap::default();
    claim_ids.reserve(brief.claim_count());
    for section in &brief.sections {
        let seen = section_ids.entry(&section.id).or_default();
        if *seen > 0 {
            let d = Diagnostic::new(
                Severity::Error,
                "duplicate-section-id",
                format!("section id {:?} is used more than once", section.id),
            );
            found.push(d, Some((section.id.clone(), *seen)));
        }
        *seen += 1;
        if section.id.trim().is_empty() {
            found.push(
                Diagnostic::new(
                    Severity::Error,
                    "empty-id",
                    "a section has an empty id".into(),
                ),
                None,
            );
        }
        if section.claims.is_empty() {
            found.push(
                Diagnostic::new(
                    Severity::Warning,
                    "empty-section",
                    format!("section {:?} has no claims", section.id),
                ),
                None,
            );
        }
        for claim in &section.claims {
            let seen = claim_ids.entry(&claim.id).or_default();
            if *seen > 0 {
                let d = Diagnostic::new(
                    Severity::Error,
                    "duplicate-claim-id",
                    format!("claim id {:?} is used more than once", claim.id),
                );
                found.push(d, Some((claim.id.clone(), *seen)));
            }
            *seen += 1;
            if claim.id.trim().is_empty() {
                found.push(
                    Diagnostic::new(
                        Severity::Error,
                        "empty-id",
                        format!("a claim in section {:?} has an empty id", section.id),
                    ),
                    None,
                );
            }
        }
    }

    found.numbers.reserve(brief.sources.len());
    // (diagnostic, source index, field): a bad date or language, to be placed where its
    // own source writes it, not where the same value is first written.
    let mut own_place: Vec<(usize, usize, SourceField)> = Vec::new();
    for (i, source) in brief.sources.iter().enumerate() {
        let seen = found.numbers.entry(source.number).or_default();
        let twice = *seen > 0;
        *seen += 1;
        if twice {
            found.push(
                Diagnostic::new(
                    Severity::Error,
                    "duplicate-source-number",
                    format!("source number {} is used more than once", source.number),
                ),
                None,
            );
        }
        if !is_iso_date(&source.date) {
            let d = Diagnostic::new(
                Severity::Error,
                "bad-date",
                format!(
                    "source {} date {:?} is not a date like 2026-03-08",
                    source.number, source.date
                ),
            );
            own_place.push((found.out.len(), i, SourceField::Date));
            found.push(d, None);
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
            own_place.push((found.out.len(), i, SourceField::Lang));
            found.push(d, None);
        }
    }
    let asked: Vec<(usize, SourceField)> = own_place.iter().map(|&(_, i, f)| (i, f)).collect();
    for (&(d, i, field), nth) in own_place.iter().zip(written_before(brief, &asked)) {
        let value = field.of(&brief.sources[i]).to_string();
        found.to_locate.push((d, value, nth));
    }
    found
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
        let (linked, links) = validate_and_link(&brief, Some(&text));
        assert_eq!(links, Links::build(&brief));
        assert_eq!(linked, validate(&brief, Some(&text)));
        let dangling = linked.iter().filter(|d| d.code == "dangling-marker");
        assert_eq!(dangling.count(), 3, "{linked:?}");
        assert!(linked.iter().any(|d| d.code == "uncited-source"));
        assert!(linked.iter().any(|d| d.code == "duplicate-claim-id"));
        let seed = store::parse_str(DEFAULT_BRIEF, "t").unwrap();
        assert_eq!(
            validate_and_link(&seed, Some(DEFAULT_BRIEF)).0,
            validate(&seed, Some(DEFAULT_BRIEF))
        );
    }

    #[test]
    fn a_large_brief_linked_beside_its_check_gets_what_the_check_alone_gives() {
        // Enough claims for the links to be built on a thread of their own, with dangling
        // markers and uncited sources among them, and one duplicate id.
        let mut brief = crate::synth::brief(3, 2_000, LINK_ALONGSIDE_FROM + 7, 9);
        brief.sections[2].claims[1].id = brief.sections[0].claims[0].id.clone();
        let text = store::to_ron_string(&brief);
        let brief = store::parse_str(&text, "t").unwrap();
        let (linked, links) = validate_and_link(&brief, Some(&text));
        assert_eq!(links, Links::build(&brief));
        assert_eq!(linked, validate(&brief, Some(&text)));
        for code in ["dangling-marker", "uncited-source", "duplicate-claim-id"] {
            assert!(linked.iter().any(|d| d.code == code), "no {code}");
        }
        assert!(
            linked
                .iter()
                .filter(|d| d.code == "dangling-marker")
                .all(|d| d.line.is_some())
        );
    }

    #[test]
    fn a_bad_date_or_language_is_placed_at_its_own_source_when_others_write_the_same() {
        let mut brief = crate::synth::brief(5, 12, 6, 2);
        for i in [1, 6] {
            brief.sources[i].date = "2026-13-01".into();
        }
        brief.sources[2].date = "".into();
        brief.sources[4].lang = "".into();
        brief.sources[8].lang = "english".into();
        brief.sources[9].lang = "english".into();
        let text = store::to_ron_string(&brief);
        let brief = store::parse_str(&text, "t").unwrap();
        // The lines a source's block spans, by its number.
        let lines: Vec<&str> = text.lines().collect();
        let block = |number: u32| {
            let start = lines
                .iter()
                .position(|l| l.trim() == format!("number: {number},"))
                .unwrap();
            let end = lines[start + 1..]
                .iter()
                .position(|l| l.trim().starts_with("number:"))
                .map_or(lines.len(), |k| start + 1 + k);
            start + 1..=end
        };
        let placed: Vec<_> = validate(&brief, Some(&text))
            .into_iter()
            .filter(|d| d.code == "bad-date" || d.code == "bad-lang")
            .collect();
        assert_eq!(placed.len(), 6, "{placed:?}");
        for d in placed {
            let number: u32 = d.message["source ".len()..]
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let line = d.line.expect("placed");
            assert!(
                block(number).contains(&line),
                "{d:?} not in source {number}'s lines"
            );
        }
    }
}
