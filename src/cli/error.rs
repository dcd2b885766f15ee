//! What ends a command before it is done, and the exit code each gives. An expected error
//! (bad input the analyst can fix) is one clear line naming the file, line and column where
//! there is one; a reader that went away is no error at all; anything else is unexpected and
//! reported with its context by color-eyre, once the terminal is restored.

use std::process::ExitCode;

use briefbench::{flags, library, search, store};

/// Exit codes: 0 fine, 1 a check found what --fail-on names, 2 bad input, 3 something
/// failed that is not the input's fault (the terminal, standard output).
pub const EXIT_FOUND: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_FAILED: u8 = 3;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] store::LoadError),
    #[error(transparent)]
    Open(#[from] library::OpenError),
    /// The flags file cannot be read, or is another brief's: it is never overwritten.
    #[error(transparent)]
    Flags(#[from] flags::FlagError),
    #[error("cannot save your flags: {0}")]
    SaveFlags(flags::FlagError),
    #[error(transparent)]
    Query(#[from] search::FilterError),
    /// The workbench was asked for where it cannot draw.
    #[error("{0}")]
    NoTerminal(String),
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// A request that cannot be met as given (a claim that is not in the brief, an output
    /// that is the input).
    #[error("{0}")]
    Refused(String),
    /// The reader went away (`briefbench check | head`): stop quietly, as `cat` does.
    #[error("the reader went away")]
    ClosedPipe,
    /// Not the input's fault: reported in full, with its context.
    #[error(transparent)]
    Unexpected(color_eyre::Report),
}

impl CliError {
    /// The code the process exits with.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }

    fn code(&self) -> u8 {
        match self {
            CliError::ClosedPipe => 0,
            CliError::Unexpected(_) => EXIT_FAILED,
            _ => EXIT_BAD_INPUT,
        }
    }

    /// Whether this is bad input, said in one line (not a closed pipe, not a failure).
    pub fn is_bad_input(&self) -> bool {
        self.code() == EXIT_BAD_INPUT
    }

    /// An unexpected I/O failure, with what was being done when it happened (and, in the
    /// report, where: the caller's location).
    #[track_caller]
    pub fn unexpected(e: std::io::Error, doing: &'static str) -> CliError {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::ClosedPipe,
            _ => CliError::Unexpected(color_eyre::Report::new(e).wrap_err(doing)),
        }
    }
}

/// Output that fails to be written: the reader left (a closed pipe), or standard output
/// failed under us (a full disk, a terminal gone), which is no fault of the input.
impl From<std::io::Error> for CliError {
    #[track_caller]
    fn from(e: std::io::Error) -> Self {
        CliError::unexpected(e, "writing to standard output")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_error_has_its_exit_code() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(CliError::from(pipe).code(), 0);
        let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
        let e = CliError::from(full);
        assert_eq!(e.code(), EXIT_FAILED);
        assert!(format!("{e:?}").contains("writing to standard output"));
        assert!(CliError::Refused("x".into()).is_bad_input());
        assert!(CliError::from(flags::FlagError::NoDataDir).is_bad_input());
    }
}
