//! The search popup: fzf's operators reach the results, the query and scope are kept
//! between openings, the hint names only what applies, the cited column is labelled.

mod common;

use briefbench::search::Scope;
use briefbench::tui::action::Action::*;
use briefbench::tui::app::{App, Overlay};
use briefbench::tui::view;
use common::{press, seed_app};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(app: &mut App, w: u16, h: u16) -> String {
    briefbench::tui::update::dispatch(app, briefbench::tui::action::Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &[Input(c)]);
    }
}

fn state(app: &App) -> &briefbench::tui::search::SearchState {
    match &app.ui().overlay {
        Some(Overlay::Search(s)) => s,
        _ => panic!("the search popup is not open"),
    }
}

#[test]
fn the_query_and_scope_are_kept_between_openings() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    typed(&mut app, "saba maher");
    press(&mut app, &[SearchScope, Close]);
    assert!(app.ui().overlay.is_none());
    press(&mut app, &[OpenSearch]);
    let s = state(&app);
    assert_eq!(s.input.text, "saba maher");
    assert_eq!(s.scope, Scope::Claims);
    assert!(!s.results.hits.is_empty(), "the kept query is run again");
    // Opening a result keeps it too.
    press(&mut app, &[SearchScope, Activate]);
    press(&mut app, &[OpenSearch]);
    assert_eq!(state(&app).input.text, "saba maher");
    assert_eq!(state(&app).scope, Scope::Sources);
}

#[test]
fn operators_in_the_popup() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    typed(&mut app, "'kenya !sama");
    let numbers: Vec<u32> = state(&app)
        .results
        .hits
        .iter()
        .map(|h| app.doc().brief().sources[h.index].number)
        .collect();
    assert_eq!(numbers.len(), 2, "{numbers:?}");
    assert!(!numbers.contains(&18), "{numbers:?}");
}

#[test]
fn the_filter_hint_shows_only_where_filters_apply_and_the_cited_column_is_labelled() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    typed(&mut app, "kenya");
    let sources = screen(&mut app, 150, 42);
    assert!(sources.contains("lang:de"), "{sources}");
    assert!(sources.contains("cited 4"), "{sources}");
    press(&mut app, &[SearchScope]);
    let claims = screen(&mut app, 150, 42);
    assert!(!claims.contains("lang:de"), "{claims}");
    assert!(claims.contains("'exact"), "{claims}");
    // A field filter typed in claims says where it applies.
    press(&mut app, &[ClearLine]);
    typed(&mut app, "lang:de");
    let claims = screen(&mut app, 150, 42);
    assert!(claims.contains("filter sources"), "{claims}");
}

#[test]
fn a_claim_id_finds_its_claim_first() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch, SearchScope]);
    typed(&mut app, "takeaways.3");
    let first = state(&app).results.hits.first().expect("a hit").index;
    let at = app.doc().links().at(first);
    assert_eq!(app.doc().brief().claim(at).unwrap().id, "takeaways.3");
}

#[test]
fn a_claims_search_finds_the_analysts_notes() {
    let (mut app, _dir) = seed_app();
    app.flags_mut()
        .set_note("summary.3", "Recheck the flywheel figure with finance");
    press(&mut app, &[OpenSearch, SearchScope]);
    typed(&mut app, "flywheel finance");
    let ids: Vec<String> = state(&app)
        .results
        .hits
        .iter()
        .map(|h| {
            app.doc()
                .brief()
                .claim(app.doc().links().at(h.index))
                .unwrap()
                .id
                .clone()
        })
        .collect();
    assert!(ids.contains(&"summary.3".to_string()), "{ids:?}");
    let shown = screen(&mut app, 150, 42);
    assert!(shown.contains("note: Recheck the flywheel"), "{shown}");
    // A word the note lacks finds it no more.
    typed(&mut app, " !finance");
    let found = state(&app).results.hits.iter().any(|h| {
        app.doc()
            .brief()
            .claim(app.doc().links().at(h.index))
            .unwrap()
            .id
            == "summary.3"
    });
    assert!(!found);
}

/// An empty result says why: filters that nothing passes are not helped by `~`.
#[test]
fn no_match_says_what_would_help() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    typed(&mut app, "lang:xx");
    assert!(screen(&mut app, 150, 42).contains("No source passes these filters."));
    press(&mut app, &[ClearLine]);
    typed(&mut app, "qqqzzzxxx");
    assert!(screen(&mut app, 150, 42).contains("~ before the query shows loose matches"));
}
