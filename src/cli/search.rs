//! `briefbench search`: ranked matches for scripts, answered from a cached index when the
//! brief is large and unchanged.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use briefbench::links::Links;
use briefbench::sanitize::sanitize;
use briefbench::search;

use super::{Format, UserError, open, print_json};

pub fn search(
    path: Option<&Path>,
    query: &str,
    claims: bool,
    limit: usize,
    format: Format,
    use_cache: bool,
) -> Result<ExitCode, UserError> {
    let q = search::Query::parse(query);
    if let Some(e) = q.errors.first() {
        return Err(UserError::Message(e.clone()));
    }
    let index = search_index(path, use_cache)?;
    let scope = if claims {
        search::Scope::Claims
    } else {
        search::Scope::Sources
    };
    let results = index.search(&q, scope, None, limit);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = results
                .hits
                .iter()
                .map(|h| match scope {
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
                })
                .collect();
            print_json(&mut out, &items)?;
        }
        Format::Text => {
            for h in &results.hits {
                match scope {
                    search::Scope::Sources => {
                        let s = index.source_row(h.index);
                        writeln!(
                            out,
                            "[{}] {} {} {} ·{} {}",
                            s.number,
                            sanitize(s.date),
                            s.kind.label(),
                            sanitize(s.lang),
                            s.cites,
                            sanitize(index.field_text(h.index, h.field))
                        )?;
                    }
                    search::Scope::Claims => {
                        let c = index.claim_row(h.index);
                        writeln!(out, "{} {}", sanitize(c.id), sanitize(c.text))?;
                    }
                }
            }
            if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprintln!("{} of {} match", results.total, index.len(scope));
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
fn search_index(path: Option<&Path>, use_cache: bool) -> Result<search::Index, UserError> {
    let cache = use_cache
        .then(search::cache::default_dir)
        .flatten()
        .map(search::cache::Cache::new);
    let large = path
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.is_file() && m.len() >= CACHE_FROM);
    let (Some(p), Some(cache), true) = (path, cache, large) else {
        let loaded = open(path)?;
        return Ok(search::Index::build(
            &loaded.brief,
            &Links::build(&loaded.brief),
        ));
    };
    let content = std::fs::read(p)
        .map_err(|e| UserError::Message(format!("{}: {e}", sanitize(&p.display().to_string()))))?;
    if let Some(index) = cache.load(p, &content) {
        return Ok(index);
    }
    let loaded = open(path)?;
    let index = search::Index::build(&loaded.brief, &Links::build(&loaded.brief));
    // Keyed by the bytes read above: only when the brief did not change while it was being
    // loaded do they describe this index. Best-effort: a cache that cannot be written costs
    // only the next search's time.
    if std::fs::read(p).is_ok_and(|now| now == content) {
        let _ = cache.save(p, &content, &index);
    }
    Ok(index)
}
