//! The briefbench binary: parse arguments, report errors at the edge, exit with a code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("briefbench: cannot install the error reporter: {e}");
    }
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
