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

fn status_of(app: &App) -> String {
    app.status
        .as_ref()
        .map_or_else(String::new, |s| s.text.clone())
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

#[test]
fn a_limited_forecast_stops_at_its_limit_and_a_reload_keeps_the_count() {
    let limited = ClassSettings {
        forecast: Some(ForecastMode::Limited),
        forecast_limit: Some(2),
        predict: None,
    };
    let mut session = class_session(limited, SEED);
    let used = |s: &Runner<MemoryStore>| s.app.play().map(|p| p.classwork.forecasts_used);

    // The first forecast is of the plan as given, and is counted and saved at once.
    let fx = press(&mut session, "f");
    let asked = forecasts(&fx);
    assert_eq!(asked.len(), 1, "{:?}", kinds(&fx));
    assert_eq!(asked[0].follow_up, FollowUp::RepeatPlan);
    assert_eq!(writes(&fx).len(), 1, "the count is saved: {:?}", kinds(&fx));
    assert_eq!(used(&session), Some(1));
    assert_eq!(autosaved(&session).classwork.forecasts_used, 1);
    // No other follow-up: p asks for nothing.
    assert!(!session.app.allows(arenas::tui::keys::Action::Policy));
    assert!(forecasts(&press(&mut session, "p")).is_empty());
    assert_eq!(
        session.app.forecast.as_ref().map(|f| f.follow_up),
        Some(FollowUp::RepeatPlan)
    );

    // Another plan is a second forecast, compared with nothing.
    press(&mut session, "\x1b\n");
    let fx = press(&mut session, "f");
    assert_eq!(forecasts(&fx).len(), 1, "{:?}", kinds(&fx));
    assert_eq!(used(&session), Some(2));
    assert!(
        session.app.previous.is_none(),
        "a limited forecast compares nothing"
    );
    // The same plan again shows the same forecast, uncounted.
    press(&mut session, "\x1b");
    assert!(forecasts(&press(&mut session, "f")).is_empty());
    assert_eq!(session.app.overlay, Some(Overlay::Forecast));
    assert_eq!(used(&session), Some(2));

    // A third plan finds none left.
    press(&mut session, "\x1b\n");
    let fx = press(&mut session, "f");
    assert!(fx.is_empty(), "{:?}", kinds(&fx));
    assert_eq!(session.app.overlay, None);
    assert_eq!(
        status(&session),
        "No forecasts left: this class allows 2 per campaign."
    );
    assert!(!session.app.allows(arenas::tui::keys::Action::Forecast));
    // A week later and a turn taken back, still none.
    press(&mut session, "cu");
    assert!(forecasts(&press(&mut session, "f")).is_empty());

    // The save keeps the settings and the count: resumed without the class's settings, the
    // campaign has no forecast left.
    press(&mut session, "c");
    let saved = autosaved(&session);
    assert_eq!(saved.classwork.settings, limited);
    assert_eq!(saved.classwork.forecasts_used, 2);
    let mut app = App::resuming(Theme::MONO, "memory".into(), saved);
    assert!(app.update(key('f')).is_empty());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("No forecasts left"))
    );
    // The class's settings win over the save's: a higher limit gives one more.
    let mut app = App::resuming(Theme::MONO, "memory".into(), autosaved(&session)).with_class(
        ClassSettings {
            forecast_limit: Some(3),
            ..limited
        },
    );
    assert_eq!(forecasts(&app.update(key('f'))).len(), 1);
}

#[test]
fn with_the_forecast_off_nothing_shows_until_the_debrief_which_says_what_it_would_have() {
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .forecast = ForecastMode::Off;
    let mut app = App::playing(Theme::MONO, "memory".into(), loaded, SEED);
    // f shows nothing, and says why.
    assert!(app.update(key('f')).is_empty());
    assert_eq!(app.overlay, None);
    assert!(!app.allows(arenas::tui::keys::Action::Forecast));
    assert_eq!(
        status_of(&app),
        "The forecast is off in this class; the debrief shows what it would have said each \
         week."
    );
    // Played to the end: no forecast runs until the campaign is over.
    let mut asked = Vec::new();
    while matches!(app.screen, Screen::Campaign(_)) {
        let fx = app.update(key('c'));
        asked = forecasts(&fx).into_iter().cloned().collect();
        if matches!(app.screen, Screen::Campaign(_)) {
            assert!(asked.is_empty(), "a forecast ran during the campaign");
        }
    }
    let game = app.play().expect("play").game.clone();
    let weeks = game.turns.len();
    // The debrief asks for each week's forecast in turn, in the background: the forecast the
    // player would have seen of that week's orders.
    let mut said = 0;
    while let Some(request) = asked.pop() {
        assert!(app.busy(), "the screen follows the work");
        let week = usize::from(request.state.turn);
        assert_eq!(week, said + 1);
        assert_eq!(&request.state, game.states().nth(week - 1).expect("state"));
        assert_eq!(request.orders, game.turns[week - 1].orders);
        assert_eq!(request.follow_up, FollowUp::RepeatPlan);
        assert_eq!(request.rollouts, FORECAST_ROLLOUTS);
        assert_eq!(
            request.seed,
            arenas::forecast::seed_for(SEED, request.state.turn)
        );
        // A runner with fewer rollouts stands in for the real one.
        let mut small = request.clone();
        small.rollouts = 256;
        let two = std::num::NonZeroUsize::new(2).expect("two");
        let totals = arenas::forecast::Forecast::start(small, two)
            .expect("a forecast")
            .wait();
        let outlook = arenas::forecast::Outlook::from_totals(&totals, totals.runs);
        let fx = app.update(Msg::ForecastProgress {
            outlook: Box::new(outlook),
            finished: true,
        });
        said += 1;
        asked = forecasts(&fx).into_iter().cloned().collect();
        assert!(asked.len() <= 1, "{:?}", kinds(&fx));
    }
    assert_eq!(said, weeks);
    assert!(!app.busy());
    let Screen::Debrief { debrief, .. } = &app.screen else {
        panic!("no debrief")
    };
    let hindsight = debrief
        .hindsight
        .as_ref()
        .expect("the forecasts it would have shown");
    assert_eq!(hindsight.said.len(), weeks);
    for week in 1..=weeks as u16 {
        let notes = debrief.week_notes(week);
        assert!(
            notes.iter().any(|(label, text)| *label == "Odds"
                && text.starts_with("the forecast would have given ")
                && text.contains('%')),
            "week {week}: {notes:?}"
        );
    }
    // Leaving the debrief while it works stops the work.
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .allow_forecast = false;
    let mut app = App::playing(Theme::MONO, "memory".into(), loaded, SEED);
    let mut fx = Vec::new();
    while matches!(app.screen, Screen::Campaign(_)) {
        fx = app.update(key('c'));
    }
    assert_eq!(
        forecasts(&fx).len(),
        1,
        "allow_forecast = false is the forecast off"
    );
    let fx = app.update(key('u'));
    assert!(
        matches!(fx.as_slice(), [Effect::CancelForecast]),
        "{:?}",
        kinds(&fx)
    );
    assert!(!app.busy());
}

#[test]
fn predictions_are_asked_before_each_commit_saved_and_scored() {
    let predict = ClassSettings {
        predict: Some(true),
        ..ClassSettings::default()
    };
    let mut session = class_session(predict, SEED);
    let turns = |s: &Runner<MemoryStore>| s.app.play().map_or(0, |p| p.game.turns.len());

    // c asks the week's question first; Esc goes back to the orders, uncommitted.
    assert!(press(&mut session, "c").is_empty());
    let play = session.app.play().expect("play");
    let expected = Question::choose(&play.game.scenario, SEED, play.game.state());
    assert_eq!(
        session.app.overlay,
        Some(Overlay::Predict { question: expected })
    );
    press(&mut session, "\x1b");
    assert_eq!((session.app.overlay, turns(&session)), (None, 0));

    // y or n answers and commits; the status says whether the answer came true.
    let mut answers = Vec::new();
    while matches!(session.app.screen, Screen::Campaign(_)) {
        let answer = answers.len() % 3 != 1;
        let play = session.app.play().expect("play");
        let question = Question::choose(&play.game.scenario, SEED, play.game.state());
        press(&mut session, "c");
        assert_eq!(session.app.overlay, Some(Overlay::Predict { question }));
        let fx = press(&mut session, if answer { "y" } else { "n" });
        assert_eq!(
            writes(&fx).len(),
            1,
            "the commit autosaves: {:?}",
            kinds(&fx)
        );
        answers.push(Prediction {
            turn: answers.len() as u16 + 1,
            question,
            answer,
        });
        assert_eq!(turns(&session), answers.len());
        assert!(
            status(&session).contains(" Your prediction "),
            "{}",
            status(&session)
        );
    }

    // The save holds every answer; each is scored against what its week brought.
    let saved = autosaved(&session);
    assert_eq!(saved.classwork.predictions, answers);
    assert_eq!(saved.classwork.settings, predict);
    let game = &saved.game;
    let scored = saved.classwork.scored(game);
    let states: Vec<_> = game.states().collect();
    let mut right = 0;
    for ((p, came_true), i) in scored.iter().zip(0..) {
        let happened = p
            .question
            .happened(&game.scenario, states[i], states[i + 1]);
        assert_eq!(*came_true, happened == p.answer, "week {}", p.turn);
        right += usize::from(*came_true);
    }
    assert_eq!(scored.len(), answers.len());

    // The debrief and the class summary say how often the answers came true, week by week.
    let Screen::Debrief { debrief, .. } = &session.app.screen else {
        panic!("no debrief")
    };
    let summary = format!(
        "{right} of {} predictions came true ({:.0}%).",
        answers.len(),
        100.0 * right as f64 / answers.len() as f64
    );
    assert_eq!(debrief.predictions_summary(), Some(summary.clone()));
    assert_eq!(debrief.predictions.len(), answers.len());
    assert!(
        debrief.week_notes(1)[0]
            .1
            .contains(&expected.text(game.scenario.calendar.unit()))
    );
    let markdown = debrief.to_markdown();
    assert!(markdown.contains("## Predictions"), "{markdown}");
    assert!(markdown.contains(&summary), "{markdown}");
    let class = arenas::class_summary::ClassSummary::of(&[("a.toml".into(), saved.clone())]);
    let row = &class.rows[0];
    let weekly: Vec<(u16, bool)> = scored.iter().map(|(p, r)| (p.turn, *r)).collect();
    assert_eq!(row.predictions, weekly);
    let csv = class.to_csv().expect("csv");
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.contains(",predictions,predictions_true,"))
    );
    let md = class.to_markdown();
    assert!(md.contains("### Predictions by week"), "{md}");

    // Taking the last week back drops its answer.
    press(&mut session, "u");
    let play = session.app.play().expect("play");
    assert_eq!(play.classwork.predictions, answers[..answers.len() - 1]);
}

#[test]
fn a_save_with_an_answer_for_a_week_not_played_is_refused() {
    let mut session = class_session(
        ClassSettings {
            predict: Some(true),
            ..ClassSettings::default()
        },
        SEED,
    );
    press(&mut session, "cy");
    let file = session
        .store
        .save_files()
        .next()
        .expect("an autosave")
        .to_owned();
    let text = session.store.save_text(&file).expect("saved").to_owned();
    assert!(text.contains("[[prediction]]\nturn = 1\n"), "{text}");
    let edited = text.replace("[[prediction]]\nturn = 1\n", "[[prediction]]\nturn = 2\n");
    let err = save::parse_with(&file, &edited, save::Trust::AllowEdited)
        .expect_err("an answer for week 2 before week 2 was played");
    assert!(
        err.to_string()
            .contains("a prediction for turn 2 does not fit"),
        "{err}"
    );
}

#[test]
fn a_limited_forecast_that_could_not_start_is_not_counted() {
    let mut app = campaign(3).with_class(ClassSettings {
        forecast: Some(ForecastMode::Limited),
        forecast_limit: Some(1),
        predict: None,
    });
    let fx = app.update(key('f'));
    assert_eq!(forecasts(&fx).len(), 1);
    let fx = app.update(Msg::ForecastFailed("the server is busy".into()));
    assert_eq!(kinds(&fx), ["write save"], "the count is saved again");
    assert_eq!(app.play().map(|p| p.classwork.forecasts_used), Some(0));
    assert_eq!(status_of(&app), "No forecast: the server is busy.");
    assert_eq!(
        forecasts(&app.update(key('f'))).len(),
        1,
        "one is still left"
    );
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

#[test]
fn a_new_or_loaded_campaign_compares_its_first_forecast_with_nothing() {
    let store = MemoryStore::new();
    let mut app = App::new(Theme::MONO, store.location()).with_id_seed(1);
    app.seed = Some(SEED);
    let mut session = Runner::new(app, store);
    press(&mut session, "\n\n");
    // Two plans forecast in week 1: the second is compared with the first.
    let fx = session.app.update(key('f'));
    assert!(
        matches!(fx.as_slice(), [Effect::StartForecast(_)]),
        "{fx:?}"
    );
    finish_forecast(&mut session.app);
    session.app.update(key('\x1b'));
    session.app.update(key('\n'));
    session.app.update(key('f'));
    finish_forecast(&mut session.app);
    assert!(session.app.previous.is_some(), "a second plan is compared");
    session.app.update(key('\x1b'));
    press(&mut session, "s\n");
    // The campaign played out; from the debrief's menu a new campaign begins in week 1.
    while matches!(session.app.screen, Screen::Campaign(_)) {
        press(&mut session, "c");
    }
    press(&mut session, "\x1b\n\n");
    assert_eq!(session.app.play().map(|p| p.game.turns.len()), Some(0));
    assert!(session.app.forecast.is_none() && session.app.previous.is_none());
    let fx = session.app.update(key('f'));
    assert!(
        matches!(fx.as_slice(), [Effect::StartForecast(_)]),
        "a forecast of its own is asked for: {fx:?}"
    );
    finish_forecast(&mut session.app);
    assert!(session.app.previous.is_none(), "nothing to compare with");
    session.app.update(key('\x1b'));

    // Another plan in the new campaign, then a save loaded: its first forecast is alone too.
    session.app.update(key('\n'));
    session.app.update(key('f'));
    finish_forecast(&mut session.app);
    assert!(session.app.previous.is_some());
    session.app.update(key('\x1b'));
    let loaded = session.store.list_saves();
    let entry = loaded
        .iter()
        .find(|e| e.name.starts_with("gaza-2023 seed"))
        .expect("the save of week 1")
        .clone();
    session.app.screen = Screen::Load {
        entries: vec![entry],
        selected: 0,
    };
    press(&mut session, "\n");
    assert_eq!(session.app.play().map(|p| p.game.turns.len()), Some(0));
    assert!(session.app.forecast.is_none() && session.app.previous.is_none());
    session.app.update(key('f'));
    finish_forecast(&mut session.app);
    assert!(session.app.previous.is_none(), "nothing to compare with");
}
