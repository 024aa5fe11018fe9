//! Saves, branches, undo and the autosave, played through the interface.

use super::*;

#[test]
fn saves_undo_branch_load_and_replay() {
    let dir = scratch();
    let mut app = playing(
        Theme::COLOUR,
        dir.clone(),
        arenas::scenario::default_scenario(),
        21,
    );
    press(&mut app, "\n\nc");
    press(&mut app, "c");
    let autosaves = arenas::save::list(&dir);
    assert_eq!(autosaves.len(), 1, "one autosave per campaign");
    assert_eq!(autosaves[0].turn, 3);

    // Save under a name typed in the prompt.
    press(&mut app, "s");
    assert_eq!(app.overlay, Some(Overlay::SaveName));
    let prompt = screen(&mut app, (80, 24));
    assert!(
        prompt.contains("Name of the save:") && prompt.contains("gaza-2023 seed 21 week 3"),
        "{prompt}"
    );
    for _ in 0..40 {
        app.handle_event(&Event::Key(KeyEvent::from(KeyCode::Backspace)));
    }
    press(&mut app, "class A\n");
    let named = dir.join("class-a.toml");
    let saved = arenas::save::load_file(&named).expect("named save loads");
    assert_eq!(saved.name, "class A");
    assert_eq!(saved.game.turns.len(), 2);

    // Undo takes back week 2 and hands its orders back.
    press(&mut app, "u");
    let play = app.play().expect("play");
    assert_eq!(play.game.turns.len(), 1);
    assert_eq!(play.orders, saved.game.turns[1].orders);

    // Branch from the start of week 1 into a new save.
    press(&mut app, "c");
    press(&mut app, "b");
    assert!(matches!(app.overlay, Some(Overlay::Branch { .. })));
    snapshot_both("branch_picker", &mut app);
    press(&mut app, "\n");
    let branch = arenas::save::list(&dir)
        .into_iter()
        .find(|e| e.name.contains("branch from week 1"))
        .expect("branch save");
    assert_eq!(
        arenas::save::load_file(&branch.path)
            .expect("branch loads")
            .game
            .turns
            .len(),
        0
    );

    // The menu's Load lists the saves and resumes one.
    let mut menu = menu(Theme::COLOUR, dir.clone());
    press(&mut menu, "j\n");
    let Screen::Load { entries, .. } = &menu.screen else {
        panic!("no load screen")
    };
    assert_eq!(entries.len(), 3);
    let at = entries
        .iter()
        .position(|e| e.path == named)
        .expect("named save listed");
    for _ in 0..at {
        press(&mut menu, "j");
    }
    press(&mut menu, "\n");
    assert_eq!(menu.play().map(|p| p.game.state().turn), Some(3));

    // Replay steps through the weeks.
    let mut replay = replaying(Theme::COLOUR, dir.clone(), saved.clone());
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(0));
    press(&mut replay, "ll");
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(2));
    snapshot_both("replay_week2", &mut replay);
    press(&mut replay, "h");
    assert_eq!(replay.play().map(|p| p.game.turns.len()), Some(1));
}

#[test]
fn classroom_settings_can_forbid_taking_turns_back() {
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .allow_undo = false;
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 3);
    press(&mut app, "cu");
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(1));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("do not allow"))
    );
    press(&mut app, "b");
    assert_eq!(app.overlay, None);
}

#[test]
fn a_failed_autosave_warns_and_keeps_the_game() {
    let blocked = scratch().join("not-a-folder");
    std::fs::write(&blocked, "a file where the save folder should be").expect("write");
    let mut app = playing(
        Theme::COLOUR,
        blocked.clone(),
        arenas::scenario::default_scenario(),
        3,
    );
    press(&mut app, "c");
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(1));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("autosave failed")),
        "{:?}",
        app.status
    );
    assert_eq!(
        std::fs::read_to_string(&blocked).expect("read"),
        "a file where the save folder should be"
    );
}
