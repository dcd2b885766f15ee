//! Where briefbench keeps things, decided here and nowhere else: the config file, the
//! analyst's flags and notes, the search cache. Each is the platform's directory for
//! briefbench (`~/.config/briefbench`, `~/.local/share/briefbench`, `~/.cache/briefbench` on
//! Linux) unless the environment names another. (`BRIEFBENCH_DATA_DIR` is read with
//! `--data-dir` by the command line, which passes what it found; the config's `data_dir`
//! stands in where neither is given.)

use std::ffi::OsString;
use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "briefbench")
}

/// An environment variable that is set and not empty.
fn env(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// `BRIEFBENCH_CONFIG`, else `config.ron` in the platform's config directory.
pub fn config_file() -> Option<PathBuf> {
    env("BRIEFBENCH_CONFIG")
        .map(PathBuf::from)
        .or_else(|| project().map(|d| d.config_dir().join("config.ron")))
}

/// The platform's data directory: where flags live when nothing names another.
pub fn data_dir() -> Option<PathBuf> {
    project().map(|d| d.data_dir().to_path_buf())
}

/// `BRIEFBENCH_CACHE_DIR`, else the platform's cache directory: the one cache module keeps
/// search indexes (`search-*.bin`) and assessed briefs (`brief-*.bin`) there.
pub fn cache_dir() -> Option<PathBuf> {
    env("BRIEFBENCH_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| project().map(|d| d.cache_dir().to_path_buf()))
}
