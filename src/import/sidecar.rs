//! A sources sidecar: `BRIEF.sources.jsonl` beside any text brief (`brief.md.sources.jsonl`,
//! or `brief.sources.jsonl`), one JSON object a line with `number` and any of `url`,
//! `title`, `outlet`, `date`, `text`, `author`. It brings any tool's excerpts in: each line
//! fills or replaces what the brief lists under that number, or adds the source. Unknown
//! fields and bad values are errors at the sidecar's `file:line:col`, as in a RON store.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::guess::{date_in_url, guess_kind, guess_lang, host, parse_date, title_from_path};
use super::{ImportError, read_text};
use crate::model::{Brief, Guessed, Source};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    number: u32,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// The sidecar of the brief at `path`, if there is one: any file but a folder, so that a
/// sidecar linked to a device or a pipe is read (and refused at the cap), not skipped.
pub fn path_for(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    [
        format!("{name}.sources.jsonl"),
        format!("{stem}.sources.jsonl"),
    ]
    .into_iter()
    .map(|n| path.with_file_name(n))
    .find(|p| super::is_readable_file(p))
}

/// Merges the sidecar at `sidecar` into the brief's sources.
pub fn merge(brief: &mut Brief, sidecar: &Path) -> Result<(), ImportError> {
    let name = sidecar.display().to_string();
    let text = read_text(sidecar)?;
    for (k, raw) in text.lines().enumerate() {
        let line_no = k + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let err = |col: usize, message: String| ImportError {
            path: name.clone(),
            line: Some(line_no),
            col: Some(col),
            message,
        };
        let col_of = |field: &str| {
            raw.find(&format!("\"{field}\""))
                .map_or(1, |i| raw[..i].chars().count() + 1)
        };
        let l: Line =
            serde_json::from_str(raw).map_err(|e| err(e.column().max(1), e.to_string()))?;
        let date = match &l.date {
            Some(d) => Some(parse_date(d).ok_or_else(|| {
                err(
                    col_of("date"),
                    format!("date {d:?} is not a date like 2026-03-08"),
                )
            })?),
            None => None,
        };
        if l.number == 0 {
            return Err(err(col_of("number"), "source numbers start at 1".into()));
        }
        let i = match brief.source_index(l.number) {
            Some(i) => i,
            None => {
                brief.sources.push(Source {
                    number: l.number,
                    date: Default::default(),
                    kind: crate::model::SourceKind::News,
                    lang: "en".into(),
                    url: None,
                    outlet: None,
                    author: None,
                    title: None,
                    text: String::new(),
                    gloss: None,
                    guessed: [Guessed::Date, Guessed::Lang, Guessed::Kind].into(),
                });
                brief.sources.len() - 1
            }
        };
        let s = &mut brief.sources[i];
        if let Some(u) = l.url {
            if s.outlet.is_none() && l.outlet.is_none() {
                s.outlet = host(&u).map(Into::into);
            }
            if s.is_guessed(Guessed::Date)
                && date.is_none()
                && let Some(d) = date_in_url(&u)
            {
                s.date = d.into();
                s.guessed.remove(&Guessed::Date);
            }
            s.url = Some(u);
        }
        if let Some(t) = l.title {
            s.title = Some(t);
        }
        if let Some(o) = l.outlet {
            s.outlet = Some(o.into());
        }
        if let Some(a) = l.author {
            s.author = Some(a);
        }
        if let Some(d) = date {
            s.date = d.into();
            s.guessed.remove(&Guessed::Date);
        }
        if let Some(t) = l.text {
            s.text = t;
        }
        if s.text.is_empty() {
            s.text = s
                .title
                .clone()
                .or_else(|| s.url.as_deref().and_then(title_from_path))
                .unwrap_or_default();
        }
        // What was guessed is guessed again from what the sidecar gave.
        if s.is_guessed(Guessed::Lang) {
            s.lang = guess_lang(&s.text).into();
        }
        if s.is_guessed(Guessed::Kind) {
            s.kind = guess_kind(&s.text, s.url.as_deref());
        }
    }
    brief.sources.sort_by_key(|s| s.number);
    Ok(())
}
