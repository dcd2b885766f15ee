//! The screen as drawn: insta snapshots on ratatui's TestBackend, and every size drawn
//! without a panic.

mod common;

use briefbench::tui::action::Action::*;
use briefbench::tui::app::App;
use briefbench::tui::theme::Theme;
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

/// The screen's rows as text; the cell a wide character covers is skipped.
fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let s = buf[(x, y)].symbol();
                row.push_str(s);
                x += s.width().max(1) as u16;
            }
            row
        })
        .collect()
}

#[test]
fn main_screen_on_the_seed() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    let t = draw(&mut app, 160, 45);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn source_with_cjk_text_keeps_its_borders() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "hardware-organization.3"); // cites [^5], in Chinese
    press(&mut app, &[Activate]);
    let t = draw(&mut app, 120, 40);
    insta::assert_snapshot!(t.backend());
    let text = rows(&t).join("\n");
    assert!(text.contains("晶片"), "the Chinese text is shown");
    assert!(
        text.contains("Translation from zh"),
        "the gloss is labelled"
    );
    // Every body row ends with a border in the last column: nothing wide pushed it.
    let buf = t.backend().buffer();
    for y in 1..39 {
        let s = buf[(119, y)].symbol();
        assert!(["│", "┐", "┘"].contains(&s), "row {y} ends with {s:?}");
    }
}

#[test]
fn source_with_emoji_and_variation_selectors() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "hardware-organization.5"); // cites [^16]: ⚪️ with VS16
    press(&mut app, &[Activate]);
    let t = draw(&mut app, 120, 40);
    insta::assert_snapshot!(t.backend());
    let buf = t.backend().buffer();
    for y in 1..39 {
        assert!(["│", "┐", "┘"].contains(&buf[(119, y)].symbol()), "row {y}");
    }
}

#[test]
fn help_overlay() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Help]);
    let t = draw(&mut app, 100, 50);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn smallest_terminal_40x12() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2");
    let t = draw(&mut app, 40, 12);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn below_the_smallest_a_notice() {
    let (mut app, _dir) = seed_app();
    let t = draw(&mut app, 39, 12);
    let notice = rows(&t).join(" ");
    assert!(notice.contains("needs 40x12"), "{notice}");
    assert!(notice.contains("39x12"), "{notice}");
}

#[test]
fn search_popup() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    for c in "kenya".chars() {
        press(&mut app, &[Input(c)]);
    }
    let t = draw(&mut app, 120, 30);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn every_size_from_1x1_to_200x60_draws() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "hardware-organization.3");
    press(&mut app, &[Activate]);
    let mut t = Terminal::new(TestBackend::new(1, 1)).unwrap();
    for w in 1..=200u16 {
        for h in 1..=60u16 {
            briefbench::tui::update::dispatch(
                &mut app,
                briefbench::tui::action::Action::Resize(w, h),
            );
            t.backend_mut().resize(w, h);
            t.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
            t.draw(|f| view::render(f, &app)).unwrap();
        }
    }
}

#[test]
fn a_large_brief_is_analysed_in_the_background_with_progress() {
    let brief = briefbench::synth::brief(3, 2_000, 6_000, 30);
    let loaded = briefbench::store::finish(brief, None, "synthetic").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new_in_background(loaded, flags);
    assert!(
        app.doc().pending().is_some(),
        "6,000 claims are analysed off the render thread"
    );
    let t = draw(&mut app, 160, 45);
    assert!(rows(&t)[0].contains("analysing ▕"), "{}", rows(&t)[0]);
    // The analysis is an effect the loop runs; its result comes back as a message.
    let mut runner = briefbench::tui::effect::Runner::new();
    runner.run_all(briefbench::tui::update::start(&mut app));
    let msg = runner
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the analysis never arrived");
    assert!(matches!(msg, briefbench::tui::effect::Msg::AnalysisDone(_)));
    runner.run_all(briefbench::tui::update::update(&mut app, msg));
    assert!(app.doc().pending().is_none());
    assert_eq!(app.doc().assessment().claims.len(), 6_000);
    let t = draw(&mut app, 160, 45);
    assert!(rows(&t)[0].contains("weak ·"), "{}", rows(&t)[0]);
}

/// The screen with its emphasis: each row's text, then a row of marks under it, one per
/// cell: `b` bold, `r` reverse, `u` underline, `i` italic, `*` more than one, space none.
fn styled_rows(t: &Terminal<TestBackend>) -> String {
    use ratatui::style::{Color, Modifier};
    let buf = t.backend().buffer();
    let mut out = String::new();
    for (y, text) in rows(t).into_iter().enumerate() {
        let mut marks = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y as u16)];
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "a colour at {x},{y} under NO_COLOR: {cell:?}"
            );
            let m = cell.modifier;
            let flags = [
                (Modifier::BOLD, 'b'),
                (Modifier::REVERSED, 'r'),
                (Modifier::UNDERLINED, 'u'),
                (Modifier::ITALIC, 'i'),
            ];
            let on: Vec<char> = flags
                .iter()
                .filter(|(f, _)| m.contains(*f))
                .map(|(_, c)| *c)
                .collect();
            marks.push(match on.as_slice() {
                [] => ' ',
                [c] => *c,
                _ => '*',
            });
        }
        out.push_str(&text);
        out.push('\n');
        out.push_str(marks.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn no_color_uses_emphasis_only() {
    let (app, _dir) = seed_app();
    let mut app = app.with_theme(Theme::mono());
    go_to(&mut app, "hardware-organization.3");
    press(&mut app, &[NextMarker]);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(120, 30));
    let mut t = Terminal::new(TestBackend::new(120, 30)).unwrap();
    t.draw(|f| view::render(f, &app)).unwrap();
    let styled = styled_rows(&t);
    // The selected claim is reversed, the selected marker reversed and bold, badges bold.
    assert!(styled.contains('r') && styled.contains('*') && styled.contains('b'));
    insta::assert_snapshot!(styled);
}

#[test]
fn the_light_theme_draws_every_style_in_colour() {
    let (app, _dir) = seed_app();
    let mut app = app.with_theme(Theme::light());
    go_to(&mut app, "summary.2");
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(120, 30));
    let mut t = Terminal::new(TestBackend::new(120, 30)).unwrap();
    t.draw(|f| view::render(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let light = Theme::light();
    let colours: std::collections::BTreeSet<String> = buf
        .content()
        .iter()
        .map(|c| format!("{:?}", c.fg))
        .collect();
    // Dark text on the terminal's light background, and the verdict badges in colour.
    assert!(colours.contains(&format!("{:?}", light.text.fg.unwrap())));
    assert!(buf.content().iter().any(|c| Some(c.bg) == light.weak.bg));
    assert!(
        !buf.content()
            .iter()
            .any(|c| Some(c.fg) == Some(ratatui::style::Color::Gray)),
        "no dark-theme grey text"
    );
}

#[test]
fn the_brief_picker_on_a_folder_of_three_briefs() {
    use briefbench::tui::picker::{Outcome, Picker};
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("meta.ron"), briefbench::store::DEFAULT_BRIEF).unwrap();
    for f in ["footnotes.md", "references.md"] {
        std::fs::copy(format!("tests/fixtures/{f}"), d.path().join(f)).unwrap();
    }
    let entries = briefbench::library::scan(d.path()).unwrap();
    let mut picker = Picker::new("~/briefs", entries);
    let mut t = Terminal::new(TestBackend::new(120, 10)).unwrap();
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    insta::assert_snapshot!(t.backend());
    let text = rows(&t).join("\n");
    // The seed's counts, as the analysis gives them (the picker shows what the workbench does).
    let c = {
        let brief = briefbench::store::load_default().unwrap().brief;
        let links = briefbench::links::Links::build(&brief);
        briefbench::support::assess(&brief, &links).counts()
    };
    assert!(
        text.contains("53 claims")
            && text.contains(&format!("{} weak", c.weak))
            && text.contains(&format!("{} unsup", c.unsupported)),
        "{text}"
    );
    for c in "tsmc".chars() {
        picker.update(Input(c));
    }
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    let text = rows(&t).join("\n");
    assert!(text.contains("1 of 3 briefs"), "{text}");
    assert!(text.contains("TSMC Arizona"), "{text}");
    let Outcome::Open(i) = picker.update(Activate) else {
        panic!("Enter opens the brief")
    };
    assert_eq!(picker.entries[i].file_name, "references.md");

    // Tab: the same line searches the sources of every brief.
    picker.update(ClearLine);
    picker.update(SearchScope);
    // The briefs' indexes are built by an effect (in the background, in the loop).
    let effects = picker.take_effects();
    assert!(!effects.is_empty(), "the indexes are asked for");
    briefbench::tui::effect::settle(&mut picker, effects, |p, m| p.handle(m));
    for c in "kenya".chars() {
        picker.update(Input(c));
    }
    t.draw(|f| view::picker::render(f, &picker, &Theme::dark()))
        .unwrap();
    let text = rows(&t).join("\n");
    assert!(text.contains("Sources of every brief"), "{text}");
    let mut numbers: Vec<u32> = picker.source_hits.iter().map(|h| h.number).collect();
    numbers.sort();
    assert_eq!(numbers, vec![8, 9, 18], "the seed's Kenya posts: {text}");
    let Outcome::OpenSource(i, n) = picker.update(Activate) else {
        panic!("Enter opens the source in its brief")
    };
    assert_eq!(picker.entries[i].file_name, "meta.ron");
    assert!([8, 9, 18].contains(&n));
    // Across briefs: "china" is in all three.
    picker.update(ClearLine);
    for c in "china".chars() {
        picker.update(Input(c));
    }
    let briefs: std::collections::BTreeSet<usize> =
        picker.source_hits.iter().map(|h| h.entry).collect();
    assert_eq!(briefs.len(), 3);
    picker.update(ClearLine);
    for c in "kind:blog".chars() {
        picker.update(Input(c));
    }
    assert!(
        picker
            .query_error
            .as_deref()
            .unwrap_or("")
            .contains("kind:blog")
    );
    picker.update(SearchScope);
    assert!(
        picker.query_error.is_none(),
        "filters are the sources' language only"
    );
}

#[test]
fn a_claim_covered_by_its_paragraph_and_its_unsupported_phrase_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let loaded =
        briefbench::library::open_brief(std::path::Path::new("tests/fixtures/wiki-style.md"))
            .unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    // The opening sentence has no marker; the paragraph closes with [1].
    let text = rows(&draw(&mut app, 150, 42)).join("\n");
    assert!(
        text.contains("No marker of its own: checked against [1]"),
        "{text}"
    );
    assert!(text.contains("paragraph-citation"), "{text}");
    // "Olsen had earlier built the smaller Northgate viaduct.": [2] says she built the
    // viaduct, not that it was smaller.
    let viaduct = app
        .doc()
        .brief()
        .claims()
        .find(|(_, c)| c.text.contains("viaduct"))
        .map(|(_, c)| c.id.clone())
        .unwrap();
    go_to(&mut app, &viaduct);
    let text = rows(&draw(&mut app, 150, 42)).join("\n");
    assert!(
        text.contains("not in its sources: “earlier” · “the smaller”"),
        "{text}"
    );
    // In the paragraph that cites nothing, a factual sentence is uncited.
    let coathanger = app
        .doc()
        .brief()
        .claims()
        .find(|(_, c)| c.text.contains("Coathanger"))
        .map(|(_, c)| c.id.clone())
        .unwrap();
    go_to(&mut app, &coathanger);
    let text = rows(&draw(&mut app, 150, 42)).join("\n");
    assert!(text.contains("UNCITED"), "{text}");
    assert!(text.contains("no-citation"), "{text}");
}

/// Where a text line of the Why panel is on the screen, if it is.
fn on_screen(screen: &[String], line: &str) -> bool {
    screen.iter().any(|row| row.contains(line))
}

/// The Why panel's lines as text, wrapped to `width` as the panel wraps them.
fn why_text(app: &App, width: u16) -> Vec<String> {
    view::why_rows(app, &Theme::dark(), width as usize)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn at_80x24_the_why_panel_takes_the_claims_place_and_scrolls_to_its_last_line() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.6");
    let t = draw(&mut app, 80, 24);
    assert!(
        !rows(&t).iter().any(|r| r.contains(" Why")),
        "no room for it under the claims at 80x24"
    );
    // Its key opens it in the claims pane's place, and help lists that key.
    let key = app
        .ui()
        .keymap
        .map_key(
            briefbench::tui::keymap::Scope::Main,
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('i'),
                crossterm::event::KeyModifiers::NONE,
            ),
        )
        .unwrap();
    assert_eq!(key, ToggleWhy);
    press(&mut app, &[ToggleWhy]);
    let t = draw(&mut app, 80, 24);
    insta::assert_snapshot!(t.backend());
    let screen = rows(&t);
    assert!(screen.iter().any(|r| r.contains("┌ Why ")), "{screen:#?}");
    assert!(
        screen.iter().any(|r| r.contains("↓ more")),
        "the panel says it holds more: {screen:#?}"
    );
    // Read it to the end with j: every line of it is on screen at some point, and the
    // position says so.
    let areas = briefbench::tui::layout::areas(&app, ratatui::layout::Rect::new(0, 0, 80, 24));
    let width = briefbench::tui::layout::inner(areas.why.unwrap()).width;
    let all = why_text(&app, width);
    let mut seen = vec![false; all.len()];
    for _ in 0..200 {
        let screen = rows(&draw(&mut app, 80, 24));
        for (i, line) in all.iter().enumerate() {
            seen[i] |= on_screen(&screen, line);
        }
        if !screen.iter().any(|r| r.contains("↓ more")) {
            break;
        }
        press(&mut app, &[Down]);
    }
    let missed: Vec<&String> = all
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(l, _)| l)
        .collect();
    assert!(missed.is_empty(), "never shown: {missed:#?}");
    let last = rows(&draw(&mut app, 80, 24));
    assert!(
        last.iter()
            .any(|r| r.contains(&format!("/{} ↑", all.len()))),
        "at the end, the position shows the last line: {last:#?}"
    );
    // Scrolling past the end does not run away: one k comes back up one line.
    let at_end = app.nav().why_scroll;
    press(&mut app, &[Down, Down, Up]);
    assert_eq!(app.nav().why_scroll, at_end - 1);
    // Esc leaves it for the claims; another claim starts its Why panel at the top.
    press(&mut app, &[Close]);
    assert_eq!(app.nav().focus, briefbench::tui::app::Pane::Claims);
    press(&mut app, &[Up]); // summary.6 is the section's last claim
    assert_eq!(
        app.doc().brief().claim(app.nav().at).unwrap().id,
        "summary.5"
    );
    assert_eq!(app.nav().why_scroll, 0);
}

#[test]
fn at_150x42_the_why_panel_says_it_holds_more_and_the_wheel_scrolls_it() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.6");
    let screen = rows(&draw(&mut app, 150, 42));
    let why_row = screen
        .iter()
        .position(|r| r.contains("┌ Why"))
        .expect("the Why panel under the claims");
    assert!(
        screen[why_row].contains("i to read all"),
        "{}",
        screen[why_row]
    );
    assert!(screen.iter().any(|r| r.contains("↓ more")), "{screen:#?}");
    let areas = briefbench::tui::layout::areas(&app, ratatui::layout::Rect::new(0, 0, 150, 42));
    let why = areas.why.unwrap();
    press(
        &mut app,
        &[ScrollDown {
            col: why.x + 3,
            row: why.y + 3,
        }],
    );
    assert!(app.nav().why_scroll > 0, "the wheel scrolls the Why panel");
    assert_eq!(
        app.nav().focus,
        briefbench::tui::app::Pane::Claims,
        "the wheel does not move the focus"
    );
    let screen = rows(&draw(&mut app, 150, 42));
    assert!(screen.iter().any(|r| r.contains("↑")), "{screen:#?}");
}

#[test]
fn a_section_of_one_claim_says_claim() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("one.md");
    std::fs::write(
        &md,
        "# One\n\nDate: 2024-02-01\n\n## Opening\n\nThe bridge opened on 12 May 1931.[1]\n\n\
         ## Design\n\nThe bridge was designed by Margit Olsen.[1]\n\nIt won a prize.[1]\n\n\
         ## References\n\n1. Bridge opens. Eastport Herald, 1931-05-13.\n   \
         > The bridge opened on 12 May 1931.\n",
    )
    .unwrap();
    let loaded = briefbench::library::open_brief(&md).unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    let text = rows(&draw(&mut app, 150, 42)).join("\n");
    assert!(
        text.contains("1 claim ") && !text.contains("1 claims"),
        "{text}"
    );
    assert!(text.contains("2 claims"), "{text}");
}

#[test]
fn the_claim_search_preview_writes_the_verdict_as_the_why_panel_does() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch, SearchScope]);
    for c in "superintelligence gamble".chars() {
        press(&mut app, &[Input(c)]);
    }
    let text = rows(&draw(&mut app, 150, 42)).join("\n");
    assert!(text.contains("UNSUPPORTED  0/100"), "{text}");
    assert!(!text.contains("unsupported 0"), "{text}");
}

/// A brief of twelve claims citing one long source.
fn brief_with_a_long_source() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("long.md");
    let claims: String = (1..=12)
        .map(|i| format!("The harbour authority reported result number {i}.[1] "))
        .collect();
    let text: String = (1..=40)
        .map(|i| format!("Paragraph sentence {i} of the harbour report. "))
        .collect();
    std::fs::write(
        &md,
        format!(
            "# Harbour\n\nDate: 2024-02-01\n\n## Results\n\n{claims}\n\n## References\n\n\
             1. Harbour report. Eastport Herald, 2024-01-13.\n   > {text}\n"
        ),
    )
    .unwrap();
    let loaded = briefbench::library::open_brief(&md).unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = App::new(loaded, flags);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(100, 30));
    (app, dir)
}

/// The inside of the source viewer at `w`×`h`.
fn source_inner(app: &App, w: u16, h: u16) -> ratatui::layout::Rect {
    let areas = briefbench::tui::layout::areas(app, ratatui::layout::Rect::new(0, 0, w, h));
    briefbench::tui::layout::inner(areas.source.unwrap())
}

/// The viewer's lines as text, wrapped as it draws them.
fn source_text(app: &App, w: u16, h: u16) -> Vec<String> {
    view::source_rows(app, source_inner(app, w, h))
        .lines
        .iter()
        .map(|l| l.to_string().trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_long_source_is_read_to_its_end_by_keys_and_wheel() {
    let (mut app, _dir) = brief_with_a_long_source();
    assert_eq!(app.doc().links().cited_by(1).len(), 12);
    press(&mut app, &[Down, Down, Activate]); // the third claim's [1]
    assert_eq!(app.nav().focus, briefbench::tui::app::Pane::Source);
    let cited_by = app.nav().cited_by;
    let screen = rows(&draw(&mut app, 100, 30));
    // Opened, the viewer starts at its header, not pinned to "Cited by", and says how much
    // more there is.
    assert!(on_screen(&screen, "[1] news"), "{screen:#?}");
    assert!(on_screen(&screen, "↓ more"), "{screen:#?}");
    // j scrolls the text (not the cited-by cursor) until every line has been on screen.
    let all = source_text(&app, 100, 30);
    let mut seen = vec![false; all.len()];
    for _ in 0..300 {
        let screen = rows(&draw(&mut app, 100, 30));
        for (i, line) in all.iter().enumerate() {
            seen[i] |= on_screen(&screen, line.trim_start_matches('▸').trim());
        }
        if !on_screen(&screen, "↓ more") {
            break;
        }
        press(&mut app, &[Down]);
        if app.nav().source_scroll == 1 {
            assert_eq!(app.nav().cited_by, cited_by, "the first j scrolls the text");
        }
    }
    let missed: Vec<&String> = all
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(l, _)| l)
        .collect();
    assert!(missed.is_empty(), "never shown: {missed:#?}");
    let screen = rows(&draw(&mut app, 100, 30));
    let total = view::source_rows(&app, source_inner(&app, 100, 30))
        .lines
        .len();
    assert!(
        on_screen(&screen, &format!("/{total} ↑")),
        "at the end the position shows the last line: {screen:#?}"
    );
    // g goes back to the header; G to the last citing claim, which Enter opens.
    press(&mut app, &[Top]);
    assert_eq!(app.nav().source_scroll, 0);
    assert!(on_screen(&rows(&draw(&mut app, 100, 30)), "[1] news"));
    press(&mut app, &[PageDown]);
    assert!(app.nav().source_scroll > 5, "a page down scrolls a page");
    press(&mut app, &[Bottom]);
    let last = *app.doc().links().cited_by(1).last().unwrap();
    assert_eq!(app.nav().cited_by, 11);
    let screen = rows(&draw(&mut app, 100, 30));
    let last_id = app.doc().brief().claim(last).unwrap().id.clone();
    assert!(
        screen
            .iter()
            .any(|r| r.contains('▸') && r.contains(&last_id)),
        "{screen:#?}"
    );
    // The wheel scrolls the focused viewer, and a selection scrolled out of sight gives way
    // to one in sight.
    let areas = briefbench::tui::layout::areas(&app, ratatui::layout::Rect::new(0, 0, 100, 30));
    let src = areas.source.unwrap();
    let at_end = app.nav().source_scroll;
    for _ in 0..3 {
        press(
            &mut app,
            &[ScrollUp {
                col: src.x + 3,
                row: src.y + 3,
            }],
        );
    }
    assert_eq!(
        app.nav().source_scroll,
        at_end - 9,
        "the wheel scrolls the viewer"
    );
    let screen = rows(&draw(&mut app, 100, 30));
    let sel_id = app
        .doc()
        .brief()
        .claim(app.doc().links().cited_by(1)[app.nav().cited_by])
        .unwrap()
        .id
        .clone();
    assert!(
        screen
            .iter()
            .any(|r| r.contains('▸') && r.contains(&sel_id)),
        "the selected citing claim is on screen: {screen:#?}"
    );
    press(&mut app, &[Activate]);
    assert_eq!(app.doc().brief().claim(app.nav().at).unwrap().id, sel_id);
    assert_eq!(app.nav().focus, briefbench::tui::app::Pane::Claims);
}

#[test]
fn help_says_what_enter_does_in_the_note_editor_and_reaches_its_last_line() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Help]);
    let text = rows(&draw(&mut app, 100, 100)).join("\n");
    assert!(text.contains("save the note"), "{text}");
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(80, 24));
    press(&mut app, &[Bottom]);
    let text = rows(&draw(&mut app, 80, 24)).join("\n");
    assert!(
        text.contains("~text"),
        "the last line shows at the bottom: {text}"
    );
}

#[test]
fn the_header_counts_the_claims_you_have_marked() {
    let (mut app, _dir) = seed_app();
    let t = draw(&mut app, 200, 40);
    assert!(rows(&t)[0].contains("0/53 reviewed"), "{}", rows(&t)[0]);
    press(&mut app, &[CycleFlag, Down, CycleFlag, CycleFlag]);
    let t = draw(&mut app, 200, 40);
    assert!(rows(&t)[0].contains("2/53 reviewed"), "{}", rows(&t)[0]);
    // A note alone is not a verdict; clearing a mark takes the claim off again.
    press(&mut app, &[Down, EditNote, Input('x'), Activate]);
    let t = draw(&mut app, 200, 40);
    assert!(rows(&t)[0].contains("2/53 reviewed"), "{}", rows(&t)[0]);
    press(&mut app, &[Up, CycleFlag, CycleFlag, CycleFlag]);
    let t = draw(&mut app, 200, 40);
    assert!(rows(&t)[0].contains("1/53 reviewed"), "{}", rows(&t)[0]);
}

#[test]
fn the_header_names_the_filter_w_chose() {
    let (mut app, _dir) = seed_app();
    let header = |app: &mut App| rows(&draw(app, 200, 40))[0].clone();
    assert!(!header(&mut app).contains("only"));
    for want in [
        "only weak and unsupported",
        "only uncited",
        "only flagged or noted by you",
    ] {
        press(&mut app, &[CycleFilter]);
        let h = header(&mut app);
        assert!(h.contains(want), "{h}");
    }
    press(&mut app, &[CycleFilter]);
    assert!(!header(&mut app).contains("only"));
}
