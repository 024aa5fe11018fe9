//! The forecast panel: the odds and how they moved, a forecast switched off, a shared pool.

use super::*;

#[test]
fn the_forecast_shows_the_odds_of_every_outcome_and_how_they_moved() {
    let mut app = game(5);
    app.0.executor = Executor::Threads(std::num::NonZeroUsize::new(2).expect("two"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, Some(Overlay::Forecast));
    assert!(app.forecast.as_ref().expect("running").running);
    // Wait for the workers deterministically: the handle says when every rollout is in.
    app.finish_forecast();
    let text = screen(&mut app, (160, 48));
    for o in Outcome::ALL {
        assert!(text.contains(o.name()), "{} missing:\n{text}", o.name());
    }
    assert!(text.contains("10,000 of 10,000 rollouts"), "{text}");
    snapshot_both("forecast_repeat_plan", &mut app);

    // Another plan: the overlay compares its odds with the first one's.
    press(&mut app, "\x1b");
    press(&mut app, "k\nf");
    app.finish_forecast();
    assert!(app.previous.is_some());
    let text = screen(&mut app, (160, 48));
    assert!(
        text.contains("against the previous plan") && text.contains(" pts"),
        "{text}"
    );

    // The follow-up policy cycles and restarts the forecast.
    press(&mut app, "p");
    assert_eq!(
        app.forecast.as_ref().map(|f| f.follow_up),
        Some(arenas::forecast::FollowUp::Restraint)
    );
    press(&mut app, "\x1b");
    assert_eq!(app.overlay, None);
}

#[test]
fn the_forecast_can_be_switched_off_by_the_scenario() {
    let mut loaded = arenas::scenario::default_scenario();
    std::sync::Arc::make_mut(&mut loaded.scenario)
        .classroom
        .allow_forecast = false;
    let mut app = playing(Theme::COLOUR, scratch(), loaded, 3);
    press(&mut app, "f");
    assert_eq!(app.overlay, None);
    assert!(app.forecast.is_none());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text.contains("The forecast is off in this class")),
        "{:?}",
        app.status
    );
}

#[test]
fn forecasts_run_on_a_shared_pool_and_a_full_pool_says_so() {
    let two = std::num::NonZeroUsize::new(2).expect("two");
    let mut app = game(5);
    app.0.executor = Executor::Pool(Pool::new(two, 1).expect("pool threads"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, Some(Overlay::Forecast));
    app.finish_forecast();
    let text = screen(&mut app, (160, 48));
    assert!(text.contains("10,000 of 10,000 rollouts"), "{text}");

    // A pool with no room (as when other students' forecasts fill it) refuses in words.
    let mut app = game(5);
    app.0.executor = Executor::Pool(Pool::new(two, 0).expect("pool threads"));
    press(&mut app, "jj\n\n");
    press(&mut app, "f");
    assert_eq!(app.overlay, None);
    assert!(app.forecast.is_none());
    let said = "No forecast: the server is busy with other forecasts; try again in a moment.";
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.warning && s.text == said),
        "{:?}",
        app.status
    );
    assert!(screen(&mut app, (160, 48)).contains(said));
}
