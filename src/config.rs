//! The analyst's settings: `config.ron` in the user's config directory, as gitui keeps its
//! key bindings and theme. Every field is optional; an invalid file is reported with its
//! line and column and the defaults are used, so a typo never locks anyone out.
//!
//! This module only reads and checks the file. The colours are read as a patch of
//! [`crate::style::Styles`], so a style that does not exist or a colour that is not one is a
//! RON error at its line and column; how they look on a terminal is the workbench's business
//! (`tui::theme`), as is what a key name means (`tui::keymap`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::ron_error::RonError;
use crate::style::{StyleSpec, Styles};

/// What is wrong with a config file. Each says which file, and where in it when it can.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: Arc<std::io::Error>,
    },
    #[error("{path}: over the limit of {limit} bytes for a config")]
    TooLarge { path: String, limit: u64 },
    #[error("{path}: not UTF-8 text (at byte {offset})")]
    NotUtf8 { path: String, offset: usize },
    /// The file is not RON, or not the config's RON (an unknown field, a theme that is none,
    /// a style that does not exist, a colour that is not one).
    #[error(transparent)]
    Syntax(#[from] RonError),
    /// The file parses but says something the workbench cannot use: the first such thing,
    /// and how many more there are.
    #[error("{path}:{line}:{col}: {message}{}", and_more(*.more))]
    Invalid {
        path: String,
        line: usize,
        col: usize,
        message: String,
        more: usize,
    },
}

fn and_more(more: usize) -> String {
    match more {
        0 => String::new(),
        n => format!(" (and {n} more)"),
    }
}

/// The file, as written. Unknown fields are errors: a misspelt setting should say so,
/// not be ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `dark` (the default), `light` or `mono`. `NO_COLOR` in the environment wins.
    pub theme: ThemeName,
    /// Colours by style name, over the theme's: `{"marker": "#5fafff",
    /// "weak": "black on yellow", "title": "bold white"}`.
    pub colors: Styles<Option<StyleSpec>>,
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
    pub error: Option<ConfigError>,
    /// The file's text, to point at what [`Loaded::reject`] is told is wrong.
    text: Option<String>,
}

/// Something the file says that parses but means nothing (a key that is not one, an action
/// that does not exist): what the workbench found, and enough to point at it in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The config's field: `keys`.
    pub field: &'static str,
    /// The style or action name.
    pub entry: String,
    /// The value at fault, when it is one value of the entry.
    pub value: Option<String>,
    pub message: String,
}

impl Loaded {
    /// Makes the file invalid for what the workbench found in it: the error names the
    /// file, line and column of the first thing wrong (and how many more), and the
    /// defaults are used, as for a file that does not parse.
    pub fn reject(&mut self, invalid: &[Invalid]) {
        let Some(first) = invalid.first() else { return };
        if self.error.is_some() {
            return;
        }
        let name = match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Defaults(_) => "config".to_string(),
        };
        let (line, col) = self.text.as_deref().map_or((1, 1), |t| locate(t, first));
        self.error = Some(ConfigError::Invalid {
            path: name,
            line,
            col,
            message: first.message.clone(),
            more: invalid.len() - 1,
        });
        self.config = Config::default();
    }
}

/// Line and column (from 1, in characters) of an entry's value in the file, or of the entry,
/// or of its field; 1:1 when none is found.
fn locate(text: &str, what: &Invalid) -> (usize, usize) {
    let field = text.find(what.field);
    let entry = field.and_then(|f| {
        let key = format!("{:?}", what.entry);
        text[f..].find(&key).map(|i| f + i)
    });
    let value = entry.and_then(|e| {
        let v = format!("{:?}", what.value.as_ref()?);
        text[e..].find(&v).map(|i| e + i)
    });
    let Some(at) = value.or(entry).or(field) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Config files are small; anything larger is not one.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The default location: `BRIEFBENCH_CONFIG`, else `config.ron` in the platform's config
/// directory (`~/.config/briefbench/config.ron` on Linux).
pub fn default_path() -> Option<PathBuf> {
    crate::places::config_file()
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
            text: None,
        };
    };
    let fail = |error: ConfigError| Loaded {
        config: Config::default(),
        origin: Origin::File(path.clone()),
        error: Some(error),
        text: None,
    };
    let shown = path.display().to_string();
    // The cap holds on the bytes read, whatever the file says its size is: a config linked
    // to `/dev/zero` or a pipe fed by `yes` is refused at 1 MiB, not read until memory ends.
    let bytes = match crate::fsio::read_capped(&path, MAX_CONFIG_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Loaded {
                config: Config::default(),
                origin: Origin::Defaults(Some(path)),
                error: None,
                text: None,
            };
        }
        Err(e) => {
            return fail(ConfigError::Read {
                path: shown,
                source: Arc::new(e),
            });
        }
        Ok(Err(too_large)) => {
            return fail(ConfigError::TooLarge {
                path: shown,
                limit: too_large.limit,
            });
        }
        Ok(Ok(bytes)) => bytes,
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return fail(ConfigError::NotUtf8 {
                path: shown,
                offset: e.utf8_error().valid_up_to(),
            });
        }
    };
    match parse(&text, &shown) {
        Ok(config) => Loaded {
            config,
            origin: Origin::File(path),
            error: None,
            text: Some(text),
        },
        Err(e) => fail(e.into()),
    }
}

/// Parses a config; the error names `name:line:col`.
pub fn parse(text: &str, name: &str) -> Result<Config, RonError> {
    ron::Options::default()
        .with_recursion_limit(16)
        .from_str(text)
        .map_err(|e| RonError::new(name, &e))
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
        assert_eq!(c.colors.marker.unwrap().to_string(), "#5fafff");
        assert_eq!(c.keys["quit"], vec!["x"]);
        assert_eq!(c.default_brief.as_deref(), Some(Path::new("b.ron")));
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("(\n  theme: purple,\n)", "cfg.ron").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("cfg.ron", 2), "{e}");
        let e = parse("(\n  colours: {},\n)", "cfg.ron").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("cfg.ron:2:") && e.message.contains("colours"));
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
        assert!(matches!(
            l.error,
            Some(ConfigError::Syntax(RonError { line: 1, .. }))
        ));
        assert!(l.error.unwrap().to_string().contains("bad.ron:1:"));
    }

    #[test]
    fn a_style_or_colour_that_is_none_is_named_at_its_line_and_column() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("c.ron");
        std::fs::write(
            &path,
            "(\n  colors: {\n    \"weak\": \"red\",\n    \"marker\": \"blurple\",\n  },\n)",
        )
        .unwrap();
        let l = load(Some(&path));
        let e = l.error.unwrap().to_string();
        assert!(
            e.ends_with(
                "c.ron:4:16: colors: marker: \"blurple\" is not a colour (a name, #rrggbb or 0-255)"
            ),
            "{e}"
        );
        assert_eq!(l.config, Config::default(), "the defaults are used");

        let e = parse(
            "(\n  colors: {\n    \"weak\": \"red\",\n    \"markers\": \"blue\",\n  },\n)",
            "c.ron",
        )
        .unwrap_err();
        assert_eq!((e.line, e.col), (4, 6), "{e}");
        assert!(
            e.message
                .starts_with("colors: no style \"markers\" (one of: text, dim, title,"),
            "{e}"
        );
    }

    #[test]
    fn what_the_workbench_rejects_is_named_at_its_line_and_column() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("c.ron");
        std::fs::write(
            &path,
            "(\n  keys: {\n    \"help\": [\"?\"],\n    \"quit\": [\"q\", \"Hyper-q\"],\n  },\n)",
        )
        .unwrap();
        let mut l = load(Some(&path));
        assert!(l.error.is_none());
        l.reject(&[Invalid {
            field: "keys",
            entry: "quit".into(),
            value: Some("Hyper-q".into()),
            message: "\"Hyper-q\" is not a key".into(),
        }]);
        let e = l.error.unwrap().to_string();
        assert!(e.ends_with("c.ron:4:19: \"Hyper-q\" is not a key"), "{e}");
        assert_eq!(l.config, Config::default(), "the defaults are used");
    }

    #[test]
    fn the_readme_example_parses() {
        let readme = include_str!("../README.md");
        let config = &readme[readme.find("## Config").unwrap()..];
        let start = config.find("```ron\n").unwrap() + "```ron\n".len();
        let end = start + config[start..].find("```").unwrap();
        let c = parse(&config[start..end], "README.md").unwrap();
        assert_eq!(c.theme, ThemeName::Light);
        assert!(c.colors.marker.is_some() && c.colors.weak.is_some() && c.colors.title.is_some());
        assert_eq!(c.keys["open_search"], vec!["/", "Ctrl-f"]);
    }

    #[test]
    fn printed_config_reads_back() {
        let c = parse(
            r#"(theme: mono, colors: {"weak": "on Red bold", "text": "17"},
                keys: {"quit": ["x", "Ctrl-q"]})"#,
            "c",
        )
        .unwrap();
        assert_eq!(parse(&to_ron(&c), "again").unwrap(), c);
    }
}
