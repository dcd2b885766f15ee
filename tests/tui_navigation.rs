//! Navigation through `update`, without a terminal: every key is an action.

mod common;

use briefbench::flags::Mark;
use briefbench::support::Verdict;
use briefbench::tui::action::Action::*;
use briefbench::tui::app::{Overlay, Pane};
use common::{go_to, press, seed_app, status};

#[test]
fn marker_to_source_back_and_forward() {
    let (mut app, _dir) = seed_app();
    let start = go_to(&mut app, "hardware-organization.3");
    // The claim cites [^5]: its only marker is selected and previewed.
    assert_eq!(app.selected_target_number(), Some(5));
    press(&mut app, &[Activate]);
    assert_eq!(app.nav().focus, Pane::Source);
    assert_eq!(app.nav().source, Some(5));
    assert_eq!(app.nav().back.len(), 1);

    // Jump on to another claim that cites [5], from the viewer's "cited by" list.
    press(&mut app, &[Top, Down, Activate]);
    let other = app.nav().at;
    assert_ne!(other, start);
    assert!(app.doc().links().cites_of(other).contains(&5));
    assert_eq!(app.nav().focus, Pane::Claims);
    assert_eq!(
        app.selected_target_number(),
        Some(5),
        "the marker citing [5] is selected"
    );

    press(&mut app, &[Back]);
    assert_eq!((app.nav().focus, app.nav().source), (Pane::Source, Some(5)));
    press(&mut app, &[Back]);
    assert_eq!((app.nav().at, app.nav().focus), (start, Pane::Claims));
    press(&mut app, &[Back]);
    assert_eq!(app.nav().at, start, "nothing further back: stays");
    press(&mut app, &[Forward]);
    assert_eq!((app.nav().focus, app.nav().source), (Pane::Source, Some(5)));
    press(&mut app, &[Forward]);
    assert_eq!(app.nav().at, other);
}

#[test]
fn markers_step_through_a_run_and_wrap() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.2"); // [1],[11],[^12]
    let mut seen = vec![app.selected_target_number().unwrap()];
    for _ in 0..3 {
        press(&mut app, &[NextMarker]);
        seen.push(app.selected_target_number().unwrap());
    }
    assert_eq!(seen, vec![1, 11, 12, 1]);
    press(&mut app, &[PrevMarker]);
    assert_eq!(
        app.nav().source,
        Some(12),
        "the viewer previews the selected marker"
    );
}

#[test]
fn cited_by_lists_every_claim_and_jumps() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "hardware-organization.5"); // [^16]
    press(&mut app, &[Activate]);
    let citing = app.doc().links().cited_by(16).to_vec();
    assert_eq!(citing.len(), 1);
    press(&mut app, &[Activate]);
    assert_eq!(app.nav().at, citing[0]);
}

#[test]
fn sections_move_and_reset_the_claim() {
    let (mut app, _dir) = seed_app();
    briefbench::tui::update::dispatch(
        &mut app,
        briefbench::tui::action::Action::Focus(Pane::Sections),
    );
    press(&mut app, &[Down, Down]);
    assert_eq!(app.nav().at.section, 2);
    assert_eq!(app.nav().at.claim, 0);
    press(&mut app, &[Bottom]);
    assert_eq!(app.nav().at.section, app.doc().brief().sections.len() - 1);
    press(&mut app, &[Top]);
    assert_eq!(app.nav().at.section, 0);
}

#[test]
fn weak_only_and_sort_by_score() {
    use briefbench::model::ClaimRef;
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "data-operations.1");
    let section = app.nav().at.section;
    let all = app.visible(section).len();
    let verdict = |app: &briefbench::tui::app::App, c: usize| {
        app.doc()
            .assessment_of(ClaimRef { section, claim: c })
            .unwrap()
            .verdict
    };
    press(&mut app, &[CycleFilter]);
    let weak = app.visible(section);
    // data-operations.6 and .8 cite nothing: they are uncited, not weak, and hidden.
    let uncited = (0..all)
        .filter(|&c| verdict(&app, c) == Verdict::Uncited)
        .count();
    assert_eq!(uncited, 2);
    assert_eq!(weak.len(), all - uncited);
    assert!(
        weak.iter()
            .all(|&c| matches!(verdict(&app, c), Verdict::Weak | Verdict::Unsupported))
    );
    assert!(weak.contains(&app.nav().at.claim));
    // Weak → uncited → flagged by you → all.
    press(
        &mut app,
        &[CycleFilter, CycleFilter, CycleFilter, SortByScore],
    );
    let shown = app.visible(section);
    assert_eq!(shown.len(), all);
    // Weakest first, and the uncited claims, which have no support to rank, last.
    let cited: Vec<u8> = shown
        .iter()
        .take(all - uncited)
        .map(|&c| {
            app.doc()
                .assessment_of(ClaimRef { section, claim: c })
                .unwrap()
                .score
        })
        .collect();
    assert!(cited.windows(2).all(|w| w[0] <= w[1]), "{cited:?}");
    assert!(
        shown[all - uncited..]
            .iter()
            .all(|&c| verdict(&app, c) == Verdict::Uncited)
    );
}

#[test]
fn flag_cycles_and_note_saves_to_disk() {
    let (mut app, dir) = seed_app();
    go_to(&mut app, "hardware-organization.3");
    press(&mut app, &[CycleFlag, CycleFlag]);
    assert_eq!(
        app.doc()
            .flags()
            .get("hardware-organization.3")
            .unwrap()
            .mark,
        Some(Mark::Disputed)
    );
    press(&mut app, &[EditNote]);
    assert!(matches!(app.ui().overlay, Some(Overlay::Note { .. })));
    for c in "[^5] never names MTIA".chars() {
        press(&mut app, &[Input(c)]);
    }
    press(&mut app, &[Activate]);
    assert!(app.ui().overlay.is_none());
    let status = app.ui().status.clone().unwrap();
    assert!(!status.error, "{}", status.text);
    let on_disk = briefbench::flags::Flags::open(dir.path(), &app.doc().brief().id).unwrap();
    let flag = on_disk.get("hardware-organization.3").unwrap();
    assert_eq!(flag.mark, Some(Mark::Disputed));
    assert_eq!(flag.note, "[^5] never names MTIA");
    press(&mut app, &[Quit]);
    assert!(app.ui().quit);
    let lock_files: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "lock"))
        .collect();
    assert!(lock_files.is_empty(), "left behind: {lock_files:?}");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn escape_cancels_a_note_and_q_types_into_it() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[EditNote, Input('q'), Close]);
    assert!(!app.ui().quit, "q in the editor is text");
    assert!(
        app.doc()
            .flags()
            .get(&app.doc().brief().claim(app.nav().at).unwrap().id.clone())
            .is_none()
    );
}

#[test]
fn search_opens_a_source_and_records_the_jump() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    for c in "maher saba".chars() {
        press(&mut app, &[Input(c)]);
    }
    let Some(Overlay::Search(state)) = &app.ui().overlay else {
        panic!("search is open")
    };
    assert_eq!(state.results.hits.len(), 2);
    press(&mut app, &[Down, Activate]);
    assert!(app.ui().overlay.is_none());
    assert_eq!(app.nav().focus, Pane::Source);
    let second = app.nav().source.unwrap();
    assert!([15, 16].contains(&second));
    // n / N step through the same results in the viewer, and say when they wrap.
    press(&mut app, &[NextResult]);
    assert_ne!(app.nav().source, Some(second));
    assert_eq!(status(&app), "result 1/2 (from the top)");
    press(&mut app, &[Back]);
    assert_eq!(
        app.nav().focus,
        Pane::Claims,
        "back returns to where the search started"
    );
}

/// Leaving the search with Esc keeps its results for Ctrl-n, stepping on from the selected one.
#[test]
fn ctrl_n_after_esc_steps_through_the_search_just_left() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch]);
    for c in "kenya".chars() {
        press(&mut app, &[Input(c)]);
    }
    let Some(Overlay::Search(state)) = &app.ui().overlay else {
        panic!("search is open")
    };
    let hits: Vec<u32> = state
        .results
        .hits
        .iter()
        .map(|h| app.doc().brief().sources[h.index].number)
        .collect();
    assert!(hits.len() >= 3, "{hits:?}");
    press(&mut app, &[Down, Close]);
    assert!(app.ui().overlay.is_none());
    press(&mut app, &[NextResult]);
    assert_eq!(
        app.nav().source,
        Some(hits[2]),
        "the one after the selected result"
    );
    assert_eq!(status(&app), format!("result 3/{}", hits.len()));
    press(&mut app, &[PrevResult]);
    assert_eq!(app.nav().source, Some(hits[1]));
}

#[test]
fn search_claims_and_jump() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[OpenSearch, SearchScope]);
    for c in "MTIA 3".chars() {
        press(&mut app, &[Input(c)]);
    }
    press(&mut app, &[Activate]);
    let id = app.doc().brief().claim(app.nav().at).unwrap().id.clone();
    assert!(
        id.starts_with("hardware-organization")
            || id.starts_with("implications")
            || id.starts_with("takeaways"),
        "{id}"
    );
    assert!(
        app.doc()
            .brief()
            .claim(app.nav().at)
            .unwrap()
            .text
            .contains("MTIA")
    );
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Help]);
    assert!(matches!(app.ui().overlay, Some(Overlay::Help(_))));
    press(&mut app, &[Close]);
    assert!(app.ui().overlay.is_none());
    press(&mut app, &[Quit]);
    assert!(app.ui().quit);
}

#[test]
fn mouse_click_selects_claim_and_marker() {
    let (mut app, _dir) = seed_app();
    // Where `[11]` is, as the screen shows it: drawn at 160x45 and looked for in the
    // buffer, as an analyst's eye would, not asked of the layout code the click goes through.
    // summary.2 cites [1], [11] and [^12]; the claims pane is the left-most to show "[11]".
    press(&mut app, &[Resize(160, 45)]);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap();
    t.draw(|f| briefbench::tui::view::render(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let (col, row) = (0..buf.area.width)
        .flat_map(|x| (0..buf.area.height).map(move |y| (x, y)))
        .find(|&(x, y)| {
            (0..4).all(|i| {
                x + i < buf.area.width && buf[(x + i, y)].symbol() == &"[11]"[i as usize..][..1]
            })
        })
        .expect("[11] is on screen");
    // A click on its second cell, the "1" after the bracket.
    press(&mut app, &[Click { col: col + 1, row }]);
    assert_eq!(
        app.doc().brief().claim(app.nav().at).unwrap().id,
        "summary.2"
    );
    assert_eq!(app.selected_target_number(), Some(11));
    assert_eq!(app.nav().source, Some(11));
    assert_eq!(app.nav().focus, Pane::Claims);
}

/// The action a key gives where the app is, as the event loop maps it.
fn key(app: &briefbench::tui::app::App, c: char) -> briefbench::tui::action::Action {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    app.ui()
        .keymap
        .map_key(
            briefbench::tui::scope(app),
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        )
        .unwrap_or_else(|| panic!("{c} is bound"))
}

#[test]
fn n_is_the_note_and_f_the_flag_from_every_pane() {
    let (mut app, _dir) = seed_app();
    let at = go_to(&mut app, "hardware-organization.3");
    let id = app.doc().brief().claim(at).unwrap().id.clone();
    // From the viewer (where `n` used to step search results), the sections and the Why panel.
    for setup in [&[Activate][..], &[FocusLeft, FocusLeft], &[ToggleWhy]] {
        go_to(&mut app, &id);
        press(&mut app, setup);
        let pane = app.nav().focus;
        let a = key(&app, 'n');
        press(&mut app, &[a]);
        let Some(Overlay::Note { claim_id, .. }) = &app.ui().overlay else {
            panic!("n in {pane:?} opens the note editor, got {a:?}")
        };
        assert_eq!(claim_id, &id, "in {pane:?}");
        press(&mut app, &[Close]);
        assert_eq!(
            app.nav().focus,
            pane,
            "the note leaves the focus where it was"
        );
        let before = app.doc().flags().get(&id).and_then(|f| f.mark);
        let a = key(&app, 'f');
        press(&mut app, &[a]);
        assert_ne!(
            app.doc().flags().get(&id).and_then(|f| f.mark),
            before,
            "f in {pane:?} flags the selected claim"
        );
    }
    // The last search's results step with Ctrl-n / Ctrl-p from any pane.
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    for scope in [
        briefbench::tui::keymap::Scope::Main,
        briefbench::tui::keymap::Scope::Viewer,
    ] {
        assert_eq!(app.ui().keymap.map_key(scope, ctrl('n')), Some(NextResult));
        assert_eq!(app.ui().keymap.map_key(scope, ctrl('p')), Some(PrevResult));
    }
}

/// A brief whose first section's one claim its source states word for word (supported),
/// and whose second section holds a claim its source does not carry.
fn brief_with_a_section_of_no_weak_claims() -> (briefbench::tui::app::App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("bridge.md");
    std::fs::write(
        &md,
        "# Harbour Bridge\n\nDate: 2024-02-01\n\n## Opening\n\n\
         The steel arch bridge across the estuary opened to traffic on 12 May 1931.[1]\n\n\
         ## Design\n\nThe Zeppelin consortium from Lisbon financed the bridge in 1899.[1]\n\n\
         ## References\n\n\
         1. Bridge opens. Eastport Herald, 1931-05-13. https://herald.example/opens\n   \
         > The steel arch bridge across the estuary opened to traffic on 12 May 1931.\n",
    )
    .unwrap();
    let loaded = briefbench::library::open_brief(&md).unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = briefbench::tui::app::App::new(loaded, flags);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(160, 45));
    (app, dir)
}

#[test]
fn with_w_on_a_section_with_no_weak_claims_nothing_acts_on_the_hidden_claim() {
    let (mut app, _dir) = brief_with_a_section_of_no_weak_claims();
    let s = 0;
    let c = app.doc().verdict_counts(s);
    assert_eq!(
        (c.weak, c.unsupported, c.supported),
        (0, 0, 1),
        "{:?}",
        app.doc().brief().sections
    );
    assert!(app.doc().verdict_counts(1).weak + app.doc().verdict_counts(1).unsupported > 0);
    briefbench::tui::update::dispatch(
        &mut app,
        briefbench::tui::action::Action::Focus(Pane::Sections),
    );
    press(&mut app, &[Top]);
    press(&mut app, &[FocusRight, CycleFilter]);
    assert!(app.visible(s).is_empty());
    let hidden = app.doc().brief().claim(app.nav().at).unwrap().id.clone();
    for pane in [Pane::Claims, Pane::Sections, Pane::Source, Pane::Why] {
        briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Focus(pane));
        press(&mut app, &[CycleFlag, EditNote]);
        assert!(app.doc().flags().get(&hidden).is_none(), "f in {pane:?}");
        assert!(app.ui().overlay.is_none(), "n in {pane:?}");
        assert!(status(&app).contains("no claim is shown"));
    }
    briefbench::tui::update::dispatch(
        &mut app,
        briefbench::tui::action::Action::Focus(Pane::Claims),
    );
    let back = app.nav().back.len();
    press(&mut app, &[Activate, NextMarker]);
    assert_eq!(
        app.nav().back.len(),
        back,
        "Enter opens no hidden claim's marker"
    );
    assert_eq!(app.nav().focus, Pane::Claims);
    // The Why panel explains no hidden claim.
    let text = briefbench::tui::view::why_rows(&app, &briefbench::tui::theme::Theme::dark(), 60)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(text, "No claim shown here.");
    press(
        &mut app,
        &[CycleFilter, CycleFilter, CycleFilter, CycleFlag],
    );
    assert!(
        app.doc().flags().get(&hidden).is_some(),
        "shown again, it acts"
    );
}

#[test]
fn a_terminal_too_small_to_draw_changes_nothing() {
    let (mut app, _dir) = seed_app();
    let at = go_to(&mut app, "summary.2");
    let id = app.doc().brief().claim(at).unwrap().id.clone();
    press(&mut app, &[Resize(30, 10)]);
    press(
        &mut app,
        &[CycleFlag, EditNote, Down, CycleFilter, OpenSearch],
    );
    assert!(
        app.doc().flags().get(&id).is_none(),
        "f changed a flag at 30x10"
    );
    assert!(app.ui().overlay.is_none(), "n opened the editor at 30x10");
    assert_eq!(app.nav().at, at);
    assert_eq!(app.nav().filter, briefbench::tui::app::Filter::All);
    press(&mut app, &[Resize(80, 24), CycleFlag]);
    assert!(app.doc().flags().get(&id).is_some());
    press(&mut app, &[Resize(30, 10), Quit]);
    assert!(app.ui().quit, "quitting still works");
}

#[test]
fn enter_on_a_claim_covered_by_its_paragraph_opens_the_covering_source_and_back() {
    let (mut app, _dir) = seed_app();
    // summary.1 has no marker; its paragraph closes with [6],[7],[9],[18] (summary.4).
    let at = go_to(&mut app, "summary.1");
    assert!(app.targets().is_empty());
    press(&mut app, &[Activate]);
    assert_eq!(app.nav().focus, Pane::Source);
    assert_eq!(
        app.nav().source,
        app.doc()
            .links()
            .checked_against(app.doc().links().flat(at))
            .first()
            .copied()
    );
    assert!(app.nav().source.is_some());
    press(&mut app, &[Back]);
    assert_eq!(app.nav().at, at);
    assert_eq!(app.nav().focus, Pane::Claims);
}

#[test]
fn help_scrolls_by_line_page_and_end_and_holds_at_its_last_line() {
    use briefbench::tui::app::Overlay;
    let (mut app, _dir) = seed_app();
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(80, 24));
    let scroll = |app: &briefbench::tui::app::App| match app.ui().overlay {
        Some(Overlay::Help(s)) => s,
        _ => panic!("help is not open"),
    };
    press(&mut app, &[Help, Bottom]);
    let max = scroll(&app);
    assert!(max > 10, "the help is longer than 24 rows: {max}");
    // Past the end it holds, so one step up is one line up.
    press(&mut app, &[Down, Down, Down]);
    assert_eq!(scroll(&app), max);
    press(&mut app, &[Up]);
    assert_eq!(scroll(&app), max - 1);
    press(&mut app, &[Top]);
    assert_eq!(scroll(&app), 0);
    press(&mut app, &[PageDown]);
    assert_eq!(scroll(&app), 18);
    press(&mut app, &[PageUp]);
    assert_eq!(scroll(&app), 0);
}

/// Every weak or unsupported claim of the seed, in reading order.
fn weak_claims(app: &briefbench::tui::app::App) -> Vec<briefbench::model::ClaimRef> {
    app.doc()
        .brief()
        .claims()
        .map(|(at, _)| at)
        .filter(|&at| {
            matches!(
                app.doc().assessment_of(at).unwrap().verdict,
                Verdict::Weak | Verdict::Unsupported
            )
        })
        .collect()
}

#[test]
fn next_weak_walks_every_weak_claim_across_sections_and_wraps() {
    let (mut app, _dir) = seed_app();
    let weak = weak_claims(&app);
    assert_eq!(weak.len(), 44, "7 weak and 37 unsupported in the seed");
    assert!(weak.iter().any(|at| at.section > 0));
    // Start mid-brief on an uncited claim, which is not one of them.
    let start = go_to(&mut app, "product-integration.3");
    assert_eq!(
        app.doc().assessment_of(start).unwrap().verdict,
        Verdict::Uncited
    );
    let after: Vec<_> = weak.iter().filter(|&&at| at > start).copied().collect();
    let before: Vec<_> = weak.iter().filter(|&&at| at < start).copied().collect();
    let mut seen = Vec::new();
    for _ in 0..weak.len() {
        press(&mut app, &[NextWeak]);
        seen.push(app.nav().at);
    }
    let expected: Vec<_> = after.iter().chain(before.iter()).copied().collect();
    assert_eq!(seen, expected, "every weak claim once, in reading order");
    assert!(app.nav().marker.is_some() || app.targets().is_empty());
    assert_eq!(
        app.nav().source,
        app.selected_target_number(),
        "the viewer follows"
    );

    // Wrapping is said; so is where we are.
    let (mut app, _dir) = seed_app();
    let last = app
        .doc()
        .brief()
        .claim(*weak.last().unwrap())
        .unwrap()
        .id
        .clone();
    go_to(&mut app, &last);
    press(&mut app, &[NextWeak]);
    assert_eq!(app.nav().at, weak[0]);
    let said = status(&app);
    assert!(said.contains("1/44") && said.contains("wrapped"), "{said}");
    press(&mut app, &[PrevWeak]);
    assert_eq!(app.nav().at, *weak.last().unwrap(), "back across the start");
    assert!(status(&app).contains("44/44"));
    press(&mut app, &[PrevWeak]);
    assert_eq!(app.nav().at, weak[weak.len() - 2]);

    // A jump: Backspace comes back.
    press(&mut app, &[Back]);
    assert_eq!(app.nav().at, *weak.last().unwrap());
}

#[test]
fn next_weak_follows_the_order_the_claims_pane_shows() {
    let (mut app, _dir) = seed_app();
    // Sorted by score, a section's weak claims come weakest first.
    let at = go_to(&mut app, "data-operations.1");
    press(&mut app, &[SortByScore, Top]);
    let shown: Vec<_> = app
        .visible(at.section)
        .into_iter()
        .filter(|&c| {
            matches!(
                app.doc()
                    .assessment_of(briefbench::model::ClaimRef {
                        section: at.section,
                        claim: c
                    })
                    .unwrap()
                    .verdict,
                Verdict::Weak | Verdict::Unsupported
            )
        })
        .collect();
    assert!(shown.len() >= 3);
    let first = app.nav().at.claim;
    let mut seen = vec![first];
    for _ in 1..shown.len() {
        press(&mut app, &[NextWeak]);
        seen.push(app.nav().at.claim);
    }
    assert_eq!(seen, shown);
    press(&mut app, &[NextWeak]);
    assert_ne!(app.nav().at.section, at.section, "on to the next section");
}

#[test]
fn next_weak_says_so_when_there_is_none() {
    use briefbench::model::{SourceKind, Start};
    use briefbench::store::Loaded;
    let brief = common::brief_of(
        &[
            "Meta opened a lab in Paris [1].",
            "It hired people there [1].",
        ],
        Start::Sentence,
        vec![common::source(
            1,
            SourceKind::News,
            "Meta opened a lab in Paris. It hired people there.",
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let flags = briefbench::flags::Flags::open(dir.path(), "t").unwrap();
    let loaded = Loaded {
        brief,
        name: "t".into(),
        warnings: vec![],
    };
    let mut app = briefbench::tui::app::App::new(loaded, flags);
    briefbench::tui::update::dispatch(&mut app, briefbench::tui::action::Action::Resize(160, 45));
    assert!(weak_claims(&app).is_empty());
    let at = app.nav().at;
    press(&mut app, &[NextWeak]);
    assert_eq!(app.nav().at, at);
    assert!(status(&app).contains("no weak or unsupported claim"),);
}

#[test]
fn w_cycles_weak_uncited_flagged_by_you_and_all() {
    use briefbench::tui::app::Filter;
    let (mut app, _dir) = seed_app();
    let shown = |app: &briefbench::tui::app::App| -> Vec<String> {
        (0..app.doc().brief().sections.len())
            .flat_map(|s| app.visible(s).into_iter().map(move |c| (s, c)))
            .map(|(section, claim)| {
                app.doc()
                    .brief()
                    .claim(briefbench::model::ClaimRef { section, claim })
                    .unwrap()
                    .id
                    .clone()
            })
            .collect()
    };
    assert_eq!(shown(&app).len(), 53);
    // Flag one weak claim and one uncited claim.
    go_to(&mut app, "hardware-organization.5");
    press(&mut app, &[CycleFlag]);
    go_to(&mut app, "data-operations.6");
    press(&mut app, &[CycleFlag]);

    press(&mut app, &[CycleFilter]);
    assert_eq!(app.nav().filter, Filter::Weak);
    assert_eq!(shown(&app).len(), 44);
    assert!(
        app.shown_claim().is_some(),
        "the selection moved to a shown claim"
    );
    press(&mut app, &[CycleFilter]);
    assert_eq!(app.nav().filter, Filter::Uncited);
    assert_eq!(shown(&app).len(), 9);
    assert!(shown(&app).contains(&"data-operations.8".to_string()));
    // Nothing weak is shown: } says so and stays.
    let at = app.nav().at;
    press(&mut app, &[NextWeak]);
    assert_eq!(app.nav().at, at);
    assert!(status(&app).contains("is shown"));
    press(&mut app, &[CycleFilter]);
    assert_eq!(app.nav().filter, Filter::Flagged);
    assert_eq!(
        shown(&app),
        vec!["hardware-organization.5", "data-operations.6"]
    );
    // } skips what the filter hides: only the flagged weak claim, again and again.
    for _ in 0..3 {
        press(&mut app, &[NextWeak]);
        assert_eq!(
            app.doc().brief().claim(app.nav().at).unwrap().id,
            "hardware-organization.5"
        );
    }
    assert!(status(&app).contains("1/1"));
    press(&mut app, &[CycleFilter]);
    assert_eq!(app.nav().filter, Filter::All);
    assert_eq!(shown(&app).len(), 53);
    // A note alone counts as the analyst's mark on a claim, as the header's ⚑ counts it.
    app.flags_mut().set_note("summary.2", "ask the author");
    press(&mut app, &[CycleFilter, CycleFilter, CycleFilter]);
    assert_eq!(app.nav().filter, Filter::Flagged);
    assert!(
        shown(&app).contains(&"summary.2".to_string()),
        "{:?}",
        shown(&app)
    );
    press(&mut app, &[CycleFilter]);
    // A config written when `w` was `weak_only` still binds it.
    assert_eq!(
        briefbench::tui::action::Action::from_name("weak_only"),
        Some(CycleFilter)
    );
}

/// Drawing and clicks read one geometry: scrolled deep into a section, a click on the
/// first words of any claim the screen shows selects that claim.
#[test]
fn a_click_on_any_drawn_claim_selects_it_when_the_pane_is_scrolled() {
    let (mut app, _dir) = seed_app();
    press(&mut app, &[Resize(120, 30)]);
    // The section with the most claims, its last claim selected: the pane is scrolled.
    let section = (0..app.doc().brief().sections.len())
        .max_by_key(|&s| app.doc().brief().sections[s].claims.len())
        .unwrap();
    let last = app.doc().brief().sections[section].claims.len() - 1;
    let id = app.doc().brief().sections[section].claims[last].id.clone();
    go_to(&mut app, &id);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    t.draw(|f| briefbench::tui::view::render(f, &app)).unwrap();
    let rows: Vec<String> = {
        let buf = t.backend().buffer();
        (0..buf.area.height)
            .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    };
    let mut clicked = 0;
    for (c, claim) in app.doc().brief().sections[section]
        .claims
        .clone()
        .iter()
        .enumerate()
    {
        let head: String = claim.text.chars().take(14).collect();
        let Some((row, col)) = rows
            .iter()
            .enumerate()
            .find_map(|(y, r)| r.find(&head).map(|x| (y, r[..x].chars().count())))
        else {
            continue;
        };
        press(
            &mut app,
            &[Click {
                col: col as u16 + 1,
                row: row as u16,
            }],
        );
        assert_eq!(app.nav().at.claim, c, "clicked {:?} on row {row}", claim.id);
        clicked += 1;
        // Back to where the screen was drawn, so the next click meets the same frame.
        go_to(&mut app, &id);
    }
    assert!(clicked >= 2, "only {clicked} claims found on screen");
}

/// A claims search is stepped through as a sources search is: Ctrl-n selects the next
/// claim found, not the sources of an older search.
#[test]
fn ctrl_n_after_a_claims_search_steps_through_its_claims() {
    let (mut app, _dir) = seed_app();
    // An older search of the sources, left with Enter.
    press(&mut app, &[OpenSearch]);
    for c in "kenya".chars() {
        press(&mut app, &[Input(c)]);
    }
    press(&mut app, &[Activate]);
    // Then the claims.
    press(&mut app, &[OpenSearch, SearchScope, ClearLine]);
    for c in "llama".chars() {
        press(&mut app, &[Input(c)]);
    }
    let Some(Overlay::Search(state)) = &app.ui().overlay else {
        panic!("search is open")
    };
    let found: Vec<_> = state
        .results
        .hits
        .iter()
        .map(|h| app.doc().links().at(h.index))
        .collect();
    assert!(found.len() >= 2, "{found:?}");
    press(&mut app, &[Activate]);
    assert_eq!(app.nav().at, found[0]);
    press(&mut app, &[NextResult]);
    assert_eq!(app.nav().at, found[1], "the next claim found");
    assert_eq!(status(&app), format!("result 2/{}", found.len()));
    press(&mut app, &[PrevResult, PrevResult]);
    assert_eq!(app.nav().at, *found.last().unwrap(), "wraps to the last");
}

/// Ctrl-n steps through every result, not only the 200 the popup lists.
#[test]
fn ctrl_n_steps_through_every_result_not_only_those_listed() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = briefbench::store::Loaded {
        brief: briefbench::synth::brief(7, 600, 10, 1),
        name: "synthetic".into(),
        warnings: Vec::new(),
    };
    let flags = briefbench::flags::Flags::open(dir.path(), &loaded.brief.id).unwrap();
    let mut app = briefbench::tui::app::App::new(loaded, flags);
    press(&mut app, &[OpenSearch]);
    for c in "a".chars() {
        press(&mut app, &[Input(c)]);
    }
    let Some(Overlay::Search(state)) = &app.ui().overlay else {
        panic!("search is open")
    };
    let (listed, total) = (state.results.hits.len(), state.results.total);
    assert!(total > listed, "{total} results, {listed} listed");
    press(&mut app, &[Activate, PrevResult]);
    assert_eq!(
        status(&app),
        format!("result {total}/{total} (from the bottom)")
    );
}

/// The viewer of a claim with no marker of its own says Enter opens the source its paragraph
/// closes with: Enter in the viewer does.
#[test]
fn enter_in_the_viewer_opens_the_paragraph_source_it_offers() {
    let (mut app, _dir) = seed_app();
    go_to(&mut app, "summary.1");
    assert_eq!(app.nav().source, None, "no marker of its own");
    press(&mut app, &[FocusRight, Activate]);
    assert_eq!(app.nav().focus, Pane::Source);
    let opened = app.nav().source.expect("a source opened");
    let status = &status(&app);
    assert!(
        status.contains(&format!(
            "[{opened}] is cited at the end of this claim's paragraph"
        )),
        "{status}"
    );
}
