//! `briefbench cache info|clear`: the cache of briefs and search indexes (see
//! `briefbench::cache`).

use std::io::Write;
use std::process::ExitCode;

use briefbench::cache::Cache;
use briefbench::sanitize::sanitize;
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
    let dir = sanitize(&cache.dir().display().to_string()).into_owned();
    let mut out = std::io::stdout().lock();
    match action {
        Action::Info => {
            let info = cache.info();
            writeln!(out, "{dir}")?;
            writeln!(
                out,
                "{} files, {} bytes ({} briefs, {} search indexes); capped at {} bytes",
                info.files,
                info.bytes,
                info.briefs,
                info.search,
                briefbench::cache::default_cap()
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
