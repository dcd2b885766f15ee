//! `briefbench DIR`: the brief picker over a folder, then the workbench on the brief picked,
//! then the picker again when the analyst quits it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use briefbench::config;
use briefbench::library;
use briefbench::tui;

use super::{CliError, start_workbench, tui_settings, workbench};

pub fn run(
    dir: &Path,
    settings: &config::Loaded,
    data_dir: Option<PathBuf>,
) -> Result<ExitCode, CliError> {
    // Listed at once; each brief is summarised in the background while the picker runs.
    let paths = library::list(dir).map_err(|source| CliError::Read {
        path: dir.display().to_string(),
        source,
    })?;
    let (theme, keymap, _) = tui_settings(settings);
    let mut picker = tui::picker::Picker::listing(&dir.display().to_string(), paths);
    loop {
        let (i, source) = match tui::pick(&mut picker, &theme, &keymap)? {
            tui::picker::Outcome::Open(i) => (i, None),
            tui::picker::Outcome::OpenSource(i, n) => (i, Some(n)),
            _ => return Ok(ExitCode::SUCCESS),
        };
        let path = picker.entries[i].path.clone();
        match start_workbench(Some(&path), data_dir.as_deref(), || {
            library::open_brief(&path)
        }) {
            Ok(start) => {
                let code = workbench(start, Some(&path), settings, data_dir.clone(), source)?;
                if code != ExitCode::SUCCESS {
                    return Ok(code);
                }
                // The file may have been edited meanwhile: the row is summarised again, in
                // the background, to show it as it is now.
                picker.resummarise(i);
            }
            Err(e) => picker.open_failed(i, std::sync::Arc::new(e)),
        }
        if tui::stopping() {
            return Ok(ExitCode::SUCCESS);
        }
    }
}
