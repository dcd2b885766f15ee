//! The briefbench binary: parse arguments, report errors at the edge, exit with a code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
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
        Err(cli::UserError::ClosedPipe) => ExitCode::SUCCESS,
        Err(cli::UserError::Message(msg)) => {
            let lines: Vec<_> = msg.lines().map(briefbench::sanitize::sanitize).collect();
            eprintln!("briefbench: {}", lines.join("\n"));
            ExitCode::from(cli::EXIT_BAD_INPUT)
        }
    }
}
