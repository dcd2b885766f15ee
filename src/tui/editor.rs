//! `e`: the claim's note in `$EDITOR` (or `$VISUAL`, else `vi`). The terminal is given back,
//! the editor runs on a temporary file (the path one argument, no shell in between), then
//! the workbench takes the terminal again, redraws, and saves what the file holds.

use std::io;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;

/// Runs the editor if `e` asked for it; the note is saved as the other edits are.
pub fn run_pending(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App,
) -> io::Result<()> {
    let Some(claim_id) = app.ui.memory.external_edit.take() else {
        return Ok(());
    };
    let note = app
        .ui
        .memory
        .note_drafts
        .get(&claim_id)
        .cloned()
        .or_else(|| app.doc.flags().get(&claim_id).map(|f| f.note.clone()))
        .unwrap_or_default();
    let file = TempNote::create(&note)?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    // "code --wait" names a program and its flags: split on spaces, never through a shell;
    // unless the whole value is a file (a path with spaces in it).
    let (program, flags): (&str, Vec<&str>) = if std::path::Path::new(&editor).is_file() {
        (editor.as_str(), Vec::new())
    } else {
        let mut words = editor.split_whitespace();
        (words.next().unwrap_or("vi"), words.collect())
    };
    super::restore();
    let status = Command::new(program).args(flags).arg(file.path()).status();
    super::setup()?;
    super::redraw_all(terminal)?;
    match status {
        Ok(s) if s.success() => {
            let text = crate::store::read_text(file.path())
                .map_err(|e| io::Error::other(e.to_string()))?;
            // Editors end files with a line break; the note does not need it.
            let text = text.trim_end_matches(['\n', '\r']);
            if text == note {
                app.set_status(format!("note on {claim_id} not changed"), false);
            } else {
                super::update::save_note(app, &claim_id, text);
            }
        }
        Ok(s) => app.set_status(
            format!("{program} exited with {s}: the note on {claim_id} is not changed"),
            true,
        ),
        Err(e) => app.set_status(format!("could not run {program}: {e} (set $EDITOR)"), true),
    }
    Ok(())
}

/// The note's temporary file, removed when dropped.
struct TempNote(std::path::PathBuf);

impl TempNote {
    fn create(text: &str) -> io::Result<TempNote> {
        use std::io::Write;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "briefbench-note-{}-{nanos}.txt",
            std::process::id()
        ));
        // create_new: never write through a file (or a link) someone else put there.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        f.write_all(text.as_bytes())?;
        Ok(TempNote(path))
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempNote {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
