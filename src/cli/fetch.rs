//! `briefbench fetch`: the pages a brief cites, fetched into the cache, with a progress bar
//! and one line per page on stderr, and a summary. Also where every command lends the
//! cached text to a loaded brief.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use briefbench::fetch::{self, Cache, FetchedTexts, Outcome, texts::Origins};
use briefbench::sanitize::Safe;
use briefbench::store::Loaded;

use super::{CliError, EXIT_FOUND, open};

/// What `briefbench fetch` was asked.
pub struct Args {
    pub only: Option<Vec<u32>>,
    pub refresh: bool,
    pub timeout: f64,
    pub jobs: usize,
    pub ignore_robots: bool,
}

/// The fetched-text cache in the data dir, when there is a data dir.
pub fn cache(data_dir: Option<&Path>) -> Option<Cache> {
    data_dir
        .map(Path::to_path_buf)
        .or_else(briefbench::places::data_dir)
        .map(|d| Cache::in_data_dir(&d))
}

/// Lends the cached page texts to the brief's sources that have none of their own, and
/// says where each source's text comes from. Reads only; a missing cache lends nothing.
pub fn lend(loaded: &mut Loaded, data_dir: Option<&Path>) -> Origins {
    match cache(data_dir) {
        Some(c) if c.dir().is_dir() => {
            FetchedTexts::load(&loaded.brief, &c).apply(&mut loaded.brief)
        }
        _ => Origins::from_brief(&loaded.brief),
    }
}

pub fn fetch(
    path: Option<&Path>,
    args: Args,
    data_dir: Option<PathBuf>,
) -> Result<ExitCode, CliError> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(CliError::Refused(format!(
            "--timeout {}: a number of seconds above 0",
            args.timeout
        )));
    }
    if args.jobs == 0 {
        return Err(CliError::Refused("--jobs 0: at least 1".into()));
    }
    let loaded = open(path)?;
    let Some(cache) = cache(data_dir.as_deref()) else {
        return Err(CliError::Refused(
            "no data directory to keep the pages in: set --data-dir or BRIEFBENCH_DATA_DIR".into(),
        ));
    };
    let brief = &loaded.brief;
    if let Some(only) = &args.only
        && let Some(n) = only.iter().find(|n| brief.source(**n).is_none())
    {
        return Err(CliError::Refused(format!(
            "{}: --only {n}: the brief has no source [{n}]",
            Safe::new(&loaded.name)
        )));
    }
    let wanted = |n: u32| args.only.as_ref().is_none_or(|o| o.contains(&n));
    let mut no_url = Vec::new();
    let mut urls = Vec::new();
    for s in brief.sources.iter().filter(|s| wanted(s.number)) {
        match &s.url {
            Some(u) => urls.push((s.number, u.clone())),
            None => no_url.push(s.number),
        }
    }
    let (requests, bad) = fetch::run::requests(&urls);
    let out = Lines::new(requests.len());
    if args.ignore_robots {
        out.line("robots.txt ignored (--ignore-robots)".into());
    }
    for (n, why) in &bad {
        out.line(format!("[{n}] not fetched: {}", Safe::display(why)));
    }
    let options = fetch::Options {
        limits: fetch::http::Limits {
            timeout: Duration::from_secs_f64(args.timeout),
            ..fetch::http::Limits::default()
        },
        jobs: args.jobs,
        ignore_robots: args.ignore_robots,
        refresh: args.refresh,
    };
    let started = |r: &fetch::run::Request| out.started(r.url.as_str());
    let finished = |r: &fetch::run::Request, o: &Outcome| out.finished(r, o);
    let outcomes = fetch::run(&requests, &cache, &options, &started, &finished);
    out.finish();

    let (mut fetched, mut cached, mut failed) = (0, 0, Vec::new());
    for (r, o) in requests.iter().zip(&outcomes) {
        match o {
            Outcome::Fetched(_) => fetched += 1,
            Outcome::Cached(_) => cached += 1,
            Outcome::Failed(e) => failed.push(format!(
                "{} {}",
                numbers(&r.sources),
                Safe::new(e.error.as_deref().unwrap_or("failed"))
            )),
        }
    }
    failed.extend(
        bad.iter()
            .map(|(n, why)| format!("[{n}] {}", Safe::display(why))),
    );
    let mut summary = format!(
        "{}: {fetched} fetched, {cached} unchanged (cached), {} failed",
        Safe::new(&loaded.name),
        failed.len()
    );
    if !no_url.is_empty() {
        summary.push_str(&format!(", {} without a URL", no_url.len()));
    }
    if !failed.is_empty() {
        summary.push_str(&format!(": {}", failed.join("; ")));
    }
    eprintln!("{summary}");
    eprintln!("cache: {}", Safe::display(&cache.dir().display()));
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FOUND)
    })
}

/// `[1, 3]` → `[1][3]`.
fn numbers(ns: &[u32]) -> String {
    ns.iter().map(|n| format!("[{n}]")).collect()
}

/// The outcome line of one page.
fn outcome_line(r: &fetch::run::Request, o: &Outcome) -> String {
    let e = o.entry();
    let url = Safe::new(&e.final_url).into_string();
    match o {
        Outcome::Fetched(_) | Outcome::Cached(_) => {
            let chars = e.text.as_deref().map_or(0, |t| t.chars().count());
            format!(
                "{} {} {url} ({chars} characters{}){}",
                numbers(&r.sources),
                if matches!(o, Outcome::Cached(_)) {
                    "cached"
                } else {
                    "fetched"
                },
                if e.truncated {
                    ", cut at the size limit"
                } else {
                    ""
                },
                e.meta
                    .title
                    .as_deref()
                    .map(|t| format!(" · {}", Safe::new(t)))
                    .unwrap_or_default()
            )
        }
        Outcome::Failed(_) => format!(
            "{} failed {}: {}",
            numbers(&r.sources),
            Safe::new(r.url.as_str()),
            Safe::new(e.error.as_deref().unwrap_or("failed"))
        ),
    }
}

/// Where the progress goes: a bar with the outcome lines above it on a terminal, plain
/// lines otherwise (a log, a test).
struct Lines {
    bar: Option<indicatif::ProgressBar>,
}

impl Lines {
    fn new(total: usize) -> Lines {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages  {wide_msg}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Lines { bar }
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(b) => b.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn started(&self, url: &str) {
        if let Some(b) = &self.bar {
            b.set_message(Safe::new(url).into_string());
        }
    }

    fn finished(&self, r: &fetch::run::Request, o: &Outcome) {
        self.line(outcome_line(r, o));
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
