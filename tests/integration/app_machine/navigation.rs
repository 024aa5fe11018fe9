//! Moving around: a small terminal, help over overlays, the menu, branches, failed loads, the save name prompt.

use super::*;

#[test]
fn keys_and_clicks_are_ignored_while_the_terminal_is_too_small() {
    let mut app = campaign(3);
    app.update(Msg::Input(Input::Resize(60, 20)));
    for c in ['c', 'q', 'w', '\n', 'u'] {
        assert!(app.update(key(c)).is_empty(), "{c:?} acted unseen");
    }
    let click = Input::Mouse(arenas::tui::input::Mouse {
        button: arenas::tui::input::MouseButton::Left,
        column: 20,
        row: 6,
    });
    app.update(Msg::Input(click));
    assert_eq!(
        turns(&app),
        0,
        "c committed a turn the player could not see"
    );
    assert_eq!((app.overlay, app.play().map(|p| p.row)), (None, Some(0)));
    // Ctrl-C still leaves at once, and keys act again once the terminal is large enough.
    app.update(Msg::Input(Input::Resize(80, 24)));
    app.update(key('c'));
    assert_eq!(turns(&app), 1);
    let ctrl_c = Key::new(KeyCode::Char('c'), arenas::tui::input::Modifiers::CONTROL);
    app.update(Msg::Input(Input::Resize(60, 20)));
    app.update(Msg::Input(Input::Key(ctrl_c)));
    assert!(!app.running);
}

#[test]
fn help_opens_from_every_overlay_and_closes_back_to_it() {
    let mut app = campaign(3);
    app.update(key('c'));
    type IsOpen = fn(Option<Overlay>) -> bool;
    let cases: [(&str, IsOpen); 3] = [
        ("w", |o| matches!(o, Some(Overlay::Why { .. }))),
        ("f", |o| o == Some(Overlay::Forecast)),
        ("b", |o| matches!(o, Some(Overlay::Branch { .. }))),
    ];
    for (open, is_open) in cases {
        for c in open.chars() {
            app.update(key(c));
        }
        assert!(is_open(app.overlay), "{open}: {:?}", app.overlay);
        let before = app.overlay;
        app.update(key('?'));
        assert!(
            matches!(app.overlay, Some(Overlay::Help { .. })),
            "? in {open}"
        );
        app.update(key('\x1b'));
        assert_eq!(app.overlay, before, "Esc from help returns to {open}");
        app.update(key('\x1b'));
        assert_eq!(app.overlay, None);
    }
    // Help opened over no overlay closes to none.
    app.update(key('?'));
    app.update(key('\x1b'));
    assert_eq!(app.overlay, None);
}

#[test]
fn the_menu_returns_to_the_item_left_and_enter_starts_any_listed_scenario() {
    let mut app = App::new(Theme::MONO, "memory".into());
    app.seed = Some(4);
    let listed = || Msg::ScenariosListed {
        entries: vec![arenas::scenario::Entry::bundled(
            arenas::scenario::default_scenario(),
        )],
        folder: None,
    };
    let selected = |app: &App| match app.screen {
        Screen::Menu { selected } => Some(selected),
        _ => None,
    };
    // Scenarios (the third item), then Esc: back on Scenarios.
    app.update(key('j'));
    app.update(key('j'));
    app.update(key('\n'));
    app.update(listed());
    assert!(matches!(app.screen, Screen::Scenarios { start: false, .. }));
    app.update(key('\x1b'));
    assert_eq!(selected(&app), Some(2));
    // New campaign, then Esc: back on New campaign.
    app.update(key('k'));
    app.update(key('k'));
    app.update(key('\n'));
    app.update(key('\x1b'));
    assert_eq!(selected(&app), Some(0));
    // Enter on a scenario in the plain list starts a campaign with it.
    app.update(key('j'));
    app.update(key('j'));
    app.update(key('\n'));
    app.update(listed());
    app.update(key('\n'));
    assert_eq!(app.play().map(|p| p.game.seed), Some(4));
    assert!(matches!(app.screen, Screen::Campaign(_)));
}

#[test]
fn a_branch_offers_to_go_on_in_it() {
    let mut app = campaign(3).with_id_seed(2);
    app.update(key('c'));
    app.update(key('c'));
    let before = app.play().expect("play").campaign.clone();
    app.update(key('b'));
    app.update(key('j'));
    let fx = app.update(key('\n'));
    let [Effect::WriteSave { kind, .. }] = fx.as_slice() else {
        panic!("no branch written: {fx:?}")
    };
    assert_eq!(*kind, SaveKind::Branch { turn: 2 });
    assert_eq!(
        app.overlay, None,
        "nothing is offered before the branch is written"
    );
    app.update(Msg::SaveWritten {
        kind: *kind,
        result: Ok("/some/folder/branch.toml".into()),
    });
    assert_eq!(app.overlay, Some(Overlay::ConfirmBranch));
    assert_eq!(
        status_of(&app),
        "Branched from week 2 into branch.toml.",
        "the status names the file, not the whole path"
    );
    let fx = app.update(key('y'));
    assert!(
        fx.is_empty(),
        "no forecast runs, so none is stopped: {fx:?}"
    );
    let play = app.play().expect("play");
    assert_eq!(play.game.turns.len(), 1, "the branch starts at week 2");
    assert_ne!(play.campaign, before, "the branch is a campaign of its own");
    assert!(matches!(app.screen, Screen::Campaign(_)));
    assert_eq!(
        status_of(&app),
        "Now playing the branch in branch.toml, from week 2."
    );
    // The next commit autosaves the branch under its own campaign.
    let fx = app.update(key('c'));
    let autosave = writes(&fx);
    assert!(
        autosave[0]
            .1
            .ends_with(app.play().expect("play").campaign.as_str()),
        "{autosave:?}"
    );
}

#[test]
fn a_failed_load_names_the_file_and_where_in_it() {
    let mut app = App::new(Theme::MONO, "memory".into());
    app.update(Msg::SavesListed(Vec::new()));
    let problem = arenas::diag::Diagnostic {
        file: "/home/student/saves/broken.toml".into(),
        line: 3,
        column: 7,
        message: "expected a number".into(),
        hint: Some("write the seed as digits".into()),
    };
    app.update(Msg::SaveRead(Err(arenas::diag::Diagnostics(vec![problem]))));
    assert_eq!(
        status_of(&app),
        "Cannot load broken.toml:3:7: error: expected a number — write the seed as digits"
    );
}

#[test]
fn the_save_name_clears_with_ctrl_u_and_loses_a_word_with_ctrl_w() {
    let mut app = campaign(3);
    app.update(key('s'));
    assert_eq!(app.overlay, Some(Overlay::SaveName));
    use arenas::tui::input::Modifiers;
    let ctrl = |c: char| Msg::Input(Input::Key(Key::new(KeyCode::Char(c), Modifiers::CONTROL)));
    let alt = |c: char| {
        let mut m = Modifiers::NONE;
        m.alt = true;
        Msg::Input(Input::Key(Key::new(KeyCode::Char(c), m)))
    };
    app.update(ctrl('w'));
    assert_eq!(app.input, "gaza-2023 seed 3 week ");
    app.update(ctrl('w'));
    assert_eq!(app.input, "gaza-2023 seed 3 ");
    // A key with Ctrl or Alt held is never typed into the name.
    app.update(alt('x'));
    assert_eq!(app.input, "gaza-2023 seed 3 ");
    app.update(ctrl('u'));
    assert_eq!(app.input, "");
    for c in "pair 07".chars() {
        app.update(key(c));
    }
    assert_eq!(app.input, "pair 07");
    assert_eq!(app.overlay, Some(Overlay::SaveName));
}
