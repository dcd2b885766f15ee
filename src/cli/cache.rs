//! `briefbench cache info|clear`: the cache of briefs and search indexes (see
//! `briefbench::cache`).

use std::io::Write;
use std::process::ExitCode;

use briefbench::cache::Cache;
use briefbench::sanitize::Safe;
use clap::Subcommand;

use super::CliError;

#[derive(Debug, Clone, Subcommand)]
pub enum Action {
    /// Where the cache is, how many files it holds and their size.
    Info,
    /// Remove every cached brief and search index.
    Clear,
}

pub fn run(action: Action) -> Result<ExitCode, CliError> {
    let Some(cache) = Cache::open_default() else {
        return Err(CliError::Refused(
            "no cache directory: set BRIEFBENCH_CACHE_DIR".to_string(),
        ));
    };
    let dir = Safe::display(&cache.dir().display()).into_string();
    let mut out = super::text_out();
    match action {
        Action::Info => {
            let info = cache.info();
            writeln!(out, "{dir}")?;
            writeln!(
                out,
                "{} files, {} ({} briefs, {} search indexes); capped at {}",
                info.files,
                size(info.bytes),
                info.briefs,
                info.search,
                size(briefbench::cache::default_cap())
            )?;
        }
        Action::Clear => {
            let gone = cache.clear().map_err(|source| CliError::Write {
                path: dir.clone(),
                source,
            })?;
            writeln!(
                out,
                "{dir}: removed {} files, {} bytes",
                gone.files, gone.bytes
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A size for people: `286 KB`, `1.0 GB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    match unit {
        0 => format!("{bytes} bytes"),
        _ => format!("{value:.1} {}", UNITS[unit]),
    }
}
