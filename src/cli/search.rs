//! `briefbench search`: ranked matches for scripts, answered from a cached index when the
//! brief is large and unchanged.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use briefbench::cache::Key;
use briefbench::library;
use briefbench::links::Links;
use briefbench::sanitize::Safe;
use briefbench::search;

use super::{CliError, Format, open, print_json};

pub fn search(
    path: Option<&Path>,
    query: &str,
    claims: bool,
    limit: usize,
    format: Format,
    use_cache: bool,
    data_dir: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let q = search::Query::parse(query);
    if let Some(e) = q.errors.first() {
        return Err(e.clone().into());
    }
    let scope = if claims {
        search::Scope::Claims
    } else {
        search::Scope::Sources
    };
    // One brief, or every brief in a folder (each hit then says which brief it is from).
    let briefs: Vec<(Option<String>, search::Index)> = match path {
        Some(dir) if library::is_library(dir) => {
            let files = library::list(dir).map_err(|source| CliError::Read {
                path: dir.display().to_string(),
                source,
            })?;
            let mut briefs = Vec::new();
            for file in files {
                let name = file
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                match search_index(Some(&file), use_cache, data_dir) {
                    Ok(index) => briefs.push((Some(name), index)),
                    Err(e) if e.is_bad_input() => {
                        eprintln!("briefbench: skipped {}", Safe::display(&e));
                    }
                    Err(e) => return Err(e),
                }
            }
            briefs
        }
        _ => vec![(None, search_index(path, use_cache, data_dir)?)],
    };
    let mut hits: Vec<(usize, search::Hit)> = Vec::new();
    let (mut total, mut size) = (0, 0);
    for (b, (_, index)) in briefs.iter().enumerate() {
        let results = index.search(&q, scope, None, limit);
        total += results.total;
        size += index.len(scope);
        hits.extend(results.hits.into_iter().map(|h| (b, h)));
    }
    // Across briefs: best score first, then the order of the files.
    hits.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
    hits.truncate(limit);

    let mut out = super::text_out();
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = hits
                .iter()
                .map(|(b, h)| {
                    let (brief, index) = &briefs[*b];
                    let mut v = match scope {
                        search::Scope::Sources => {
                            let s = index.source_row(h.index);
                            serde_json::json!({
                                "number": s.number, "date": s.date, "kind": s.kind.label(), "lang": s.lang,
                                "cited_by": s.cites, "score": h.score, "field": h.field.label(),
                                "text": index.field_text(h.index, search::Field::Text),
                                "positions": h.positions,
                            })
                        }
                        search::Scope::Claims => {
                            let c = index.claim_row(h.index);
                            serde_json::json!({
                                "id": c.id, "section": c.section, "score": h.score,
                                "text": c.text, "positions": h.positions,
                            })
                        }
                    };
                    if let Some(name) = brief {
                        v["brief"] = serde_json::Value::from(name.as_str());
                    }
                    v
                })
                .collect();
            print_json(&mut out, &items)?;
        }
        Format::Text => {
            for (b, h) in &hits {
                let (brief, index) = &briefs[*b];
                if let Some(name) = brief {
                    write!(out, "{}: ", Safe::new(name))?;
                }
                match scope {
                    search::Scope::Sources => {
                        let s = index.source_row(h.index);
                        writeln!(
                            out,
                            "[{}] {} {} {} ·{} {}",
                            s.number,
                            Safe::new(s.date),
                            s.kind.label(),
                            Safe::new(s.lang),
                            s.cites,
                            Safe::new(index.field_text(h.index, h.field))
                        )?;
                    }
                    search::Scope::Claims => {
                        let c = index.claim_row(h.index);
                        writeln!(out, "{} {}", Safe::new(c.id), Safe::new(c.text))?;
                    }
                }
            }
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprintln!("{total} of {size} match");
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Briefs at least this large have their search index cached: below it, loading is
/// faster than reading a cache would save.
const CACHE_FROM: u64 = 1 << 20;

/// The search index of the brief at `path`: from the cache when the brief is large and
/// unchanged since it was cached, otherwise loaded (and checked) in full, then cached.
fn search_index(
    path: Option<&Path>,
    use_cache: bool,
    data_dir: Option<&Path>,
) -> Result<search::Index, CliError> {
    // The index cache is keyed by the brief's bytes, which hold no fetched page: once pages
    // have been fetched, the index is built afresh with their text.
    let fetched = super::fetch::cache(data_dir).is_some_and(|c| c.dir().is_dir());
    let cache = (use_cache && !fetched)
        .then(search::cache::default_dir)
        .flatten()
        .map(search::cache::Cache::new);
    let large = path
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.is_file() && m.len() >= CACHE_FROM)
        // The cache is keyed by the brief's bytes alone: a sidecar's sources are not in them.
        && path.and_then(briefbench::import::sidecar::path_for).is_none();
    let (Some(p), Some(cache), true) = (path, cache, large) else {
        if fetched {
            // The index is of the texts the fetched pages lend, once they are lent.
            let mut loaded = open(path)?;
            super::fetch::lend(&mut loaded, data_dir);
            return Ok(index_of(&loaded.brief));
        }
        return Ok(super::open_with(path, index_of)?.1);
    };
    // The key is hashed as the file is read, a piece at a time; a file that cannot be read
    // that way is read whole, to say why (or, changed meanwhile, to key what it holds now).
    let key = match Key::of_file(p, briefbench::store::MAX_STORE_BYTES) {
        Some(key) => key,
        None => Key::of_content(&read_capped(p)?),
    };
    if let Some(index) = cache.load(p, &key) {
        return Ok(index);
    }
    let (opened, parsed) =
        briefbench::cache::brief::load_witnessed(p, || super::open_with(path, index_of));
    let (_, index) = opened?;
    // Filed under the bytes that were parsed (an editor may have saved the brief since the
    // lookup). Best-effort: a cache that cannot be written costs only the next search's time.
    if let Some(parsed) = parsed {
        let _ = cache.save(p, &parsed, &index);
    }
    Ok(index)
}

/// The search index of a brief (built while a large store is validated, see
/// [`super::open_with`]).
fn index_of(brief: &briefbench::model::Brief) -> search::Index {
    search::Index::build(brief, &Links::build(brief))
}

/// The brief's bytes, for the cache's key, refused past the store's limit as they are read:
/// a file of gigabytes is never read whole only to be refused after.
fn read_capped(p: &Path) -> Result<Vec<u8>, CliError> {
    let path = || p.display().to_string();
    match briefbench::fsio::read_capped(p, briefbench::store::MAX_STORE_BYTES) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(CliError::Refused(format!("{}: {e} for a brief", path()))),
        Err(source) => Err(CliError::Read {
            path: path(),
            source,
        }),
    }
}
