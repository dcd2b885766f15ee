//! The briefbench binary: parse arguments, report errors at the edge, exit with a code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a large brief is a million small strings (claims' terms, reasons, sources'
/// fields), made and dropped at once; glibc's allocator spent a quarter of a warm reopen
/// on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
