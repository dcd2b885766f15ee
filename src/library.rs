//! A folder of briefs: what the brief picker lists (title, date, how many claims and how
//! many are weak), and what a search across briefs runs over. Each brief keeps its own
//! flags, by its id, as when it is opened alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::import;
use crate::links::Links;
use crate::model::Brief;
use crate::store::{self, Loaded};
use crate::support;

/// What a brief file holds, in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub date: String,
    pub claims: usize,
    pub sources: usize,
    pub weak: usize,
    pub unsupported: usize,
}

/// A brief file in the folder: its summary, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub file_name: String,
    pub summary: Result<Summary, Arc<OpenError>>,
}

/// Why a brief could not be opened: its import failed, or the RON (or the imported brief)
/// did not load. Both name the file, and the line and column where there is one.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Import(#[from] import::ImportError),
    #[error(transparent)]
    Load(#[from] store::LoadError),
    /// Not read yet: the picker lists a folder's files before it summarises them.
    #[error("summarising…")]
    NotYet,
}

/// Whether a path is a brief briefbench reads: a RON store, a Markdown or text brief, or a
/// STORM output folder (one brief, though a folder).
pub fn is_brief_file(path: &Path) -> bool {
    import::is_importable(path)
        || path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

/// Whether `briefbench PATH` opens the picker over the folder: a folder that is not itself
/// one brief (a STORM output folder).
pub fn is_library(path: &Path) -> bool {
    path.is_dir() && import::storm::article(path).is_none()
}

/// The brief files directly in `dir` (not in sub-folders), by name.
pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_brief_file(p))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads a brief from disk, whatever its format: RON is loaded; text and STORM folders are
/// imported, and the import's warnings (located in the input) come first in the loaded
/// brief's warnings, which is how `validate` lists them.
pub fn open_brief(path: &Path) -> Result<Loaded, OpenError> {
    if import::is_text_brief(path) || import::storm::article(path).is_some() {
        let imported = import::import_path(path)?;
        let mut loaded = store::finish(imported.brief, None, &path.display().to_string())?;
        // The store's check finds the same markers with no source, but cannot say where
        // they stand in the text: the import's located warnings replace them.
        loaded.warnings.retain(|w| w.code != "dangling-marker");
        loaded.warnings.splice(0..0, imported.warnings);
        Ok(loaded)
    } else {
        Ok(store::load_path(path)?)
    }
}

/// As [`open_brief`], with the brief's links (for a RON store, built as it is validated:
/// see [`store::load_path_linked`]).
pub fn open_brief_linked(path: &Path) -> Result<(Loaded, Links), OpenError> {
    if import::is_text_brief(path) || import::storm::article(path).is_some() {
        let loaded = open_brief(path)?;
        let links = Links::build(&loaded.brief);
        Ok((loaded, links))
    } else {
        Ok(store::load_path_linked(path)?)
    }
}

/// As [`open_brief`] for a command that shows no warnings, and `also` of the brief: worked
/// out while a RON store is checked for errors (see [`store::load_path_with`]: its warnings
/// are not looked for); after the import, for a text brief.
pub fn open_brief_with<T: Send>(
    path: &Path,
    also: impl FnOnce(&Brief) -> T + Send,
) -> Result<(Loaded, T), OpenError> {
    if import::is_text_brief(path) || import::storm::article(path).is_some() {
        let loaded = open_brief(path)?;
        let other = also(&loaded.brief);
        Ok((loaded, other))
    } else {
        Ok(store::load_path_with(path, also)?)
    }
}

/// Loads and assesses one brief for the picker.
pub fn summarize(path: &Path) -> Entry {
    let summary = open_brief(path).map(|loaded| {
        let brief = &loaded.brief;
        let links = Links::build(brief);
        let counts = support::assess(brief, &links).counts();
        let (weak, unsupported) = (counts.weak, counts.unsupported);
        Summary {
            id: brief.id.clone(),
            title: brief.title.clone(),
            date: brief.date.clone(),
            claims: brief.claim_count(),
            sources: brief.sources.len(),
            weak,
            unsupported,
        }
    });
    let summary = summary.map_err(Arc::new);
    Entry {
        file_name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        path: path.to_path_buf(),
        summary,
    }
}

/// Every brief in `dir`, newest first (then by title); files that cannot be read last,
/// with their reason.
pub fn scan(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = list(dir)?.iter().map(|p| summarize(p)).collect();
    sort(&mut entries);
    Ok(entries)
}

/// The picker's order: newest first (then by title); files that cannot be read last.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| match (&a.summary, &b.summary) {
        (Ok(x), Ok(y)) => y.date.cmp(&x.date).then_with(|| x.title.cmp(&y.title)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.file_name.cmp(&b.file_name),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_the_seed_and_two_imported_briefs() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("meta.ron"), store::DEFAULT_BRIEF).unwrap();
        for f in ["footnotes.md", "references.md"] {
            std::fs::copy(format!("tests/fixtures/{f}"), d.path().join(f)).unwrap();
        }
        std::fs::write(d.path().join("notes.pdf"), "not a brief").unwrap();
        std::fs::write(d.path().join("broken.ron"), "(schema: 1,").unwrap();
        std::fs::create_dir(d.path().join("sub.ron")).unwrap();
        let entries = scan(d.path()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.file_name.as_str()).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(names[3], "broken.ron", "unreadable last");
        let broken = entries[3].summary.as_ref().unwrap_err();
        assert!(
            matches!(**broken, OpenError::Load(store::LoadError::Syntax(_))),
            "{broken}"
        );
        assert!(broken.to_string().contains("broken.ron:"));
        let meta = entries
            .iter()
            .find(|e| e.file_name == "meta.ron")
            .unwrap()
            .summary
            .clone()
            .unwrap();
        assert_eq!(meta.claims, 53);
        assert_eq!(meta.sources, 20);
        assert!(meta.weak + meta.unsupported > 0);
        let ids: Vec<String> = entries[..3]
            .iter()
            .map(|e| e.summary.as_ref().unwrap().id.clone())
            .collect();
        assert!(ids.iter().all(|i| !i.is_empty()));
        assert_eq!(
            ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
            3,
            "three briefs, three ids: flags stay per brief"
        );
    }
}
