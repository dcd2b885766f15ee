//! The briefbench binary: parse arguments, report errors at the edge, exit with a code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a large brief is a million small strings (claims' terms, reasons, sources'
/// fields), made and dropped at once; glibc's allocator spent a quarter of a warm reopen
/// on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3 keeps the pages it frees for a second before it gives them back (its
/// `purge_delay`, 1000 ms): a cold `check` of a large brief is over by then, so every page
/// it touched stayed resident, ~200 MB at the peak against ~155 MB live. Given back after
/// 10 ms (mimalloc v2's delay), the peak is ~161 MB at the same wall time (BENCHMARKS.md,
/// sixth session). A delay the user set (`MIMALLOC_PURGE_DELAY`, other than 1000) is kept.
fn give_freed_pages_back_sooner() {
    use std::ffi::{c_int, c_long};
    // SAFETY: mimalloc's own option calls, linked in with the allocator; they take and
    // give plain integers and may be called at any time.
    unsafe extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
        fn mi_option_set(option: c_int, value: c_long);
    }
    /// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h`.
    const PURGE_DELAY: c_int = 15;
    /// Its default there: only that value is replaced, so that another build of mimalloc,
    /// whose option 15 is something else, is left as it is.
    const V3_DEFAULT: c_long = 1000;
    // SAFETY: see above.
    unsafe {
        if mi_option_get(PURGE_DELAY) == V3_DEFAULT {
            mi_option_set(PURGE_DELAY, 10);
        }
    }
}

fn main() -> ExitCode {
    give_freed_pages_back_sooner();
    // Reports without colour: they go through the sanitizer, which shows escapes as text.
    let plain = color_eyre::config::Theme::new();
    if let Err(e) = color_eyre::config::HookBuilder::default()
        .theme(plain)
        .install()
    {
        eprintln!("briefbench: cannot install the error reporter: {e}");
    }
    // A file-size limit (`ulimit -f`) makes a write past it fail with EFBIG, as a full disk
    // does; SIGXFSZ's default action would kill the process instead, losing unsaved flags.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // The workbench and the picker give the terminal back before they return (and
            // a panic's hook before it reports), so the report is read on a sane screen.
            let text = match &e {
                cli::CliError::ClosedPipe => String::new(),
                // An unexpected failure: the report, with its chain of context.
                cli::CliError::Unexpected(report) => format!("{report:?}"),
                // Bad input: one clear line (or the list of a brief's errors).
                _ => e.to_string(),
            };
            if !text.is_empty() {
                eprintln!(
                    "briefbench: {}",
                    briefbench::sanitize::Safe::multiline(&names_on_one_line(text))
                );
            }
            e.exit_code()
        }
    }
}

/// A message naming a file whose name, as given on the command line, holds a line break:
/// the name is shown on one line (as `Safe` shows one line of text), so the message keeps
/// its own lines only. Messages keep names as they are; JSON outputs carry them escaped.
fn names_on_one_line(text: String) -> String {
    std::env::args_os()
        .skip(1)
        .filter_map(|a| a.into_string().ok())
        .filter(|a| a.contains(['\n', '\r']))
        .fold(text, |text, name| {
            text.replace(&name, briefbench::sanitize::Safe::new(&name).as_str())
        })
}
