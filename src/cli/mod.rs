//! The command line: argument parsing and dispatch. Each command is a thin call into the
//! core; what it prints is sanitized, since briefs are untrusted text.

use briefbench::cache::brief::{Need, Progress};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use briefbench::config;
use briefbench::export;
use briefbench::flags::{self, Flags};
use briefbench::links::Links;
use briefbench::sanitize::Safe;
use briefbench::store::{self, Loaded};
use briefbench::support;
use briefbench::tui::count;
use briefbench::validate::Severity;
use clap::{Parser, Subcommand, ValueEnum};

mod cache;
mod check;
mod error;
mod fetch;
mod flag;
mod library;
mod search;

pub use error::{CliError, EXIT_BAD_INPUT, EXIT_FOUND};

/// A terminal workbench for checking a research brief claim by claim against its sources.
///
/// With no command, opens the workbench on FILE (a RON store, or a Markdown or text brief),
/// on a folder of briefs with a picker, or on the config's default brief, or else on the
/// embedded example brief.
#[derive(Debug, Parser)]
#[command(name = "briefbench", version)]
pub struct Cli {
    /// The brief to open, or a folder of briefs; the default brief when left out.
    pub file: Option<PathBuf>,

    /// Where the analyst's flags and notes are kept (default: the config's, else the
    /// user's data directory).
    #[arg(long, global = true, env = "BRIEFBENCH_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The config file (default: config.ron in the user's config directory).
    #[arg(long, global = true, env = "BRIEFBENCH_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a brief and print what is wrong with it (errors and warnings, with file:line:col).
    Validate {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print every claim that is not supported, with the reasons. Exit 1 when a claim
    /// reaches --fail-on, so a brief can be gated in CI.
    Check {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The verdict at or below which the exit code is 1.
        #[arg(long, value_enum, default_value_t = FailOn::Unsupported)]
        fail_on: FailOn,
        /// Print nothing: the exit code alone says whether a claim reaches --fail-on, and
        /// the check stops at the first that does.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Fuzzy-search the sources (or, with --claims, the claims) and print ranked matches.
    /// The query may hold filters: lang:de kind:social after:2026-03-03 before:… cited:0.
    Search {
        /// [FILE] QUERY...: the brief (the embedded one when left out) and the query; the
        /// words after the brief are one query (`search brief.md svenska dagbladet`).
        #[arg(required = true, num_args = 1.., value_names = ["FILE", "QUERY"])]
        args: Vec<String>,
        /// Search the claims instead of the sources.
        #[arg(long)]
        claims: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Neither read nor write the index cache (see "Where things live" in the README).
        #[arg(long)]
        no_cache: bool,
    },
    /// Set your verdict or note on claims, as `f` and `n` do in the workbench (for scripts).
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["mark", "note"])))]
    Flag {
        /// The claims, by id (as `check` and `export` print them).
        #[arg(required = true, value_name = "CLAIM")]
        claims: Vec<String>,
        /// The brief (the embedded one when left out).
        #[arg(long, value_name = "FILE")]
        brief: Option<PathBuf>,
        /// Your verdict; `none` clears it.
        #[arg(long, value_enum)]
        mark: Option<flag::MarkArg>,
        /// Your note; an empty string clears it.
        #[arg(long)]
        note: Option<String>,
    },
    /// Print the config in effect and the file it came from.
    Config,
    /// Print shell completions: `briefbench completions bash > ~/.local/share/bash-completion/completions/briefbench`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `briefbench man > ~/.local/share/man/man1/briefbench.1`.
    Man,
    /// Turn a Markdown or plain-text brief into a RON store (to standard output, or OUT).
    Import {
        file: PathBuf,
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// The cache of briefs and search indexes: `info` says where it is and what it holds,
    /// `clear` empties it.
    Cache {
        #[command(subcommand)]
        action: cache::Action,
    },
    /// Write the review: every claim with its verdict, reasons, and your flag and note.
    Export {
        file: Option<PathBuf>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write here instead of to standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Fetch the pages the brief's sources cite into the cache in the data dir, so that a
    /// source with no text of its own is checked against its page. The only command that
    /// uses the network. Exit 1 when some page could not be fetched.
    Fetch {
        file: Option<PathBuf>,
        /// Fetch again what the cache already holds.
        #[arg(long)]
        refresh: bool,
        /// Only these sources, by number: --only 1,3.
        #[arg(long, value_delimiter = ',', value_name = "N,M")]
        only: Option<Vec<u32>>,
        /// Seconds allowed for one page (redirects and body included).
        #[arg(long, default_value_t = 20.0, value_name = "S")]
        timeout: f64,
        /// Pages fetched at once (never more than 2 from one host).
        #[arg(long, default_value_t = 4, value_name = "J")]
        jobs: usize,
        /// Fetch pages that robots.txt disallows.
        #[arg(long)]
        ignore_robots: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A claim that is weak or unsupported.
    Weak,
    /// A claim that is unsupported.
    Unsupported,
    /// A claim that is unsupported, or states a fact and cites nothing.
    Uncited,
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let mut settings = config::load(cli.config.as_deref());
    // A key the workbench cannot use makes the file invalid, as a typo does (a colour that is
    // none already did, when the file was read).
    settings.reject(&briefbench::tui::config_invalid(&settings.config));
    if let Some(Command::Config) = cli.command {
        return show_config(&settings);
    }
    // The workbench says it on its status line too; said here first, it is what the
    // terminal shows once the workbench has closed.
    if let Some(e) = &settings.error {
        eprintln!("briefbench: {} (using the defaults)", Safe::display(&e));
    }
    // The config's brief and data directory stand in where the command line gives none.
    let data_dir = cli.data_dir.or_else(|| settings.config.data_dir.clone());
    let default_brief = settings.config.default_brief.clone();
    let brief = |file: Option<PathBuf>| file.or_else(|| default_brief.clone());
    match cli.command {
        None => match brief(cli.file) {
            // The workbench draws on a terminal: refuse in one line where there is none
            // (after a brief's own errors, which say more).
            Some(dir) if briefbench::library::is_library(&dir) => {
                briefbench::tui::check_terminal().map_err(CliError::NoTerminal)?;
                library::run(&dir, &settings, data_dir)
            }
            file => {
                let start = start_workbench(file.as_deref(), data_dir.as_deref(), || {
                    open(file.as_deref())
                })?;
                briefbench::tui::check_terminal().map_err(CliError::NoTerminal)?;
                workbench(start, file.as_deref(), &settings, data_dir, None)
            }
        },
        Some(Command::Validate { file, format }) => validate(brief(file).as_deref(), format),
        Some(Command::Check {
            file,
            format: _,
            fail_on,
            quiet,
        }) if quiet => check::check_quietly(brief(file).as_deref(), fail_on, data_dir.as_deref()),
        Some(Command::Check {
            file,
            format,
            fail_on,
            ..
        }) => check::check(brief(file).as_deref(), format, fail_on, data_dir.as_deref()),
        Some(Command::Search {
            args,
            claims,
            limit,
            format,
            no_cache,
        }) => {
            let (file, query) = match args.as_slice() {
                [q] => (brief(None), q.clone()),
                [f, words @ ..] => (Some(PathBuf::from(f)), words.join(" ")),
                [] => unreachable!("clap takes one at least"),
            };
            search::search(
                file.as_deref(),
                &query,
                claims,
                limit,
                format,
                !no_cache,
                data_dir.as_deref(),
            )
        }
        Some(Command::Flag {
            claims,
            brief: file,
            mark,
            note,
        }) => flag::flag(
            brief(file).as_deref(),
            &claims,
            mark,
            note.as_deref(),
            data_dir,
        ),
        Some(Command::Import { file, output }) => import(&file, output.as_deref()),
        Some(Command::Export {
            file,
            format,
            output,
        }) => export(brief(file).as_deref(), format, output.as_deref(), data_dir),
        Some(Command::Cache { action }) => cache::run(action),
        Some(Command::Fetch {
            file,
            refresh,
            only,
            timeout,
            jobs,
            ignore_robots,
        }) => fetch::fetch(
            brief(file).as_deref(),
            fetch::Args {
                only,
                refresh,
                timeout,
                jobs,
                ignore_robots,
            },
            data_dir,
        ),
        Some(Command::Config) => unreachable!("handled above"),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "briefbench", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `briefbench config`: the config in effect (every rebindable key included), where it came
/// from, and what was wrong with the file. Exit 2 when the file is invalid.
fn show_config(settings: &config::Loaded) -> Result<ExitCode, CliError> {
    use briefbench::tui::action::Action;
    use briefbench::tui::keymap::{Keymap, Scope};
    let mut out = text_out();
    match &settings.origin {
        config::Origin::File(p) => writeln!(out, "// from {}", Safe::display(&p.display()))?,
        config::Origin::Defaults(Some(p)) => writeln!(
            out,
            "// no file at {}: the defaults",
            Safe::display(&p.display())
        )?,
        config::Origin::Defaults(None) => writeln!(out, "// no config directory: the defaults")?,
    }
    let (keymap, problems) = Keymap::with_config(&settings.config.keys);
    if briefbench::tui::theme::no_color_in_env() {
        writeln!(
            out,
            "// NO_COLOR is set: the mono theme, whatever the theme says"
        )?;
    }
    let mut effective = settings.config.clone();
    for action in Action::named() {
        let scope = if matches!(action, Action::NextResult | Action::PrevResult) {
            Scope::Viewer
        } else {
            Scope::Main
        };
        let name = action.name().expect("a named action has a name");
        effective
            .keys
            .insert(name.to_string(), keymap.keys_for(scope, action));
    }
    writeln!(out, "{}", Safe::multiline(&config::to_ron(&effective)))?;
    for p in &problems {
        eprintln!("briefbench: config: {}", Safe::new(p));
    }
    if let Some(e) = &settings.error {
        eprintln!("briefbench: {} (the defaults are used)", Safe::display(&e));
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}

/// The assessment, with a progress bar on stderr for a large brief when stderr is a
/// terminal (scripts reading stdout see nothing of it).
fn analyse(brief: &briefbench::model::Brief, links: &Links) -> support::Assessment {
    let progress = Progress::default();
    progress
        .total
        .store(brief.claim_count(), std::sync::atomic::Ordering::Relaxed);
    with_progress_bar(true, &progress, || {
        support::assess_with_progress(brief, links, &progress.done)
    })
}

/// Runs `work`, and meanwhile, when `shown` and stderr is a terminal, a progress bar there
/// for a large brief being assessed (scripts reading stdout see nothing of it).
fn with_progress_bar<T: Send>(
    shown: bool,
    progress: &Progress,
    work: impl FnOnce() -> T + Send,
) -> T {
    if !shown || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return work();
    }
    let finished = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut drawn = false;
            while !finished.load(std::sync::atomic::Ordering::Relaxed) {
                let total = progress.total.load(std::sync::atomic::Ordering::Relaxed);
                if total >= PROGRESS_FROM {
                    let n = progress
                        .done
                        .load(std::sync::atomic::Ordering::Relaxed)
                        .min(total);
                    eprint!(
                        "\ranalysing {} {n}/{total} claims",
                        briefbench::tui::view::progress_bar(n, total, 20)
                    );
                    drawn = true;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            if drawn {
                eprint!("\r\x1b[2K");
            }
        });
        let done = work();
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        done
    })
}

/// Briefs with fewer claims are assessed too fast for a bar to say anything.
const PROGRESS_FROM: usize = 5_000;

/// JSON on stdout, inert: C1 controls, BiDi controls and line separators from a brief (or
/// a file name) are escaped, never written raw.
fn print_json(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).expect("plain data serializes");
    writeln!(out, "{}", briefbench::sanitize::json_inert(&text))
}

/// An element of a JSON array on stdout, as [`print_json`] writes a value but indented by
/// two spaces, with no separator: an array of 50,000 findings is written an element at a
/// time, never held as one value or one string.
pub(super) fn json_item(out: &mut Vec<u8>, item: &impl serde::Serialize) {
    let text = serde_json::to_string_pretty(item).expect("plain data serializes");
    let text = briefbench::sanitize::json_inert(&text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(b"  ");
        out.extend_from_slice(line.as_bytes());
    }
}

/// The analyst's flags for a brief, and a warning when they can only be kept in memory.
/// A flags file that cannot be read is an error: it is never overwritten.
fn open_flags(
    data_dir: Option<PathBuf>,
    brief: &Loaded,
    path: Option<&Path>,
) -> Result<(Flags, Option<String>), CliError> {
    let brief_id = &brief.brief.id;
    let Some(dir) = data_dir.or_else(briefbench::places::data_dir) else {
        return Ok((
            Flags::in_memory(brief_id),
            Some("flags kept in memory only: no data directory (set --data-dir)".into()),
        ));
    };
    match Flags::open_key(&dir, &brief_key(brief_id, path)) {
        Ok(f) => Ok((f, None)),
        Err(
            e @ (flags::FlagError::Syntax(_)
            | flags::FlagError::OtherBrief { .. }
            | flags::FlagError::TooLarge { .. }),
        ) => Err(e.into()),
        Err(e) => Ok((
            Flags::in_memory(brief_id),
            Some(format!("flags kept in memory only: {e}")),
        )),
    }
}

/// Whose flags: a brief read from a file is known by its id and the file's canonical path,
/// so two briefs that share a name or an id never share flags; the embedded one by its id.
pub fn brief_key(brief_id: &str, path: Option<&Path>) -> flags::BriefKey {
    match path {
        Some(p) => flags::BriefKey::of_file(brief_id, p),
        None => flags::BriefKey::id_only(brief_id),
    }
}

/// The theme and keys from the config, and what to tell the analyst about it.
pub fn tui_settings(
    settings: &config::Loaded,
) -> (
    briefbench::tui::theme::Theme,
    briefbench::tui::keymap::Keymap,
    Option<String>,
) {
    let theme = briefbench::tui::theme::Theme::from_config(
        &settings.config,
        briefbench::tui::theme::no_color_in_env(),
    );
    let (keymap, problems) = briefbench::tui::keymap::Keymap::with_config(&settings.config.keys);
    let warning = match (&settings.error, problems.first()) {
        (Some(e), _) => Some(format!("config: {e} (using the defaults)")),
        (None, Some(p)) => Some(format!(
            "config: {p}{}",
            if problems.len() > 1 {
                format!(" (and {} more: briefbench config)", problems.len() - 1)
            } else {
                String::new()
            }
        )),
        (None, None) => None,
    };
    (theme, keymap, warning)
}

/// A brief for the workbench: as the brief cache holds it (assessed), or loaded (to be
/// assessed in the background, then cached when the workbench ends), with the key its
/// file's bytes had when read.
pub enum Start {
    Cached(Box<briefbench::cache::brief::Opened>),
    Loaded(Box<Loaded>, Option<briefbench::cache::Key>),
}

/// The brief at `path` (the embedded one without) for the workbench: from the brief cache
/// when it holds it as the file and its fetched pages are, else loaded by `load`.
pub fn start_workbench<E>(
    path: Option<&Path>,
    data_dir: Option<&Path>,
    load: impl FnOnce() -> Result<Loaded, E>,
) -> Result<Start, E> {
    use briefbench::cache::brief::{Found, lookup};
    let Some(p) = path else {
        return Ok(Start::Loaded(Box::new(load()?), None));
    };
    let cache = briefbench::cache::Cache::open_default();
    let pages = fetch::cache(data_dir);
    match lookup(p, cache.as_ref(), pages.as_ref(), Need::Everything) {
        (Found::Hit(opened), _) => Ok(Start::Cached(opened)),
        // Only the pages changed: the brief as cached is the brief as filed.
        (Found::OtherPages(loaded, ..), key) => Ok(Start::Loaded(loaded, key)),
        // Filed, at the end, under the bytes that were parsed.
        (Found::Nothing, key) => {
            let (loaded, parsed) = briefbench::cache::brief::load_witnessed(p, load);
            Ok(Start::Loaded(Box::new(loaded?), key.and(parsed)))
        }
    }
}

/// Opens the workbench on a brief, with the analyst's flags; with `source`, that source in
/// the viewer.
pub fn workbench(
    start: Start,
    path: Option<&Path>,
    settings: &config::Loaded,
    data_dir: Option<PathBuf>,
    source: Option<u32>,
) -> Result<ExitCode, CliError> {
    let fetch_cache = fetch::cache(data_dir.as_deref());
    let (app, flags_warning, to_cache) = match start {
        Start::Cached(opened) => {
            let opened = *opened;
            let own_sources = opened.own_sources;
            let (flags, warning) = open_flags(data_dir, &opened.loaded, path)?;
            let app = briefbench::tui::app::App::assessed(
                opened.loaded,
                flags,
                opened.links,
                opened.assessment,
            )
            .with_fetched(briefbench::tui::fetching::Fetching::new(
                own_sources,
                opened.origins,
                fetch_cache,
            ));
            (app, warning, None)
        }
        Start::Loaded(loaded, key) => {
            let mut loaded = *loaded;
            let texts = briefbench::cache::brief::pages_of(&loaded.brief, fetch_cache.as_ref());
            // The sources as filed, kept only when pages are lent to them.
            let own_sources = (!texts.is_empty()).then(|| loaded.brief.sources.clone());
            let origins = texts.apply(&mut loaded.brief);
            let (flags, warning) = open_flags(data_dir, &loaded, path)?;
            // What the cache needs that the workbench does not keep, for the end.
            let to_cache = path.zip(key).map(|(p, key)| ToCache {
                path: p.to_path_buf(),
                key: briefbench::cache::Key {
                    fetched: texts.fingerprint(),
                    ..key
                },
                own_sources: own_sources.clone(),
                warnings: loaded.warnings.clone(),
            });
            let app = briefbench::tui::app::App::new_in_background(loaded, flags).with_fetched(
                briefbench::tui::fetching::Fetching::new(own_sources, origins, fetch_cache),
            );
            let to_cache = to_cache.map(|t| (t, std::sync::Arc::clone(app.doc().brief())));
            (app, warning, to_cache)
        }
    };
    let (theme, keymap, config_warning) = tui_settings(settings);
    let mut app = app.with_keymap(keymap).with_theme(theme);
    // The status line's first word: the flags' warning, else the config's.
    if let Some(w) = flags_warning.or(config_warning) {
        app = app.with_status(w, true);
    }
    if let Some(n) = source {
        briefbench::tui::update::open_source(&mut app, n);
    }
    let ran = briefbench::tui::run(&mut app);
    keep_note_being_typed(&mut app);
    // Flags still unsaved here (a full or read-only disk, a quit confirmed anyway, SIGTERM):
    // one more try, then hand them to the analyst on stderr rather than drop them.
    if app.doc().flags().unsaved()
        && let Err(e) = app.flags_mut().save()
    {
        eprintln!(
            "briefbench: your flags could not be saved ({}); here they are, to keep:\n{}",
            Safe::display(&e),
            Safe::multiline(&app.doc().flags().unsaved_ron())
        );
        ran.map_err(|e| CliError::unexpected(e, "running the workbench"))?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    ran.map_err(|e| CliError::unexpected(e, "running the workbench"))?;
    // After the flags: the analyst's work first. A workbench told to stop (SIGTERM,
    // SIGHUP) ends at once rather than write a cache.
    if let Some((to_cache, brief)) = to_cache
        && !briefbench::tui::stopping()
    {
        to_cache.save(&app, &brief);
    }
    left_for_exit(app);
    Ok(ExitCode::SUCCESS)
}

/// What the brief cache keeps of a brief the workbench analysed, besides what the
/// workbench holds.
struct ToCache {
    path: PathBuf,
    key: briefbench::cache::Key,
    own_sources: Option<Vec<briefbench::model::Source>>,
    warnings: Vec<briefbench::validate::Diagnostic>,
}

impl ToCache {
    /// Caches the analysis the workbench finished, so the next open starts from it: only
    /// when it is whole and of the brief as it was opened (`brief`; a fetch during the
    /// session replaced it).
    fn save(
        &self,
        app: &briefbench::tui::app::App,
        brief: &std::sync::Arc<briefbench::model::Brief>,
    ) {
        if app.doc().pending().is_some()
            || !std::sync::Arc::ptr_eq(brief, app.doc().brief())
            || app.doc().assessment().claims.len() != brief.claim_count()
        {
            return;
        }
        let Some(cache) = briefbench::cache::Cache::open_default() else {
            return;
        };
        let parts = briefbench::cache::brief::Parts {
            brief,
            own_sources: self.own_sources.as_deref(),
            warnings: &self.warnings,
            links: app.doc().links(),
            assessment: app.doc().assessment(),
        };
        briefbench::cache::brief::save(&cache, &self.path, self.key, &parts);
    }
}

/// A note still in its editor when the workbench ends (SIGTERM, SIGHUP: the analyst never
/// pressed Enter) is kept as Ctrl-c keeps it: it joins the unsaved flags, which are saved,
/// or else printed.
fn keep_note_being_typed(app: &mut briefbench::tui::app::App) {
    let Some((claim_id, text)) = app.take_note_being_typed() else {
        return;
    };
    let stored = app
        .doc()
        .flags()
        .get(&claim_id)
        .map_or("", |f| f.note.as_str());
    if text.trim_end() != stored {
        app.flags_mut().set_note(&claim_id, &text);
        eprintln!(
            "briefbench: the note you were typing on {} is kept",
            Safe::new(&claim_id)
        );
    }
}

fn export(
    path: Option<&Path>,
    format: ExportFormat,
    output: Option<&Path>,
    data_dir: Option<PathBuf>,
) -> Result<ExitCode, CliError> {
    refuse_overwriting_input(path, output)?;
    let opened = open_assessed(path, data_dir.as_deref(), Need::Everything)?;
    let (loaded, links, assessment) = (&opened.loaded, &opened.links, &opened.assessment);
    let origins = &opened.origins;
    let brief = &loaded.brief;
    let (flags, warning) = open_flags(data_dir, loaded, path)?;
    if let Some(w) = warning {
        eprintln!("briefbench: {w}");
    }
    let format = match format {
        ExportFormat::Md => export::Format::Markdown,
        ExportFormat::Csv => export::Format::Csv,
        ExportFormat::Json => export::Format::Json,
    };
    // Written as it is made. Briefs are untrusted: no control character leaves in the
    // report. JSON escapes them, keeping the values; Markdown and CSV show placeholders.
    let write = |out: &mut dyn Write| {
        let mut out = match format {
            export::Format::Json => briefbench::sanitize::SafeWriter::json(out),
            _ => briefbench::sanitize::SafeWriter::text_lines(out),
        };
        export::write(brief, links, assessment, &flags, format, origins, &mut out)?;
        out.flush()
    };
    match output {
        Some(out) => {
            briefbench::fsio::write_atomic_with(out, write).map_err(|source| CliError::Write {
                path: out.display().to_string(),
                source,
            })?
        }
        None => write(&mut std::io::BufWriter::new(std::io::stdout().lock()))?,
    }
    left_for_exit(opened);
    Ok(ExitCode::SUCCESS)
}

/// Standard output for text that may quote a brief: buffered, and every line sanitized on
/// its way out (the net under the `Safe` each line is built from).
pub fn text_out() -> TextOut {
    briefbench::sanitize::SafeWriter::new(std::io::BufWriter::new(std::io::stdout().lock()))
}

/// What [`text_out`] gives.
pub type TextOut =
    briefbench::sanitize::SafeWriter<std::io::BufWriter<std::io::StdoutLock<'static>>>;

/// The brief at `path` (a RON store, or a Markdown or text brief to import), or the
/// embedded one.
pub fn open(path: Option<&Path>) -> Result<Loaded, CliError> {
    announced(path, || match path {
        None => Ok(store::load_default()?),
        Some(p) => Ok(briefbench::library::open_brief(p)?),
    })
}

/// As [`open`], with the brief's links (see [`briefbench::library::open_brief_linked`]).
pub fn open_linked(path: Option<&Path>) -> Result<(Loaded, Links), CliError> {
    announced(path, || match path {
        None => {
            let loaded = store::load_default()?;
            let links = Links::build(&loaded.brief);
            Ok((loaded, links))
        }
        Some(p) => Ok(briefbench::library::open_brief_linked(p)?),
    })
}

/// As [`open`] for a command that shows no warnings (`search`), and `also` of the brief,
/// worked out while a large store is checked for errors (its warnings are not looked for).
pub fn open_with<T: Send>(
    path: Option<&Path>,
    also: impl FnOnce(&briefbench::model::Brief) -> T + Send,
) -> Result<(Loaded, T), CliError> {
    announced(path, || match path {
        None => {
            let loaded = store::load_default()?;
            let other = also(&loaded.brief);
            Ok((loaded, other))
        }
        Some(p) => Ok(briefbench::library::open_brief_with(p, also)?),
    })
}

/// What `load` gives, a large file announced on a terminal while it loads (the line
/// cleared after).
fn announced<T>(
    path: Option<&Path>,
    load: impl FnOnce() -> Result<T, CliError>,
) -> Result<T, CliError> {
    let size = path
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    let announce = size > 8 << 20 && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if announce {
        eprint!(
            "loading {} ({} MB)…",
            Safe::new(&path.unwrap_or(Path::new("")).display().to_string()),
            size >> 20
        );
    }
    let loaded = load();
    if announce {
        eprint!("\r\x1b[2K");
    }
    loaded
}

/// The brief at `path` loaded, its sources lent the fetched pages' texts, linked and
/// assessed: from the brief cache when the brief is large and neither it nor its fetched
/// pages changed since it was cached (see `briefbench::cache::brief`).
fn open_assessed(
    path: Option<&Path>,
    data_dir: Option<&Path>,
    need: Need,
) -> Result<briefbench::cache::brief::Opened, CliError> {
    let pages = fetch::cache(data_dir);
    match path {
        Some(p) => {
            let cache = briefbench::cache::Cache::open_default();
            briefbench::cache::brief::open(
                p,
                cache.as_ref(),
                pages.as_ref(),
                need,
                || open_linked(path),
                analyse,
            )
        }
        None => open_uncached(path, data_dir),
    }
}

/// The brief at `path` (or the embedded one) loaded, lent its fetched pages, linked and
/// assessed, with no cache.
fn open_uncached(
    path: Option<&Path>,
    data_dir: Option<&Path>,
) -> Result<briefbench::cache::brief::Opened, CliError> {
    let (mut loaded, links) = open_linked(path)?;
    let origins = fetch::lend(&mut loaded, data_dir);
    let assessment = analyse(&loaded.brief, &links);
    Ok(briefbench::cache::brief::Opened {
        loaded,
        links,
        assessment,
        origins,
        own_sources: None,
        cached: false,
    })
}

/// Refuses an output that is the input itself (`import X -o X`, `export X -o X`): writing it
/// would destroy what is being read.
fn refuse_overwriting_input(input: Option<&Path>, output: Option<&Path>) -> Result<(), CliError> {
    if let (Some(i), Some(o)) = (input, output)
        && briefbench::fsio::same_file(i, o)
    {
        return Err(CliError::Refused(format!(
            "{}: is the input; write the output to another file",
            o.display()
        )));
    }
    Ok(())
}

/// Writes an output file atomically: the old file or the new, never a part or 0 bytes.
fn write_output(out: &Path, bytes: &[u8]) -> Result<(), CliError> {
    briefbench::fsio::write_atomic(out, bytes).map_err(|source| CliError::Write {
        path: out.display().to_string(),
        source,
    })
}

fn import(path: &Path, output: Option<&Path>) -> Result<ExitCode, CliError> {
    refuse_overwriting_input(Some(path), output)?;
    let loaded = open(Some(path))?;
    // The brief imports whatever its faults; they are said on stderr, as `validate` says them.
    for w in &loaded.warnings {
        eprintln!("{}", Safe::new(&w.display(&loaded.name)));
    }
    let text = store::to_ron_string(&loaded.brief);
    let (s, c, n) = (
        loaded.brief.sections.len(),
        loaded.brief.claim_count(),
        loaded.brief.sources.len(),
    );
    match output {
        Some(out) => {
            write_output(out, text.as_bytes())?;
            eprintln!(
                "{}: {}, {}, {}",
                Safe::display(&out.display()),
                count(s, "section", "sections"),
                count(c, "claim", "claims"),
                count(n, "source", "sources")
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Why a brief did not load, as JSON diagnostics: each error of an invalid store with its
/// line and column, a syntax or import error at its position, anything else as one message.
fn load_errors(e: &CliError) -> Vec<serde_json::Value> {
    use briefbench::library::OpenError;
    let error = |code: &str, message: String, line: Option<usize>, col: Option<usize>| serde_json::json!({ "severity": "error", "code": code, "message": message, "line": line, "col": col });
    let load = match e {
        CliError::Load(l) | CliError::Open(OpenError::Load(l)) => Some(l),
        _ => None,
    };
    match (e, load) {
        (_, Some(store::LoadError::Invalid { errors, .. })) => errors
            .iter()
            .map(|d| serde_json::to_value(d).expect("plain data"))
            .collect(),
        (_, Some(store::LoadError::Syntax(r))) => {
            vec![error(
                "syntax",
                r.message.clone(),
                Some(r.line),
                Some(r.col),
            )]
        }
        (CliError::Open(OpenError::Import(i)), _) => {
            vec![error("unreadable", i.to_string(), i.line, i.col)]
        }
        _ => vec![error("unreadable", e.to_string(), None, None)],
    }
}

fn validate(path: Option<&Path>, format: Format) -> Result<ExitCode, CliError> {
    let loaded = match open(path) {
        Ok(l) => l,
        // A script asked for JSON: it gets JSON, with `ok: false`, whatever went wrong.
        Err(e) if e.is_bad_input() && format == Format::Json => {
            let name = path.map_or(store::DEFAULT_NAME.to_string(), |p| p.display().to_string());
            let v =
                serde_json::json!({ "file": name, "ok": false, "diagnostics": load_errors(&e) });
            print_json(&mut std::io::stdout().lock(), &v)?;
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
        Err(e) => return Err(e),
    };
    let (name, diags, brief) = (loaded.name, loaded.warnings, Some(loaded.brief));
    let mut out = text_out();
    match format {
        Format::Json => {
            let v = serde_json::json!({ "file": name, "ok": true, "diagnostics": diags });
            print_json(&mut out, &v)?;
        }
        Format::Text => {
            for d in &diags {
                writeln!(out, "{}", Safe::new(&d.display(&name)))?;
            }
            if let Some(b) = &brief {
                let warnings = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count();
                writeln!(
                    out,
                    "{}: ok: {}, {}, {}, {}",
                    Safe::new(&name),
                    count(b.sections.len(), "section", "sections"),
                    count(b.claim_count(), "claim", "claims"),
                    count(b.sources.len(), "source", "sources"),
                    count(warnings, "warning", "warnings")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What a command no longer needs as it ends, left for the process's exit to reclaim:
/// freeing a large brief's million small strings one by one took a warm `check` of the
/// 40 MB store ~0.15 s, and the workbench's quit as long, to give memory back to a process
/// about to end. Nothing in it has work to do on drop (no file, no lock, no thread).
fn left_for_exit<T>(value: T) {
    std::mem::forget(value);
}
