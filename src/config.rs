//! The analyst's settings: `config.ron` in the user's config directory, as gitui keeps its
//! key bindings and theme. Every field is optional; an invalid file is reported with its
//! line and column and the defaults are used, so a typo never locks anyone out.
//!
//! This module only reads and checks the file. What a theme colour or a key name means is
//! the workbench's business (`tui::theme`, `tui::keymap`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file, as written. Unknown fields are errors: a misspelt setting should say so,
/// not be ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `dark` (the default), `light` or `mono`. `NO_COLOR` in the environment wins.
    pub theme: ThemeName,
    /// Colours by style name, over the theme's: `marker: "#5fafff"`,
    /// `weak: "black on yellow"`, `title: "bold white"`.
    pub colors: BTreeMap<String, String>,
    /// Keys by action name, replacing that action's default keys in the panes:
    /// `quit: ["q", "Ctrl-c"]`, `open_search: ["/", "Ctrl-f"]`.
    pub keys: BTreeMap<String, Vec<String>>,
    /// The brief opened when none is named.
    pub default_brief: Option<PathBuf>,
    /// Where flags and notes live (`--data-dir` and `BRIEFBENCH_DATA_DIR` win over it).
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

/// Where the config came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Read from this file.
    File(PathBuf),
    /// No file at this path (or no config directory at all): the defaults.
    Defaults(Option<PathBuf>),
}

/// The config in effect, where it came from, and what was wrong with the file if anything
/// (in which case `config` holds the defaults).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub origin: Origin,
    pub error: Option<String>,
}

/// Config files are small; anything larger is not one.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The default location: `BRIEFBENCH_CONFIG`, else `config.ron` in the platform's config
/// directory (`~/.config/briefbench/config.ron` on Linux).
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BRIEFBENCH_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "briefbench").map(|d| d.config_dir().join("config.ron"))
}

/// Loads the config at `path` (or the default path). A missing file is the defaults; a
/// file that cannot be read or parsed is the defaults plus an error naming line and column.
pub fn load(path: Option<&Path>) -> Loaded {
    let path = path.map(Path::to_path_buf).or_else(default_path);
    let Some(path) = path else {
        return Loaded {
            config: Config::default(),
            origin: Origin::Defaults(None),
            error: None,
        };
    };
    let fail = |message: String| Loaded {
        config: Config::default(),
        origin: Origin::File(path.clone()),
        error: Some(message),
    };
    let shown = path.display().to_string();
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                config: Config::default(),
                origin: Origin::Defaults(Some(path)),
                error: None,
            };
        }
        Err(e) => return fail(format!("{shown}: {e}")),
        Ok(m) if m.len() > MAX_CONFIG_BYTES => {
            return fail(format!(
                "{shown}: {} bytes is too large for a config",
                m.len()
            ));
        }
        Ok(_) => {}
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return fail(format!("{shown}: {e}")),
    };
    match parse(&text, &shown) {
        Ok(config) => Loaded {
            config,
            origin: Origin::File(path),
            error: None,
        },
        Err(e) => fail(e),
    }
}

/// Parses a config; the error names `name:line:col`.
pub fn parse(text: &str, name: &str) -> Result<Config, String> {
    ron::Options::default()
        .with_recursion_limit(16)
        .from_str(text)
        .map_err(|e| {
            format!(
                "{name}:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })
}

/// The config as RON, for `briefbench config`.
pub fn to_ron(config: &Config) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .compact_arrays(true);
    ron::ser::to_string_pretty(config, pretty).expect("a config always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_optional() {
        assert_eq!(parse("()", "c").unwrap(), Config::default());
        let c = parse(
            r##"(theme: light, colors: {"marker": "#5fafff"}, keys: {"quit": ["x"]},
                default_brief: Some("b.ron"), data_dir: Some("/d"))"##,
            "c",
        )
        .unwrap();
        assert_eq!(c.theme, ThemeName::Light);
        assert_eq!(c.colors["marker"], "#5fafff");
        assert_eq!(c.keys["quit"], vec!["x"]);
        assert_eq!(c.default_brief.as_deref(), Some(Path::new("b.ron")));
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("(\n  theme: purple,\n)", "cfg.ron").unwrap_err();
        assert!(e.starts_with("cfg.ron:2:"), "{e}");
        let e = parse("(\n  colours: {},\n)", "cfg.ron").unwrap_err();
        assert!(e.starts_with("cfg.ron:2:") && e.contains("colours"), "{e}");
    }

    #[test]
    fn a_missing_file_is_the_defaults_and_a_bad_one_is_reported() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("none.ron");
        let l = load(Some(&missing));
        assert_eq!(l.origin, Origin::Defaults(Some(missing)));
        assert!(l.error.is_none());
        let bad = d.path().join("bad.ron");
        std::fs::write(&bad, "(theme: dark,, )").unwrap();
        let l = load(Some(&bad));
        assert_eq!(l.config, Config::default());
        assert!(l.error.unwrap().contains("bad.ron:1:"));
    }

    #[test]
    fn printed_config_reads_back() {
        let c = parse(r#"(theme: mono, keys: {"quit": ["x", "Ctrl-q"]})"#, "c").unwrap();
        assert_eq!(parse(&to_ron(&c), "again").unwrap(), c);
    }
}
