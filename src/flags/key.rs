//! Which flags file belongs to which brief. Two briefs never share one: a brief read from a
//! file is known by its id and its canonical path (two `report.md` in different folders, or
//! two CJK names that once both became `__`, are two briefs); the embedded brief, which has
//! no path, by its id alone.

use std::path::{Path, PathBuf};

/// A brief's identity, for its flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefKey {
    pub id: String,
    /// The canonical path of the brief's file; `None` for a brief with no file (embedded).
    pub path: Option<PathBuf>,
}

impl BriefKey {
    /// A brief with no file of its own: known by its id.
    pub fn id_only(id: &str) -> BriefKey {
        BriefKey {
            id: id.to_string(),
            path: None,
        }
    }

    /// A brief read from `path`: the path is made canonical (symlinks and `..` resolved) so
    /// every way of naming the file finds the same flags.
    pub fn of_file(id: &str, path: &Path) -> BriefKey {
        let canonical = path
            .canonicalize()
            .or_else(|_| std::path::absolute(path))
            .unwrap_or_else(|_| path.to_path_buf());
        BriefKey {
            id: id.to_string(),
            path: Some(canonical),
        }
    }

    /// The path as the flags file records it, in its `path:` field.
    pub fn path_text(&self) -> Option<String> {
        self.path.as_ref().map(|p| p.to_string_lossy().into_owned())
    }

    /// The flags file's name: a readable stem from the id, and for a brief with a file a
    /// hash of its id and path, so names that read alike never collide.
    pub fn file_name(&self) -> String {
        match &self.path {
            None => legacy_file_name(&self.id),
            Some(p) => {
                let mut bytes = self.id.as_bytes().to_vec();
                bytes.push(0);
                bytes.extend_from_slice(p.as_os_str().as_encoded_bytes());
                format!("{}.{:016x}.flags.ron", stem(&self.id), fnv1a(&bytes))
            }
        }
    }
}

/// The name every brief's flags had before briefs with files were told apart by path: a
/// file being migrated from.
pub fn legacy_file_name(id: &str) -> String {
    format!("{}.flags.ron", stem(id))
}

/// A file name safe on any file system, from a brief id that may hold anything. It need not
/// be unique (the hash is): it is what the analyst reads in a listing.
fn stem(brief_id: &str) -> String {
    let s: String = brief_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if s.is_empty() { "brief".into() } else { s }
}

/// FNV-1a, 64 bits: a hash whose value never changes between builds or Rust versions (the
/// standard library's may), since it names files that must be found again.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn briefs_that_read_alike_get_files_of_their_own() {
        let d = tempfile::tempdir().unwrap();
        let names = ["a/report.md", "b/report.md", "报告.md", "分析.md"];
        let keys: Vec<String> = names
            .iter()
            .map(|n| BriefKey::of_file("report", &d.path().join(n)).file_name())
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(keys[0].starts_with("report."), "{}", keys[0]);
    }

    #[test]
    fn the_hash_is_fixed_across_builds() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_brief_with_no_file_keeps_its_old_name() {
        assert_eq!(
            BriefKey::id_only("meta-ai-strategy").file_name(),
            "meta-ai-strategy.flags.ron"
        );
    }
}
