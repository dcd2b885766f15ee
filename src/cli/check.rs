//! `briefbench check`: every claim that is not supported, with the reasons, and an exit code
//! that says whether one reaches `--fail-on`. The report is written as the claims are
//! assessed, a run of them at a time, in reading order: a large brief's assessment is never
//! held whole (see [`brief::report`]).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use briefbench::cache::brief::{self, AssessedClaim, Need, Progress};
use briefbench::links::Links;
use briefbench::sanitize::Safe;
use briefbench::store::Loaded;
use briefbench::support::{self, ClaimAssessment, Code, Counts, Verdict};
use briefbench::tui::count;

use super::{CliError, EXIT_FOUND, FailOn, Format, fetch, left_for_exit, open_linked};

/// Whether a claim so assessed reaches `fail_on`.
fn fails(fail_on: FailOn, a: &ClaimAssessment) -> bool {
    match fail_on {
        FailOn::Weak => matches!(a.verdict, Verdict::Weak | Verdict::Unsupported),
        FailOn::Unsupported => a.verdict == Verdict::Unsupported,
        FailOn::Uncited => a.verdict == Verdict::Unsupported || factual_uncited(a),
    }
}

/// Cites nothing, yet states a fact.
fn factual_uncited(a: &ClaimAssessment) -> bool {
    a.verdict == Verdict::Uncited && a.reasons.iter().any(|r| r.code == Code::NoCitation)
}

fn exit_code(failing: bool) -> ExitCode {
    if failing {
        ExitCode::from(EXIT_FOUND)
    } else {
        ExitCode::SUCCESS
    }
}

/// The brief at `path` read and linked to be assessed afresh (the cache does not hold it),
/// on small pages only from here on: mimalloc asks for transparent huge pages, which back a
/// region touched at all with 2 MiB and are given back only whole, and a cold `check` of a
/// large brief peaks ~20 MB lower without them (~140 MB against ~160, BENCHMARKS.md, seventh
/// session). A check from the cache keeps them: decoding an entry fills every page it
/// touches, and small ones cost it half as much time again in the kernel. The setting holds
/// for this process only (`PR_SET_THP_DISABLE`; `check` starts no other program), and a
/// user's `MIMALLOC_ALLOW_THP` is left to rule.
fn open_afresh(path: Option<&Path>) -> Result<(Loaded, Links), CliError> {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with PR_SET_THP_DISABLE takes integers and touches no memory of
        // ours; a kernel without it returns an error, which leaves things as they were.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
    open_linked(path)
}

/// `check --quiet`: the exit code alone, from the cache when it holds the brief, else from
/// claims assessed only until one reaches `fail_on` (nothing is cached then: the
/// assessment is not whole).
pub(super) fn check_quietly(
    path: Option<&Path>,
    fail_on: FailOn,
    data_dir: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let cache = briefbench::cache::Cache::open_default();
    let pages = fetch::cache(data_dir);
    let cached = path.and_then(|p| brief::cached(p, cache.as_ref(), pages.as_ref(), Need::Claims));
    let failing = match cached {
        Some(opened) => opened.assessment.claims.iter().any(|a| fails(fail_on, a)),
        None => {
            let (mut loaded, links) = open_afresh(path)?;
            fetch::lend(&mut loaded, data_dir);
            support::any_claim(&loaded.brief, &links, |a| fails(fail_on, a))
        }
    };
    Ok(exit_code(failing))
}

/// A run of claims reported: its rows as they will be written, and what it adds to the
/// summary and the exit code.
#[derive(Default)]
struct Run {
    rows: Vec<u8>,
    counts: Counts,
    failing: bool,
}

/// Each JSON row is written after this separator; the first row overall after `[` instead.
const JSON_SEPARATOR: &[u8] = b",\n";

pub(super) fn check(
    path: Option<&Path>,
    format: Format,
    fail_on: FailOn,
    data_dir: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let mut out = briefbench::sanitize::SafeWriter::new(std::io::BufWriter::new(std::io::stdout()));
    // A reader that stops early (`check | head -1`) changes nothing about the verdicts: the
    // exit code still says what they are, and the cache is still written.
    let mut written: std::io::Result<()> = Ok(());
    let mut counts = Counts::default();
    let mut failing = false;
    let mut rows_written = false;
    let each = |run: &mut Run, claim: AssessedClaim| {
        let a = claim.assessment;
        run.counts.add(a.verdict);
        run.failing |= fails(fail_on, a);
        // Framing sentences and headings that cite nothing are no finding.
        if a.verdict == Verdict::Supported || (a.verdict == Verdict::Uncited && !factual_uncited(a))
        {
            return;
        }
        match format {
            Format::Text => text_row(&mut run.rows, &claim),
            Format::Json => {
                run.rows.extend_from_slice(JSON_SEPARATOR);
                super::json_item(&mut run.rows, &json_row(&claim));
            }
        }
    };
    let emit = |run: Run| {
        counts += run.counts;
        failing |= run.failing;
        if written.is_err() || run.rows.is_empty() {
            return;
        }
        let rows = match format {
            Format::Json if !rows_written => {
                written = out.write_all(b"[\n");
                &run.rows[JSON_SEPARATOR.len()..]
            }
            _ => &run.rows[..],
        };
        rows_written = true;
        if written.is_ok() {
            written = out.write_all(rows);
        }
    };
    // The report, written as it is made, is progress enough on a terminal; a bar on stderr
    // shows it otherwise.
    let bar = !std::io::IsTerminal::is_terminal(&std::io::stdout());
    let progress = Progress::default();
    let reported = super::with_progress_bar(bar, &progress, || match path {
        Some(p) => brief::report(
            p,
            briefbench::cache::Cache::open_default().as_ref(),
            fetch::cache(data_dir).as_ref(),
            || open_afresh(path),
            &progress,
            |_| Run::default(),
            each,
            emit,
        ),
        None => {
            let opened = super::open_uncached(path, data_dir)?;
            Ok(brief::report_each(opened, |_| Run::default(), each, emit))
        }
    })?;
    written = written.and_then(|()| match format {
        Format::Json if rows_written => out.write_all(b"\n]\n"),
        Format::Json => out.write_all(b"[]\n"),
        Format::Text => summary(&mut out, &reported, counts),
    });
    written = written.and_then(|()| out.flush());
    left_for_exit(reported);
    match written.map_err(CliError::from) {
        Err(CliError::ClosedPipe) | Ok(()) => Ok(exit_code(failing)),
        Err(e) => Err(e),
    }
}

/// A finding as text: its id, verdict, score and section, its text, and each reason.
fn text_row(out: &mut Vec<u8>, c: &AssessedClaim) {
    let (at, claim, a) = (c.links.at(c.flat), c.claim(), c.assessment);
    // Writing to memory does not fail.
    let _ = writeln!(
        out,
        "{} · {} · {}/100 · {}",
        Safe::new(&claim.id),
        a.verdict.label().to_uppercase(),
        a.score,
        Safe::new(c.brief.sections[at.section].title())
    );
    let _ = writeln!(out, "  {}", Safe::new(&claim.text));
    for r in &a.reasons {
        let _ = writeln!(out, "  - {}: {}", r.code.as_str(), Safe::new(&r.message));
    }
    let _ = writeln!(out);
}

/// A finding as JSON.
fn json_row(c: &AssessedClaim) -> serde_json::Value {
    let (at, claim, a) = (c.links.at(c.flat), c.claim(), c.assessment);
    serde_json::json!({
        "id": claim.id,
        "section": c.brief.sections[at.section].id,
        "text": claim.text,
        "cites": c.links.cites[c.flat],
        "covered_by": a.covered_by,
        "verdict": a.verdict,
        "score": a.score,
        "reasons": a.reasons,
        "found": a.found,
        "missing": a.missing,
        "unsupported": a.unsupported,
        "framing": a.framing,
        "not_counted": a.not_counted,
        "evidence": a.evidence,
    })
}

/// The text report's last lines: the stories several sources relay, and the counts.
fn summary(out: &mut impl Write, reported: &brief::Reported, c: Counts) -> std::io::Result<()> {
    for cluster in &reported.assessment.clusters {
        let list: Vec<String> = cluster.iter().map(|n| format!("[{n}]")).collect();
        writeln!(out, "one story: {}", list.join(", "))?;
    }
    let loaded = &reported.loaded;
    writeln!(
        out,
        "{}: {}: {} supported, {} weak, {} unsupported, {} uncited",
        Safe::new(&loaded.name),
        count(loaded.brief.claim_count(), "claim", "claims"),
        c.supported,
        c.weak,
        c.unsupported,
        c.uncited
    )
}
