//! Shared helpers for the behaviour tests.
#![allow(dead_code)]

pub mod pty;
pub mod web;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use briefbench::flags::Flags;

/// A folder `briefs` under `root` holding three briefs: the embedded one as `meta.ron` and
/// the `footnotes.md` and `references.md` fixtures. Returns the folder.
pub fn fixture_library(root: &Path) -> std::path::PathBuf {
    let lib = root.join("briefs");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("meta.ron"), briefbench::store::DEFAULT_BRIEF).unwrap();
    for f in ["footnotes.md", "references.md"] {
        std::fs::copy(format!("tests/fixtures/{f}"), lib.join(f)).unwrap();
    }
    lib
}
use briefbench::model::ClaimRef;
use briefbench::store;
use briefbench::tui::action::Action;
use briefbench::tui::app::App;
use briefbench::tui::update::dispatch as update;

/// The workbench on the seed brief, its flags in a fresh temporary directory.
pub fn seed_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let loaded = store::load_default().unwrap();
    let flags = Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(160, 45));
    (app, dir)
}

pub fn press(app: &mut App, actions: &[Action]) {
    for &a in actions {
        update(app, a);
    }
}

/// Selects the claim with this id, as a user would: section by section, then claim by claim.
pub fn go_to(app: &mut App, id: &str) -> ClaimRef {
    let target = app
        .doc()
        .brief()
        .find_claim(id)
        .unwrap_or_else(|| panic!("no claim {id}"));
    briefbench::tui::update::dispatch(
        app,
        briefbench::tui::action::Action::Focus(briefbench::tui::app::Pane::Sections),
    );
    update(app, Action::Top);
    for _ in 0..target.section {
        update(app, Action::Down);
    }
    briefbench::tui::update::dispatch(
        app,
        briefbench::tui::action::Action::Focus(briefbench::tui::app::Pane::Claims),
    );
    update(app, Action::Top);
    while app.nav().at != target {
        let before = app.nav().at;
        update(app, Action::Down);
        assert_ne!(before, app.nav().at, "could not reach {id}");
    }
    target
}

/// The real binary, kept from the user's environment: its data, cache and config in `data`,
/// its home and XDG directories there too, and no `BRIEFBENCH_*` or `NO_COLOR` of the
/// user's. The one way the tests run the binary outside a pseudo terminal.
pub fn bin(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbench"));
    clear_user_env(&mut cmd);
    cmd.env("HOME", data.join("home"))
        .env("XDG_CONFIG_HOME", data.join("home/config"))
        .env("XDG_DATA_HOME", data.join("home/data"))
        .env("XDG_CACHE_HOME", data.join("home/cache"))
        .env("BRIEFBENCH_DATA_DIR", data)
        .env("BRIEFBENCH_CACHE_DIR", data.join("cache"))
        .env("BRIEFBENCH_CONFIG", data.join("config.ron"));
    cmd
}

/// Removes what of the user's environment would change what the binary does: every
/// `BRIEFBENCH_*` and `XDG_*` variable, and `NO_COLOR`.
pub fn clear_user_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let k = key.to_string_lossy();
        if k.starts_with("BRIEFBENCH_") || k.starts_with("XDG_") || k == "NO_COLOR" {
            cmd.env_remove(&key);
        }
    }
}

/// Runs to the end, or fails the test once `patience` is spent (killing the child): a
/// bound on a hang, not a measure of speed.
pub fn run_bounded(cmd: &mut Command, patience: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > patience {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in {patience:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A news source with `text`, dated before the briefs below.
pub fn source(
    number: u32,
    kind: briefbench::model::SourceKind,
    text: &str,
) -> briefbench::model::Source {
    briefbench::model::Source {
        number,
        date: "2026-03-01".into(),
        kind,
        lang: "en".into(),
        url: None,
        outlet: None,
        author: None,
        title: None,
        text: text.into(),
        gloss: None,
        guessed: Default::default(),
    }
}

/// A one-section brief of `claims`, each joined to the one before as `start` says.
pub fn brief_of(
    claims: &[&str],
    start: briefbench::model::Start,
    sources: Vec<briefbench::model::Source>,
) -> briefbench::model::Brief {
    use briefbench::model::{Brief, Claim, Section, SectionKind};
    Brief {
        schema: 1,
        id: "t".into(),
        title: "t".into(),
        date: "2026-03-08".into(),
        guessed: Default::default(),
        subtitle: None,
        summary: None,
        sections: vec![Section {
            id: "s".into(),
            heading: None,
            kind: SectionKind::Body,
            claims: claims
                .iter()
                .enumerate()
                .map(|(i, t)| Claim {
                    id: format!("s.{}", i + 1),
                    start,
                    text: t.to_string(),
                })
                .collect(),
        }],
        sources,
    }
}

/// What the status line says (empty when it says nothing).
pub fn status(app: &App) -> String {
    app.ui()
        .status
        .as_ref()
        .map_or(String::new(), |s| s.text.clone())
}
