//! Keys of a day's review: Ctrl-d/Ctrl-u half pages, the note draft Esc keeps, line breaks
//! in a note, and `y`'s menu.

mod common;

use briefbench::tui::action::Action::*;
use briefbench::tui::app::{App, Overlay, Pane};
use common::{go_to, press, seed_app, status};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &[Input(c)]);
    }
}

fn editor_text(app: &App) -> String {
    match &app.ui().overlay {
        Some(Overlay::Note { editor, .. }) => editor.text.clone(),
        _ => panic!("the note editor is not open"),
    }
}

#[test]
fn esc_keeps_the_draft_and_n_brings_it_back() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    press(&mut app, &[EditNote]);
    typed(&mut app, "check [11] again");
    press(&mut app, &[Close]);
    assert!(app.ui().overlay.is_none());
    assert_eq!(
        app.doc().flags().get("summary.2").map(|f| f.note.as_str()),
        None
    );
    assert!(status(&app).contains("draft is kept"));
    // Another claim's note is its own.
    go_to(&mut app, "summary.3");
    press(&mut app, &[EditNote]);
    assert_eq!(editor_text(&app), "");
    press(&mut app, &[Close]);
    go_to(&mut app, "summary.2");
    press(&mut app, &[EditNote]);
    assert_eq!(editor_text(&app), "check [11] again");
    press(&mut app, &[Activate]);
    assert_eq!(
        app.doc().flags().get("summary.2").map(|f| f.note.as_str()),
        Some("check [11] again")
    );
    // Saved: no draft left over it.
    press(&mut app, &[EditNote, ClearLine, Activate, EditNote]);
    assert_eq!(editor_text(&app), "");
}

#[test]
fn alt_enter_breaks_a_line_in_the_note() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    press(&mut app, &[EditNote]);
    typed(&mut app, "first");
    press(&mut app, &[Newline]);
    typed(&mut app, "second");
    press(&mut app, &[Activate]);
    assert_eq!(
        app.doc().flags().get("summary.2").map(|f| f.note.as_str()),
        Some("first\nsecond")
    );
}

#[test]
fn ctrl_d_and_ctrl_u_move_half_a_page() {
    let (mut app, _dir) = seed_app();
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(150, 42));
    // Sections: 7 in a pane of ~19 rows, half a page is more than one.
    briefbench::tui::update::dispatch(
        &mut app,
        briefbench::tui::action::Action::Focus(Pane::Sections),
    );
    press(&mut app, &[Top, HalfPageDown]);
    let down = app.nav().at.section;
    assert!(down > 1, "half a page down went to section {down}");
    press(&mut app, &[HalfPageUp]);
    assert_eq!(app.nav().at.section, 0);
    // The help scrolls by half its page.
    press(&mut app, &[Help, HalfPageDown]);
    let Some(Overlay::Help(scroll)) = app.ui().overlay else {
        panic!("help closed")
    };
    assert!(scroll > 1, "{scroll}");
    press(&mut app, &[HalfPageUp]);
    assert!(matches!(app.ui().overlay, Some(Overlay::Help(0))));
}

#[test]
fn y_then_a_key_copies_or_cancels() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    press(&mut app, &[Copy, Input('i')]);
    assert_eq!(app.take_clipboard().as_deref(), Some("summary.2"));
    press(&mut app, &[Copy, Input('t')]);
    let text = app.take_clipboard().unwrap();
    assert!(text.starts_with("This coherent strategy"), "{text}");
    // Esc or another key copies nothing and leaves the menu.
    press(&mut app, &[Copy, Close]);
    assert!(app.ui().memory.clipboard.is_none() && !app.ui().memory.copy_menu);
    press(&mut app, &[Copy, Input('z')]);
    assert!(app.ui().memory.clipboard.is_none());
    // Source [1], in the viewer, lists no URL: nothing is copied, and that is said.
    press(&mut app, &[Copy, Input('u')]);
    assert!(app.ui().memory.clipboard.is_none());
    assert!(app.ui().status.as_ref().unwrap().error);
}

#[test]
fn a_note_of_two_lines_shows_as_two_lines() {
    use briefbench::tui::view;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    app.flags_mut()
        .set_note("summary.2", "first line\nsecond line");
    let rows = |app: &mut App| {
        briefbench::tui::update::dispatch(app, briefbench::tui::action::Action::Resize(150, 42));
        let mut t = Terminal::new(TestBackend::new(150, 42)).unwrap();
        t.draw(|f| view::render(f, app)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..42)
            .map(|y| (0..150).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
    };
    // In the Why panel, read to its end.
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(150, 42));
    press(&mut app, &[ToggleWhy, Bottom]);
    let shown = rows(&mut app);
    let at = shown
        .iter()
        .position(|r| r.contains("✎ first line"))
        .expect("the note's first line");
    assert!(!shown[at].contains("second line"), "{}", shown[at]);
    assert!(shown[at + 1].contains("second line"), "{}", shown[at + 1]);
    // In the note editor.
    press(&mut app, &[EditNote]);
    let shown = rows(&mut app);
    let at = shown
        .iter()
        .rposition(|r| r.contains("first line"))
        .expect("the editor's first line");
    assert!(!shown[at].contains("second line"), "{}", shown[at]);
    assert!(shown[at + 1].contains("second line"), "{}", shown[at + 1]);
}
