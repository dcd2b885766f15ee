//! Shared helpers for the behaviour tests.
#![allow(dead_code)]

pub mod pty;

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
