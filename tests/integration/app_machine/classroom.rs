//! A class's settings through update: the limited or hidden forecast, predictions and their saves.

use super::*;

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
