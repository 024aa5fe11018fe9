//! The interface as a state machine, with no terminal and no file system: a whole campaign
//! played through `update` in a session over an in-memory store, checking the effects each
//! key asks for and what the store holds at the end.

use arenas::forecast::FollowUp;

use arenas::save;

use arenas::tui::app::{
    App, Effect, FORECAST_ROLLOUTS, Msg, Overlay, SaveKind, Screen, WriteError, WriteMode,
};

use arenas::tui::input::{Input, Key, KeyCode};

use arenas::tui::runner::Runner;

use arenas::tui::store::{MemoryStore, Store};

use arenas::tui::theme::Theme;

const SEED: u64 = 11;

fn key(c: char) -> Msg {
    let code = match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\x08' => KeyCode::Backspace,
        c => KeyCode::Char(c),
    };
    Msg::Input(Input::Key(Key::from(code)))
}

/// Presses keys in a session; returns the effects carried out, in order.
fn press(session: &mut Runner<MemoryStore>, keys: &str) -> Vec<Effect> {
    keys.chars().flat_map(|c| session.send(key(c))).collect()
}

/// The writes among effects, as (kind, name).
fn writes(effects: &[Effect]) -> Vec<(SaveKind, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::WriteSave { kind, name, .. } => Some((*kind, name.clone())),
            _ => None,
        })
        .collect()
}

fn status(session: &Runner<MemoryStore>) -> String {
    session
        .app
        .status
        .as_ref()
        .map_or_else(String::new, |s| s.text.clone())
}

#[test]
fn a_whole_campaign_through_update_with_an_in_memory_store() {
    let store = MemoryStore::new();
    let mut app = App::new(Theme::MONO, store.location()).with_id_seed(1);
    app.seed = Some(SEED);
    let mut session = Runner::new(app, store);

    // Load lists the saves; there are none yet.
    let fx = press(&mut session, "j\n");
    assert!(matches!(fx.as_slice(), [Effect::ListSaves]), "{fx:?}");
    assert!(matches!(&session.app.screen, Screen::Load { entries, .. } if entries.is_empty()));
    assert_eq!(status(&session), "No saves yet in memory.");

    // New campaign lists the scenarios, then starts the first with the given seed.
    press(&mut session, "\x1bk");
    let fx = press(&mut session, "\n");
    assert!(matches!(fx.as_slice(), [Effect::ListScenarios]), "{fx:?}");
    assert!(!session.app.scenarios.is_empty());
    assert!(
        press(&mut session, "\n").is_empty(),
        "a given seed needs no clock"
    );
    assert_eq!(session.app.play().map(|p| p.game.seed), Some(SEED));

    // Spread limited pressure: every member but the patron strikes at intensity 1.
    for _ in 0..6 {
        assert!(press(&mut session, "\nj").is_empty(), "editing is pure");
    }

    // f asks for a forecast of the orders on screen; nothing runs until a runner starts it.
    let fx = session.app.update(key('f'));
    let [Effect::StartForecast(request)] = fx.as_slice() else {
        panic!("no forecast asked for: {fx:?}")
    };
    let play = session.app.play().expect("play");
    assert_eq!(request.orders, play.orders);
    assert_eq!(request.state.turn, 1);
    assert_eq!(request.rollouts, FORECAST_ROLLOUTS);
    assert_eq!(request.follow_up, FollowUp::default());
    assert_eq!(session.app.overlay, Some(Overlay::Forecast));
    assert!(session.app.busy());
    session.app.update(key('\x1b'));

    // Each commit autosaves under the campaign's name and id; the first also stops the
    // forecast of the week just played.
    let campaign = session.app.play().expect("play").campaign.clone();
    assert_eq!(campaign, save::Minter::seeded(1).mint());
    let autosave = format!("autosave gaza-2023 seed {SEED} {campaign}");
    let autosave_file = save::file_name(&autosave);
    let fx = press(&mut session, "c");
    assert_eq!(
        writes(&fx),
        [(SaveKind::Autosave { week: 1 }, autosave.clone())]
    );
    assert!(matches!(fx.last(), Some(Effect::CancelForecast)), "{fx:?}");
    assert!(!session.app.busy());
    let fx = press(&mut session, "c");
    assert_eq!(
        writes(&fx),
        [(SaveKind::Autosave { week: 2 }, autosave.clone())]
    );
    assert_eq!(fx.len(), 1);

    // s, a name and Enter save under that name.
    assert!(press(&mut session, "s").is_empty());
    assert_eq!(session.app.overlay, Some(Overlay::SaveName));
    assert_eq!(session.app.input, format!("gaza-2023 seed {SEED} week 3"));
    press(&mut session, &"\x08".repeat(40));
    let fx = press(&mut session, "class A\n");
    assert_eq!(writes(&fx), [(SaveKind::Named, "class A".to_owned())]);
    assert_eq!(fx.len(), 1);
    assert_eq!(status(&session), "Saved to class-a.toml.");

    // b and Enter branch from the start of week 1.
    let fx = press(&mut session, "b\n");
    assert_eq!(
        writes(&fx),
        [(
            SaveKind::Branch { turn: 1 },
            format!("gaza-2023 seed {SEED} branch from week 1")
        )]
    );
    // The branch is offered to go on in; n stays in this campaign.
    assert_eq!(session.app.overlay, Some(Overlay::ConfirmBranch));
    assert!(press(&mut session, "n").is_empty());
    assert_eq!(session.app.overlay, None);
    assert_eq!(session.app.play().map(|p| p.game.turns.len()), Some(2));

    // Commit to the end: one autosave per week, then the debrief.
    let mut week = 2;
    while matches!(session.app.screen, Screen::Campaign(_)) {
        week += 1;
        assert!(week <= 12, "the campaign outlasted its weeks");
        let fx = press(&mut session, "c");
        assert_eq!(
            writes(&fx),
            [(SaveKind::Autosave { week }, autosave.clone())]
        );
    }
    let Screen::Debrief { play, .. } = &session.app.screen else {
        panic!("no debrief")
    };
    let outcome = play.game.state().outcome.expect("the campaign ended");
    assert_eq!(play.game.turns.len(), usize::from(week));

    // q asks first; y quits.
    assert!(press(&mut session, "q").is_empty());
    assert_eq!(session.app.overlay, Some(Overlay::ConfirmQuit));
    let fx = press(&mut session, "y");
    assert!(matches!(fx.as_slice(), [Effect::Quit]), "{fx:?}");
    assert!(!session.running());

    // The store holds the autosave of the finished campaign, the named save and the branch.
    let store = session.store;
    let files: Vec<&str> = store.save_files().collect();
    assert_eq!(
        files,
        [
            autosave_file.as_str(),
            "class-a.toml",
            "gaza-2023-seed-11-branch-from-week-1.toml"
        ]
    );
    let turns = |file: &str| {
        let text = store.save_text(file).expect("saved");
        save::parse(file, text).expect("the save loads").game
    };
    let last = turns(&autosave_file);
    assert_eq!(last.turns.len(), usize::from(week));
    assert_eq!(last.state().outcome, Some(outcome));
    assert_eq!(turns("class-a.toml").turns.len(), 2);
    assert_eq!(
        turns("gaza-2023-seed-11-branch-from-week-1.toml")
            .turns
            .len(),
        0
    );

    // Another session over the same store lists the saves, newest first, and resumes one.
    let mut session = Runner::new(App::new(Theme::MONO, store.location()), store);
    let fx = press(&mut session, "j\n");
    assert!(matches!(fx.as_slice(), [Effect::ListSaves]), "{fx:?}");
    let Screen::Load { entries, .. } = &session.app.screen else {
        panic!("no load screen")
    };
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            autosave.as_str(),
            &format!("gaza-2023 seed {SEED} branch from week 1"),
            "class A"
        ]
    );
    assert_eq!(entries[0].outcome, Some(outcome));
    let fx = press(&mut session, "jj\n");
    assert!(
        matches!(fx.as_slice(), [Effect::ReadSave(e)] if e.name == "class A"),
        "{fx:?}"
    );
    assert_eq!(session.app.play().map(|p| p.game.state().turn), Some(3));
    assert_eq!(status(&session), "Resumed at week 3.");
}

#[test]
fn without_a_seed_the_clock_picks_one() {
    let mut app = App::new(Theme::MONO, "memory".into());
    app.update(Msg::ScenariosListed {
        entries: vec![arenas::scenario::Entry::bundled(
            arenas::scenario::default_scenario(),
        )],
        folder: None,
    });
    assert!(matches!(
        app.update(key('\n')).as_slice(),
        [Effect::ListScenarios]
    ));
    assert!(matches!(
        app.update(key('\n')).as_slice(),
        [Effect::ReadClock]
    ));
    assert!(app.play().is_none(), "the campaign waits for the clock");
    let effects = app.update(Msg::Clock(std::time::Duration::from_nanos(5_000_042)));
    assert!(effects.is_empty());
    assert_eq!(app.play().map(|p| p.game.seed), Some(42));
}

#[test]
fn ctrl_c_quits_at_once_and_a_failed_write_warns() {
    let mut app = App::playing(
        Theme::MONO,
        "memory".into(),
        arenas::scenario::default_scenario(),
        3,
    );
    let fx = app.update(key('c'));
    let [Effect::WriteSave { kind, .. }] = fx.as_slice() else {
        panic!("no autosave: {fx:?}")
    };
    app.update(Msg::SaveWritten {
        kind: *kind,
        result: Err(WriteError::Failed("disk full".into())),
    });
    let status = app.status.clone().expect("status");
    assert!(status.warning);
    assert_eq!(
        status.text,
        "Week 1 resolved, but the autosave failed: disk full. Press s to save by hand."
    );

    let ctrl_c = Key::new(KeyCode::Char('c'), arenas::tui::input::Modifiers::CONTROL);
    let fx = app.update(Msg::Input(Input::Key(ctrl_c)));
    assert!(matches!(fx.as_slice(), [Effect::Quit]), "{fx:?}");
    assert!(!app.running);
    assert_eq!(app.play().map(|p| p.game.turns.len()), Some(1));
}

#[test]
fn autosaves_continue_then_replace_and_named_saves_ask_before_replacing() {
    let mut app = App::playing(
        Theme::MONO,
        "memory".into(),
        arenas::scenario::default_scenario(),
        3,
    )
    .with_id_seed(8);
    let modes = |fx: &[Effect]| -> Vec<WriteMode> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::WriteSave { mode, .. } => Some(*mode),
                _ => None,
            })
            .collect()
    };
    // Until this session has written the autosave, it replaces only its own campaign's.
    let fx = app.update(key('c'));
    assert_eq!(modes(&fx), [WriteMode::Continue]);
    app.update(Msg::SaveWritten {
        kind: SaveKind::Autosave { week: 1 },
        result: Ok("a.toml".into()),
    });
    assert_eq!(modes(&app.update(key('c'))), [WriteMode::Replace]);
    // Another game took the file: the campaign moves to a new id and writes anew.
    let before = app.play().expect("play").campaign.clone();
    let fx = app.update(Msg::SaveWritten {
        kind: SaveKind::Autosave { week: 2 },
        result: Err(WriteError::Taken {
            at: "a.toml".into(),
        }),
    });
    let after = app.play().expect("play").campaign.clone();
    assert_ne!(before, after);
    let [Effect::WriteSave { name, mode, .. }] = fx.as_slice() else {
        panic!("no new autosave: {fx:?}")
    };
    assert!(name.ends_with(after.as_str()), "{name}");
    assert_eq!(*mode, WriteMode::Continue);
    // A named save is new; a file in the way asks, and yes replaces it.
    app.update(key('s'));
    let fx = app.update(key('\n'));
    assert_eq!(modes(&fx), [WriteMode::New]);
    app.update(Msg::SaveWritten {
        kind: SaveKind::Named,
        result: Err(WriteError::Exists {
            at: "x.toml".into(),
        }),
    });
    assert_eq!(app.overlay, Some(Overlay::ConfirmReplace));
    assert_eq!(modes(&app.update(key('y'))), [WriteMode::Replace]);
    assert_eq!(app.overlay, None);
    assert!(app.pending.is_none());
}

fn campaign(seed: u64) -> App {
    App::playing(
        Theme::MONO,
        "memory".into(),
        arenas::scenario::default_scenario(),
        seed,
    )
}

fn turns(app: &App) -> usize {
    app.play().map_or(0, |p| p.game.turns.len())
}

fn status_of(app: &App) -> String {
    app.status
        .as_ref()
        .map_or_else(String::new, |s| s.text.clone())
}

// ---------------------------------------------------------------- forecast modes, predictions

use arenas::classwork::{ClassSettings, Prediction, Question};

use arenas::engine::ForecastMode;

/// A campaign in a session over an in-memory store, under the class's `settings`.
fn class_session(settings: ClassSettings, seed: u64) -> Runner<MemoryStore> {
    let store = MemoryStore::new();
    let app = App::playing(
        Theme::MONO,
        store.location(),
        arenas::scenario::default_scenario(),
        seed,
    )
    .with_class(settings);
    Runner::new(app, store)
}

/// The forecasts asked for among effects.
fn forecasts(effects: &[Effect]) -> Vec<&arenas::forecast::Request> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StartForecast(r) => Some(&**r),
            _ => None,
        })
        .collect()
}

/// The kinds of some effects, for messages.
fn kinds(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .map(|e| match e {
            Effect::StartForecast(_) => "start forecast",
            Effect::CancelForecast => "cancel forecast",
            Effect::WriteSave { .. } => "write save",
            Effect::Quit => "quit",
            _ => "other",
        })
        .collect()
}

/// The campaign's autosave, loaded from the store.
fn autosaved(session: &Runner<MemoryStore>) -> save::Saved {
    let file = session
        .store
        .save_files()
        .find(|f| f.starts_with("autosave"))
        .expect("an autosave")
        .to_owned();
    let text = session.store.save_text(&file).expect("saved");
    save::parse(&file, text).expect("the autosave loads")
}

/// A forecast of the campaign in play, finished at once (no rollouts are needed to stand
/// for one that has run).
fn finish_forecast(app: &mut App) {
    let outlook = arenas::forecast::Outlook::from_totals(&arenas::totals::Totals::default(), 0);
    app.update(Msg::ForecastProgress {
        outlook: Box::new(outlook),
        finished: true,
    });
}

mod classroom;
mod navigation;
