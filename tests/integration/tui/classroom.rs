//! A class's settings on screen: what the forecast tells, its limit, the questions before a commit.

use super::*;

#[test]
fn the_header_says_how_much_the_forecast_tells() {
    use arenas::engine::ForecastMode;
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(ForecastMode::Limited),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "f\x1bc");
    snapshot_both("forecast_limited", &mut app);
    // Full, the default, says nothing; off says so.
    let mut app = game(3);
    assert!(!screen(&mut app, (80, 24)).contains("Forecast"));
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(ForecastMode::Off),
            ..Default::default()
        },
        3,
    );
    let header = |app: &mut Harness, size| screen(app, size).lines().next().map(str::to_owned);
    assert!(header(&mut app, (80, 24)).is_some_and(|h| h.contains("│ Forecast off ")));
    assert!(
        header(&mut app, (160, 48)).is_some_and(|h| h.contains("│ Forecast off until the debrief"))
    );
}

#[test]
fn the_question_before_a_commit() {
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            predict: Some(true),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "cy");
    press(&mut app, "c");
    assert!(matches!(app.overlay, Some(Overlay::Predict { .. })));
    snapshot_both("predict_question", &mut app);
}

#[test]
fn the_debrief_scores_the_predictions_and_says_what_the_forecast_would_have() {
    use arenas::tui::app::{Effect, Msg};
    use arenas::tui::input::{Input, Key, KeyCode};
    let settings = arenas::classwork::ClassSettings {
        forecast: Some(arenas::engine::ForecastMode::Off),
        predict: Some(true),
        ..Default::default()
    };
    let mut app = App::playing(
        Theme::COLOUR,
        "saves".into(),
        arenas::scenario::default_scenario(),
        3,
    )
    .with_class(settings);
    let key = |c: char| Msg::Input(Input::Key(Key::from(KeyCode::Char(c))));
    let asked = |fx: Vec<Effect>| {
        fx.into_iter().find_map(|e| match e {
            Effect::StartForecast(r) => Some(*r),
            _ => None,
        })
    };
    let mut next = None;
    for answer in "yny".chars().cycle() {
        if !matches!(app.screen, Screen::Campaign(_)) {
            break;
        }
        app.update(key('c'));
        next = asked(app.update(key(answer)));
    }
    // The forecasts it would have shown, worked out with fewer rollouts than the game's.
    while let Some(mut request) = next.take() {
        request.rollouts = 256;
        let two = std::num::NonZeroUsize::new(2).expect("two");
        let totals = arenas::forecast::Forecast::start(request, two)
            .expect("a forecast")
            .wait();
        let outlook = arenas::forecast::Outlook::from_totals(&totals, totals.runs);
        next = asked(app.update(Msg::ForecastProgress {
            outlook: Box::new(outlook),
            finished: true,
        }));
    }
    snapshot_both("debrief_predictions_outcome", &mut app);
    app.update(key('l'));
    app.update(key('l'));
    snapshot_both("debrief_predictions_weeks", &mut app);
}

#[test]
fn a_limited_forecast_shows_the_plan_as_given_and_the_count() {
    let mut app = class_game(
        arenas::classwork::ClassSettings {
            forecast: Some(arenas::engine::ForecastMode::Limited),
            ..Default::default()
        },
        3,
    );
    press(&mut app, "f");
    app.finish_forecast();
    let shown = screen(&mut app, (80, 24));
    assert!(
        shown.contains("Forecast 1 of the 3 this class allows"),
        "{shown}"
    );
    assert!(
        !shown.contains("p changes it") && !shown.contains("next follow-up"),
        "{shown}"
    );
}
