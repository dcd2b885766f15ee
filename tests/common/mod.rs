//! Shared helpers for the behaviour tests.
#![allow(dead_code)]

pub mod pty;
pub mod web;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use briefbench::flags::Flags;
use briefbench::model::ClaimRef;
use briefbench::store;
use briefbench::tui::action::Action;
use briefbench::tui::app::App;
use briefbench::tui::update::update;

/// The workbench on the seed brief, its flags in a fresh temporary directory.
pub fn seed_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let loaded = store::load_default().unwrap();
    let flags = Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    app.size = (160, 45);
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
        .brief
        .find_claim(id)
        .unwrap_or_else(|| panic!("no claim {id}"));
    app.focus = briefbench::tui::app::Pane::Sections;
    update(app, Action::Top);
    for _ in 0..target.section {
        update(app, Action::Down);
    }
    app.focus = briefbench::tui::app::Pane::Claims;
    update(app, Action::Top);
    while app.at != target {
        let before = app.at;
        update(app, Action::Down);
        assert_ne!(before, app.at, "could not reach {id}");
    }
    target
}

/// The real binary, kept from the user's environment: its data, cache and config in `data`.
pub fn bin(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbench"));
    cmd.env("BRIEFBENCH_DATA_DIR", data)
        .env("BRIEFBENCH_CACHE_DIR", data.join("cache"))
        .env("BRIEFBENCH_CONFIG", data.join("config.ron"))
        .env_remove("NO_COLOR");
    cmd
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
        guessed: vec![],
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
        guessed: vec![],
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
