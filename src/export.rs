//! The review, ready to send: every claim with its verdict, score, reasons, and the
//! analyst's flag and note, as Markdown, CSV or JSON.

use std::collections::HashSet;
use std::fmt::Write;

use serde::Serialize;

use crate::flags::{Flag, Flags, Mark};
use crate::links::Links;
use crate::model::Brief;
use crate::model::Guessed;
use crate::support::{Assessment, Evidence, Reason, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Json,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    section: &'a str,
    text: &'a str,
    cites: &'a [u32],
    /// For a claim with no marker of its own: the numbers closing its paragraph.
    covered_by: &'a [u32],
    verdict: Verdict,
    score: u8,
    reasons: &'a [Reason],
    found: &'a [crate::support::Word],
    missing: &'a [crate::support::Word],
    /// The phrases of the claim its sources do not carry.
    unsupported: &'a [crate::support::Word],
    framing: &'a [crate::support::Word],
    not_counted: &'a [crate::support::Word],
    /// The passages that carry it: source, text, byte offsets into the source's text (or
    /// gloss, as `field` says), and the terms each holds.
    evidence: &'a [Evidence],
    #[serde(serialize_with = "mark_code")]
    mark: Option<Mark>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Orphan<'a> {
    id: &'a str,
    #[serde(serialize_with = "mark_code")]
    mark: Option<Mark>,
    note: &'a str,
}

/// A mark in JSON is its code (`needs-source`), kebab-case like every other code.
fn mark_code<S: serde::Serializer>(mark: &Option<Mark>, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&mark.map(Mark::code), s)
}

fn rows<'a>(
    brief: &'a Brief,
    links: &'a Links,
    a: &'a Assessment,
    flags: &'a Flags,
) -> Vec<Row<'a>> {
    brief
        .claims()
        .enumerate()
        .map(|(i, (at, claim))| {
            let flag: Option<&Flag> = flags.get(&claim.id);
            Row {
                id: &claim.id,
                section: &brief.sections[at.section].id,
                text: &claim.text,
                cites: &links.cites[i],
                covered_by: &a.claims[i].covered_by,
                verdict: a.claims[i].verdict,
                score: a.claims[i].score,
                reasons: &a.claims[i].reasons,
                found: &a.claims[i].found,
                missing: &a.claims[i].missing,
                unsupported: &a.claims[i].unsupported,
                framing: &a.claims[i].framing,
                not_counted: &a.claims[i].not_counted,
                evidence: &a.claims[i].evidence,
                mark: flag.and_then(|f| f.mark),
                note: flag.map(|f| f.note.as_str()).filter(|n| !n.is_empty()),
            }
        })
        .collect()
}

fn orphans<'a>(brief: &'a Brief, flags: &'a Flags) -> Vec<Orphan<'a>> {
    let ids: HashSet<&str> = brief.claims().map(|(_, c)| c.id.as_str()).collect();
    flags
        .orphans(move |id| ids.contains(id))
        .map(|(id, f)| Orphan {
            id,
            mark: f.mark,
            note: &f.note,
        })
        .collect()
}

pub fn export(
    brief: &Brief,
    links: &Links,
    a: &Assessment,
    flags: &Flags,
    format: Format,
) -> String {
    let origins = crate::fetch::texts::Origins::from_brief(brief);
    export_with_origins(brief, links, a, flags, format, &origins)
}

/// As [`export`], saying where each source's text came from (the brief, a fetched page, or
/// nowhere) in the JSON's `sources`.
pub fn export_with_origins(
    brief: &Brief,
    links: &Links,
    a: &Assessment,
    flags: &Flags,
    format: Format,
    origins: &crate::fetch::texts::Origins,
) -> String {
    let mut out = Vec::new();
    write(brief, links, a, flags, format, origins, &mut out).expect("memory takes every write");
    String::from_utf8(out).expect("the export writes text")
}

/// Writes the review to `out` as it is made, a claim at a time: a large brief's review is
/// never held whole (the 40 MB store's JSON was a tree of every value, then a string of it).
pub fn write(
    brief: &Brief,
    links: &Links,
    a: &Assessment,
    flags: &Flags,
    format: Format,
    origins: &crate::fetch::texts::Origins,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let rows = rows(brief, links, a, flags);
    let orphans = orphans(brief, flags);
    match format {
        Format::Json => {
            let mut head =
                serde_json::json!({ "id": brief.id, "title": brief.title, "date": brief.date });
            // An imported brief's date may be a guess (the newest source's): say so.
            if brief.is_guessed(Guessed::Date) {
                head["date_guessed"] = serde_json::Value::Bool(true);
            }
            let doc = JsonReview {
                brief: head,
                claims: &rows,
                clusters: &a.clusters,
                orphaned_flags: &orphans,
                sources: &crate::fetch::texts::source_rows(brief, origins),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            out.write_all(b"\n")
        }
        Format::Csv => csv(&rows, out),
        Format::Markdown => markdown(brief, a, &rows, &orphans, out),
    }
}

/// The JSON review: its keys, and each claim's, source's and flag's, in the order of their
/// names (as the tree of values this replaced wrote them), each claim turned into values
/// and written on its own.
#[derive(Serialize)]
struct JsonReview<'a, S: Serialize> {
    brief: serde_json::Value,
    #[serde(serialize_with = "keys_in_order")]
    claims: &'a [Row<'a>],
    clusters: &'a [Vec<u32>],
    #[serde(serialize_with = "keys_in_order")]
    orphaned_flags: &'a [Orphan<'a>],
    #[serde(serialize_with = "keys_in_order")]
    sources: &'a [S],
}

/// A sequence whose items are written with their keys in the order of their names.
fn keys_in_order<T: Serialize, S: serde::Serializer>(
    items: &&[T],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error, SerializeSeq};
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for item in *items {
        seq.serialize_element(&serde_json::to_value(item).map_err(S::Error::custom)?)?;
    }
    seq.end()
}

fn csv(rows: &[Row], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(b"id,section,verdict,score,mark,note,cites,reasons,text\n")?;
    for r in rows {
        let cites = r
            .cites
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        let reasons = r
            .reasons
            .iter()
            .map(|x| format!("{}: {}", x.code.as_str(), x.message))
            .collect::<Vec<_>>()
            .join(" | ");
        let fields = [
            r.id.to_string(),
            r.section.to_string(),
            r.verdict.label().to_string(),
            r.score.to_string(),
            r.mark.map_or("", Mark::code).to_string(),
            r.note.unwrap_or("").to_string(),
            cites,
            reasons,
            r.text.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.write_all(line.join(",").as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Quotes a CSV field, and defuses text a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` at the start) by putting a `'` before it.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The review as Markdown. Everything from the brief or the analyst (titles, ids, claims,
/// reasons, notes) is escaped and every line of a claim or note is quoted, so no text can
/// forge a heading, an item, a verdict or HTML in the review.
fn markdown(
    brief: &Brief,
    a: &Assessment,
    rows: &[Row],
    orphans: &[Orphan],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use crate::sanitize::{markdown_inline as md, markdown_lines};
    let c = a.counts();
    writeln!(out, "# Review: {}\n", md(&brief.title))?;
    writeln!(
        out,
        "Brief dated {}{}. {} claims: {} supported, {} weak, {} unsupported, {} uncited.\n",
        md(&brief.date),
        if brief.is_guessed(Guessed::Date) {
            " (guessed)"
        } else {
            ""
        },
        rows.len(),
        c.supported,
        c.weak,
        c.unsupported,
        c.uncited
    )?;
    let mut section = "";
    for r in rows {
        if r.section != section {
            section = r.section;
            let title = brief
                .sections
                .iter()
                .find(|s| s.id == r.section)
                .map_or(r.section, |s| s.title());
            writeln!(out, "## {}\n", md(title))?;
        }
        let mut head = format!("- **{}** · {} {}/100", md(r.id), r.verdict.label(), r.score);
        if let Some(m) = r.mark {
            let _ = write!(head, " · analyst: **{}**", m.label());
        }
        writeln!(out, "{head}")?;
        for line in markdown_lines(r.text) {
            writeln!(out, "  > {line}")?;
        }
        for reason in r.reasons {
            writeln!(
                out,
                "  - `{}` {}",
                reason.code.as_str(),
                md(&reason.message)
            )?;
        }
        if let Some(n) = r.note {
            writeln!(out, "  - Note:")?;
            for line in markdown_lines(n) {
                writeln!(out, "    > {line}")?;
            }
        }
        out.write_all(b"\n")?;
    }
    if !a.clusters.is_empty() {
        writeln!(out, "## Sources that relay one story\n")?;
        for c in &a.clusters {
            let list: Vec<String> = c.iter().map(|n| format!("[{n}]")).collect();
            writeln!(out, "- {}", list.join(", "))?;
        }
        out.write_all(b"\n")?;
    }
    if !orphans.is_empty() {
        writeln!(out, "## Flags on claims no longer in the brief\n")?;
        for o in orphans {
            let mark = o.mark.map_or("", |m| m.label());
            writeln!(out, "- **{}** {mark}", md(o.id))?;
            if !o.note.is_empty() {
                for line in markdown_lines(o.note) {
                    writeln!(out, "  > {line}")?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn setup() -> (Brief, Links, Assessment, Flags, tempfile::TempDir) {
        let brief = store::load_default().unwrap().brief;
        let links = Links::build(&brief);
        let a = crate::support::assess(&brief, &links);
        let dir = tempfile::tempdir().unwrap();
        let mut flags = Flags::open(dir.path(), &brief.id).unwrap();
        flags.set_mark("hardware-organization.3", Some(Mark::Disputed));
        flags.set_note(
            "hardware-organization.3",
            "=HYPERLINK(\"x\"), says \"MTIA\"",
        );
        flags.set_mark("gone.1", Some(Mark::Weak));
        (brief, links, a, flags, dir)
    }

    #[test]
    fn json_has_every_claim_flag_and_orphan() {
        let (b, l, a, f, _d) = setup();
        let v: serde_json::Value =
            serde_json::from_str(&export(&b, &l, &a, &f, Format::Json)).unwrap();
        let claims = v["claims"].as_array().unwrap();
        assert_eq!(claims.len(), 53);
        let c = claims
            .iter()
            .find(|c| c["id"] == "hardware-organization.3")
            .unwrap();
        assert_eq!(c["mark"], "disputed");
        assert_eq!(c["cites"], serde_json::json!([5]));
        assert_eq!(c["verdict"], "unsupported");
        assert!(c["missing"].as_array().unwrap().contains(&"MTIA".into()));
        let e = &c["evidence"][0];
        assert_eq!(e["source"], 5);
        assert!(e["end"].as_u64() > e["start"].as_u64());
        assert_eq!(v["orphaned_flags"][0]["id"], "gone.1");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let (b, l, a, f, _d) = setup();
        let out = export(&b, &l, &a, &f, Format::Csv);
        assert_eq!(out.lines().count(), 54);
        let line = out
            .lines()
            .find(|l| l.starts_with("hardware-organization.3,"))
            .unwrap();
        assert!(
            line.contains("\"'=HYPERLINK(\"\"x\"\"), says \"\"MTIA\"\"\""),
            "{line}"
        );
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn markdown_reads_as_a_review() {
        let (b, l, a, f, _d) = setup();
        let out = export(&b, &l, &a, &f, Format::Markdown);
        assert!(out.starts_with("# Review: Meta's AI strategy"));
        assert!(out.contains("## Hardware and Organizational Backbone"));
        assert!(out.contains("- **hardware-organization.3** · unsupported"));
        assert!(out.contains("analyst: **disputed**"));
        assert!(out.contains("## Flags on claims no longer in the brief"));
    }
}
