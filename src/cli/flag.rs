//! `briefbench flag`: the analyst's verdict and note on claims, from a script. The same
//! save as the workbench's (locked, merged, atomic), so the two can run side by side.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use briefbench::flags::{self, Flags, Mark};
use briefbench::sanitize::Safe;
use clap::ValueEnum;

use super::{CliError, open};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkArg {
    Weak,
    Disputed,
    Verified,
    NeedsSource,
    /// Clears the verdict.
    None,
}

impl MarkArg {
    fn mark(self) -> Option<Mark> {
        match self {
            MarkArg::Weak => Some(Mark::Weak),
            MarkArg::Disputed => Some(Mark::Disputed),
            MarkArg::Verified => Some(Mark::Verified),
            MarkArg::NeedsSource => Some(Mark::NeedsSource),
            MarkArg::None => None,
        }
    }
}

pub fn flag(
    brief: Option<&Path>,
    claims: &[String],
    mark: Option<MarkArg>,
    note: Option<&str>,
    data_dir: Option<PathBuf>,
) -> Result<ExitCode, CliError> {
    let loaded = open(brief)?;
    if let Some(missing) = claims
        .iter()
        .find(|id| !loaded.brief.claims().any(|(_, c)| &c.id == *id))
    {
        let example = loaded
            .brief
            .claims()
            .next()
            .map_or(String::new(), |(_, c)| format!(" (ids look like {})", c.id));
        return Err(CliError::Refused(format!(
            "{}: no claim {}{}",
            Safe::new(&loaded.name),
            Safe::new(missing),
            Safe::new(&example)
        )));
    }
    let dir = data_dir
        .or_else(briefbench::places::data_dir)
        .ok_or(flags::FlagError::NoDataDir)?;
    let mut flags = Flags::open_key(&dir, &super::brief_key(&loaded.brief.id, brief))?;
    for id in claims {
        if let Some(m) = mark {
            flags.set_mark(id, m.mark());
        }
        if let Some(n) = note {
            flags.set_note(id, n);
        }
    }
    flags.save().map_err(CliError::SaveFlags)?;
    eprintln!(
        "{} flagged; saved to {}",
        briefbench::tui::count(claims.len(), "claim", "claims"),
        Safe::display(&flags.path().display())
    );
    Ok(ExitCode::SUCCESS)
}
