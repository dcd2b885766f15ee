//! The briefbench binary: parse arguments, report errors at the edge, exit with a code.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use briefbench::store::Loaded;
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

/// Opens the workbench on a loaded brief, with the analyst's flags from the data directory.
fn workbench(loaded: Loaded, data_dir: Option<PathBuf>) -> Result<ExitCode, cli::UserError> {
    use briefbench::flags::{self, Flags};
    let mut warning = None;
    let flags = match data_dir.or_else(flags::default_data_dir) {
        Some(dir) => match Flags::open(&dir, &loaded.brief.id) {
            Ok(f) => f,
            // A broken flags file is never overwritten: refuse to start rather than lose it.
            Err(e @ flags::FlagError::Syntax { .. }) => {
                return Err(cli::UserError::Message(e.to_string()));
            }
            Err(e) => {
                warning = Some(format!("flags kept in memory only: {e}"));
                Flags::in_memory(&loaded.brief.id)
            }
        },
        None => {
            warning =
                Some("flags kept in memory only: no data directory (set --data-dir)".to_string());
            Flags::in_memory(&loaded.brief.id)
        }
    };
    let mut app = briefbench::tui::app::App::new(loaded, flags);
    if let Some(w) = warning {
        app.set_status(w, true);
    }
    let theme = briefbench::tui::theme::Theme::from_env();
    briefbench::tui::run(app, &theme)?;
    Ok(ExitCode::SUCCESS)
}
