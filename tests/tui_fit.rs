//! Text wraps, or is cut with an ellipsis that keeps what matters, at the sizes analysts
//! use (80×24 to 200×60); and the layouts at 100×30, 150×42 and 200×60 as snapshots.

mod common;

use briefbench::flags::Flags;
use briefbench::tui::action::Action::*;
use briefbench::tui::app::App;
use briefbench::tui::keymap::describe;
use briefbench::tui::view;
use common::{go_to, press, seed_app};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    briefbench::tui::update::dispatch(app, briefbench::tui::action::Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t
}

/// Columns `x0..x1` of every row as text; the cell a wide character covers is skipped.
fn cols(t: &Terminal<TestBackend>, x0: u16, x1: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = x0;
            while x < x1 {
                let s = buf[(x, y)].symbol();
                row.push_str(s);
                x += s.width().max(1) as u16;
            }
            row
        })
        .collect()
}

fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    let w = t.backend().buffer().area.width;
    cols(t, 0, w)
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_title_is_whole_at_200_columns() {
    let (mut app, _dir) = seed_app();
    let t = draw(&mut app, 200, 60);
    let header = &rows(&t)[0];
    assert!(
        header.contains("Meta's AI strategy: open-source Llama, products, hardware and data"),
        "{header}"
    );
}

#[test]
fn the_header_keeps_the_filter_the_sort_and_the_counts_at_every_size() {
    for (w, h) in [(80, 24), (100, 30), (120, 40), (150, 42), (40, 12)] {
        let (mut app, _dir) = seed_app();
        go_to(&mut app, "summary.2");
        press(&mut app, &[CycleFilter, SortByScore]);
        let t = draw(&mut app, w, h);
        let header = &rows(&t)[0];
        assert!(header.contains("only weak"), "{w}x{h}: {header}");
        if w >= 80 {
            assert!(header.contains("by score"), "{w}x{h}: {header}");
            assert!(header.contains("7 weak"), "{w}x{h}: {header}");
            assert!(header.contains("37 unsup"), "{w}x{h}: {header}");
        }
        if w >= 100 {
            assert!(header.contains("reviewed"), "{w}x{h}: {header}");
        }
    }
}

#[test]
fn the_too_small_notice_says_the_size_it_needs() {
    for (w, h) in [(30, 10), (39, 11), (20, 3)] {
        let (mut app, _dir) = seed_app();
        let t = draw(&mut app, w, h);
        let all = squeeze(&rows(&t).join(" "));
        assert!(all.contains("needs 40x12"), "{w}x{h}: {all}");
    }
}

#[test]
fn help_descriptions_are_whole_at_80x24() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Help]);
    // The help's inside at 80×24: 76 columns centred, less its borders.
    let mut seen = String::new();
    let scroll = |app: &App| match app.ui().overlay {
        Some(briefbench::tui::app::Overlay::Help(s)) => s,
        _ => panic!("the help closed"),
    };
    // Down to its last line, a line at a time.
    loop {
        let t = draw(&mut app, 80, 24);
        for r in &cols(&t, 3, 77)[2..22] {
            seen.push_str(r);
            seen.push(' ');
        }
        let before = scroll(&app);
        press(&mut app, &[Down]);
        if scroll(&app) == before {
            break;
        }
    }
    let seen = squeeze(&seen);
    for b in app.ui().keymap.bindings() {
        let what = describe(b.scope, b.action);
        assert!(seen.contains(what), "{what:?} is cut in the help at 80x24");
    }
}

#[test]
fn the_help_filters_its_lines_as_typed() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Help, OpenSearch]);
    for c in "note".chars() {
        press(&mut app, &[Input(c)]);
    }
    let t = draw(&mut app, 100, 40);
    let text = rows(&t).join("\n");
    assert!(text.contains("filter: note"), "{text}");
    assert!(text.contains("edit your note"), "{text}");
    assert!(!text.contains("next pane"), "{text}");
    assert!(!text.contains("language (ISO 639-1)"), "{text}");
    // Enter keeps the filter and j scrolls again; Esc clears it; the next Esc closes.
    press(&mut app, &[Activate]);
    assert!(app.ui().overlay.is_some());
    let t = draw(&mut app, 100, 40);
    assert!(rows(&t).join("\n").contains("filter: note"));
    press(&mut app, &[Close]);
    let t = draw(&mut app, 100, 40);
    let text = rows(&t).join("\n");
    assert!(
        text.contains("next pane") && !text.contains("filter: note"),
        "{text}"
    );
    press(&mut app, &[Close]);
    assert!(app.ui().overlay.is_none());
    // A filter that matches nothing says so.
    press(
        &mut app,
        &[Help, OpenSearch, Input('z'), Input('q'), Input('x')],
    );
    let t = draw(&mut app, 100, 40);
    assert!(rows(&t).join("\n").contains("nothing matches"));
}

#[test]
fn same_story_and_the_viewer_header_wrap_at_120_and_150() {
    for (w, h) in [(120, 40), (150, 42)] {
        let (mut app, _dir) = seed_app();
        go_to(&mut app, "hardware-organization.5"); // cites [^16], one of a story of six
        press(&mut app, &[Activate]);
        let t = draw(&mut app, w, h);
        // The viewer's columns: from its top-left corner to the right edge.
        let top: Vec<char> = rows(&t)[1].chars().collect();
        let x0 = (0..top.len())
            .find(|&i| top[i..].starts_with(&['┌', ' ', 'S', 'o']))
            .unwrap() as u16;
        let text = squeeze(&cols(&t, x0 + 1, w - 1).join(" "));
        assert!(
            text.contains("Same story as [13] [14] [15] [17] [19] (one independent source)"),
            "{w}x{h}: {text}"
        );
        assert!(text.contains("[16] social · en · 2026-03-03"), "{text}");
    }
}

#[test]
fn a_long_url_breaks_at_its_slashes() {
    let dir = tempfile::tempdir().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/emoji-brief.md");
    let loaded = briefbench::library::open_brief(std::path::Path::new(path)).unwrap();
    let flags = Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    let id = app
        .doc()
        .brief()
        .sections
        .iter()
        .flat_map(|s| &s.claims)
        .find(|c| c.text.contains("offshore workforces"))
        .map(|c| c.id.clone())
        .unwrap();
    go_to(&mut app, &id); // cites [^6], whose URL is long
    press(&mut app, &[Activate]);
    let t = draw(&mut app, 110, 40);
    let url = "https://www.reuters.com/world/africa/kenya-offshore-workforces-2026-02-06/";
    let lines: Vec<String> = rows(&t)
        .iter()
        .filter_map(|r| {
            // The viewer is the right-hand pane: its rows after the last "││".
            let pane = r.rsplit("││").next()?.trim_end_matches('│');
            let v = pane
                .strip_prefix("url     ")
                .or(pane.strip_prefix("        "))?;
            Some(v.trim_end().to_string())
        })
        .filter(|v| !v.is_empty() && url.contains(v.as_str()))
        .collect();
    assert_eq!(lines.concat(), url, "{lines:?}");
    assert!(
        lines.len() > 1,
        "the URL is wider than the viewer: {lines:?}"
    );
    for l in &lines[..lines.len() - 1] {
        assert!(l.ends_with(['/', '-', '.']), "{l:?} breaks inside a word");
    }
}

#[test]
fn the_sections_pane_grows_with_the_terminal() {
    let width_at = |w: u16| {
        let (mut app, _dir) = seed_app();
        let t = draw(&mut app, w, 42);
        let row = &rows(&t)[1];
        row.chars().position(|c| c == '┐').unwrap() + 1
    };
    let (narrow, wide) = (width_at(120), width_at(200));
    assert!(wide > narrow + 10, "{narrow} at 120, {wide} at 200");
    // At 200 a long section title is whole.
    let (mut app, _dir) = seed_app();
    let t = draw(&mut app, 200, 60);
    assert!(
        rows(&t)
            .join("\n")
            .contains("The Open-Source Llama Strategy")
    );
}

#[test]
fn layout_at_100x30_the_middle_layout() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    let t = draw(&mut app, 100, 30);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn layout_at_150x42() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "hardware-organization.5");
    press(&mut app, &[Activate]);
    let t = draw(&mut app, 150, 42);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn layout_at_200x60() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.6");
    let t = draw(&mut app, 200, 60);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn layout_at_80x24_on_the_sections_pane() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[FocusLeft, Down]);
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!(t.backend());
}

/// The footer gives way from its middle: at 80 columns "? help" and "q quit" still show,
/// in every pane, and the first hints stay where they fit.
#[test]
fn the_footer_always_shows_help_and_quit() {
    let (mut app, _dir) = seed_app();
    for pane in [None, Some(FocusLeft), Some(FocusRight)] {
        if let Some(p) = pane {
            press(&mut app, &[p]);
        }
        for (w, h) in [(80, 24), (60, 20), (150, 42)] {
            let t = draw(&mut app, w, h);
            let footer = cols(&t, 0, w)[h as usize - 1].clone();
            assert!(
                footer.contains("? help") && footer.contains("q quit"),
                "{w}x{h}: {footer}"
            );
        }
    }
}
