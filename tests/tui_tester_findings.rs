//! What a tester found after #16's loop landed (#16, what was left): filters that hide
//! every claim of a section, a scroll kept across a resize, and the picker's rows and title.
//! Each drives `update` (or the picker's) and looks at the screen TestBackend draws.

mod common;

use briefbench::tui::action::Action::*;
use briefbench::tui::app::{App, Pane};
use briefbench::tui::picker::Picker;
use briefbench::tui::theme::Theme;
use briefbench::tui::view;
use common::{go_to, press, seed_app, status};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &mut App, w: u16, h: u16) -> String {
    press(app, &[Resize(w, h)]);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    buffer_text(&t)
}

fn buffer_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `w` to "uncited" on the summary, which has none: no claim shows, so the viewer shows no
/// source, and Enter, `i` and `o` say why they do nothing.
#[test]
fn a_filter_that_hides_every_claim_empties_the_viewer_and_keys_say_why() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2"); // cites [1]: the viewer shows source [1]
    let before = screen(&mut app, 150, 42);
    assert!(before.contains("Source [1]"), "{before}");
    press(&mut app, &[CycleFilter, CycleFilter]);
    let shown = screen(&mut app, 150, 42);
    assert!(shown.contains("only uncited"), "{shown}");
    assert!(
        !shown.contains("Source [1]"),
        "no source of a hidden claim:\n{shown}"
    );
    assert!(!shown.contains("Cited by"), "{shown}");
    assert!(
        shown.contains("No claim is shown in this section"),
        "{shown}"
    );

    // `i` opens no empty panel, and says so.
    press(&mut app, &[ToggleWhy]);
    assert_eq!(app.nav().focus, Pane::Claims);
    assert!(
        status(&app).contains("no claim is shown here"),
        "{}",
        status(&app)
    );

    // In the viewer, Enter and `o` act on nothing, and say so.
    for key in [Activate, OpenUrl] {
        press(&mut app, &[FocusRight]);
        assert_eq!(app.nav().focus, Pane::Source);
        press(&mut app, &[key]);
        assert_eq!(app.nav().focus, Pane::Source, "{key:?} opened nothing");
        assert!(
            status(&app).contains("no claim is shown here"),
            "{key:?}: {}",
            status(&app)
        );
    }

    // Back to every claim: the source comes back.
    press(&mut app, &[CycleFilter, CycleFilter]);
    assert!(screen(&mut app, 150, 42).contains("Source [1]"));
}

/// The Why panel scrolled to its end at one width, then the terminal grows (its reasons
/// wrap to fewer lines): the scroll is held to what the new size can scroll, so the first
/// `k` moves the panel.
#[test]
fn the_why_panel_s_scroll_is_clamped_by_a_resize() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.1");
    screen(&mut app, 150, 42);
    press(&mut app, &[ToggleWhy, Bottom]);
    assert!(
        app.nav().why_scroll > 0,
        "summary.1's reasons scroll at 150x42"
    );
    let wide = screen(&mut app, 220, 42);
    press(&mut app, &[Up]);
    let after_up = screen(&mut app, 220, 42);
    assert_ne!(
        wide, after_up,
        "the first k after the resize scrolls the panel"
    );
}

/// The search across briefs names each source by its title, not only by the field that
/// matched: "reuters" matches the outlet, and the row also says which article it is.
#[test]
fn the_picker_s_source_search_shows_each_source_s_title() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy("tests/fixtures/excerpts.md", d.path().join("excerpts.md")).unwrap();
    let entries = briefbench::library::scan(d.path()).unwrap();
    let mut picker = Picker::new("~/briefs", entries);
    let effects = picker.start();
    briefbench::tui::effect::settle(&mut picker, effects, |p, m| p.handle(m));
    picker.update(SearchScope);
    let effects = picker.take_effects();
    briefbench::tui::effect::settle(&mut picker, effects, |p, m| p.handle(m));
    for c in "reuters".chars() {
        picker.update(Input(c));
    }
    let mut t = Terminal::new(TestBackend::new(150, 12)).unwrap();
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    let text = buffer_text(&t);
    let row = text
        .lines()
        .find(|l| l.contains("[1]"))
        .unwrap_or_else(|| panic!("a hit for [1]:\n{text}"));
    assert!(
        row.contains("Northvolt files for bankruptcy in Sweden"),
        "the title:\n{text}"
    );
    assert!(row.contains("Reuters"), "and what matched:\n{text}");
}

/// The picker's title takes the border's width: a long folder is whole at 80 columns.
#[test]
fn the_picker_s_title_uses_the_whole_border() {
    let folder = "/home/analyst/a-rather-long-folder-name/quarterly-reviews-2026";
    let picker = Picker::new(folder, Vec::new());
    let mut t = Terminal::new(TestBackend::new(80, 10)).unwrap();
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    let top = buffer_text(&t).lines().next().unwrap().to_string();
    assert!(top.contains(folder), "{top}");
    // Where it cannot fit, it is cut with an ellipsis, the border's corners kept.
    let mut t = Terminal::new(TestBackend::new(50, 10)).unwrap();
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    let top = buffer_text(&t).lines().next().unwrap().to_string();
    assert!(top.contains('…') && top.ends_with('┐'), "{top}");
}

/// The search's hint spells its date filters out where there is room for them.
#[test]
fn the_search_hint_is_whole_at_150_columns() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    let text = screen(&mut app, 150, 42);
    assert!(text.contains("before:2026-03-31 cited:0 ~loose"), "{text}");
    assert!(!text.contains("before:…"), "{text}");
}

/// A second tester's finding: at 80×24 the claims pane's empty-filter sentence lost its
/// hint ("w changes the filter"); it wraps instead.
#[test]
fn the_empty_filter_sentence_wraps_at_80x24() {
    let (mut app, _dir) = seed_app();
    // The first section, filtered to uncited claims: it has none.
    press(&mut app, &[CycleFilter, CycleFilter]);
    let text = screen(&mut app, 80, 24);
    // The claims pane's inside, its rows joined: the whole sentence is there.
    let pane = briefbench::tui::layout::areas(&app, ratatui::layout::Rect::new(0, 0, 80, 24))
        .claims
        .expect("a claims pane at 80x24");
    let inside: String = text
        .lines()
        .skip(pane.y as usize + 1)
        .take(pane.height.saturating_sub(2) as usize)
        .map(|l| {
            l.chars()
                .skip(pane.x as usize + 1)
                .take(pane.width.saturating_sub(2) as usize)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        inside.contains("No uncited claims here (w changes the filter)."),
        "{inside}\n{text}"
    );
}
