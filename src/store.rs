//! Reading and writing the RON store: the embedded default brief, files on disk, and
//! errors that name the file, line and column.

use std::path::Path;

use ron::extensions::Extensions;

use crate::links::Links;
use crate::model::{Brief, SCHEMA_VERSION};
use crate::ron_error::RonError;
use crate::validate::{self, Diagnostic, Severity};

/// The seed brief, built into the binary so the workbench runs with no files beside it.
pub const DEFAULT_BRIEF: &str = include_str!("../data/meta-ai-strategy.ron");
/// How the embedded brief is named in messages.
pub const DEFAULT_NAME: &str = "<embedded>/meta-ai-strategy.ron";
/// Stores larger than this are refused before they are read: a brief is prose, and a file
/// this size is a mistake (or an attack), not a brief.
pub const MAX_STORE_BYTES: u64 = 256 * 1024 * 1024;
/// RON nesting deeper than this is refused (a brief nests five levels).
const MAX_NESTING: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {size} bytes or more is over the limit of {limit} bytes for a brief")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { path: String, offset: usize },
    #[error(transparent)]
    Syntax(#[from] RonError),
    #[error("{path}: {} error(s):\n{}", .errors.len(), render_list(path, .errors))]
    Invalid {
        path: String,
        errors: Vec<Diagnostic>,
    },
    #[error("{path}: {message}")]
    Other { path: String, message: String },
}

fn render_list(path: &str, diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {}", d.display(path)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A brief that loaded, with the warnings it carries.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub brief: Brief,
    /// The name to show for where it came from (a path, or [`DEFAULT_NAME`]).
    pub name: String,
    pub warnings: Vec<Diagnostic>,
}

/// The options every store is read and written with.
pub fn ron_options() -> ron::Options {
    // `implicit_some` lets optional fields be written plainly (`url: "…"`, not `Some("…")`).
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// Loads the embedded seed brief.
pub fn load_default() -> Result<Loaded, LoadError> {
    load_str(DEFAULT_BRIEF, DEFAULT_NAME)
}

/// Reads a file's text, refusing files over the size limit and text that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    // The cap holds on the bytes read, not on what the file says its size is: a device
    // (`/dev/zero`), a pipe (`<(yes)`) or a growing file reports 0 or too little.
    let bytes = match crate::fsio::read_capped(path, MAX_STORE_BYTES).map_err(io)? {
        Ok(b) => b,
        Err(too_large) => {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            return Err(LoadError::TooLarge {
                path: name,
                size: size.max(too_large.limit + 1),
                limit: too_large.limit,
            });
        }
    };
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: name,
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Loads a RON store from disk.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_text(path)?;
    load_str(&text, &path.display().to_string())
}

/// As [`load_path`], with the brief's links: built before the brief is validated, which
/// reads the markers from them, so that they are parsed once.
pub fn load_path_linked(path: &Path) -> Result<(Loaded, Links), LoadError> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let brief = parse_str(&text, &name)?;
    let (diags, links) = validate::validate_and_link(&brief, Some(&text));
    drop(text);
    Ok((judge(brief, diags, &name)?, links))
}

/// As [`load_path`] for a command that shows no warnings (`search`): the brief checked for
/// errors only (its `warnings` come back empty), and `also` of the brief as parsed, worked
/// out meanwhile (for a large store, on another thread): a search index needs no checked
/// brief to be built, only one without errors to be used.
pub fn load_path_with<T: Send>(
    path: &Path,
    also: impl FnOnce(&Brief) -> T + Send,
) -> Result<(Loaded, T), LoadError> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let brief = parse_str(&text, &name)?;
    let (diags, other) = if text.len() < PARALLEL_FROM {
        (validate::errors(&brief, Some(&text)), also(&brief))
    } else {
        std::thread::scope(|s| {
            let checking = s.spawn(|| validate::errors(&brief, Some(&text)));
            let other = also(&brief);
            let diags = checking
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (diags, other)
        })
    };
    Ok((judge(brief, diags, &name)?, other))
}

/// Stores from this size up are validated on a thread of their own in [`load_path_with`].
const PARALLEL_FROM: usize = 1 << 20;

/// Parses and validates a RON store; `name` is used in messages.
pub fn load_str(text: &str, name: &str) -> Result<Loaded, LoadError> {
    let brief = parse_str(text, name)?;
    finish(brief, Some(text), name)
}

/// Validates a brief that was parsed or built elsewhere (e.g. by the importer).
pub fn finish(brief: Brief, text: Option<&str>, name: &str) -> Result<Loaded, LoadError> {
    let diags = validate::validate(&brief, text);
    judge(brief, diags, name)
}

/// The brief loaded, with its warnings, unless its diagnostics hold an error.
fn judge(brief: Brief, diags: Vec<Diagnostic>, name: &str) -> Result<Loaded, LoadError> {
    let (errors, warnings): (Vec<_>, Vec<_>) = diags
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(LoadError::Invalid {
            path: name.to_string(),
            errors,
        });
    }
    Ok(Loaded {
        brief,
        name: name.to_string(),
        warnings,
    })
}

/// Parses RON into a brief, without validation.
pub fn parse_str(text: &str, name: &str) -> Result<Brief, LoadError> {
    // Editors on Windows start UTF-8 files with a byte-order mark; it is no part of the RON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > MAX_STORE_BYTES {
        return Err(LoadError::TooLarge {
            path: name.to_string(),
            size: text.len() as u64,
            limit: MAX_STORE_BYTES,
        });
    }
    // The fast reader reads what stores are written in, or declines; whatever it declines
    // `ron` reads, so every error is `ron`'s, at its line and column.
    let brief: Brief = match fast_read(text) {
        Some(brief) => brief,
        None => ron_options()
            .from_str(text)
            .map_err(|e| RonError::new(name, &e))?,
    };
    if brief.schema != SCHEMA_VERSION {
        return Err(LoadError::Other {
            path: name.to_string(),
            message: format!(
                "schema version {} is not one this build reads (it reads {SCHEMA_VERSION})",
                brief.schema
            ),
        });
    }
    Ok(brief)
}

/// Stores from this size up have their sources read on two threads (see
/// [`crate::ron_fast::from_str_split`]): the parse was a large store's longest stretch on one
/// core.
const SPLIT_FROM: usize = 1 << 20;

/// The brief, read by the fast reader; `None` where it declines (see [`parse_str`]).
fn fast_read(text: &str) -> Option<Brief> {
    let cut = (text.len() >= SPLIT_FROM)
        .then(|| crate::ron_fast::element_start_after(text, text.len() / 2))
        .flatten();
    let Some(cut) = cut else {
        return crate::ron_fast::from_str(text);
    };
    let (mut brief, tail) =
        crate::ron_fast::from_str_split::<Brief, crate::model::Source>(text, "sources", cut)?;
    brief.sources.extend(tail);
    Some(brief)
}

/// The brief as pretty RON, in the form [`load_str`] reads back.
pub fn to_ron_string(brief: &Brief) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .struct_names(false)
        .extensions(Extensions::IMPLICIT_SOME);
    ron_options()
        .to_string_pretty(brief, pretty)
        .expect("a Brief always serializes: it holds only strings, numbers and enums")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_brief_loads() {
        let l = load_default().unwrap();
        assert_eq!(l.brief.sources.len(), 20);
        assert_eq!(l.brief.sections.len(), 7);
    }

    #[test]
    fn typo_in_a_field_names_line_and_column() {
        let text = DEFAULT_BRIEF.replacen("    title:", "    tilte:", 1);
        let err = load_str(&text, "x.ron").unwrap_err();
        let msg = err.to_string();
        let line = text.lines().position(|l| l.contains("tilte:")).unwrap() + 1;
        assert!(msg.starts_with(&format!("x.ron:{line}:")), "{msg}");
        assert!(msg.contains("tilte"), "{msg}");
    }

    #[test]
    fn round_trip_through_ron() {
        let l = load_default().unwrap();
        let text = to_ron_string(&l.brief);
        let again = load_str(&text, "again").unwrap();
        assert_eq!(again.brief, l.brief);
    }

    #[test]
    fn wrong_schema_is_refused() {
        let text = DEFAULT_BRIEF.replacen("schema: 1", "schema: 9", 1);
        let msg = load_str(&text, "x.ron").unwrap_err().to_string();
        assert!(msg.contains("schema version 9"), "{msg}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(100_000);
        assert!(matches!(
            load_str(&text, "deep.ron"),
            Err(LoadError::Syntax(_))
        ));
    }
}
